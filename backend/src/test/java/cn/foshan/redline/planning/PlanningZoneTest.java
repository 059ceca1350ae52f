package cn.foshan.redline.planning;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The planning-zone layer, added as one package and one migration: served with its fields and
 * style, drawn, read through OGC API, edited with history like every versioned layer; and its rule,
 * that reserve land READY to build on lies in industrial zones where a district's zones are loaded.
 */
class PlanningZoneTest extends EditingTest {

  private static final String DOC = "佛府函〔2026〕15号";

  /** A READY reserve piece no other test moves (the highest id), with its district. */
  private Map<String, Object> readyPiece() {
    return jdbc.sql(
            "SELECT id, code, district_code FROM reserve_land WHERE stage = 'READY'"
                + " ORDER BY id DESC LIMIT 1")
        .query()
        .singleRow();
  }

  private JsonNode zone(String zoneType, JsonNode geometry, String code) throws Exception {
    Map<String, Object> properties = new HashMap<>();
    properties.put("code", code);
    properties.put("zoneType", zoneType);
    properties.put("planName", "佛山市国土空间总体规划（2021—2035年）");
    return expect(
        201,
        "POST",
        "/api/layers/planning_zone/features",
        "bureau",
        Map.of(
            "geometry",
            geometry,
            "properties",
            properties,
            "reason",
            "规划分区入库",
            "documentNumber",
            DOC));
  }

  @Test
  void theLayerIsServedWithItsFieldsStyleAndEditing() throws Exception {
    JsonNode layers = client().getJson("/api/layers");
    JsonNode zone = null;
    for (JsonNode l : layers) {
      if (l.get("id").asString().equals("planning_zone")) {
        zone = l;
      }
    }
    assertThat(zone).as("planning_zone in /api/layers").isNotNull();
    assertThat(zone.get("versioned").asBoolean()).isTrue();
    assertThat(zone.at("/editing/codePrefix").asString()).isEqualTo("PZ");
    assertThat(zone.at("/style/by").asString()).isEqualTo("zone_type");
    assertThat(zone.at("/style/colours/0/code").asString()).isEqualTo("INDUSTRIAL");
    assertThat(zone.at("/style/colours/0/label/0").asString()).isEqualTo("工业发展区");
    List<String> properties = new ArrayList<>();
    zone.get("fields").forEach(f -> properties.add(f.get("property").asString()));
    assertThat(properties).contains("zoneType", "planName", "approvedOn", "districtCode");
    JsonNode collections = client().getJson("/ogc/collections");
    assertThat(collections.toString()).contains("\"planning_zone\"");
  }

  @Test
  void aZoneIsDrawnReadAndKeptWithItsHistory() throws Exception {
    // a free place in 三水 with no zone yet: south-west corner of a 0.01° square
    JsonNode square =
        shape(
            "SELECT ST_Envelope(ST_Buffer(ST_PointOnSurface(geom), 0.004)) FROM district"
                + " WHERE code = '440607'");
    JsonNode created = zone("GREEN", square, "PZ-TEST-GREEN");
    long id = created.get("id").asLong();
    assertThat(created.at("/properties/districtCode").asString()).isEqualTo("440607");

    // drawn: a tile at z12 over it holds the feature
    double[] c =
        jdbc.sql(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM planning_zone"
                    + " WHERE id = :id) x")
            .param("id", id)
            .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
            .single();
    int z = 12;
    int x = (int) Math.floor((c[0] + 180) / 360 * (1 << z));
    double lat = Math.toRadians(c[1]);
    int y =
        (int)
            Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * (1 << z));
    HttpResponse<byte[]> tile =
        client().get("/tiles/planning_zone/" + z + "/" + x + "/" + y + ".mvt");
    assertThat(tile.statusCode()).isEqualTo(200);
    assertThat(new String(tile.body(), StandardCharsets.ISO_8859_1)).contains("PZ-TEST-GREEN");

    // read through OGC API, filtered by its queryable
    JsonNode items =
        client()
            .getJson(
                "/ogc/collections/planning_zone/items?filter-lang=cql2-text&filter="
                    + java.net.URLEncoder.encode(
                        "zoneType = 'GREEN' AND code = 'PZ-TEST-GREEN'", StandardCharsets.UTF_8));
    assertThat(items.get("features")).hasSize(1);

    // changed: version 2, the first kept in its history
    int version = created.at("/properties/version").asInt();
    expect(
        200,
        "PUT",
        "/api/layers/planning_zone/features/" + id,
        "bureau",
        Map.of(
            "properties", Map.of("zoneType", "FARMLAND"), "reason", "规划调整", "documentNumber", DOC),
        "If-Match",
        "\"" + version + "\"");
    JsonNode history =
        expect(200, "GET", "/api/layers/planning_zone/features/" + id + "/history", null, null);
    assertThat(history).hasSize(2);
    assertThat(
            jdbc.sql(
                    "SELECT properties->>'zone_type' FROM feature_history"
                        + " WHERE layer = 'planning_zone' AND feature_id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEqualTo("GREEN");
  }

  @Test
  void readyReserveLandMustLieInIndustrialZonesOnceItsDistrictHasZones() throws Exception {
    Map<String, Object> piece = readyPiece();
    long pieceId = ((Number) piece.get("id")).longValue();
    String code = (String) piece.get("code");
    // an industrial zone covering the piece (and a margin): the piece conforms
    JsonNode covering =
        shape(
            "SELECT ST_Envelope(ST_Buffer(geom, 0.002)) FROM reserve_land WHERE id = :id",
            "id",
            pieceId);
    JsonNode zone = zone("INDUSTRIAL", covering, "PZ-TEST-IND");
    long zoneId = zone.get("id").asLong();

    // the zone shrunk to the piece's western half: the piece would lie partly outside industrial
    // zones, and the change is refused naming the piece
    JsonNode half =
        shape(
            "SELECT ST_Envelope(ST_MakeEnvelope(ST_XMin(b) - 0.002, ST_YMin(b) - 0.002,"
                + " (ST_XMin(b) + ST_XMax(b)) / 2, ST_YMax(b) + 0.002, 4490))"
                + " FROM (SELECT geom::box2d::geometry AS b FROM reserve_land WHERE id = :id) x",
            "id",
            pieceId);
    JsonNode refused =
        expect(
            422,
            "PUT",
            "/api/layers/planning_zone/features/" + zoneId,
            "bureau",
            Map.of("geometry", half, "reason", "规划调整", "documentNumber", DOC),
            "If-Match",
            "\"" + zone.at("/properties/version").asInt() + "\"");
    assertThat(refused.toString()).contains(code).contains("工业发展区");
    assertThat(
            jdbc.sql("SELECT version FROM planning_zone WHERE id = :id")
                .param("id", zoneId)
                .query(Integer.class)
                .single())
        .as("nothing written")
        .isEqualTo(zone.at("/properties/version").asInt());
  }
}
