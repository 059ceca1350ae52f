package cn.foshan.redline.io;

import cn.foshan.redline.io.SurveyCoordinates.Crs;
import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Survey coordinates (勘测定界) in and out: a pasted list or the ministry's 界址点坐标 file read into a
 * shape in CGCS2000 ({@link SurveyCoordinates} reads, the database transforms and checks), and a
 * feature's boundary points written in that file's format.
 */
@RestController
@Tag(
    name = "Survey coordinates",
    description = "勘测定界 coordinate lists and the 界址点坐标 exchange file, in and out")
class SurveyController {

  /** The largest text read (1 MB): a survey of 100,000 points fits in less than 5 MB, not more. */
  static final int MAX_BYTES = 1024 * 1024;

  private static final String TRANSFORM = SqlFiles.load("io/transform_survey_rings.sql");
  private static final SqlTemplate BOUNDARY =
      SqlTemplate.load("io/select_boundary_points.sql", "features");

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final LayerCatalog layers;
  private final DxfDrawing dxf;

  SurveyController(JdbcClient jdbc, ObjectMapper json, LayerCatalog layers, DxfDrawing dxf) {
    this.jdbc = jdbc;
    this.json = json;
    this.layers = layers;
    this.dxf = dxf;
  }

  /** What a parse answers. */
  record Parsed(JsonNode geometry, int points, int rings) {}

  @PostMapping(
      value = "/api/geometry/parse",
      consumes = {
        MediaType.TEXT_PLAIN_VALUE,
        MediaType.APPLICATION_OCTET_STREAM_VALUE,
        "application/dxf",
        "image/vnd.dxf"
      })
  @Operation(
      summary =
          "Survey coordinates as a shape: a pasted list, a 界址点坐标 file or a DXF drawing →"
              + " MultiPolygon",
      description =
          "The body (text/plain, UTF-8, or GB18030 as the ministry's tools write; at most 1 MB and"
              + " 100,000 points) is either a pasted list, one point a line: `点号,X,Y` or"
              + " `点号,圈号,X,Y`, separated by commas, tabs or spaces (a blank line or a new 圈号"
              + " starts the next ring; `#` starts a comment), or the ministry's 界址点坐标 exchange"
              + " file: `[属性描述]` (key=value; 坐标系 must be 2000国家大地坐标系, 几度分带 3, 带号 the"
              + " CRS's zone) and `[地块坐标]` with, per parcel, a header line ending in `@`"
              + " (界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@) and its points"
              + " `点号,圈号,X,Y`. X is the northing and Y the easting; in EPSG:4490 X is the latitude"
              + " and Y the longitude (degrees). In EPSG:4547 (zone 38, CM 114°E) and EPSG:4546"
              + " (zone 37, CM 111°E) the easting may carry its zone number (38xxxxxx.xxx), which must"
              + " be the CRS's. A ring closes when a point repeats its first, or is closed here; it"
              + " needs 3 distinct points. Within a parcel, a ring inside an earlier part's outer ring"
              + " is a hole of it, any other a new part. Self-intersections are refused, not"
              + " repaired. Answers the shape in EPSG:4490 with the counts of points (as typed)"
              + " and rings; 422 names the line and why; 413 beyond the limits. A DXF drawing"
              + " (Content-Type application/dxf or image/vnd.dxf, or any body that is one: ASCII"
              + " DXF starting `0`/`SECTION`, or binary DXF; at most 4 MB, 10,000 entities) is"
              + " read by GDAL within 20 s: every closed polyline and hatch boundary is a ring (open"
              + " lines, text and points are skipped), CAD x the easting (zone number in front or"
              + " not) and y the northing, or in EPSG:4490 x the longitude and y the latitude;"
              + " larger rings first, so a ring inside another is its hole; a ring drawn twice"
              + " counts once; a 422 names the polyline by its handle and layer.")
  Parsed parse(
      @Parameter(description = "EPSG:4547 (default), EPSG:4546 or EPSG:4490")
          @RequestParam(defaultValue = "EPSG:4547")
          String crs,
      @RequestBody byte[] body) {
    Crs c = Crs.of(crs);
    if (c == null) {
      throw ApiException.badRequest(
          "unknown-crs",
          "坐标系只能是 EPSG:4547、EPSG:4546 或 EPSG:4490（crs must be EPSG:4547, EPSG:4546 or"
              + " EPSG:4490）");
    }
    boolean drawing = DxfDrawing.looks(body);
    if (drawing && body.length > DxfDrawing.MAX_BYTES) {
      throw ApiException.tooLarge(
          "coordinates-too-large", "Drawing too large", "DXF 文件超过 4 MB（the drawing exceeds 4 MB）");
    }
    if (!drawing && body.length > MAX_BYTES) {
      throw ApiException.tooLarge(
          "coordinates-too-large",
          "Coordinates too large",
          "坐标文本超过 1 MB（the coordinates exceed 1 MB）");
    }
    SurveyCoordinates.Parsed parsed;
    try {
      parsed = drawing ? dxf.read(body, c) : SurveyCoordinates.parse(decode(body), c);
    } catch (SurveyCoordinates.Problem p) {
      if (p.getMessage().startsWith("点数超过")) {
        throw ApiException.tooLarge("coordinates-too-large", "Too many points", p.getMessage());
      }
      throw problem(p.line, p.getMessage());
    }
    Map<String, Object> row =
        jdbc.sql(TRANSFORM).param("wkt", parsed.wkt()).param("srid", c.srid).query().singleRow();
    if (!Boolean.TRUE.equals(row.get("valid"))) {
      String reason = String.valueOf(row.get("reason"));
      SurveyCoordinates.Point near =
          row.get("x") == null
              ? null
              : parsed.nearest(
                  ((Number) row.get("x")).doubleValue(), ((Number) row.get("y")).doubleValue());
      String where =
          near == null
              ? ""
              : near.line() > 0
                  ? "第 " + near.line() + " 行（点 " + near.id() + "）附近"
                  : near.id() + "附近";
      throw problem(
          near == null ? 0 : near.line(),
          "图形无效："
              + where
              + (reason.startsWith("Self-intersection") ? "边界自相交" : "不是有效的面")
              + "；请改正坐标（不会自动修复）（invalid shape"
              + (near == null
                  ? ""
                  : near.line() > 0 ? " near line " + near.line() + ", point " + near.id() : "")
              + ": "
              + reason
              + "; not repaired）");
    }
    return new Parsed(
        json.readTree(String.valueOf(row.get("geometry"))), parsed.points(), parsed.rings());
  }

  private static ApiException problem(int line, String detail) {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (line > 0) {
      properties.put("line", line);
    }
    return ApiException.unprocessable(
        "invalid-coordinates", "Invalid survey coordinates", detail, properties);
  }

  /** UTF-8 if the bytes are, else GB18030 (what Chinese Windows tools write). */
  static String decode(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(body, Charset.forName("GB18030"));
    }
  }

  @GetMapping(value = "/api/layers/{layer}/features/{id}/boundary.txt")
  @Operation(
      summary = "A feature's boundary points as a 界址点坐标 exchange file",
      description =
          "`[属性描述]` (2000国家大地坐标系, 3 度分带, 高斯克吕格, 米, the CRS's 带号) and `[地块坐标]`: one"
              + " header per part (界址点数 including the closing point, 地块面积 in hectares,"
              + " ellipsoidal; 地块编号 the feature's id, 面), then its points `J<n>,圈号,X,Y`, X the"
              + " northing and Y the easting with the zone number in front, to the millimetre;"
              + " 圈号 1 is the outer ring, 2… its holes; each ring ends on its first point. UTF-8.")
  ResponseEntity<String> boundary(
      @PathVariable String layer,
      @PathVariable String id,
      @Parameter(description = "EPSG:4547 (default) or EPSG:4546")
          @RequestParam(defaultValue = "EPSG:4547")
          String crs) {
    Crs c = Crs.of(crs);
    if (c == null || !c.projected()) {
      throw ApiException.badRequest(
          "unknown-crs", "坐标系只能是 EPSG:4547 或 EPSG:4546（crs must be EPSG:4547 or EPSG:4546）");
    }
    FeatureLayer l = layers.get(layer);
    Object key;
    if (l.textIds()) {
      key = id;
    } else {
      try {
        key = Long.parseLong(id);
      } catch (NumberFormatException e) {
        throw ApiException.notFound("feature-not-found", "没有要素 " + id + "（no feature " + id + "）");
      }
    }
    List<Map<String, Object>> rows =
        jdbc.sql(BOUNDARY.fill().sql("features", l.featuresSql()).sql())
            .param("id", key)
            .param("srid", c.srid)
            .query()
            .listOfRows();
    if (rows.isEmpty()) {
      throw ApiException.notFound(
          "feature-not-found",
          l.name() + "中没有要素 " + id + "（no feature " + id + " in " + layer + "）");
    }
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .header(
            "Content-Disposition", "attachment; filename=\"" + layer + "-" + id + "-boundary.txt\"")
        .body(write(rows, c, id));
  }

  /** The rows of select_boundary_points.sql as the ministry's file. */
  static String write(List<Map<String, Object>> rows, Crs crs, String code) {
    StringBuilder s = new StringBuilder();
    s.append("[属性描述]\r\n")
        .append("格式版本号=1.01\r\n")
        .append("数据产生单位=\r\n")
        .append("坐标系=2000国家大地坐标系\r\n")
        .append("几度分带=3\r\n")
        .append("投影类型=高斯克吕格\r\n")
        .append("计量单位=米\r\n")
        .append("带号=")
        .append(crs.zone)
        .append("\r\n")
        .append("精度=0.001\r\n")
        .append("转换参数=,,,,,,\r\n")
        .append("[地块坐标]\r\n");
    int i = 0;
    while (i < rows.size()) {
      int part = ((Number) rows.get(i).get("part")).intValue();
      int end = i;
      while (end < rows.size() && ((Number) rows.get(end).get("part")).intValue() == part) {
        end++;
      }
      double hectares = ((Number) rows.get(i).get("hectares")).doubleValue();
      s.append(end - i)
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f", hectares))
          .append(',')
          .append(code)
          .append(',')
          .append(code)
          .append(part > 1 ? "-" + part : "")
          .append(",面,,,,@\r\n");
      int number = 0;
      String first = null;
      for (int k = i; k < end; k++) {
        Map<String, Object> r = rows.get(k);
        int rn = ((Number) r.get("ring")).intValue();
        boolean opening = k == i || ((Number) rows.get(k - 1).get("ring")).intValue() != rn;
        boolean closing = k + 1 == end || ((Number) rows.get(k + 1).get("ring")).intValue() != rn;
        String pointId;
        if (closing && first != null) {
          pointId = first;
        } else {
          pointId = "J" + ++number;
        }
        if (opening) {
          first = pointId;
        }
        double x = ((Number) r.get("x")).doubleValue();
        double y = ((Number) r.get("y")).doubleValue();
        s.append(pointId)
            .append(',')
            .append(rn)
            .append(',')
            .append(String.format(Locale.ROOT, "%.3f", y))
            .append(',')
            .append(String.format(Locale.ROOT, "%.3f", x + crs.zone * 1_000_000.0))
            .append("\r\n");
      }
      i = end;
    }
    return s.toString();
  }
}
