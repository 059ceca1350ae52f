package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Writes that would lose something are refused, whole, with a 422 that says why (Chinese first):
 * text coordinates (they were stored), a height (Z) or measure on a 2-D layer (a 500), a GeoJSON
 * crs member naming another CRS than the request or one we do not support (it was ignored); a weak
 * ETag never matches (it did). Nothing is written: the draft keeps no edit.
 */
class BadWritesTest extends EditingTest {

  private static final Map<String, String> PARCEL =
      Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2026-03-01");

  private JsonNode polygon(String coordinates, String crsMember) {
    return ServiceClient.json(
        ("{\"type\":\"Polygon\""
                + (crsMember == null ? "" : ",\"crs\":" + crsMember)
                + ",\"coordinates\":[["
                + coordinates
                + "]]}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A small square inside the city, away from the demo's parcels. */
  private String square(String x0) {
    JsonNode p =
        shape("SELECT ST_PointOnSurface(geom) FROM district ORDER BY code LIMIT 1")
            .get("coordinates");
    double x = p.get(0).asDouble();
    double y = p.get(1).asDouble();
    double d = 0.0002;
    return "["
        + x0.replace("X", Double.toString(x))
        + ","
        + y
        + "],["
        + (x + d)
        + ","
        + y
        + "],["
        + (x + d)
        + ","
        + (y + d)
        + "],["
        + x
        + ","
        + (y + d)
        + "],["
        + x
        + ","
        + y
        + "]";
  }

  private long edits(long cs) {
    return jdbc.sql("SELECT count(*) FROM change_set_edit WHERE change_set_id = :cs")
        .param("cs", cs)
        .query(Long.class)
        .single();
  }

  @Test
  void geometriesThatWouldLoseSomethingAreRefused() throws Exception {
    long cs = draft("bureau", "bad geometries");
    String path = "/api/change-sets/" + cs + "/edits";
    String text = square("\"X\"");
    JsonNode strings =
        expect(
            422,
            "POST",
            path,
            "bureau",
            edit("parcel", "create", null, null, polygon(text, null), PARCEL));
    assertThat(strings.get("type").asText()).isEqualTo("/problems/coordinates-not-numbers");
    assertThat(strings.get("detail").asText()).startsWith("坐标必须是数字");
    String z = square("X").replaceAll("\\],\\[", ",12.5],[").replaceFirst("\\]$", ",12.5]");
    JsonNode threeD =
        expect(
            422,
            "POST",
            path,
            "bureau",
            edit("parcel", "create", null, null, polygon(z, null), PARCEL));
    assertThat(threeD.get("type").asText()).isEqualTo("/problems/not-two-dimensional");
    assertThat(threeD.get("detail").asText()).startsWith("图层是二维的");
    String gk = "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}}";
    Map<String, Object> conflicting =
        edit("parcel", "create", null, null, polygon(square("X"), gk), PARCEL);
    conflicting.put("crs", "EPSG:4490");
    assertThat(expect(422, "POST", path, "bureau", conflicting).get("type").asText())
        .isEqualTo("/problems/crs-conflict");
    String mercator = "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}";
    assertThat(
            expect(
                    422,
                    "POST",
                    path,
                    "bureau",
                    edit("parcel", "create", null, null, polygon(square("X"), mercator), PARCEL))
                .get("type")
                .asText())
        .isEqualTo("/problems/unsupported-crs");
    // honoured: degrees said to be Gauss–Krüger metres are not in China
    assertThat(
            expect(
                    422,
                    "POST",
                    path,
                    "bureau",
                    edit("parcel", "create", null, null, polygon(square("X"), gk), PARCEL))
                .get("type")
                .asText())
        .isEqualTo("/problems/unknown-crs");
    assertThat(edits(cs)).as("nothing written").isZero();
    // the same square, said the same way twice, is taken
    String cgcs = "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4490\"}}";
    Map<String, Object> agreeing =
        edit("parcel", "create", null, null, polygon(square("X"), cgcs), PARCEL);
    agreeing.put("crs", "EPSG:4326");
    expect(201, "POST", path, "bureau", agreeing);
    assertThat(edits(cs)).isEqualTo(1);
    expect(204, "DELETE", "/api/change-sets/" + cs, "bureau", null);
  }

  @Test
  void aWeakEtagNeverMatches() throws Exception {
    long id = jdbc.sql("SELECT id FROM parcel ORDER BY id LIMIT 1").query(Long.class).single();
    int version = version("parcel", id);
    JsonNode refused =
        expect(
            412,
            "PATCH",
            "/ogc/collections/parcel/items/" + id,
            "bureau",
            Map.of("properties", Map.of("floorAreaM2", 999)),
            "If-Match",
            "W/\"" + version + "\"");
    assertThat(refused.get("type").asText()).isEqualTo("/problems/weak-etag");
    assertThat(version("parcel", id)).isEqualTo(version);
  }
}
