package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.security.LoginThrottleTest.MovableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * API tokens over HTTP on a real PostGIS: made with a password login, used as {@code Authorization:
 * Bearer} with the owner's role and district, kept as a SHA-256 digest only; refused (401, saying
 * why) when wrong, revoked, expired or of a disabled account; revoked by their owner or the
 * administrator, by nobody else. And HTTP Basic, whose right passwords are remembered: a changed
 * password (by the administrator's page, or by SQL as another process would) stops the old one at
 * once, and wrong passwords are still throttled. The service's clock is one the test moves.
 */
class ApiTokensTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("api_tokens");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

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
  @Autowired PasswordEncoder passwords;
  @Autowired javax.sql.DataSource dataSource;

  private static final Map<String, String> PASSWORDS =
      Map.of(
          "root", "root-password-1",
          "plan", "plan-password-1",
          "bureau", "bureau-password-1",
          "wang", "wang-password-1");

  @BeforeEach
  void users() {
    for (var user : PASSWORDS.entrySet()) {
      if (accounts.find(jdbc, user.getKey()).isEmpty()) {
        Role role =
            switch (user.getKey()) {
              case "root" -> Role.ADMIN;
              case "plan" -> Role.PLANNER;
              case "wang" -> Role.DISTRICT;
              default -> Role.BUREAU;
            };
        accounts.create(
            jdbc,
            user.getKey(),
            null,
            user.getValue(),
            role,
            role == Role.DISTRICT ? "440605" : null);
      }
    }
    // whatever an earlier test left in the login throttle is over
    clock.advance(Duration.ofMinutes(16));
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> as(String user, String method, String path, String body)
      throws Exception {
    return send(method, path, ServiceClient.basic(user, PASSWORDS.get(user)), body);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return ServiceClient.json(response.body().getBytes(StandardCharsets.UTF_8));
  }

  /** A new token of this user (by HTTP Basic): its id and secret. */
  private JsonNode newToken(String user, String body) throws Exception {
    HttpResponse<String> made = as(user, "POST", "/api/me/tokens", body);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return json(made);
  }

  private static String bearer(JsonNode made) {
    return "Bearer " + made.get("secret").asString();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String slug) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response).get("type").asString()).isEqualTo("/problems/" + slug);
  }

  @Test
  void aTokenActsWithItsOwnersRoleAndDistrictAndIsKeptAsADigestOnly() throws Exception {
    JsonNode made = newToken("plan", "{\"name\": \"QGIS 办公室\"}");
    String secret = made.get("secret").asString();
    assertThat(secret).matches("rlt_[A-Za-z0-9_-]{43}");
    assertThat(made.at("/token/name").asString()).isEqualTo("QGIS 办公室");
    assertThat(made.at("/token/username").asString()).isEqualTo("plan");
    assertThat(made.at("/token/expiresAt").isNull()).isTrue();

    HttpResponse<String> me = send("GET", "/api/me", bearer(made), null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(json(me).get("username").asString()).isEqualTo("plan");
    assertThat(json(me).get("role").asString()).isEqualTo("PLANNER");
    // a planner reads only, with a token too (refused at the gate: 403, not 401), and no CSRF
    // token is asked of a request that only its Authorization header logs in
    assertProblem(send("POST", "/api/change-sets", bearer(made), "{}"), 403, "forbidden");

    JsonNode district = newToken("wang", "{\"name\": \"脚本\", \"expiresInDays\": 30}");
    JsonNode wang = json(send("GET", "/api/me", bearer(district), null));
    assertThat(wang.get("role").asString()).isEqualTo("DISTRICT");
    assertThat(wang.get("districtCode").asString()).isEqualTo("440605");
    assertThat(OffsetDateTime.parse(district.at("/token/expiresAt").asString()))
        .isEqualTo(OffsetDateTime.parse(district.at("/token/createdAt").asString()).plusDays(30));

    // at rest: the SHA-256 of the token, and the token itself nowhere in the table
    long id = made.at("/token/id").asLong();
    assertThat(
            jdbc.sql(
                    "SELECT secret_sha256 = sha256(convert_to(:secret, 'UTF8')) FROM api_token"
                        + " WHERE id = :id")
                .param("secret", secret)
                .param("id", id)
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM api_token t WHERE strpos(row_to_json(t)::text, :s) > 0"
                        + " OR strpos(encode(t.secret_sha256, 'escape'), :s) > 0")
                .param("s", secret.substring(4, 20))
                .query(Long.class)
                .single())
        .isZero();
    // listed without secret or digest
    HttpResponse<String> mine = as("plan", "GET", "/api/me/tokens", null);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).doesNotContain(secret).doesNotContain("secret").contains("QGIS 办公室");
    // its use is recorded, at most once a minute: a second use 10 s later writes nothing
    OffsetDateTime used = lastUsed(id);
    assertThat(used).isNotNull();
    clock.advance(Duration.ofSeconds(10));
    assertThat(send("GET", "/api/me", bearer(made), null).statusCode()).isEqualTo(200);
    assertThat(lastUsed(id)).isEqualTo(used);
    // in the audit log: made, and a login by token
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM audit_event WHERE action = 'TOKEN_CREATED'"
                        + " AND object = :o AND actor = 'plan'")
                .param("o", "api_token/" + id)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM audit_event WHERE action = 'LOGIN' AND actor = 'plan'"
                        + " AND detail->>'method' = 'token'")
                .query(Long.class)
                .single())
        .isGreaterThanOrEqualTo(1);
  }

  private OffsetDateTime lastUsed(long id) {
    return jdbc.sql("SELECT last_used_at FROM api_token WHERE id = :id")
        .param("id", id)
        .query(OffsetDateTime.class)
        .single();
  }

  @Test
  void wrongRevokedAndExpiredTokensAreRefusedSayingWhy() throws Exception {
    HttpResponse<String> wrong = send("GET", "/api/me", "Bearer rlt_" + "A".repeat(43), null);
    assertProblem(wrong, 401, "invalid-token");
    assertThat(json(wrong).get("detail").asString()).startsWith("API 令牌无效");
    assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    // never taken for an anonymous request, on a public read either
    assertProblem(send("GET", "/api/quota", "Bearer not-a-token", null), 401, "invalid-token");

    JsonNode made = newToken("bureau", "{\"name\": \"nightly\", \"expiresInDays\": 1}");
    assertThat(send("GET", "/api/me", bearer(made), null).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    HttpResponse<String> expired = send("GET", "/api/me", bearer(made), null);
    assertProblem(expired, 401, "token-expired");
    assertThat(json(expired).get("detail").asString()).contains("过期");

    JsonNode other = newToken("bureau", "{\"name\": \"to revoke\"}");
    long id = other.at("/token/id").asLong();
    HttpResponse<String> revoked = as("bureau", "DELETE", "/api/me/tokens/" + id, null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(json(revoked).get("revokedBy").asString()).isEqualTo("bureau");
    HttpResponse<String> after = send("GET", "/api/me", bearer(other), null);
    assertProblem(after, 401, "token-revoked");
    assertThat(json(after).get("detail").asString()).startsWith("API 令牌已被撤销");
    assertProblem(as("bureau", "DELETE", "/api/me/tokens/" + id, null), 409, "token-revoked");

    // refused input, nothing written
    long before = jdbc.sql("SELECT count(*) FROM api_token").query(Long.class).single();
    assertProblem(
        as("bureau", "POST", "/api/me/tokens", "{\"name\": \" \"}"), 422, "token-name-required");
    assertProblem(
        as("bureau", "POST", "/api/me/tokens", "{\"name\": \"x\", \"expiresInDays\": 0}"),
        422,
        "invalid-expiry");
    assertProblem(
        as("bureau", "POST", "/api/me/tokens", "{\"name\": \"" + "长".repeat(101) + "\"}"),
        422,
        "text-too-long");
    assertThat(jdbc.sql("SELECT count(*) FROM api_token").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void onlyTheOwnerOrTheAdministratorRevokesAToken() throws Exception {
    JsonNode bureaus = newToken("bureau", "{\"name\": \"GDAL\"}");
    long id = bureaus.at("/token/id").asLong();
    // another user cannot, whether they name it as theirs or as the administrator's API
    assertProblem(as("plan", "DELETE", "/api/me/tokens/" + id, null), 404, "unknown-token");
    assertThat(as("plan", "DELETE", "/api/admin/tokens/" + id, null).statusCode()).isEqualTo(403);
    assertThat(as("plan", "GET", "/api/admin/tokens", null).statusCode()).isEqualTo(403);
    assertThat(as("plan", "GET", "/api/me/tokens", null).body()).doesNotContain("GDAL");
    assertThat(send("GET", "/api/me", bearer(bureaus), null).statusCode()).isEqualTo(200);
    // a token makes no tokens (one that leaks cannot outlive its revocation)
    assertProblem(
        send("POST", "/api/me/tokens", bearer(bureaus), "{\"name\": \"copy\"}"), 403, "forbidden");

    // the administrator sees everyone's and revokes any
    HttpResponse<String> all = as("root", "GET", "/api/admin/tokens?username=bureau", null);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains("GDAL").doesNotContain(bureaus.get("secret").asString());
    // pages of 1 to 1000 tokens (PageLimits, as every list), said in Chinese first
    for (String page : List.of("limit=0", "limit=1001", "offset=-1")) {
      for (String path : List.of("/api/admin/tokens?", "/api/me/tokens?")) {
        HttpResponse<String> refused = as("root", "GET", path + page, null);
        assertProblem(refused, 400, "invalid-parameter");
        assertThat(json(refused).get("detail").asString()).startsWith("每页行数 limit 应为 1 到 1000");
      }
    }
    assertThat(as("root", "GET", "/api/admin/tokens?limit=1000", null).statusCode()).isEqualTo(200);
    HttpResponse<String> revoked = as("root", "DELETE", "/api/admin/tokens/" + id, null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(json(revoked).get("revokedBy").asString()).isEqualTo("root");
    assertProblem(send("GET", "/api/me", bearer(bureaus), null), 401, "token-revoked");

    // the database holds it for every writer: a revocation is final, the digest never changes
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                jdbc.sql("UPDATE api_token SET revoked_at = NULL WHERE id = :id")
                    .param("id", id)
                    .update())
        .rootCause()
        .hasMessageContaining("已撤销");
  }

  @Test
  void aDisabledAccountsTokensStopAndWorkAgainWhenItIsEnabled() throws Exception {
    JsonNode made = newToken("wang", "{\"name\": \"office\"}");
    assertThat(send("GET", "/api/me", bearer(made), null).statusCode()).isEqualTo(200);
    assertThat(as("root", "PATCH", "/api/admin/users/wang", "{\"enabled\": false}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused = send("GET", "/api/quota", bearer(made), null);
    assertProblem(refused, 401, "account-disabled");
    assertThat(json(refused).get("detail").asString()).startsWith("令牌所属账户已停用");
    assertThat(as("root", "PATCH", "/api/admin/users/wang", "{\"enabled\": true}").statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/me", bearer(made), null).statusCode()).isEqualTo(200);
  }

  @Test
  void basicWithAChangedPasswordStopsAtOnceAndWrongPasswordsAreStillThrottled() throws Exception {
    // the right password, remembered after the first request
    for (int i = 0; i < 3; i++) {
      assertThat(as("bureau", "GET", "/api/me", null).statusCode()).isEqualTo(200);
    }
    // changed by the administrator's page: the old one is refused on the next request
    HttpResponse<String> set =
        as(
            "root",
            "PUT",
            "/api/admin/users/bureau/password",
            "{\"password\": \"new-password-22\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
    assertThat(as("bureau", "GET", "/api/me", null).statusCode()).isEqualTo(401);
    assertThat(
            send("GET", "/api/me", ServiceClient.basic("bureau", "new-password-22"), null)
                .statusCode())
        .isEqualTo(200);
    // changed by SQL, as ./redline user or psql would from another process: refused at once too
    jdbc.sql("UPDATE app_user SET password_hash = :h WHERE username = 'bureau'")
        .param("h", passwords.encode(PASSWORDS.get("bureau")))
        .update();
    assertThat(
            send("GET", "/api/me", ServiceClient.basic("bureau", "new-password-22"), null)
                .statusCode())
        .isEqualTo(401);
    assertThat(as("bureau", "GET", "/api/me", null).statusCode()).isEqualTo(200);
    // a changed role is the account's at once, the remembered password notwithstanding
    jdbc.sql("UPDATE app_user SET role = 'PLANNER' WHERE username = 'bureau'").update();
    assertThat(json(as("bureau", "GET", "/api/me", null)).get("role").asString())
        .isEqualTo("PLANNER");
    jdbc.sql("UPDATE app_user SET role = 'BUREAU' WHERE username = 'bureau'").update();
    // disabled: refused, remembered or not
    jdbc.sql("UPDATE app_user SET enabled = false WHERE username = 'bureau'").update();
    assertThat(as("bureau", "GET", "/api/me", null).statusCode()).isEqualTo(401);
    jdbc.sql("UPDATE app_user SET enabled = true WHERE username = 'bureau'").update();

    // wrong passwords are not remembered and are counted as before: after five, even the right
    // (remembered) one is refused for the window
    for (int i = 1; i <= 5; i++) {
      assertThat(
              send("GET", "/api/me", ServiceClient.basic("bureau", "guess-" + i), null)
                  .statusCode())
          .as("guess %d", i)
          .isEqualTo(401);
    }
    HttpResponse<String> throttled = as("bureau", "GET", "/api/me", null);
    assertProblem(throttled, 429, "too-many-logins");
    clock.advance(Duration.ofMinutes(16));
    assertThat(as("bureau", "GET", "/api/me", null).statusCode()).isEqualTo(200);
  }

  /**
   * A login's lookup names its connection itself (V52, ActingDataSource.lookUp) instead of the
   * service naming it for nobody and again for the user: whatever Bearer and Basic requests, good
   * or refused, the service's pool hands the next request each connection named for that request's
   * actor and nobody else, and a token's request acts as its owner in the database. Checked on
   * every connection of the pool, taken as a later request from the same client (same address and
   * User-Agent, so that the pool's memory of each connection's naming is what decides whether it is
   * named again): an anonymous one must see nobody, a planner's the planner.
   */
  @Test
  void aLoginsLookupLeavesNoConnectionNamedForSomebodyElse() throws Exception {
    JsonNode wangs = newToken("wang", "{\"name\": \"pool\"}");
    JsonNode plans = newToken("plan", "{\"name\": \"pool\"}");
    String[] requests = {
      bearer(wangs), // a good token
      ServiceClient.basic("bureau", PASSWORDS.get("bureau")), // a right password
      bearer(plans),
      ServiceClient.basic("bureau", "wrong-password-1"), // an account found, its password wrong
      "Bearer rlt_" + "B".repeat(43), // no such token
      null // anonymous
    };
    for (String authorization : requests) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> me = fromPoolClient("GET", "/api/me", authorization);
        assertThat(me.statusCode()).as("%s: %s", authorization, me.body()).isIn(200, 401);
      }
      assertThat(actorsOfThePool(null)).as("after %s", authorization).containsOnly("");
      assertThat(actorsOfThePool("plan")).as("after %s", authorization).containsOnly("plan");
    }
    // the request's own statements act for the token's owner: its audited read is the planner's
    assertThat(fromPoolClient("GET", "/api/efficiency/trend", bearer(plans)).statusCode())
        .isEqualTo(200);
    assertThat(
            jdbc.sql(
                    "SELECT actor FROM audit_event WHERE action = 'READ_CONFIDENTIAL'"
                        + " ORDER BY id DESC LIMIT 1")
                .query(String.class)
                .single())
        .isEqualTo("plan");
  }

  private static final String POOL_CLIENT = "ApiTokensTest-pool";

  /** A request from 127.0.0.1 with POOL_CLIENT as its User-Agent. */
  private HttpResponse<String> fromPoolClient(String method, String path, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("User-Agent", POOL_CLIENT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The database's actor on every connection of the service's pool, each taken (all at once) as a
   * request of POOL_CLIENT's acting for actor (null: nobody) would take it.
   */
  private java.util.List<String> actorsOfThePool(String actor) throws Exception {
    org.springframework.mock.web.MockHttpServletRequest request =
        new org.springframework.mock.web.MockHttpServletRequest();
    request.setRemoteAddr("127.0.0.1");
    request.addHeader("User-Agent", POOL_CLIENT);
    org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(
        new org.springframework.web.context.request.ServletRequestAttributes(request));
    int total =
        dataSource
            .unwrap(com.zaxxer.hikari.HikariDataSource.class)
            .getHikariPoolMXBean()
            .getTotalConnections();
    java.util.List<java.sql.Connection> held = new java.util.ArrayList<>();
    try {
      java.util.function.Supplier<java.util.List<String>> look =
          () -> {
            java.util.List<String> actors = new java.util.ArrayList<>();
            try {
              for (int i = 0; i < total; i++) {
                java.sql.Connection c = dataSource.getConnection();
                held.add(c);
                try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT current_setting('redline.actor', true)")) {
                  rs.next();
                  actors.add(rs.getString(1) == null ? "" : rs.getString(1));
                }
              }
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
            return actors;
          };
      return actor == null
          ? look.get()
          : cn.foshan.redline.system.ActingDataSource.actingAs(actor, look);
    } finally {
      for (java.sql.Connection c : held) {
        c.close();
      }
      org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
    }
  }
}
