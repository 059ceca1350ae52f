package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Login throttling, for HTTP Basic and the login form: after 5 wrong passwords for a user name (or
 * 30 from one address, whatever the names) logins for it are refused for 15 minutes, even with the
 * right password (429 with Retry-After); then accepted again; a success starts the count afresh.
 * The service's clock is one the test moves on.
 */
class LoginThrottleTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("login_throttle");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  /** A clock the test moves on. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-06-01T08:00:00Z");

    synchronized void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** In place of the service's clock (system.SystemConfiguration). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  @Autowired MovableClock clock;
  @Autowired UserAccounts accounts;

  @BeforeEach
  void users() {
    for (String name : new String[] {"planner", "bureau", "admin", "editor"}) {
      if (jdbc.sql("SELECT count(*) FROM app_user WHERE username = :u")
              .param("u", name)
              .query(Long.class)
              .single()
          == 0) {
        accounts.create(jdbc, name, name, name + "-pass", Role.BUREAU, null);
      }
    }
    // whatever an earlier test left counted is over
    clock.advance(Duration.ofMinutes(16));
  }

  private HttpResponse<byte[]> basic(String user, String password) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
                .header("Authorization", ServiceClient.basic(user, password))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void sixtyWrongPasswordsThenTheRightOneIsStillRefusedUntilTheWindowHasPassed() throws Exception {
    for (int i = 1; i <= 60; i++) {
      int status = basic("planner", "guess-" + i).statusCode();
      // five are checked (and wrong); then none is checked any more
      assertThat(status).as("attempt %d", i).isEqualTo(i <= 5 ? 401 : 429);
    }
    HttpResponse<byte[]> right = basic("planner", "planner-pass");
    assertThat(right.statusCode()).isEqualTo(429);
    // in the audit log: the five checked failures, and the refused ones once (a row a minute)
    assertThat(failedLogins("planner", false)).isEqualTo(5);
    assertThat(failedLogins("planner", true)).isEqualTo(1);
    assertThat(right.headers().firstValue("Content-Type").orElse(""))
        .contains("application/problem+json");
    long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 15 * 60L);
    JsonNode problem = ServiceClient.json(right.body());
    assertThat(problem.get("type").asString()).isEqualTo("/problems/too-many-logins");
    assertThat(problem.get("detail").asString()).startsWith("登录失败次数过多").contains("try again");
    // another user from the same address is not held up by it
    assertThat(basic("bureau", "bureau-pass").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(14));
    assertThat(basic("planner", "planner-pass").statusCode()).isEqualTo(429);
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(basic("planner", "planner-pass").statusCode()).isEqualTo(200);
  }

  private long failedLogins(String username, boolean throttled) {
    return jdbc.sql(
            "SELECT count(*) FROM audit_event WHERE action = 'LOGIN_FAILED'"
                + " AND detail->>'username' = :u"
                + " AND (detail->>'reason' = 'throttled') = :throttled")
        .param("u", username)
        .param("throttled", throttled)
        .query(Long.class)
        .single();
  }

  @Test
  void aSuccessStartsTheCountAfresh() throws Exception {
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertThat(basic("editor", "nope").statusCode()).isEqualTo(401);
      }
      assertThat(basic("editor", "editor-pass").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void oneAddressGuessingAtManyNamesIsRefusedToo() throws Exception {
    for (int i = 0; i < 30; i++) {
      assertThat(basic("someone" + i, "guess").statusCode()).as("name %d", i).isEqualTo(401);
    }
    // the address is shut now, for any name, even with the right password
    assertThat(basic("bureau", "bureau-pass").statusCode()).isEqualTo(429);
    clock.advance(Duration.ofMinutes(16));
    assertThat(basic("bureau", "bureau-pass").statusCode()).isEqualTo(200);
  }

  @Test
  void theLoginFormIsThrottledTooAndSaysSo() throws Exception {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String base = "http://localhost:" + port;
    browser.send(
        HttpRequest.newBuilder(URI.create(base + "/api/me"))
            .header("X-Requested-With", "XMLHttpRequest")
            .build(),
        HttpResponse.BodyHandlers.discarding());
    java.util.function.BiFunction<String, Boolean, HttpResponse<String>> login =
        (password, script) -> {
          String token =
              cookies.getCookieStore().getCookies().stream()
                  .filter(c -> c.getName().equals("XSRF-TOKEN"))
                  .map(HttpCookie::getValue)
                  .findFirst()
                  .orElseThrow();
          HttpRequest.Builder request =
              HttpRequest.newBuilder(URI.create(base + "/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-XSRF-TOKEN", token)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "username=admin&password="
                              + URLEncoder.encode(password, StandardCharsets.UTF_8)));
          if (script) {
            request.header("X-Requested-With", "XMLHttpRequest");
          } else {
            request.header("Accept", "text/html,application/xhtml+xml");
          }
          try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> wrong = login.apply("wrong-" + i, true);
      assertThat(wrong.statusCode()).isEqualTo(302);
      assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
    }
    // the page's script gets the problem; a browser's form, a page that says so
    HttpResponse<String> script = login.apply("admin-pass", true);
    assertThat(script.statusCode()).isEqualTo(429);
    assertThat(script.headers().firstValue("Retry-After")).isPresent();
    assertThat(ServiceClient.json(script.body().getBytes(StandardCharsets.UTF_8)).get("type"))
        .hasToString("\"/problems/too-many-logins\"");
    HttpResponse<String> form = login.apply("admin-pass", false);
    assertThat(form.statusCode()).isEqualTo(429);
    assertThat(form.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(form.body()).contains("登录失败次数过多", "Too many failed logins");
    // Basic for the same name is refused as well
    assertThat(basic("admin", "admin-pass").statusCode()).isEqualTo(429);

    clock.advance(Duration.ofMinutes(16));
    HttpResponse<String> accepted = login.apply("admin-pass", true);
    assertThat(accepted.statusCode()).isEqualTo(302);
    assertThat(accepted.headers().firstValue("Location").orElse("")).doesNotContain("error");
  }
}
