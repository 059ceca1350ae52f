package cn.foshan.redline.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Login throttling for both ways of logging in, the form (POST /login) and HTTP Basic: a filter
 * ahead of both refuses an attempt for a user name or address the throttle has shut (429 with
 * Retry-After: a problem for API clients and the pages' scripts, a short page for a browser's
 * form), and an authentication provider around the password check counts what it finds.
 */
final class ThrottledLogins {

  private ThrottledLogins() {}

  /** The password check, with its outcomes counted. */
  static AuthenticationProvider counting(AuthenticationProvider check, LoginThrottle throttle) {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication attempt) {
        String address =
            attempt.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress()
                : null;
        try {
          Authentication done = check.authenticate(attempt);
          if (done != null) {
            throttle.succeeded(attempt.getName());
          }
          return done;
        } catch (BadCredentialsException e) {
          throttle.failed(attempt.getName(), address);
          throw e;
        }
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return check.supports(authentication);
      }
    };
  }

  /** Refuses a login attempt while the throttle says so. */
  static final class Gate extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final Audit audit;

    Gate(LoginThrottle throttle, Audit audit) {
      this.throttle = throttle;
      this.audit = audit;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String basic = basicUsername(request);
      boolean form =
          "POST".equals(request.getMethod())
              && request.getRequestURI().equals(request.getContextPath() + "/login");
      String username = basic != null ? basic : form ? request.getParameter("username") : null;
      Optional<Duration> wait =
          basic == null && !form
              ? Optional.empty()
              : throttle.refusal(username, request.getRemoteAddr());
      if (wait.isEmpty()) {
        chain.doFilter(request, response);
        return;
      }
      audit.throttled(username, basic != null ? "basic" : "form", request.getRemoteAddr());
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      long minutes = (seconds + 59) / 60;
      String detail =
          "登录失败次数过多，请 "
              + minutes
              + " 分钟后再试（Too many failed logins: try again in "
              + minutes
              + (minutes == 1 ? " minute" : " minutes")
              + "）";
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      if (basic != null
          || request.getHeader("X-Requested-With") != null
          || !accepts(request, "text/html")) {
        SecurityConfiguration.problem(
            request, response, 429, "too-many-logins", "Too Many Requests", detail);
        return;
      }
      response.setStatus(429);
      response.setContentType("text/html");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response
          .getWriter()
          .write(
              "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>登录 Log"
                  + " in</title></head><body><p role=\"alert\">"
                  + detail
                  + "</p><p><a href=\"/login\">返回登录 Back to the login</a></p></body></html>");
    }

    private static boolean accepts(HttpServletRequest request, String type) {
      String accept = request.getHeader(HttpHeaders.ACCEPT);
      return accept != null && accept.contains(type);
    }
  }

  /** The user name of an HTTP Basic Authorization header (null: none, or not Basic). */
  static String basicUsername(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
