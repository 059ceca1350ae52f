package cn.foshan.redline;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tests that build their own small city: the whole service on a random port, on a
 * freshly migrated, empty schema of the test class's own, dropped afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class EmptyCityTest {

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

  /**
   * Points the service at a fresh schema; each concrete class calls this from its own
   * {@code @DynamicPropertySource} and drops the schema in its {@code @AfterAll}.
   */
  protected static void register(DynamicPropertyRegistry registry, String schema) {
    TestDatabase.prepare();
    TestDatabase.drop(schema);
    TestDatabase.register(registry, schema);
    registry.add("redline.demo.enabled", () -> "false");
  }

  protected JsonNode getJson(String path) throws Exception {
    return new ServiceClient(port).getJson(path);
  }
}
