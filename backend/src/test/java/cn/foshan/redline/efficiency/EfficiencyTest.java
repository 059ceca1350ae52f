package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.TwoDistrictCity;
import cn.foshan.redline.io.IoTest;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Per-mu efficiency on a hand-made city: two districts, two clusters, six square parcels of known
 * (ellipsoidal) area, an enterprise on two parcels, a parcel shared by two enterprises, a parcel
 * partly vacant, a utility, a young firm, an idle parcel and a producing parcel without figures.
 * Expected values are worked out by hand from the allocation rule (enterprise figures to parcels by
 * mu × floor-area share) and ratios of sums.
 */
class EfficiencyTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("efficiency");
  private static final double MU = 10000.0 / 15;
  private static final int YEAR = 2024;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
    registry.add("redline.io.max-unzipped", () -> "8MB");
    registry.add("redline.io.max-zip-entries", () -> "20");
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @Autowired private UserAccounts accounts;

  private final Map<String, Long> parcels = new HashMap<>();
  private final Map<String, Long> enterprises = new HashMap<>();
  private long c1;
  private long c2;

  @BeforeEach
  void city() throws Exception {
    jdbc.sql(
            "TRUNCATE grading_model, enterprise_grade, parcel_grade, enterprise_efficiency,"
                + " parcel_efficiency, unit_efficiency, parcel_breach, indicator_import"
                + " RESTART IDENTITY CASCADE")
        .update();
    // the two districts (禅城 from 112.0°E, 南海 from 112.5°E) and the change set every row refers to
    new TwoDistrictCity(jdbc, "", "").build();
    accounts.create(jdbc, "bureau", "Bureau", "bureau-2026", Role.BUREAU, null);
    accounts.create(jdbc, "planner", "Planner", "planner-2026", Role.PLANNER, null);
    c1 = cluster("C1", "禅城测试集聚区", 112.0);
    c2 = cluster("C2", "南海测试集聚区", 112.5);
    parcel(
        "P1", "440604", c1, 112.01, 0.010, "2022-01-01", "2023-03-01", "2024-01-10", "2024-06-30");
    parcel("P2", "440605", c2, 112.51, 0.012, "2022-01-01", null, null, null);
    parcel(
        "P3", "440604", c1, 112.03, 0.008, "2020-01-01", "2020-06-01", "2021-01-01", "2021-06-01");
    parcel("P4", "440605", c2, 112.53, 0.006, "2022-01-01", null, null, null);
    parcel(
        "P5", "440605", c2, 112.55, 0.005, "2020-01-01", "2020-03-01", "2021-01-01", "2023-01-01");
    parcel(
        "P6", "440605", c2, 112.57, 0.004, "2020-01-01", "2020-03-01", "2021-01-01", "2021-06-01");
    enterprise("E1", "34", "2010-01-01");
    enterprise("E2", "34", "2015-01-01");
    enterprise("E3", "44", "2012-01-01"); // a power plant: section D, not graded
    enterprise("E4", "38", "2023-06-01"); // under two years at the end of 2024: not graded
    enterprise("E5", "38", "2015-01-01"); // in production on P5, but reported nothing for 2024
    link("P1", "E1", 1.0);
    link("P2", "E1", 0.5);
    link("P2", "E2", 0.5);
    link("P3", "E3", 0.6);
    link("P5", "E5", 1.0);
    link("P6", "E4", 1.0);
    figures("E1", 300);
    figures("E2", 100);
    figures("E3", 60);
    figures("E4", 50);
  }

  private long cluster(String code, String name, double x) {
    return jdbc.sql(
            "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                + " (:code, :name, :code, ST_Multi(ST_MakeEnvelope(:x + 0.005, 22.05, :x + 0.2, 22.25, 4490)), 1)"
                + " RETURNING id")
        .param("code", code)
        .param("name", name)
        .param("x", x)
        .query(Long.class)
        .single();
  }

  private void parcel(
      String code,
      String district,
      long cluster,
      double x,
      double side,
      String granted,
      String started,
      String completed,
      String producing) {
    long id =
        jdbc.sql(
                "INSERT INTO parcel (code, district_code, cluster_id, land_use, grant_type, granted_on,"
                    + " works_started_on, completed_on, production_started_on, geom, change_set_id)"
                    + " VALUES (:code, :d, :c, '0601', 'GRANT', CAST(:g AS date), CAST(:s AS date),"
                    + " CAST(:co AS date), CAST(:p AS date),"
                    + " ST_Multi(ST_MakeEnvelope(:x, 22.1, :x + :side, 22.1 + :side, 4490)), 1) RETURNING id")
            .param("code", code)
            .param("d", district)
            .param("c", cluster)
            .param("g", granted)
            .param("s", started)
            .param("co", completed)
            .param("p", producing)
            .param("x", x)
            .param("side", side)
            .query(Long.class)
            .single();
    parcels.put(code, id);
  }

  private void enterprise(String name, String industry, String founded) {
    long id =
        jdbc.sql(
                "INSERT INTO enterprise (credit_code, name, industry_code, district_code, founded_on)"
                    + " VALUES (:cc, :name, :i, '440604', CAST(:f AS date)) RETURNING id")
            .param("cc", "91440600TEST0000" + name)
            .param("name", "测试企业 " + name)
            .param("i", industry)
            .param("f", founded)
            .query(Long.class)
            .single();
    enterprises.put(name, id);
  }

  private void link(String parcel, String enterprise, double share) {
    jdbc.sql(
            "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                + " VALUES (:p, :e, :s, '2020-01-01')")
        .param("p", parcels.get(parcel))
        .param("e", enterprises.get(enterprise))
        .param("s", share)
        .update();
  }

  /** A year's figures derived from the tax: output 10×, value added 3×, 10 employees, … */
  private void figures(String enterprise, double tax) {
    figures(enterprise, tax, YEAR);
  }

  private void figures(String enterprise, double tax, int year) {
    jdbc.sql(
            "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny, energy_tce,"
                + " emissions_t, employees, rd_expense_10k_cny)"
                + " VALUES (:e, :y, :t, :t * 10, :t * 3, :t * 11, :t * 20, :t / 2, 1, 10, :t / 2)")
        .param("e", enterprises.get(enterprise))
        .param("y", year)
        .param("t", tax)
        .update();
  }

  private void agreement(
      String parcel, String startBy, String completeBy, String productionBy, Double taxPerMu) {
    jdbc.sql(
            "INSERT INTO supervision_agreement (parcel_id, contract_number, signed_on, tax_per_mu,"
                + " start_works_by, complete_by, start_production_by, change_set_id) VALUES (:p,"
                + " 'HT-' || :p, '2019-01-01', :t, CAST(:s AS date), CAST(:c AS date), CAST(:pr AS date), 1)")
        .param("p", parcels.get(parcel))
        .param("t", taxPerMu)
        .param("s", startBy)
        .param("c", completeBy)
        .param("pr", productionBy)
        .update();
  }

  private double mu(String parcel) {
    return jdbc.sql("SELECT area_m2 FROM parcel WHERE id = :id")
            .param("id", parcels.get(parcel))
            .query(Double.class)
            .single()
        / MU;
  }

  private JsonNode expect(int status, String method, String path, String user) throws Exception {
    return expect(status, method, path, user, null);
  }

  private JsonNode expect(int status, String method, String path, String user, Object body)
      throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send(method, path, user, body);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  private JsonNode read(String path) throws Exception {
    return expect(200, "GET", path, "planner");
  }

  private void recompute() throws Exception {
    expect(200, "POST", "/api/efficiency/recompute?year=" + YEAR, "bureau");
  }

  private static JsonNode unit(JsonNode units, String code) {
    for (JsonNode u : units.get("units")) {
      if (u.get("code").asText().equals(code)) {
        return u;
      }
    }
    throw new AssertionError("no unit " + code + " in " + units);
  }

  @Test
  void indicatorsAllocateEachEnterpriseOnceAndAggregateAsRatiosOfSums() throws Exception {
    recompute();
    double mu1 = mu("P1");
    double mu2 = mu("P2");
    double mu3 = mu("P3");
    double mu6 = mu("P6");
    double land1 = mu1 + 0.5 * mu2; // E1 holds all of P1 and half of P2
    double toP1 = 300 * mu1 / land1;
    double toP2 = 300 * 0.5 * mu2 / land1 + 100; // E1's share of P2 and all of E2

    JsonNode ps = read("/api/efficiency?level=parcel&year=" + YEAR);
    assertThat(ps.get("total").asLong()).as("parcels granted by the year's end").isEqualTo(6);
    assertThat(unit(ps, "P4").get("taxPerMu").isNull()).as("no holder reported").isTrue();
    assertThat(unit(ps, "P1").get("taxPerMu").asDouble()).isCloseTo(toP1 / mu1, within(1e-3));
    assertThat(unit(ps, "P2").get("taxPerMu").asDouble()).isCloseTo(toP2 / mu2, within(1e-3));
    assertThat(unit(ps, "P2").get("enterprises").asInt()).isEqualTo(2);
    // P3's vacant 40 % of floor area counts against the parcel: its whole area is the denominator
    assertThat(unit(ps, "P3").get("taxPerMu").asDouble()).isCloseTo(60 / mu3, within(1e-3));

    JsonNode es = read("/api/efficiency?level=enterprise&year=" + YEAR);
    assertThat(unit(es, "91440600TEST0000E1").get("taxPerMu").asDouble())
        .isCloseTo(300 / land1, within(1e-9));
    assertThat(unit(es, "91440600TEST0000E1").get("areaMu").asDouble())
        .isCloseTo(land1, within(1e-9));
    assertThat(unit(es, "91440600TEST0000E2").get("taxPerMu").asDouble())
        .isCloseTo(100 / (0.5 * mu2), within(1e-9));
    assertThat(unit(es, "91440600TEST0000E3").get("taxPerMu").asDouble())
        .isCloseTo(60 / (0.6 * mu3), within(1e-9));

    JsonNode ds = read("/api/efficiency?level=district&year=" + YEAR);
    JsonNode chancheng = unit(ds, "440604");
    assertThat(chancheng.get("name").asText()).isEqualTo("禅城区");
    assertThat(chancheng.get("areaMu").asDouble()).isCloseTo(mu1 + mu3, within(1e-9));
    assertThat(chancheng.get("taxPerMu").asDouble())
        .isCloseTo((toP1 + 60) / (mu1 + mu3), within(1e-9));
    assertThat(chancheng.get("enterprises").asInt()).isEqualTo(2);
    assertThat(chancheng.get("parcels").asInt()).isEqualTo(2);
    JsonNode nanhai = unit(ds, "440605");
    // E1 holds land in both districts: each district counts it once, with its share of the figures
    assertThat(nanhai.get("enterprises").asInt()).isEqualTo(3);
    assertThat(nanhai.get("taxPerMu").asDouble())
        .isCloseTo((toP2 + 50) / (mu2 + mu6), within(1e-9));
    // a ratio of sums, not a mean of ratios: value added 3× tax over 10 employees per enterprise
    double employeesChancheng = 10 * mu1 / land1 + 10;
    assertThat(chancheng.get("labourProductivity").asDouble())
        .isCloseTo(3 * (toP1 + 60) / employeesChancheng, within(1e-9));

    JsonNode city = read("/api/efficiency?level=city&year=" + YEAR).get("units").get(0);
    assertThat(city.get("enterprises").asInt()).isEqualTo(4);
    assertThat(city.get("parcels").asInt()).isEqualTo(4);
    assertThat(city.get("taxPerMu").asDouble())
        .isCloseTo(510 / (mu1 + mu2 + mu3 + mu6), within(1e-9));
    assertThat(city.get("valueAddedPerEnergy").asDouble()).isCloseTo(6, within(1e-9));
    assertThat(city.get("rdShare").asDouble()).isCloseTo(0.5 / 11, within(1e-9));

    JsonNode industries = read("/api/efficiency?level=industry&year=" + YEAR);
    assertThat(unit(industries, "34").get("taxPerMu").asDouble())
        .isCloseTo(400 / (mu1 + mu2), within(1e-9));
    assertThat(unit(industries, "34").get("enterprises").asInt()).isEqualTo(2);
    assertThat(unit(industries, "44").get("taxPerMu").asDouble())
        .isCloseTo(60 / (0.6 * mu3), within(1e-9));

    JsonNode clusters = read("/api/efficiency?level=cluster&year=" + YEAR);
    assertThat(unit(clusters, String.valueOf(c1)).get("taxPerMu").asDouble())
        .isCloseTo((toP1 + 60) / (mu1 + mu3), within(1e-9));

    JsonNode trend = read("/api/efficiency/trend?level=district&code=440604&indicator=taxPerMu");
    assertThat(trend.get("points")).hasSize(1);
    assertThat(trend.at("/points/0/value").asDouble())
        .isCloseTo((toP1 + 60) / (mu1 + mu3), within(1e-9));

    JsonNode distribution =
        read("/api/efficiency/distribution?level=parcel&indicator=taxPerMu&bins=4&year=" + YEAR);
    long counted = 0;
    for (JsonNode b : distribution.get("bins")) {
      counted += b.get("count").asLong();
    }
    assertThat(distribution.get("bins")).hasSize(4);
    assertThat(counted).isEqualTo(4);

    JsonNode map = read("/api/efficiency/map?level=district&indicator=taxPerMu&year=" + YEAR);
    assertThat(map.get("features")).hasSize(2);
    assertThat(map.at("/features/0/properties/value").asDouble())
        .isCloseTo((toP1 + 60) / (mu1 + mu3), within(1e-9));
    expect(400, "GET", "/api/efficiency/map?level=parcel&year=" + YEAR, "planner");
    JsonNode parcelMap =
        read("/api/efficiency/map?level=parcel&bbox=112.0,22.0,112.2,22.2&year=" + YEAR);
    assertThat(parcelMap.get("features")).as(parcelMap.toString()).hasSize(2);
  }

  /** Each enterprise's grade of a year as the units endpoint lists it (null: not graded). */
  private Map<String, String> enterpriseGrades(int year) throws Exception {
    Map<String, String> grades = new HashMap<>();
    for (JsonNode u :
        read("/api/efficiency?level=enterprise&limit=1000&year=" + year).get("units")) {
      JsonNode g = u.get("grade");
      grades.put(u.get("code").asText(), g == null || g.isNull() ? null : g.asText());
    }
    return grades;
  }

  @Test
  void gradeChangesCountEachEnterpriseOnceFromOneYearToTheNext() throws Exception {
    // 2023: E2 and E5 lead, E1 trails; 2024 (the city's figures): E1 leads and E5 reports nothing
    figures("E1", 50, YEAR - 1);
    figures("E2", 400, YEAR - 1);
    figures("E3", 60, YEAR - 1);
    figures("E5", 200, YEAR - 1);
    expect(200, "POST", "/api/efficiency/recompute?year=" + (YEAR - 1), "bureau");
    recompute();
    Map<String, String> before = enterpriseGrades(YEAR - 1);
    Map<String, String> after = enterpriseGrades(YEAR);
    Map<String, Long> expected = new java.util.TreeMap<>();
    java.util.Set<String> everyone = new java.util.TreeSet<>(before.keySet());
    everyone.addAll(after.keySet());
    for (String code : everyone) {
      expected.merge(before.get(code) + ">" + after.get(code), 1L, Long::sum);
    }

    JsonNode changes = read("/api/efficiency/grade-changes?year=" + YEAR);
    Map<String, Long> counted = new java.util.TreeMap<>();
    for (JsonNode c : changes.get("changes")) {
      String from = c.get("from").isNull() ? null : c.get("from").asText();
      String to = c.get("to").isNull() ? null : c.get("to").asText();
      counted.put(from + ">" + to, c.get("subjects").asLong());
    }
    assertThat(counted).as("per pair of grades, as the yearly lists say").isEqualTo(expected);
    assertThat(changes.get("previousYear").asInt()).isEqualTo(YEAR - 1);
    assertThat(before.get("91440600TEST0000E5")).as("E5 graded in 2023").isNotNull();
    assertThat(changes.get("noLongerGraded").asLong())
        .as("E5 reported nothing in 2024")
        .isEqualTo(1);
    long moved = 0;
    for (String code : everyone) {
      String b = before.get(code);
      String a = after.get(code);
      if (b != null && a != null) {
        moved += 1;
      }
    }
    assertThat(
            changes.get("up").asLong()
                + changes.get("down").asLong()
                + changes.get("same").asLong())
        .as("graded in both years")
        .isEqualTo(moved);

    // parcels of one district only: P2, P4, P5 and P6 lie in 440605; P4 has no holder, P2 has
    // figures in both years, P5 in 2023 only (E5), P6 in 2024 only (E4)
    JsonNode parcelsNanhai =
        read("/api/efficiency/grade-changes?subject=parcel&district=440605&year=" + YEAR);
    long subjects = 0;
    for (JsonNode c : parcelsNanhai.get("changes")) {
      subjects += c.get("subjects").asLong();
    }
    assertThat(subjects).as("P2, P5 and P6: " + parcelsNanhai).isEqualTo(3);
    assertThat(parcelsNanhai.get("noLongerGraded").asLong()).as("P5").isEqualTo(1);
    assertThat(parcelsNanhai.get("graded").asLong()).as("P6").isEqualTo(1);
    expect(400, "GET", "/api/efficiency/grade-changes?year=" + (YEAR - 1), "planner");
    expect(400, "GET", "/api/efficiency/grade-changes?subject=town&year=" + YEAR, "planner");
    expect(401, "GET", "/api/efficiency/grade-changes?year=" + YEAR, null);
  }

  @Test
  void thePlannersQueryExportsAsShapefileGeoPackageAndKmlThatGdalReads() throws Exception {
    recompute();
    String query = "/api/efficiency/parcels?year=" + YEAR + "&cluster=" + c1;
    long total = read(query).get("total").asLong();
    assertThat(total).isPositive();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("efficiency-export-");
    try {
      HttpResponse<byte[]> shp =
          new ServiceClient(port)
              .send("GET", query + "&format=shp&crs=EPSG:4547&encoding=GBK", "planner", null);
      assertThat(shp.statusCode()).isEqualTo(200);
      assertThat(shp.headers().firstValue("Content-Disposition").orElse(""))
          .contains("parcels_" + YEAR + ".zip");
      java.nio.file.Path zip = dir.resolve("parcels.zip");
      java.nio.file.Files.write(zip, shp.body());
      String info = IoTest.run("ogrinfo", "-ro", "-al", "/vsizip/" + zip);
      assertThat(info).contains("Feature Count: " + total);
      assertThat(info).contains("ID[\"EPSG\",4547]");
      assertThat(info).as("GBK attributes read back").contains("禅城区");

      HttpResponse<byte[]> gpkg =
          new ServiceClient(port).send("GET", query + "&format=gpkg", "planner", null);
      assertThat(gpkg.statusCode()).isEqualTo(200);
      java.nio.file.Path file = dir.resolve("parcels.gpkg");
      java.nio.file.Files.write(file, gpkg.body());
      String gp = IoTest.run("ogrinfo", "-ro", "-so", "-al", file.toString());
      assertThat(gp).contains("Feature Count: " + total).contains("ID[\"EPSG\",4490]");

      HttpResponse<byte[]> breaches =
          new ServiceClient(port)
              .send("GET", "/api/efficiency/breaches?format=kml&year=" + YEAR, "planner", null);
      assertThat(breaches.statusCode()).isEqualTo(200);
      java.nio.file.Path kml = dir.resolve("breaches.kml");
      java.nio.file.Files.write(kml, breaches.body());
      IoTest.run("ogrinfo", "-ro", "-so", "-al", kml.toString());
    } finally {
      try (var files = java.nio.file.Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    expect(400, "GET", query + "&format=kml&crs=EPSG:4547", "planner");
    expect(400, "GET", query + "&format=shp&crs=EPSG:3857", "planner");
    expect(400, "GET", query + "&format=shp&encoding=Big5", "planner");
  }

  @Test
  void readsNeedALoginAndBadParametersAreProblems() throws Exception {
    recompute();
    expect(401, "GET", "/api/efficiency?level=district", null);
    expect(401, "GET", "/api/efficiency/parcels", null);
    expect(400, "GET", "/api/efficiency/parcels?min.taxPerAcre=3", "planner");
    expect(400, "GET", "/api/efficiency/parcels?sort=beauty", "planner");
    expect(400, "GET", "/api/efficiency/parcels?year=1999", "planner");
    expect(
        400, "GET", "/api/efficiency/parcels?polygon=" + enc("{\"type\":\"Polygon\"}"), "planner");
    expect(
        400,
        "GET",
        "/api/efficiency/parcels?polygon="
            + enc("{\"type\":\"Point\",\"coordinates\":[112.0,22.1]}"),
        "planner");
    expect(403, "POST", "/api/efficiency/recompute?year=" + YEAR, "planner");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    for (JsonNode v : array) {
      texts.add(v.asText());
    }
    return texts;
  }

  private static List<String> codes(JsonNode page) {
    List<String> codes = new java.util.ArrayList<>();
    for (JsonNode item : page.get("items")) {
      codes.add(item.get("code").asText());
    }
    return codes;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void thePlannersQueryFiltersByPlaceThresholdAndPolygon() throws Exception {
    recompute();
    JsonNode inC1 = read("/api/efficiency/parcels?year=" + YEAR + "&cluster=" + c1);
    assertThat(inC1.get("total").asLong()).isEqualTo(2);
    assertThat(inC1.at("/items/0/code").asText()).isEqualTo("P1");
    assertThat(inC1.at("/items/0/clusterName").asText()).isEqualTo("禅城测试集聚区");
    double p1 = inC1.at("/items/0/taxPerMu").asDouble();
    double p3 = inC1.at("/items/1/taxPerMu").asDouble();
    double between = (p1 + p3) / 2;
    JsonNode above =
        read(
            "/api/efficiency/parcels?year="
                + YEAR
                + "&cluster="
                + c1
                + "&min.taxPerMu="
                + between
                + "&sort=taxPerMu&order=desc");
    assertThat(above.get("total").asLong()).isEqualTo(1);
    assertThat(above.at("/items/0/taxPerMu").asDouble()).isEqualTo(Math.max(p1, p3));
    // a polygon around P2 and P4 only (EPSG:4490 lon/lat)
    String polygon =
        "{\"type\":\"Polygon\",\"coordinates\":[[[112.505,22.095],[112.54,22.095],[112.54,22.13],"
            + "[112.505,22.13],[112.505,22.095]]]}";
    JsonNode drawn = read("/api/efficiency/parcels?year=" + YEAR + "&polygon=" + enc(polygon));
    assertThat(codes(drawn)).containsExactly("P2", "P4");
    // P4 has no figures: listed, with null indicators, dropped by any threshold
    assertThat(drawn.at("/items/1/taxPerMu").isNull()).isTrue();
    JsonNode geojson =
        read("/api/efficiency/parcels?format=geojson&year=" + YEAR + "&polygon=" + enc(polygon));
    assertThat(geojson.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(geojson.get("features")).hasSize(2);
    assertThat(geojson.at("/features/0/geometry/type").asText()).isEqualTo("MultiPolygon");
    // the map of one page of the table: limit and offset honoured when given
    JsonNode onePage = read("/api/efficiency/parcels?format=geojson&limit=1&offset=1&year=" + YEAR);
    assertThat(onePage.get("features")).hasSize(1);
    assertThat(onePage.at("/features/0/properties/code").asText()).isEqualTo("P2");
    HttpResponse<byte[]> csv =
        new ServiceClient(port)
            .send("GET", "/api/efficiency/parcels?format=csv&year=" + YEAR, "planner", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
        .isEqualTo("attachment; filename=\"parcels_" + YEAR + ".csv\"");
    List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1 + 6);
    assertThat(lines.get(1)).contains(",P1,");
    HttpResponse<byte[]> xlsx =
        new ServiceClient(port)
            .send("GET", "/api/efficiency/parcels?format=xlsx&year=" + YEAR, "planner", null);
    assertThat(xlsx.statusCode()).isEqualTo(200);
    assertThat(new String(xlsx.body(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
    assertThat(xlsx.headers().firstValue("Content-Disposition").orElse(""))
        .isEqualTo("attachment; filename=\"parcels_" + YEAR + ".xlsx\"");
    // the GeoJSON download is a file of the same name, like the others
    HttpResponse<byte[]> geojsonFile =
        new ServiceClient(port)
            .send("GET", "/api/efficiency/parcels?format=geojson&year=" + YEAR, "planner", null);
    assertThat(geojsonFile.headers().firstValue("Content-Disposition").orElse(""))
        .isEqualTo("attachment; filename=\"parcels_" + YEAR + ".geojson\"");
  }

  @Test
  void theComplianceCheckCountsDaysLateOnTheBoundariesAndReportsMissingFigures() throws Exception {
    // P1: started on its due date (not late), completed 10 days late, producing on its due date;
    // its tax target 5 above what it pays
    double mu1 = mu("P1");
    double land1 = mu1 + 0.5 * mu("P2");
    double p1Tax = 300 * mu1 / land1 / mu1;
    double target = Math.round(p1Tax) + 5.0;
    agreement("P1", "2023-03-01", "2023-12-31", "2024-06-30", target);
    // P2: due dates on or after the check date (2024-12-31): nothing late, targets not due yet
    agreement("P2", "2024-12-31", "2025-06-01", "2025-12-31", 1000.0);
    // P4: never started: 579 days late by the end of 2024, idle (more than 365), not completed
    // (213 days), production due on the check date itself (not late); no holder: tax 0 against 20
    agreement("P4", "2023-06-01", "2024-06-01", "2024-12-31", 20.0);
    // P5: in production since 2023 but its enterprise reported nothing for 2024
    agreement("P5", "2020-03-01", "2021-01-01", "2023-01-01", 20.0);
    recompute();

    JsonNode all = read("/api/efficiency/breaches?year=" + YEAR);
    assertThat(all.get("total").asLong()).isEqualTo(3);
    Map<String, JsonNode> byCode = new HashMap<>();
    for (JsonNode item : all.get("items")) {
      byCode.put(item.get("parcelCode").asText(), item);
    }
    assertThat(byCode).containsOnlyKeys("P1", "P4", "P5");

    JsonNode b1 = byCode.get("P1");
    assertThat(texts(b1.get("kinds"))).containsExactly("LATE_COMPLETION", "SHORTFALL_TAX");
    assertThat(b1.at("/daysLate/start").isNull()).isTrue();
    assertThat(b1.at("/daysLate/completion").asInt()).isEqualTo(10);
    assertThat(b1.at("/daysLate/production").isNull()).isTrue();
    JsonNode shortfall = b1.at("/shortfalls/0");
    assertThat(shortfall.get("indicator").asText()).isEqualTo("taxPerMu");
    assertThat(shortfall.get("target").asDouble()).isEqualTo(target);
    assertThat(shortfall.get("amount").asDouble()).isCloseTo(target - p1Tax, within(0.006));
    assertThat(shortfall.get("percent").asDouble())
        .isCloseTo((target - p1Tax) / target * 100, within(0.06));

    JsonNode b4 = byCode.get("P4");
    assertThat(texts(b4.get("kinds")))
        .containsExactly("LATE_START", "LATE_COMPLETION", "IDLE", "SHORTFALL_TAX");
    assertThat(b4.at("/daysLate/start").asInt()).isEqualTo(579);
    assertThat(b4.at("/daysLate/completion").asInt()).isEqualTo(213);
    assertThat(b4.at("/daysLate/production").isNull()).isTrue();
    assertThat(b4.at("/shortfalls/0/actual").asDouble()).isEqualTo(0);
    assertThat(b4.at("/shortfalls/0/percent").asDouble()).isEqualTo(100);

    JsonNode b5 = byCode.get("P5");
    assertThat(texts(b5.get("kinds"))).containsExactly("MISSING_DATA");
    assertThat(b5.get("shortfalls")).isEmpty();

    JsonNode idle = read("/api/efficiency/breaches?kind=IDLE&year=" + YEAR);
    assertThat(idle.get("total").asLong()).isEqualTo(1);
    JsonNode inDistrict = read("/api/efficiency/breaches?district=440604&year=" + YEAR);
    assertThat(inDistrict.get("total").asLong()).isEqualTo(1);
    JsonNode breached = read("/api/efficiency/parcels?breach=IDLE&year=" + YEAR);
    assertThat(codes(breached)).containsExactly("P4");
    HttpResponse<byte[]> csv =
        new ServiceClient(port)
            .send("GET", "/api/efficiency/breaches?format=csv&year=" + YEAR, "planner", null);
    assertThat(new String(csv.body(), StandardCharsets.UTF_8).lines().count()).isEqualTo(4);
  }

  private Map<String, String> grades(long model) {
    Map<String, String> grades = new HashMap<>();
    jdbc.sql(
            "SELECT e.name, coalesce(g.grade, g.not_graded) || ' ' || coalesce(g.score::text, '-')"
                + " || ' ' || coalesce(g.rank::text, '-') AS g FROM enterprise_grade g"
                + " JOIN enterprise e ON e.id = g.enterprise_id WHERE g.model_id = :m")
        .param("m", model)
        .query((rs, n) -> grades.put(rs.getString(1), rs.getString(2)))
        .list();
    return grades;
  }

  private static Map<String, Object> model(
      String method, Map<String, Object> indicator, Map<String, Object> classRule) {
    return Map.of(
        "year",
        YEAR,
        "name",
        "测试模型 " + method,
        "method",
        method,
        "indicators",
        List.of(indicator),
        "classRule",
        classRule,
        "exclusions",
        Map.of("industrySections", List.of("D"), "minAgeYears", 2));
  }

  @Test
  void gradesAreKeptPerModelVersionAndReproducedExactly() throws Exception {
    recompute();
    JsonNode models = read("/api/efficiency/models?year=" + YEAR);
    assertThat(models).hasSize(1);
    long v1 = models.get(0).get("id").asLong();
    assertThat(models.get(0).get("active").asBoolean()).isTrue();
    Map<String, String> first = grades(v1);
    // the utility and the young firm are not graded, with their reason
    assertThat(first.get("测试企业 E3")).startsWith("EXCLUDED_INDUSTRY");
    assertThat(first.get("测试企业 E4")).startsWith("YOUNG_ENTERPRISE");
    assertThat(first).hasSize(4);

    // version 2: tax per mu alone, benchmark 2 for industry 34 (1 otherwise), top half A, bottom
    // half D
    Map<String, Object> tax = new HashMap<>();
    tax.put("indicator", "taxPerMu");
    tax.put("weight", 100);
    tax.put("benchmark", 1);
    tax.put("benchmarks", Map.of("34", 2));
    JsonNode v2 =
        expect(
            201,
            "POST",
            "/api/efficiency/models",
            "bureau",
            model("RATIO", tax, Map.of("kind", "RANK_SHARE", "A", 0.5, "B", 0, "D", 0.5)));
    assertThat(v2.get("version").asInt()).isEqualTo(2);
    assertThat(v2.get("active").asBoolean()).isTrue();
    long m2 = v2.get("id").asLong();
    double land1 = mu("P1") + 0.5 * mu("P2");
    double e1 = Math.round(100 * 300 / land1 / 2 * 10000) / 10000.0;
    double e2 = Math.round(100 * 100 / (0.5 * mu("P2")) / 2 * 10000) / 10000.0;
    Map<String, String> second = grades(m2);
    String better = e1 > e2 ? "测试企业 E1" : "测试企业 E2";
    String worse = e1 > e2 ? "测试企业 E2" : "测试企业 E1";
    assertThat(second.get(better)).isEqualTo("A " + Math.max(e1, e2) + " 1");
    assertThat(second.get(worse)).isEqualTo("D " + Math.min(e1, e2) + " 2");
    assertThat(grades(v1)).as("version 1 keeps its grades").isEqualTo(first);
    assertThat(read("/api/efficiency/models/" + v1).get("active").asBoolean()).isFalse();
    // the year's units count the active model's grades
    JsonNode city = read("/api/efficiency?level=city&year=" + YEAR).at("/units/0/grades");
    assertThat(city.get("A").asInt()).isEqualTo(1);
    assertThat(city.get("D").asInt()).isEqualTo(1);
    assertThat(city.get("ungraded").asInt()).isEqualTo(2);

    // version 3: fixed thresholds no one reaches; then the year is recomputed from its figures
    JsonNode v3 =
        expect(
            201,
            "POST",
            "/api/efficiency/models",
            "bureau",
            model("RATIO", tax, Map.of("kind", "THRESHOLD", "A", 1e9, "B", 1e8, "C", 1e7)));
    long m3 = v3.get("id").asLong();
    assertThat(grades(m3).get(better)).startsWith("D ");
    recompute();
    assertThat(grades(v1)).isEqualTo(first);
    assertThat(grades(m2)).isEqualTo(second);
    for (long m : List.of(v1, m2, m3)) {
      JsonNode again = read("/api/efficiency/models/" + m + "/reproduction");
      assertThat(again.get("enterpriseDifferences").asLong()).as("model " + m).isZero();
      assertThat(again.get("parcelDifferences").asLong()).as("model " + m).isZero();
    }
    assertThat(read("/api/efficiency/models?year=" + YEAR)).hasSize(3);

    Map<String, Object> unknown = new HashMap<>(tax);
    unknown.put("indicator", "beauty");
    expect(
        400,
        "POST",
        "/api/efficiency/models",
        "bureau",
        model("RATIO", unknown, Map.of("kind", "THRESHOLD", "A", 3, "B", 2, "C", 1)));
    expect(
        400,
        "POST",
        "/api/efficiency/models",
        "bureau",
        model("RATIO", tax, Map.of("kind", "RANK_SHARE", "A", 0.8, "B", 0.3, "D", 0.1)));
    expect(
        403,
        "POST",
        "/api/efficiency/models",
        "planner",
        model("RATIO", tax, Map.of("kind", "THRESHOLD", "A", 3, "B", 2, "C", 1)));
  }

  /**
   * Huangyan's scheme on a hand-made case (DOMAIN.md): E1 and E2 above scale (规上), E6 and E7 below
   * (规下), each population ranked and classed apart (A the top half, D the bottom half).
   *
   * <pre>
   * 规上: 60 × min(taxPerMu ÷ b1, 2) + 40 × min(valueAddedPerEmission ÷ 100, 2), b1 = E1's tax per mu
   *   E1: tax 300 on land1 = mu(P1) + ½ mu(P2) → 60 × 1 = 60; emissions not reported → the item's
   *       average over the population, i.e. E2's part: 80                         score 140
   *   E2: tax 100 on ½ mu(P2) → 60 × r, r = (100 / (½ mu(P2))) ÷ b1 ≈ 0.8; value added 300 ÷ 1 t
   *       = 300 → 300 ÷ 100 = 3, capped at 2 → 80; high-tech (高新技术企业) +20      score 60r + 100
   *   so E2 ranks first (A) only thanks to its bonus, E1 second (D).
   * 规下: 50 × min(taxPerMu ÷ b6, 2) + 50 × min(taxPerElectricity ÷ 1, 2), b6 = E7's tax per mu
   *   E7: tax 40 on ½ mu(P4) → 50; 40 ÷ 10 万kWh = 4, capped at 2 → 100            score 150, rank 1
   *       but a serious incident (重大安全事故): a forced D
   *   E6: tax 20 on ½ mu(P4) → 25; 20 ÷ 40 万kWh = 0.5 → 25                       score 50, rank 2 → D
   * </pre>
   */
  @Test
  void publishedSchemesGradeTwoPopulationsWithCeilingsAveragesBonusesAndAForcedD()
      throws Exception {
    enterprise("E6", "38", "2010-01-01");
    enterprise("E7", "38", "2010-01-01");
    link("P4", "E6", 0.5);
    link("P4", "E7", 0.5);
    figures("E6", 20);
    figures("E7", 40);
    jdbc.sql("UPDATE enterprise SET above_scale = true WHERE id IN (:a, :b)")
        .param("a", enterprises.get("E1"))
        .param("b", enterprises.get("E2"))
        .update();
    jdbc.sql("UPDATE annual_indicator SET emissions_t = NULL WHERE enterprise_id = :e")
        .param("e", enterprises.get("E1"))
        .update();
    for (Object[] e : new Object[][] {{"E6", 40}, {"E7", 10}}) {
      jdbc.sql("UPDATE annual_indicator SET electricity_10k_kwh = :kwh WHERE enterprise_id = :e")
          .param("kwh", e[1])
          .param("e", enterprises.get((String) e[0]))
          .update();
    }
    long highTech = 0;
    for (String[] d : new String[][] {{"E2", "HIGH_TECH"}, {"E7", "SERIOUS_INCIDENT"}}) {
      Map<String, Object> designation = new HashMap<>();
      designation.put("creditCode", "91440600TEST0000" + d[0]);
      designation.put("year", YEAR);
      designation.put("kind", d[1]);
      designation.put("documentNumber", "测试〔2024〕1号");
      expect(403, "POST", "/api/efficiency/designations", "planner", designation);
      long id =
          expect(201, "POST", "/api/efficiency/designations", "bureau", designation)
              .get("id")
              .asLong();
      highTech = d[1].equals("HIGH_TECH") ? id : highTech;
      expect(409, "POST", "/api/efficiency/designations", "bureau", designation);
    }
    recompute();
    double land1 = mu("P1") + 0.5 * mu("P2");
    double b1 = 300 / land1;
    double r = 100 / (0.5 * mu("P2")) / b1;
    double b6 = 40 / (0.5 * mu("P4"));
    Map<String, Object> request = new HashMap<>();
    request.put("year", YEAR);
    request.put("name", "黄岩法 测试");
    request.put("method", "RATIO");
    request.put(
        "indicators",
        List.of(
            Map.of("indicator", "taxPerMu", "weight", 60, "benchmark", b1),
            Map.of("indicator", "valueAddedPerEmission", "weight", 40, "benchmark", 100)));
    request.put("classRule", Map.of("kind", "RANK_SHARE", "A", 0.5, "B", 0, "D", 0.5));
    request.put("exclusions", Map.of("industrySections", List.of("D"), "minAgeYears", 2));
    request.put(
        "options",
        Map.of(
            "belowScale",
            Map.of(
                "indicators",
                List.of(
                    Map.of("indicator", "taxPerMu", "weight", 50, "benchmark", b6),
                    Map.of("indicator", "taxPerElectricity", "weight", 50, "benchmark", 1))),
            "missing",
            "AVERAGE",
            "cap",
            2,
            "adjustments",
            Map.of("HIGH_TECH", 20, "SERIOUS_INCIDENT", "D")));
    long model =
        expect(201, "POST", "/api/efficiency/models", "bureau", request).get("id").asLong();

    Map<String, String> grades = grades(model);
    assertThat(grades.get("测试企业 E2")).isEqualTo("A " + round4(60 * r + 100) + " 1");
    assertThat(grades.get("测试企业 E1")).isEqualTo("D 140 2");
    assertThat(grades.get("测试企业 E7")).isEqualTo("D 150 1");
    assertThat(grades.get("测试企业 E6")).isEqualTo("D 50 2");
    assertThat(grades.get("测试企业 E3")).startsWith("EXCLUDED_INDUSTRY");
    Map<String, String> populations = new HashMap<>();
    jdbc.sql(
            "SELECT e.name, g.population || ' ' || coalesce(g.adjustments, '-') FROM enterprise_grade g"
                + " JOIN enterprise e ON e.id = g.enterprise_id WHERE g.model_id = :m")
        .param("m", model)
        .query((rs, n) -> populations.put(rs.getString(1), rs.getString(2)))
        .list();
    assertThat(populations)
        .containsEntry("测试企业 E1", "ABOVE_SCALE -")
        .containsEntry("测试企业 E2", "ABOVE_SCALE HIGH_TECH")
        .containsEntry("测试企业 E6", "BELOW_SCALE -")
        .containsEntry("测试企业 E7", "BELOW_SCALE SERIOUS_INCIDENT");

    // a designation is revoked, never deleted or changed: the model still reproduces its grades,
    // since it reads the designations standing when it was made
    expect(200, "POST", "/api/efficiency/designations/" + highTech + "/revoke", "bureau");
    expect(404, "POST", "/api/efficiency/designations/" + highTech + "/revoke", "bureau");
    assertThat(
            read("/api/efficiency/designations?year=" + YEAR + "&kind=HIGH_TECH")
                .at("/0/revokedBy")
                .asText())
        .isEqualTo("bureau");
    JsonNode again = read("/api/efficiency/models/" + model + "/reproduction");
    assertThat(again.get("enterpriseDifferences").asLong()).isZero();
    assertThat(again.get("parcelDifferences").asLong()).isZero();
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM enterprise_designation").update())
        .hasMessageContaining("只能撤销");

    // options that do not fit the model are refused
    Map<String, Object> minmax = new HashMap<>(request);
    minmax.put("method", "MINMAX");
    expect(400, "POST", "/api/efficiency/models", "bureau", minmax);
    Map<String, Object> unknown = new HashMap<>(request);
    unknown.put("options", Map.of("adjustments", Map.of("FRIENDLY", 10)));
    expect(400, "POST", "/api/efficiency/models", "bureau", unknown);
  }

  private static double round4(double v) {
    return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  @Test
  void parkAssessmentAndTheOnePageSummary() throws Exception {
    agreement("P4", "2023-06-01", "2024-06-01", "2024-12-31", 20.0);
    agreement("P5", "2020-03-01", "2021-01-01", "2023-01-01", 20.0);
    recompute();
    double mu1 = mu("P1");
    double mu2 = mu("P2");
    double land1 = mu1 + 0.5 * mu2;
    double toP1 = 300 * mu1 / land1;
    double toP2 = 300 * 0.5 * mu2 / land1 + 100;

    JsonNode park = read("/api/efficiency/parks?year=" + YEAR + "&cluster=" + c1).at("/parks/0");
    assertThat(park.get("output").asDouble()).isCloseTo(10 * (toP1 + 60), within(1e-6));
    // every reporting parcel of 禅城 lies in C1
    assertThat(park.get("industrialConcentration").asDouble()).isCloseTo(1, within(1e-9));
    // industry 34 (E1's share of P1) against 44 (the power plant on P3)
    assertThat(park.get("leadingIndustry").asText()).isEqualTo("34");
    assertThat(park.get("industryAgglomeration").asDouble())
        .isCloseTo(10 * toP1 / (10 * toP1 + 600), within(1e-9));
    JsonNode c2park = read("/api/efficiency/parks?year=" + YEAR + "&cluster=" + c2).at("/parks/0");
    assertThat(c2park.get("industryAgglomeration").asDouble())
        .isCloseTo(10 * toP2 / (10 * toP2 + 500), within(1e-9));
    assertThat(c2park.get("employees").asDouble())
        .isCloseTo(10 * 0.5 * mu2 / land1 + 20, within(1e-9));
    assertThat(read("/api/efficiency/parks?years=all").get("parks")).hasSize(2);

    JsonNode summary = read("/api/efficiency/summary?level=district&code=440605&year=" + YEAR);
    assertThat(summary.get("name").asText()).isEqualTo("南海区");
    assertThat(summary.at("/unit/taxPerMu").asDouble())
        .isCloseTo((toP2 + 50) / (mu2 + mu("P6")), within(1e-9));
    assertThat(summary.get("trend")).hasSize(1);
    JsonNode breaches = summary.get("breaches");
    assertThat(breaches.get("IDLE").asInt()).isEqualTo(1);
    assertThat(breaches.get("MISSING_DATA").asInt()).isEqualTo(1);
    assertThat(breaches.get("SHORTFALL_TAX").asInt()).isEqualTo(1);
    assertThat(summary.get("topEnterprises")).hasSize(3);
    assertThat(summary.at("/topEnterprises/0/taxPerMu").asDouble())
        .isGreaterThanOrEqualTo(summary.at("/topEnterprises/1/taxPerMu").asDouble());
    List<String> weakest = new java.util.ArrayList<>();
    for (JsonNode w : summary.get("weakestParcels")) {
      weakest.add(w.get("code").asText());
    }
    assertThat(weakest).containsExactlyInAnyOrder("P2", "P6");
    assertThat(summary.get("park").isNull()).isTrue();
    JsonNode clusterSummary = read("/api/efficiency/summary?level=cluster&code=" + c1);
    assertThat(clusterSummary.at("/park/leadingIndustry").asText()).isEqualTo("34");
    // the cluster named as people name it, by its code (any case)
    JsonNode byCode = read("/api/efficiency/summary?level=cluster&code=c1");
    assertThat(byCode.get("code").asText()).isEqualTo(String.valueOf(c1));
    assertThat(byCode.get("unit")).isEqualTo(clusterSummary.get("unit"));
    expect(404, "GET", "/api/efficiency/summary?level=cluster&code=999999", "planner");
    assertThat(
            expect(404, "GET", "/api/efficiency/summary?level=cluster&code=FB99", "planner")
                .get("detail")
                .asText())
        .startsWith("没有编号为 FB99 的工业集聚区");
  }

  /** POST /api/efficiency/imports with a CSV file as multipart form data. */
  private JsonNode upload(int status, String user, String fileName, String csv) throws Exception {
    return upload(status, user, fileName, csv.getBytes(StandardCharsets.UTF_8));
  }

  /** POST /api/efficiency/imports with a file as multipart form data. */
  private JsonNode upload(int status, String user, String fileName, byte[] file) throws Exception {
    HttpResponse<byte[]> response =
        new ServiceClient(port)
            .upload(
                "/api/efficiency/imports", user, Multipart.of("year", YEAR).file(fileName, file));
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(fileName + " → " + text).isEqualTo(status);
    return ServiceClient.json(response.body());
  }

  private static final String HEADER =
      "credit_code,tax_10k_cny,output_10k_cny,value_added_10k_cny,revenue_10k_cny,"
          + "fixed_asset_investment_10k_cny,energy_tce,emissions_t,employees,rd_expense_10k_cny,"
          + "year,parcel_codes\n";

  /** One row of each kind of error, and one good row (row 2). */
  private static final String BAD =
      HEADER
          + "91440600TEST0000E1,100,1000,300,1100,2000,50,1,10,50,2024,P1;P2\n" // fine
          + "91440600TEST0000E9,100,1000,300,1100,2000,50,1,10,50,2024,\n" // unknown enterprise
          + "91440600TEST0000E2,100,-5,300,1100,2000,50,1,10,50,2024,\n" // negative output
          + "91440600TEST0000E3,100,1000,300,1100,2000,50,1,10,50,2023,\n" // wrong year
          + "91440600TEST0000E1,100,1000,300,1100,2000,50,1,10,50,2024,\n" // duplicate
          + "91440600TEST0000E4,100,5000000000,300,1100,2000,50,1,10,50,2024,\n" // in 元?
          + "91440600TEST0000E5,1百,1000,300,1100,2000,50,1,10,50,2024,\n" // not a number
          + "91440600TEST0000E5,100,1000,300,1100,2000,50,1,10,50,2024,P9\n" // no such parcel
          + "91440600TEST0000E2,100,1000,300,1100,2000,50,1,10,50,2024,P1\n"; // not its parcel

  private String figuresSum() {
    return jdbc.sql(
            "SELECT count(*) || ' ' || sum(tax_10k_cny) FROM annual_indicator WHERE year = :y")
        .param("y", YEAR)
        .query(String.class)
        .single();
  }

  @Test
  void anImportReportsEveryBadRowAndWritesNothingUntilACleanCommit() throws Exception {
    recompute();
    String before = figuresSum();
    JsonNode report = upload(201, "bureau", "figures-2024.csv", BAD);
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("rows").asInt()).isEqualTo(9);
    Map<Integer, String> errors = new HashMap<>();
    for (JsonNode e : report.get("errors")) {
      errors.put(e.get("row").asInt(), e.get("column").asText() + ": " + e.get("message").asText());
    }
    assertThat(errors).doesNotContainKey(2);
    assertThat(errors.get(3)).startsWith("credit_code: no enterprise");
    assertThat(errors.get(4)).startsWith("output_10k_cny: must not be negative");
    assertThat(errors.get(5)).startsWith("year:");
    assertThat(errors.get(6)).startsWith("credit_code: duplicate");
    assertThat(errors.get(7)).startsWith("output_10k_cny:").contains("implausible");
    assertThat(errors.get(8)).startsWith("tax_10k_cny:").contains("not a number");
    assertThat(errors.get(9)).startsWith("parcel_codes: there is no parcel P9");
    assertThat(errors.get(10)).startsWith("parcel_codes:").contains("holds no floor area");
    assertThat(errors).hasSize(8);
    long id = report.get("id").asLong();
    expect(409, "POST", "/api/efficiency/imports/" + id + "/commit", "bureau");
    assertThat(figuresSum()).as("nothing written").isEqualTo(before);

    JsonNode headers = upload(201, "bureau", "f.csv", "credit_code,tax_cny,output_10k_cny\n");
    assertThat(headers.get("valid").asBoolean()).isFalse();
    assertThat(headers.get("errors").toString())
        .contains("unknown column 'tax_cny'", "missing column energy_tce");
    upload(415, "bureau", "f.xls", HEADER);
    upload(403, "planner", "f.csv", HEADER);

    // a clean file: two enterprises; the year's other rows go to the history with it
    String good =
        HEADER
            + "91440600TEST0000E1,600,6000,1800,6600,12000,300,1,10,300,2024,P1\n"
            + "91440600TEST0000E2,100,1000,300,1100,2000,50,1,10,50,,\n";
    JsonNode clean = upload(201, "bureau", "figures-2024.csv", good);
    assertThat(clean.get("valid").asBoolean()).as(clean.toString()).isTrue();
    assertThat(clean.at("/summary/replacesRows").asInt()).isEqualTo(4);
    long cleanId = clean.get("id").asLong();
    assertThat(figuresSum()).as("validated, not committed").isEqualTo(before);
    JsonNode committed =
        expect(200, "POST", "/api/efficiency/imports/" + cleanId + "/commit", "bureau");
    assertThat(committed.get("status").asText()).isEqualTo("COMMITTED");
    assertThat(figuresSum()).isEqualTo("2 700.00");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM annual_indicator_history WHERE replaced_by_import = :id"
                        + " AND replaced_by = 'bureau'")
                .param("id", cleanId)
                .query(Long.class)
                .single())
        .isEqualTo(4);
    // the year was recomputed from the new figures
    double land1 = mu("P1") + 0.5 * mu("P2");
    JsonNode e1 = unit(read("/api/efficiency?level=enterprise&year=" + YEAR), "91440600TEST0000E1");
    assertThat(e1.get("taxPerMu").asDouble()).isCloseTo(600 / land1, within(1e-9));
    expect(409, "POST", "/api/efficiency/imports/" + cleanId + "/commit", "bureau");

    JsonNode discarded = upload(201, "bureau", "again.csv", good);
    expect(204, "DELETE", "/api/efficiency/imports/" + discarded.get("id").asLong(), "bureau");
    expect(
        409,
        "POST",
        "/api/efficiency/imports/" + discarded.get("id").asLong() + "/commit",
        "bureau");
    assertThat(
            read("/api/efficiency/imports/" + discarded.get("id").asLong()).get("status").asText())
        .isEqualTo("DISCARDED");
  }

  // ---------------------------------------------------------------------------------------------
  // The same figures from Excel (.xlsx): the same rows, the same report, the same figures

  /**
   * An .xlsx with the cells of a CSV, written by the service's own workbook writer: every cell that
   * reads as a number becomes a numeric cell holding a double (so Java writes 2024 as "2024.0",
   * 5000000000 as "5.0E9" and 4406041001 as "4.406041001E9"), an empty one a blank cell, anything
   * else text.
   */
  private static byte[] xlsxOf(String csv) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (cn.foshan.redline.system.XlsxSheet sheet =
        new cn.foshan.redline.system.XlsxSheet(bytes, "指标 2024")) {
      for (String line : csv.lines().toList()) {
        List<Object> cells = new java.util.ArrayList<>();
        for (String cell : line.split(",", -1)) {
          cells.add(
              cell.isEmpty()
                  ? null
                  : cell.matches("-?[0-9]+(\\.[0-9]+)?") ? (Object) Double.valueOf(cell) : cell);
        }
        sheet.row(cells.toArray());
      }
    }
    return bytes.toByteArray();
  }

  /** An .xlsx made by GDAL from the CSV (shared strings, column types guessed), as Calc does. */
  private static byte[] gdalXlsxOf(String csv) throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("efficiency-test-");
    try {
      java.nio.file.Path in = dir.resolve("figures.csv");
      java.nio.file.Path out = dir.resolve("figures.xlsx");
      java.nio.file.Files.writeString(in, csv, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  "ogr2ogr",
                  "-f",
                  "XLSX",
                  out.toString(),
                  in.toString(),
                  "-oo",
                  "AUTODETECT_TYPE=YES",
                  "-nln",
                  "指标")
              .redirectErrorStream(true)
              .start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(said).isZero();
      return java.nio.file.Files.readAllBytes(out);
    } finally {
      try (var files = java.nio.file.Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** What a report says, without what differs between two imports (id, file name, times). */
  private static String verdict(JsonNode report) {
    return report.get("valid")
        + " "
        + report.get("rows")
        + " "
        + report.get("errors")
        + " "
        + report.get("summary");
  }

  /** The year's figures as stored, and the indicators computed from them. */
  private String figuresOfTheYear() throws Exception {
    String rows =
        jdbc.sql(
                "SELECT string_agg(concat_ws(' ', e.credit_code, a.tax_10k_cny, a.output_10k_cny,"
                    + " a.value_added_10k_cny, a.revenue_10k_cny, a.fixed_asset_investment_10k_cny,"
                    + " a.energy_tce, a.emissions_t, a.employees, a.rd_expense_10k_cny), '; '"
                    + " ORDER BY e.credit_code) FROM annual_indicator a JOIN enterprise e ON"
                    + " e.id = a.enterprise_id WHERE a.year = :y")
            .param("y", YEAR)
            .query(String.class)
            .single();
    return rows
        + " | "
        + read("/api/efficiency?level=enterprise&year=" + YEAR).get("units")
        + " | "
        + read("/api/efficiency?level=city&year=" + YEAR).get("units");
  }

  private long imports() {
    return jdbc.sql("SELECT count(*) FROM indicator_import").query(Long.class).single();
  }

  @Test
  void anXlsxGivesTheSameReportAsTheCsvAndEveryBadRowStopsItsCommit() throws Exception {
    recompute();
    String before = figuresOfTheYear();
    JsonNode csv = upload(201, "bureau", "figures-2024.csv", BAD);
    assertThat(csv.get("errors")).hasSize(8);
    for (byte[] workbook : List.of(xlsxOf(BAD), gdalXlsxOf(BAD))) {
      JsonNode xlsx = upload(201, "bureau", "figures-2024.xlsx", workbook);
      assertThat(xlsx.get("fileName").asText()).isEqualTo("figures-2024.xlsx");
      assertThat(verdict(xlsx)).isEqualTo(verdict(csv));
      expect(
          409, "POST", "/api/efficiency/imports/" + xlsx.get("id").asLong() + "/commit", "bureau");
      assertThat(figuresOfTheYear()).as("nothing written").isEqualTo(before);
    }
    // the header is checked the same way: unknown, missing and duplicate columns
    String header = "credit_code,tax_cny,output_10k_cny,output_10k_cny\n";
    assertThat(verdict(upload(201, "bureau", "h.xlsx", xlsxOf(header))))
        .isEqualTo(verdict(upload(201, "bureau", "h.csv", header)))
        .contains("unknown column 'tax_cny'", "missing column energy_tce")
        .contains("duplicate column output_10k_cny");
  }

  @Test
  void anXlsxCommitsTheSameFiguresAsTheCsvAndReplacesTheYearKeepingItsHistory() throws Exception {
    // a parcel whose code is a number: in a workbook it is a numeric cell, and must stay the code
    parcel("4406041001", "440604", c1, 112.09, 0.003, "2022-01-01", null, null, null);
    link("4406041001", "E1", 1.0);
    recompute();
    String good =
        HEADER
            + "91440600TEST0000E1,600,6000,1800,6600,12000,300,1,10,300,2024,4406041001\n"
            + "\n" // a blank line, a blank row: skipped, as Excel users expect
            + "91440600TEST0000E2,100.5,1000,300,1100,2000,50,1.25,12,50,,\n";
    JsonNode csv = upload(201, "bureau", "figures-2024.csv", good);
    assertThat(csv.get("valid").asBoolean()).as(csv.toString()).isTrue();
    expect(200, "POST", "/api/efficiency/imports/" + csv.get("id").asLong() + "/commit", "bureau");
    String fromCsv = figuresOfTheYear();
    assertThat(fromCsv).contains("91440600TEST0000E2 100.50 1000.00 300.00");

    byte[] workbook = xlsxOf(good);
    assertThat(new String(parts(good).get("xl/worksheets/sheet1.xml"), StandardCharsets.UTF_8))
        .as("the workbook holds numbers as Java writes doubles")
        .contains("<v>4.406041001E9</v>", "<v>2024.0</v>");
    JsonNode xlsx = upload(201, "bureau", "figures-2024.xlsx", workbook);
    // valid: the parcel code 4406041001 and the year 2024 read as written, not as 4.406041001E9
    assertThat(xlsx.get("valid").asBoolean()).as(xlsx.toString()).isTrue();
    assertThat(verdict(xlsx))
        .isEqualTo(verdict(csv).replace("\"replacesRows\":4", "\"replacesRows\":2"));
    long id = xlsx.get("id").asLong();
    assertThat(figuresOfTheYear()).as("validated, not yet committed").isEqualTo(fromCsv);
    // wipe the figures the CSV brought, so that the commit must bring them back
    jdbc.sql("UPDATE annual_indicator SET tax_10k_cny = 1 WHERE year = :y")
        .param("y", YEAR)
        .update();
    expect(200, "POST", "/api/efficiency/imports/" + id + "/commit", "bureau");
    assertThat(figuresOfTheYear()).isEqualTo(fromCsv);
    assertThat(
            jdbc.sql("SELECT count(*) FROM annual_indicator_history WHERE replaced_by_import = :id")
                .param("id", id)
                .query(Long.class)
                .single())
        .as("the rows it replaced, kept")
        .isEqualTo(2);
  }

  /** An .xlsx package of these parts (name → content), as a zip. */
  private static byte[] zip(Map<String, byte[]> parts) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> part : parts.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(part.getKey()));
        zip.write(part.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** The parts of a good workbook of the figures. */
  private static Map<String, byte[]> parts(String csv) throws Exception {
    Map<String, byte[]> parts = new java.util.LinkedHashMap<>();
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsxOf(csv)))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        parts.put(e.getName(), in.readAllBytes());
      }
    }
    return parts;
  }

  private long workDirs() throws Exception {
    try (var list =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return list.filter(p -> p.getFileName().toString().startsWith("redline-xlsx-")).count();
    }
  }

  @Test
  void hostileOrBrokenXlsxFilesAre4xxAndLeaveNothingBehind() throws Exception {
    recompute();
    String figures = figuresOfTheYear();
    long imports = imports();
    long dirs = workDirs();
    String rows = HEADER + "91440600TEST0000E1,600,6000,1800,6600,12000,300,1,10,300,2024,\n";
    String sheet = "xl/worksheets/sheet1.xml";
    Map<String, JsonNode> refused = new java.util.LinkedHashMap<>();

    // a zip bomb: 64 MB of spaces in the sheet compress to ~64 kB; 8 MB may be unpacked here
    Map<String, byte[]> bomb = parts(rows);
    byte[] spaces = new byte[64 << 20];
    java.util.Arrays.fill(spaces, (byte) ' ');
    bomb.put(sheet, spaces);
    byte[] bombFile = zip(bomb);
    assertThat(bombFile.length).isLessThan(1 << 20);
    refused.put("bomb", upload(413, "bureau", "bomb.xlsx", bombFile));
    // zip slip, and too many entries (20 here)
    Map<String, byte[]> slip = parts(rows);
    slip.put("../../evil.xml", "<x/>".getBytes(StandardCharsets.UTF_8));
    refused.put("slip", upload(422, "bureau", "slip.xlsx", zip(slip)));
    Map<String, byte[]> many = parts(rows);
    for (int i = 0; i < 30; i++) {
      many.put("xl/media/image" + i + ".png", new byte[] {1});
    }
    refused.put("many", upload(422, "bureau", "many.xlsx", zip(many)));
    // not a workbook: text, an Excel 97–2003 file, a zip of something else, a cut workbook
    refused.put("text", upload(422, "bureau", "text.xlsx", rows.getBytes(StandardCharsets.UTF_8)));
    byte[] ole2 = new byte[4096];
    System.arraycopy(
        new byte[] {
          (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
        },
        0,
        ole2,
        0,
        8);
    refused.put("xls", upload(422, "bureau", "old.xlsx", ole2));
    refused.put(
        "zip",
        upload(
            422,
            "bureau",
            "photos.xlsx",
            zip(Map.of("photo.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8}))));
    byte[] good = xlsxOf(rows);
    refused.put("cut", upload(422, "bureau", "cut.xlsx", java.util.Arrays.copyOf(good, 300)));
    // a sheet that is not well-formed, or defines entities (billion laughs): refused mid-read
    Map<String, byte[]> broken = parts(rows);
    broken.put(
        sheet,
        new String(broken.get(sheet), StandardCharsets.UTF_8)
            .replace("</sheetData>", "<row><c><v>1</v></sheetData>")
            .getBytes(StandardCharsets.UTF_8));
    refused.put("broken", upload(422, "bureau", "broken.xlsx", zip(broken)));
    Map<String, byte[]> laughs = parts(rows);
    laughs.put(
        sheet,
        new String(laughs.get(sheet), StandardCharsets.UTF_8)
            .replace(
                "<worksheet",
                "<!DOCTYPE worksheet [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><worksheet")
            .replace("<t>91440600TEST0000E1</t>", "<t>&c;</t>")
            .getBytes(StandardCharsets.UTF_8));
    refused.put("laughs", upload(422, "bureau", "laughs.xlsx", zip(laughs)));

    refused.forEach(
        (what, problem) -> {
          assertThat(problem.get("type").asText()).as(what).startsWith("/problems/");
          assertThat(problem.get("detail").asText()).as(what).isNotBlank();
        });
    assertThat(refused.get("bomb").get("type").asText()).isEqualTo("/problems/zip-too-large");
    assertThat(refused.get("slip").get("type").asText()).isEqualTo("/problems/unsafe-zip");
    assertThat(refused.get("many").get("type").asText())
        .isEqualTo("/problems/zip-too-many-entries");
    assertThat(refused.get("text").get("detail").asText()).contains("not an Excel workbook");
    assertThat(refused.get("xls").get("detail").asText()).contains(".xls");
    assertThat(refused.get("zip").get("detail").asText()).contains("not an Excel workbook");
    assertThat(refused.get("broken").get("detail").asText()).contains("damaged");
    assertThat(refused.get("laughs").get("detail").asText()).contains("DTD");
    assertThat(imports()).as("no import kept").isEqualTo(imports);
    assertThat(figuresOfTheYear()).as("no figure changed").isEqualTo(figures);
    assertThat(workDirs()).as("no work directory left").isEqualTo(dirs);
    // and the good workbook goes through
    assertThat(upload(201, "bureau", "good.xlsx", good).get("valid").asBoolean()).isTrue();
    assertThat(workDirs()).isEqualTo(dirs);
  }
}
