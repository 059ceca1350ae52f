package cn.foshan.redline.reserve;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.math.BigDecimal;
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
 * Major industrial projects and the reserve pieces kept for them (V50), in the small demo city: a
 * project of 南海 with a land demand of 100 mu gets two pieces and loses one; a piece serves one
 * project at a time, of its own district, and only the bureau assigns; a district officer reads
 * their district's projects only; a piece supplied while assigned stays with its project; and the
 * same rules hold for a person's own psql login and for the schema's owner. The pieces are 南海's
 * unassigned ACQUIRED and PREPARING ones with the highest ids (南海 has the most of them in the small
 * city; ReserveLedgerTest takes low ids).
 */
class MajorProjectTest extends EditingTest {

  private static final String PERSON = TestDatabase.PERSON;
  private static final String NANHAI = "440605";
  private static final double MU = 10000.0 / 15.0;

  private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  private static Map<String, Object> body(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private long register(String code, String district, double demandMu) throws Exception {
    return expect(
            201, "POST", "/api/reserve/projects", "bureau", registration(code, district, demandMu))
        .get("id")
        .asLong();
  }

  /** A valid registration of a project (a mutable map: a test changes a field). */
  private static Map<String, Object> registration(String code, String district, double demandMu) {
    return body(
        "code",
        code,
        "name",
        "测试项目 " + code,
        "investor",
        "佛山测试投资有限公司",
        "industryCode",
        "36",
        "districtCode",
        district,
        "investment10kCny",
        120000,
        "landDemandMu",
        demandMu,
        "level",
        "MUNICIPAL",
        "signedOn",
        "2026-03-01");
  }

  /** The n-th (from the highest id) unassigned piece of a district in one of these stages. */
  private long freePiece(String district, String stages, int n) {
    return jdbc.sql(
            "SELECT r.id FROM reserve_land r WHERE r.district_code = :d AND r.stage = ANY (string_to_array(:s, ','))"
                + " AND NOT EXISTS (SELECT 1 FROM major_project_piece a WHERE a.reserve_land_id = r.id)"
                + " ORDER BY r.id DESC OFFSET :n LIMIT 1")
        .param("d", district)
        .param("s", stages)
        .param("n", n)
        .query(Long.class)
        .single();
  }

  /** A piece's ellipsoidal area in mu, computed here from its shape (not its stored area). */
  private double mu(long piece) {
    return jdbc.sql("SELECT ST_Area(geom::geography) FROM reserve_land WHERE id = :id")
            .param("id", piece)
            .query(Double.class)
            .single()
        / MU;
  }

  @Test
  void aProjectHoldsItsPiecesOneProjectAtATimeAgainstItsLandDemand() throws Exception {
    long project = register("T-NH-01", NANHAI, 100);
    long other = register("T-NH-02", NANHAI, 50);
    long a = freePiece(NANHAI, "ACQUIRED,PREPARING", 0);
    long b = freePiece(NANHAI, "ACQUIRED,PREPARING", 1);
    double muA = mu(a);
    double muB = mu(b);

    JsonNode one =
        expect(
            201,
            "POST",
            "/api/reserve/projects/" + project + "/pieces",
            "bureau",
            body("pieceId", a));
    assertThat(one.at("/pieces/0/id").asLong()).isEqualTo(a);
    assertThat(one.at("/pieces/0/assignedOn").asString()).isEqualTo(today.toString());
    JsonNode two =
        expect(
            201,
            "POST",
            "/api/reserve/projects/" + project + "/pieces",
            "bureau",
            body("pieceId", b));
    // assigned = muA + muB; remaining = 100 − (muA + muB); none READY or supplied
    assertThat(two.at("/project/pieces").asInt()).isEqualTo(2);
    assertThat(two.at("/project/assignedMu").asDouble()).isCloseTo(muA + muB, within(0.011));
    assertThat(two.at("/project/remainingMu").asDouble())
        .isCloseTo(100 - (muA + muB), within(0.011));
    assertThat(two.at("/project/readyMu").asDouble()).isZero();
    assertThat(two.at("/project/suppliedMu").asDouble()).isZero();

    // one project at a time: 409 with the holder named, Chinese first
    JsonNode taken =
        expect(
            409,
            "POST",
            "/api/reserve/projects/" + other + "/pieces",
            "bureau",
            body("pieceId", a));
    assertThat(taken.get("detail").asString()).startsWith("储备用地").contains("T-NH-01");
    // a piece of another district: refused by the database's rule, 422
    long shunde = freePiece("440606", "ACQUIRED,PREPARING,READY", 0);
    JsonNode elsewhere =
        expect(
            422,
            "POST",
            "/api/reserve/projects/" + other + "/pieces",
            "bureau",
            body("pieceId", shunde));
    assertThat(elsewhere.get("detail").asString()).contains("只能安排本区的储备用地");
    // only the bureau assigns
    expect(
        403,
        "POST",
        "/api/reserve/projects/" + other + "/pieces",
        "nanhai",
        body("pieceId", freePiece(NANHAI, "ACQUIRED,PREPARING", 0)));
    expect(403, "POST", "/api/reserve/projects", "planner", body("code", "X"));

    // release b: the project holds a alone; a second release finds nothing
    JsonNode released =
        expect(200, "DELETE", "/api/reserve/projects/" + project + "/pieces/" + b, "bureau", null);
    assertThat(released.at("/project/assignedMu").asDouble()).isCloseTo(muA, within(0.006));
    assertThat(released.at("/project/remainingMu").asDouble()).isCloseTo(100 - muA, within(0.006));
    expect(404, "DELETE", "/api/reserve/projects/" + project + "/pieces/" + b, "bureau", null);
    // b is free again: the other project takes it
    expect(201, "POST", "/api/reserve/projects/" + other + "/pieces", "bureau", body("pieceId", b));
    // the released assignment is kept, with its dates
    JsonNode history =
        expect(
            200,
            "GET",
            "/api/reserve/projects/" + project + "?released=true&geometry=true",
            "bureau",
            null);
    assertThat(history.get("pieces")).hasSize(2);
    assertThat(history.at("/pieces/1/releasedOn").asString()).isEqualTo(today.toString());
    assertThat(history.at("/pieces/0/geometry/type").asString()).isEqualTo("MultiPolygon");

    // who reads: 南海's officer and planners see the project, 三水's officer does not
    assertThat(codes(expect(200, "GET", "/api/reserve/projects?limit=1000", "nanhai", null)))
        .contains("T-NH-01");
    assertThat(codes(expect(200, "GET", "/api/reserve/projects?limit=1000", "planner", null)))
        .contains("T-NH-01");
    assertThat(codes(expect(200, "GET", "/api/reserve/projects?limit=1000", "sanshui", null)))
        .contains("ZD-2025-SS-01")
        .doesNotContain("T-NH-01", "ZD-2025-NH-01");
    expect(404, "GET", "/api/reserve/projects/" + project, "sanshui", null);
    expect(401, "GET", "/api/reserve/projects", null, null);
    expect(400, "GET", "/api/reserve/projects?limit=1001", "bureau", null);

    // withdrawing needs the pieces released first; the status path goes forward only
    JsonNode holding =
        expect(
            422,
            "POST",
            "/api/reserve/projects/" + project + "/status",
            "bureau",
            body("status", "WITHDRAWN"));
    assertThat(holding.get("detail").asString()).contains("须先解除");
    expect(
        422,
        "POST",
        "/api/reserve/projects/" + project + "/status",
        "bureau",
        body("status", "IN_PRODUCTION"));
  }

  @Test
  void valuesOverTheColumnsLimitsGetAClear400AndNothingIsWritten() throws Exception {
    // V50: name and investor 1 to 200 characters (char_length: code points, so 200 characters
    // outside the BMP, 400 UTF-16 units, are stored), land_demand_mu numeric(10, 2) (at most
    // 99999999.99), investment_10k_cny numeric(12, 2) (at most 9999999999.99)
    String long201 = "项".repeat(201);
    // field, value, the problem's type and the start of its detail
    Object[][] refused = {
      {"name", long201, "invalid-name", "请填写项目名称，不超过 200 字"},
      {"investor", long201, "invalid-investor", "请填写投资主体，不超过 200 字"},
      {
        "landDemandMu",
        new BigDecimal("100000000"),
        "invalid-landDemandMu",
        "用地需求（亩）须为正数，不超过 99999999.99"
      },
      {
        "investment10kCny",
        new BigDecimal("10000000000"),
        "invalid-investment10kCny",
        "计划投资（万元）须为正数，不超过 9999999999.99"
      },
      // 0.004 mu would be stored as 0.00: not positive
      {"landDemandMu", new BigDecimal("0.004"), "invalid-landDemandMu", "用地需求（亩）须为正数"},
      {"code", "A".repeat(41), "invalid-code", "项目编号须为 1 至 40 位"},
    };
    for (Object[] r : refused) {
      Map<String, Object> b = registration("T-LEN-1", NANHAI, 80);
      b.put((String) r[0], r[1]);
      JsonNode p = expect(400, "POST", "/api/reserve/projects", "bureau", b);
      assertThat(p.get("type").asString()).as(r[0].toString()).isEqualTo("/problems/" + r[2]);
      assertThat(p.get("detail").asString()).as(r[0].toString()).startsWith((String) r[3]);
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM major_project WHERE code = 'T-LEN-1'")
                .query(Long.class)
                .single())
        .isZero();

    // at the limits: 200 characters (here outside the BMP: 400 UTF-16 units) and the largest demand
    Map<String, Object> atLimits = registration("T-LEN-2", NANHAI, 80);
    String astral200 = "𠀀".repeat(200);
    atLimits.put("name", astral200);
    atLimits.put("landDemandMu", new BigDecimal("99999999.99"));
    atLimits.put("investment10kCny", new BigDecimal("9999999999.99"));
    JsonNode kept = expect(201, "POST", "/api/reserve/projects", "bureau", atLimits);
    assertThat(kept.get("name").asString()).isEqualTo(astral200);
    assertThat(kept.get("landDemandMu").decimalValue()).isEqualByComparingTo("99999999.99");
    assertThat(
            expect(400, "GET", "/api/reserve/projects?offset=-1", "bureau", null)
                .get("detail")
                .asString())
        .startsWith("每页行数 limit 应为 1 到 1000，offset 不能为负");
  }

  private static List<String> codes(JsonNode list) {
    return java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .map(p -> p.get("code").asString())
        .toList();
  }

  @Test
  void aPieceSuppliedWhileAssignedStaysWithItsProject() throws Exception {
    // a READY piece of the demo city no project holds (the demo projects hold pieces that fit
    // their demand; pieces other tests of this shared city make, CB-N…, may lie on parcels)
    Map<String, Object> free =
        jdbc.sql(
                "SELECT r.id, r.district_code FROM reserve_land r WHERE r.stage = 'READY'"
                    + " AND r.code NOT LIKE 'CB-N%'"
                    + " AND NOT EXISTS (SELECT 1 FROM major_project_piece a WHERE a.reserve_land_id = r.id)"
                    + " ORDER BY r.id DESC LIMIT 1")
            .query()
            .singleRow();
    long piece = ((Number) free.get("id")).longValue();
    long project = register("T-SP-03", free.get("district_code").toString(), 300);
    double area = mu(piece);
    JsonNode assigned =
        expect(
            201,
            "POST",
            "/api/reserve/projects/" + project + "/pieces",
            "bureau",
            body("pieceId", piece));
    assertThat(assigned.at("/project/readyMu").asDouble()).isCloseTo(area, within(0.006));

    Map<String, Object> supply = body("to", "SUPPLIED", "documentNumber", "佛自然资供〔2026〕31号");
    // today: another test of the shared city may have made the piece READY today
    supply.put("on", today.toString());
    expect(
        200,
        "POST",
        "/api/reserve/" + piece + "/transitions",
        "bureau",
        supply,
        "If-Match",
        "\"" + version("reserve_land", piece) + "\"");

    JsonNode after = expect(200, "GET", "/api/reserve/projects/" + project, "bureau", null);
    assertThat(after.at("/pieces/0/suppliedOn").asString()).isEqualTo(today.toString());
    assertThat(after.at("/project/suppliedMu").asDouble()).isCloseTo(area, within(0.006));
    assertThat(after.at("/project/readyMu").asDouble()).isZero();
    JsonNode kept =
        expect(
            422, "DELETE", "/api/reserve/projects/" + project + "/pieces/" + piece, "bureau", null);
    assertThat(kept.get("detail").asString()).contains("已供地给重大产业项目 T-SP-03");
    // a supplied piece is not assigned to anyone else either
    long other = register("T-SP-04", free.get("district_code").toString(), 10);
    expect(
        409,
        "POST",
        "/api/reserve/projects/" + other + "/pieces",
        "bureau",
        body("pieceId", piece));
  }

  @Test
  void theRulesHoldForAPersonsLoginAndForTheOwner() throws Exception {
    long project = register("T-NH-05", NANHAI, 40);
    long other = register("T-NH-06", NANHAI, 40);
    long piece = freePiece(NANHAI, "ACQUIRED,PREPARING", 0);
    expect(
        201,
        "POST",
        "/api/reserve/projects/" + project + "/pieces",
        "bureau",
        body("pieceId", piece));
    long elsewhere = freePiece("440608", "ACQUIRED,PREPARING,READY", 0);

    // a person's own login, a bureau account: held to the rules, stamped as themselves
    personIsBureau();
    try (Connection c = TestDatabase.person(SCHEMA)) {
      refused(
          c,
          "INSERT INTO major_project_piece (project_id, reserve_land_id, assigned_on, assigned_by)"
              + " VALUES ("
              + other
              + ", "
              + piece
              + ", current_date, 'x')",
          "已安排给重大产业项目 T-NH-05");
      refused(
          c,
          "INSERT INTO major_project_piece (project_id, reserve_land_id, assigned_on, assigned_by)"
              + " VALUES ("
              + other
              + ", "
              + elsewhere
              + ", current_date, 'x')",
          "只能安排本区");
      refused(
          c, "DELETE FROM major_project_piece WHERE project_id = " + project, "permission denied");
      refused(
          c,
          "UPDATE major_project_piece SET project_id = " + other + " WHERE project_id = " + project,
          "只能解除后重新安排");
      refused(c, "DELETE FROM major_project WHERE id = " + project, "不能删除");
      try (Statement st = c.createStatement()) {
        st.execute(
            "UPDATE major_project_piece SET released_on = current_date - 30, released_by = 'x'"
                + " WHERE project_id = "
                + project);
        st.execute(
            "INSERT INTO major_project_piece (project_id, reserve_land_id, assigned_on, assigned_by)"
                + " VALUES ("
                + other
                + ", "
                + piece
                + ", date '2000-01-01', 'x')");
      }
    }
    // the database dated and signed both as the person, today
    Map<String, Object> row =
        jdbc.sql(
                "SELECT released_on, released_by FROM major_project_piece"
                    + " WHERE project_id = :p")
            .param("p", project)
            .query()
            .singleRow();
    assertThat(row.get("released_on").toString()).isEqualTo(today.toString());
    assertThat(row.get("released_by")).isEqualTo(PERSON);
    Map<String, Object> now =
        jdbc.sql(
                "SELECT assigned_on, assigned_by FROM major_project_piece"
                    + " WHERE project_id = :p")
            .param("p", other)
            .query()
            .singleRow();
    assertThat(now.get("assigned_on").toString()).isEqualTo(today.toString());
    assertThat(now.get("assigned_by")).isEqualTo(PERSON);

    // the same person as a district officer writes nothing
    jdbc.sql("UPDATE app_user SET role = 'DISTRICT', district_code = :d WHERE username = :u")
        .param("d", NANHAI)
        .param("u", PERSON)
        .update();
    try (Connection c = TestDatabase.person(SCHEMA)) {
      try (Statement st = c.createStatement()) {
        assertThat(st.executeUpdate("UPDATE major_project SET name = 'x' WHERE id = " + project))
            .isZero();
      }
    } finally {
      jdbc.sql("UPDATE app_user SET role = 'BUREAU', district_code = NULL WHERE username = :u")
          .param("u", PERSON)
          .update();
    }
    // and the schema's owner (no row-level security) is held to the rules as well
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      refused(c, "DELETE FROM major_project_piece", "不能删除");
      refused(
          c,
          "INSERT INTO major_project_piece (project_id, reserve_land_id, assigned_on, assigned_by)"
              + " VALUES ("
              + project
              + ", "
              + piece
              + ", current_date, 'x')",
          "已安排给重大产业项目 T-NH-06");
    }
  }
}
