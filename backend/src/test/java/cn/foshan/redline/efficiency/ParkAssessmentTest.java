package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The park assessment's two readings of 工业集中度 on a hand-made city, on PostGIS.
 *
 * <p>Two districts side by side at 23°N: A (440604, 113.00–113.10°E) and B (440605,
 * 113.10–113.20°E). Cluster K spans both (113.05–113.15°E), cluster L lies in B (113.16–113.195°E).
 * Every piece of land is one or two squares of 0.008° × 0.008° on the same band of latitude
 * (23.000–23.008°N), at different longitudes: a shift in longitude maps the ellipsoid onto itself,
 * so every square has the same ellipsoidal area u (whatever u is) and the land ratios below are
 * exact.
 *
 * <pre>
 * square at °E  what                               district cluster red line figures (output)
 * 113.010       parcel PA3, an old scattered plot  A        —       no       EA3 200
 * 113.020       village park VA, first square      A        —       no
 * 113.060       parcel PA1                         A        K       R1       EA1 600, exports 120
 * 113.070       village park VA, second square     A        K       no
 * 113.080       parcel PA2                         A        K       no       EA2 200
 * 113.110       parcel PB1                         B        K       no       EB1 300, exports 30
 * 113.130       parcel PB3 (nobody reports)        B        K       no
 * 113.170       parcel PB2                         B        L       no       EB2 100
 * 113.180       village park VB                    B        L       R2
 * </pre>
 *
 * Output reading. A: 1000 in all, 800 in K → 0.8; B: 400, all in clusters (K 300, L 100) → 1.0;
 * city 1200 / 1400 = 6/7. K has 1100: before, divided by the output of the district holding most of
 * its reporting land (A, 1000), it was 110 %; now by the output of the districts it spans, 1100 /
 * 1400 = 11/14, with parts A 800 / 1000 = 0.8 and B 300 / 400 = 0.75. L: 100 / 400 = 0.25; B's
 * parks add up to 0.75 + 0.25 = 1, never more.
 *
 * <p>Land reading (in u). A: 5 (PA1, PA2, PA3, VA's two squares), in clusters 3 (PA1, PA2, VA's
 * second) → 0.6, in the red line 1 (PA1) → 0.2. B: 4 (PB1, PB2, PB3, VB), all in clusters → 1.0, in
 * the red line 1 (VB) → 0.25. City 7/9 and 2/9. K: 5 of the 9 of A and B → 5/9, parts A 3/5 and B
 * 2/4, of its land in the red line 1/5. L: 2 of B's 4 → 0.5, red line 1/2.
 *
 * <p>Sales revenue is 1.1 × output (K: 1210), tax output / 10 (K: 110); export earnings are
 * reported by EA1 and EB1 only (K: 150; L: none reported, null).
 */
class ParkAssessmentTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("park_assessment");
  private static final int YEAR = 2024;
  private static final double SIDE = 0.008;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @Autowired private UserAccounts accounts;

  private final Map<String, Long> parcels = new HashMap<>();
  private long k;
  private long l;

  @BeforeEach
  void city() {
    jdbc.sql(
            "TRUNCATE grading_model, enterprise_grade, parcel_grade, enterprise_efficiency,"
                + " parcel_efficiency, unit_efficiency, parcel_breach, cluster_district_efficiency"
                + " RESTART IDENTITY CASCADE")
        .update();
    jdbc.sql("TRUNCATE district, change_set RESTART IDENTITY CASCADE").update();
    jdbc.sql(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'hand-made city', 'COMMITTED', now())")
        .update();
    district("440604", "禅城区", 113.0);
    district("440605", "南海区", 113.1);
    accounts.create(jdbc, "bureau", "Bureau", "bureau-2026", Role.BUREAU, null);
    accounts.create(jdbc, "planner", "Planner", "planner-2026", Role.PLANNER, null);
    k = cluster("K", "跨区集聚区", 113.05, 113.15);
    l = cluster("L", "南海集聚区", 113.16, 113.195);
    redLine("R1", "440604", k, 113.055, 113.069);
    redLine("R2", "440605", l, 113.179, 113.195);
    parcel("PA3", "440604", null, 113.01);
    parcel("PA1", "440604", k, 113.06);
    parcel("PA2", "440604", k, 113.08);
    parcel("PB1", "440605", k, 113.11);
    parcel("PB3", "440605", k, 113.13);
    parcel("PB2", "440605", l, 113.17);
    villagePark("VA", "440604", 113.02, 113.07);
    villagePark("VB", "440605", 113.18, null);
    enterprise("EA1", "PA1", 600, 120.0);
    enterprise("EA2", "PA2", 200, null);
    enterprise("EA3", "PA3", 200, null);
    enterprise("EB1", "PB1", 300, 30.0);
    enterprise("EB2", "PB2", 100, null);
  }

  private void district(String code, String name, double x) {
    jdbc.sql(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                + " (:code, :name, :code, 1, ST_Multi(ST_MakeEnvelope(:x, 22.95, :x + 0.1, 23.1, 4490)))")
        .param("code", code)
        .param("name", name)
        .param("x", x)
        .update();
  }

  private long cluster(String code, String name, double x0, double x1) {
    return jdbc.sql(
            "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                + " (:code, :name, :code, ST_Multi(ST_MakeEnvelope(:x0, 22.99, :x1, 23.05, 4490)), 1)"
                + " RETURNING id")
        .param("code", code)
        .param("name", name)
        .param("x0", x0)
        .param("x1", x1)
        .query(Long.class)
        .single();
  }

  private void redLine(String code, String district, long cluster, double x0, double x1) {
    jdbc.sql(
            "INSERT INTO red_line (code, district_code, cluster_id, designated_on, geom, change_set_id)"
                + " VALUES (:code, :d, :c, '2022-09-30',"
                + " ST_Multi(ST_MakeEnvelope(:x0, 22.995, :x1, 23.02, 4490)), 1)")
        .param("code", code)
        .param("d", district)
        .param("c", cluster)
        .param("x0", x0)
        .param("x1", x1)
        .update();
  }

  private static String square(double x) {
    return String.format(
        "POLYGON((%1$.3f 23, %2$.3f 23, %2$.3f %3$.3f, %1$.3f %3$.3f, %1$.3f 23))",
        x, x + SIDE, 23 + SIDE);
  }

  private void parcel(String code, String district, Long cluster, double x) {
    long id =
        jdbc.sql(
                "INSERT INTO parcel (code, district_code, cluster_id, land_use, grant_type,"
                    + " granted_on, works_started_on, completed_on, production_started_on, geom,"
                    + " change_set_id) VALUES (:code, :d, :c, '0601', 'GRANT', '2010-01-01',"
                    + " '2010-06-01', '2011-06-01', '2011-09-01',"
                    + " ST_Multi(ST_GeomFromText(:wkt, 4490)), 1) RETURNING id")
            .param("code", code)
            .param("d", district)
            .param("c", cluster)
            .param("wkt", square(x))
            .query(Long.class)
            .single();
    parcels.put(code, id);
  }

  private void villagePark(String code, String district, double x0, Double x1) {
    // "POLYGON((…))" less its first 7 characters is the polygon's body "((…))"
    String wkt =
        x1 == null
            ? "MULTIPOLYGON(" + square(x0).substring(7) + ")"
            : "MULTIPOLYGON(" + square(x0).substring(7) + ", " + square(x1).substring(7) + ")";
    jdbc.sql(
            "INSERT INTO village_park (code, name, district_code, owner_village, geom, change_set_id)"
                + " VALUES (:code, :code, :d, '测试村', ST_GeomFromText(:wkt, 4490), 1)")
        .param("code", code)
        .param("d", district)
        .param("wkt", wkt)
        .update();
  }

  /** One enterprise on one parcel: tax output / 10, revenue 1.1 × output, exports as given. */
  private void enterprise(String name, String parcel, double output, Double exports) {
    long id =
        jdbc.sql(
                "INSERT INTO enterprise (credit_code, name, industry_code, district_code, founded_on)"
                    + " VALUES (:cc, :name, '38', '440604', '2009-01-01') RETURNING id")
            .param("cc", "91440600PARK000" + name)
            .param("name", "测试企业 " + name)
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                + " VALUES (:p, :e, 1, '2010-01-01')")
        .param("p", parcels.get(parcel))
        .param("e", id)
        .update();
    jdbc.sql(
            "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny, energy_tce,"
                + " emissions_t, employees, rd_expense_10k_cny, export_10k_cny)"
                + " VALUES (:e, :y, :o / 10, :o, :o * 0.3, :o * 1.1, :o * 2, 1, 1, 10, 1, :x)")
        .param("e", id)
        .param("y", YEAR)
        .param("o", output)
        .param("x", exports)
        .update();
  }

  private JsonNode send(int status, String method, String path, String user) throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send(method, path, user, null);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return ServiceClient.json(response.body());
  }

  private static JsonNode part(JsonNode park, String district) {
    for (JsonNode p : park.get("districts")) {
      if (p.get("district").asText().equals(district)) {
        return p;
      }
    }
    throw new AssertionError("no part in " + district + " in " + park);
  }

  private static JsonNode area(JsonNode areas, String district) {
    for (JsonNode a : areas.get("areas")) {
      if (a.get("district").isNull()
          ? district == null
          : a.get("district").asText().equals(district)) {
        return a;
      }
    }
    throw new AssertionError("no area " + district + " in " + areas);
  }

  @Test
  void aParkAcrossTwoDistrictsSplitsItsOutputAndLandAndNoDistrictExceedsAllOfIt() throws Exception {
    send(200, "POST", "/api/efficiency/recompute?year=" + YEAR, "bureau");
    double u =
        jdbc.sql("SELECT area_m2 / (10000.0 / 15) FROM parcel WHERE code = 'PA1'")
            .query(Double.class)
            .single();
    // every square has the same ellipsoidal area (a shift in longitude changes nothing)
    assertThat(
            jdbc.sql("SELECT max(area_m2) / min(area_m2) FROM parcel").query(Double.class).single())
        .isCloseTo(1, within(1e-10));

    JsonNode kPark =
        send(200, "GET", "/api/efficiency/parks?year=" + YEAR + "&cluster=" + k, "planner")
            .at("/parks/0");
    assertThat(kPark.get("output").asDouble()).isCloseTo(1100, within(1e-6));
    assertThat(kPark.get("industrialConcentration").asDouble()).isCloseTo(11.0 / 14, within(1e-12));
    assertThat(kPark.get("landConcentration").asDouble()).isCloseTo(5.0 / 9, within(1e-9));
    assertThat(kPark.get("landMu").asDouble()).isCloseTo(5 * u, within(1e-6));
    assertThat(kPark.get("redLineShare").asDouble()).isCloseTo(1.0 / 5, within(1e-9));
    assertThat(kPark.get("revenue").asDouble()).isCloseTo(1210, within(1e-6));
    assertThat(kPark.get("tax").asDouble()).isCloseTo(110, within(1e-6));
    assertThat(kPark.get("exports").asDouble()).isCloseTo(150, within(1e-6));
    assertThat(kPark.get("districts")).hasSize(2);
    JsonNode kA = part(kPark, "440604");
    assertThat(kA.get("output").asDouble()).isCloseTo(800, within(1e-6));
    assertThat(kA.get("industrialConcentration").asDouble()).isCloseTo(0.8, within(1e-12));
    assertThat(kA.get("landConcentration").asDouble()).isCloseTo(3.0 / 5, within(1e-9));
    assertThat(kA.get("landMu").asDouble()).isCloseTo(3 * u, within(1e-6));
    JsonNode kB = part(kPark, "440605");
    assertThat(kB.get("industrialConcentration").asDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(kB.get("landConcentration").asDouble()).isCloseTo(2.0 / 4, within(1e-9));

    JsonNode lPark =
        send(200, "GET", "/api/efficiency/parks?year=" + YEAR + "&cluster=" + l, "planner")
            .at("/parks/0");
    assertThat(lPark.get("industrialConcentration").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(lPark.get("landConcentration").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(lPark.get("redLineShare").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(lPark.get("exports").isNull()).isTrue();

    // a district's parks together: never more than all of it
    double bParks =
        kB.get("industrialConcentration").asDouble()
            + part(lPark, "440605").get("industrialConcentration").asDouble();
    assertThat(bParks).isCloseTo(1, within(1e-12));
    JsonNode all = send(200, "GET", "/api/efficiency/parks?year=" + YEAR, "planner");
    for (JsonNode p : all.get("parks")) {
      assertThat(p.get("industrialConcentration").asDouble()).isLessThanOrEqualTo(1);
    }

    JsonNode areas = send(200, "GET", "/api/efficiency/concentration?year=" + YEAR, "planner");
    JsonNode a = area(areas, "440604");
    assertThat(a.get("industrialConcentration").asDouble()).isCloseTo(0.8, within(1e-12));
    assertThat(a.get("landConcentration").asDouble()).isCloseTo(0.6, within(1e-9));
    assertThat(a.get("redLineConcentration").asDouble()).isCloseTo(0.2, within(1e-9));
    assertThat(a.get("landMu").asDouble()).isCloseTo(5 * u, within(1e-6));
    assertThat(a.get("villageParkMu").asDouble()).isCloseTo(2 * u, within(1e-6));
    JsonNode b = area(areas, "440605");
    assertThat(b.get("industrialConcentration").asDouble()).isCloseTo(1, within(1e-12));
    assertThat(b.get("landConcentration").asDouble()).isCloseTo(1, within(1e-9));
    assertThat(b.get("redLineConcentration").asDouble()).isCloseTo(0.25, within(1e-9));
    JsonNode city = area(areas, null);
    assertThat(city.get("name").asText()).isEqualTo("佛山市");
    assertThat(city.get("industrialConcentration").asDouble()).isCloseTo(6.0 / 7, within(1e-12));
    assertThat(city.get("landConcentration").asDouble()).isCloseTo(7.0 / 9, within(1e-9));
    assertThat(city.get("redLineConcentration").asDouble()).isCloseTo(2.0 / 9, within(1e-9));
    assertThat(send(200, "GET", "/api/efficiency/concentration?years=all", "planner").get("areas"))
        .hasSize(3);
    send(400, "GET", "/api/efficiency/concentration?years=some", "planner");
  }
}
