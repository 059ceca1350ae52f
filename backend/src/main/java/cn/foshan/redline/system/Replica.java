package cn.foshan.redline.system;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read replica (a hot standby streaming from the primary): its own small pool, with the
 * service's login, the request's statement timeout and the acting user named on every connection as
 * on the primary ({@link ActingDataSource}); and what its last health check found.
 */
final class Replica implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Replica.class);

  /** What a check found: usable or not (and why), how far it has replayed, how far behind. */
  record Status(boolean usable, long replayLsn, long lagMillis, long checkedNanos, String problem) {

    static Status unknown() {
      return new Status(false, -1, Long.MAX_VALUE, System.nanoTime(), "not checked yet");
    }
  }

  private final String name;
  private final Properties checkLogin = new Properties();
  private final String url;
  private final HikariDataSource pool;
  private final DataSource acting;
  private volatile Status status = Status.unknown();

  /** The health check's own connection (not the pool's: a check never waits for a busy pool). */
  private Connection checker;

  /**
   * A replica at a JDBC URL, with a login (the service's own when the URL names none); connections
   * are given up after connectTimeout, so that a replica gone away costs a request at most that.
   */
  Replica(
      int index,
      Map<String, Object> datasource,
      String user,
      String password,
      int poolSize,
      Duration connectTimeout,
      Duration statementTimeout) {
    String url = (String) datasource.get("spring.datasource.url");
    this.name = "replica " + (index + 1) + " (" + url.replaceAll("\\?.*$", "") + ")";
    pool = new HikariDataSource();
    pool.setPoolName("redline-read-" + (index + 1));
    pool.setJdbcUrl(url);
    this.url = url;
    String login = (String) datasource.getOrDefault("spring.datasource.username", user);
    String secret =
        (String)
            datasource.getOrDefault(
                "spring.datasource.password",
                datasource.containsKey("spring.datasource.username") ? null : password);
    pool.setUsername(login);
    pool.setPassword(secret);
    pool.setMaximumPoolSize(poolSize);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    pool.setValidationTimeout(Math.max(250, Math.min(1000, connectTimeout.toMillis())));
    // a replica that is down at start is skipped, not a failed start
    pool.setInitializationFailTimeout(-1);
    long seconds = Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
    pool.addDataSourceProperty("connectTimeout", Long.toString(seconds));
    pool.addDataSourceProperty("ApplicationName", "redline-read");
    checkLogin.setProperty("user", login);
    if (secret != null) {
      checkLogin.setProperty("password", secret);
    }
    checkLogin.setProperty("ApplicationName", "redline-read-check");
    checkLogin.setProperty("connectTimeout", Long.toString(seconds));
    checkLogin.setProperty("socketTimeout", Long.toString(seconds + 2));
    DatabaseLimits.options(pool, statementTimeout);
    this.acting = new ActingDataSource(pool);
  }

  String name() {
    return name;
  }

  Status status() {
    return status;
  }

  /**
   * A connection naming the acting user, checked alive (a pooled connection to a replica just
   * stopped fails here, not in the request's statement); null when the replica cannot give one,
   * which marks it down until its next good check.
   */
  Connection connection() {
    try {
      Connection c = acting.getConnection();
      if (c.isValid(1)) {
        return c;
      }
      c.close();
      down("a pooled connection was no longer alive");
    } catch (SQLException | RuntimeException e) {
      down(e.getMessage());
    }
    return null;
  }

  /** Marks the replica down (a failed connection): skipped until a check finds it well. */
  void down(String problem) {
    Status before = status;
    status = new Status(false, before.replayLsn(), Long.MAX_VALUE, System.nanoTime(), problem);
    if (before.usable()) {
      log.warn("{} skipped for reads: {}", name, problem);
    }
  }

  /** Asks the replica how far it has replayed the primary's WAL; lag from the primary's samples. */
  synchronized void check(ReadRouting.Samples samples) {
    Status before = status;
    Status now;
    try (Statement st = checker().createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pg_is_in_recovery(),"
                    + " (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")) {
      rs.next();
      boolean standby = rs.getBoolean(1);
      long replay = rs.getLong(2);
      if (!standby || rs.wasNull()) {
        now =
            new Status(
                false,
                -1,
                Long.MAX_VALUE,
                System.nanoTime(),
                "not a standby (pg_is_in_recovery() is false): it could hold other data");
      } else {
        now = new Status(true, replay, samples.lagMillis(replay), System.nanoTime(), null);
      }
    } catch (SQLException | RuntimeException e) {
      now =
          new Status(false, before.replayLsn(), Long.MAX_VALUE, System.nanoTime(), e.getMessage());
    }
    status = now;
    if (before.usable() != now.usable()) {
      if (now.usable()) {
        log.info("{} serves reads again (lag {} ms)", name, now.lagMillis());
      } else {
        log.warn("{} skipped for reads: {}", name, now.problem());
      }
    }
  }

  private Connection checker() throws SQLException {
    if (checker == null) {
      checker = DriverManager.getConnection(url, checkLogin);
    }
    return checker;
  }

  private void closeChecker() {
    if (checker != null) {
      try {
        checker.close();
      } catch (SQLException e) {
        // gone already
      }
      checker = null;
    }
  }

  @Override
  public synchronized void close() {
    closeChecker();
    pool.close();
  }
}
