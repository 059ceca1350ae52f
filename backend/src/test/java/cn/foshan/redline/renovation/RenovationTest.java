package cn.foshan.redline.renovation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Village-park renovation: transitions allowed and refused with their reasons (by the service and,
 * for every other writer, by the database), who may move a park, annual plans and their 以增定改
 * balance on hand-made cases, the year's summary against an independent computation, the report.
 */
class RenovationTest extends EditingTest {

  private static final double MU = 10000.0 / 15;

  /** A park of a district in a status, by rank (each test uses its own ranks or districts). */
  private long park(String district, String status, int rank) {
    return jdbc.sql(
            "SELECT id FROM village_park WHERE district_code = :d AND status = :s"
                + " ORDER BY id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("s", status)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  /** A park of a district, status and renovation type, by rank. */
  private long park(String district, String status, String type, int rank) {
    return jdbc.sql(
            "SELECT id FROM village_park WHERE district_code = :d AND status = :s"
                + " AND renovation_type = :t ORDER BY id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("s", status)
        .param("t", type)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  private int parkVersion(long id) {
    return jdbc.sql("SELECT version FROM village_park WHERE id = :id")
        .param("id", id)
        .query(Integer.class)
        .single();
  }

  private JsonNode move(int status, String user, long id, Map<String, ?> body) throws Exception {
    return expect(
        status,
        "POST",
        "/api/renovation/parks/" + id + "/transitions",
        user,
        body,
        "If-Match",
        "\"" + parkVersion(id) + "\"");
  }

  private static Map<String, Object> step(String status, Object... more) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("reason", "村改推进 renovation progress");
    body.put("documentNumber", "佛三村改〔2026〕7号");
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return body;
  }

  @Test
  void aParkMovesOneStatusAtATimeWithTheDataEachNeeds() throws Exception {
    long id = park("440607", "PLANNED", "FULL", 0);
    // the demo's ledger already holds its planning, on the day of its status
    JsonNode planned = expect(200, "GET", "/api/renovation/parks/" + id + "/statuses", null, null);
    assertThat(planned).hasSize(1);
    assertThat(planned.get(0).get("status").asText()).isEqualTo("PLANNED");
    assertThat(planned.get(0).get("enteredOn").asText())
        .isEqualTo(
            jdbc.sql("SELECT status_since::text FROM village_park WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single());
    // no version: 428; skipping a status: 422 with the reason
    expect(
        428, "POST", "/api/renovation/parks/" + id + "/transitions", "bureau", step("DEMOLITION"));
    JsonNode skip = move(422, "bureau", id, step("CONSTRUCTION", "demolishedAreaM2", 10));
    assertThat(skip.get("type").asText()).isEqualTo("/problems/transition-refused");
    assertThat(skip.get("reasons").toString()).contains("one status forward");
    JsonNode unknown = move(422, "bureau", id, step("DONE"));
    assertThat(unknown.get("reasons").toString()).contains("unknown status");
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    JsonNode future =
        move(422, "bureau", id, step("DEMOLITION", "date", today.plusDays(3).toString()));
    assertThat(future.get("reasons").toString()).contains("future");

    // 计划 → 拆除, on a given day
    JsonNode demolition =
        move(200, "bureau", id, step("DEMOLITION", "date", today.minusDays(20).toString()));
    assertThat(demolition.get("status").asText()).isEqualTo("DEMOLITION");
    assertThat(demolition.get("statusSince").asText()).isEqualTo(today.minusDays(20).toString());
    // 拆除 → 建设 needs the demolished area; a day before the previous one is refused
    JsonNode noArea = move(422, "bureau", id, step("CONSTRUCTION"));
    assertThat(noArea.get("reasons").toString()).contains("demolishedAreaM2");
    JsonNode early =
        move(
            422,
            "bureau",
            id,
            step("CONSTRUCTION", "demolishedAreaM2", 5000, "date", today.minusDays(30).toString()));
    assertThat(early.get("reasons").toString()).contains("before the previous one");
    move(
        200,
        "bureau",
        id,
        step("CONSTRUCTION", "demolishedAreaM2", 5000, "date", today.minusDays(10).toString()));
    // 建设 → 竣工 needs the new floor area and the plot ratio after: both reasons at once
    JsonNode incomplete = move(422, "bureau", id, step("COMPLETED"));
    assertThat(incomplete.get("reasons")).hasSize(2);
    move(200, "bureau", id, step("COMPLETED", "newFloorAreaM2", 90000, "plotRatioAfter", 3.1));
    // 竣工 → 投产 needs the enterprises after
    move(422, "bureau", id, step("PRODUCTION"));
    move(200, "bureau", id, step("PRODUCTION", "enterprisesAfter", 12));
    // nothing after 投产
    assertThat(
            move(422, "bureau", id, step("PRODUCTION", "enterprisesAfter", 12))
                .get("reasons")
                .toString())
        .contains("one status forward");

    // a stale version: 412
    expect(
        412,
        "POST",
        "/api/renovation/parks/" + id + "/transitions",
        "bureau",
        step("PRODUCTION"),
        "If-Match",
        "\"1\"");

    // the ledger: planning, then four statuses with day, who, document, in order
    JsonNode all = expect(200, "GET", "/api/renovation/parks/" + id + "/statuses", null, null);
    assertThat(all).hasSize(5);
    List<JsonNode> ledger = new java.util.ArrayList<>();
    all.forEach(ledger::add);
    ledger = ledger.subList(1, 5);
    assertThat(ledger.get(0).get("status").asText()).isEqualTo("DEMOLITION");
    assertThat(ledger.get(0).get("enteredOn").asText()).isEqualTo(today.minusDays(20).toString());
    assertThat(ledger.get(1).get("enteredOn").asText()).isEqualTo(today.minusDays(10).toString());
    assertThat(ledger.get(3).get("status").asText()).isEqualTo("PRODUCTION");
    assertThat(ledger.get(3).get("enteredOn").asText()).isEqualTo(today.toString());
    for (JsonNode e : ledger) {
      assertThat(e.get("actor").asText()).isEqualTo("bureau");
      assertThat(e.get("documentNumber").asText()).isEqualTo("佛三村改〔2026〕7号");
    }
    JsonNode park = feature("village_park", id);
    assertThat(park.at("/properties/demolishedAreaM2").asDouble()).isEqualTo(5000.0);
    assertThat(park.at("/properties/enterprisesAfter").asInt()).isEqualTo(12);
    // a revert of the last change set goes back a status, through the editing system
    long last = ledger.get(3).get("changeSetId").asLong();
    long revert =
        expect(
                201,
                "POST",
                "/api/change-sets/" + last + "/revert",
                "bureau",
                Map.of("reason", "误报 reported by mistake"))
            .get("id")
            .asLong();
    expect(200, "POST", "/api/change-sets/" + revert + "/commit", "bureau", null);
    assertThat(feature("village_park", id).at("/properties/status").asText())
        .isEqualTo("COMPLETED");
  }

  @Test
  void theDatabaseRefusesASkippedStatusOrMissingDataFromAnyWriter() throws Exception {
    long id = park("440607", "PLANNED", "FULL", 1);
    // through the generic feature write of the editing system
    JsonNode refused =
        expect(
            422,
            "PUT",
            "/api/layers/village_park/features/" + id,
            "bureau",
            Map.of("properties", Map.of("status", "COMPLETED"), "reason", "skip"),
            "If-Match",
            "\"" + parkVersion(id) + "\"");
    assertThat(refused.get("detail").asText()).contains("one status forward");
    // straight SQL in a committed change set
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO change_set (id, author, reason, status, committed_at)"
                + " VALUES (900001, 'psql', 'by hand', 'COMMITTED', now())");
        assertThatThrownBy(
                () ->
                    st.execute(
                        "UPDATE village_park SET status = 'CONSTRUCTION', change_set_id = 900001"
                            + " WHERE id = "
                            + id))
            .hasMessageContaining("one status forward");
      }
      c.rollback();
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO change_set (id, author, reason, status, committed_at)"
                + " VALUES (900002, 'psql', 'by hand', 'COMMITTED', now())");
        st.execute(
            "UPDATE village_park SET status = 'DEMOLITION', change_set_id = 900002 WHERE id = "
                + id);
        st.execute(
            "INSERT INTO change_set (id, author, reason, status, committed_at)"
                + " VALUES (900003, 'psql', 'by hand', 'COMMITTED', now())");
        // construction without the demolished area recorded
        assertThatThrownBy(
                () ->
                    st.execute(
                        "UPDATE village_park SET status = 'CONSTRUCTION', demolished_area_m2 = NULL,"
                            + " change_set_id = 900003 WHERE id = "
                            + id))
            .hasMessageContaining("village_park_demolition_recorded");
      }
      c.rollback();
    }
    assertThat(feature("village_park", id).at("/properties/status").asText()).isEqualTo("PLANNED");
  }

  @Test
  void lightAndComprehensiveRenovationsFollowTheirOwnPathsAndPlanningRecordsTheTargetUse()
      throws Exception {
    // 微改造: 计划 → 改造施工 (no demolition stage, no demolished area asked) → 竣工 → 投产
    long light = park("440605", "PLANNED", "LIGHT", 0);
    assertThat(move(422, "bureau", light, step("DEMOLITION")).get("reasons").toString())
        .contains("微改造的下一状态只能是 CONSTRUCTION");
    move(200, "bureau", light, step("CONSTRUCTION"));
    move(200, "bureau", light, step("COMPLETED", "newFloorAreaM2", 12000, "plotRatioAfter", 1.3));
    move(200, "bureau", light, step("PRODUCTION", "enterprisesAfter", 9));
    // 综合整治: 计划 → 整治施工 → 竣工, and no further
    long comprehensive = park("440605", "PLANNED", "COMPREHENSIVE", 0);
    move(200, "bureau", comprehensive, step("CONSTRUCTION"));
    move(
        200,
        "bureau",
        comprehensive,
        step("COMPLETED", "newFloorAreaM2", 0, "plotRatioAfter", 0.9));
    assertThat(
            move(422, "bureau", comprehensive, step("PRODUCTION", "enterprisesAfter", 3))
                .get("reasons")
                .toString())
        .contains("one status forward");
    // the database holds the same paths for every writer
    long other = park("440605", "PLANNED", "LIGHT", 1);
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO change_set (id, author, reason, status, committed_at)"
                + " VALUES (900011, 'psql', 'by hand', 'COMMITTED', now())");
        assertThatThrownBy(
                () ->
                    st.execute(
                        "UPDATE village_park SET status = 'DEMOLITION', change_set_id = 900011"
                            + " WHERE id = "
                            + other))
            .hasMessageContaining("微改造没有“DEMOLITION”这一状态");
      }
      c.rollback();
    }
    // planning asks for the target use (工改工 or another) and records it
    long fresh = park("440605", "NOT_PLANNED", 3);
    assertThat(
            move(422, "bureau", fresh, step("PLANNED", "renovationType", "LIGHT", "planYear", 2027))
                .get("reasons")
                .toString())
        .contains("targetUse");
    move(
        200,
        "bureau",
        fresh,
        step("PLANNED", "renovationType", "LIGHT", "planYear", 2027, "targetUse", "COMMERCIAL"));
    assertThat(feature("village_park", fresh).at("/properties/targetUse").asText())
        .isEqualTo("COMMERCIAL");
  }

  @Test
  void onlyTheBureauCommitsADistrictOfficerProposesInTheirDistrict() throws Exception {
    long id = park("440608", "PLANNED", "FULL", 0);
    move(401, null, id, step("DEMOLITION"));
    move(403, "planner", id, step("DEMOLITION"));
    move(403, "nanhai", id, step("DEMOLITION"));
    JsonNode proposed = move(202, "gaoming", id, step("DEMOLITION"));
    assertThat(proposed.get("committed").asBoolean()).isFalse();
    assertThat(proposed.at("/changeSet/status").asText()).isEqualTo("PROPOSED");
    // the official status is unchanged until the bureau approves
    assertThat(feature("village_park", id).at("/properties/status").asText()).isEqualTo("PLANNED");
    long cs = proposed.at("/changeSet/id").asLong();
    expect(200, "POST", "/api/change-sets/" + cs + "/approve", "bureau", Map.of("comment", "同意"));
    assertThat(feature("village_park", id).at("/properties/status").asText())
        .isEqualTo("DEMOLITION");
    JsonNode ledger = expect(200, "GET", "/api/renovation/parks/" + id + "/statuses", null, null);
    assertThat(ledger.get(ledger.size() - 1).get("actor").asText()).isEqualTo("gaoming");
  }

  // ---- plans

  private Map<String, Object> plan(int year, String district, int batch, List<Long> parks) {
    Map<String, Object> body = new HashMap<>();
    body.put("year", year);
    body.put("districtCode", district);
    body.put("batch", batch);
    body.put("name", "测试计划 " + year + "-" + district + "-" + batch);
    body.put("targetDemolishMu", 120.5);
    body.put("targetFloorAreaM2", 250000);
    body.put("documentNumber", "测试〔" + year + "〕1号");
    body.put("parkIds", parks);
    return body;
  }

  private double parkMu(long id) {
    return jdbc.sql("SELECT area_m2 FROM village_park WHERE id = :id")
            .param("id", id)
            .query(Double.class)
            .single()
        / MU;
  }

  @Test
  void planWritesAreCheckedForRoleVersionAndParks() throws Exception {
    long a = park("440604", "PLANNED", 2);
    long b = park("440604", "PLANNED", 3);
    long elsewhere = park("440605", "PLANNED", 2);
    // a plan cannot take a park that is not planned: the service says which, the database too
    long unplanned = park("440604", "NOT_PLANNED", 10);
    JsonNode notPlanned =
        expect(
            422,
            "POST",
            "/api/renovation/plans",
            "bureau",
            plan(2033, "440604", 1, List.of(a, unplanned)));
    assertThat(notPlanned.get("type").asText()).isEqualTo("/problems/park-not-planned");
    assertThat(notPlanned.get("detail").asText())
        .startsWith("村级工业园 ")
        .contains(
            jdbc.sql("SELECT code FROM village_park WHERE id = :id")
                .param("id", unplanned)
                .query(String.class)
                .single());
    assertThat(expect(200, "GET", "/api/renovation/plans?year=2033", null, null)).isEmpty();
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "INSERT INTO renovation_plan_park (plan_id, year, district_code, village_park_id)"
                            + " SELECT id, year, district_code, :v FROM renovation_plan"
                            + " WHERE district_code = '440604' ORDER BY id LIMIT 1")
                    .param("v", unplanned)
                    .update())
        .hasMessageContaining("尚未列入改造计划");
    expect(401, "POST", "/api/renovation/plans", null, plan(2033, "440604", 1, List.of(a)));
    expect(403, "POST", "/api/renovation/plans", "planner", plan(2033, "440604", 1, List.of(a)));
    expect(403, "POST", "/api/renovation/plans", "nanhai", plan(2033, "440604", 1, List.of(a)));
    JsonNode refused =
        expect(
            422,
            "POST",
            "/api/renovation/plans",
            "bureau",
            plan(2033, "440604", 1, List.of(a, elsewhere)));
    assertThat(refused.get("detail").asText()).contains("not in the plan's district");
    JsonNode made =
        expect(
            201, "POST", "/api/renovation/plans", "chancheng", plan(2033, "440604", 1, List.of(a)));
    long id = made.get("id").asLong();
    assertThat(made.get("version").asInt()).isEqualTo(1);
    assertThat(made.get("renovationMu").asDouble()).isCloseTo(parkMu(a), within(0.01));
    // a park is in one plan of a year at most; a batch is made once
    expect(409, "POST", "/api/renovation/plans", "bureau", plan(2033, "440604", 2, List.of(a)));
    expect(409, "POST", "/api/renovation/plans", "bureau", plan(2033, "440604", 1, List.of(b)));
    // changing it needs its version
    expect(
        428,
        "PUT",
        "/api/renovation/plans/" + id,
        "bureau",
        plan(2033, "440604", 1, List.of(a, b)));
    JsonNode changed =
        expect(
            200,
            "PUT",
            "/api/renovation/plans/" + id,
            "bureau",
            plan(2033, "440604", 1, List.of(a, b)),
            "If-Match",
            "\"1\"");
    assertThat(changed.get("version").asInt()).isEqualTo(2);
    assertThat(changed.get("parkIds")).hasSize(2);
    expect(
        412,
        "PUT",
        "/api/renovation/plans/" + id,
        "bureau",
        plan(2033, "440604", 1, List.of(a)),
        "If-Match",
        "\"1\"");
    // a refused change leaves the plan as it was (no partial write)
    expect(
        422,
        "PUT",
        "/api/renovation/plans/" + id,
        "bureau",
        plan(2033, "440604", 1, List.of(a, elsewhere)),
        "If-Match",
        "\"2\"");
    JsonNode now = expect(200, "GET", "/api/renovation/plans/" + id, null, null);
    assertThat(now.get("version").asInt()).isEqualTo(2);
    assertThat(now.get("parkIds")).hasSize(2);
    JsonNode listed =
        expect(200, "GET", "/api/renovation/plans?year=2033&district=440604", null, null);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asLong()).isEqualTo(id);
    assertThat(listed.get(0).get("renovationMu").asDouble())
        .isCloseTo(parkMu(a) + parkMu(b), within(0.011));
    assertThat(expect(200, "GET", "/api/renovation/plans?year=2033&district=440605", null, null))
        .isEmpty();
    // nor can straight SQL put a park into another district's plan
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "UPDATE renovation_plan_park SET village_park_id = :other WHERE plan_id = :p"
                            + " AND village_park_id = :b")
                    .param("other", elsewhere)
                    .param("p", id)
                    .param("b", b)
                    .update())
        .hasMessageContaining("not in the plan's district");
  }

  @Test
  void theBalanceWeighsThePlansParksAgainstTheLandGrantedThatYear() throws Exception {
    int year = 2034;
    // hand-made: two parks of 顺德 in a plan of the year (one under construction after a full
    // renovation's demolition, one planned), one 顺德 parcel granted in that year with 5,000 m² of
    // floor area. Land: parcel mu − the parks' mu. Floor space: the new industrial floor area (the
    // parks' new floor area where they stay industrial, + 5,000) − the floor area they demolished.
    long a = park("440606", "CONSTRUCTION", "FULL", 3);
    long b = park("440606", "PLANNED", 5);
    long parcel =
        jdbc.sql(
                "SELECT id FROM parcel WHERE district_code = '440606' AND works_started_on IS NULL"
                    + " ORDER BY id DESC LIMIT 1")
            .query(Long.class)
            .single();
    double parcelMu =
        jdbc.sql("SELECT area_m2 FROM parcel WHERE id = :id")
                .param("id", parcel)
                .query(Double.class)
                .single()
            / MU;
    JsonNode empty = expect(200, "GET", "/api/renovation/summary?year=" + year, null, null);
    assertThat(empty.at("/balanceTotal/renovationMu").asDouble()).isZero();
    assertThat(empty.at("/balanceTotal/suppliedMu").asDouble()).isZero();

    expect(201, "POST", "/api/renovation/plans", "bureau", plan(year, "440606", 1, List.of(a, b)));
    expect(
        200,
        "PUT",
        "/api/layers/parcel/features/" + parcel,
        "bureau",
        Map.of(
            "properties",
            Map.of("grantedOn", year + "-03-01", "floorAreaM2", 5000),
            "reason",
            "出让 granted"),
        "If-Match",
        "\"" + version("parcel", parcel) + "\"");

    JsonNode summary = expect(200, "GET", "/api/renovation/summary?year=" + year, null, null);
    JsonNode shunde = district(summary, "440606");
    double renovation = parkMu(a) + parkMu(b);
    assertThat(shunde.at("/balance/renovationMu").asDouble()).isCloseTo(renovation, within(0.011));
    assertThat(shunde.at("/balance/suppliedMu").asDouble()).isCloseTo(parcelMu, within(0.011));
    assertThat(shunde.at("/balance/suppliedParcels").asInt()).isEqualTo(1);
    assertThat(shunde.at("/balance/balanceMu").asDouble())
        .isCloseTo(parcelMu - renovation, within(0.021));
    assertThat(shunde.at("/balance/balanced").asBoolean()).isEqualTo(parcelMu >= renovation);
    Map<String, Object> parks =
        jdbc.sql(
                "SELECT coalesce(sum(demolished_area_m2), 0)::float8 AS demolished,"
                    + " coalesce(sum(new_floor_area_m2) FILTER (WHERE target_use = 'INDUSTRIAL'), 0)::float8"
                    + " AS built, coalesce(sum(area_m2) FILTER (WHERE target_use = 'INDUSTRIAL'), 0) AS kept,"
                    + " coalesce(sum(area_m2) FILTER (WHERE target_use <> 'INDUSTRIAL'), 0) AS converted"
                    + " FROM village_park WHERE id IN (:a, :b)")
            .param("a", a)
            .param("b", b)
            .query()
            .singleRow();
    double demolished = (Double) parks.get("demolished");
    double built = (Double) parks.get("built") + 5000;
    assertThat(demolished).isPositive();
    assertThat(shunde.at("/balance/demolishedFloorAreaM2").asDouble())
        .isCloseTo(demolished, within(0.051));
    assertThat(shunde.at("/balance/newIndustrialFloorAreaM2").asDouble())
        .isCloseTo(built, within(0.051));
    assertThat(shunde.at("/balance/floorBalanceM2").asDouble())
        .isCloseTo(built - demolished, within(0.11));
    assertThat(shunde.at("/balance/floorBalanced").asBoolean()).isEqualTo(built >= demolished);
    assertThat(
            shunde.at("/balance/industrialMu").asDouble()
                + shunde.at("/balance/convertedMu").asDouble())
        .isCloseTo(renovation, within(0.021));
    assertThat(shunde.at("/balance/industrialMu").asDouble())
        .isCloseTo((Double) parks.get("kept") / MU, within(0.011));
    assertThat(shunde.at("/planned/parks").asInt()).isEqualTo(2);
    assertThat(shunde.at("/planned/demolishMu").asDouble()).isEqualTo(120.5);
    // the other districts: nothing planned, nothing granted, in balance at zero
    JsonNode chancheng = district(summary, "440604");
    assertThat(chancheng.at("/balance/balanceMu").asDouble()).isZero();
    assertThat(chancheng.at("/balance/balanced").asBoolean()).isTrue();
    assertThat(summary.at("/balanceTotal/balanceMu").asDouble())
        .isCloseTo(parcelMu - renovation, within(0.021));
  }

  private static JsonNode district(JsonNode summary, String code) {
    for (JsonNode d : summary.get("districts")) {
      if (d.get("code").asText().equals(code)) {
        return d;
      }
    }
    throw new AssertionError("no district " + code);
  }

  @Test
  void theSummaryAgreesWithAnIndependentComputation() throws Exception {
    int year = 2024;
    JsonNode summary = expect(200, "GET", "/api/renovation/summary?year=" + year, null, null);
    assertThat(summary.get("districts")).hasSize(5);
    for (JsonNode d : summary.get("districts")) {
      String code = d.get("code").asText();
      // park by park, from the plans' side (not from the denormalized year of the link)
      Map<String, Object> expected =
          jdbc.sql(
                  "SELECT count(*) AS parks,"
                      + " sum(CASE WHEN v.status = 'COMPLETED' OR v.status = 'PRODUCTION' THEN 1 ELSE 0 END) AS done,"
                      + " coalesce(sum(v.demolished_area_m2), 0)::float8 AS demolished,"
                      + " coalesce(sum(v.new_floor_area_m2), 0)::float8 AS built,"
                      + " coalesce(sum(ST_Area(v.geom::geography)), 0) AS area"
                      + " FROM renovation_plan p, renovation_plan_park pp, village_park v"
                      + " WHERE pp.plan_id = p.id AND v.id = pp.village_park_id"
                      + " AND p.year = :y AND v.district_code = :d")
              .param("y", year)
              .param("d", code)
              .query()
              .singleRow();
      double supplied =
          jdbc.sql(
                  "SELECT coalesce(sum(ST_Area(geom::geography)), 0) FROM parcel"
                      + " WHERE extract(year FROM granted_on) = :y AND district_code = :d")
              .param("y", year)
              .param("d", code)
              .query(Double.class)
              .single();
      double targetMu =
          jdbc.sql(
                  "SELECT coalesce(sum(target_demolish_mu), 0)::float8 FROM renovation_plan"
                      + " WHERE year = :y AND district_code = :d")
              .param("y", year)
              .param("d", code)
              .query(Double.class)
              .single();
      assertThat(d.at("/planned/parks").asLong())
          .isEqualTo(((Number) expected.get("parks")).longValue());
      assertThat(d.at("/planned/demolishMu").asDouble()).isCloseTo(targetMu, within(0.005));
      assertThat(d.at("/done/parks").asLong())
          .isEqualTo(
              expected.get("done") == null ? 0 : ((Number) expected.get("done")).longValue());
      assertThat(d.at("/done/demolishedMu").asDouble())
          .isCloseTo((Double) expected.get("demolished") / MU, within(0.01));
      assertThat(d.at("/done/builtFloorAreaM2").asDouble())
          .isCloseTo((Double) expected.get("built"), within(0.1));
      assertThat(d.at("/balance/renovationMu").asDouble())
          .isCloseTo((Double) expected.get("area") / MU, within(0.01));
      assertThat(d.at("/balance/suppliedMu").asDouble()).isCloseTo(supplied / MU, within(0.01));
    }
    assertThat(summary.at("/plannedTotal/parks").asInt()).isPositive();
    // every modern-park project is listed, in or out of the year's plan
    long modern =
        jdbc.sql("SELECT count(*) FROM village_park WHERE modern_park").query(Long.class).single();
    assertThat(summary.get("modernParks")).hasSize((int) modern);
    expect(400, "GET", "/api/renovation/summary?year=1999", null, null);
  }

  @Test
  void theAnnualPlanReportHasARowPerPlannedPark() throws Exception {
    int year = 2023;
    HttpResponse<byte[]> csv =
        send("GET", "/api/renovation/plans/report.csv?year=" + year, null, null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
        .isEqualTo("attachment; filename=\"renovation_plan_" + year + ".csv\"");
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF年度 year,");
    String[] lines = text.split("\r\n");
    long parks =
        jdbc.sql("SELECT count(*) FROM renovation_plan_park WHERE year = :y")
            .param("y", year)
            .query(Long.class)
            .single();
    assertThat(parks).isPositive();
    assertThat(lines).hasSize((int) parks + 1);
    assertThat(lines[1]).startsWith(year + ",");

    // the same as a workbook: an Office Open XML package whose one sheet has the same rows
    HttpResponse<byte[]> xlsx =
        send("GET", "/api/renovation/plans/report.xlsx?year=" + year, null, null);
    assertThat(xlsx.statusCode()).isEqualTo(200);
    Map<String, String> parts = new HashMap<>();
    try (java.util.zip.ZipInputStream zip =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx.body()))) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        parts.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(parts)
        .containsKeys(
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml");
    String sheet = parts.get("xl/worksheets/sheet1.xml");
    assertThat(sheet.split("<row ", -1)).hasSize((int) parks + 2);
    // the year is a number, the header text, escaped as XML
    assertThat(sheet).contains("<row r=\"2\"><c><v>" + year + "</v></c>");
    assertThat(sheet).contains("<t>年度 year</t>");
    expect(400, "GET", "/api/renovation/plans/report.xlsx?year=1900", null, null);
  }
}
