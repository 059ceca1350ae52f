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

  /** The pairs kept that are not the active ones, and the active ones not kept. */
  private static long pairsAmiss(Statement st) throws SQLException {
    String active =
        "SELECT p.id, c.id FROM grading_model c JOIN grading_model p ON p.year = c.year - 1"
            + " AND p.active WHERE c.active";
    String kept = "SELECT previous_model, model FROM grade_change_pair";
    return count(
        st,
        "SELECT count(*) FROM (("
            + kept
            + " EXCEPT "
            + active
            + ") UNION ALL ("
            + active
            + " EXCEPT "
            + kept
            + ")) d");
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
        assertThat(
                count(
                    st,
                    "SELECT count(*) FROM (("
                        + k
                        + " EXCEPT "
                        + l
                        + ") UNION ALL ("
                        + l
                        + " EXCEPT "
                        + k
                        + ")) d"))
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
              "UPDATE "
                  + t
                  + " SET grade = 'A' WHERE model_id = "
                  + m
                  + " AND "
                  + id
                  + " IN (SELECT "
                  + id
                  + " FROM "
                  + t
                  + " WHERE model_id = "
                  + m
                  + " ORDER BY "
                  + id
                  + " LIMIT 30)");
          st.executeUpdate(
              "UPDATE "
                  + t
                  + " SET grade = NULL, not_graded = 'test' WHERE model_id = "
                  + p
                  + " AND "
                  + id
                  + " IN (SELECT "
                  + id
                  + " FROM "
                  + t
                  + " WHERE model_id = "
                  + p
                  + " ORDER BY "
                  + id
                  + " DESC LIMIT 20)");
          assertKept(st, s + " grades updated");
          // both models in one statement
          st.executeUpdate(
              "UPDATE "
                  + t
                  + " SET grade = CASE WHEN model_id = "
                  + m
                  + " THEN 'D' ELSE 'B' END"
                  + " WHERE model_id IN ("
                  + p
                  + ", "
                  + m
                  + ") AND "
                  + id
                  + " IN (SELECT "
                  + id
                  + " FROM "
                  + t
                  + " WHERE model_id = "
                  + m
                  + " ORDER BY "
                  + id
                  + " OFFSET 10 LIMIT 40)");
          assertKept(st, s + " grades of both models in one statement");
          // grades deleted (subjects no longer graded by one model, or by neither)
          st.execute(
              "CREATE TEMP TABLE saved_"
                  + s
                  + " ON COMMIT DROP AS SELECT * FROM "
                  + t
                  + " WHERE model_id IN ("
                  + p
                  + ", "
                  + m
                  + ") AND "
                  + id
                  + " IN (SELECT "
                  + id
                  + " FROM "
                  + t
                  + " WHERE model_id = "
                  + p
                  + " ORDER BY "
                  + id
                  + " LIMIT 25)");
          st.executeUpdate(
              "DELETE FROM "
                  + t
                  + " WHERE (model_id, "
                  + id
                  + ") IN (SELECT model_id, "
                  + id
                  + " FROM saved_"
                  + s
                  + ")");
          assertKept(st, s + " grades deleted");
          // and inserted again, other grades
          st.executeUpdate(
              "INSERT INTO "
                  + t
                  + " (model_id, "
                  + id
                  + ", score, grade, rank, not_graded)"
                  + " SELECT model_id, "
                  + id
                  + ", score, 'C', rank, not_graded FROM saved_"
                  + s);
          assertKept(st, s + " grades inserted");
          // a grade moved to a subject the model had not graded
          st.executeUpdate(
              "UPDATE "
                  + t
                  + " SET "
                  + id
                  + " = (SELECT max("
                  + id
                  + ") + 1 FROM "
                  + t
                  + ")"
                  + " WHERE model_id = "
                  + m
                  + " AND "
                  + id
                  + " = (SELECT min("
                  + id
                  + ") FROM "
                  + t
                  + " WHERE model_id = "
                  + m
                  + ")");
          assertKept(st, s + " a grade moved to another subject");
        }
        // the year's model deactivated: its pairs dropped; activated again: counted anew
        st.executeUpdate("UPDATE grading_model SET active = false WHERE id = " + m);
        assertThat(
                count(
                    st,
                    "SELECT count(*) FROM grade_change_pair WHERE "
                        + m
                        + " IN (model,"
                        + " previous_model)"))
            .isZero();
        assertThat(
                count(
                    st,
                    "SELECT count(*) FROM grade_change WHERE "
                        + m
                        + " IN (model,"
                        + " previous_model)"))
            .isZero();
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
