package cn.foshan.redline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;

/**
 * The real PostGIS the tests use: database {@code redline_test} on 127.0.0.1:5432 (override with
 * REDLINE_TEST_DATABASE_URL, REDLINE_TEST_DATABASE_USER, REDLINE_TEST_DATABASE_PASSWORD for the
 * schema's owner, and REDLINE_TEST_SERVICE_USER, REDLINE_TEST_SERVICE_PASSWORD for the service's
 * login), with the roles of V14 that ./redline prepares. Each test class works in a schema of its
 * own, named with the run's start time, so runs and classes don't interfere; schemas of runs older
 * than six hours are dropped.
 */
public final class TestDatabase {

  public static final String URL =
      env("REDLINE_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/redline_test");
  public static final String USER = env("REDLINE_TEST_DATABASE_USER", "redline");
  public static final String PASSWORD = env("REDLINE_TEST_DATABASE_PASSWORD", "redline");

  /** The service's login (a member of redline_service, V14), as ./redline makes it. */
  public static final String SERVICE_USER = env("REDLINE_TEST_SERVICE_USER", "redline_app");

  public static final String SERVICE_PASSWORD = env("REDLINE_TEST_SERVICE_PASSWORD", "redline_app");

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

  /** A connection as the schema's owner (setting up and looking at data; no role applies). */
  public static Connection connect(String schema) throws SQLException {
    prepare();
    return DriverManager.getConnection(url(schema), USER, PASSWORD);
  }

  /**
   * A person's own login (redline_test_person, a member of redline_editor: V14), as psql would
   * connect; the tests give it an account of the service's to say what role it has.
   */
  public static final String PERSON = "redline_test_person";

  /** A connection as {@link #PERSON}: what the database lets a person do outside the service. */
  public static Connection person(String schema) throws SQLException {
    prepare();
    return DriverManager.getConnection(url(schema), PERSON, PERSON);
  }

  /**
   * A connection as the service's own login acting for {@code actor} (an account's name; "" for
   * nobody), as the service's connections are named (system.ActingDataSource).
   */
  public static Connection actingFor(String schema, String actor) throws SQLException {
    prepare();
    Connection c = DriverManager.getConnection(url(schema), SERVICE_USER, SERVICE_PASSWORD);
    try (PreparedStatement st =
        c.prepareStatement("SELECT set_config('redline.actor', ?, false)")) {
      st.setString(1, actor);
      st.execute();
    }
    return c;
  }

  /**
   * Asserts that the database refuses {@code sql} on this connection with a message containing
   * {@code says} ("permission denied", a rule's Chinese sentence).
   */
  public static void refused(Connection c, String sql, String says) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> {
              try (Statement st = c.createStatement()) {
                st.execute(sql);
              }
            })
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(says);
  }

  /** The schema's owner, as a JdbcClient (setting up and looking at data; no role applies). */
  public static org.springframework.jdbc.core.simple.JdbcClient owner(String schema) {
    prepare();
    return org.springframework.jdbc.core.simple.JdbcClient.create(
        new org.springframework.jdbc.datasource.DriverManagerDataSource(
            url(schema), USER, PASSWORD));
  }

  /**
   * The service on the schema: its own login for its pool, the owner's for the migrations and the
   * demo city (as ./redline run starts it).
   */
  private static java.util.Map<String, String> service(String schema) {
    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
    properties.put("spring.datasource.url", url(schema));
    properties.put("spring.datasource.username", SERVICE_USER);
    properties.put("spring.datasource.password", SERVICE_PASSWORD);
    properties.put("spring.flyway.url", url(schema));
    properties.put("spring.flyway.user", USER);
    properties.put("spring.flyway.password", PASSWORD);
    properties.put("spring.flyway.schemas", schema);
    return properties;
  }

  /** A test's service on the schema ({@link #service}). */
  public static void register(
      org.springframework.test.context.DynamicPropertyRegistry registry, String schema) {
    prepare();
    service(schema).forEach((name, value) -> registry.add(name, () -> value));
  }

  /**
   * The arguments that start the whole service (RedlineApplication) on the schema ({@link
   * #service}), then {@code more} (arguments win over application.properties).
   */
  public static String[] serviceArguments(String schema, String... more) {
    prepare();
    List<String> arguments = new ArrayList<>();
    service(schema).forEach((name, value) -> arguments.add("--" + name + "=" + value));
    arguments.addAll(List.of(more));
    return arguments.toArray(String[]::new);
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
      st.execute("DROP SCHEMA IF EXISTS " + schema + "_import CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the test database with PostGIS when missing; drops schemas of old runs. */
  public static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    cn.foshan.redline.system.TestSupport.ensureDatabase(URL, USER, PASSWORD);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM pg_roles WHERE rolname IN ('redline_service', 'redline_editor')"
                  + " AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')")) {
        rs.next();
        if (rs.getInt(1) != 2) {
          throw new IllegalStateException(
              "The tests need PostGIS in "
                  + URL
                  + " and the roles redline_service, redline_editor and "
                  + SERVICE_USER
                  + ": ./redline test prepares them");
        }
      }
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
