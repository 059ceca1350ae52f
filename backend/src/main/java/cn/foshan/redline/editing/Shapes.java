package cn.foshan.redline.editing;

import cn.foshan.redline.system.ApiException;
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

  static final int MAX_POINTS = 20_000;

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

  /** The shape as a MultiPolygon in EPSG:4490 (GeoJSON text), or a problem saying what is wrong. */
  String check(JsonNode geometry, String crs, double maxAreaM2) {
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
    Checked c;
    try {
      c =
          jdbc.sql(checkSql)
              .param("geojson", geometry.toString())
              .param("srid", srid)
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
      throw ApiException.badRequest(
          "invalid-geojson", "The geometry is not readable GeoJSON: " + rootMessage(e));
    }
    if (c.points() > MAX_POINTS) {
      throw unprocessable(
          "too-many-vertices",
          "The shape has " + c.points() + " vertices; at most " + MAX_POINTS + " are accepted");
    }
    if (!c.inChina()) {
      throw unprocessable(
          "unknown-crs",
          "The coordinates are not CGCS2000 longitude/latitude in China"
              + (srid == 4490
                  ? "; if they are projected (Gauss–Krüger metres), say so with crs=EPSG:4547 or EPSG:4546"
                  : ""));
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
