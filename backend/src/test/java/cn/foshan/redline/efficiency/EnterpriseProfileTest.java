package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.TwoDistrictCity;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * An enterprise's profile (GET /api/enterprises/{key}/profile, issue 16). A hand-made city of two
 * districts: 禅城 440604 with parcels P1 and P3, 南海 440605 with P2. Enterprise E1 (registered in 禅城)
 * uses all of P1 and half of P3's floor area; E2 (南海) uses P2 and the other half of P3.
 *
 * <p>The figures of E1, by hand. P1 and P3 are 0.01° × 0.01° quadrangles between 22.10° and 22.11°
 * N: the same ellipsoidal area A each (an area on the ellipsoid depends on the latitude band and
 * the longitude span only). On GRS80 (a = 6378137, f = 1/298.257222101, b = a(1 − f), e² = f(2 −
 * f)) a quadrangle is A = b²·Δλ/2·[q(φ₂) − q(φ₁)], q(φ) = sinφ/(1 − e²sin²φ) + ln((1 + e sinφ)/(1 −
 * e sinφ))/(2e): A = 1,142,595.6 m² (PostGIS's polygon has geodesic top and bottom edges, not
 * parallels: the two bulges cancel to well under 1 m², checked to 1 m² below). E1's land = (1 +
 * 0.5) × A ÷ 666.667 = 1.5 × 1,713.893 = 2,570.840 mu. 2024: tax 100, output 1000, value added 300,
 * investment 2000 万元 → tax per mu 100 ÷ 2,570.840 = 0.038898, output per mu 0.388978, value added
 * per mu 0.116693, investment per mu 0.777956 万元/亩. 2023: tax 60 → 0.023339 万元/亩.
 *
 * <p>Who sees them: the planner (ALL) and 禅城's officer (own district: E1 is registered there); 南海's
 * officer, a visitor and a planner whose role the administrator set to NONE get E1's identity and
 * parcels with a Chinese-first figureScope note, and no figures. An enterprise with 53 parcels
 * lists the first 50 and says so.
 *
 * <p>Negative tax (refunds 退税), in 2022 (a year of its own, so the other tests' years stay as they
 * are): E2 reports −20 万元, E4 50. The import's data check is valid (a refund is no error) but flags
 * E2's row and explains it; a model made since grades a negative tax as 0 (options.negativeTax
 * ZERO, the default — what a bureau expects: the firm paid no net tax, a refund such as a VAT
 * credit refund 增值税留抵退税 is not a penalty, and it must not stretch a MINMAX scale for everyone; the
 * flag leaves the check of the refund to a person and an objection). With the model RATIO, tax per
 * mu × 100 (benchmark 1): E4 on P4 (A ÷ 666.667 = 1,713.893 mu) → 50 ÷ 1,713.893 × 100 = 2.9173; E2
 * on P2 and half of P3 (2,570.840 mu) → 0 under ZERO, and under AS_IS (a model that asks for the
 * old way) −20 ÷ 2,570.840 × 100 = −0.7780. Without the change the import's summary has no
 * negativeTax and the ZERO model is refused (400: unknown option), so that test fails.
 *
 * <p>Without this change the endpoint does not exist: every request here answers 404 (no handler),
 * so every test fails.
 */
class EnterpriseProfileTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("enterprise_profile");

  /** A by hand (see the class comment), m². */
  private static final double A = 1_142_595.5975;

  private static final double MU = 10000.0 / 15;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @Autowired private UserAccounts accounts;

  private TwoDistrictCity city;
  private static boolean built;

  @BeforeEach
  void city() throws Exception {
    city = new TwoDistrictCity(jdbc, "91440600PROFILE0", "画像企业 ");
    jdbc.sql(
            "UPDATE figure_read_scope SET scope = CASE role WHEN 'DISTRICT' THEN 'OWN_DISTRICT'"
                + " ELSE 'ALL' END")
        .update();
    if (built) {
      return;
    }
    city.build();
    accounts.create(jdbc, "bureau", "Bureau", "bureau-2026", Role.BUREAU, null);
    accounts.create(jdbc, "planner", "Planner", "planner-2026", Role.PLANNER, null);
    accounts.create(jdbc, "chancheng", "禅城区", "district-2026", Role.DISTRICT, "440604");
    accounts.create(jdbc, "nanhai", "南海区", "district-2026", Role.DISTRICT, "440605");
    city.addParcel("P1", "440604", 112.01);
    city.addParcel("P3", "440604", 112.03);
    city.addParcel("P2", "440605", 112.51);
    city.addParcel("P4", "440605", 112.53);
    city.addEnterprise("E1", "440604");
    city.addEnterprise("E2", "440605");
    city.addEnterprise("E3", "440604");
    city.addEnterprise("E4", "440605");
    city.link("P1", "E1", 1);
    city.link("P3", "E1", 0.5);
    city.link("P3", "E2", 0.5);
    city.link("P2", "E2", 1);
    city.link("P4", "E4", 1);
    // E3: 53 small parcels in 禅城 (more than a profile lists)
    jdbc.sql(
            "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on, geom,"
                + " change_set_id) SELECT 'Q' || lpad(i::text, 3, '0'), '440604', '0601', 'GRANT',"
                + " '2018-01-01', ST_Multi(ST_MakeEnvelope(112.2 + i * 0.001, 22.3, 112.2005 + i"
                + " * 0.001, 22.3005, 4490)), 1 FROM generate_series(1, 53) i")
        .update();
    jdbc.sql(
            "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                + " SELECT id, :e, 1, '2019-01-01' FROM parcel WHERE code LIKE 'Q%'")
        .param("e", city.enterprise("E3"))
        .update();
    figures("E1", 2023, 60, 800, 240, 1500);
    figures("E1", 2024, 100, 1000, 300, 2000);
    figures("E2", 2023, 90, 900, 250, 1800);
    figures("E2", 2024, 120, 1100, 320, 2100);
    // P1's works were due to start on 2020-01-01 and have not: a late start every year
    jdbc.sql(
            "INSERT INTO supervision_agreement (parcel_id, contract_number, signed_on,"
                + " tax_per_mu, start_works_by, complete_by, start_production_by, change_set_id)"
                + " VALUES (:p, 'HT-P1', '2019-01-01', 20, '2020-01-01', '2021-01-01',"
                + " '2022-01-01', 1)")
        .param("p", city.parcel("P1"))
        .update();
    expect(200, "POST", "/api/efficiency/recompute?year=2023", "bureau", null);
    expect(200, "POST", "/api/efficiency/recompute?year=2024", "bureau", null);
    // the 2024 grades published 公示
    long model =
        jdbc.sql("SELECT id FROM grading_model WHERE year = 2024 AND active")
            .query(Long.class)
            .single();
    LocalDate today = jdbc.sql("SELECT current_date").query(LocalDate.class).single();
    expect(
        201,
        "POST",
        "/api/efficiency/publications",
        "bureau",
        Map.of(
            "modelId",
            model,
            "startsOn",
            today.minusDays(1).toString(),
            "endsOn",
            today.plusDays(6).toString(),
            "documentNumber",
            "佛自然资〔2025〕7号"));
    built = true;
  }

  private void figures(String e, int year, double tax, double output, double va, double inv) {
    jdbc.sql(
            "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny,"
                + " energy_tce, emissions_t, employees, rd_expense_10k_cny)"
                + " VALUES (:e, :y, :tax, :out, :va, :out, :inv, 50, 1, 10, 20)")
        .param("e", city.enterprise(e))
        .param("y", year)
        .param("tax", tax)
        .param("out", output)
        .param("va", va)
        .param("inv", inv)
        .update();
  }

  private JsonNode expect(int status, String method, String path, String user, Object body)
      throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send(method, path, user, body);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  private JsonNode profile(String key, String user) throws Exception {
    return expect(200, "GET", "/api/enterprises/" + key + "/profile", user, null);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  @Test
  void aPlannerReadsTheEnterpriseAcrossItsParcelsAndYearsWithTheFiguresWorkedOutByHand()
      throws Exception {
    JsonNode p = profile(Long.toString(city.enterprise("E1")), "planner");
    JsonNode e = p.get("enterprise");
    assertThat(e.get("creditCode").asText()).isEqualTo("91440600PROFILE0E1");
    assertThat(e.get("name").asText()).isEqualTo("画像企业 E1");
    assertThat(e.get("districtName").asText()).isEqualTo("禅城区");
    assertThat(e.get("industryName").asText()).isEqualTo("通用设备制造业");
    assertThat(texts(p.get("parcels"), "code")).containsExactly("P1", "P3");
    assertThat(p.get("parcels").get(1).get("floorAreaShare").asDouble()).isEqualTo(0.5);
    assertThat(p.get("parcels").get(0).get("areaMu").asDouble())
        .isCloseTo(A / MU, within(1.0 / MU));
    assertThat(p.get("parcelsTotal").asLong()).isEqualTo(2);
    assertThat(p.get("parcelsNote").isNull()).isTrue();
    assertThat(p.at("/figureScope/scope").asText()).isEqualTo("ALL");
    assertThat(p.at("/figureScope/readable").asBoolean()).isTrue();

    JsonNode years = p.at("/figures/years");
    assertThat(texts(years, "year")).containsExactly("2024", "2023");
    // land 1.5 × A ÷ 666.667 = 2,570.840 mu; to 1 m² of A by hand, to 1e-12 of the stored area
    double areaM2 =
        jdbc.sql("SELECT area_m2 FROM parcel WHERE code = 'P1'").query(Double.class).single();
    assertThat(areaM2).isCloseTo(A, within(1.0));
    double land = 1.5 * areaM2 / MU;
    JsonNode y2024 = years.get(0);
    assertThat(y2024.get("landMu").asDouble()).isCloseTo(2570.840, within(0.002));
    assertThat(y2024.get("landMu").asDouble()).isCloseTo(land, within(land * 1e-12));
    assertThat(y2024.get("taxPerMu").asDouble()).isCloseTo(0.038898, within(1e-6));
    assertThat(y2024.get("taxPerMu").asDouble()).isCloseTo(100 / land, within(1e-15));
    assertThat(y2024.get("outputPerMu").asDouble()).isCloseTo(1000 / land, within(1e-14));
    assertThat(y2024.get("valueAddedPerMu").asDouble()).isCloseTo(300 / land, within(1e-14));
    assertThat(y2024.get("investmentPerMu").asDouble()).isCloseTo(0.777956, within(1e-6));
    assertThat(y2024.get("investmentPerMu").asDouble()).isCloseTo(2000 / land, within(1e-14));
    assertThat(y2024.get("negativeTax").asBoolean()).isFalse();
    assertThat(years.get(1).get("taxPerMu").asDouble()).isCloseTo(0.023339, within(1e-6));

    // grade history: one model per year (version 1, active), the 2024 one published
    JsonNode grades = p.at("/figures/grades");
    assertThat(texts(grades, "year")).containsExactly("2024", "2023");
    for (JsonNode g : grades) {
      assertThat(g.get("modelVersion").asInt()).isEqualTo(1);
      assertThat(g.get("active").asBoolean()).isTrue();
      String stored =
          jdbc.sql(
                  "SELECT coalesce(grade, not_graded) FROM enterprise_grade WHERE model_id = :m"
                      + " AND enterprise_id = :e")
              .param("m", g.get("modelId").asLong())
              .param("e", city.enterprise("E1"))
              .query(String.class)
              .single();
      assertThat(g.get("grade").isNull() ? g.get("notGraded").asText() : g.get("grade").asText())
          .isEqualTo(stored);
    }
    assertThat(grades.get(0).get("publicationState").asText()).isEqualTo("PUBLISHED");
    assertThat(grades.get(0).get("documentNumber").asText()).isEqualTo("佛自然资〔2025〕7号");
    assertThat(grades.get(1).get("publicationState").isNull()).isTrue();

    // P1's agreement and its late start in every year checked (2022 too once the negative-tax
    // test has imported that year), newest first
    assertThat(texts(p.at("/figures/agreements"), "contractNumber")).containsExactly("HT-P1");
    JsonNode breaches = p.at("/figures/breaches");
    assertThat(texts(breaches, "year")).startsWith("2024", "2023");
    assertThat(texts(breaches, "parcelCode")).containsOnly("P1");
    assertThat(breaches.get(0).get("kinds").toString()).contains("LATE_START");
    assertThat(p.at("/figures/cases").size()).isZero();

    // the same enterprise by its credit code
    JsonNode byCode = profile("91440600profile0e1", "planner");
    assertThat(byCode.at("/enterprise/id").asLong()).isEqualTo(city.enterprise("E1"));
  }

  @Test
  void theOfficerOfItsDistrictReadsTheFiguresTheOtherDistrictsOfficerAndAVisitorOnlyItsName()
      throws Exception {
    String e1 = Long.toString(city.enterprise("E1"));
    JsonNode own = profile(e1, "chancheng");
    assertThat(own.at("/figureScope/scope").asText()).isEqualTo("OWN_DISTRICT");
    assertThat(own.at("/figureScope/readable").asBoolean()).isTrue();
    assertThat(own.at("/figures/years").size()).isEqualTo(2);

    JsonNode other = profile(e1, "nanhai");
    assertThat(other.at("/figureScope/readable").asBoolean()).isFalse();
    assertThat(other.at("/figureScope/note").asText()).startsWith("你的角色只能查看本区（南海区）的企业数据，该企业登记在禅城区");
    assertThat(other.get("figures").isNull()).isTrue();
    assertThat(texts(other.get("parcels"), "code")).containsExactly("P1", "P3");
    assertThat(other.toString()).doesNotContain("taxPerMu").doesNotContain("HT-P1");

    JsonNode visitor = profile(e1, null);
    assertThat(visitor.at("/figureScope/scope").asText()).isEqualTo("NONE");
    assertThat(visitor.at("/figureScope/readable").asBoolean()).isFalse();
    assertThat(visitor.at("/figureScope/note").asText()).startsWith("企业的税收、亩均、评价、履约和案件数据须登录后");
    assertThat(visitor.get("figures").isNull()).isTrue();
    assertThat(visitor.at("/enterprise/name").asText()).isEqualTo("画像企业 E1");

    // the administrator's setting: planners read none
    jdbc.sql("UPDATE figure_read_scope SET scope = 'NONE' WHERE role = 'PLANNER'").update();
    JsonNode none = profile(e1, "planner");
    assertThat(none.get("figures").isNull()).isTrue();
    assertThat(none.at("/figureScope/note").asText()).startsWith("你的角色不能查看企业的税收");
  }

  @Test
  void manyParcelsAreCappedAndTheAnswerSaysSo() throws Exception {
    JsonNode p = profile(Long.toString(city.enterprise("E3")), "planner");
    assertThat(p.get("parcels").size()).isEqualTo(EnterpriseProfileController.PARCEL_LIMIT);
    assertThat(p.get("parcelsTotal").asLong()).isEqualTo(53);
    assertThat(p.get("parcels").get(0).get("code").asText()).isEqualTo("Q001");
    assertThat(p.get("parcelsNote").asText()).startsWith("该企业使用 53 宗地，此处列出按宗地编号排序的前 50 宗");
  }

  @Test
  void aNegativeTaxIsFlaggedByTheImportsDataCheckAndGradedAsZero() throws Exception {
    String csv =
        "credit_code,tax_10k_cny,output_10k_cny,value_added_10k_cny,revenue_10k_cny,"
            + "fixed_asset_investment_10k_cny,energy_tce,emissions_t,employees,rd_expense_10k_cny\n"
            + "91440600PROFILE0E4,50,900,250,900,1800,50,1,10,20\n"
            + "91440600PROFILE0E2,-20,1100,320,1100,2100,50,1,10,20\n";
    JsonNode report = upload(2022, csv);
    assertThat(report.get("valid").asBoolean()).isTrue();
    assertThat(report.at("/summary/negativeTax").asLong()).isEqualTo(1);
    assertThat(report.at("/summary/negativeTaxRows/0/row").asLong()).isEqualTo(3);
    assertThat(report.at("/summary/negativeTaxRows/0/creditCode").asText())
        .isEqualTo("91440600PROFILE0E2");
    assertThat(report.at("/summary/negativeTaxRows/0/tax10kCny").asDouble()).isEqualTo(-20);
    assertThat(report.at("/summary/negativeTaxNote").asText())
        .startsWith("这些企业本年度税收为负：退税（如增值税留抵退税）多于当年缴纳的税款")
        .contains("按 0 计");
    expect(
        200,
        "POST",
        "/api/efficiency/imports/" + report.get("id").asLong() + "/commit",
        "bureau",
        null);
    // the year's default model grades it as 0 too
    assertThat(
            jdbc.sql(
                    "SELECT options ->> 'negativeTax' FROM grading_model WHERE year = 2022 AND active")
                .query(String.class)
                .single())
        .isEqualTo("ZERO");

    Map<String, Object> model = new HashMap<>();
    model.put("year", 2022);
    model.put("method", "RATIO");
    model.put(
        "indicators", List.of(Map.of("indicator", "taxPerMu", "weight", 100, "benchmark", 1)));
    model.put("classRule", Map.of("kind", "RANK_SHARE", "A", 0.5, "B", 0, "D", 0.5));
    long zero = expect(201, "POST", "/api/efficiency/models", "bureau", model).get("id").asLong();
    assertThat(score(zero, "E4")).isEqualTo(2.9173);
    assertThat(score(zero, "E2")).isEqualTo(0.0);
    model.put("options", Map.of("negativeTax", "AS_IS"));
    long asIs = expect(201, "POST", "/api/efficiency/models", "bureau", model).get("id").asLong();
    assertThat(score(asIs, "E2")).isEqualTo(-0.7780);
    model.put("options", Map.of("negativeTax", "FLOOR"));
    assertThat(
            expect(400, "POST", "/api/efficiency/models", "bureau", model).get("detail").asText())
        .startsWith("options.negativeTax 须为 ZERO");
    // the profile says the year's tax is negative
    JsonNode p = profile(Long.toString(city.enterprise("E2")), "planner");
    JsonNode y2022 = p.at("/figures/years/2");
    assertThat(y2022.get("year").asInt()).isEqualTo(2022);
    assertThat(y2022.get("negativeTax").asBoolean()).isTrue();
  }

  private double score(long model, String enterprise) {
    return jdbc.sql("SELECT score FROM enterprise_grade WHERE model_id = :m AND enterprise_id = :e")
        .param("m", model)
        .param("e", city.enterprise(enterprise))
        .query(Double.class)
        .single();
  }

  /** POST /api/efficiency/imports (bureau) with a CSV as multipart form data: the report. */
  private JsonNode upload(int year, String csv) throws Exception {
    HttpResponse<byte[]> response =
        new ServiceClient(port)
            .upload(
                "/api/efficiency/imports",
                "bureau",
                Multipart.of("year", year)
                    .file("file", "figures.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(text).isEqualTo(201);
    return ServiceClient.json(response.body());
  }

  @Test
  void theOpenApiDescriptionNamesTheProfile() throws Exception {
    JsonNode paths = expect(200, "GET", "/v3/api-docs", null, null).get("paths");
    assertThat(paths.has("/api/enterprises/{key}/profile")).isTrue();
    assertThat(paths.at("/~1api~1enterprises~1{key}~1profile/get/summary").asText())
        .startsWith("An enterprise's profile");
  }

  @Test
  void anUnknownEnterpriseIs404AndAMalformedKey400InChinese() throws Exception {
    JsonNode missing = expect(404, "GET", "/api/enterprises/999999/profile", "planner", null);
    assertThat(missing.get("detail").asText()).startsWith("没有编号 999999 的企业");
    JsonNode noCode =
        expect(404, "GET", "/api/enterprises/91440600NOSUCH0000/profile", "planner", null);
    assertThat(noCode.get("detail").asText()).startsWith("没有统一社会信用代码 91440600NOSUCH0000 的企业");
    JsonNode bad = expect(400, "GET", "/api/enterprises/abc/profile", "planner", null);
    assertThat(bad.get("detail").asText()).startsWith("请以企业编号或 18 位统一社会信用代码指明企业");
  }
}
