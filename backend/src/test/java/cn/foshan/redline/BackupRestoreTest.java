package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.gisdata.DemoCity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./redline backup} and {@code ./redline restore}, the script itself: a small demo city in a
 * database of its own (the owner may create databases), backed up, restored into a new database,
 * and the copy is the same — every table's row count, every geometry (an md5 of its EWKB in id
 * order), every sequence — with its grants, row-level security policies and triggers; it refuses to
 * restore over a database holding a schema without --replace and replaces it with it; and the
 * restored database still holds its rules: the service's login writes nothing without an actor.
 */
class BackupRestoreTest {

  private static final String SOURCE = "redline_bk_" + ProcessHandle.current().pid();
  private static final String TARGET = SOURCE + "_copy";
  private static final Matcher HOST =
      Pattern.compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/.*").matcher(TestDatabase.URL);

  static {
    if (!HOST.matches()) {
      throw new IllegalStateException(
          "not a jdbc:postgresql://host:port/db URL: " + TestDatabase.URL);
    }
  }

  /** A real PNG (1×1, red), attached before the backup. */
  private static final byte[] ATTACHED =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

  @TempDir Path dir;

  @AfterAll
  static void dropDatabases() throws SQLException {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      List<String> ours = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + SOURCE + "%'")) {
        while (rs.next()) {
          ours.add(rs.getString(1));
        }
      }
      for (String db : ours) {
        st.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
      }
    }
  }

  @Test
  void aBackupRestoresToTheSameCityWithItsRules() throws Exception {
    TestDatabase.prepare();
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + SOURCE + " TEMPLATE redline_template");
    }
    Flyway.configure()
        .dataSource(url(SOURCE), TestDatabase.USER, TestDatabase.PASSWORD)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    try (Connection c = connect(SOURCE)) {
      DemoCity.load(c, new DemoCity.Options(7, 300));
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO app_user (username, display_name, password_hash, role) VALUES"
                + " ('bureau', 'x', '{noop}x', 'BUREAU')");
      }
      // an attachment (V36): its bytes travel with the backup
      try (java.sql.PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO attachment (layer, feature_id, file_name, media_type, size_bytes, sha256,"
                  + " content, uploaded_by) SELECT 'parcel', min(id), '现场照片.png', 'image/png', ?,"
                  + " sha256(?::bytea), ?, 'bureau' FROM parcel")) {
        ps.setLong(1, ATTACHED.length);
        ps.setBytes(2, ATTACHED);
        ps.setBytes(3, ATTACHED);
        ps.execute();
      }
    }

    Path file = dir.resolve("city.dump");
    Result backup = redline("backup", "--database", SOURCE, "--file", file.toString());
    assertThat(backup.exit()).as(backup.output()).isZero();
    assertThat(backup.output()).contains(file.toString());
    assertThat(Files.size(file)).isPositive();
    assertThat(redline("backup", "--database", SOURCE, "--file", file.toString()).exit())
        .as("an existing file is not overwritten")
        .isNotZero();

    Result restore = redline("restore", "--file", file.toString(), "--database", TARGET);
    assertThat(restore.exit()).as(restore.output()).isZero();
    Map<String, String> source = fingerprint(SOURCE);
    assertThat(source).containsKey("rows public.parcel").containsKey("md5 public.parcel.geom");
    assertThat(source.get("rows public.parcel")).isEqualTo("300");
    assertThat(fingerprint(TARGET)).isEqualTo(source);
    try (Connection c = connect(TARGET);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT content, encode(sha256, 'hex') = encode(sha256(content), 'hex')"
                    + " FROM attachment")) {
      assertThat(rs.next()).as("the attachment was restored").isTrue();
      assertThat(rs.getBytes(1)).isEqualTo(ATTACHED);
      assertThat(rs.getBoolean(2)).isTrue();
    }

    Result again = redline("restore", "--file", file.toString(), "--database", TARGET);
    assertThat(again.exit()).isNotZero();
    assertThat(again.output()).contains("--replace");
    try (Connection c = connect(TARGET);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO dataset_info (key, value) VALUES ('note', '恢复之后')");
    }
    assertThat(fingerprint(TARGET)).isNotEqualTo(source);
    Result replaced =
        redline("restore", "--file", file.toString(), "--database", TARGET, "--replace");
    assertThat(replaced.exit()).as(replaced.output()).isZero();
    assertThat(fingerprint(TARGET)).isEqualTo(source);

    // the rules came with it: the service's login without an actor is nobody and writes nothing
    try (Connection service =
            DriverManager.getConnection(
                url(TARGET), TestDatabase.SERVICE_USER, TestDatabase.SERVICE_PASSWORD);
        Statement st = service.createStatement()) {
      assertThatThrownBy(
              () ->
                  st.execute("INSERT INTO change_set (author, reason) VALUES ('bureau', '恢复后写入')"))
          .isInstanceOf(SQLException.class);
      assertThat(st.executeUpdate("UPDATE app_user SET enabled = false"))
          .as("row-level security: only an ADMIN actor writes accounts")
          .isZero();
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM app_user WHERE enabled")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  /**
   * Row counts of every table, md5 of every geometry column in id order, every sequence's value,
   * and the grants, policies and triggers of the schema.
   */
  private static Map<String, String> fingerprint(String database) throws SQLException {
    Map<String, String> print = new TreeMap<>();
    try (Connection c = connect(database);
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables"
                  + " WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'public_import')"
                  + " AND table_name <> 'spatial_ref_sys'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).hasSizeGreaterThan(20);
      for (String table : tables) {
        print.put("rows " + table, one(st, "SELECT count(*) FROM " + table));
      }
      List<String[]> geometries = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT format('%I.%I', g.f_table_schema, g.f_table_name), g.f_geometry_column,"
                  + " EXISTS (SELECT 1 FROM information_schema.columns k WHERE k.table_schema ="
                  + " g.f_table_schema AND k.table_name = g.f_table_name AND k.column_name = 'id')"
                  + " FROM geometry_columns g JOIN information_schema.tables t ON t.table_schema ="
                  + " g.f_table_schema AND t.table_name = g.f_table_name"
                  + " WHERE t.table_type = 'BASE TABLE' AND g.f_table_schema = 'public'")) {
        while (rs.next()) {
          geometries.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
      assertThat(geometries).hasSizeGreaterThan(5);
      for (String[] g : geometries) {
        String ewkb = "encode(ST_AsEWKB(\"" + g[1] + "\"), 'hex')";
        String order = g[2].equals("t") ? "id" : ewkb;
        print.put(
            "md5 " + g[0] + "." + g[1],
            one(
                st,
                "SELECT md5(string_agg(coalesce("
                    + ewkb
                    + ", '-'), ',' ORDER BY "
                    + order
                    + "))"
                    + " FROM "
                    + g[0]));
      }
      List<String> sequences = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences"
                  + " WHERE schemaname = 'public'")) {
        while (rs.next()) {
          sequences.add(rs.getString(1));
        }
      }
      for (String s : sequences) {
        print.put("seq " + s, one(st, "SELECT last_value || '/' || is_called FROM " + s));
      }
      print.put(
          "grants",
          one(
              st,
              "SELECT string_agg(grantee || ' ' || privilege_type || ' ' || table_name, ','"
                  + " ORDER BY grantee, table_name, privilege_type)"
                  + " FROM information_schema.role_table_grants"
                  + " WHERE table_schema = 'public' AND grantee LIKE 'redline\\_%'"));
      print.put(
          "policies",
          one(
              st,
              "SELECT string_agg(tablename || ' ' || policyname || ' ' || cmd || ' '"
                  + " || coalesce(qual, '') || coalesce(with_check, ''), ','"
                  + " ORDER BY tablename, policyname) FROM pg_policies WHERE schemaname = 'public'"));
      print.put(
          "rls",
          one(
              st,
              "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class"
                  + " WHERE relrowsecurity AND relnamespace = 'public'::regnamespace"));
      print.put(
          "triggers",
          one(
              st,
              "SELECT string_agg(tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text, ','"
                  + " ORDER BY tgrelid::regclass::text, tgname) FROM pg_trigger"
                  + " WHERE NOT tgisinternal"));
      print.put(
          "functions",
          one(
              st,
              "SELECT count(*) || ' ' || md5(string_agg(p.proname || p.prosecdef, ','"
                  + " ORDER BY p.proname, p.prosecdef)) FROM pg_proc p"
                  + " WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM"
                  + " pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"));
    }
    assertThat(print.get("policies")).contains("app_user_write");
    assertThat(print.get("grants")).contains("redline_service");
    return print;
  }

  private static String one(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String url(String database) {
    return "jdbc:postgresql://"
        + HOST.group(1)
        + ":"
        + (HOST.group(2) == null ? "5432" : HOST.group(2))
        + "/"
        + database;
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), TestDatabase.USER, TestDatabase.PASSWORD);
  }

  private record Result(int exit, String output) {}

  /** ./redline with these arguments, on the tests' PostgreSQL; its output and exit status. */
  private Result redline(String... args) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isExecutable(root.resolve("redline"))
        || !Files.isDirectory(root.resolve("migrations"))) {
      root = root.getParent();
      assertThat(root).as("the repository's root, holding ./redline").isNotNull();
    }
    List<String> command = new ArrayList<>(List.of(root.resolve("redline").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PGHOST", HOST.group(1));
    pb.environment().put("PGPORT", HOST.group(2) == null ? "5432" : HOST.group(2));
    pb.environment().put("PGPASSWORD", TestDatabase.PASSWORD);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
