package cn.foshan.redline.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The service's pool, naming on every connection it hands out the person the service acts for
 * ({@code redline.actor}: the logged-in user of the request, or nobody). The database believes that
 * name only from a member of {@code redline_service} and reads the person's role and district from
 * its own accounts (V14), so every write is held to its author's rights there too; a connection
 * taken with nobody logged in writes nothing.
 *
 * <p>A physical connection remembers whom it was last named for, so that a pool serving one kind of
 * request (anonymous tiles) does not pay a round trip per request.
 */
public final class ActingDataSource extends DelegatingDataSource {

  private static final ThreadLocal<String> ACTING = new ThreadLocal<>();

  private final Map<Object, String> named = Collections.synchronizedMap(new WeakHashMap<>());

  ActingDataSource(DataSource pool) {
    super(pool);
  }

  /**
   * Runs work (outside any request: a scheduled clean-up) on behalf of an account, as that account
   * would: with its rights and no more.
   */
  public static <T> T actingAs(String username, Supplier<T> work) {
    String before = ACTING.get();
    ACTING.set(username);
    try {
      return work.get();
    } finally {
      if (before == null) {
        ACTING.remove();
      } else {
        ACTING.set(before);
      }
    }
  }

  /** The account this thread acts for: "" for nobody. */
  static String actor() {
    String acting = ACTING.get();
    if (acting != null) {
      return acting;
    }
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
        ? ""
        : auth.getName();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return named(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return named(super.getConnection(username, password));
  }

  private Connection named(Connection c) throws SQLException {
    try {
      String actor = actor();
      Object physical = c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class) : c;
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit && actor.equals(named.get(physical))) {
        return c;
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT set_config('redline.actor', ?, false)")) {
        ps.setString(1, actor);
        ps.execute();
      }
      // inside a transaction the setting would go with a rollback: not remembered then
      if (autoCommit) {
        named.put(physical, actor);
      } else {
        named.remove(physical);
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }
}
