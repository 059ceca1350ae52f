package cn.foshan.redline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;

/**
 * The real PostGIS the tests use: database {@code redline_test} on 127.0.0.1:5432 (override with
 * REDLINE_TEST_DATABASE_URL, REDLINE_TEST_DATABASE_USER, REDLINE_TEST_DATABASE_PASSWORD). Each test
 * class works in a schema of its own, named with the run's start time, so runs and classes don't
 * interfere; schemas of runs older than six hours are dropped.
 */
public final class TestDatabase {

  public static final String URL =
      env("REDLINE_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/redline_test");
  public static final String USER = env("REDLINE_TEST_DATABASE_USER", "redline");
  public static final String PASSWORD = env("REDLINE_TEST_DATABASE_PASSWORD", "redline");

  /** Start of this test run, seconds; part of every schema name. */
  private static final long RUN = System.currentTimeMillis() / 1000;

  private static boolean prepared;

  private TestDatabase() {}

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** A schema name for this run: {@code t<run start>p<process>_<name>}. */
  public static String schema(String name) {
    return "t"
        + RUN
        + "p"
        + ProcessHandle.current().pid()
        + "_"
        + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
  }

  /** The JDBC URL with the schema first on the search path and PostGIS (public) after it. */
  public static String url(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public";
  }

  public static Connection connect(String schema) throws SQLException {
    prepare();
    return DriverManager.getConnection(url(schema), USER, PASSWORD);
  }

  /** Creates the schema afresh and applies all migrations to it. */
  public static void migrate(String schema) {
    prepare();
    drop(schema);
    Flyway.configure()
        .dataSource(url(schema), USER, PASSWORD)
        .schemas(schema)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public static void drop(String schema) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the test database with PostGIS when missing; drops schemas of old runs. */
  static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    cn.foshan.redline.system.TestSupport.ensureDatabase(URL, USER, PASSWORD);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public");
      List<String> old = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t[0-9]+p[0-9]+_'"
                  + " AND substring(nspname from '^t([0-9]+)p')::bigint < "
                  + (RUN - 6 * 3600))) {
        while (rs.next()) {
          old.add(rs.getString(1));
        }
      }
      for (String schema : old) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The tests need PostgreSQL with PostGIS at "
              + URL
              + " (./redline test prepares it): "
              + e.getMessage(),
          e);
    }
  }
}
