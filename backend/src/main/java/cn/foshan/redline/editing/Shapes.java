package cn.foshan.redline.editing;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import java.util.HashMap;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
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
    String key =
        crs.trim()
            .toUpperCase(java.util.Locale.ROOT)
            .replace("HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "EPSG:")
            .replace("HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84", "CRS84");
    Integer srid = CRS.get(key);
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
          "missing-geometry", "A GeoJSON geometry (Polygon or MultiPolygon) is required");
    }
    String type = geometry.path("type").asText("");
    if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
      throw unprocessable(
          "not-a-polygon",
          "The shape must be a GeoJSON Polygon or MultiPolygon, not '" + type + "'");
    }
    int srid = srid(crs);
    int points = countPoints(geometry, maxPoints, "shape");
    boolean repair = points <= MAX_REPAIR_POINTS;
    Checked c;
    try {
      c =
          jdbc.sql(checkSql)
              .param("geojson", geometry.toString())
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
      throw ApiException.badRequest(
          "invalid-geojson", "The geometry is not readable GeoJSON: " + rootMessage(e));
    }
    if (c.points() > maxPoints) {
      throw unprocessable(
          "too-many-vertices",
          "The shape has " + c.points() + " vertices; at most " + maxPoints + " are accepted");
    }
    if (!c.inChina()) {
      throw unprocessable(
          "unknown-crs",
          "The coordinates are not CGCS2000 longitude/latitude in China"
              + (srid == 4490
                  ? "; if they are projected (Gauss–Krüger metres), say so with crs=EPSG:4547 or EPSG:4546"
                  : ""));
    }
    if (!c.valid() && !repair) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
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
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "invalid-geometry",
          "Invalid geometry",
          "The shape is not a valid polygon: "
              + c.reason()
              + ". Nothing was saved; a repaired shape"
              + " is offered in 'repaired' — check it and send it again if it is right.",
          Map.of("reason", c.reason(), "repaired", new RawJson(c.repaired())));
    }
    if (c.areaM2() < 1 || c.areaM2() > maxAreaM2) {
      throw unprocessable(
          "implausible-size",
          String.format(
              java.util.Locale.ROOT,
              "The shape covers %.1f m²; shapes of this layer must cover 1 m² to %.0f km²",
              c.areaM2(),
              maxAreaM2 / 1e6));
    }
    if (!Boolean.TRUE.equals(c.inCity())) {
      throw unprocessable("outside-foshan", "The shape lies (partly) outside Foshan");
    }
    return c.normalized();
  }

  static ApiException unprocessable(String slug, String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, slug, "Unprocessable", detail);
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
