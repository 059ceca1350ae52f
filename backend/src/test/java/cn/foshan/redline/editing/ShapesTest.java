package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.system.ApiException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client's GeoJSON before PostGIS reads it: two numbers a position (text and Z/M refused, not
 * stored or dropped), and its crs member honoured or refused, never ignored.
 */
@Tag("fast")
class ShapesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode polygon(String ring, String crs) {
    return JSON.readTree(
        "{\"type\":\"Polygon\""
            + (crs == null ? "" : ",\"crs\":" + crs)
            + ",\"coordinates\":[["
            + ring
            + "]]}");
  }

  private static final String RING = "[113.1,23.0],[113.2,23.0],[113.2,23.1],[113.1,23.0]";

  private static void refused(Runnable r, int status, String slugPart) {
    assertThatThrownBy(r::run)
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> {
              assertThat(((ApiException) e).status().value()).isEqualTo(status);
              assertThat(e.getMessage()).contains(slugPart);
            });
  }

  @Test
  void positionsAreTwoNumbers() {
    assertThat(Shapes.readable(polygon(RING, null), 2)).contains("113.1");
    refused(
        () -> Shapes.readable(polygon(RING.replace("[113.2,23.0]", "[\"113.2\",23.0]"), null), 2),
        422,
        "坐标必须是数字");
    refused(
        () -> Shapes.readable(polygon(RING.replace("[113.2,23.0]", "[113.2,23.0,5.5]"), null), 2),
        422,
        "二维");
    refused(
        () -> Shapes.readable(polygon(RING.replace("[113.2,23.0]", "[113.2,23.0,5.5,1]"), null), 2),
        422,
        "Z");
    refused(
        () -> Shapes.readable(polygon(RING.replace("[113.2,23.0]", "[113.2]"), null), 2),
        400,
        "x、y");
    refused(
        () -> Shapes.readable(polygon(RING.replace("[113.2,23.0]", "[null,23.0]"), null), 2),
        422,
        "数字");
    refused(() -> Shapes.readable(JSON.readTree("{\"type\":\"Polygon\"}"), 2), 400, "数组");
    // a ring of one point was passed to PostGIS, whose reason named a Java exception
    refused(
        () ->
            Shapes.readable(
                JSON.readTree("{\"type\":\"Polygon\",\"coordinates\":[[[113,23]]]}"), 2),
        422,
        "4 个点");
  }

  @Test
  void theCrsMemberIsHonouredOrRefused() {
    String gk = "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}}";
    assertThat(Shapes.srid(polygon(RING, gk), null)).as("honoured").isEqualTo(4547);
    assertThat(Shapes.srid(polygon(RING, gk), "EPSG:4547")).as("agreeing").isEqualTo(4547);
    assertThat(
            Shapes.srid(
                polygon(
                    RING,
                    "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}"),
                "EPSG:4490"))
        .isEqualTo(4490);
    assertThat(Shapes.srid(polygon(RING, null), "EPSG:4546")).isEqualTo(4546);
    refused(() -> Shapes.srid(polygon(RING, gk), "EPSG:4490"), 422, "不一致");
    refused(
        () ->
            Shapes.srid(
                polygon(RING, "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}"), null),
        422,
        "不是支持的坐标系");
    refused(() -> Shapes.srid(polygon(RING, "\"EPSG:4490\""), null), 422, "crs");
    // the member is taken out of what PostGIS reads: the SRID comes from the check
    assertThat(Shapes.readable(polygon(RING, gk), 2)).doesNotContain("crs");
  }
}
