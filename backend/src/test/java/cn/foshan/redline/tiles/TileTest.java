package cn.foshan.redline.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.Golden;
import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GET /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{z}/{x}/{y}.mvt?layers=…: real MVT from PostGIS,
 * decoded and checked; gzip for clients that ask, and no cookie.
 */
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

  /** The x/y of the tile holding 北滘 (113.205°E, 22.925°N) at zoom z: "z/x/y". */
  private static String beijiao(int z) {
    double n = Math.pow(2, z);
    long x = (long) ((113.205 + 180) / 360 * n);
    double lat = Math.toRadians(22.925);
    long y = (long) ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
    return z + "/" + x + "/" + y;
  }

  /** The map's layers, bottom first. */
  private List<String> allLayers() throws Exception {
    List<String> ids = new ArrayList<>();
    getJson("/api/layers").forEach(l -> ids.add(l.get("id").asText()));
    return ids;
  }

  private static Map<String, VectorTile.Tile.Layer> layersByName(byte[] body) throws Exception {
    Map<String, VectorTile.Tile.Layer> layers = new LinkedHashMap<>();
    for (VectorTile.Tile.Layer l : VectorTile.Tile.parseFrom(body).getLayersList()) {
      assertThat(layers.put(l.getName(), l)).as("layer " + l.getName() + " twice").isNull();
    }
    return layers;
  }

  @ParameterizedTest
  @CsvSource({"8", "10", "12", "14", "16"})
  void aTileOfEveryLayerHoldsExactlyTheSingleLayerTilesInDrawingOrder(int z) throws Exception {
    List<String> all = allLayers();
    List<String> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    HttpResponse<byte[]> response =
        get("/tiles/" + beijiao(z) + ".mvt?layers=" + String.join(",", reversed));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.mapbox-vector-tile");
    Map<String, VectorTile.Tile.Layer> combined = layersByName(response.body());
    Map<String, VectorTile.Tile.Layer> singles = new LinkedHashMap<>();
    for (String id : all) {
      byte[] single = get("/tiles/" + id + "/" + beijiao(z) + ".mvt").body();
      if (single.length > 0) {
        singles.put(id, onlyLayer(single, id));
      }
    }
    assertThat(singles).isNotEmpty();
    // the same layers, in drawing order whatever the order asked, each the same features
    assertThat(combined.keySet()).containsExactlyElementsOf(singles.keySet());
    singles.forEach(
        (id, layer) -> {
          assertThat(combined.get(id).getFeaturesCount()).isEqualTo(layer.getFeaturesCount());
          assertThat(combined.get(id)).as(id).isEqualTo(layer);
        });
  }

  @Test
  void aTileOfSomeLayersHoldsThoseAboveTheirMinimumZoom() throws Exception {
    // parcels start at zoom 13: at 12 the tile holds the districts only
    Map<String, VectorTile.Tile.Layer> z12 =
        layersByName(get("/tiles/" + beijiao(12) + ".mvt?layers=parcel,district").body());
    assertThat(z12.keySet()).containsExactly("district");
    Map<String, VectorTile.Tile.Layer> z14 =
        layersByName(get("/tiles/" + beijiao(14) + ".mvt?layers=parcel,district").body());
    assertThat(z14.keySet()).containsExactly("district", "parcel");
  }

  @Test
  void badLayerListsGetAProblemInChineseFirst() throws Exception {
    List<String> all = allLayers();
    List<String> tooMany = new ArrayList<>(all);
    tooMany.add("parcel");
    String tile = "/tiles/" + beijiao(14) + ".mvt";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(tile + "?layers=roads", "/problems/unknown-layer");
    cases.put(tile + "?layers=parcel,roads", "/problems/unknown-layer");
    cases.put(tile + "?layers=", "/problems/unknown-layer");
    cases.put(tile + "?layers=parcel,parcel", "/problems/invalid-parameter");
    cases.put(tile + "?layers=" + String.join(",", tooMany), "/problems/invalid-parameter");
    cases.put("/tiles/14/99999/7119.mvt?layers=parcel", "/problems/invalid-tile");
    cases.put(tile, "/problems/invalid-parameter");
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<byte[]> response = get(c.getKey());
      JsonNode problem = json(response.body());
      String detail = problem.path("detail").asText();
      if (response.statusCode() != 400
          || !problem.path("type").asText().equals(c.getValue())
          || detail.isBlank()
          || (!c.getValue().equals("/problems/invalid-tile")
              && !Character.isIdeographic(detail.codePointAt(0)))) {
        failures.add(c.getKey() + " → " + response.statusCode() + " " + problem);
      }
    }
    assertThat(failures).isEmpty();
  }

  private static byte[] gunzip(byte[] body) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Test
  void tilesAreGzippedForClientsThatAskAndRevalidateWithTheGzippedTilesETag() throws Exception {
    String combined = "/tiles/" + beijiao(14) + ".mvt?layers=district,cluster,parcel";
    for (String path : List.of(PARCEL_TILE, combined)) {
      HttpResponse<byte[]> plain = get(path);
      HttpResponse<byte[]> gzipped = get(path, "Accept-Encoding", "gzip");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(gzipped.body().length).isLessThan(plain.body().length * 2 / 3);
      assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
      // one tile, two encodings: one weak ETag, and either revalidates
      String etag = gzipped.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).startsWith("W/\"");
      assertThat(plain.headers().firstValue("ETag")).hasValue(etag);
      HttpResponse<byte[]> again = get(path, "Accept-Encoding", "gzip", "If-None-Match", etag);
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(again.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }
    // an empty tile is not worth it
    HttpResponse<byte[]> empty = get("/tiles/parcel/8/208/111.mvt", "Accept-Encoding", "gzip");
    assertThat(empty.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void ogcPagesAreGzippedForClientsThatAsk() throws Exception {
    String path = "/ogc/collections/parcel/items?limit=1000";
    HttpResponse<byte[]> plain = get(path);
    HttpResponse<byte[]> gzipped = get(path, "Accept-Encoding", "gzip");
    assertThat(gzipped.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/geo+json");
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
    // the same page but for its time stamp
    ObjectNode unzipped = (ObjectNode) json(gunzip(gzipped.body()));
    ObjectNode expected = (ObjectNode) json(plain.body());
    unzipped.remove("timeStamp");
    expected.remove("timeStamp");
    assertThat(unzipped.get("features")).hasSize(1000);
    assertThat(unzipped).isEqualTo(expected);
  }

  @Test
  void readsSetNoCookieAndTheTokenIsHandedOutWhereThePagesAskForIt() throws Exception {
    for (String path :
        List.of(
            PARCEL_TILE,
            "/tiles/" + beijiao(14) + ".mvt?layers=district,parcel",
            "/ogc/collections/parcel/items?limit=10",
            "/api/layers",
            "/",
            "/app.js")) {
      HttpResponse<byte[]> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().allValues("Set-Cookie")).as(path).isEmpty();
    }
    // api.js's ensureCsrf asks GET /api/me before its first write
    assertThat(
            get("/api/me", "X-Requested-With", "XMLHttpRequest").headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("XSRF-TOKEN="));
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
  void aWriteChangesTheETagOfTheTilesItChangesOnly() throws Exception {
    String path = "/tiles/town/10/833/445.mvt";
    HttpResponse<byte[]> first = get(path);
    assertThat(attributes(onlyLayer(first.body(), "town"))).containsKey(440606010L);
    String before = first.headers().firstValue("ETag").orElseThrow();
    // a write that leaves the tile as it was: still 304, with the layer's new revision
    jdbc.sql("UPDATE town SET name = name WHERE code = '440606010'").update();
    HttpResponse<byte[]> same = get(path, "If-None-Match", before);
    assertThat(same.statusCode()).isEqualTo(304);
    String now = same.headers().firstValue("ETag").orElseThrow();
    assertThat(now).isNotEqualTo(before);
    assertThat(get(path, "If-None-Match", now).statusCode()).isEqualTo(304);
    // a write that changes it: a new tile
    String nameEn =
        jdbc.sql("SELECT name_en FROM town WHERE code = '440606010'").query(String.class).single();
    try {
      jdbc.sql("UPDATE town SET name_en = name_en || ' (renamed)' WHERE code = '440606010'")
          .update();
      HttpResponse<byte[]> after = get(path, "If-None-Match", now);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(now);
      assertThat(attributes(onlyLayer(after.body(), "town")).get(440606010L))
          .containsEntry("name_en", nameEn + " (renamed)");
    } finally {
      jdbc.sql("UPDATE town SET name_en = :n WHERE code = '440606010'").param("n", nameEn).update();
    }
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
