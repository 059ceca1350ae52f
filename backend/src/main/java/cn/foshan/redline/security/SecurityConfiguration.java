package cn.foshan.redline.security;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.maps.MapProperties;
import cn.foshan.redline.system.ActingDataSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Public reads of maps and figures, except the efficiency figures (enterprises' taxes: the
 * efficiency API and the OGC collections whose source needs a login); a login for everything else.
 * The browser logs in with a form and a session (CSRF token in the XSRF-TOKEN cookie, sent back as
 * X-XSRF-TOKEN); API clients use an API token ({@code Authorization: Bearer}, BearerTokens) or HTTP
 * Basic, whose right passwords are remembered for a few minutes (RememberedPasswords) so that
 * bcrypt does not run on every request (only requests that such a header alone authenticates go
 * without the CSRF token). Wrong passwords are counted and shut logins for a while
 * (ThrottledLogins). An API request that needs a login or lacks the rights gets a problem detail
 * (401, 403, 429).
 *
 * <p>Every response carries a Content-Security-Policy without inline script
 * (ContentSecurityPolicy), X-Content-Type-Options: nosniff, X-Frame-Options: DENY and a
 * Referrer-Policy that sends other sites (a basemap's tile server) the origin only. Every cookie
 * (the session, XSRF-TOKEN) is SameSite=Strict: the pages are static files that call the API from
 * this site, so nothing needs a cookie sent from another site; the session cookie is HttpOnly,
 * XSRF-TOKEN is read by the pages' scripts; both are Secure when the request came over HTTPS.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** The roles that commit change sets and keep the enterprises' figures (Role.commits()). */
  private static final String[] COMMITTERS = {Role.ADMIN.name(), Role.BUREAU.name()};

  /** The roles that write anything at all (a planner only reads). */
  private static final String[] WRITERS = {
    Role.ADMIN.name(), Role.BUREAU.name(), Role.DISTRICT.name()
  };

  /** Where clients are programs: a refused request gets a problem (401/403), not the login page. */
  private static final RequestMatcher API =
      request ->
          request.getRequestURI().startsWith("/api/")
              || request.getRequestURI().startsWith("/ogc/");

  @Bean
  PasswordEncoder passwordEncoder() {
    return UserAccounts.encoder();
  }

  /** SameSite=Strict on every cookie the service sets (the session's and XSRF-TOKEN). */
  @Bean
  CookieSameSiteSupplier strictCookies() {
    return CookieSameSiteSupplier.ofStrict();
  }

  /**
   * Whether a request can be authenticated by its Authorization header only (HTTP Basic or an API
   * token as Bearer) and no session with a login in it. Only these skip the CSRF token (a browser
   * never adds such a header on its own). A session's login would stand in for a Basic header of
   * the same user without its password being checked, so a request with one needs the token
   * whatever its Authorization header says (Basic, Bearer, or garbage).
   */
  static boolean basicOnly(HttpServletRequest request) {
    if (ThrottledLogins.basicUsername(request) == null && BearerTokens.bearer(request) == null) {
      return false;
    }
    HttpSession session = request.getSession(false);
    return session == null
        || session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
            == null;
  }

  @Bean
  SecurityFilterChain security(
      HttpSecurity http,
      LayerCatalog catalog,
      UserAccounts accounts,
      PasswordEncoder passwords,
      ApiTokens tokens,
      LoginThrottle throttle,
      Audit audit,
      MapProperties map,
      ApplicationEventPublisher events,
      DataSource dataSource)
      throws Exception {
    // the account looked up by a statement that names its connection for it (V52): a Basic
    // request's own statements need no naming of their own
    ActingDataSource logins = dataSource.unwrap(ActingDataSource.class);
    DaoAuthenticationProvider check =
        new DaoAuthenticationProvider(username -> accounts.logIn(logins, username));
    // bcrypt once per client every few minutes, not on every Basic request (RememberedPasswords)
    check.setPasswordEncoder(new RememberedPasswords(passwords));
    // form login and HTTP Basic: the password check with its failures counted, refused while the
    // throttle says so
    // successes and failures are published for the audit log (Audit)
    ProviderManager manager = new ProviderManager(ThrottledLogins.counting(check, throttle));
    manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
    http.authenticationManager(manager)
        .addFilterBefore(
            new ThrottledLogins.Gate(throttle, audit), UsernamePasswordAuthenticationFilter.class)
        // API tokens (Authorization: Bearer), for the request only
        .addFilterAfter(new BearerTokens(tokens, throttle, events), BasicAuthenticationFilter.class)
        // a session ends when its account is disabled or changed
        .addFilterBefore(new SessionAccounts(accounts), AuthorizationFilter.class);
    // enterprises' figures: the efficiency API and the OGC collections whose source needs a login
    List<String> loginToRead = new java.util.ArrayList<>(List.of("/api/efficiency/**"));
    for (FeatureSource source : catalog.sources()) {
      if (source.loginRequired()) {
        loginToRead.add("/ogc/collections/" + source.id());
        loginToRead.add("/ogc/collections/" + source.id() + "/**");
      }
    }
    http.authorizeHttpRequests(
            requests ->
                requests
                    // the administrator's: accounts and the audit log, before any public read
                    // (checked again by their controllers, and by the database)
                    .requestMatchers("/api/admin", "/api/admin/**")
                    .hasRole(Role.ADMIN.name())
                    // one's own API tokens: any role (a planner's QGIS reads with one)
                    .requestMatchers("/api/me/tokens", "/api/me/tokens/**")
                    .authenticated()
                    // one's own inbox: any role reads it and marks it read (V48 holds who)
                    .requestMatchers("/api/inbox", "/api/inbox/**")
                    .authenticated()
                    .requestMatchers(
                        HttpMethod.GET,
                        "/api/me",
                        "/api/change-sets",
                        "/api/change-sets/**",
                        "/api/efficiency")
                    .authenticated()
                    .requestMatchers(HttpMethod.GET, loginToRead.toArray(new String[0]))
                    .authenticated()
                    // HEAD is GET without the body (HTTP 1.1; OGC API /req/core/http)
                    .requestMatchers(HttpMethod.HEAD, loginToRead.toArray(new String[0]))
                    .authenticated()
                    .requestMatchers(HttpMethod.HEAD, "/ogc", "/ogc/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/**")
                    .permitAll()
                    .requestMatchers("/login", "/logout", "/error")
                    .permitAll()
                    // the enterprises' figures, their grading and imports: the bureau's
                    .requestMatchers(HttpMethod.POST, "/api/efficiency/**")
                    .hasAnyRole(COMMITTERS)
                    .requestMatchers(HttpMethod.PUT, "/api/efficiency/**")
                    .hasAnyRole(COMMITTERS)
                    .requestMatchers(HttpMethod.DELETE, "/api/efficiency/**")
                    .hasAnyRole(COMMITTERS)
                    // reference layers: loaded, renamed and deleted by the bureau (V35)
                    .requestMatchers(
                        HttpMethod.POST, "/api/reference-layers", "/api/reference-layers/**")
                    .hasAnyRole(COMMITTERS)
                    .requestMatchers(HttpMethod.PATCH, "/api/reference-layers/**")
                    .hasAnyRole(COMMITTERS)
                    .requestMatchers(HttpMethod.DELETE, "/api/reference-layers/**")
                    .hasAnyRole(COMMITTERS)
                    // a planner reads: every other write is refused at the gate, before its
                    // content is looked at (each write checks its own role and district after)
                    .requestMatchers(HttpMethod.POST, "/**")
                    .hasAnyRole(WRITERS)
                    .requestMatchers(HttpMethod.PUT, "/**")
                    .hasAnyRole(WRITERS)
                    .requestMatchers(HttpMethod.PATCH, "/**")
                    .hasAnyRole(WRITERS)
                    .requestMatchers(HttpMethod.DELETE, "/**")
                    .hasAnyRole(WRITERS)
                    .anyRequest()
                    .authenticated())
        .addFilterBefore(new ContentSecurityPolicy(map.allBasemaps()), HeaderWriterFilter.class)
        .headers(
            headers ->
                headers
                    .referrerPolicy(
                        referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                    .frameOptions(frame -> frame.deny()))
        .formLogin(form -> form.defaultSuccessUrl("/", false))
        // no session is made to remember a refused request: API clients get a 401 problem instead
        .requestCache(cache -> cache.disable())
        .httpBasic(Customizer.withDefaults())
        .logout(logout -> logout.logoutSuccessUrl("/"))
        .csrf(
            csrf ->
                csrf.spa()
                    // the XSRF-TOKEN cookie is set only where the pages fetch it (GET /api/me,
                    // api.js ensureCsrf; the login page) and on writes, not on every tile
                    .csrfTokenRepository(handedOutCsrfTokens())
                    // API clients authenticating on every request (Basic) carry no session to forge
                    .ignoringRequestMatchers(SecurityConfiguration::basicOnly))
        .exceptionHandling(
            errors ->
                errors
                    .defaultAuthenticationEntryPointFor(
                        (request, response, e) ->
                            problem(
                                request,
                                response,
                                401,
                                "login-required",
                                "Unauthorized",
                                "Please log in"),
                        API)
                    .defaultAccessDeniedHandlerFor(
                        (request, response, e) -> {
                          if (UserAccounts.current().isEmpty()) {
                            problem(
                                request,
                                response,
                                401,
                                "login-required",
                                "Unauthorized",
                                "请先登录（please log in）");
                          } else if (e instanceof CsrfException) {
                            problem(
                                request,
                                response,
                                403,
                                "csrf",
                                "Forbidden",
                                "页面已过期，请刷新后重试（the CSRF token is missing or stale: send the"
                                    + " XSRF-TOKEN cookie's value as X-XSRF-TOKEN）");
                          } else {
                            problem(
                                request,
                                response,
                                403,
                                "forbidden",
                                "Forbidden",
                                "你的角色不能做这件事：规划分析只读，指标与评价由市局维护（your role may not do this: planners read only; the bureau keeps the figures and their grading）");
                          }
                        },
                        API));
    return http.build();
  }

  /**
   * The XSRF-TOKEN cookie (readable by the pages' scripts), set when a request without one asks for
   * the token where the pages fetch it (GET /api/me, the login page) or writes; other requests
   * (tiles, OGC, static files, reads) never set it, and any request may clear it (login, logout).
   */
  private static CsrfTokenRepository handedOutCsrfTokens() {
    CookieCsrfTokenRepository cookies = CookieCsrfTokenRepository.withHttpOnlyFalse();
    return new CsrfTokenRepository() {
      @Override
      public CsrfToken generateToken(HttpServletRequest request) {
        return cookies.generateToken(request);
      }

      @Override
      public void saveToken(
          CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        String path = request.getRequestURI();
        if (token == null
            || !read
            || path.equals("/api/me")
            || path.equals("/api/session")
            || path.equals("/login")) {
          cookies.saveToken(token, request, response);
        }
      }

      @Override
      public CsrfToken loadToken(HttpServletRequest request) {
        return cookies.loadToken(request);
      }
    };
  }

  /** A problem detail (RFC 9457) written by the security filters; detail is our own text. */
  static void problem(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String slug,
      String title,
      String detail)
      throws IOException {
    response.setStatus(status);
    if (status == 401
        && request.getHeader("X-Requested-With") == null
        && !response.containsHeader("WWW-Authenticate")) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"redline\"");
    }
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"type\":\"/problems/"
                + slug
                + "\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\",\"instance\":\""
                + request.getRequestURI().replace("\"", "%22")
                + "\"}");
  }
}
