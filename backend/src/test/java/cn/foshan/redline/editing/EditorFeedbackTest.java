package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the editor tells: the code a preview shows is the code the commit gives; a stale base
 * version is refused when the edit is saved to the draft, not only at commit, and the 412 names the
 * feature as people do (the layer's name, its code, its district) with who changed it, when and
 * why; a draft made with its first edit is not made when that edit is refused; a visitor's
 * /api/session is an answer, not an error.
 */
class EditorFeedbackTest extends EditingTest {

  /** A 100 m square (GeoJSON, EPSG:4490) inside a cluster of 三水 or 高明, 60 m from every red line. */
  private JsonNode emptySquare() {
    return shape(
        """
        SELECT (WITH c AS (
          SELECT c.id, c.geom FROM industrial_cluster c
          WHERE EXISTS (SELECT 1 FROM red_line r WHERE r.cluster_id = c.id
                        AND r.district_code IN ('440607', '440608'))
            AND NOT EXISTS (SELECT 1 FROM red_line r WHERE r.cluster_id = c.id
                            AND r.district_code NOT IN ('440607', '440608'))
        ), free AS (
          SELECT c.id, (ST_MaximumInscribedCircle(ST_Difference(ST_Buffer(c.geom, -0.0003),
              COALESCE((SELECT ST_Union(ST_Buffer(r.geom, 0.0006)) FROM red_line r
                        WHERE r.geom && ST_Expand(c.geom, 0.001)),
                       ST_SetSRID('POLYGON EMPTY'::geometry, 4490))))).*
          FROM c
        ), spot AS (
          SELECT ST_Transform(center, 4547) AS p FROM free ORDER BY radius DESC, id OFFSET 1 LIMIT 1
        )
        SELECT ST_Transform(ST_MakeEnvelope(ST_X(p) - 50, ST_Y(p) - 50, ST_X(p) + 50, ST_Y(p) + 50,
                                            4547), 4490) FROM spot)
        """);
  }

  @Test
  void theCodeAPreviewShowsIsTheCodeTheCommitGives() throws Exception {
    long cs = draft("bureau", "预览编码测试 preview code");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "red_line", "create", null, null, emptySquare(), Map.of("designatedOn", "2026-12-01")));
    String first = codeInPreview(cs);
    String again = codeInPreview(cs);
    assertThat(first)
        .isEqualTo(String.format(java.util.Locale.ROOT, "RL-N%06d-1", cs))
        .isEqualTo(again);
    expect(200, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null);
    String committed =
        jdbc.sql("SELECT code FROM red_line WHERE change_set_id = :cs")
            .param("cs", cs)
            .query(String.class)
            .single();
    assertThat(committed).isEqualTo(first);
  }

  private String codeInPreview(long cs) throws Exception {
    JsonNode preview = expect(200, "GET", "/api/change-sets/" + cs + "/preview", "bureau", null);
    assertThat(preview.get("valid").asBoolean()).as(preview.toString()).isTrue();
    return preview.at("/effects/features/0/after/properties/code").asString();
  }

  @Test
  void aStaleBaseVersionIsRefusedAtSaveNamingTheFeatureAndWhoChangedItWhenAndWhy()
      throws Exception {
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT p.id, p.code, d.name AS district FROM parcel p"
                    + " JOIN district d ON d.code = p.district_code"
                    + " WHERE p.district_code = '440605' ORDER BY p.id OFFSET 77 LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) parcel.get("id")).longValue();
    int loaded = version("parcel", id);
    // someone else changes it first, through the feature API
    String reason = "测绘复核更正建筑面积 survey check";
    expect(
        200,
        "PUT",
        "/api/layers/parcel/features/" + id,
        "bureau",
        Map.of(
            "properties",
            Map.of("floorAreaM2", 4321),
            "reason",
            reason,
            "documentNumber",
            "佛自然资〔2026〕77号"),
        "If-Match",
        "\"" + loaded + "\"");

    // the edit made on the version loaded before is refused when it is saved, not at commit
    long cs = draft("bureau", "过期版本测试 stale");
    JsonNode problem =
        expect(
            412,
            "POST",
            "/api/change-sets/" + cs + "/edits",
            "bureau",
            edit("parcel", "update", id, loaded, null, Map.of("floorAreaM2", 1234)));
    String detail = problem.get("detail").asString();
    assertThat(detail)
        .startsWith("宗地 " + parcel.get("code") + "（" + parcel.get("district") + "）")
        .contains(reason, "佛自然资〔2026〕77号", "第 " + loaded + " 版")
        .contains("市自然资源局 Land bureau（bureau）")
        .doesNotContain("parcel " + id, "Stale[", "district_code");
    JsonNode change = problem.at("/stale/0/changes/0");
    assertThat(change.get("reason").asString()).isEqualTo(reason);
    assertThat(change.get("author").asString()).isEqualTo("bureau");
    assertThat(change.get("committedAt").isNull()).isFalse();
    assertThat(expect(200, "GET", "/api/change-sets/" + cs, "bureau", null).get("edits")).isEmpty();

    // the feature API's own 412 says the same in Chinese first
    JsonNode put =
        expect(
            412,
            "PUT",
            "/api/layers/parcel/features/" + id,
            "bureau",
            Map.of("properties", Map.of("floorAreaM2", 1), "reason", "x"),
            "If-Match",
            "\"" + loaded + "\"");
    assertThat(put.get("detail").asString())
        .startsWith("宗地 " + parcel.get("code"))
        .contains(reason);
  }

  @Test
  void aDraftMadeWithItsFirstEditIsNotMadeWhenTheEditIsRefused() throws Exception {
    long before = drafts("bureau");
    // a shape outside Foshan (深圳): the edit is refused, and the draft it would start is not made
    JsonNode outside = shape("SELECT ST_MakeEnvelope(114.05, 22.53, 114.06, 22.54, 4490)");
    JsonNode refused =
        expect(
            422,
            "POST",
            "/api/change-sets",
            "bureau",
            Map.of(
                "reason",
                "首项被拒 first edit refused",
                "edit",
                edit(
                    "red_line",
                    "create",
                    null,
                    null,
                    outside,
                    Map.of("designatedOn", "2026-12-01"))));
    assertThat(refused.get("detail").asString()).isNotBlank();
    assertThat(drafts("bureau")).isEqualTo(before);

    // accepted: the draft is made holding it
    JsonNode made =
        expect(
            201,
            "POST",
            "/api/change-sets",
            "bureau",
            Map.of(
                "reason",
                "首项接受 first edit accepted",
                "edit",
                edit(
                    "red_line",
                    "create",
                    null,
                    null,
                    emptySquare(),
                    Map.of("designatedOn", "2026-12-01"))));
    assertThat(made.get("status").asString()).isEqualTo("DRAFT");
    assertThat(drafts("bureau")).isEqualTo(before + 1);
    assertThat(
            expect(200, "GET", "/api/change-sets/" + made.get("id").asLong(), "bureau", null)
                .get("edits"))
        .hasSize(1);

    // two first actions are one too many
    expect(
        400,
        "POST",
        "/api/change-sets",
        "bureau",
        Map.of(
            "reason",
            "两个首项 two",
            "edit",
            edit("red_line", "create", null, null, emptySquare(), Map.of()),
            "merge",
            Map.of("layer", "red_line", "featureIds", java.util.List.of(1, 2))));
    assertThat(drafts("bureau")).isEqualTo(before + 1);
  }

  private long drafts(String author) {
    return jdbc.sql("SELECT count(*) FROM change_set WHERE author = :a AND status = 'DRAFT'")
        .param("a", author)
        .query(Long.class)
        .single();
  }

  @Test
  void aVisitorsSessionIsAnAnswerNotAnError() throws Exception {
    assertThat(expect(200, "GET", "/api/session", null, null).get("user").isNull()).isTrue();
    JsonNode bureau = expect(200, "GET", "/api/session", "bureau", null).get("user");
    assertThat(bureau.get("username").asString()).isEqualTo("bureau");
    assertThat(bureau.get("role").asString()).isEqualTo("BUREAU");
  }
}
