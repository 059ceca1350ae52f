package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.ServiceClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OGC API – Features Part 4 (create, replace, update, delete) through change sets: the same rules,
 * history and roles as the map. Requirement names are those of OGC 20-002 (draft 1.0).
 */
class OgcTransactionsTest extends EditingTest {

  private static final String ITEMS = "/ogc/collections/parcel/items";

  /** A GeoJSON Feature of a new parcel: a ring 2 m wide around parcel number n (by id). */
  private Map<String, Object> newParcel(int n) {
    JsonNode ring =
        shape(
            "SELECT ST_Difference(ST_Buffer(geom, 0.00002, 'join=mitre'), geom) FROM parcel"
                + " ORDER BY id OFFSET :n LIMIT 1",
            "n",
            n);
    return Map.of(
        "type",
        "Feature",
        "geometry",
        ring,
        "properties",
        Map.of(
            "landUse",
            "0601",
            "grantType",
            "GRANT",
            "grantedOn",
            "2026-03-01",
            "floorAreaM2",
            1200));
  }

  private long parcelId(int n) {
    return jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET :n LIMIT 1")
        .param("n", n)
        .query(Long.class)
        .single();
  }

  private HttpResponse<byte[]> item(long id) throws Exception {
    return send("GET", ITEMS + "/" + id, null, null);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void createAnswers201WithTheLocationAndEtagAndKeepsTheHistory() throws Exception {
    // /req/create/location-header, /req/create/response, /req/optimistic-locking/etag
    HttpResponse<byte[]> created =
        send("POST", ITEMS + "?reason=OGC%E6%B5%8B%E8%AF%95", "bureau", newParcel(1500));
    assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains(ITEMS + "/");
    long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
    HttpResponse<byte[]> read = item(id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(ServiceClient.json(read.body()).at("/properties/floorAreaM2").asDouble())
        .isEqualTo(1200);
    assertThat(
            jdbc.sql(
                    "SELECT cs.reason FROM parcel p JOIN change_set cs ON cs.id = p.change_set_id"
                        + " WHERE p.id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEqualTo("OGC测试");
  }

  @Test
  void writesNeedALoginAndARoleThatEdits() throws Exception {
    JsonNode anonymous = expect(401, "POST", ITEMS, null, newParcel(1510));
    assertThat(anonymous.get("type").asText()).isEqualTo("/problems/login-required");
    expect(403, "POST", ITEMS, "planner", newParcel(1510));
    // a layer that is not edited: the method is not allowed there, and the answer says which are
    HttpResponse<byte[]> notEdited =
        send("POST", "/ogc/collections/district/items", "bureau", newParcel(1510));
    assertThat(notEdited.statusCode()).isEqualTo(405);
    assertThat(notEdited.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void replaceAndUpdateNeedTheCurrentEtag() throws Exception {
    // /req/optimistic-locking/if-match: 428 without, 412 stale
    long id = parcelId(1520);
    JsonNode current = ServiceClient.json(item(id).body());
    int version = current.at("/properties/version").asInt();
    Map<String, Object> patch = Map.of("properties", Map.of("floorAreaM2", 777));
    expect(428, "PATCH", ITEMS + "/" + id, "bureau", patch);
    expect(
        412, "PATCH", ITEMS + "/" + id, "bureau", patch, "If-Match", "\"" + (version + 5) + "\"");
    HttpResponse<byte[]> patched =
        send(
            "PATCH",
            ITEMS + "/" + id,
            "bureau",
            patch,
            "If-Match",
            "\"" + version + "\"",
            "Content-Type",
            "application/merge-patch+json");
    assertThat(patched.statusCode()).as(text(patched)).isEqualTo(200);
    assertThat(patched.headers().firstValue("ETag")).hasValue("\"" + (version + 1) + "\"");
    JsonNode after = ServiceClient.json(patched.body());
    assertThat(after.at("/properties/floorAreaM2").asDouble()).isEqualTo(777);
    // the merge patch changed nothing else
    assertThat(after.at("/properties/grantedOn")).isEqualTo(current.at("/properties/grantedOn"));
    assertThat(after.get("geometry")).isEqualTo(current.get("geometry"));
  }

  @Test
  void replaceTakesBackWhatGetGaveAndEmptiesWhatIsLeftOut() throws Exception {
    long id = parcelId(1530);
    JsonNode read = ServiceClient.json(item(id).body());
    int version = read.at("/properties/version").asInt();
    // what GET gave, with its read-only names (areaMu, districtName, version…), less floorAreaM2
    JsonNode body = read.deepCopy();
    ((tools.jackson.databind.node.ObjectNode) body.get("properties")).remove("floorAreaM2");
    ((tools.jackson.databind.node.ObjectNode) body).remove("links");
    HttpResponse<byte[]> replaced =
        send("PUT", ITEMS + "/" + id, "bureau", body.toString(), "If-Match", "\"" + version + "\"");
    assertThat(replaced.statusCode()).as(text(replaced)).isEqualTo(200);
    JsonNode after = ServiceClient.json(replaced.body());
    assertThat(after.at("/properties/floorAreaM2").isNull()).isTrue();
    assertThat(after.at("/properties/version").asInt()).isEqualTo(version + 1);

    // a read-only property changed is refused by name; nothing is written
    ((tools.jackson.databind.node.ObjectNode) body.get("properties")).put("areaMu", 99999);
    JsonNode refused =
        expect(
            422,
            "PUT",
            ITEMS + "/" + id,
            "bureau",
            body.toString(),
            "If-Match",
            "\"" + (version + 1) + "\"");
    assertThat(refused.toString()).contains("areaMu");
    assertThat(version("parcel", id)).isEqualTo(version + 1);
    // a replacement without its shape
    ((tools.jackson.databind.node.ObjectNode) body).putNull("geometry");
    expect(400, "PUT", ITEMS + "/" + id, "bureau", body.toString(), "If-Match", "\"2\"");
  }

  @Test
  void deleteAnswers204AndTheItemIsGone() throws Exception {
    long id = parcelId(1540);
    int version = version("parcel", id);
    expect(428, "DELETE", ITEMS + "/" + id, "bureau", null);
    HttpResponse<byte[]> deleted =
        send("DELETE", ITEMS + "/" + id, "bureau", null, "If-Match", "\"" + version + "\"");
    assertThat(deleted.statusCode()).as(text(deleted)).isEqualTo(204);
    assertThat(item(id).statusCode()).isEqualTo(404);
    expect(404, "DELETE", ITEMS + "/" + id, "bureau", null, "If-Match", "\"" + version + "\"");
  }

  @Test
  void aFeatureCollectionIsCreatedWholeOrNotAtAll() throws Exception {
    long before = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
    Map<String, Object> a = newParcel(1550);
    // the same shape twice: they overlap each other, so neither is created
    JsonNode refused =
        expect(
            422,
            "POST",
            ITEMS,
            "bureau",
            Map.of("type", "FeatureCollection", "features", List.of(a, a)));
    assertThat(refused.get("type").asText()).isEqualTo("/problems/rule-violation");
    assertThat(jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single())
        .isEqualTo(before);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM change_set WHERE status = 'DRAFT'"
                        + " AND reason = 'OGC API – Features: POST parcel'")
                .query(Long.class)
                .single())
        .as("no draft left behind")
        .isZero();

    JsonNode created =
        expect(
            201,
            "POST",
            ITEMS,
            "bureau",
            Map.of("type", "FeatureCollection", "features", List.of(a, newParcel(1560))));
    assertThat(created.get("numberCreated").asInt()).isEqualTo(2);
    assertThat(jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single())
        .isEqualTo(before + 2);
  }

  @Test
  void writesNamingADraftWaitForItsCommitAndThenApplyTogether() throws Exception {
    long first = parcelId(1570);
    long second = parcelId(1580);
    int v1 = version("parcel", first);
    int v2 = version("parcel", second);
    long cs = draft("bureau", "两宗地一起改");
    JsonNode waiting =
        expect(
            202,
            "PATCH",
            ITEMS + "/" + first + "?changeSet=" + cs,
            "bureau",
            Map.of("properties", Map.of("floorAreaM2", 4321)),
            "If-Match",
            "\"" + v1 + "\"");
    assertThat(waiting.get("changeSet").asLong()).isEqualTo(cs);
    expect(
        202,
        "DELETE",
        ITEMS + "/" + second + "?changeSet=" + cs,
        "bureau",
        null,
        "If-Match",
        "\"" + v2 + "\"");
    // nothing has happened yet
    assertThat(version("parcel", first)).isEqualTo(v1);
    assertThat(item(second).statusCode()).isEqualTo(200);

    expect(200, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null);
    assertThat(version("parcel", first)).isEqualTo(v1 + 1);
    assertThat(item(second).statusCode()).isEqualTo(404);
  }

  @Test
  void aBodyInGaussKruegerComesNorthingFirstAsEpsgSays() throws Exception {
    // Part 2 + 4: Content-Crs EPSG:4547, whose axes are northing, easting
    JsonNode ring =
        shape(
            "SELECT ST_FlipCoordinates(ST_Transform(ST_Difference(ST_Buffer(geom, 0.00002,"
                + " 'join=mitre'), geom), 4547)) FROM parcel ORDER BY id OFFSET 1590 LIMIT 1");
    Map<String, Object> feature =
        Map.of(
            "type",
            "Feature",
            "geometry",
            ring,
            "properties",
            Map.of("landUse", "0601", "grantType", "LEASE", "grantedOn", "2026-04-01"));
    HttpResponse<byte[]> created =
        send(
            "POST",
            ITEMS,
            "bureau",
            feature,
            "Content-Crs",
            "<http://www.opengis.net/def/crs/EPSG/0/4547>");
    assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    long id = ServiceClient.json(created.body()).get("id").asLong();
    double distance =
        jdbc.sql(
                "SELECT ST_HausdorffDistance(p.geom, ST_Difference(ST_Buffer(q.geom, 0.00002,"
                    + " 'join=mitre'), q.geom)) FROM parcel p, (SELECT geom FROM parcel ORDER BY"
                    + " id OFFSET 1590 LIMIT 1) q WHERE p.id = :id")
            .param("id", id)
            .query(Double.class)
            .single();
    assertThat(distance).as("degrees").isLessThan(1e-7);

    JsonNode unsupported =
        expect(
            400,
            "POST",
            ITEMS,
            "bureau",
            feature,
            "Content-Crs",
            "<http://www.opengis.net/def/crs/EPSG/0/3857>");
    assertThat(unsupported.get("type").asText()).isEqualTo("/problems/unsupported-crs");
  }

  @Test
  void aDistrictOfficersWriteIsAProposal() throws Exception {
    String district =
        jdbc.sql("SELECT district_code FROM parcel ORDER BY id OFFSET 1600 LIMIT 1")
            .query(String.class)
            .single();
    String user =
        jdbc.sql("SELECT username FROM app_user WHERE district_code = :d")
            .param("d", district)
            .query(String.class)
            .single();
    HttpResponse<byte[]> proposed = send("POST", ITEMS, user, newParcel(1600));
    assertThat(proposed.statusCode()).as(text(proposed)).isEqualTo(202);
    assertThat(proposed.headers().firstValue("Location").orElseThrow())
        .contains("/api/change-sets/");
    assertThat(ServiceClient.json(proposed.body()).get("status").asText()).isEqualTo("PROPOSED");
  }

  @Test
  void aBodyThatIsNotAFeatureIs400() throws Exception {
    expect(400, "POST", ITEMS, "bureau", Map.of("type", "Point", "coordinates", List.of(1, 2)));
    expect(400, "POST", ITEMS, "bureau", "{not json");
    expect(
        400, "POST", ITEMS, "bureau", Map.of("type", "FeatureCollection", "features", List.of()));
  }
}
