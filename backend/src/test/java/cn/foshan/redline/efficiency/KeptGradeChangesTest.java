package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.system.SqlTemplate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The grade changes the database keeps for the city (V53 grade_change: per subject and pair of
 * active models, the subjects per pair of grades) are those select_grade_changes.sql counts from
 * the grades, after the start's recompute and after writes of every kind by plain SQL (as psql
 * would write: grades updated, deleted, inserted, moved to another subject, both models in one
 * statement, a model deactivated and activated again, the grades truncated), in the writer's own
 * transaction; and the endpoint answers the city's from them.
 */
class KeptGradeChangesTest extends EditingTest {

  private static final SqlTemplate LIVE =
      SqlTemplate.load(
          "efficiency/select_grade_changes.sql", "cluster", "figures", "grades", "key");

  /** select_grade_changes.sql for the city (every subject, no district or cluster). */
  private static String live(String subject, long previous, long model) {
    return LIVE.identifier("grades", subject + "_grade")
        .identifier("figures", subject + "_efficiency")
        .identifier("key", subject + "_id")
        .sql("cluster", "true")
        .sql()
        .replace(":model", Long.toString(model))
        .replace(":previous", Long.toString(previous))
        .replace(":year", "2000")
        .replace(":district", "NULL")
        .replace(":cluster", "NULL");
  }

  private static String kept(String subject, long previous, long model) {
    return "SELECT from_grade, to_grade, subjects FROM grade_change WHERE subject = '"
        + subject
        + "' AND previous_model = "
        + previous
        + " AND model = "
        + model;
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The rows of one query not in the other, both ways: 0 when they hold the same rows. */
  private static long differing(Statement st, String a, String b) throws SQLException {
    return count(
        st,
        String.format(
            "SELECT count(*) FROM ((%1$s EXCEPT %2$s) UNION ALL (%2$s EXCEPT %1$s)) d", a, b));
  }

  /** The pairs kept that are not the active ones, and the active ones not kept. */
  private static long pairsAmiss(Statement st) throws SQLException {
    return differing(
        st,
        "SELECT previous_model, model FROM grade_change_pair",
        "SELECT p.id, c.id FROM grading_model c JOIN grading_model p ON p.year = c.year - 1"
            + " AND p.active WHERE c.active");
  }

  /**
   * The condition "the subject is one of those the model grades, taken by id in this order" (e.g.
   * "DESC LIMIT 20") on a subject's grades ({@code s}: enterprise or parcel).
   */
  private static String graded(String s, long model, String order) {
    return String.format(
        "%1$s_id IN (SELECT %1$s_id FROM %1$s_grade WHERE model_id = %2$d ORDER BY %1$s_id %3$s)",
        s, model, order);
  }

  /** The rows of a kept table (grade_change, grade_change_pair) of a model, either side. */
  private static long keptOf(Statement st, String table, long model) throws SQLException {
    return count(
        st, "SELECT count(*) FROM " + table + " WHERE " + model + " IN (model, previous_model)");
  }

  /** Every kept pair's counts, both subjects, against the grades: rows differing both ways. */
  private static void assertKept(Statement st, String after) throws SQLException {
    assertThat(pairsAmiss(st)).as("the pairs kept after %s", after).isZero();
    long[][] pairs;
    try (ResultSet rs =
        st.executeQuery("SELECT previous_model, model FROM grade_change_pair ORDER BY 1, 2")) {
      java.util.List<long[]> list = new java.util.ArrayList<>();
      while (rs.next()) {
        list.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
      pairs = list.toArray(new long[0][]);
    }
    assertThat(pairs).as("pairs kept after %s", after).isNotEmpty();
    for (long[] pair : pairs) {
      for (String subject : new String[] {"enterprise", "parcel"}) {
        String k = kept(subject, pair[0], pair[1]);
        String l = "SELECT * FROM (" + live(subject, pair[0], pair[1]) + ") l";
        assertThat(differing(st, k, l))
            .as("%s grade changes %d → %d after %s", subject, pair[0], pair[1], after)
            .isZero();
      }
    }
  }

  @Test
  void theKeptGradeChangesAreTheGradesCountsAfterEveryKindOfWrite() throws Exception {
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        // the demo city publishes its grades of 2024 (final) and 2025 (公示), which V32 keeps from
        // any change; this test writes grades as a psql writer may before a publication, so in its
        // own transaction (rolled back) the schema's owner lifts those guards: what it checks is
        // V53's counts, not V32's guard (GradePublicationTest checks that)
        for (String op : new String[] {"inserts", "updates", "deletes"}) {
          st.execute(
              "ALTER TABLE enterprise_grade DISABLE TRIGGER enterprise_grade_published_" + op);
        }
        assertKept(st, "the start");
        // the last pair: the previous year's active model p, the year's m
        long p;
        long m;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT previous_model, model FROM grade_change_pair ORDER BY model DESC LIMIT 1")) {
          rs.next();
          p = rs.getLong(1);
          m = rs.getLong(2);
        }
        assertThat(count(st, "SELECT count(*) FROM enterprise_grade WHERE model_id = " + m))
            .isPositive();
        for (String s : new String[] {"enterprise", "parcel"}) {
          String t = s + "_grade";
          String id = s + "_id";
          // grades changed in one model, and ungraded (null) in the other
          st.executeUpdate(
              String.format(
                  "UPDATE %s SET grade = 'A' WHERE model_id = %d AND %s",
                  t, m, graded(s, m, "LIMIT 30")));
          st.executeUpdate(
              String.format(
                  "UPDATE %s SET grade = NULL, not_graded = 'test' WHERE model_id = %d AND %s",
                  t, p, graded(s, p, "DESC LIMIT 20")));
          assertKept(st, s + " grades updated");
          // both models in one statement
          st.executeUpdate(
              String.format(
                  "UPDATE %s SET grade = CASE WHEN model_id = %d THEN 'D' ELSE 'B' END"
                      + " WHERE model_id IN (%d, %d) AND %s",
                  t, m, p, m, graded(s, m, "OFFSET 10 LIMIT 40")));
          assertKept(st, s + " grades of both models in one statement");
          // grades deleted (subjects no longer graded by one model, or by neither)
          st.execute(
              String.format(
                  "CREATE TEMP TABLE saved_%s ON COMMIT DROP AS SELECT * FROM %s"
                      + " WHERE model_id IN (%d, %d) AND %s",
                  s, t, p, m, graded(s, p, "LIMIT 25")));
          st.executeUpdate(
              String.format(
                  "DELETE FROM %1$s WHERE (model_id, %2$s) IN (SELECT model_id, %2$s FROM saved_%3$s)",
                  t, id, s));
          assertKept(st, s + " grades deleted");
          // and inserted again, other grades
          st.executeUpdate(
              String.format(
                  "INSERT INTO %1$s (model_id, %2$s, score, grade, rank, not_graded)"
                      + " SELECT model_id, %2$s, score, 'C', rank, not_graded FROM saved_%3$s",
                  t, id, s));
          assertKept(st, s + " grades inserted");
          // a grade moved to a subject the model had not graded
          st.executeUpdate(
              String.format(
                  "UPDATE %1$s SET %2$s = (SELECT max(%2$s) + 1 FROM %1$s) WHERE model_id = %3$d"
                      + " AND %2$s = (SELECT min(%2$s) FROM %1$s WHERE model_id = %3$d)",
                  t, id, m));
          assertKept(st, s + " a grade moved to another subject");
        }
        // the year's model deactivated: its pairs dropped; activated again: counted anew
        st.executeUpdate("UPDATE grading_model SET active = false WHERE id = " + m);
        assertThat(keptOf(st, "grade_change_pair", m)).isZero();
        assertThat(keptOf(st, "grade_change", m)).isZero();
        st.executeUpdate("UPDATE grading_model SET active = true WHERE id = " + m);
        assertThat(count(st, "SELECT count(*) FROM grade_change WHERE model = " + m)).isPositive();
        assertKept(st, "the model deactivated and activated again");
        // the grades emptied: every kept count of the subject gone
        st.execute("TRUNCATE parcel_grade");
        assertThat(count(st, "SELECT count(*) FROM grade_change WHERE subject = 'parcel'"))
            .isZero();
        assertKept(st, "the parcels' grades truncated");
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void theEndpointAnswersTheCitysGradeChangesFromTheKeptCounts() throws Exception {
    JsonNode before = expect(200, "GET", "/api/efficiency/grade-changes", "planner", null);
    long model = before.get("modelId").asLong();
    long previous = before.get("previousModelId").asLong();
    long subjects = 0;
    for (JsonNode change : before.get("changes")) {
      subjects += change.get("subjects").asLong();
    }
    assertThat(subjects)
        .isEqualTo(
            jdbc.sql(
                    "SELECT sum(subjects) FROM grade_change WHERE subject = 'enterprise'"
                        + " AND previous_model = :p AND model = :m")
                .param("p", previous)
                .param("m", model)
                .query(Long.class)
                .single());
    // kept counts changed by hand are what the city's answer says: 1,000 more of each pair of
    // equal grades, so 1,000 × those pairs more who kept their grade
    String same =
        " WHERE subject = 'enterprise' AND previous_model = :p AND model = :m"
            + " AND from_grade = to_grade";
    long pairs =
        jdbc.sql("SELECT count(*) FROM grade_change" + same)
            .param("p", previous)
            .param("m", model)
            .query(Long.class)
            .single();
    assertThat(pairs).isPositive();
    String bump = "UPDATE grade_change SET subjects = subjects + :n" + same;
    jdbc.sql(bump).param("n", 1000).param("p", previous).param("m", model).update();
    try {
      JsonNode after = expect(200, "GET", "/api/efficiency/grade-changes", "planner", null);
      assertThat(after.get("same").asLong()).isEqualTo(before.get("same").asLong() + 1000 * pairs);
    } finally {
      jdbc.sql(bump).param("n", -1000).param("p", previous).param("m", model).update();
    }
    assertThat(expect(200, "GET", "/api/efficiency/grade-changes", "planner", null))
        .isEqualTo(before);
  }
}
