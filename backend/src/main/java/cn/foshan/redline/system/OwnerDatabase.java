package cn.foshan.redline.system;

import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The schema's owner, for the work no request may do: loading reference data and the demo city into
 * an empty database at start (after the migrations, which run as the owner too), and VACUUM after a
 * year's figures are rewritten (PostgreSQL 15 lets only a table's owner vacuum it). Connections are
 * opened when needed and closed after; no request's input reaches them. The service's own pool
 * ({@link ActingDataSource}) has the least privilege instead.
 *
 * <p>The owner's login is {@code spring.flyway.user}/{@code spring.flyway.password} on the
 * service's database URL. When the service is given only one login (DATABASE_URL alone), that login
 * is used for both and the service warns at start: then the database holds the rules, but not the
 * roles, for the service's writes.
 */
public final class OwnerDatabase {

  private static final Logger log = LoggerFactory.getLogger(OwnerDatabase.class);

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  OwnerDatabase(String url, String user, String password) {
    SimpleDriverDataSource ds = new SimpleDriverDataSource(new org.postgresql.Driver(), url);
    ds.setUsername(user);
    ds.setPassword(password);
    this.dataSource = ds;
    this.jdbc = JdbcClient.create(ds);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
  }

  /**
   * The owner's login from the service's settings alone (no Spring context of the service: {@code
   * ./redline user}): the datasource URL, and spring.flyway.user/password (else the datasource's
   * login), as {@code SystemConfiguration} and DatabaseUrl read them.
   */
  public static OwnerDatabase fromSettings(org.springframework.core.env.Environment env) {
    String url = env.getRequiredProperty("spring.datasource.url");
    String user =
        env.getProperty("spring.flyway.user", env.getProperty("spring.datasource.username"));
    String password =
        env.containsProperty("spring.flyway.user")
            ? env.getProperty("spring.flyway.password")
            : env.getProperty("spring.datasource.password");
    return new OwnerDatabase(url, user, password);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcClient jdbc() {
    return jdbc;
  }

  public TransactionTemplate transactions() {
    return transactions;
  }

  /** VACUUM (ANALYZE) of tables just rewritten, as their owner; names are the caller's own. */
  public void vacuumAnalyze(List<String> tables) {
    for (String table : tables) {
      if (!table.matches("[a-z_]+")) {
        throw new IllegalArgumentException("not a table name: " + table);
      }
    }
    try {
      jdbc.sql("VACUUM (ANALYZE) " + String.join(", ", tables)).update();
    } catch (org.springframework.dao.DataAccessException e) {
      log.warn("VACUUM of {} failed: {}", tables, e.getMessage());
    }
  }
}
