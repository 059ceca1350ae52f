package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tests that edit: the whole service on a random port, on a schema of its own with a
 * small demo city (2,000 parcels) and the demo accounts, shared by every class extending this. The
 * tests change the city, so each picks features no other test touches.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EditingTest {

  protected static final String SCHEMA = TestDatabase.schema("editing");

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
    registry.add("redline.demo.parcels", () -> "2000");
  }

  @Autowired private cn.foshan.redline.security.UserAccounts personAccounts;

  /**
   * Gives a person's own login ({@link TestDatabase#PERSON}, as psql connects) the bureau's
   * account: made once, its role and district set again (a test may have made it a district
   * officer).
   */
  protected void personIsBureau() {
    if (jdbc.sql("SELECT count(*) FROM app_user WHERE username = :u")
            .param("u", TestDatabase.PERSON)
            .query(Long.class)
            .single()
        == 0) {
      personAccounts.create(
          jdbc,
          TestDatabase.PERSON,
          "Person",
          "person-2026",
          cn.foshan.redline.security.Role.BUREAU,
          null);
    }
    jdbc.sql("UPDATE app_user SET role = 'BUREAU', district_code = NULL WHERE username = :u")
        .param("u", TestDatabase.PERSON)
        .update();
  }

  protected ServiceClient client() {
    return new ServiceClient(port);
  }

  protected HttpResponse<byte[]> send(
      String method, String path, String user, Object body, String... headers) throws Exception {
    return client().send(method, path, user, body, headers);
  }

  /** A request that must answer with this status; its JSON body. */
  protected JsonNode expect(
      int status, String method, String path, String user, Object body, String... headers)
      throws Exception {
    HttpResponse<byte[]> response = send(method, path, user, body, headers);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  /** A new draft change set of this user; its id. */
  protected long draft(String user, String reason) throws Exception {
    return expect(
            201,
            "POST",
            "/api/change-sets",
            user,
            Map.of("reason", reason, "documentNumber", "测试〔2026〕1号"))
        .get("id")
        .asLong();
  }

  protected JsonNode feature(String layer, long id) throws Exception {
    return expect(200, "GET", "/api/layers/" + layer + "/features/" + id, null, null);
  }

  /**
   * A shape computed by PostGIS, as GeoJSON: from a geometry expression (WKT literals welcome) or
   * from a whole SELECT of one geometry.
   */
  protected JsonNode shape(String geometrySql, Object... params) {
    String select = geometrySql.startsWith("SELECT ") ? geometrySql : "SELECT " + geometrySql;
    var query = jdbc.sql("SELECT ST_AsGeoJSON(s.g, 15) FROM (" + select + ") s(g)");
    for (int i = 0; i < params.length; i += 2) {
      query = query.param((String) params[i], params[i + 1]);
    }
    return ServiceClient.json(query.query(String.class).single().getBytes(StandardCharsets.UTF_8));
  }

  /** An edit for POST /api/change-sets/{id}/edits. */
  protected static Map<String, Object> edit(
      String layer,
      String action,
      Long featureId,
      Integer baseVersion,
      JsonNode geometry,
      Map<String, ?> properties) {
    Map<String, Object> edit = new java.util.HashMap<>();
    edit.put("layer", layer);
    edit.put("action", action);
    edit.put("featureId", featureId);
    edit.put("baseVersion", baseVersion);
    edit.put("geometry", geometry);
    edit.put("properties", properties);
    return edit;
  }

  protected int version(String layer, long id) throws Exception {
    return feature(layer, id).at("/properties/version").asInt();
  }
}
