package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A feature's code is letters, digits and CJK characters with '-', '_' and '.' (FeatureCodes): the
 * API refuses any other with a 422 problem naming the code attribute, Chinese first, and the
 * database refuses it from any writer (the CHECK constraints of V16), reading the pattern exactly
 * as the service does.
 */
class FeatureCodesTest extends EditingTest {

  /** Codes people use, and the codes the service gives features created without one. */
  private static final List<String> GOOD =
      List.of(
          "440607999000GB99999",
          "RL440604-0001",
          "RL-N000123",
          "三水修复-bowtie",
          "CB.2026_01",
          "㐀",
          "a".repeat(64));

  /** Markup, spaces, quotes, other scripts, a leading separator, a line break, too long. */
  private static final List<String> BAD =
      List.of(
          "<img src=x onerror=alert(1)>",
          "RL 0001",
          "RL\"1",
          "RL'1",
          "-RL1",
          ".RL1",
          "RL1\n",
          "é1",
          "ＲＬ１",
          "",
          "a".repeat(65));

  /** A committed change set of its own, as a write straight to a layer table needs. */
  private static final String CHANGE_SET =
      "WITH cs AS (INSERT INTO change_set (author, reason, status, committed_at)"
          + " VALUES ('test', 'code check', 'COMMITTED', now()) RETURNING id)";

  @Test
  void theServiceAndTheDatabaseReadThePatternAlike() throws Exception {
    long parcel = jdbc.sql("SELECT max(id) FROM parcel").query(Long.class).single();
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      c.setAutoCommit(false);
      for (String code : concat(GOOD, BAD)) {
        boolean stored;
        try (PreparedStatement st =
            c.prepareStatement(
                CHANGE_SET
                    + " UPDATE parcel SET code = ?, change_set_id = cs.id FROM cs"
                    + " WHERE parcel.id = ?")) {
          st.setString(1, code);
          st.setLong(2, parcel);
          st.executeUpdate();
          stored = true;
        } catch (SQLException e) {
          assertThat(e.getMessage()).as(code).contains("parcel_code_pattern");
          stored = false;
        } finally {
          c.rollback(); // before the change set's rules are checked, at commit
        }
        assertThat(stored).as("the database on %s", code).isEqualTo(FeatureCodes.valid(code));
        assertThat(FeatureCodes.valid(code)).as(code).isEqualTo(GOOD.contains(code));
      }
    }
  }

  @Test
  void everyLayerTableRefusesAnInvalidCodeFromAnyWriter() throws Exception {
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      c.setAutoCommit(false);
      for (String table :
          List.of(
              "industrial_cluster",
              "red_line",
              "reserve_land",
              "village_park",
              "parcel",
              "factory_building")) {
        try (PreparedStatement st =
            c.prepareStatement(
                CHANGE_SET
                    + " UPDATE "
                    + table
                    + " t SET code = ?, change_set_id = cs.id FROM cs"
                    + " WHERE t.id = (SELECT min(id) FROM "
                    + table
                    + ")")) {
          st.setString(1, "<b onmouseover=alert(1)>x</b>");
          assertThatThrownBy(st::executeUpdate)
              .as(table)
              .isInstanceOfSatisfying(
                  SQLException.class,
                  e -> {
                    assertThat(e.getSQLState()).isEqualTo("23514"); // check_violation
                    assertThat(e.getMessage()).contains(table + "_code_pattern");
                  });
        } finally {
          c.rollback();
        }
      }
    }
  }

  @Test
  void theApiRefusesAnInvalidCodeWith422ChineseFirstAndTakesAValidOne() throws Exception {
    long cs = draft("bureau", "编码检查 code check");
    long parcel =
        jdbc.sql("SELECT id FROM parcel ORDER BY id DESC OFFSET 3 LIMIT 1")
            .query(Long.class)
            .single();
    int version = version("parcel", parcel);
    for (String code : List.of("<img src=x onerror=alert(1)>", "ZD 1", "-ZD1")) {
      JsonNode problem =
          expect(
              422,
              "POST",
              "/api/change-sets/" + cs + "/edits",
              "bureau",
              edit("parcel", "update", parcel, version, null, Map.of("code", code)));
      assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-attributes");
      assertThat(problem.get("detail").asString()).startsWith("属性有误");
      assertThat(problem.get("errors").get(0).asString())
          .startsWith("code: 编码只能由字母、数字、汉字及 - _ . 组成")
          .contains("a code is letters, digits and CJK characters");
    }
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit("parcel", "update", parcel, version, null, Map.of("code", "佛山-ZD.2026_1")));
    expect(204, "DELETE", "/api/change-sets/" + cs, "bureau", null);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
