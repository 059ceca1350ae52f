package cn.foshan.redline.security;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.TwoDistrictCity;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Who reads enterprises' figures (issue 16, V39): a setting per role, held by the database. A city
 * of two districts, 禅城 (440604: parcels P1, P3; enterprise E1 registered there) and 南海 (440605: P2,
 * P4; E2, E3), with figures, grades and a breach in each. A district officer of 禅城 reads 禅城's only
 * — in the planner's list, its export, the compliance check, the OGC items, the live aggregates,
 * and in their own psql login — until the administrator widens the role's scope.
 */
class FigureScopeTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("figure_scope");
  private static final String PERSON = TestDatabase.PERSON;
  private static final int YEAR = 2024;

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
    city = new TwoDistrictCity(jdbc, "91440600SCOPE000", "测试企业 ");
    // the settings as V39 makes them (the owner may reset them)
    jdbc.sql(
            "UPDATE figure_read_scope SET scope = CASE role WHEN 'DISTRICT' THEN 'OWN_DISTRICT'"
                + " ELSE 'ALL' END")
        .update();
    if (built) {
      return;
    }
    city.build();
    accounts.create(jdbc, "admin", "Admin", "admin-2026", Role.ADMIN, null);
    accounts.create(jdbc, "bureau", "Bureau", "bureau-2026", Role.BUREAU, null);
    accounts.create(jdbc, "planner", "Planner", "planner-2026", Role.PLANNER, null);
    accounts.create(jdbc, "chancheng", "禅城区", "district-2026", Role.DISTRICT, "440604");
    jdbc.sql(
            "INSERT INTO app_user (username, display_name, password_hash, role, district_code)"
                + " VALUES ('"
                + PERSON
                + "', 'Person', 'x', 'DISTRICT', '440604')")
        .update();
    city.addParcel("P1", "440604", 112.01);
    city.addParcel("P3", "440604", 112.03);
    city.addParcel("P2", "440605", 112.51);
    city.addParcel("P4", "440605", 112.53);
    city.addEnterprise("E1", "440604");
    city.addEnterprise("E2", "440605");
    city.addEnterprise("E3", "440605");
    city.link("P1", "E1", 1);
    city.link("P3", "E1", 1);
    city.link("P2", "E2", 1);
    city.link("P4", "E3", 1);
    for (String e : List.of("E1", "E2", "E3")) {
      jdbc.sql(
              "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                  + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny,"
                  + " energy_tce, emissions_t, employees, rd_expense_10k_cny)"
                  + " VALUES (:e, :y, 100, 1000, 300, 1100, 2000, 50, 1, 10, 50)")
          .param("e", city.enterprise(e))
          .param("y", YEAR)
          .update();
    }
    // a late start on P1 (禅城) and on P2 (南海): a breach in each district
    for (String p : List.of("P1", "P2")) {
      jdbc.sql(
              "INSERT INTO supervision_agreement (parcel_id, contract_number, signed_on,"
                  + " start_works_by, complete_by, start_production_by, change_set_id) VALUES (:p,"
                  + " 'HT-' || :p, '2019-01-01', '2020-01-01', '2021-01-01', '2022-01-01', 1)")
          .param("p", city.parcel(p))
          .update();
    }
    expect(200, "POST", "/api/efficiency/recompute?year=" + YEAR, "bureau", null);
    built = true;
  }

  private HttpResponse<byte[]> send(String method, String path, String user, Object body)
      throws Exception {
    return new ServiceClient(port).send(method, path, user, body);
  }

  private JsonNode expect(int status, String method, String path, String user, Object body)
      throws Exception {
    HttpResponse<byte[]> response = send(method, path, user, body);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  private JsonNode read(String path, String user) throws Exception {
    return expect(200, "GET", path, user, null);
  }

  /** The values at a field of each element of a JSON array, sorted. */
  private static Set<String> values(JsonNode array, String pointer) {
    TreeSet<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.at(pointer).asText()));
    return out;
  }

  private void setScope(String role, String scope) throws Exception {
    expect(200, "PUT", "/api/admin/figure-scopes/" + role, "admin", Map.of("scope", scope));
  }

  @Test
  void aDistrictOfficerReadsOnlyTheirDistrictsFiguresOnEveryPath() throws Exception {
    String parcelsPath = "/api/efficiency/parcels?year=" + YEAR;
    // the bureau and the planner read every district's
    for (String user : List.of("bureau", "planner")) {
      JsonNode all = read(parcelsPath, user);
      assertThat(values(all.get("items"), "/code"))
          .as(user)
          .containsExactly("P1", "P2", "P3", "P4");
      assertThat(all.at("/figureScope/scope").asText()).isEqualTo("ALL");
      assertThat(
              values(
                  read("/api/efficiency/breaches?year=" + YEAR, user).get("items"), "/parcelCode"))
          .containsExactly("P1", "P2");
    }
    // the officer of 禅城: 禅城's parcels, and the answer says so
    JsonNode own = read(parcelsPath, "chancheng");
    assertThat(own.get("total").asLong()).isEqualTo(2);
    assertThat(values(own.get("items"), "/code")).containsExactly("P1", "P3");
    own.get("items")
        .forEach(i -> assertThat(i.get("taxPerMu").isNull()).as(i.toString()).isFalse());
    assertThat(own.at("/figureScope/scope").asText()).isEqualTo("OWN_DISTRICT");
    assertThat(own.at("/figureScope/districtName").asText()).isEqualTo("禅城区");
    // a publication's grades (公示): 禅城's enterprise only, and the page says why
    long model =
        jdbc.sql("SELECT id FROM grading_model WHERE year = :y AND active")
            .param("y", YEAR)
            .query(Long.class)
            .single();
    java.time.LocalDate today =
        jdbc.sql("SELECT current_date").query(java.time.LocalDate.class).single();
    JsonNode publication =
        expect(
            201,
            "POST",
            "/api/efficiency/publications",
            "bureau",
            Map.of(
                "modelId",
                model,
                "startsOn",
                today.toString(),
                "endsOn",
                today.plusDays(7).toString()));
    String gradesPath =
        "/api/efficiency/publications/" + publication.get("id").asLong() + "/grades";
    JsonNode ownGrades = read(gradesPath, "chancheng");
    assertThat(values(ownGrades.get("items"), "/creditCode")).containsExactly("91440600SCOPE000E1");
    assertThat(ownGrades.at("/figureScope/scope").asText()).isEqualTo("OWN_DISTRICT");
    assertThat(ownGrades.at("/figureScope/districtName").asText()).isEqualTo("禅城区");
    JsonNode allGrades = read(gradesPath, "planner");
    assertThat(allGrades.get("total").asLong()).isEqualTo(3);
    assertThat(allGrades.at("/figureScope/scope").asText()).isEqualTo("ALL");
    // a published year is not recomputed, and the other tests recompute 2024: the publication
    // goes (as the schema's owner; TRUNCATE is refused only once a year's list is final)
    jdbc.sql("TRUNCATE grade_publication CASCADE").update();
    // another district: refused, saying why
    JsonNode refused = expect(403, "GET", parcelsPath + "&district=440605", "chancheng", null);
    assertThat(refused.get("detail").asText()).startsWith("你的角色只能查看本区（禅城区）的企业数据");
    // the compliance check, the export, the enterprises, the OGC items
    JsonNode breaches = read("/api/efficiency/breaches?year=" + YEAR, "chancheng");
    assertThat(values(breaches.get("items"), "/parcelCode")).containsExactly("P1");
    String csv =
        new String(
            send("GET", parcelsPath + "&format=csv", "chancheng", null).body(),
            StandardCharsets.UTF_8);
    assertThat(csv).contains("P1").contains("P3").doesNotContain("P2").doesNotContain("P4");
    JsonNode firms = read("/api/efficiency?level=enterprise&year=" + YEAR, "chancheng");
    assertThat(values(firms.get("units"), "/code")).containsExactly("91440600SCOPE000E1");
    for (String view : List.of("parcel_efficiency", "parcel_breach")) {
      JsonNode items = read("/ogc/collections/" + view + "/items?limit=100", "chancheng");
      assertThat(values(items.get("features"), "/properties/district"))
          .as(view)
          .containsExactly("440604");
      JsonNode planners = read("/ogc/collections/" + view + "/items?limit=100", "planner");
      assertThat(values(planners.get("features"), "/properties/district"))
          .as(view)
          .containsExactly("440604", "440605");
    }
  }

  @Test
  void aLiveCityWideAggregateIsRestrictedOrRefused() throws Exception {
    // the distribution keeps to the officer's district, and says so
    JsonNode mine = read("/api/efficiency/distribution?level=parcel&year=" + YEAR, "chancheng");
    long counted = 0;
    for (JsonNode bin : mine.get("bins")) {
      counted += bin.get("count").asLong();
    }
    assertThat(counted).as(mine.toString()).isEqualTo(2);
    assertThat(mine.at("/figureScope/district").asText()).isEqualTo("440604");
    JsonNode all = read("/api/efficiency/distribution?level=parcel&year=" + YEAR, "planner");
    long everywhere = 0;
    for (JsonNode bin : all.get("bins")) {
      everywhere += bin.get("count").asLong();
    }
    assertThat(everywhere).isEqualTo(4);
    // the park assessment and a cluster's summary cover the whole city: refused
    JsonNode parks = expect(403, "GET", "/api/efficiency/parks?year=" + YEAR, "chancheng", null);
    assertThat(parks.get("detail").asText()).startsWith("你的角色只能查看本区（禅城区）的企业数据");
    expect(
        403,
        "GET",
        "/api/efficiency/summary?level=district&code=440605&year=" + YEAR,
        "chancheng",
        null);
    read("/api/efficiency/summary?level=district&code=440604&year=" + YEAR, "chancheng");
    // the totals computed ahead stay readable
    JsonNode districts = read("/api/efficiency?level=district&year=" + YEAR, "chancheng");
    assertThat(values(districts.get("units"), "/code")).containsExactly("440604", "440605");
  }

  @Test
  void theAdministratorWidensTheScopeAndTheNextRequestSeesIt() throws Exception {
    String parcelsPath = "/api/efficiency/parcels?year=" + YEAR;
    assertThat(read(parcelsPath, "chancheng").get("total").asLong()).isEqualTo(2);
    // nobody else changes it
    expect(403, "PUT", "/api/admin/figure-scopes/DISTRICT", "bureau", Map.of("scope", "ALL"));
    expect(400, "PUT", "/api/admin/figure-scopes/BUREAU", "admin", Map.of("scope", "NONE"));
    setScope("DISTRICT", "ALL");
    JsonNode listed = read("/api/admin/figure-scopes", "admin");
    assertThat(listed.toString())
        .contains("\"role\":\"DISTRICT\",\"scope\":\"ALL\",\"updatedBy\":\"admin\"");
    JsonNode all = read(parcelsPath, "chancheng");
    assertThat(values(all.get("items"), "/code")).containsExactly("P1", "P2", "P3", "P4");
    assertThat(read("/api/efficiency/parks?year=" + YEAR, "chancheng").get("parks")).isNotNull();
    // audited, as the administrator's
    List<String> audited =
        jdbc.sql(
                "SELECT actor || ' ' || object || ' ' || (detail -> 'scope')::text FROM audit_event"
                    + " WHERE action = 'FIGURE_SCOPE_CHANGED' ORDER BY id DESC LIMIT 1")
            .query(String.class)
            .list();
    assertThat(audited)
        .containsExactly("admin figure_read_scope/DISTRICT [\"OWN_DISTRICT\", \"ALL\"]");
  }

  @Test
  void aRoleReadingNoneIsRefusedEveryFigureAndKeepsTheTotals() throws Exception {
    setScope("PLANNER", "NONE");
    for (String path :
        List.of(
            "/api/efficiency/parcels?year=" + YEAR,
            "/api/efficiency/parcels?format=csv&year=" + YEAR,
            "/api/efficiency/breaches?year=" + YEAR,
            "/api/efficiency?level=parcel&year=" + YEAR,
            "/api/efficiency/distribution?year=" + YEAR,
            "/api/efficiency/grade-changes?year=" + YEAR,
            "/ogc/collections/parcel_efficiency/items")) {
      JsonNode refused = expect(403, "GET", path, "planner", null);
      assertThat(refused.get("detail").asText()).as(path).startsWith("你的角色不能查看企业和宗地的");
    }
    read("/api/efficiency?level=district&year=" + YEAR, "planner");
    read("/api/efficiency/concentration?year=" + YEAR, "planner");
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void theDatabaseHoldsItForAnySessionAndOnlyTheAdministratorChangesIt() throws Exception {
    // the year's distributions kept (any write to the figures by another test forgets them)
    expect(200, "POST", "/api/efficiency/recompute?year=" + YEAR, "bureau", null);
    List<String> tables =
        List.of(
            "parcel_efficiency",
            "enterprise_efficiency",
            "parcel_breach",
            "parcel_grade",
            "enterprise_grade",
            "annual_indicator");
    // what V32 and V33 keep beside the figures is read under the same scope (V40)
    assertThat(
            jdbc.sql(
                    "SELECT tablename FROM pg_policies WHERE schemaname = current_schema()"
                        + " AND cmd = 'SELECT' AND qual NOT LIKE '%figures_everywhere()%'"
                        + " AND tablename IN ('grade_objection', 'grade_objection_decision',"
                        + " 'grade_case', 'grade_case_follow_up', 'parcel_progress',"
                        + " 'idle_land_case', 'idle_land_case_history', 'breach_damages',"
                        + " 'breach_damages_payment', 'efficiency_distribution')")
                .query(String.class)
                .list())
        .as("SELECT policies not under the figure scope")
        .isEmpty();
    for (String p : List.of("P1", "P2")) {
      jdbc.sql(
              "INSERT INTO parcel_progress (parcel_id, year, developed_area_m2) VALUES (:p, :y, 100)"
                  + " ON CONFLICT DO NOTHING")
          .param("p", city.parcel(p))
          .param("y", YEAR)
          .update();
    }
    Map<String, Long> everything = new HashMap<>();
    for (String t : tables) {
      everything.put(t, jdbc.sql("SELECT count(*) FROM " + t).query(Long.class).single());
      assertThat(everything.get(t)).as(t).isGreaterThan(0);
    }
    // a person's own psql login (a district officer of 禅城): only 禅城's rows
    try (Connection c = TestDatabase.person(SCHEMA)) {
      c.createStatement().execute("SELECT set_config('redline.actor', 'bureau', false)");
      assertThat(count(c, "SELECT count(*) FROM parcel_efficiency WHERE district_code <> '440604'"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM parcel_efficiency")).isEqualTo(2);
      assertThat(count(c, "SELECT count(*) FROM parcel_breach")).isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM annual_indicator")).as("E1's").isEqualTo(1);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM enterprise_grade g JOIN enterprise e ON e.id ="
                      + " g.enterprise_id WHERE e.district_code <> '440604'"))
          .isZero();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM parcel_grade g JOIN parcel p ON p.id = g.parcel_id"
                      + " WHERE p.district_code <> '440604'"))
          .isZero();
      // and cannot change the setting
      refused(
          c,
          "UPDATE figure_read_scope SET scope = 'ALL' WHERE role = 'DISTRICT'",
          "permission denied");
    }
    // the service's login acting for the officer: the same; acting for the bureau: everything
    List<String> refused = new ArrayList<>();
    try (Connection c = TestDatabase.actingFor(SCHEMA, "chancheng")) {
      assertThat(count(c, "SELECT count(*) FROM parcel_efficiency")).isEqualTo(2);
      assertThat(count(c, "SELECT count(*) FROM enterprise_efficiency")).isEqualTo(1);
      // a parcel's development progress and investment (V33) as its figures (V40): P1's, not P2's
      assertThat(count(c, "SELECT count(*) FROM parcel_progress")).as("progress").isEqualTo(1);
      // the distributions the recompute kept (V37, V46): 禅城's, not the city's or 南海's
      assertThat(count(c, "SELECT count(*) FROM efficiency_distribution")).isPositive();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM efficiency_distribution"
                      + " WHERE scope <> 'district' OR code <> '440604'"))
          .as("kept distributions outside 禅城")
          .isZero();
      try {
        c.createStatement()
            .executeUpdate("UPDATE figure_read_scope SET scope = 'ALL' WHERE role = 'DISTRICT'");
      } catch (SQLException e) {
        refused.add(e.getMessage());
      }
      c.createStatement().execute("SELECT set_config('redline.actor', '', false)");
      assertThat(count(c, "SELECT count(*) FROM parcel_efficiency")).as("nobody").isZero();
      c.createStatement().execute("SELECT set_config('redline.actor', 'bureau', false)");
      for (String t : tables) {
        assertThat(count(c, "SELECT count(*) FROM " + t)).as(t).isEqualTo(everything.get(t));
      }
      assertThat(count(c, "SELECT count(*) FROM efficiency_distribution WHERE scope = 'city'"))
          .as("the city's kept distributions, for the bureau")
          .isPositive();
    }
    assertThat(refused).singleElement().asString().contains("只有系统管理员");
    assertThat(
            jdbc.sql("SELECT scope FROM figure_read_scope WHERE role = 'DISTRICT'")
                .query(String.class)
                .single())
        .isEqualTo("OWN_DISTRICT");
  }
}
