package cn.foshan.redline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Talks HTTP to the service under test, as any client would. */
public final class ServiceClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;

  public ServiceClient(int port) {
    this.base = "http://localhost:" + port;
  }

  public String base() {
    return base;
  }

  /** GET with headers given as name, value, name, value… */
  public HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** GET that must answer 200, as JSON. */
  public JsonNode getJson(String path) throws Exception {
    HttpResponse<byte[]> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          path
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return json(response.body());
  }

  public static JsonNode json(byte[] body) {
    return JSON.readTree(body);
  }

  /** A request as a user (HTTP Basic; null for anonymous) with a JSON body (null for none). */
  public HttpResponse<byte[]> send(
      String method, String path, String user, Object body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(
                        body instanceof String text ? text : JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (user != null) {
      request.header("Authorization", basic(user));
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A POST of a form as a user (HTTP Basic; null for anonymous): an upload. */
  public HttpResponse<byte[]> upload(String path, String user, Multipart form) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(10))
            .header("Content-Type", form.contentType())
            .POST(form.publisher());
    if (user != null) {
      request.header("Authorization", basic(user));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The HTTP Basic credentials of a demo account (README). */
  public static String basic(String user) {
    return basic(user, PASSWORDS.getOrDefault(user, "district-2026"));
  }

  /** The HTTP Basic credentials of any user name and password, right or wrong. */
  public static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The demo accounts' passwords (README); district officers share one. */
  public static final java.util.Map<String, String> PASSWORDS =
      java.util.Map.of("admin", "admin-2026", "bureau", "bureau-2026", "planner", "planner-2026");

  public static ObjectMapper mapper() {
    return JSON;
  }
}
