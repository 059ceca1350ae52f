package cn.foshan.redline.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Creates the configured PostgreSQL database when it does not exist yet, as the schema's owner,
 * from the template with PostGIS ({@value #TEMPLATE}) when there is one (else the first migration
 * adds PostGIS, which needs a superuser); runs as the datasource is made, so before the migrations.
 * A database that cannot be reached or created stops the start with a message that says what to do.
 */
class DatabaseBootstrap implements BeanPostProcessor {

  private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

  /** A database with PostGIS installed, marked as a template (./redline makes it). */
  static final String TEMPLATE = "redline_template";

  private static final Pattern URL =
      Pattern.compile("^jdbc:postgresql://([^/?]+)/([^?]+)(\\?.*)?$");

  private final ObjectProvider<JdbcConnectionDetails> connection;
  private final Environment env;
  private boolean done;

  DatabaseBootstrap(ObjectProvider<JdbcConnectionDetails> connection, Environment env) {
    this.connection = connection;
    this.env = env;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource && !done) {
      done = true;
      JdbcConnectionDetails details = connection.getIfAvailable();
      if (details != null && details.getJdbcUrl() != null) {
        // as the owner (the migrations' login): the service's own login may not create databases
        String user = env.getProperty("spring.flyway.user", details.getUsername());
        String password =
            env.containsProperty("spring.flyway.user")
                ? env.getProperty("spring.flyway.password")
                : details.getPassword();
        ensureDatabase(details.getJdbcUrl(), user, password);
      }
    }
    return bean;
  }

  static void ensureDatabase(String url, String user, String password) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      return; // not a plain host/database URL: leave it to the driver
    }
    String database = m.group(2);
    String query = m.group(3) == null ? "" : m.group(3);
    String maintenance =
        "jdbc:postgresql://"
            + m.group(1)
            + "/postgres"
            + query.replaceAll("currentSchema=[^&]*&?", "");
    try (Connection c = DriverManager.getConnection(maintenance, user, password)) {
      boolean exists;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        ps.setString(1, database);
        try (ResultSet rs = ps.executeQuery()) {
          exists = rs.next();
        }
      }
      if (!exists) {
        // from the template with PostGIS that ./redline prepares, when there is one: installing
        // PostGIS needs the superuser, which the owner is not
        boolean template;
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '"
                        + TEMPLATE
                        + "' AND datistemplate")) {
          template = rs.next();
        }
        try (Statement st = c.createStatement()) {
          st.execute(
              "CREATE DATABASE \""
                  + database.replace("\"", "\"\"")
                  + "\""
                  + (template ? " TEMPLATE " + TEMPLATE : ""));
        }
        log.info("created database {}", database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot reach PostgreSQL at "
              + m.group(1)
              + " as user '"
              + user
              + "' to make sure database '"
              + database
              + "' exists: "
              + e.getMessage()
              + ". Start PostgreSQL (./redline run does), or set DATABASE_URL to a database with"
              + " PostGIS.",
          e);
    }
  }
}
