package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Role × district × endpoint: every operation that writes, as the service describes itself
 * (springdoc's {@code /v3/api-docs} and the OGC API's {@code /ogc/api}, so a new endpoint is in the
 * matrix without a line here), tried by each role that may not do it, on a resource of 南海:
 *
 * <ul>
 *   <li>nobody logged in: 401;
 *   <li>a planner (reads only): 403, or 404 where the resource is not theirs to see;
 *   <li>禅城's district officer, on 南海's things: 403 or 404.
 * </ul>
 *
 * Nothing else is accepted: no 2xx, and no 400/409/412/422 either (an answer about the request's
 * content would tell who may not write it what it holds, and mean the role was checked late).
 * Afterwards 南海's things are as they were. The matrix's size and result are printed and kept in
 * docs/security.md.
 */
class RoleMatrixTest extends EditingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Path prefix → the table whose 南海 row fills its {id}. */
  private static final Map<String, String> ID_TABLES =
      Map.of(
          "/api/reserve/", "reserve_land",
          "/api/renovation/parks/", "village_park",
          "/api/factories/", "factory_building",
          "/api/layers/", "parcel");

  private record Operation(String method, String path) {}

  /**
   * Writes of no district's thing yet, which a district officer may make: opening a change set,
   * creating a feature or a plan, uploading a file to import (each then held to their district:
   * EditingRulesTest, RenovationTest, ImportTest), reading survey coordinates into a shape (which
   * writes nothing: io.SurveyTest), attaching a file to one's own change set or district's feature
   * (attachment.AttachmentsTest: another district's feature refused, by the database too).
   */
  private static final Set<Operation> OPEN_TO_A_DISTRICT =
      Set.of(
          new Operation("POST", "/api/change-sets"),
          new Operation("POST", "/api/layers/{layer}/features"),
          new Operation("POST", "/ogc/collections/{collectionId}/items"),
          new Operation("POST", "/api/renovation/plans"),
          new Operation("POST", "/api/imports"),
          new Operation("POST", "/api/geometry/parse"),
          new Operation("POST", "/api/attachments"));

  @Test
  void everyWriteIsRefusedToEveryRoleThatMayNotMakeIt() throws Exception {
    Map<String, String> ids = resourcesOfNanhai();
    List<Operation> writes = new ArrayList<>();
    collect(writes, get("/v3/api-docs"), "");
    collect(writes, get("/ogc/api"), "/ogc");
    assertThat(writes).as("write operations described").hasSizeGreaterThan(30);
    String before = fingerprint();

    Map<String, Set<Integer>> allowed = new LinkedHashMap<>();
    allowed.put(null, Set.of(401));
    allowed.put("planner", Set.of(403, 404));
    allowed.put("chancheng", Set.of(403, 404));
    Map<String, String> wrong = new TreeMap<>();
    int tried = 0;
    for (Operation op : writes) {
      String path = fill(op.path(), ids);
      for (Map.Entry<String, Set<Integer>> role : allowed.entrySet()) {
        if ("chancheng".equals(role.getKey()) && OPEN_TO_A_DISTRICT.contains(op)) {
          continue;
        }
        // one's own API tokens are every role's to make and revoke (ApiTokensTest: nobody else's)
        // so is one's own inbox (InboxTest: nobody else's message is found, 404)
        if (role.getKey() != null
            && (op.path().startsWith("/api/me/") || op.path().startsWith("/api/inbox/"))) {
          continue;
        }
        // a version is sent where one is asked for, so that the role is what is left to refuse
        HttpResponse<byte[]> response =
            send(op.method(), path, role.getKey(), body(op), "If-Match", "\"1\"");
        tried++;
        if (!role.getValue().contains(response.statusCode())) {
          wrong.put(
              op.method()
                  + " "
                  + path
                  + " as "
                  + (role.getKey() == null ? "nobody" : role.getKey()),
              response.statusCode()
                  + " "
                  + start(new String(response.body(), StandardCharsets.UTF_8)));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "role matrix: %d write operations × %d roles = %d requests, %d not refused as expected%n",
        writes.size(),
        allowed.size(),
        tried,
        wrong.size());
    assertThat(wrong).as("answers other than the refusal expected").isEmpty();
    assertThat(fingerprint()).as("南海's things after the matrix").isEqualTo(before);
  }

  /** Logins needed to read what is confidential (enterprises' figures), refused to nobody. */
  @Test
  void confidentialReadsNeedALogin() throws Exception {
    for (String path :
        List.of(
            "/api/efficiency/parcels?year=2024",
            "/api/efficiency/breaches?year=2024",
            "/api/change-sets",
            "/api/me",
            "/ogc/collections/parcel_efficiency/items")) {
      assertThat(send("GET", path, null, null).statusCode()).as(path).isEqualTo(401);
      assertThat(send("GET", path, "planner", null).statusCode()).as(path).isEqualTo(200);
    }
  }

  private static String start(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<byte[]> response = send("GET", path, null, null, "Accept", "application/json");
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void collect(List<Operation> into, JsonNode openapi, String prefix) {
    for (Map.Entry<String, JsonNode> path : openapi.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        String method = op.getKey().toUpperCase(Locale.ROOT);
        if (Set.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
          String p = path.getKey().startsWith(prefix) ? path.getKey() : prefix + path.getKey();
          into.add(new Operation(method, p));
        }
      }
    }
  }

  /** A body that would be a fair request if the role allowed it: an empty object. */
  private static Object body(Operation op) {
    return op.method().equals("DELETE") ? null : Map.of();
  }

  /** Ids of 南海's things, and a proposal of 南海's officer. */
  private Map<String, String> resourcesOfNanhai() throws Exception {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Map.Entry<String, String> t : ID_TABLES.entrySet()) {
      String where =
          t.getValue().equals("factory_building")
              ? "parcel_id IN (SELECT id FROM parcel WHERE district_code = '440605')"
              : "district_code = '440605'";
      ids.put(
          t.getKey(),
          jdbc.sql("SELECT min(id) FROM " + t.getValue() + " WHERE " + where)
              .query(Long.class)
              .single()
              .toString());
    }
    ids.put(
        "feature",
        jdbc.sql("SELECT min(id) FROM parcel WHERE district_code = '440605'")
            .query(Long.class)
            .single()
            .toString());
    ids.put(
        "plan",
        jdbc.sql("SELECT min(id) FROM renovation_plan WHERE district_code = '440605'")
            .query(Long.class)
            .optional()
            .map(String::valueOf)
            .orElse("999999"));
    long proposal = draft("nanhai", "南海的提案");
    ids.put("/api/change-sets/", Long.toString(proposal));
    return ids;
  }

  private static String fill(String path, Map<String, String> ids) {
    String id = "999999";
    for (Map.Entry<String, String> prefix : ids.entrySet()) {
      if (prefix.getKey().startsWith("/") && path.startsWith(prefix.getKey())) {
        id = prefix.getValue();
      }
    }
    if (path.startsWith("/api/renovation/plans/")) {
      id = ids.get("plan");
    }
    return path.replace("{id}", id)
        .replace("{featureId}", ids.get("feature"))
        .replace("{layer}", "parcel")
        .replace("{collectionId}", "parcel")
        .replace("{seq}", "1")
        .replace("{unitId}", "1")
        .replace("{username}", "nanhai")
        .replaceAll("\\{[^}]+}", "1");
  }

  /** What a write to 南海's things would change: their versions and the change sets. */
  private String fingerprint() {
    return jdbc.sql(
            "SELECT concat_ws('/',"
                + " (SELECT sum(version) FROM parcel WHERE district_code = '440605'),"
                + " (SELECT sum(version) FROM reserve_land WHERE district_code = '440605'),"
                + " (SELECT sum(version) FROM village_park WHERE district_code = '440605'),"
                + " (SELECT sum(version) FROM renovation_plan WHERE district_code = '440605'),"
                + " (SELECT count(*) FROM change_set WHERE status <> 'DRAFT'),"
                + " (SELECT count(*) FROM change_set_edit),"
                + " (SELECT count(*) FROM app_user))")
        .query(String.class)
        .single();
  }
}
