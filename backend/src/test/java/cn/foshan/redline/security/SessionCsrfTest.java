package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.ServiceClient;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The CSRF token is skipped only for requests that HTTP Basic alone authenticates (API clients): a
 * request riding on a login session needs it, whatever its Authorization header says (a Bearer
 * token, garbage, or Basic with a wrong password for the session's user).
 */
class SessionCsrfTest extends DemoCityTest {

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private String token() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElseThrow();
  }

  private HttpResponse<byte[]> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private long drafts() {
    return jdbc.sql("SELECT count(*) FROM change_set WHERE author = 'bureau' AND status = 'DRAFT'")
        .query(Long.class)
        .single();
  }

  @Test
  void aSessionsRequestNeedsItsTokenWhateverItsAuthorizationHeaderSays() throws Exception {
    // log in as the page does: a token first, then the form
    send("GET", "/api/me", null, "X-Requested-With", "XMLHttpRequest");
    HttpRequest login =
        HttpRequest.newBuilder(URI.create(base() + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-XSRF-TOKEN", token())
            .header("X-Requested-With", "XMLHttpRequest")
            .POST(HttpRequest.BodyPublishers.ofString("username=bureau&password=bureau-2026"))
            .build();
    assertThat(browser.send(login, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(302);
    HttpResponse<byte[]> me = send("GET", "/api/me", null, "X-Requested-With", "XMLHttpRequest");
    assertThat(json(me.body()).get("username").asString()).isEqualTo("bureau");

    String draft = "{\"reason\": \"CSRF\"}";
    long before = drafts();
    String wrongBasic = ServiceClient.basic("bureau", "not-the-password");
    for (String authorization : List.of("Bearer eyJhbGciOiJub25lIn0.e30.", "garbage", wrongBasic)) {
      HttpResponse<byte[]> forged =
          send("POST", "/api/change-sets", draft, "Authorization", authorization);
      assertThat(forged.statusCode()).as(authorization).isEqualTo(403);
      JsonNode problem = json(forged.body());
      assertThat(problem.get("type").asString()).as(authorization).isEqualTo("/problems/csrf");
    }
    assertThat(drafts()).isEqualTo(before);

    // the session's own request, with its token, is served
    HttpResponse<byte[]> made = send("POST", "/api/change-sets", draft, "X-XSRF-TOKEN", token());
    assertThat(made.statusCode()).isEqualTo(201);
    long id = json(made.body()).get("id").asLong();
    assertThat(send("DELETE", "/api/change-sets/" + id, null, "X-XSRF-TOKEN", token()).statusCode())
        .isEqualTo(204);

    // an API client with HTTP Basic and no session needs no token
    HttpResponse<byte[]> api =
        new ServiceClient(port)
            .send("POST", "/api/change-sets", "bureau", java.util.Map.of("reason", "API"));
    assertThat(api.statusCode()).isEqualTo(201);
    new ServiceClient(port)
        .send("DELETE", "/api/change-sets/" + json(api.body()).get("id").asLong(), "bureau", null);
    assertThat(drafts()).isEqualTo(before);
  }
}
