package cn.foshan.redline.renovation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The village-park list of the renovation page (GET /api/renovation/parks): paged and bounded,
 * filtered, searched, and each park with its path, next status and the data that move still needs;
 * a refused transition names the missing fields. Reads only, except one refused move (nothing
 * written).
 */
class ParkListTest extends EditingTest {

  private long count(String where) {
    return jdbc.sql("SELECT count(*) FROM village_park WHERE " + where).query(Long.class).single();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private JsonNode row(JsonNode page, long id) {
    for (JsonNode p : page.get("parks")) {
      if (p.get("id").asLong() == id) {
        return p;
      }
    }
    throw new AssertionError("park " + id + " not on the page");
  }

  @Test
  void pagesAreBoundedAndCountEveryMatch() throws Exception {
    // the demo city: 1,000 parks; the first page holds the default 50, ordered by district, code
    JsonNode first = expect(200, "GET", "/api/renovation/parks", null, null);
    assertThat(first.get("total").asLong()).isEqualTo(count("true")).isEqualTo(1000);
    assertThat(first.get("limit").asInt()).isEqualTo(50);
    assertThat(first.get("parks")).hasSize(50);
    assertThat(first.at("/parks/0/code").asString())
        .isEqualTo(
            jdbc.sql("SELECT code FROM village_park ORDER BY district_code, code LIMIT 1")
                .query(String.class)
                .single());
    // 顺德's LIGHT parks under construction: the last page of 7 holds total − 7·⌊(total−1)/7⌋
    String where =
        "district_code = '440606' AND renovation_type = 'LIGHT' AND status = 'CONSTRUCTION'";
    long total = count(where);
    assertThat(total).isGreaterThan(1);
    long lastOffset = 7 * ((total - 1) / 7);
    JsonNode last =
        expect(
            200,
            "GET",
            "/api/renovation/parks?district=440606&type=LIGHT&status=CONSTRUCTION&limit=7&offset="
                + lastOffset,
            null,
            null);
    assertThat(last.get("total").asLong()).isEqualTo(total);
    assertThat(last.get("parks")).hasSize((int) (total - lastOffset));
    for (JsonNode p : last.get("parks")) {
      assertThat(p.get("districtCode").asString()).isEqualTo("440606");
      assertThat(p.get("districtName").asString()).isEqualTo("顺德区");
      assertThat(p.get("renovationType").asString()).isEqualTo("LIGHT");
      // 微改造: 计划 → 改造施工 → 竣工 → 投产, no 拆除
      assertThat(texts(p.get("path")))
          .containsExactly("NOT_PLANNED", "PLANNED", "CONSTRUCTION", "COMPLETED", "PRODUCTION");
      assertThat(p.get("next").asString()).isEqualTo("COMPLETED");
    }
    // past the end: the total still, no parks
    JsonNode beyond =
        expect(200, "GET", "/api/renovation/parks?district=440606&offset=5000", null, null);
    assertThat(beyond.get("total").asLong()).isEqualTo(count("district_code = '440606'"));
    assertThat(beyond.get("parks")).isEmpty();
    // untyped parks (NONE) are all NOT_PLANNED
    JsonNode none = expect(200, "GET", "/api/renovation/parks?type=NONE&limit=5", null, null);
    assertThat(none.get("total").asLong()).isEqualTo(count("renovation_type IS NULL"));
    // bounded: a page of at most 500; bad filters are 400, in Chinese first
    for (String bad :
        List.of(
            "limit=501", "limit=0", "offset=-1", "status=DONE", "type=HALF", "district=Nanhai")) {
      JsonNode problem = expect(400, "GET", "/api/renovation/parks?" + bad, null, null);
      assertThat(problem.get("detail").asString()).startsWith("村级工业园列表的参数有误");
    }
    expect(400, "GET", "/api/renovation/parks?q=" + "很".repeat(101), null, null);
  }

  @Test
  void searchFindsAPieceOfTheNameOrCode() throws Exception {
    Map<String, Object> park =
        jdbc.sql("SELECT id, name, code FROM village_park ORDER BY id DESC LIMIT 1")
            .query()
            .singleRow();
    String name = (String) park.get("name");
    String piece = name.substring(0, Math.min(3, name.length()));
    JsonNode found =
        expect(
            200,
            "GET",
            "/api/renovation/parks?limit=500&q="
                + java.net.URLEncoder.encode(piece, java.nio.charset.StandardCharsets.UTF_8),
            null,
            null);
    assertThat(found.get("total").asLong())
        .isEqualTo(
            jdbc.sql(
                    "SELECT count(*) FROM village_park WHERE strpos(name, :q) > 0"
                        + " OR strpos(lower(code), lower(:q)) > 0 OR strpos(owner_village, :q) > 0")
                .param("q", piece)
                .query(Long.class)
                .single());
    row(found, ((Number) park.get("id")).longValue());
    String code = (String) park.get("code");
    JsonNode byCode =
        expect(
            200,
            "GET",
            "/api/renovation/parks?q=" + code.toLowerCase(java.util.Locale.ROOT),
            null,
            null);
    assertThat(byCode.get("parks").get(0).get("code").asString()).isEqualTo(code);
  }

  @Test
  void eachParkSaysWhatItsNextMoveNeeds() throws Exception {
    // a park not planned and untyped: planning needs its type, year and target use
    long fresh =
        jdbc.sql(
                "SELECT id FROM village_park WHERE status = 'NOT_PLANNED' AND renovation_type IS NULL"
                    + " AND plan_year IS NULL AND target_use IS NULL ORDER BY id DESC LIMIT 1")
            .query(Long.class)
            .single();
    JsonNode page = byCode(fresh);
    assertThat(row(page, fresh).get("next").asString()).isEqualTo("PLANNED");
    assertThat(texts(row(page, fresh).get("needs")))
        .containsExactly("renovationType", "planYear", "targetUse");
    // a full renovation planned: 拆除 needs nothing more
    long planned =
        jdbc.sql(
                "SELECT id FROM village_park WHERE status = 'PLANNED' AND renovation_type = 'FULL'"
                    + " ORDER BY id DESC LIMIT 1")
            .query(Long.class)
            .single();
    page = byCode(planned);
    assertThat(row(page, planned).get("next").asString()).isEqualTo("DEMOLITION");
    assertThat(row(page, planned).get("needs")).isEmpty();
    // a light renovation under works (改造施工) with its new floor area but no plot ratio after:
    // 竣工 needs the plot ratio
    long works =
        jdbc.sql(
                "SELECT id FROM village_park WHERE status = 'CONSTRUCTION' AND renovation_type = 'LIGHT'"
                    + " AND new_floor_area_m2 IS NOT NULL AND plot_ratio_after IS NULL"
                    + " ORDER BY id DESC LIMIT 1")
            .query(Long.class)
            .single();
    page = byCode(works);
    assertThat(row(page, works).get("next").asString()).isEqualTo("COMPLETED");
    assertThat(texts(row(page, works).get("needs"))).containsExactly("plotRatioAfter");
    // 综合整治 ends at 竣工 (整治验收): no next status, nothing needed
    long accepted =
        jdbc.sql(
                "SELECT id FROM village_park WHERE status = 'COMPLETED'"
                    + " AND renovation_type = 'COMPREHENSIVE' ORDER BY id DESC LIMIT 1")
            .query(Long.class)
            .single();
    page = byCode(accepted);
    assertThat(row(page, accepted).get("next").isNull()).isTrue();
    assertThat(row(page, accepted).get("needs")).isEmpty();
    assertThat(texts(row(page, accepted).get("path")))
        .containsExactly("NOT_PLANNED", "PLANNED", "CONSTRUCTION", "COMPLETED");

    // the refusal of that completion names the missing field, for the page to mark it; the
    // reason is Chinese first, with the status as people call it
    JsonNode refused =
        expect(
            422,
            "POST",
            "/api/renovation/parks/" + works + "/transitions",
            "bureau",
            Map.of("status", "COMPLETED", "reason", "竣工 completed"),
            "If-Match",
            "\"" + version("village_park", works) + "\"");
    assertThat(texts(refused.get("missing"))).containsExactly("plotRatioAfter");
    assertThat(texts(refused.get("reasons"))).singleElement().asString().startsWith("竣工需要改造后容积率");
    assertThat(refused.get("title").asString()).startsWith("状态变更被拒绝");
    JsonNode skipped =
        expect(
            422,
            "POST",
            "/api/renovation/parks/" + works + "/transitions",
            "bureau",
            Map.of("status", "PRODUCTION", "reason", "跳过 skip", "plotRatioAfter", 2),
            "If-Match",
            "\"" + version("village_park", works) + "\"");
    assertThat(skipped.get("reasons").get(0).asString())
        .contains("现为改造施工（CONSTRUCTION），微改造的下一状态只能是 COMPLETED（竣工）");
    assertThat(texts(skipped.get("missing"))).containsExactly("enterprisesAfter");
    assertThat(feature("village_park", works).at("/properties/status").asString())
        .isEqualTo("CONSTRUCTION");
  }

  /** The list page holding one park, found by its code. */
  private JsonNode byCode(long id) throws Exception {
    String code =
        jdbc.sql("SELECT code FROM village_park WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    return expect(200, "GET", "/api/renovation/parks?q=" + code, null, null);
  }

  @Test
  void theParksOfAPlan() throws Exception {
    Map<String, Object> plan =
        jdbc.sql(
                "SELECT plan_id, count(*) AS n FROM renovation_plan_park GROUP BY plan_id"
                    + " ORDER BY plan_id LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) plan.get("plan_id")).longValue();
    JsonNode parks = expect(200, "GET", "/api/renovation/parks?limit=500&plan=" + id, null, null);
    assertThat(parks.get("total").asLong()).isEqualTo(((Number) plan.get("n")).longValue());
    JsonNode p = expect(200, "GET", "/api/renovation/plans/" + id, null, null);
    List<Long> listed = new ArrayList<>();
    parks.get("parks").forEach(r -> listed.add(r.get("id").asLong()));
    List<Long> ofPlan = new ArrayList<>();
    p.get("parkIds").forEach(r -> ofPlan.add(r.asLong()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(ofPlan);
    for (JsonNode r : parks.get("parks")) {
      assertThat(r.get("planYears").toString()).contains(String.valueOf(p.get("year").asInt()));
    }
  }

  @Test
  void aParkInAPlanCannotGoBackToNotPlanned() throws Exception {
    // planned through the page's API (type, year, target use), then put in a plan of 三水 for 2031
    long park =
        jdbc.sql(
                "SELECT id FROM village_park WHERE district_code = '440607' AND status = 'NOT_PLANNED'"
                    + " ORDER BY id DESC OFFSET 4 LIMIT 1")
            .query(Long.class)
            .single();
    expect(
        200,
        "POST",
        "/api/renovation/parks/" + park + "/transitions",
        "bureau",
        Map.of(
            "status",
            "PLANNED",
            "reason",
            "列入计划 planned",
            "renovationType",
            "FULL",
            "planYear",
            2031,
            "targetUse",
            "INDUSTRIAL"),
        "If-Match",
        "\"" + version("village_park", park) + "\"");
    long planning =
        jdbc.sql(
                "SELECT change_set_id FROM village_park_status WHERE village_park_id = :id"
                    + " ORDER BY id DESC LIMIT 1")
            .param("id", park)
            .query(Long.class)
            .single();
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("year", 2031);
    body.put("districtCode", "440607");
    body.put("batch", 7);
    body.put("name", "三水2031年第七批");
    body.put("targetDemolishMu", 10);
    body.put("targetFloorAreaM2", 0);
    body.put("parkIds", List.of(park));
    JsonNode plan = expect(201, "POST", "/api/renovation/plans", "bureau", body);
    // reverting the planning while the plan holds the park: refused by the database (V47)
    long revert =
        expect(
                201,
                "POST",
                "/api/change-sets/" + planning + "/revert",
                "bureau",
                Map.of("reason", "撤回 undo"))
            .get("id")
            .asLong();
    JsonNode refused =
        expect(422, "POST", "/api/change-sets/" + revert + "/commit", "bureau", null);
    assertThat(refused.get("detail").asString())
        .contains("已列入 2031 年第 7 批年度计划「三水2031年第七批」，不能退回未计划");
    assertThat(feature("village_park", park).at("/properties/status").asString())
        .isEqualTo("PLANNED");
    // out of the plan, the revert goes through; the city as it was
    body.put("parkIds", List.of());
    expect(
        200,
        "PUT",
        "/api/renovation/plans/" + plan.get("id").asLong(),
        "bureau",
        body,
        "If-Match",
        "\"1\"");
    expect(200, "POST", "/api/change-sets/" + revert + "/commit", "bureau", null);
    assertThat(feature("village_park", park).at("/properties/status").asString())
        .isEqualTo("NOT_PLANNED");
    jdbc.sql("DELETE FROM renovation_plan WHERE id = :id")
        .param("id", plan.get("id").asLong())
        .update();
  }
}
