package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every version is kept with who, when, why and which document; any version can be read, two can be
 * compared, the map can be seen as of a past moment, and a change set can be reverted through the
 * same rules.
 */
class HistoryAndRevertTest extends EditingTest {

  private long parcelAt(int offset) {
    return jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET :o LIMIT 1")
        .param("o", offset)
        .query(Long.class)
        .single();
  }

  private static Map<String, Object> write(
      JsonNode geometry, Map<String, ?> properties, String reason) {
    Map<String, Object> write = new java.util.HashMap<>();
    write.put("geometry", geometry);
    write.put("properties", properties);
    write.put("reason", reason);
    write.put("documentNumber", "佛自然资〔2026〕8号");
    return write;
  }

  /**
   * Now by the database's clock, the clock of the history: earlier than the change set of any
   * request sent after it (stamped with its transaction's start), whatever the two clocks of the
   * test and the database say.
   */
  private OffsetDateTime databaseNow() {
    return jdbc.sql("SELECT clock_timestamp()")
        .query(OffsetDateTime.class)
        .single()
        .withOffsetSameInstant(ZoneOffset.UTC);
  }

  private double area(JsonNode geometry) {
    return jdbc.sql("SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4490)::geography)")
        .param("g", geometry.toString())
        .query(Double.class)
        .single();
  }

  @Test
  void historyVersionsDiffAndTheMapAsOfAMoment() throws Exception {
    long id = parcelAt(200);
    JsonNode before = feature("parcel", id);
    OffsetDateTime beforeEdit = databaseNow();
    JsonNode smaller =
        shape("SELECT ST_Buffer(geom, -0.0001, 'join=mitre') FROM parcel WHERE id = :id", "id", id);
    HttpResponse<byte[]> put =
        send(
            "PUT",
            "/api/layers/parcel/features/" + id,
            "bureau",
            write(smaller, Map.of(), "缩小 shrink"),
            "If-Match",
            "\"" + before.at("/properties/version").asInt() + "\"");
    assertThat(put.statusCode()).isEqualTo(200);

    JsonNode history =
        expect(200, "GET", "/api/layers/parcel/features/" + id + "/history", null, null);
    assertThat(history).hasSize(2);
    JsonNode now = history.get(0);
    JsonNode was = history.get(1);
    assertThat(now.get("version").asInt()).isEqualTo(2);
    assertThat(now.get("author").asText()).isEqualTo("bureau");
    assertThat(now.get("reason").asText()).isEqualTo("缩小 shrink");
    assertThat(now.get("documentNumber").asText()).isEqualTo("佛自然资〔2026〕8号");
    assertThat(was.get("endedBy").asText()).isEqualTo("UPDATE");
    assertThat(was.get("endedByChangeSetId").asLong()).isEqualTo(now.get("changeSetId").asLong());
    assertThat(now.get("areaMu").asDouble()).isLessThan(was.get("areaMu").asDouble());

    JsonNode v1 =
        expect(200, "GET", "/api/layers/parcel/features/" + id + "/versions/1", null, null);
    assertThat(area(v1.get("geometry"))).isCloseTo(area(before.get("geometry")), within(0.01));

    JsonNode diff =
        expect(200, "GET", "/api/layers/parcel/features/" + id + "/diff?from=1&to=2", null, null);
    assertThat(diff.get("addedMu").asDouble()).isZero();
    assertThat(diff.get("removedMu").asDouble())
        .isCloseTo(was.get("areaMu").asDouble() - now.get("areaMu").asDouble(), within(0.05));

    // the map as of just before the edit holds version 1
    String bbox =
        jdbc.sql(
                "SELECT concat_ws(',', ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) FROM parcel WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    JsonNode past =
        expect(
            200,
            "GET",
            "/api/layers/parcel/features?bbox=" + bbox + "&asOf=" + beforeEdit,
            null,
            null);
    JsonNode present = expect(200, "GET", "/api/layers/parcel/features?bbox=" + bbox, null, null);
    assertThat(versionIn(past, id)).isEqualTo(1);
    assertThat(versionIn(present, id)).isEqualTo(2);
  }

  private static int versionIn(JsonNode collection, long id) {
    for (JsonNode f : collection.get("features")) {
      if (f.get("id").asLong() == id) {
        return f.at("/properties/version").asInt();
      }
    }
    throw new AssertionError("feature " + id + " not in " + collection);
  }

  @Test
  void aTileAsOfAMomentBeforeAFeatureWasDrawnDoesNotHoldIt() throws Exception {
    long neighbour = parcelAt(210);
    OffsetDateTime before = databaseNow();
    JsonNode ring =
        shape(
            "SELECT ST_Difference(ST_Buffer(geom, 0.00002, 'join=mitre'), geom) FROM parcel WHERE id = :id",
            "id",
            neighbour);
    HttpResponse<byte[]> created =
        send(
            "POST",
            "/api/layers/parcel/features",
            "bureau",
            write(
                ring,
                Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2026-02-01"),
                "新宗地 new parcel"));
    assertThat(created.statusCode()).isEqualTo(201);
    long id = ServiceClient.json(created.body()).get("id").asLong();
    int[] tile =
        jdbc.sql(
                "SELECT floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 15))::int,"
                    + " floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 15))::int"
                    + " FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS c FROM parcel WHERE id = :id) p")
            .param("id", id)
            .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)})
            .single();
    String path = "/tiles/parcel/15/" + tile[0] + "/" + tile[1] + ".mvt";
    assertThat(ids(send("GET", path, null, null).body())).contains(id);
    assertThat(ids(send("GET", path + "?asOf=" + before, null, null).body()))
        .doesNotContain(id)
        .contains(neighbour);
  }

  private static java.util.Set<Long> ids(byte[] mvt) throws Exception {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (VectorTile.Tile.Layer layer : VectorTile.Tile.parseFrom(mvt).getLayersList()) {
      layer.getFeaturesList().forEach(f -> ids.add(f.getId()));
    }
    return ids;
  }

  @Test
  void revertingUndoesAnUpdateACreationAndADeletionThroughTheSameRules() throws Exception {
    long changed = parcelAt(220);
    long removed = parcelAt(230);
    JsonNode original = feature("parcel", changed);
    JsonNode removedBefore = feature("parcel", removed);
    long cs = draft("bureau", "to be reverted");
    JsonNode shrunk =
        shape(
            "SELECT ST_Buffer(geom, -0.0001, 'join=mitre') FROM parcel WHERE id = :id",
            "id",
            changed);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "parcel",
            "update",
            changed,
            original.at("/properties/version").asInt(),
            shrunk,
            Map.of("floorAreaM2", 42)));
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "parcel",
            "delete",
            removed,
            removedBefore.at("/properties/version").asInt(),
            null,
            null));
    JsonNode ring =
        shape(
            "SELECT ST_Difference(ST_Buffer(geom, 0.00002, 'join=mitre'), geom) FROM parcel WHERE id = :id",
            "id",
            changed);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "parcel",
            "create",
            null,
            null,
            ring, // a new parcel: a ring 2 m wide around the changed one, overlapping nothing
            Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2026-03-01")));
    JsonNode committed = expect(200, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null);
    assertThat(committed.at("/changeSet/status").asText()).isEqualTo("COMMITTED");
    long created = -1;
    for (JsonNode f : committed.at("/effects/features")) {
      if (f.get("action").asText().equals("CREATE")) {
        created = f.get("featureId").asLong();
      }
    }
    expect(404, "GET", "/api/layers/parcel/features/" + removed, null, null);

    // a revert's 文号 is checked and recorded like any change set's
    assertThat(
            expect(
                    422,
                    "POST",
                    "/api/change-sets/" + cs + "/revert",
                    "bureau",
                    Map.of("reason", "撤销 undo", "documentNumber", "文".repeat(101)))
                .get("detail")
                .asText())
        .startsWith("文号最多 100 个字符");
    JsonNode revert =
        expect(
            201,
            "POST",
            "/api/change-sets/" + cs + "/revert",
            "bureau",
            Map.of("reason", "撤销 undo", "documentNumber", "佛自然资撤〔2026〕3号"));
    long undo = revert.get("id").asLong();
    assertThat(revert.get("revertsChangeSetId").asLong()).isEqualTo(cs);
    assertThat(revert.get("edits").asInt()).isEqualTo(3);
    assertThat(revert.get("documentNumber").asText()).isEqualTo("佛自然资撤〔2026〕3号");
    expect(200, "POST", "/api/change-sets/" + undo + "/commit", "bureau", null);

    JsonNode back = feature("parcel", changed);
    assertThat(area(back.get("geometry"))).isCloseTo(area(original.get("geometry")), within(0.01));
    assertThat(back.at("/properties/floorAreaM2").asDouble())
        .isEqualTo(original.at("/properties/floorAreaM2").asDouble());
    assertThat(back.at("/properties/version").asInt())
        .isEqualTo(original.at("/properties/version").asInt() + 2);
    JsonNode restored = feature("parcel", removed);
    assertThat(restored.at("/properties/code").asText())
        .isEqualTo(removedBefore.at("/properties/code").asText());
    assertThat(restored.at("/properties/version").asInt())
        .isEqualTo(removedBefore.at("/properties/version").asInt() + 1);
    expect(404, "GET", "/api/layers/parcel/features/" + created, null, null);
    JsonNode removedHistory =
        expect(200, "GET", "/api/layers/parcel/features/" + removed + "/history", null, null);
    assertThat(removedHistory).hasSize(2);
    // newest first: the version the revert wrote names its change set's 文号
    assertThat(removedHistory.get(0).get("documentNumber").asText()).isEqualTo("佛自然资撤〔2026〕3号");

    // a change set whose features changed again since cannot be reverted blindly; the refusal
    // leaves no draft behind
    java.util.List<Long> drafts = drafts("bureau");
    expect(409, "POST", "/api/change-sets/" + cs + "/revert", "bureau", Map.of("reason", "again"));
    assertThat(drafts("bureau")).isEqualTo(drafts);
    // nor does a district officer's, refused for features outside their district
    String officer =
        jdbc.sql(
                "SELECT u.username FROM app_user u JOIN district d ON d.code = u.district_code,"
                    + " parcel p WHERE p.id = :id ORDER BY ST_Distance(d.geom, p.geom) DESC LIMIT 1")
            .param("id", removed)
            .query(String.class)
            .single();
    java.util.List<Long> officersDrafts = drafts(officer);
    expect(
        403,
        "POST",
        "/api/change-sets/" + undo + "/revert",
        officer,
        Map.of("reason", "撤销 undo the undo"));
    assertThat(drafts(officer)).isEqualTo(officersDrafts);
  }

  private java.util.List<Long> drafts(String author) {
    return jdbc.sql("SELECT id FROM change_set WHERE author = :a AND status = 'DRAFT' ORDER BY id")
        .param("a", author)
        .query(Long.class)
        .list();
  }
}
