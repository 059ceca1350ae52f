package cn.foshan.redline.system;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How long the database works for one request: every connection of the pool starts with {@code
 * statement_timeout} = {@code redline.db.statement-timeout} (30 s; a startup option of the
 * connection, see {@link #options}, so that no code path can forget it and {@code RESET} returns to
 * it). Long jobs (imports, exports, the yearly recompute) raise it for their own transaction only
 * ({@link #allowLong}), to {@code redline.db.long-statement-timeout}.
 *
 * <p>The service's statements are not compiled by PostgreSQL's JIT (a startup option too, before
 * any {@code options} configured, which may turn it on again): JIT compiles every query whose
 * estimated cost passes {@code jit_above_cost}, and the estimates of this service's queries pass it
 * where the work does not (a branch never executed, an index lookup of a few rows). Measured: the
 * cluster summary's park assessment at a million parcels 165 ms compiling for 13 ms of work; the
 * recompute's park land 8.8 s for 0.9 s and contiguity's patches 0.9 s for 0.1 s, which turned it
 * off for themselves before (set_jit_off.sql).
 *
 * <p>A statement cancelled by the timeout, and a request that found no free connection in the pool
 * within Hikari's connection-timeout, are answered 503 with Retry-After ({@link #problem}), never
 * 500.
 */
@Component
public class DatabaseLimits {

  /** PostgreSQL's SQLSTATE of a statement cancelled (by statement_timeout or a cancel request). */
  static final String QUERY_CANCELED = "57014";

  /** PostgreSQL's SQLSTATE of a lock not had within lock_timeout. */
  static final String LOCK_NOT_AVAILABLE = "55P03";

  private final Duration longTimeout;
  private final JdbcClient jdbc;

  DatabaseLimits(
      @Value("${redline.db.long-statement-timeout}") Duration longTimeout, JdbcClient jdbc) {
    this.longTimeout = longTimeout;
    this.jdbc = jdbc;
  }

  /**
   * Transactions like {@code base}'s whose statements may run up to {@code
   * redline.db.long-statement-timeout}: for the jobs meant to be long (imports, the yearly
   * recompute, exports).
   */
  public TransactionTemplate longRunning(TransactionTemplate base) {
    return longRunning(base.getTransactionManager(), base);
  }

  /** The same, from a transaction manager and a definition. */
  @SuppressWarnings("serial")
  public TransactionTemplate longRunning(
      PlatformTransactionManager manager, TransactionDefinition definition) {
    return new TransactionTemplate(manager, definition) {
      @Override
      public <T> T execute(TransactionCallback<T> action) {
        return super.execute(
            status -> {
              allowLong(jdbc);
              return action.doInTransaction(status);
            });
      }
    };
  }

  /**
   * Lets the statements of the current transaction run up to {@code
   * redline.db.long-statement-timeout} (zero: no limit): for the jobs that are meant to be long.
   * Outside a transaction it would change nothing; call it first thing in one.
   */
  public void allowLong(JdbcClient jdbc) {
    jdbc.sql("SELECT set_config('statement_timeout', :ms, true)")
        .param("ms", Long.toString(longTimeout.toMillis()))
        .query(String.class)
        .single();
  }

  /**
   * The PostgreSQL startup {@code options} giving every connection no JIT, then those already
   * configured, then the request's statement timeout (the last of a setting given twice holds).
   */
  static void options(HikariDataSource pool, Duration statementTimeout) {
    Object existing = pool.getDataSourceProperties().get("options");
    String configured = existing == null || existing.toString().isBlank() ? "" : existing + " ";
    pool.addDataSourceProperty(
        "options",
        "-c jit=off " + configured + "-c statement_timeout=" + statementTimeout.toMillis());
  }

  /**
   * Whether a failure is the database being too busy for this request (a statement over its time, a
   * lock not had in time, no free connection in the pool), rather than anything the request did
   * wrong.
   */
  public static boolean overLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof QueryTimeoutException
          || t instanceof java.sql.SQLTimeoutException) {
        return true;
      }
      if (t instanceof SQLException s
          && (QUERY_CANCELED.equals(s.getSQLState())
              || LOCK_NOT_AVAILABLE.equals(s.getSQLState()))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The 503 problem, with Retry-After, for a failure where {@link #overLimit} holds. */
  public static ApiException problem(Throwable e) {
    boolean pool = false;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      pool |=
          t instanceof CannotGetJdbcConnectionException
              || t instanceof SQLTransientConnectionException;
    }
    return pool
        ? ApiException.busy(
            "database-busy",
            "数据库连接已全部占用，请稍后再试（All database connections are in use; try again in a"
                + " few seconds）",
            5)
        : ApiException.busy(
            "query-timeout",
            "查询超出了允许的时间，已被取消；请缩小范围（例如更小的区域或更简单的筛选条件）后再试（The query"
                + " took longer than allowed and was cancelled; narrow it down, e.g. a smaller area"
                + " or a simpler filter, or try again later）",
            10);
  }
}
