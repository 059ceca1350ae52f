package cn.foshan.redline.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A logged-in session ends when its account changes under it: disabled, its password, role or
 * district changed (by the administrator's page or {@code ./redline user}, in this service or
 * another). A session keeps the account as it was at login; this filter compares it with the
 * account as it is now, looked up at most once per account every {@link #RECHECK_NANOS} (bounded
 * memory), and answers 401 with the session ended when they differ. The database holds it on its
 * own side already (a disabled account is nobody to it); this ends the reads too.
 */
final class SessionAccounts extends OncePerRequestFilter {

  /** How long an account's lookup is believed: a change takes effect within this time. */
  static final long RECHECK_NANOS = 10_000_000_000L;

  private static final int MAX_ACCOUNTS = 10_000;

  private record Checked(long atNanos, AppUser account) {}

  private final UserAccounts accounts;

  private final Map<String, Checked> checked =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
          return size() > MAX_ACCOUNTS;
        }
      };

  SessionAccounts(UserAccounts accounts) {
    this.accounts = accounts;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    AppUser user = session == null ? null : sessionsAccount(session);
    // a refusal is always on a fresh lookup; only an agreeing one is believed for a while
    if (user != null
        && !same(user, now(user.username(), false))
        && !same(user, now(user.username(), true))) {
      session.invalidate();
      SecurityContextHolder.clearContext();
      SecurityConfiguration.problem(
          request,
          response,
          401,
          "login-required",
          "Unauthorized",
          "账号已停用或已更改，请重新登录（the account was disabled or changed: please log in again）");
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * The account a session logged in with; null when the request's login is not the session's (HTTP
   * Basic loads the account afresh on every request).
   */
  private static AppUser sessionsAccount(HttpSession session) {
    return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                instanceof SecurityContext context
            && context.getAuthentication() != null
            && context.getAuthentication().getPrincipal() instanceof AppUser user
        ? user
        : null;
  }

  /** The account as it is now (null if gone): looked up again if asked or the last one is old. */
  private AppUser now(String username, boolean fresh) {
    long t = System.nanoTime();
    synchronized (checked) {
      Checked c = checked.get(username);
      if (!fresh && c != null && t - c.atNanos() < RECHECK_NANOS) {
        return c.account();
      }
    }
    AppUser account;
    try {
      account = accounts.loadUserByUsername(username);
    } catch (UsernameNotFoundException e) {
      account = null;
    }
    synchronized (checked) {
      checked.put(username, new Checked(t, account));
    }
    return account;
  }

  private static boolean same(AppUser session, AppUser now) {
    return now != null
        && now.enabled()
        && now.role() == session.role()
        && Objects.equals(now.districtCode(), session.districtCode())
        && Objects.equals(now.passwordHash(), session.passwordHash());
  }
}
