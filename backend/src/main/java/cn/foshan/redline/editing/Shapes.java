package cn.foshan.redline.editing;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import java.util.HashMap;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a shape a client sends before it joins a change set: GeoJSON Polygon or MultiPolygon, in a
 * CRS we know (stated, never guessed), valid (else the reason and a repaired shape are offered
 * back, nothing is saved), of a sane size and vertex count, and in Foshan.
 */
@Component
class Shapes {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Shapes.class);

  /**
   * The CRSs a shape may come in: CGCS2000 lon/lat (WGS84/CRS84 agree to centimetres) and the
   * CGCS2000 Gauss–Krüger zones of Foshan.
   */
  private static final Map<String, Integer> CRS = new HashMap<>();

  static {
    for (String name : new String[] {"EPSG:4490", "EPSG:4326", "CRS84", "OGC:CRS84"}) {
      CRS.put(name, 4490);
    }
    CRS.put("EPSG:4547", 4547);
    CRS.put("EPSG:4546", 4546);
  }

  /**
   * Invalid shapes of at most this many points are repaired and the repair offered back; a larger
   * one is refused with the reason only (GEOS's repair of a huge self-intersecting shape runs for
   * many minutes and does not stop when cancelled).
   */
  static final int MAX_REPAIR_POINTS = 5_000;

  /** The most points of a line that splits a shape. */
  static final int MAX_LINE_POINTS = 10_000;

  private final JdbcClient jdbc;
  private final String checkSql = SqlFiles.load("editing/check_geometry.sql");

  Shapes(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The SRID for a CRS name; a 400 problem for one we do not know. */
  static int srid(String crs) {
    if (crs == null || crs.isBlank()) {
      return 4490;
    }
    Integer srid = known(crs);
    if (srid == null) {
      throw ApiException.badRequest(
          "unsupported-crs",
          "CRS '"
              + crs
              + "' is not supported; use EPSG:4490 (CGCS2000, the default), EPSG:4326/CRS84,"
              + " EPSG:4547 or EPSG:4546");
    }
    return srid;
  }

  /**
   * The SRID of a CRS name in any of the forms in use: {@code EPSG:4547}, the OGC URI {@code
   * http://www.opengis.net/def/crs/EPSG/0/4547}, the URN {@code urn:ogc:def:crs:EPSG::4547} (as a
   * GeoJSON {@code crs} member names it), CRS84 likewise; null for one we do not know.
   */
  static Integer known(String crs) {
    String key =
        crs.trim()
            .toUpperCase(java.util.Locale.ROOT)
            .replace("HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "EPSG:")
            .replace("HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84", "CRS84")
            .replaceFirst("^URN:OGC:DEF:CRS:EPSG:[0-9.]*:", "EPSG:")
            .replaceFirst("^URN:OGC:DEF:CRS:OGC:1\\.3:CRS84$", "CRS84");
    return CRS.get(key);
  }

  /**
   * The CRS a shape is in: the one the request names ({@code crs}), or the GeoJSON {@code crs}
   * member of the geometry (the 2008 GeoJSON form, {@code {"type":"name","properties":{"name":
   * "EPSG:4547"}}}, as PostGIS writes it); they must agree where both are given. A member naming a
   * CRS we do not know, or another than the request's, is a 422 problem: the shape is never read in
   * a CRS it does not say it is in.
   */
  static int srid(JsonNode geometry, String crs) {
    JsonNode member = geometry.get("crs");
    if (member == null || member.isNull()) {
      return srid(crs);
    }
    String name = member.path("properties").path("name").asString("");
    Integer named = "name".equals(member.path("type").asString("")) ? known(name) : null;
    if (named == null) {
      throw unprocessable(
          "unsupported-crs",
          "几何的 crs 成员 "
              + shorten(member.toString())
              + " 不是支持的坐标系（the geometry's crs member names no CRS we support: use"
              + " EPSG:4490, the default, EPSG:4326/CRS84, EPSG:4547 or EPSG:4546）");
    }
    if (crs != null && !crs.isBlank() && srid(crs) != named) {
      throw unprocessable(
          "crs-conflict",
          "几何的 crs 成员（"
              + name
              + "）与请求所述坐标系（"
              + crs
              + "）不一致（the geometry's crs member, "
              + name
              + ", is not the CRS the request names, "
              + crs
              + ": say one CRS, or the same in both）");
    }
    return named;
  }

  /**
   * Checks the GeoJSON coordinates of a shape before PostGIS reads them: nested arrays as deep as
   * the type says ({@code depth}: 1 for a LineString, 2 for a Polygon, 3 for a MultiPolygon), each
   * position two numbers. Text where a number belongs ({@code "113.1"}) is refused, never read as a
   * number; a third ordinate (a height, Z, or a measure, M) is refused, since the layers are 2-D
   * and would lose it.
   */
  static void checkCoordinates(JsonNode coordinates, int depth) {
    checkCoordinates(coordinates, depth, depth == 1 ? 2 : 4);
  }

  /**
   * As {@link #checkCoordinates(JsonNode, int)}; {@code fewest} is the number of positions the
   * innermost arrays need: a line 2, a polygon's ring 4 (closed: the first point again).
   */
  private static void checkCoordinates(JsonNode coordinates, int depth, int fewest) {
    if (coordinates == null || !coordinates.isArray()) {
      throw ApiException.badRequest(
          "invalid-geojson",
          "几何的 coordinates 必须是数组（the geometry's coordinates must be an array of "
              + (depth == 1 ? "positions" : depth == 2 ? "rings" : "polygons")
              + "）");
    }
    if (depth > 0) {
      if (depth == 1 && coordinates.size() < fewest) {
        throw unprocessable(
            "too-few-points",
            (fewest == 4 ? "多边形的每个环至少需要 4 个点（首尾相同）：" : "线至少需要 2 个点：")
                + shorten(coordinates.toString())
                + (fewest == 4
                    ? "（a polygon's ring needs 4 positions at least, the last the first again: "
                    : "（a line needs 2 positions at least: ")
                + shorten(coordinates.toString())
                + "）");
      }
      for (JsonNode child : coordinates) {
        checkCoordinates(child, depth - 1, fewest);
      }
      return;
    }
    for (JsonNode ordinate : coordinates) {
      if (!ordinate.isNumber()) {
        throw unprocessable(
            "coordinates-not-numbers",
            "坐标必须是数字，不能是文字或其他值："
                + shorten(coordinates.toString())
                + "（coordinates must be numbers, not text or other values: "
                + shorten(coordinates.toString())
                + "）");
      }
      if (!Double.isFinite(ordinate.asDouble())) {
        throw unprocessable(
            "coordinates-not-numbers",
            "坐标超出数值范围："
                + shorten(coordinates.toString())
                + "（a coordinate is out of range: "
                + shorten(coordinates.toString())
                + "）");
      }
    }
    if (coordinates.size() > 2) {
      throw unprocessable(
          "not-two-dimensional",
          "图层是二维的，每个坐标只能有 x、y 两个值，不能带高程（Z）或量测值（M）："
              + shorten(coordinates.toString())
              + "（the layers are 2-D: a position is two numbers, x and y; a height (Z) or measure"
              + " (M) would be lost, so remove it: "
              + shorten(coordinates.toString())
              + "）");
    }
    if (coordinates.size() < 2) {
      throw ApiException.badRequest(
          "invalid-geojson",
          "坐标须有 x、y 两个值："
              + shorten(coordinates.toString())
              + "（a position is two numbers, x and y: "
              + shorten(coordinates.toString())
              + "）");
    }
  }

  /**
   * The geometry as PostGIS is to read it: its coordinates checked ({@link #checkCoordinates}), its
   * crs member taken out (the SRID is set from {@link #srid(JsonNode, String)}).
   */
  static String readable(JsonNode geometry, int depth) {
    checkCoordinates(geometry.get("coordinates"), depth);
    if (!geometry.has("crs")) {
      return geometry.toString();
    }
    tools.jackson.databind.node.ObjectNode copy =
        ((tools.jackson.databind.node.ObjectNode) geometry).deepCopy();
    copy.remove("crs");
    return copy.toString();
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  private record Checked(
      String type,
      boolean valid,
      boolean inChina,
      String reason,
      String repaired,
      int points,
      Double areaM2,
      Boolean inCity,
      String normalized) {}

  /**
   * The points of a GeoJSON geometry's coordinates (a LineString's, a Polygon's or a
   * MultiPolygon's), counted in Java before it goes anywhere near the database: a 422 naming the
   * limit when more than {@code maxPoints}, and a 400 when the coordinates are not nested as the
   * type says.
   */
  static int countPoints(JsonNode geometry, int maxPoints, String what) {
    int depth =
        switch (geometry.path("type").asString("")) {
          case "LineString" -> 2;
          case "Polygon" -> 3;
          case "MultiPolygon" -> 4;
          default -> throw new IllegalArgumentException("not a line or polygon");
        };
    int points = count(geometry.path("coordinates"), depth, what);
    if (points > maxPoints) {
      throw unprocessable(
          "too-many-vertices",
          String.format(
              java.util.Locale.ROOT,
              "%s有 %,d 个顶点，最多接受 %,d 个；请先简化（The %s has %,d vertices; at most %,d are"
                  + " accepted: simplify it first）",
              what.equals("line") ? "切割线" : "图形",
              points,
              maxPoints,
              what,
              points,
              maxPoints));
    }
    return points;
  }

  /** The positions in coordinates nested {@code depth} arrays deep (a position being one). */
  private static int count(JsonNode coordinates, int depth, String what) {
    if (!coordinates.isArray()) {
      throw ApiException.badRequest(
          "invalid-geojson",
          "GeoJSON 坐标嵌套不符合其类型（The " + what + "'s coordinates are not nested as its type says）");
    }
    if (depth == 1) {
      return 1;
    }
    int n = 0;
    for (JsonNode child : coordinates) {
      n += count(child, depth - 1, what);
    }
    return n;
  }

  /**
   * The shape as a MultiPolygon in EPSG:4490 (GeoJSON text), or a problem saying what is wrong. Its
   * points are counted first ({@link #countPoints}: at most {@code maxPoints}, the layer's own
   * limit as its table's CHECK says), before anything else is done with it.
   */
  String check(JsonNode geometry, String crs, double maxAreaM2, int maxPoints) {
    if (geometry == null || !geometry.isObject()) {
      throw unprocessable(
          "missing-geometry",
          "缺少形状：需要 GeoJSON 的 Polygon 或 MultiPolygon（a GeoJSON geometry, Polygon or"
              + " MultiPolygon, is required）");
    }
    String type = geometry.path("type").asText("");
    if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
      throw unprocessable(
          "not-a-polygon",
          "形状必须是 GeoJSON 的 Polygon 或 MultiPolygon，不能是“"
              + type
              + "”（the shape must be a GeoJSON Polygon or MultiPolygon, not '"
              + type
              + "'）");
    }
    int srid = srid(geometry, crs);
    int points = countPoints(geometry, maxPoints, "shape");
    boolean repair = points <= MAX_REPAIR_POINTS;
    String readable = readable(geometry, type.equals("Polygon") ? 2 : 3);
    Checked c;
    try {
      c =
          jdbc.sql(checkSql)
              .param("geojson", readable)
              .param("srid", srid)
              .param("repair", repair)
              .query(
                  (rs, n) ->
                      new Checked(
                          rs.getString("type"),
                          rs.getBoolean("valid"),
                          rs.getBoolean("in_china"),
                          rs.getString("reason"),
                          rs.getString("repaired"),
                          rs.getInt("points"),
                          (Double) rs.getObject("area_m2"),
                          (Boolean) rs.getObject("in_city"),
                          rs.getString("normalized")))
              .single();
    } catch (DataAccessException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      log.info("a shape PostGIS could not read: {}", rootMessage(e));
      throw ApiException.badRequest(
          "invalid-geojson",
          "几何不是可读的 GeoJSON 多边形（the geometry is not a readable GeoJSON Polygon or"
              + " MultiPolygon）");
    }
    if (c.points() > maxPoints) {
      throw unprocessable(
          "too-many-vertices",
          "形状有 "
              + c.points()
              + " 个节点，至多接受 "
              + maxPoints
              + " 个（the shape has "
              + c.points()
              + " vertices; at most "
              + maxPoints
              + " are accepted）");
    }
    if (!c.inChina()) {
      throw unprocessable(
          "unknown-crs",
          "坐标不是中国范围内的 CGCS2000 经纬度"
              + (srid == 4490 ? "；若是高斯-克吕格投影坐标（米），请注明 crs=EPSG:4547 或 EPSG:4546" : "")
              + "（the coordinates are not CGCS2000 longitude/latitude in China"
              + (srid == 4490
                  ? "; if they are projected (Gauss–Krüger metres), say so with crs=EPSG:4547 or"
                      + " EPSG:4546"
                  : "")
              + "）");
    }
    if (!c.valid() && !repair) {
      throw ApiException.unprocessable(
          "invalid-geometry",
          "Invalid geometry",
          String.format(
              java.util.Locale.ROOT,
              "图形无效：%s。未保存；图形有 %,d 个顶点，超过 %,d 个的图形不自动修复，请修正后重新提交（The"
                  + " shape is not a valid polygon: %s. Nothing was saved; shapes of more than %,d"
                  + " vertices are not repaired here: fix it and send it again）",
              c.reason(),
              points,
              MAX_REPAIR_POINTS,
              c.reason(),
              MAX_REPAIR_POINTS),
          Map.of("reason", c.reason()));
    }
    if (!c.valid()) {
      throw ApiException.unprocessable(
          "invalid-geometry",
          "Invalid geometry",
          "图形无效："
              + c.reason()
              + "。未保存；已附上修复后的形状，请检查无误后再次提交（the shape is not a valid polygon: "
              + c.reason()
              + ". Nothing was saved; a repaired shape is offered in 'repaired': check it and send"
              + " it again if it is right）",
          Map.of("reason", c.reason(), "repaired", new RawJson(c.repaired())));
    }
    if (c.areaM2() < 1 || c.areaM2() > maxAreaM2) {
      throw unprocessable(
          "implausible-size",
          String.format(
              java.util.Locale.ROOT,
              "形状面积 %.1f m²；本图层的形状面积须在 1 m² 至 %.0f km² 之间（the shape covers %.1f"
                  + " m²; shapes of this layer must cover 1 m² to %.0f km²）",
              c.areaM2(),
              maxAreaM2 / 1e6,
              c.areaM2(),
              maxAreaM2 / 1e6));
    }
    if (!Boolean.TRUE.equals(c.inCity())) {
      throw unprocessable(
          "outside-foshan", "形状（部分）超出佛山市域（the shape lies, at least partly, outside Foshan）");
    }
    return c.normalized();
  }

  static ApiException unprocessable(String slug, String detail) {
    return ApiException.unprocessable(slug, "Unprocessable", detail);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    String first = message.replaceFirst("^ERROR: ", "");
    int end = first.indexOf('\n');
    return end < 0 ? first : first.substring(0, end);
  }
}
