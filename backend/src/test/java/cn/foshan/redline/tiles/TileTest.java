package cn.foshan.redline.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.Golden;
import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** GET /tiles/{layer}/{z}/{x}/{y}.mvt: real MVT from PostGIS, decoded and checked. */
class TileTest extends DemoCityTest {

  /** z14 tile over 北滘 (113.2°E, 22.92°N), dense with parcels. */
  private static final String PARCEL_TILE = "/tiles/parcel/14/13343/7119.mvt";

  private static VectorTile.Tile.Layer onlyLayer(byte[] body, String name) throws Exception {
    VectorTile.Tile tile = VectorTile.Tile.parseFrom(body);
    assertThat(tile.getLayersList()).hasSize(1);
    VectorTile.Tile.Layer layer = tile.getLayers(0);
    assertThat(layer.getName()).isEqualTo(name);
    assertThat(layer.getExtent()).isEqualTo(4096);
    return layer;
  }

  private static Object value(VectorTile.Tile.Value v) {
    if (v.hasStringValue()) {
      return v.getStringValue();
    } else if (v.hasDoubleValue()) {
      return v.getDoubleValue();
    } else if (v.hasFloatValue()) {
      return (double) v.getFloatValue();
    } else if (v.hasIntValue()) {
      return v.getIntValue();
    } else if (v.hasUintValue()) {
      return v.getUintValue();
    } else if (v.hasSintValue()) {
      return v.getSintValue();
    }
    return v.getBoolValue();
  }

  /** The attributes of each feature, by feature id. */
  private static Map<Long, Map<String, Object>> attributes(VectorTile.Tile.Layer layer) {
    Map<Long, Map<String, Object>> byId = new TreeMap<>();
    for (VectorTile.Tile.Feature f : layer.getFeaturesList()) {
      Map<String, Object> props = new TreeMap<>();
      for (int i = 0; i < f.getTagsCount(); i += 2) {
        props.put(layer.getKeys(f.getTags(i)), value(layer.getValues(f.getTags(i + 1))));
      }
      assertThat(f.getType()).isEqualTo(VectorTile.Tile.GeomType.POLYGON);
      byId.put(f.getId(), props);
    }
    return byId;
  }

  @Test
  void aParcelTileHoldsExactlyTheParcelsOfItsExtentWithTheirAttributes() throws Exception {
    HttpResponse<byte[]> response = get(PARCEL_TILE);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.mapbox-vector-tile");
    Map<Long, Map<String, Object>> features = attributes(onlyLayer(response.body(), "parcel"));

    List<Map<String, Object>> expected =
        jdbc.sql(
                "SELECT id, code, district_code, round((area_m2 * 0.0015)::numeric, 1)::float8 AS area_mu"
                    + " FROM parcel WHERE ST_Intersects(ST_Transform(geom, 3857),"
                    + " ST_TileEnvelope(14, 13343, 7119, margin => 64.0 / 4096)) ORDER BY id")
            .query()
            .listOfRows();
    assertThat(expected).hasSizeGreaterThan(50);
    assertThat(features.keySet())
        .containsExactlyElementsOf(
            expected.stream().map(r -> ((Number) r.get("id")).longValue()).toList());
    for (Map<String, Object> row : expected) {
      Map<String, Object> f = features.get(((Number) row.get("id")).longValue());
      assertThat(f)
          .containsEntry("code", row.get("code"))
          .containsEntry("district_code", row.get("district_code"));
      assertThat((Double) f.get("area_mu")).isEqualTo(((Number) row.get("area_mu")).doubleValue());
    }
    Golden.assertMatches("tile-parcel-14-13343-7119.txt", describe(features));
  }

  @Test
  void aClusterTileAtCityScaleMatchesItsGoldenFile() throws Exception {
    HttpResponse<byte[]> response = get("/tiles/cluster/10/833/445.mvt");
    assertThat(response.statusCode()).isEqualTo(200);
    Golden.assertMatches(
        "tile-cluster-10-833-445.txt", describe(attributes(onlyLayer(response.body(), "cluster"))));
  }

  private static String describe(Map<Long, Map<String, Object>> features) {
    StringBuilder text = new StringBuilder();
    features.forEach((id, props) -> text.append(id).append(' ').append(props).append('\n'));
    return text.toString();
  }

  @ParameterizedTest
  @CsvSource({
    "district,10",
    "town,10",
    "cluster,12",
    "red_line,12",
    "reserve_land,12",
    "village_park,12",
    "parcel,13",
    "factory_building,13"
  })
  void everyLayerServesDecodableTilesWithFeatures(String layer, int z) throws Exception {
    // the tile holding 北滘 (113.205°E, 22.925°N) at zoom z
    double n = Math.pow(2, z);
    long x = (long) ((113.205 + 180) / 360 * n);
    double lat = Math.toRadians(22.925);
    long y = (long) ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
    HttpResponse<byte[]> response = get("/tiles/" + layer + "/" + z + "/" + x + "/" + y + ".mvt");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(onlyLayer(response.body(), layer).getFeaturesCount()).isPositive();
  }

  @Test
  void belowItsMinimumZoomALayerIsEmpty() throws Exception {
    HttpResponse<byte[]> response = get("/tiles/parcel/8/208/111.mvt");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void anUnchangedTileIsRevalidatedWithoutRunningTheQuery() throws Exception {
    HttpResponse<byte[]> first = get(PARCEL_TILE);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
    HttpResponse<byte[]> again = get(PARCEL_TILE, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void aWriteToALayerChangesItsTilesETag() throws Exception {
    String path = "/tiles/town/10/833/445.mvt";
    String before = get(path).headers().firstValue("ETag").orElseThrow();
    jdbc.sql("UPDATE town SET name = name WHERE code = '440606010'").update();
    HttpResponse<byte[]> after = get(path, "If-None-Match", before);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(before);
  }

  @Test
  void badTileRequestsGetProblemDetails() throws Exception {
    Map<String, String[]> cases = new HashMap<>();
    cases.put("/tiles/parcel/14/99999/7119.mvt", new String[] {"400", "/problems/invalid-tile"});
    cases.put("/tiles/parcel/23/0/0.mvt", new String[] {"400", "/problems/invalid-tile"});
    cases.put("/tiles/parcel/-1/0/0.mvt", new String[] {"400", "/problems/invalid-tile"});
    cases.put("/tiles/roads/10/833/445.mvt", new String[] {"404", "/problems/unknown-layer"});
    cases.put("/tiles/parcel/ten/833/445.mvt", new String[] {"400", "/problems/invalid-parameter"});
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      HttpResponse<byte[]> response = get(c.getKey());
      JsonNode problem = json(response.body());
      if (response.statusCode() != Integer.parseInt(c.getValue()[0])
          || !problem.path("type").asText().equals(c.getValue()[1])
          || problem.path("detail").asText().isBlank()) {
        failures.add(c.getKey() + " → " + response.statusCode() + " " + problem);
      }
    }
    assertThat(failures).isEmpty();
  }
}
