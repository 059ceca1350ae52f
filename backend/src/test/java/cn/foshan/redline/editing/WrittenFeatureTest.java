package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.ServiceClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A write answers with the feature as the statement that wrote it returned it (the UPDATE's or
 * INSERT's RETURNING: the row after the BEFORE triggers, version and places), not read again after
 * it. That is the same feature as a read after the write only while no AFTER trigger of a versioned
 * layer changes the row it fires for: this compares the answer with a read after, on every layer
 * the database registers, so that a layer (or trigger) added later that breaks it fails here.
 */
class WrittenFeatureTest extends EditingTest {

  private static Map<String, Object> write(JsonNode geometry, Map<String, ?> properties) {
    Map<String, Object> write = new HashMap<>();
    write.put("geometry", geometry);
    write.put("properties", properties);
    write.put("reason", "原样写回 written back as it is");
    return write;
  }

  /**
   * Every layer: one of its features written back with its own shape (so the BEFORE triggers derive
   * its places again) by a PUT; the answer is the feature a GET reads after it, at the next
   * version.
   */
  @Test
  void aPutAnswersWithTheFeatureAsAReadAfterItFindsItOnEveryLayer() throws Exception {
    List<Map<String, Object>> layers =
        jdbc.sql("SELECT layer, tbl FROM versioned_layer ORDER BY layer").query().listOfRows();
    assertThat(layers.stream().map(l -> (String) l.get("layer")))
        .contains("cluster", "parcel", "planning_zone", "red_line", "reserve_land", "village_park");
    for (Map<String, Object> l : layers) {
      String layer = (String) l.get("layer");
      // a feature picked by a hash of its id: not the first or last, which other tests pick
      long id =
          jdbc.sql("SELECT id FROM " + l.get("tbl") + " ORDER BY md5(id::text) LIMIT 1")
              .query(Long.class)
              .single();
      JsonNode before = feature(layer, id);
      int version = before.at("/properties/version").asInt();
      HttpResponse<byte[]> put =
          send(
              "PUT",
              "/api/layers/" + layer + "/features/" + id,
              "bureau",
              write(before.get("geometry"), Map.of()),
              "If-Match",
              "\"" + version + "\"");
      String text = new String(put.body(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(put.statusCode()).as(layer + " " + id + ": " + text).isEqualTo(200);
      JsonNode answered = ServiceClient.json(put.body());
      JsonNode read = feature(layer, id);
      assertThat(answered).as(layer).isEqualTo(read);
      assertThat(answered.at("/properties/version").asInt()).as(layer).isEqualTo(version + 1);
      assertThat(put.headers().firstValue("ETag")).hasValue("\"" + (version + 1) + "\"");
    }
  }

  /** A new parcel: the POST's answer (the INSERT's RETURNING) is what a GET reads after it. */
  @Test
  void aPostAnswersWithTheFeatureAsAReadAfterItFindsIt() throws Exception {
    // a ring 2 m wide around a parcel that has no other parcel within 5 m
    long around =
        jdbc.sql(
                "SELECT p.id FROM parcel p WHERE NOT EXISTS (SELECT 1 FROM parcel q"
                    + " WHERE q.id <> p.id AND ST_DWithin(q.geom, p.geom, 0.00005))"
                    + " ORDER BY md5(p.id::text) LIMIT 1")
            .query(Long.class)
            .single();
    JsonNode ring =
        shape(
            "SELECT ST_Difference(ST_Buffer(geom, 0.00002, 'join=mitre'), geom)"
                + " FROM parcel WHERE id = :id",
            "id",
            around);
    HttpResponse<byte[]> created =
        send(
            "POST",
            "/api/layers/parcel/features",
            "bureau",
            write(
                ring, Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2026-02-01")));
    String text = new String(created.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(created.statusCode()).as(text).isEqualTo(201);
    JsonNode answered = ServiceClient.json(created.body());
    long id = answered.get("id").asLong();
    assertThat(answered).isEqualTo(feature("parcel", id));
    assertThat(answered.at("/properties/version").asInt()).isEqualTo(1);
    assertThat(answered.at("/properties/districtCode").asString()).isNotBlank();
  }
}
