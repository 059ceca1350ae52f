package cn.foshan.redline.io;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reference layers (参考图层): a real Shapefile, made by ogr2ogr from a GeoJSON fixture in the
 * Gauss–Krüger zone of Foshan (EPSG:4547) and GBK, loaded by the bureau as a named read-only layer
 * with its provenance; its features in CGCS2000 with their attributes, drawn in a vector tile,
 * found at a point, given for snapping; renamed and deleted. Broken and hostile files, and the
 * wrong roles, are refused with a 4xx and nothing is written; the database refuses a district
 * officer even through the service's own login.
 */
class ReferenceLayerTest extends IoTest {

  private static final String PATH = "/api/reference-layers";

  private Path dir;
  private Path shp;
  private byte[] zip;

  @BeforeEach
  void files() throws Exception {
    dir = temp();
    Path fixture = dir.resolve("roads.geojson");
    try (var in = getClass().getResourceAsStream("/reference/roads.geojson")) {
      Files.copy(in, fixture);
    }
    shp = shapefile(fixture, dir, "roads", 4547, "GBK");
    zip = zip(shapefileParts(shp));
  }

  @AfterEach
  void clean() {
    jdbc.sql("DELETE FROM reference_layer").update();
  }

  private long layers() {
    return jdbc.sql("SELECT count(*) FROM reference_layer").query(Long.class).single()
        + jdbc.sql("SELECT count(*) FROM reference_feature").query(Long.class).single();
  }

  private JsonNode load(int status, String user, byte[] file, String fileName, String... fields)
      throws Exception {
    HttpResponse<byte[]> response = upload(PATH, user, file, fileName, fields);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as("upload " + fileName + " → " + text).isEqualTo(status);
    return ServiceClient.json(response.body());
  }

  @Test
  void theBureauLoadsAShapefileAsANamedReadOnlyLayerWithItsProvenance() throws Exception {
    JsonNode layer =
        load(201, "bureau", zip, "道路.zip", "name", "道路 Roads", "sourceNote", "市交通局 2025");
    long id = layer.get("id").asLong();
    assertThat(layer.get("name").asString()).isEqualTo("道路 Roads");
    assertThat(layer.get("fileName").asString()).isEqualTo("道路.zip");
    assertThat(layer.get("sha256").asString())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)));
    assertThat(layer.get("crs").asString()).isEqualTo("EPSG:4547");
    assertThat(layer.get("featureCount").asInt()).isEqualTo(3);
    assertThat(layer.get("geometryType").asString()).isEqualTo("LINE");
    assertThat(layer.get("createdBy").asString()).isEqualTo("bureau");
    assertThat(layer.get("sourceNote").asString()).isEqualTo("市交通局 2025");
    assertThat(layer.get("tiles").asString())
        .isEqualTo("/tiles/reference/" + id + "/{z}/{x}/{y}.mvt");
    // the extent, back in CGCS2000 from the Gauss–Krüger zone (to a centimetre or so)
    JsonNode bbox = layer.get("bbox");
    assertThat(bbox.get(0).asDouble()).isCloseTo(113.05, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(bbox.get(3).asDouble()).isCloseTo(23.035, org.assertj.core.data.Offset.offset(1e-6));

    // the attributes as the file has them (GBK read as such), the shapes in CGCS2000
    Map<String, Object> first =
        jdbc.sql(
                "SELECT attributes ->> 'name' AS name, attributes ->> 'kind' AS kind,"
                    + " attributes ->> 'note' AS note, ST_SRID(geom) AS srid,"
                    + " ST_X(ST_StartPoint(geom)) AS x, ST_Y(ST_StartPoint(geom)) AS y"
                    + " FROM reference_feature WHERE layer_id = :id AND id = 1")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(first.get("name")).isEqualTo("佛山一环");
    assertThat(first.get("kind")).isEqualTo("快速路");
    assertThat(first.get("note")).isEqualTo("<img src=x onerror=alert(1)>");
    assertThat(first.get("srid")).isEqualTo(4490);
    assertThat((Double) first.get("x"))
        .isCloseTo(113.05, org.assertj.core.data.Offset.offset(1e-7));
    assertThat((Double) first.get("y")).isCloseTo(23.03, org.assertj.core.data.Offset.offset(1e-7));

    // listed; found at a point on the road; its shapes for snapping; a tile of it
    JsonNode list = expect(200, "GET", PATH, null, null);
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("name").asString()).isEqualTo("道路 Roads");
    JsonNode at =
        expect(
            200,
            "GET",
            PATH + "/features?lon=113.055&lat=23.03001&radius=5&layers=" + id,
            null,
            null);
    assertThat(at).hasSize(1);
    assertThat(at.get(0).get("layerName").asString()).isEqualTo("道路 Roads");
    assertThat(at.get(0).get("attributes").get("name").asString()).isEqualTo("佛山一环");
    JsonNode shapes =
        expect(200, "GET", PATH + "/" + id + "/shapes?bbox=113.04,23.0,113.08,23.04", null, null);
    assertThat(shapes.get("features")).hasSize(3);
    JsonNode nowhere =
        expect(200, "GET", PATH + "/" + id + "/shapes?bbox=113.2,23.2,113.3,23.3", null, null);
    assertThat(nowhere.get("features")).isEmpty();
    // z14 tile of (113.055, 23.03): x = 13337, y = 7114
    HttpResponse<byte[]> tile =
        new ServiceClient(port).get("/tiles/reference/" + id + "/14/13337/7114.mvt");
    assertThat(tile.statusCode()).isEqualTo(200);
    assertThat(new String(tile.body(), StandardCharsets.ISO_8859_1)).contains("reference");
    HttpResponse<byte[]> empty =
        new ServiceClient(port).get("/tiles/reference/" + id + "/14/13400/7114.mvt");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();

    // renamed (the provenance stays); a second layer may not take the name; deleted whole
    JsonNode renamed = expect(200, "PATCH", PATH + "/" + id, "bureau", Map.of("name", "城市道路"));
    assertThat(renamed.get("name").asString()).isEqualTo("城市道路");
    assertThat(renamed.get("updatedBy").asString()).isEqualTo("bureau");
    assertThat(renamed.get("sha256").asString()).isEqualTo(layer.get("sha256").asString());
    JsonNode taken = load(409, "admin", zip, "again.zip", "name", "城市道路");
    assertThat(taken.get("detail").asString()).contains("城市道路");
    assertThat(
            jdbc.sql("SELECT count(*) FROM audit_event WHERE object = :o")
                .param("o", "reference_layer/" + id)
                .query(Long.class)
                .single())
        .isEqualTo(2);
    expect(204, "DELETE", PATH + "/" + id, "admin", null);
    assertThat(layers()).isZero();
    expect(404, "GET", PATH + "/" + id, null, null);
  }

  @Test
  void brokenAndHostileFilesAreRefusedAndNothingIsWritten() throws Exception {
    List<Long> before = leftovers();
    // a zip that climbs out of its directory
    Map<String, byte[]> slip = new LinkedHashMap<>(shapefileParts(shp));
    slip.put("../../evil.txt", "x".getBytes(StandardCharsets.UTF_8));
    JsonNode problem = load(422, "bureau", zip(slip), "slip.zip", "name", "道路");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/unsafe-zip");
    // a Shapefile without its .prj: its CRS is never guessed
    problem =
        load(422, "bureau", zip(parts(shp, "shp", "shx", "dbf", "cpg")), "noprj.zip", "name", "道路");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/unknown-crs");
    // a .shp cut short
    Map<String, byte[]> cut = new LinkedHashMap<>(shapefileParts(shp));
    byte[] whole = cut.get("roads.shp");
    cut.put("roads.shp", java.util.Arrays.copyOf(whole, 120));
    problem = load(422, "bureau", zip(cut), "cut.zip", "name", "道路");
    assertThat(problem.get("detail").asString()).isNotBlank();
    // GeoJSON that is not
    problem =
        load(
            422,
            "bureau",
            "{\"type\":\"Feat".getBytes(StandardCharsets.UTF_8),
            "x.geojson",
            "name",
            "道路");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/unreadable-file");
    // a file of another format
    problem = load(415, "bureau", new byte[] {1, 2, 3}, "roads.exe", "name", "道路");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/unsupported-format");
    // no name
    problem = load(400, "bureau", zip, "roads.zip", "name", " ");
    assertThat(problem.get("detail").asString()).contains("名称");
    assertThat(layers()).isZero();
    assertThat(leftovers()).as("left behind: tables, temp dirs, drafts").isEqualTo(before);
  }

  @Test
  void onlyTheBureauAndAdministratorsChangeReferenceLayers() throws Exception {
    load(403, "nanhai", zip, "roads.zip", "name", "道路");
    load(403, "planner", zip, "roads.zip", "name", "道路");
    assertThat(layers()).isZero();
    long id = load(201, "bureau", zip, "roads.zip", "name", "道路").get("id").asLong();
    expect(403, "PATCH", PATH + "/" + id, "nanhai", Map.of("name", "改"));
    expect(403, "DELETE", PATH + "/" + id, "nanhai", null);
    assertThat(expect(200, "GET", PATH + "/" + id, null, null).get("name").asString())
        .isEqualTo("道路");

    // the database holds to it, whoever writes: the service's own login acting for an officer
    try (Connection c = TestDatabase.actingFor(SCHEMA, "nanhai");
        Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("DELETE FROM reference_layer")).isZero();
      assertThat(st.executeUpdate("UPDATE reference_layer SET name = '改'")).isZero();
      assertThatThrownBy(
              () ->
                  st.execute(
                      "INSERT INTO reference_layer (name, file_name, file_sha256, source_crs,"
                          + " geometry_type, feature_count, bbox) VALUES ('x', 'x.zip', repeat('a',"
                          + " 64), 'EPSG:4490', 'LINE', 1, '{0,0,1,1}')"))
          .hasMessageContaining("row-level security");
      // the bureau may rename, never rewrite the provenance, nor add or change features later
      st.execute("SELECT set_config('redline.actor', 'bureau', false)");
      refused(c, "UPDATE reference_layer SET file_sha256 = repeat('b', 64)", "permission denied");
      refused(
          c,
          "INSERT INTO reference_feature (layer_id, id, geom) VALUES ("
              + id
              + ", 2, 'SRID=4490;POINT(113 23)')",
          "随图层一起导入");
      refused(c, "UPDATE reference_feature SET attributes = '{}'", "permission denied");
    }
    assertThat(layers()).isEqualTo(1 + 3);
  }

  /**
   * A DXF drawing (the survey fixture: zone number 38 in front of the eastings, GBK text): its
   * closed polylines become polygons, its road stays a line, its text a point with the text, all
   * placed in EPSG:4547 as the drawing's CAD x/y minus 38,000,000 m. Golden numbers from the file:
   * polyline 2B is the rectangle 407800–407850 × 2547090–2547120 (50 m × 30 m = 1,500 m²), road 2C
   * runs from 407600 to 408000 on 2547000 (400 m), polyline 2A starts at (407702.34, 2547180.125).
   */
  @Test
  void aDxfDrawingInANamedCrsIsAReferenceLayerOfLinesAndPolygons() throws Exception {
    byte[] dxf = Files.readAllBytes(Path.of("src/test/resources/survey/zhangcha-with-hole.dxf"));
    JsonNode layer = load(201, "bureau", dxf, "张槎.dxf", "name", "张槎勘测定界图", "crs", "EPSG:4547");
    long id = layer.get("id").asLong();
    assertThat(layer.get("crs").asString()).isEqualTo("EPSG:4547");
    assertThat(layer.get("featureCount").asInt()).isEqualTo(4);
    assertThat(layer.get("geometryType").asString()).isEqualTo("MIXED");
    Map<String, Map<String, Object>> byHandle = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT attributes ->> 'EntityHandle' AS handle, attributes ->> 'Layer' AS cad_layer,
                   attributes ->> 'Text' AS text, ST_GeometryType(geom) AS type,
                   ST_Area(ST_Transform(geom, 4547)) AS area,
                   ST_Length(ST_Transform(geom, 4547)) AS length
            FROM reference_feature WHERE layer_id = :id
            """)
        .param("id", id)
        .query()
        .listOfRows()
        .forEach(r -> byHandle.put((String) r.get("handle"), r));
    assertThat(byHandle.keySet()).containsExactlyInAnyOrder("2A", "2B", "2C", "2D");
    assertThat(byHandle.get("2B").get("type")).isEqualTo("ST_MultiPolygon");
    assertThat(byHandle.get("2B").get("cad_layer")).isEqualTo("界址线");
    assertThat((Double) byHandle.get("2B").get("area"))
        .isCloseTo(1500, org.assertj.core.data.Offset.offset(0.01));
    assertThat(byHandle.get("2A").get("type")).isEqualTo("ST_MultiPolygon");
    assertThat(byHandle.get("2C").get("type")).isEqualTo("ST_MultiLineString");
    assertThat((Double) byHandle.get("2C").get("length"))
        .isCloseTo(400, org.assertj.core.data.Offset.offset(0.001));
    assertThat(byHandle.get("2D").get("type")).isEqualTo("ST_MultiPoint");
    assertThat(byHandle.get("2D").get("text")).isEqualTo("张槎街道工业地块");
    // the first vertex of 2A, back in EPSG:4547: the drawing's, to a millimetre
    Map<String, Object> first =
        jdbc.sql(
                "SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_PointN("
                    + "ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), 4547) AS p"
                    + " FROM reference_feature WHERE layer_id = :id"
                    + " AND attributes ->> 'EntityHandle' = '2A') v")
            .param("id", id)
            .query()
            .singleRow();
    assertThat((Double) first.get("x"))
        .isCloseTo(407702.34, org.assertj.core.data.Offset.offset(0.001));
    assertThat((Double) first.get("y"))
        .isCloseTo(2547180.125, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void aDxfDrawingWithoutItsCrsOrBrokenIsRefusedAndNothingIsWritten() throws Exception {
    byte[] dxf = Files.readAllBytes(Path.of("src/test/resources/survey/zhangcha-with-hole.dxf"));
    // DXF says no CRS: naming none, or one a survey is not in, is a 400 saying so in Chinese
    JsonNode none = load(400, "bureau", dxf, "张槎.dxf", "name", "张槎");
    assertThat(none.get("detail").asString()).startsWith("DXF 图形不带坐标系").contains("EPSG:4547");
    JsonNode wgs84 = load(400, "bureau", dxf, "张槎.dxf", "name", "张槎", "crs", "EPSG:4326");
    assertThat(wgs84.get("detail").asString()).startsWith("DXF 图形的坐标系只能是");
    // the CRS of the other zone: the eastings' zone number 38 is not 4546's 37
    JsonNode zone = load(422, "bureau", dxf, "张槎.dxf", "name", "张槎", "crs", "EPSG:4546");
    assertThat(zone.get("detail").asString()).contains("带号为 38", "EPSG:4546");
    // CGCS2000 degrees: the eastings are no longitudes in China
    JsonNode degrees = load(422, "bureau", dxf, "张槎.dxf", "name", "张槎", "crs", "EPSG:4490");
    assertThat(degrees.get("detail").asString()).contains("不在中国范围内");
    // cut short, broken inside an entity, not a drawing at all: 422
    byte[] cut = java.util.Arrays.copyOf(dxf, 500);
    load(422, "bureau", cut, "cut.dxf", "name", "张槎", "crs", "EPSG:4547");
    byte[] broken =
        (new String(dxf, 0, 300, StandardCharsets.ISO_8859_1) + "garbage\nnot a group code\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    load(422, "bureau", broken, "broken.dxf", "name", "张槎", "crs", "EPSG:4547");
    JsonNode text =
        load(
            422,
            "bureau",
            "J1,2547000,38407700\n".getBytes(StandardCharsets.UTF_8),
            "points.dxf",
            "name",
            "张槎",
            "crs",
            "EPSG:4547");
    assertThat(text.get("detail").asString()).contains("不是 DXF");
    // the import takes no drawing (its layers' fields are not a drawing's)
    HttpResponse<byte[]> imported =
        upload(
            "bureau",
            dxf,
            "张槎.dxf",
            "layer",
            "parcel",
            "crs",
            "EPSG:4547",
            "reason",
            "DXF 导入 import");
    assertThat(imported.statusCode()).isEqualTo(415);
    assertThat(layers()).isZero();
  }
}
