package cn.foshan.redline.security;

import cn.foshan.redline.system.ActingDataSource;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.ObjectMapper;

/**
 * The audit log's entries the service makes itself (V20's {@code audit()}): logins, successful and
 * failed, exports and reads of enterprises' figures. Who, from where and when are the database's
 * (the actor the connection names, the client it was named with); the service gives the action, the
 * object, the rows and a detail. Writes need nothing here: the database's triggers record them for
 * every writer. An entry that cannot be written is logged and never breaks the request.
 *
 * <p>HTTP Basic and API tokens authenticate every request: their successes are recorded once per
 * user and address per {@code redline.audit.basic-login-interval} (15 minutes), not once per
 * request; failures every time (the login throttle bounds them).
 */
@Component
public class Audit {

  private static final Logger log = LoggerFactory.getLogger(Audit.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REMEMBERED = 10_000;

  private final JdbcClient jdbc;
  private final long basicIntervalMillis;
  private final Map<String, Long> basicLogins = remembered();
  private final Map<String, Long> throttledLogins = remembered();

  /** When each key was last recorded: the least recently used forgotten past MAX_REMEMBERED. */
  private static Map<String, Long> remembered() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > MAX_REMEMBERED;
      }
    };
  }

  /** Whether the key was recorded less than the interval ago; if not, it is now. */
  private static boolean recent(Map<String, Long> last, String key, long intervalMillis) {
    long now = System.currentTimeMillis();
    synchronized (last) {
      Long at = last.get(key);
      if (at != null && now - at < intervalMillis) {
        return true;
      }
      last.put(key, now);
      return false;
    }
  }

  private static String bounded(String username) {
    return username.length() > 64 ? username.substring(0, 64) + "…" : username;
  }

  Audit(
      JdbcClient jdbc,
      @Value("${redline.audit.basic-login-interval:PT15M}") Duration basicLoginInterval) {
    this.jdbc = jdbc;
    this.basicIntervalMillis = basicLoginInterval.toMillis();
  }

  /**
   * Records an action of the current actor (one of V20's list: LOGIN, LOGIN_FAILED, EXPORT,
   * READ_CONFIDENTIAL, AUDIT_READ); rows and detail may be null. Whether it was written.
   */
  public boolean record(String action, String object, Long rows, Map<String, ?> detail) {
    return record(RECORD, action, object, rows, detail);
  }

  /**
   * Records a read of enterprises' figures (READ_CONFIDENTIAL) without waiting for the disk: the
   * row is committed and seen at once, like any other, but its commit does not wait for the WAL
   * flush ({@code synchronous_commit = off} for this one statement's transaction, nothing else).
   * The flush cost every logged-in read of the efficiency API 4–80 ms on this machine (an fsync per
   * request), where the read itself takes under 2 ms. What it gives up: a crash of the database
   * server (not of the service) may lose the read records of its last moments (at most 3 ×
   * wal_writer_delay, 0.6 s by default); never a write's record (those are the writer's own
   * transaction), and the log stays append-only and in order. The service never held a read record
   * closer than that: it is made after the answer (a crash of the service in between loses it).
   */
  boolean recordRead(String object, Long rows, Map<String, ?> detail) {
    return record(RECORD_READ, "READ_CONFIDENTIAL", object, rows, detail);
  }

  private static final String RECORD =
      "SELECT audit(:action, :object, :rows, CAST(:detail AS jsonb))";

  /** The same in one statement whose (implicit) transaction commits without waiting the flush. */
  private static final String RECORD_READ =
      "SELECT set_config('synchronous_commit', 'off', true),"
          + " audit(:action, :object, :rows, CAST(:detail AS jsonb))";

  private boolean record(
      String statement, String action, String object, Long rows, Map<String, ?> detail) {
    try {
      jdbc.sql(statement)
          .param("action", action)
          .param("object", object)
          .param("rows", rows)
          .param("detail", detail == null ? null : JSON.writeValueAsString(detail))
          .query((rs, n) -> rs.getLong(rs.getMetaData().getColumnCount()))
          .single();
      return true;
    } catch (RuntimeException e) {
      log.error("audit log: could not record {} {}", action, object, e);
      return false;
    }
  }

  @EventListener
  void loggedIn(AuthenticationSuccessEvent event) {
    String username = event.getAuthentication().getName();
    HttpServletRequest request = request();
    String method = method(request);
    if ((method.equals("basic") || method.equals("token"))
        && recent(
            basicLogins,
            username + '\n' + method + '\n' + (request == null ? "" : request.getRemoteAddr()),
            basicIntervalMillis)) {
      return;
    }
    ActingDataSource.actingAs(
        username, () -> record("LOGIN", "app_user/" + username, null, Map.of("method", method)));
  }

  @EventListener
  void loginFailed(AbstractAuthenticationFailureEvent event) {
    String attempted = String.valueOf(event.getAuthentication().getName());
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("username", bounded(attempted));
    detail.put("method", method(request()));
    detail.put("reason", event.getException().getClass().getSimpleName());
    ActingDataSource.actingAs("", () -> record("LOGIN_FAILED", null, null, detail));
  }

  /**
   * A login refused by the throttle (429) before its password was looked at: a failure too,
   * recorded once per name and address a minute (a flood of guesses makes one row a minute, not one
   * a request).
   */
  void throttled(String username, String method, String address) {
    String name = username == null ? "" : username;
    if (recent(throttledLogins, name + '\n' + address, 60_000)) {
      return;
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("username", bounded(name));
    detail.put("method", method);
    detail.put("reason", "throttled");
    ActingDataSource.actingAs("", () -> record("LOGIN_FAILED", null, null, detail));
  }

  private static HttpServletRequest request() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
        ? a.getRequest()
        : null;
  }

  /**
   * How the login came: the page's form (POST /login), an API token (Authorization: Bearer) or an
   * HTTP Basic header.
   */
  private static String method(HttpServletRequest request) {
    if (request != null && BearerTokens.bearer(request) != null) {
      return "token";
    }
    return request != null
            && "POST".equals(request.getMethod())
            && request.getRequestURI().equals(request.getContextPath() + "/login")
        ? "form"
        : "basic";
  }
}
