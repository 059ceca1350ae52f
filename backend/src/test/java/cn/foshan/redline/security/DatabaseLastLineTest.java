package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database is the last line (V14): plain SQL sessions — the service's own login acting for a
 * user, and a person's own login — try what the service never would, and the database refuses. Each
 * test names the bypass it closes; each passed on the schema before V14.
 *
 * <p>The city: five square districts; in 禅城 (minimum 1.5 km², the city's 0) a cluster holding two
 * red-line squares A and B of about 1 km² each, so that losing either takes 禅城 below its minimum.
 */
class DatabaseLastLineTest {

  private static final String SCHEMA = TestDatabase.schema("last_line");
  private static final String PERSON = TestDatabase.PERSON;

  @BeforeAll
  static void migrate() {
    TestDatabase.migrate(SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @BeforeEach
  void city() throws SQLException {
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      st.execute("TRUNCATE district, change_set, app_user RESTART IDENTITY CASCADE");
      st.execute("UPDATE city SET red_line_minimum_km2 = 0");
      st.execute(
          "INSERT INTO change_set (author, reason, committed_at) VALUES ('test', 'city', now())");
      String[] codes = {"440604", "440605", "440606", "440607", "440608"};
      for (int i = 0; i < codes.length; i++) {
        double x = 112.0 + 0.5 * i;
        st.execute(
            String.format(
                java.util.Locale.ROOT,
                "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                    + " ('%s', '区%d', 'D%d', %s, ST_Multi(ST_MakeEnvelope(%f, 22.0, %f, 23.0,"
                    + " 4490)))",
                codes[i],
                i,
                i,
                i == 0 ? "1.5" : "0",
                x,
                x + 0.5));
      }
      st.execute(
          "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
              + " ('C1', '禅城集聚区', 'C1', ST_Multi(ST_MakeEnvelope(112.1, 22.1, 112.3, 22.3,"
              + " 4490)), 1)");
      st.execute(
          "INSERT INTO red_line (code, district_code, designated_on, geom, change_set_id) VALUES"
              + " ('A', '440604', '2024-01-01', ST_Multi(ST_MakeEnvelope(112.11, 22.11, 112.1198,"
              + " 22.12, 4490)), 1),"
              + " ('B', '440604', '2024-01-01', ST_Multi(ST_MakeEnvelope(112.13, 22.11, 112.1398,"
              + " 22.12, 4490)), 1)");
      st.execute(
          "INSERT INTO app_user (username, display_name, password_hash, role, district_code)"
              + " VALUES ('bureau', 'B', 'x', 'BUREAU', NULL),"
              + " ('chancheng', 'C', 'x', 'DISTRICT', '440604'),"
              + " ('planner', 'P', 'x', 'PLANNER', NULL),"
              + " ('"
              + PERSON
              + "', 'Person', 'x', 'DISTRICT', '440604')");
    }
  }

  /** A person's own login (a member of redline_editor; ./redline test makes it). */
  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * A draft's edit creating a feature of a layer: a rectangle from {@code west} to {@code east},
   * 22.5° to 22.51° north.
   */
  private static String creation(long cs, int seq, String layer, String west, String east) {
    return "INSERT INTO change_set_edit (change_set_id, seq, layer, action, geom) VALUES ("
        + cs
        + ", "
        + seq
        + ", '"
        + layer
        + "', 'CREATE', ST_Multi(ST_MakeEnvelope("
        + west
        + ", 22.5, "
        + east
        + ", 22.51, 4490)))";
  }

  private static long redLines() throws SQLException {
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      return scalar(c, "SELECT count(*) FROM red_line WHERE district_code = '440604'");
    }
  }

  /** A committed change set of the session's actor, named for its deletes. */
  private static long committed(Connection c) throws SQLException {
    long cs =
        scalar(
            c,
            "INSERT INTO change_set (reason, status, committed_at)"
                + " VALUES ('试', 'COMMITTED', now()) RETURNING id");
    try (Statement st = c.createStatement()) {
      st.execute("SELECT set_config('redline.change_set_id', '" + cs + "', true)");
    }
    return cs;
  }

  private static void transaction(Connection c, String... statements) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  @Test
  void aSettingNoLongerMarksAChangeSetChecked() throws SQLException {
    // before V14: SET LOCAL redline.checked_<id> = 'yes' skipped every rule (禅城 at 0 km²)
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau")) {
      c.setAutoCommit(false);
      long cs = committed(c);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL redline.checked_" + cs + " = 'yes'");
        st.execute("DELETE FROM red_line WHERE district_code = '440604'");
      }
      assertThatThrownBy(c::commit).hasMessageContaining("以增定改");
    }
    assertThat(redLines()).isEqualTo(2);
  }

  @Test
  void immediateConstraintsCheckEveryStatementNotJustTheFirst() throws SQLException {
    // before V14: under SET CONSTRAINTS ALL IMMEDIATE the first statement's check marked the change
    // set checked, and a second statement took 禅城 below its minimum unseen
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau")) {
      c.setAutoCommit(false);
      long cs = committed(c);
      try (Statement st = c.createStatement()) {
        st.execute("SET CONSTRAINTS ALL IMMEDIATE");
        st.execute(
            "UPDATE red_line SET document_number = '佛自然资〔2026〕1号', change_set_id = "
                + cs
                + " WHERE code = 'A'");
        assertThatThrownBy(() -> st.execute("DELETE FROM red_line WHERE code = 'B'"))
            .hasMessageContaining("以增定改");
      }
      c.rollback();
    }
    assertThat(redLines()).isEqualTo(2);
  }

  @Test
  void deferredRulesSeeTheFinalStateOfSeveralStatements() throws SQLException {
    // B taken out and put back elsewhere in one change set: fine at COMMIT, whatever came between
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau")) {
      c.setAutoCommit(false);
      long cs = committed(c);
      try (Statement st = c.createStatement()) {
        st.execute("DELETE FROM red_line WHERE code = 'B'");
        st.execute(
            "INSERT INTO red_line (code, district_code, designated_on, geom, change_set_id) VALUES"
                + " ('B2', '440604', '2026-01-01', ST_Multi(ST_MakeEnvelope(112.15, 22.15,"
                + " 112.1599, 22.16, 4490)), "
                + cs
                + ")");
      }
      c.commit();
    }
    assertThat(redLines()).isEqualTo(2);
  }

  @Test
  void theServiceLoginOwnsNothingAndCannotSwitchRulesOff() throws SQLException {
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau");
        Statement st = c.createStatement()) {
      assertThat(
              scalar(
                  c,
                  "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND"
                      + " (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)"))
          .isZero();
      String[] refused = {
        "ALTER TABLE red_line DISABLE TRIGGER ALL",
        "SET session_replication_role = replica",
        "TRUNCATE red_line",
        "DROP POLICY red_line_write ON red_line",
        "UPDATE district SET red_line_minimum_km2 = 0",
        "UPDATE city SET red_line_minimum_km2 = 0",
        "DELETE FROM feature_history",
        "INSERT INTO change_set_pending_check VALUES (pg_current_xact_id(), 1, 99)",
        "CREATE TABLE " + SCHEMA + ".planted (i int)",
        "CREATE FUNCTION "
            + SCHEMA
            + ".st_area(geography) RETURNS float8 LANGUAGE sql AS 'SELECT 0'"
      };
      for (String sql : refused) {
        assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class);
      }
    }
  }

  @Test
  void nobodyAndPlannersWriteNothing() throws SQLException {
    for (String actor : new String[] {"", "planner", "nobody-such"}) {
      try (Connection c = TestDatabase.actingFor(SCHEMA, actor);
          Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute("INSERT INTO change_set (reason) VALUES ('x')"))
            .as(actor)
            .hasMessageContaining(actor.equals("planner") ? "planner reads only" : "no known user");
        assertThatThrownBy(
                () ->
                    st.execute(
                        "INSERT INTO grading_model (year, version, name, method, indicators,"
                            + " class_rule, exclusions, active, created_by)"
                            + " VALUES (2024, 1, 'x', 'RATIO', '[]', '{}', '{}', false, 'x')"))
            .as(actor)
            .hasMessageContaining("row-level security");
      }
    }
  }

  @Test
  void aDistrictOfficersChangeSetIsTheirsAndInTheirDistrict() throws SQLException {
    try (Connection c = TestDatabase.actingFor(SCHEMA, "chancheng")) {
      long cs =
          scalar(
              c,
              "INSERT INTO change_set (author, reason, status, district_code)"
                  + " VALUES ('bureau', '试', 'DRAFT', '440605') RETURNING id");
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT author, district_code, status FROM change_set WHERE id = " + cs)) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("chancheng");
        assertThat(rs.getString(2)).isEqualTo("440604");
        assertThat(rs.getString(3)).isEqualTo("DRAFT");
      }
      try (Statement st = c.createStatement()) {
        st.execute(creation(cs, 1, "parcel", "112.2", "112.21")); // in 禅城
        // wholly in 南海, 60 m past the border: within containment's 0.001°, not 禅城's
        assertThatThrownBy(() -> st.execute(creation(cs, 2, "parcel", "112.5001", "112.5006")))
            .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> st.execute(creation(cs, 3, "parcel", "112.7", "112.71")))
            .hasMessageContaining("row-level security");
        // the officer proposes; committing or approving is the bureau's
        assertThatThrownBy(
                () -> st.execute("UPDATE change_set SET status = 'COMMITTED' WHERE id = " + cs))
            .hasMessageContaining("may not move");
        st.execute("UPDATE change_set SET status = 'PROPOSED' WHERE id = " + cs);
        assertThatThrownBy(
                () -> st.execute("UPDATE change_set SET status = 'REJECTED' WHERE id = " + cs))
            .hasMessageContaining("may not move");
      }
    }
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau");
        Statement st = c.createStatement()) {
      st.execute("UPDATE change_set SET status = 'REJECTED', review_comment = 'no' WHERE id = 2");
      assertThat(scalar(c, "SELECT count(*) FROM change_set WHERE reviewed_by = 'bureau'"))
          .isEqualTo(1);
    }
  }

  @Test
  void aTemporaryTableCannotOpenSomeoneElsesDraftToAnOfficer() throws SQLException {
    long cs;
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau")) {
      cs = scalar(c, "INSERT INTO change_set (reason, status) VALUES ('试', 'DRAFT') RETURNING id");
    }
    try (Connection c = TestDatabase.actingFor(SCHEMA, "chancheng");
        Statement st = c.createStatement()) {
      // any session may make a temporary table, and pg_temp is searched first: this one says the
      // bureau's draft is the officer's own (V74's policy is bound to the schema's change_set)
      st.execute(
          "CREATE TEMPORARY TABLE change_set (id bigint, status text, author text,"
              + " district_code char(6))");
      st.execute(
          "INSERT INTO pg_temp.change_set VALUES (" + cs + ", 'DRAFT', 'chancheng', '440604')");
      assertThatThrownBy(() -> st.execute(creation(cs, 1, "parcel", "112.2", "112.21")))
          .hasMessageContaining("row-level security");
    }
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      assertThat(scalar(c, "SELECT count(*) FROM change_set_edit")).isZero();
    }
  }

  @Test
  void aPersonsOwnOperatorCannotOpenTheWritePolicies() throws SQLException {
    // a person's login has a scratch schema to load into (./redline user sql), where it may
    // create functions and operators, and may put it before pg_catalog in its search path
    String scratch = SCHEMA + "_scratch";
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      st.execute("UPDATE app_user SET district_code = '440605' WHERE username = '" + PERSON + "'");
      st.execute("CREATE SCHEMA " + scratch);
      st.execute("GRANT USAGE, CREATE ON SCHEMA " + scratch + " TO " + PERSON);
    }
    try (Connection c = TestDatabase.person(SCHEMA);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE FUNCTION "
              + scratch
              + ".yes(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true'");
      st.execute(
          "CREATE OPERATOR "
              + scratch
              + ".= (LEFTARG = text, RIGHTARG = text, FUNCTION = "
              + scratch
              + ".yes)");
      st.execute("SET search_path = " + scratch + ", pg_catalog, " + SCHEMA + ", public");
      // the red lines are in 禅城, not the person's 南海: the policy shows them none to change
      // (were `role IN ('BUREAU', 'ADMIN')` read with this =, they would reach the triggers)
      assertThat(st.executeUpdate("UPDATE red_line SET document_number = 'x'")).isZero();
    } finally {
      try (Connection c = TestDatabase.connect(SCHEMA);
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + scratch + " CASCADE");
      }
    }
  }

  @Test
  void aChangeSetCommittedByADistrictOfficerChangesNoLayer() throws SQLException {
    // a district officer may commit at once (a factory building's sale), but not the layers
    try (Connection c = TestDatabase.actingFor(SCHEMA, "chancheng")) {
      assertThatThrownBy(
              () ->
                  transaction(
                      c,
                      "INSERT INTO change_set (reason, status) VALUES ('试', 'COMMITTED')",
                      "SELECT set_config('redline.change_set_id', '2', true)",
                      "DELETE FROM red_line WHERE code = 'A'"))
          .hasMessageContaining("only the bureau commits");
    }
    assertThat(redLines()).isEqualTo(2);
  }

  @Test
  void aChangeSetCommittedEarlierCannotCarryNewWrites() throws SQLException {
    try (Connection c = TestDatabase.actingFor(SCHEMA, "bureau")) {
      transaction(c, "INSERT INTO change_set (reason, status) VALUES ('试', 'COMMITTED')");
      assertThatThrownBy(
              () ->
                  transaction(
                      c,
                      "UPDATE red_line SET document_number = 'x', change_set_id = 2"
                          + " WHERE code = 'A'"))
          .hasMessageContaining("not committed in this transaction");
    }
  }

  @Test
  void aPersonsLoginIsTheirAccountWhateverTheySet() throws SQLException {
    try (Connection c = TestDatabase.person(SCHEMA)) {
      // the service's setting is believed from the service's login only
      transaction(c, "SELECT set_config('redline.actor', 'bureau', false)");
      long cs =
          scalar(c, "INSERT INTO change_set (reason, status) VALUES ('试', 'DRAFT') RETURNING id");
      assertThat(scalar(c, "SELECT count(*) FROM change_set WHERE author = '" + PERSON + "'"))
          .isEqualTo(1);
      try (Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute(creation(cs, 1, "red_line", "112.7", "112.71")))
            .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> st.execute("SELECT * FROM app_user"))
            .isInstanceOf(SQLException.class);
      }
      assertThatThrownBy(
              () ->
                  transaction(
                      c,
                      "INSERT INTO change_set (reason, status) VALUES ('试', 'COMMITTED')",
                      "SELECT set_config('redline.change_set_id', currval(pg_get_serial_sequence("
                          + "'change_set', 'id'))::text, true)",
                      "DELETE FROM red_line WHERE code = 'A'"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(redLines()).isEqualTo(2);
  }

  @Test
  void aBureauPersonLoadsByPsqlUnderTheRules() throws SQLException {
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      st.execute(
          "UPDATE app_user SET role = 'BUREAU', district_code = NULL WHERE username = '"
              + PERSON
              + "'");
    }
    // the README's load by psql: a change set and its rows in one transaction
    String load =
        "WITH cs AS (INSERT INTO change_set (reason, document_number, status, committed_at)"
            + " VALUES ('工业用地红线划定', '佛府〔2024〕1号', 'COMMITTED', now()) RETURNING id)"
            + " INSERT INTO red_line (code, district_code, designated_on, geom, change_set_id)"
            + " SELECT 'C', '440604', '2024-01-01', ST_Multi(ST_MakeEnvelope(112.17, 22.17,"
            + " 112.1798, 22.18, 4490)), cs.id FROM cs";
    try (Connection c = TestDatabase.person(SCHEMA)) {
      transaction(c, load);
      // taking all of 禅城's red line out, the same way: refused at COMMIT, nothing kept
      assertThatThrownBy(
              () ->
                  transaction(
                      c,
                      "INSERT INTO change_set (reason, status) VALUES ('试', 'COMMITTED')",
                      "SELECT set_config('redline.change_set_id', currval(pg_get_serial_sequence("
                          + "'change_set', 'id'))::text, true)",
                      "DELETE FROM red_line WHERE district_code = '440604'"))
          .hasMessageContaining("以增定改");
    }
    assertThat(redLines()).isEqualTo(3);
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      assertThat(
              scalar(
                  c,
                  "SELECT count(*) FROM red_line r JOIN change_set cs ON cs.id = r.change_set_id"
                      + " WHERE r.code = 'C' AND cs.author = '"
                      + PERSON
                      + "'"))
          .isEqualTo(1);
    }
  }
}
