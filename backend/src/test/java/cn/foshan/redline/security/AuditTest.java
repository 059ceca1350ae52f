package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The audit log (V20): append-only for every login, the owner's included; logins, change sets, a
 * person's psql writes and exports leave their rows with who and from where; the administrator
 * alone reads them, as JSON pages and as CSV.
 */
class AuditTest extends EditingTest {

  private static final String PERSON = TestDatabase.PERSON;

  @Autowired UserAccounts accounts;

  /** The service's own login, acting for a user ("" for nobody). */
  private static Connection service(String actor) throws SQLException {
    Connection c =
        DriverManager.getConnection(
            TestDatabase.url(SCHEMA), TestDatabase.SERVICE_USER, TestDatabase.SERVICE_PASSWORD);
    try (Statement st = c.createStatement()) {
      st.execute("SELECT set_config('redline.actor', '" + actor + "', false)");
    }
    return c;
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The latest row of an action about an object (null for any), as the owner sees it. */
  private Map<String, Object> latest(String action, String object) {
    return jdbc.sql(
            "SELECT id, actor, actor_role, actor_district, db_user, client_addr, user_agent, rows,"
                + " detail::text AS detail FROM audit_event WHERE action = :action"
                + " AND (CAST(:object AS text) IS NULL OR object = CAST(:object AS text))"
                + " ORDER BY id DESC LIMIT 1")
        .param("action", action)
        .param("object", object)
        .query()
        .singleRow();
  }

  @Test
  void nobodyChangesTheLogNotEvenTheOwner() throws Exception {
    expect(200, "GET", "/api/me", "planner", null);
    assertThat(jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single())
        .isPositive();
    try (Connection c = service("admin");
        Statement st = c.createStatement()) {
      // the administrator reads it through the service, and nobody writes it directly
      assertThat(scalar(c, "SELECT count(*) FROM audit_event")).isPositive();
      for (String sql :
          new String[] {
            "INSERT INTO audit_event (actor, action) VALUES ('bureau', 'LOGIN')",
            "UPDATE audit_event SET actor = 'nobody'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
            "SELECT audit_write('CHANGE_SET_APPROVED', 'change_set/1', NULL, NULL)",
            "SELECT audit('CHANGE_SET_APPROVED', 'change_set/1', NULL, NULL)",
            "SELECT nextval('audit_event_id_seq')",
            "ALTER TABLE audit_event DISABLE TRIGGER ALL"
          }) {
        assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class);
      }
    }
    try (Connection c = service("bureau")) {
      // row-level security: only an administrator's session sees the rows
      assertThat(scalar(c, "SELECT count(*) FROM audit_event")).isZero();
    }
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      for (String sql :
          new String[] {
            "UPDATE audit_event SET actor = 'nobody'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event"
          }) {
        assertThatThrownBy(() -> st.execute(sql)).as(sql).hasMessageContaining("append-only");
      }
    }
  }

  @Test
  void failedAndSuccessfulLoginsAreRecordedWithTheClientAddress() throws Exception {
    HttpResponse<byte[]> refused =
        send(
            "GET",
            "/api/me",
            null,
            null,
            "Authorization",
            ServiceClient.basic("audit-nobody", "wrong"),
            "User-Agent",
            "audit-test/1.0");
    assertThat(refused.statusCode()).isEqualTo(401);
    Map<String, Object> failed = latest("LOGIN_FAILED", null);
    assertThat(failed.get("actor")).isNull();
    assertThat((String) failed.get("detail")).contains("\"username\": \"audit-nobody\"");
    assertThat(failed.get("client_addr")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(failed.get("user_agent")).isEqualTo("audit-test/1.0");
    assertThat(failed.get("db_user")).isEqualTo(TestDatabase.SERVICE_USER);

    // a fresh account: its first Basic login is recorded (later ones within 15 minutes are not)
    accounts.create(jdbc, "auditee", "审计", "auditee-2026", Role.PLANNER, null);
    HttpResponse<byte[]> ok =
        send(
            "GET",
            "/api/me",
            null,
            null,
            "Authorization",
            ServiceClient.basic("auditee", "auditee-2026"));
    assertThat(ok.statusCode()).isEqualTo(200);
    Map<String, Object> login = latest("LOGIN", "app_user/auditee");
    assertThat(login.get("actor")).isEqualTo("auditee");
    assertThat(login.get("actor_role")).isEqualTo("PLANNER");
    assertThat(login.get("client_addr")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    // the account's creation too, without its password hash
    Map<String, Object> created = latest("USER_CREATED", "app_user/auditee");
    String hash =
        jdbc.sql("SELECT password_hash FROM app_user WHERE username = 'auditee'")
            .query(String.class)
            .single();
    assertThat((String) created.get("detail")).contains("PLANNER").doesNotContain(hash);
    // a new password is recorded as changed, never with its hash
    jdbc.sql("UPDATE app_user SET password_hash = 'x' || password_hash WHERE username = 'auditee'")
        .update();
    assertThat((String) latest("USER_CHANGED", "app_user/auditee").get("detail"))
        .contains("password changed")
        .doesNotContain(hash);
  }

  @Test
  void aProposalAndItsApprovalNameTheirActors() throws Exception {
    long parcel =
        jdbc.sql(
                "SELECT id FROM parcel WHERE district_code = '440608' ORDER BY id OFFSET 33 LIMIT 1")
            .query(Long.class)
            .single();
    long cs = draft("gaoming", "审计 proposal");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "gaoming",
        edit(
            "parcel",
            "update",
            parcel,
            version("parcel", parcel),
            null,
            Map.of("floorAreaM2", 4321)));
    expect(200, "POST", "/api/change-sets/" + cs + "/submit", "gaoming", null);
    expect(
        200,
        "POST",
        "/api/change-sets/" + cs + "/approve",
        "bureau",
        Map.of("comment", "同意 agreed"));
    String object = "change_set/" + cs;
    Map<String, Object> created = latest("CHANGE_SET_CREATED", object);
    assertThat(created.get("actor")).isEqualTo("gaoming");
    Map<String, Object> proposed = latest("CHANGE_SET_PROPOSED", object);
    assertThat(proposed.get("actor")).isEqualTo("gaoming");
    assertThat(proposed.get("actor_district")).isEqualTo("440608");
    assertThat(proposed.get("rows")).isEqualTo(1L);
    Map<String, Object> approved = latest("CHANGE_SET_APPROVED", object);
    assertThat(approved.get("actor")).isEqualTo("bureau");
    assertThat(approved.get("actor_role")).isEqualTo("BUREAU");
    assertThat((String) approved.get("detail")).contains("同意 agreed");
    // the write to the layer, once for its statement, with the change set
    Map<String, Object> write =
        jdbc.sql(
                "SELECT actor, rows FROM audit_event WHERE action = 'WRITE' AND object = 'parcel'"
                    + " AND detail ->> 'changeSets' = :cs ORDER BY id DESC LIMIT 1")
            .param("cs", Long.toString(cs))
            .query()
            .singleRow();
    assertThat(write.get("actor")).isEqualTo("bureau");
    assertThat(write.get("rows")).isEqualTo(1L);
  }

  @Test
  void aPersonsOwnSqlIsRecordedAsThatPerson() throws Exception {
    jdbc.sql(
            "INSERT INTO app_user (username, display_name, password_hash, role, district_code)"
                + " VALUES ('"
                + PERSON
                + "', 'Person', 'x', 'DISTRICT', '440604') ON CONFLICT (username) DO UPDATE"
                + " SET role = 'DISTRICT', district_code = '440604'") // whatever others made of it
        .update();
    long cs;
    try (Connection c = TestDatabase.person(SCHEMA);
        Statement st = c.createStatement()) {
      // what a person sets is not believed
      st.execute("SELECT set_config('redline.actor', 'bureau', false)");
      st.execute("SELECT set_config('redline.client_addr', '10.9.9.9', false)");
      cs =
          scalar(
              c,
              "INSERT INTO change_set (reason, status) VALUES ('psql 审计', 'DRAFT') RETURNING id");
      // and the person cannot read the log
      assertThatThrownBy(() -> st.execute("SELECT * FROM audit_event"))
          .isInstanceOf(SQLException.class);
    }
    Map<String, Object> created = latest("CHANGE_SET_CREATED", "change_set/" + cs);
    assertThat(created.get("actor")).isEqualTo(PERSON);
    assertThat(created.get("actor_district")).isEqualTo("440604");
    assertThat(created.get("db_user")).isEqualTo(PERSON);
    assertThat(created.get("client_addr")).isNotEqualTo("10.9.9.9");
  }

  @Test
  void exportsRecordTheirRows() throws Exception {
    HttpResponse<byte[]> csv = send("GET", "/api/exports/red_line?format=csv", "planner", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    long redLines = jdbc.sql("SELECT count(*) FROM red_line").query(Long.class).single();
    Map<String, Object> export = latest("EXPORT", "/api/exports/red_line");
    assertThat(export.get("actor")).isEqualTo("planner");
    assertThat(export.get("rows")).isEqualTo(redLines);
    assertThat((String) export.get("detail")).contains("\"format\": \"csv\"");

    HttpResponse<byte[]> figures =
        send("GET", "/api/efficiency/parcels?year=2024&format=csv&limit=7", "planner", null);
    assertThat(figures.statusCode()).isEqualTo(200);
    long lines =
        new String(figures.body(), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.isBlank())
            .count();
    Map<String, Object> download = latest("EXPORT", "/api/efficiency/parcels");
    assertThat(download.get("actor")).isEqualTo("planner");
    assertThat(download.get("rows")).isEqualTo(lines - 1);

    expect(200, "GET", "/api/efficiency/parcels?year=2024&limit=3", "planner", null);
    Map<String, Object> read = latest("READ_CONFIDENTIAL", "/api/efficiency/parcels");
    assertThat(read.get("actor")).isEqualTo("planner");
    assertThat(read.get("rows")).isEqualTo(3L);

    expect(200, "GET", "/ogc/collections/parcel_efficiency/items?limit=4", "planner", null);
    Map<String, Object> ogc =
        latest("READ_CONFIDENTIAL", "/ogc/collections/parcel_efficiency/items");
    assertThat(ogc.get("actor")).isEqualTo("planner");
    assertThat(ogc.get("rows")).isEqualTo(4L);
    // public reads are not recorded
    long before = jdbc.sql("SELECT max(id) FROM audit_event").query(Long.class).single();
    expect(200, "GET", "/api/quota", "planner", null);
    assertThat(jdbc.sql("SELECT max(id) FROM audit_event").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void theAdministratorAloneReadsTheLog() throws Exception {
    send("GET", "/api/me", null, null, "Authorization", "Basic YXVkaXQtbG9nOng=");
    expect(401, "GET", "/api/admin/audit", null, null);
    expect(403, "GET", "/api/admin/audit", "planner", null);
    expect(403, "GET", "/api/admin/audit", "bureau", null);
    expect(403, "GET", "/api/admin/audit.csv", "bureau", null);
    expect(400, "GET", "/api/admin/audit?limit=1001", "admin", null);
    expect(400, "GET", "/api/admin/audit?from=yesterday", "admin", null);

    JsonNode failed = expect(200, "GET", "/api/admin/audit?action=LOGIN_FAILED", "admin", null);
    assertThat(failed.get("items")).isNotEmpty();
    failed
        .get("items")
        .forEach(e -> assertThat(e.get("action").asText()).isEqualTo("LOGIN_FAILED"));
    assertThat(failed.at("/items/0/detail/username").asText()).isEqualTo("audit-log");

    // keyset pages: latest first, each page below the last
    JsonNode first = expect(200, "GET", "/api/admin/audit?limit=3", "admin", null);
    assertThat(first.get("items")).hasSize(3);
    JsonNode second = expect(200, "GET", first.get("next").asText(), "admin", null);
    List<Long> ids = new ArrayList<>();
    first.get("items").forEach(e -> ids.add(e.get("id").asLong()));
    second.get("items").forEach(e -> ids.add(e.get("id").asLong()));
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();

    HttpResponse<byte[]> csv =
        send("GET", "/api/admin/audit.csv?action=LOGIN_FAILED&from=2020-01-01", "admin", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF编号 id,时间 at,用户 actor").contains("LOGIN_FAILED");
    assertThat(text.lines().skip(1).allMatch(l -> l.contains("LOGIN_FAILED"))).isTrue();
    // reading the log is itself recorded
    assertThat(latest("AUDIT_READ", "/api/admin/audit.csv").get("actor")).isEqualTo("admin");
  }
}
