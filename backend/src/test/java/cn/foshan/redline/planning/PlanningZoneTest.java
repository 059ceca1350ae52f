package cn.foshan.redline.planning;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    // a demo zone of 三水 far from industry (the city is zoned whole: a new zone would overlap)
    Map<String, Object> zone =
        jdbc.sql(
                "SELECT id, code, version FROM planning_zone WHERE district_code = '440607'"
                    + " AND zone_type IN ('FARMLAND', 'ECOLOGICAL_CONTROL') ORDER BY code LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) zone.get("id")).longValue();
    String code = (String) zone.get("code");

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
    assertThat(new String(tile.body(), StandardCharsets.ISO_8859_1)).contains(code);

    // read through OGC API, filtered by its queryables
    JsonNode items =
        client()
            .getJson(
                "/ogc/collections/planning_zone/items?filter-lang=cql2-text&filter="
                    + java.net.URLEncoder.encode(
                        "zoneType IN ('FARMLAND', 'ECOLOGICAL_CONTROL') AND code = '" + code + "'",
                        StandardCharsets.UTF_8));
    assertThat(items.get("features")).hasSize(1);

    // changed: a new version, the one before kept in its history
    int version = ((Number) zone.get("version")).intValue();
    JsonNode changed =
        expect(
            200,
            "PUT",
            "/api/layers/planning_zone/features/" + id,
            "bureau",
            Map.of(
                "properties", Map.of("zoneType", "GREEN"), "reason", "规划调整", "documentNumber", DOC),
            "If-Match",
            "\"" + version + "\"");
    assertThat(changed.at("/properties/version").asInt()).isEqualTo(version + 1);
    JsonNode history =
        expect(200, "GET", "/api/layers/planning_zone/features/" + id + "/history", null, null);
    assertThat(history).hasSize(version + 1);
    assertThat(
            jdbc.sql(
                    "SELECT properties->>'zone_type' FROM feature_history"
                        + " WHERE layer = 'planning_zone' AND feature_id = :id AND version = :v")
                .param("id", id)
                .param("v", version)
                .query(String.class)
                .single())
        .isIn("FARMLAND", "ECOLOGICAL_CONTROL");
  }

  @Test
  void readyReserveLandMustLieInIndustrialZonesOnceItsDistrictHasZones() throws Exception {
    Map<String, Object> piece = readyPiece();
    long pieceId = ((Number) piece.get("id")).longValue();
    String code = (String) piece.get("code");
    // the demo's industrial zone holding the piece
    Map<String, Object> zone =
        jdbc.sql(
                "SELECT z.id, z.version FROM planning_zone z, reserve_land s WHERE s.id = :id"
                    + " AND z.zone_type = 'INDUSTRIAL' AND ST_Intersects(z.geom,"
                    + " ST_PointOnSurface(s.geom))")
            .param("id", pieceId)
            .query()
            .singleRow();
    long zoneId = ((Number) zone.get("id")).longValue();
    int version = ((Number) zone.get("version")).intValue();

    // the zone with the piece's eastern half cut out: the piece would lie partly outside
    // industrial zones, and the change is refused naming the piece
    JsonNode cut =
        shape(
            "SELECT ST_Multi(ST_CollectionExtract(ST_Difference(z.geom, ST_MakeEnvelope("
                + "(ST_XMin(s.geom) + ST_XMax(s.geom)) / 2, ST_YMin(s.geom) - 0.0005,"
                + " ST_XMax(s.geom) + 0.0005, ST_YMax(s.geom) + 0.0005, 4490)), 3))"
                + " FROM planning_zone z, reserve_land s WHERE z.id = :zone AND s.id = :piece",
            "zone",
            zoneId,
            "piece",
            pieceId);
    JsonNode refused =
        expect(
            422,
            "PUT",
            "/api/layers/planning_zone/features/" + zoneId,
            "bureau",
            Map.of("geometry", cut, "reason", "规划调整", "documentNumber", DOC),
            "If-Match",
            "\"" + version + "\"");
    assertThat(refused.toString()).contains(code).contains("工业发展区");
    assertThat(
            jdbc.sql("SELECT version FROM planning_zone WHERE id = :id")
                .param("id", zoneId)
                .query(Integer.class)
                .single())
        .as("nothing written")
        .isEqualTo(version);

    // the same zone renamed, its shape kept: the piece conforms, the change is committed
    expect(
        200,
        "PUT",
        "/api/layers/planning_zone/features/" + zoneId,
        "bureau",
        Map.of("properties", Map.of("name", "工业发展区（测试）"), "reason", "更名", "documentNumber", DOC),
        "If-Match",
        "\"" + version + "\"");
  }
}
