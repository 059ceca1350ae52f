package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Accounts on a database started without the demo (no account at all): the first administrator and
 * the others made by {@code ./redline user} (AccountsCommand, as the script runs it, on the test's
 * schema), logging in over HTTP with them, disabled and enabled again; then the administrator's API
 * {@code /api/admin/users}, refused to every other role.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountsTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("accounts");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  private record Run(int exit, String out, String err) {}

  /** {@code ./redline user …} on the test's schema, the password (if any) on standard input. */
  private static Run user(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--spring.datasource.url=" + TestDatabase.url(SCHEMA));
    all.add("--spring.flyway.user=" + TestDatabase.USER);
    all.add("--spring.flyway.password=" + TestDatabase.PASSWORD);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AccountsCommand.run(
            all.toArray(new String[0]),
            null,
            new ByteArrayInputStream(
                (stdin == null ? "" : stdin + "\n").getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(
      String method, String path, String user, String password, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (user != null) {
      request.header("Authorization", ServiceClient.basic(user, password));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client with a session of its own, logged in by the login form (as the pages do). */
  private HttpClient loggedIn(String user, String password) throws Exception {
    java.net.CookieManager cookies = new java.net.CookieManager();
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me")).build(),
        HttpResponse.BodyHandlers.discarding());
    String token =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .map(java.net.HttpCookie::getValue)
            .findFirst()
            .orElseThrow();
    HttpResponse<Void> login =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=" + user + "&password=" + password))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(login.statusCode()).isIn(200, 302);
    return client;
  }

  private int sessionsMe(HttpClient session) throws Exception {
    return session
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
                .header("X-Requested-With", "XMLHttpRequest")
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private int me(String user, String password) throws Exception {
    return send("GET", "/api/me", user, password, null).statusCode();
  }

  @Test
  @Order(1)
  void theFirstAdministratorAndOthersFromTheCommandLine() throws Exception {
    assertThat(jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single()).isZero();

    Run root = user("root-password-1", "add", "root", "--role", "admin", "--display", "管理员");
    assertThat(root.exit()).as(root.err()).isZero();
    assertThat(root.out()).contains("已创建账户 root");
    assertThat(me("root", "root-password-1")).isEqualTo(200);

    Run again = user("another-password", "add", "root", "--role", "bureau");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("已被使用");

    Run noDistrict = user("wang-password-1", "add", "wang", "--role", "district");
    assertThat(noDistrict.exit()).isEqualTo(1);
    assertThat(noDistrict.err()).contains("区级账户须指定所属区").contains("440605 南海区");
    Run badDistrict =
        user("wang-password-1", "add", "wang", "--role", "district", "--district", "440699");
    assertThat(badDistrict.exit()).isEqualTo(1);
    assertThat(badDistrict.err()).contains("没有编码为 440699 的区");
    Run districtForBureau =
        user("li-password-1", "add", "lisi", "--role", "bureau", "--district", "440605");
    assertThat(districtForBureau.exit()).isEqualTo(1);
    assertThat(districtForBureau.err()).contains("不能指定区");
    Run shortPassword = user("short-pw", "add", "lisi", "--role", "bureau");
    assertThat(shortPassword.exit()).isEqualTo(1);
    assertThat(shortPassword.err()).contains("密码至少 10 个字符");
    Run nameAsPassword = user("zhangsan-01", "add", "zhangsan-01", "--role", "planner");
    assertThat(nameAsPassword.exit()).isEqualTo(1);
    assertThat(nameAsPassword.err()).contains("密码不能与用户名相同");
    Run badName = user("good-password-1", "add", "Wang Wu", "--role", "planner");
    assertThat(badName.exit()).isEqualTo(1);
    assertThat(badName.err()).contains("用户名须为");
    Run noPassword = user(null, "add", "lisi", "--role", "bureau");
    assertThat(noPassword.exit()).isEqualTo(1);
    assertThat(user("x", "add", "lisi", "--role", "chief").exit()).isEqualTo(2);
    assertThat(user("x", "remove", "lisi").exit()).isEqualTo(2);
    assertThat(jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single())
        .as("nothing refused was written")
        .isEqualTo(1);

    Run wang =
        user(
            "wang-password-1",
            "add",
            "wang",
            "--role",
            "district",
            "--district",
            "440605",
            "--display",
            "南海区 王");
    assertThat(wang.exit()).as(wang.err()).isZero();
    assertThat(user("li-password-1", "add", "lisi", "--role", "bureau").exit()).isZero();
    JsonNode me = JSON.readTree(send("GET", "/api/me", "wang", "wang-password-1", null).body());
    assertThat(me.get("role").asText()).isEqualTo("DISTRICT");
    assertThat(me.get("districtCode").asText()).isEqualTo("440605");
    assertThat(me.get("displayName").asText()).isEqualTo("南海区 王");

    Run list = user(null, "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .containsPattern("(?m)^wang +district +440605 +yes +南海区 王$")
        .containsPattern("(?m)^root +admin +- +yes")
        .containsPattern("(?m)^lisi +bureau")
        .doesNotContain("bcrypt")
        .doesNotContain("$2a$");

    assertThat(user(null, "disable", "wang").exit()).isZero();
    assertThat(me("wang", "wang-password-1")).isEqualTo(401);
    assertThat(user(null, "list").out()).containsPattern("(?m)^wang +district +440605 +no ");
    assertThat(user(null, "enable", "wang").exit()).isZero();
    assertThat(me("wang", "wang-password-1")).isEqualTo(200);

    // a session logged in before the account is disabled ends too, within the recheck time
    HttpClient session = loggedIn("wang", "wang-password-1");
    assertThat(sessionsMe(session)).isEqualTo(200);
    assertThat(user(null, "disable", "wang").exit()).isZero();
    await()
        .atMost(Duration.ofNanos(SessionAccounts.RECHECK_NANOS).plusSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> sessionsMe(session) == 401);
    assertThat(user(null, "enable", "wang").exit()).isZero();
    assertThat(sessionsMe(session)).as("the session is gone, not back").isEqualTo(401);

    assertThat(user("short", "passwd", "wang").exit()).isEqualTo(1);
    assertThat(user("wang-password-2", "passwd", "wang").exit()).isZero();
    assertThat(me("wang", "wang-password-1")).isEqualTo(401);
    assertThat(me("wang", "wang-password-2")).isEqualTo(200);
    Run unknown = user("whatever-password", "passwd", "nobody");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("没有用户名为 nobody 的账户");
    assertThat(user(null, "disable", "nobody").exit()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void theAdministratorsApi() throws Exception {
    HttpResponse<String> list = send("GET", "/api/admin/users", "root", "root-password-1", null);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode accounts = JSON.readTree(list.body());
    assertThat(accounts).hasSize(3);
    assertThat(list.body()).doesNotContain("password").doesNotContain("bcrypt");
    assertThat(accounts.get(2).get("username").asText()).isEqualTo("wang");
    assertThat(accounts.get(2).get("districtCode").asText()).isEqualTo("440605");
    assertThat(send("GET", "/api/admin/users?limit=1&offset=1", "root", "root-password-1", null))
        .satisfies(
            r ->
                assertThat(JSON.readTree(r.body()).get(0).get("username").asText())
                    .isEqualTo("root"));
    assertThat(
            send("GET", "/api/admin/users?limit=100000", "root", "root-password-1", null)
                .statusCode())
        .isEqualTo(400);

    // every other role is refused, before the request is read
    assertThat(send("GET", "/api/admin/users", null, null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/admin/users", "lisi", "li-password-1", null).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/api/admin/users", "wang", "wang-password-2", null).statusCode())
        .isEqualTo(403);
    Map<String, Object> zhao =
        Map.of("username", "zhao", "password", "zhao-password-1", "role", "PLANNER");
    HttpResponse<String> byBureau = send("POST", "/api/admin/users", "lisi", "li-password-1", zhao);
    assertThat(byBureau.statusCode()).isEqualTo(403);
    assertThat(byBureau.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");

    HttpResponse<String> created =
        send("POST", "/api/admin/users", "root", "root-password-1", zhao);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/admin/users/zhao");
    assertThat(JSON.readTree(created.body()).get("role").asText()).isEqualTo("PLANNER");
    assertThat(me("zhao", "zhao-password-1")).isEqualTo(200);

    HttpResponse<String> duplicate =
        send("POST", "/api/admin/users", "root", "root-password-1", zhao);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(duplicate.body()).get("type").asText())
        .isEqualTo("/problems/user-exists");
    HttpResponse<String> badDistrict =
        send(
            "POST",
            "/api/admin/users",
            "root",
            "root-password-1",
            Map.of(
                "username",
                "sun",
                "password",
                "sun-password-1",
                "role",
                "DISTRICT",
                "districtCode",
                "123456"));
    assertThat(badDistrict.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(badDistrict.body()).get("detail").asText()).contains("没有编码为");
    HttpResponse<String> weak =
        send(
            "POST",
            "/api/admin/users",
            "root",
            "root-password-1",
            Map.of("username", "sun", "password", "short", "role", "BUREAU"));
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(weak.body()).get("type").asText())
        .isEqualTo("/problems/weak-password");

    assertThat(
            send(
                    "PUT",
                    "/api/admin/users/zhao/password",
                    "root",
                    "root-password-1",
                    Map.of("password", "zhao-password-2"))
                .statusCode())
        .isEqualTo(204);
    assertThat(me("zhao", "zhao-password-1")).isEqualTo(401);
    assertThat(me("zhao", "zhao-password-2")).isEqualTo(200);
    assertThat(
            send(
                    "PUT",
                    "/api/admin/users/zhao/password",
                    "lisi",
                    "li-password-1",
                    Map.of("password", "li-chose-this"))
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> disabled =
        send("PATCH", "/api/admin/users/zhao", "root", "root-password-1", Map.of("enabled", false));
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(disabled.body()).get("enabled").asBoolean()).isFalse();
    assertThat(me("zhao", "zhao-password-2")).isEqualTo(401);
    assertThat(
            send(
                    "PATCH",
                    "/api/admin/users/root",
                    "root",
                    "root-password-1",
                    Map.of("enabled", false))
                .statusCode())
        .isEqualTo(409);
    assertThat(
            send(
                    "PATCH",
                    "/api/admin/users/ghost",
                    "root",
                    "root-password-1",
                    Map.of("enabled", true))
                .statusCode())
        .isEqualTo(404);
    assertThat(
            jdbc.sql("SELECT enabled FROM app_user WHERE username = 'root'")
                .query(Boolean.class)
                .single())
        .isTrue();
  }
}
