package cn.foshan.redline.efficiency;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What follows the grading (V32), on a hand-made city of four firms E1…E4 on four equal parcels
 * whose tax (400, 300, 200, 100) ranks them A, B, C, D under a one-indicator model with rank shares
 * ¼ each: the grades are published for a past period, E3 (C) objects and is upheld to B, E4 (D)
 * objects and is rejected; the list is frozen and nothing of it changes again, by the service, by
 * psql as the schema's owner or as the service's login, or by a person's login; the policy lists
 * are read from it; E4 (D) gets its exit case, followed up and closed as exited.
 */
class GradePublicationTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("grade_publication");
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

  private void city() {
    GradingCity.build(jdbc, accounts, YEAR);
    // a person with a login of their own (member of redline_editor), a bureau account at that
    accounts.create(jdbc, PERSON, "Person", "person-2026", Role.BUREAU, null);
  }

  private static String code(int i) {
    return GradingCity.code(i);
  }

  private JsonNode expect(int status, String method, String path, String user, Object body)
      throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send(method, path, user, body);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  private String text(String path, String user) throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send("GET", path, user, null);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> body(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void publishObjectDecideFreezeAndTakeADToItsExit() throws Exception {
    city();
    LocalDate today = jdbc.sql("SELECT current_date").query(LocalDate.class).single();
    expect(200, "POST", "/api/efficiency/recompute?year=" + YEAR, "bureau", null);
    Map<String, Object> model =
        body(
            "year",
            YEAR,
            "name",
            "四分法 测试",
            "method",
            "RATIO",
            "indicators",
            List.of(Map.of("indicator", "taxPerMu", "weight", 100, "benchmark", 1)),
            "classRule",
            Map.of("kind", "RANK_SHARE", "A", 0.25, "B", 0.25, "D", 0.25),
            "exclusions",
            Map.of("industrySections", List.of("D"), "minAgeYears", 2));
    long modelId =
        expect(201, "POST", "/api/efficiency/models", "bureau", model).get("id").asLong();

    // publication 公示, for a period that ended yesterday
    Map<String, Object> publication =
        body(
            "modelId",
            modelId,
            "startsOn",
            today.minusDays(10).toString(),
            "endsOn",
            today.minusDays(1).toString(),
            "documentNumber",
            "佛自然资〔2025〕12号");
    expect(403, "POST", "/api/efficiency/publications", "planner", publication);
    expect(403, "POST", "/api/efficiency/publications", "chancheng", publication);
    Map<String, Object> backwards = new HashMap<>(publication);
    backwards.put("endsOn", today.minusDays(20).toString());
    expect(400, "POST", "/api/efficiency/publications", "bureau", backwards);
    JsonNode published = expect(201, "POST", "/api/efficiency/publications", "bureau", publication);
    long pub = published.get("id").asLong();
    assertThat(published.get("state").asText()).isEqualTo("PUBLISHED");
    assertThat(published.get("year").asInt()).isEqualTo(YEAR);
    assertThat(published.get("publishedBy").asText()).isEqualTo("bureau");
    expect(409, "POST", "/api/efficiency/publications", "bureau", publication);
    JsonNode grades =
        expect(200, "GET", "/api/efficiency/publications/" + pub + "/grades", "planner", null);
    assertThat(grades.get("total").asLong()).isEqualTo(4);
    assertThat(gradesByName(grades))
        .containsEntry("测试企业 E1", "A")
        .containsEntry("测试企业 E2", "B")
        .containsEntry("测试企业 E3", "C")
        .containsEntry("测试企业 E4", "D");
    // no policy list before a final list
    expect(404, "GET", "/api/efficiency/policy-lists?year=" + YEAR, "planner", null);

    // objections 异议: within the period only, by a firm on the list
    String objections = "/api/efficiency/publications/" + pub + "/objections";
    Map<String, Object> late =
        body(
            "creditCode",
            code(3),
            "objector",
            "E3 法定代表人 张三",
            "grounds",
            "税收少计 50 万元",
            "evidence",
            "税务局完税证明 粤税〔2025〕88号",
            "lodgedOn",
            today.toString());
    JsonNode lateRefusal = expect(422, "POST", objections, "bureau", late);
    assertThat(lateRefusal.get("detail").asText()).contains("公示期");
    Map<String, Object> e3 = new HashMap<>(late);
    e3.put("lodgedOn", today.minusDays(3).toString());
    expect(403, "POST", objections, "planner", e3);
    long o3 = expect(201, "POST", objections, "bureau", e3).get("id").asLong();
    Map<String, Object> e4 =
        body(
            "creditCode",
            code(4),
            "objector",
            "E4 经办人 李四",
            "grounds",
            "用地面积有误",
            "lodgedOn",
            today.minusDays(2).toString());
    long o4 = expect(201, "POST", objections, "bureau", e4).get("id").asLong();
    Map<String, Object> unknown = new HashMap<>(e4);
    unknown.put("creditCode", "91440600NOSUCH0000");
    expect(404, "POST", objections, "bureau", unknown);

    // the list is not frozen while an objection waits
    JsonNode waiting =
        expect(422, "POST", "/api/efficiency/publications/" + pub + "/freeze", "bureau", null);
    assertThat(waiting.get("detail").asText()).contains("异议未处理");

    // decisions: E3 upheld (C → B), E4 rejected; each once
    expect(
        400,
        "POST",
        "/api/efficiency/objections/" + o3 + "/decision",
        "bureau",
        body("outcome", "UPHELD", "reason", "复核税收"));
    expect(
        422,
        "POST",
        "/api/efficiency/objections/" + o3 + "/decision",
        "bureau",
        body("outcome", "UPHELD", "grade", "C", "reason", "等级不变"));
    expect(
        201,
        "POST",
        "/api/efficiency/objections/" + o3 + "/decision",
        "bureau",
        body("outcome", "UPHELD", "grade", "B", "reason", "补缴税款经税务局确认，复核后得分高于 B 类线"));
    expect(
        409,
        "POST",
        "/api/efficiency/objections/" + o3 + "/decision",
        "bureau",
        body("outcome", "REJECTED", "reason", "改主意"));
    expect(
        201,
        "POST",
        "/api/efficiency/objections/" + o4 + "/decision",
        "bureau",
        body("outcome", "REJECTED", "reason", "用地面积以不动产登记为准，无误"));
    JsonNode listed = expect(200, "GET", objections, "chancheng", null);
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).at("/decision/gradeBefore").asText()).isEqualTo("C");
    assertThat(listed.get(0).at("/decision/gradeAfter").asText()).isEqualTo("B");
    assertThat(listed.get(0).at("/decision/decidedBy").asText()).isEqualTo("bureau");
    assertThat(listed.get(1).at("/decision/outcome").asText()).isEqualTo("REJECTED");

    // a published model's grades are not recomputed: refused before the work (by the service),
    // not after it (by the database's triggers, which still hold for every writer)
    JsonNode recompute =
        expect(422, "POST", "/api/efficiency/recompute?year=" + YEAR, "bureau", null);
    assertThat(recompute.get("detail").asText()).contains("已公示");
    assertThat(recompute.get("type").asText()).isEqualTo("/problems/grades-published");

    // the final list 终版
    JsonNode frozen =
        expect(200, "POST", "/api/efficiency/publications/" + pub + "/freeze", "bureau", null);
    assertThat(frozen.get("state").asText()).isEqualTo("FINAL");
    assertThat(frozen.get("frozenBy").asText()).isEqualTo("bureau");
    expect(409, "POST", "/api/efficiency/publications/" + pub + "/freeze", "bureau", null);
    expect(409, "POST", objections, "bureau", e4);
    JsonNode finalList =
        expect(200, "GET", "/api/efficiency/publications/" + pub + "/grades", "planner", null);
    assertThat(gradesByName(finalList))
        .containsEntry("测试企业 E1", "A")
        .containsEntry("测试企业 E2", "B")
        .containsEntry("测试企业 E3", "B")
        .containsEntry("测试企业 E4", "D");
    String csv = text("/api/efficiency/publications/" + pub + "/grades?format=csv", "planner");
    assertThat(csv.lines()).hasSize(5);
    assertThat(csv).contains(code(3) + ",测试企业 E3", ",C,B," + o3 + ",1");

    // nothing of it changes again: the service's login acting for the bureau, the owner, a person
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau")) {
      refused(c, "UPDATE grade_publication SET ends_on = ends_on + 1", "终版");
      refused(
          c,
          "INSERT INTO grade_objection (publication_id, enterprise_id, objector, grounds, lodged_on,"
              + " recorded_by) SELECT "
              + pub
              + ", enterprise_id, 'x', 'y', current_date - 2, ''"
              + " FROM enterprise_grade WHERE model_id = "
              + modelId
              + " LIMIT 1",
          "终版");
      refused(c, "UPDATE enterprise_grade SET grade = 'A' WHERE model_id = " + modelId, "已公示");
    }
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      refused(c, "UPDATE grade_publication SET frozen_at = NULL, frozen_by = NULL", "终版");
      refused(c, "DELETE FROM grade_publication", "不能删除");
      refused(c, "DELETE FROM grade_objection_decision", "不能修改或删除");
      refused(c, "UPDATE grade_objection_decision SET grade_after = 'D'", "不能修改或删除");
      refused(c, "DELETE FROM grade_objection", "不能修改或删除");
      refused(c, "DELETE FROM enterprise_grade WHERE model_id = " + modelId, "已公示");
      refused(c, "TRUNCATE grade_objection_decision", "不能清空");
    }
    try (Connection c = TestDatabase.person(SCHEMA)) {
      refused(c, "UPDATE grade_publication SET ends_on = ends_on + 1", "permission denied");
      refused(c, "DELETE FROM grade_objection_decision", "permission denied");
    }
    assertThat(
            gradesByName(
                expect(
                    200,
                    "GET",
                    "/api/efficiency/publications/" + pub + "/grades",
                    "planner",
                    null)))
        .containsEntry("测试企业 E3", "B");

    // the differentiated-policy lists of the year: A and D carry measures
    JsonNode policies =
        expect(200, "GET", "/api/efficiency/policy-lists?year=" + YEAR, "chancheng", null);
    assertThat(policies.get("total").asLong()).isEqualTo(7);
    List<String> rows = new java.util.ArrayList<>();
    policies
        .get("items")
        .forEach(
            i ->
                rows.add(
                    i.get("policy").asText()
                        + " "
                        + i.get("measure").asText()
                        + " "
                        + i.get("name").asText()));
    assertThat(rows)
        .containsExactly(
            "CREDIT PRIORITY 测试企业 E1",
            "CREDIT RESTRICTED 测试企业 E4",
            "ELECTRICITY PRIORITY 测试企业 E1",
            "ELECTRICITY SURCHARGE 测试企业 E4",
            "LAND NO_NEW_LAND 测试企业 E4",
            "LAND PRIORITY 测试企业 E1",
            "WATER SURCHARGE 测试企业 E4");
    String water =
        text("/api/efficiency/policy-lists?year=" + YEAR + "&policy=WATER&format=csv", "planner");
    assertThat(water.lines()).hasSize(2);
    assertThat(water.lines().toList().get(1)).contains("WATER,SURCHARGE,差别化水价（加价）," + code(4));
    expect(
        400, "GET", "/api/efficiency/policy-lists?year=" + YEAR + "&policy=GAS", "planner", null);

    // cases: only a C or D of the final list; a D gets its exit case
    String deadline = today.plusMonths(6).toString();
    expect(
        422,
        "POST",
        "/api/efficiency/cases",
        "bureau",
        body("publicationId", pub, "creditCode", code(1), "plan", "无", "deadline", deadline));
    expect(
        403,
        "POST",
        "/api/efficiency/cases",
        "planner",
        body("publicationId", pub, "creditCode", code(4), "plan", "关停", "deadline", deadline));
    expect(
        422,
        "POST",
        "/api/efficiency/cases",
        "bureau",
        body(
            "publicationId",
            pub,
            "creditCode",
            code(4),
            "plan",
            "关停",
            "deadline",
            today.minusDays(1).toString()));
    JsonNode opened =
        expect(
            201,
            "POST",
            "/api/efficiency/cases",
            "bureau",
            body(
                "publicationId",
                pub,
                "creditCode",
                code(4),
                "plan",
                "2025 年底前停产，厂房由镇街收回腾退，用于村改",
                "deadline",
                deadline));
    long caseId = opened.get("id").asLong();
    assertThat(opened.get("kind").asText()).isEqualTo("EXIT");
    assertThat(opened.get("grade").asText()).isEqualTo("D");
    assertThat(opened.get("status").asText()).isEqualTo("OPEN");
    expect(
        409,
        "POST",
        "/api/efficiency/cases",
        "bureau",
        body("publicationId", pub, "creditCode", code(4), "plan", "再来", "deadline", deadline));
    // exited without a follow-up: refused by the status path
    JsonNode early =
        expect(
            422,
            "POST",
            "/api/efficiency/cases/" + caseId + "/outcome",
            "bureau",
            body("outcome", "EXITED", "reason", "已关停"));
    assertThat(early.get("detail").asText()).contains("OPEN → FOLLOWING_UP");
    expect(
        422,
        "POST",
        "/api/efficiency/cases/" + caseId + "/follow-ups",
        "bureau",
        body("happenedOn", today.plusDays(1).toString(), "note", "将来"));
    expect(
        201,
        "POST",
        "/api/efficiency/cases/" + caseId + "/follow-ups",
        "bureau",
        body("happenedOn", today.toString(), "note", "约谈企业，签订关停承诺书"));
    JsonNode followed = expect(200, "GET", "/api/efficiency/cases/" + caseId, "planner", null);
    assertThat(followed.at("/gradeCase/status").asText()).isEqualTo("FOLLOWING_UP");
    assertThat(followed.get("followUps")).hasSize(1);
    JsonNode exited =
        expect(
            200,
            "POST",
            "/api/efficiency/cases/" + caseId + "/outcome",
            "bureau",
            body("outcome", "EXITED", "reason", "企业已停产搬离，用地由镇街收回"));
    assertThat(exited.get("status").asText()).isEqualTo("EXITED");
    assertThat(exited.get("closedBy").asText()).isEqualTo("bureau");
    expect(
        422,
        "POST",
        "/api/efficiency/cases/" + caseId + "/follow-ups",
        "bureau",
        body("happenedOn", today.toString(), "note", "再跟进"));
    expect(
        422,
        "POST",
        "/api/efficiency/cases/" + caseId + "/outcome",
        "bureau",
        body("outcome", "CLOSED", "reason", "改"));
    long parcel4 = jdbc.sql("SELECT id FROM parcel WHERE code = 'P4'").query(Long.class).single();
    JsonNode onParcel =
        expect(200, "GET", "/api/efficiency/cases?parcel=" + parcel4, "chancheng", null);
    assertThat(onParcel).hasSize(1);
    assertThat(onParcel.get(0).get("status").asText()).isEqualTo("EXITED");
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      refused(c, "UPDATE grade_case SET status = 'OPEN'", "已办结");
      refused(c, "DELETE FROM grade_case", "不能删除");
      refused(c, "DELETE FROM grade_case_follow_up", "不能修改或删除");
    }
  }

  private static Map<String, String> gradesByName(JsonNode page) {
    Map<String, String> grades = new HashMap<>();
    page.get("items").forEach(i -> grades.put(i.get("name").asText(), i.get("grade").asText()));
    return grades;
  }
}
