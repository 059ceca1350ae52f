package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.ServiceClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Survey coordinates on the running service: parsed, transformed and checked by PostGIS. */
class SurveyTest extends IoTest {

  private HttpResponse<byte[]> parse(String crs, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/geometry/parse?crs=" + crs))
            .header("Content-Type", "text/plain; charset=UTF-8")
            .header("Authorization", ServiceClient.basic("bureau"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode parsed(int status, String crs, String text) throws Exception {
    HttpResponse<byte[]> response = parse(crs, text.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(status);
    return ServiceClient.json(response.body());
  }

  /** How far (m, in EPSG:4547) a point of a GeoJSON in degrees is from a typed easting/northing. */
  private double offset(JsonNode lonLat, double easting, double northing) {
    return jdbc.sql(
            "SELECT ST_Distance(ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4490), 4547),"
                + " ST_SetSRID(ST_MakePoint(:e, :n), 4547))")
        .param("lon", lonLat.get(0).asDouble())
        .param("lat", lonLat.get(1).asDouble())
        .param("e", easting)
        .param("n", northing)
        .query(Double.class)
        .single();
  }

  @Test
  void theMinistryFileWithAHoleBecomesAMultiPolygonInCgcs2000() throws Exception {
    JsonNode answer =
        parsed(200, "EPSG:4547", SurveyCoordinatesTest.fixture("zhangcha-with-hole.txt"));
    assertThat(answer.get("points").asInt()).isEqualTo(11);
    assertThat(answer.get("rings").asInt()).isEqualTo(2);
    JsonNode geometry = answer.get("geometry");
    assertThat(geometry.get("type").asString()).isEqualTo("MultiPolygon");
    assertThat(geometry.get("coordinates")).hasSize(1);
    assertThat(geometry.get("coordinates").get(0)).hasSize(2);
    JsonNode first = geometry.at("/coordinates/0/0/0");
    // 张槎, 佛山: about 113.1°E, 23.0°N
    assertThat(first.get(0).asDouble()).isBetween(113.0, 113.2);
    assertThat(first.get(1).asDouble()).isBetween(22.9, 23.1);
    assertThat(offset(first, 407702.340, 2547180.125)).isLessThan(0.001);
    JsonNode hole = geometry.at("/coordinates/0/1/0");
    assertThat(offset(hole, 407800.000, 2547120.000)).isLessThan(0.001);
  }

  @Test
  void aPastedListWithZonePrefixesBecomesTwoParts() throws Exception {
    JsonNode answer =
        parsed(200, "EPSG:4547", SurveyCoordinatesTest.fixture("pasted-two-parts.txt"));
    assertThat(answer.at("/geometry/coordinates")).hasSize(2);
    assertThat(answer.get("points").asInt()).isEqualTo(9);
    assertThat(offset(answer.at("/geometry/coordinates/1/0/2"), 408260.000, 2546600.000))
        .isLessThan(0.001);
  }

  @Test
  void aSelfIntersectingRingIsRefusedNamingALineNotRepaired() throws Exception {
    JsonNode problem =
        parsed(422, "EPSG:4547", SurveyCoordinatesTest.fixture("self-intersecting.txt"));
    assertThat(problem.get("detail").asString()).startsWith("图形无效：第 ").contains("边界自相交");
    assertThat(problem.get("line").asInt()).isBetween(14, 18);
  }

  @Test
  void badTextIsA422WithItsLineAndLimitsAreKept() throws Exception {
    JsonNode problem = parsed(422, "EPSG:4547", "J1,2547000,38407700\nJ2,2547000,37407900\n");
    assertThat(problem.get("line").asInt()).isEqualTo(2);
    assertThat(problem.get("detail").asString()).startsWith("第 2 行 Y 坐标的带号为 37");
    assertThat(parse("EPSG:4547", new byte[SurveyController.MAX_BYTES + 1]).statusCode())
        .isEqualTo(413);
    assertThat(parse("EPSG:3857", "1,2,3".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(400);
  }

  @Test
  void anExportedBoundaryParsesBackToTheSameShapeWithinAMillimetre() throws Exception {
    // a red line with the most vertices, and one of the parcels
    for (String layer : new String[] {"red_line", "parcel"}) {
      long id =
          jdbc.sql("SELECT id FROM " + layer + " ORDER BY ST_NPoints(geom) DESC, id LIMIT 1")
              .query(Long.class)
              .single();
      HttpResponse<byte[]> response =
          new ServiceClient(port)
              .get("/api/layers/" + layer + "/features/" + id + "/boundary.txt?crs=EPSG:4547");
      String text = new String(response.body(), StandardCharsets.UTF_8);
      assertThat(response.statusCode()).as(text).isEqualTo(200);
      assertThat(text).startsWith("[属性描述]").contains("带号=38", "[地块坐标]");
      JsonNode answer = parsed(200, "EPSG:4547", text);
      double distance =
          jdbc.sql(
                  "SELECT ST_HausdorffDistance(ST_Transform(geom, 4547),"
                      + " ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4490), 4547))"
                      + " FROM "
                      + layer
                      + " WHERE id = :id")
              .param("g", answer.get("geometry").toString())
              .param("id", id)
              .query(Double.class)
              .single();
      assertThat(distance).as(layer + " " + id).isLessThan(0.001);
      long stored =
          jdbc.sql("SELECT ST_NPoints(geom) FROM " + layer + " WHERE id = :id")
              .param("id", id)
              .query(Long.class)
              .single();
      assertThat((long) answer.get("points").asInt()).isEqualTo(stored);
    }
    assertThat(
            new ServiceClient(port)
                .get("/api/layers/red_line/features/999999999/boundary.txt")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            new ServiceClient(port)
                .get("/api/layers/red_line/features/1/boundary.txt?crs=EPSG:4490")
                .statusCode())
        .isEqualTo(400);
  }

  private HttpResponse<byte[]> parseDrawing(String crs, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/geometry/parse?crs=" + crs))
            .header("Content-Type", "application/dxf")
            .header("Authorization", ServiceClient.basic("bureau"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] drawing(String name) throws Exception {
    try (var in = SurveyTest.class.getResourceAsStream("/survey/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aDxfDrawingsClosedPolylinesBecomeTheShapeItsHoleInsideWhateverTheOrder() throws Exception {
    // GB18030 (ANSI_936) as AutoCAD 2000 writes it: the hole first, the outer ring, a road's open
    // centre line and a text, which are skipped; CAD x is the easting with its zone number
    HttpResponse<byte[]> response = parseDrawing("EPSG:4547", drawing("zhangcha-with-hole.dxf"));
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    JsonNode answer = ServiceClient.json(response.body());
    assertThat(answer.get("rings").asInt()).isEqualTo(2);
    assertThat(answer.get("points").asInt()).isEqualTo(11);
    JsonNode geometry = answer.get("geometry");
    assertThat(geometry.get("coordinates")).hasSize(1);
    assertThat(geometry.get("coordinates").get(0)).hasSize(2);
    assertThat(offset(geometry.at("/coordinates/0/0/0"), 407702.340, 2547180.125))
        .isLessThan(0.001);
    assertThat(offset(geometry.at("/coordinates/0/1/0"), 407800.000, 2547120.000))
        .isLessThan(0.001);
    // the same shape as the ministry's file of that parcel
    JsonNode txt =
        parsed(200, "EPSG:4547", SurveyCoordinatesTest.fixture("zhangcha-with-hole.txt"));
    double area =
        jdbc.sql(
                "SELECT ST_Area(ST_SymDifference(ST_GeomFromGeoJSON(:a), ST_GeomFromGeoJSON(:b))::geography)")
            .param("a", geometry.toString())
            .param("b", txt.get("geometry").toString())
            .query(Double.class)
            .single();
    assertThat(area).isLessThan(0.01);
    // a body that is a DXF is read as one whatever its declared type
    HttpResponse<byte[]> plain = parse("EPSG:4547", drawing("zhangcha-with-hole.dxf"));
    assertThat(plain.statusCode()).isEqualTo(200);
  }

  @Test
  void aDxfWithTheWrongZoneOrNoClosedPolylineIsA422NamingThePolyline() throws Exception {
    String text = new String(drawing("zhangcha-with-hole.dxf"), "GB18030");
    HttpResponse<byte[]> wrongZone =
        parseDrawing("EPSG:4547", text.replace("38407", "39407").getBytes("GB18030"));
    String detail = ServiceClient.json(wrongZone.body()).get("detail").asString();
    assertThat(wrongZone.statusCode()).as(detail).isEqualTo(422);
    assertThat(detail).startsWith("多段线 2B（图层 界址线）第 1 点").contains("带号为 39");
    HttpResponse<byte[]> open =
        parseDrawing("EPSG:4547", text.replace(" 70\r\n1\r\n", " 70\r\n0\r\n").getBytes("GB18030"));
    assertThat(open.statusCode()).isEqualTo(422);
    assertThat(ServiceClient.json(open.body()).get("detail").asString()).startsWith("DXF 中没有闭合多段线");
    HttpResponse<byte[]> broken =
        parseDrawing(
            "EPSG:4547",
            "  0\nSECTION\n  2\nENTITIES\n  0\nLWPOLYLINE\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(broken.statusCode()).isEqualTo(422);
    // a drawing beyond 4 MB is refused (413) by the limit of every request body (LimitsTest)
  }
}
