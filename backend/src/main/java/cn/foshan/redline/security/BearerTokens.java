package cn.foshan.redline.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs in a request that carries {@code Authorization: Bearer <API token>} (ApiTokens) as the
 * token's owner, for this request only (nothing is kept in a session). A token that is not valid,
 * revoked, expired or of a disabled account is answered with a 401 problem saying which, never
 * taken for an anonymous request. Wrong tokens count as failed logins of the client's address
 * (LoginThrottle): an address that keeps guessing is refused (429) like one guessing passwords.
 */
final class BearerTokens extends OncePerRequestFilter {

  /** A request logged in by an API token: the owner's account and the token's id. */
  static final class TokenAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final AppUser account;
    private final long tokenId;

    TokenAuthentication(AppUser account, long tokenId) {
      super(account.getAuthorities());
      this.account = account;
      this.tokenId = tokenId;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public AppUser getPrincipal() {
      return account;
    }

    long tokenId() {
      return tokenId;
    }
  }

  /** An attempt with a token that failed, for the audit log (the owner's name when known). */
  private static final class FailedToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String name;

    FailedToken(String name) {
      super(java.util.List.of());
      this.name = name;
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return name;
    }

    @Override
    public String getName() {
      return name;
    }
  }

  private final ApiTokens tokens;
  private final LoginThrottle throttle;
  private final ApplicationEventPublisher events;

  BearerTokens(ApiTokens tokens, LoginThrottle throttle, ApplicationEventPublisher events) {
    this.tokens = tokens;
    this.throttle = throttle;
    this.events = events;
  }

  /** The token of an Authorization: Bearer header (null: none, or another scheme). */
  static String bearer(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = bearer(request);
    if (presented == null) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    Optional<Duration> wait = throttle.addressRefusal(address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      long minutes = (seconds + 59) / 60;
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      SecurityConfiguration.problem(
          request,
          response,
          429,
          "too-many-logins",
          "Too Many Requests",
          "登录失败次数过多，请 "
              + minutes
              + " 分钟后再试（Too many failed logins: try again in "
              + minutes
              + (minutes == 1 ? " minute" : " minutes")
              + "）");
      return;
    }
    ApiTokens.Check check = tokens.check(presented);
    if (check instanceof ApiTokens.Refused refused) {
      throttle.failedFromAddress(address);
      events.publishEvent(
          new AuthenticationFailureBadCredentialsEvent(
              new FailedToken(""), new BadCredentialsException(refused.slug())));
      SecurityContextHolder.clearContext();
      response.setHeader(
          HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"redline\", error=\"invalid_token\"");
      SecurityConfiguration.problem(
          request, response, 401, refused.slug(), "Unauthorized", refused.detail());
      return;
    }
    ApiTokens.Valid valid = (ApiTokens.Valid) check;
    TokenAuthentication authentication = new TokenAuthentication(valid.account(), valid.tokenId());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    events.publishEvent(new AuthenticationSuccessEvent(authentication));
    tokens.used(valid);
    chain.doFilter(request, response);
  }
}
