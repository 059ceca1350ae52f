package cn.foshan.redline.system;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The service's pool, naming on every connection it hands out the person the service acts for
 * ({@code redline.actor}: the logged-in user of the request, or nobody). The database believes that
 * name only from a member of {@code redline_service} and reads the person's role and district from
 * its own accounts (V14), so every write is held to its author's rights there too; a connection
 * taken with nobody logged in writes nothing.
 *
 * <p>With the actor it names where the request came from, for the audit log (V20): the client's
 * address ({@code redline.client_addr}) and its User-Agent ({@code redline.user_agent}), bounded in
 * length; the database believes these, too, only from a member of {@code redline_service}.
 *
 * <p>A physical connection remembers whom it was last named for, so that a pool serving one kind of
 * request (anonymous tiles from one client) does not pay a round trip per request. A login's lookup
 * (an API token's, an account's) names its connection itself, for nobody before it looks and for
 * the account after ({@link #lookUp}, V52): a logged-in request costs its lookup and no naming.
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

  /** The address and User-Agent of the request this thread serves ("" outside a request). */
  static String[] client() {
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      return new String[] {
        bounded(request.getRemoteAddr(), 64), bounded(request.getHeader("User-Agent"), 256)
      };
    }
    return new String[] {"", ""};
  }

  /** Text cut to max characters, control characters replaced ("" for null). */
  static String bounded(String text, int max) {
    if (text == null) {
      return "";
    }
    String cut = text.length() > max ? text.substring(0, max) : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return named(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return named(super.getConnection(username, password));
  }

  /** What a login's lookup found, and whom its statement named the connection for ("": nobody). */
  public record Found<T>(T value, String namedFor) {}

  /**
   * A login's lookup: one statement on the connection given, with the request's client (address,
   * User-Agent) to name it with, naming its connection itself.
   */
  @FunctionalInterface
  public interface Lookup<T> {
    Found<T> run(JdbcClient on, String clientAddr, String userAgent);
  }

  /**
   * Runs a login's lookup (before anybody is logged in) on a connection as the pool hands it out,
   * without naming it first: the lookup's one statement (V52's {@code api_token_login}, {@code
   * account_login}) names the connection for nobody and the given client before it looks, so that
   * nothing runs in a previous user's name, and for the account it found after. What it named is
   * remembered like any naming here, so the request's own statements on the same connection, once
   * the login is accepted, need no naming of their own; if the login is refused, the next
   * connection handed out on any request is named for that request's actor as always.
   */
  public <T> T lookUp(Lookup<T> lookup) {
    try (Connection c = super.getConnection()) {
      Object physical = physical(c);
      // until the statement has said whom it named, nobody knows
      named.remove(physical);
      String[] client = client();
      Found<T> found =
          lookup.run(
              JdbcClient.create(new SingleConnectionDataSource(c, true)), client[0], client[1]);
      if (c.getAutoCommit()) {
        named.put(physical, key(found.namedFor(), client));
      }
      return found.value();
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("a login's lookup: " + e.getMessage(), e);
    }
  }

  private static String key(String actor, String[] client) {
    return actor + '\n' + client[0] + '\n' + client[1];
  }

  private static Object physical(Connection c) throws SQLException {
    return c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class) : c;
  }

  private Connection named(Connection c) throws SQLException {
    try {
      String actor = actor();
      String[] client = client();
      String key = key(actor, client);
      Object physical = physical(c);
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit && key.equals(named.get(physical))) {
        return c;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT set_config('redline.actor', ?, false),"
                  + " set_config('redline.client_addr', ?, false),"
                  + " set_config('redline.user_agent', ?, false)")) {
        ps.setString(1, actor);
        ps.setString(2, client[0]);
        ps.setString(3, client[1]);
        ps.execute();
      }
      // inside a transaction the setting would go with a rollback: not remembered then
      if (autoCommit) {
        named.put(physical, key);
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
