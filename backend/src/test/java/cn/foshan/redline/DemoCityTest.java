package cn.foshan.redline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Base of the tests that read the demo city: the whole service on a random port, on a schema of its
 * own in the real PostGIS, with the default demo city (seed 2022, 20,000 parcels) loaded once per
 * test run and shared by every class extending this (one Spring context). The schema stays after
 * the run for inspection; TestDatabase drops it in a later run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class DemoCityTest {

  protected static final String SCHEMA = TestDatabase.schema("demo");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort protected int port;

  @Autowired protected JdbcClient jdbc;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.prepare();
    registry.add("spring.datasource.url", () -> TestDatabase.url(SCHEMA));
    registry.add("spring.datasource.username", () -> TestDatabase.USER);
    registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
    registry.add("spring.flyway.schemas", () -> SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
  }

  protected String base() {
    return "http://localhost:" + port;
  }

  protected HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  protected JsonNode getJson(String path) throws Exception {
    HttpResponse<byte[]> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          path
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(response.body());
  }

  protected static JsonNode json(byte[] body) {
    return JSON.readTree(body);
  }
}
