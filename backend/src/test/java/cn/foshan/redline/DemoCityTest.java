package cn.foshan.redline;

import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tests that read the demo city: the whole service on a random port, on a schema of its
 * own in the real PostGIS, with the default demo city (seed 2022, 20,000 parcels) loaded once per
 * test run and shared by every class extending this (one Spring context). The schema stays after
 * the run for inspection; TestDatabase drops it in a later run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class DemoCityTest {

  protected static final String SCHEMA = TestDatabase.schema("demo");

  @LocalServerPort protected int port;

  /**
   * The schema's owner: tests set their city up and look at it as the owner (no role applies); what
   * users do goes through HTTP, as the service's own login.
   */
  protected JdbcClient jdbc;

  @Autowired
  void owner(cn.foshan.redline.system.OwnerDatabase owner) {
    this.jdbc = owner.jdbc();
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
  }

  protected String base() {
    return client().base();
  }

  protected HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return client().get(path, headers);
  }

  protected JsonNode getJson(String path) throws Exception {
    return client().getJson(path);
  }

  protected static JsonNode json(byte[] body) {
    return ServiceClient.json(body);
  }

  private ServiceClient client() {
    return new ServiceClient(port);
  }
}
