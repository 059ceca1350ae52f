package cn.foshan.redline.ogc;

import cn.foshan.redline.system.ApiException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;

/**
 * Geometries a request brings (a bbox, a CQL2 literal) made ready to bind: JTS geometries in
 * PostGIS axis order (x = east), checked against the range of their CRS, written as WKB. PostGIS
 * then transforms them to the stored CRS ({@link OgcCrs#toStorage}).
 */
final class OgcGeometries {

  static final GeometryFactory FACTORY = new GeometryFactory();

  private OgcGeometries() {}

  /**
   * The {@code bbox} parameter (4 numbers, or 6 with heights, in the axis order of its CRS) as a
   * polygon in PostGIS axis order (two, for a box across the antimeridian); null when absent. In a
   * projected CRS the box's edges are densified ({@link #POINTS_PER_EDGE} points a side, whatever
   * the box's size: a length derived from the box made a box 1 mm tall and 1,000 km wide into
   * billions of points), so that it keeps its shape in degrees.
   */
  static Geometry bbox(String text, OgcCrs crs) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",", -1);
    double[] v = new double[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        v[i] = Double.parseDouble(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      v = null;
    }
    if (v == null || (v.length != 4 && v.length != 6)) {
      throw ApiException.badRequest(
          "invalid-bbox",
          "bbox must be 4 numbers (lower corner, upper corner, in the axis order of bbox-crs) or 6"
              + " (with heights)");
    }
    int half = v.length / 2;
    double x1 = crs.northFirst ? v[1] : v[0];
    double y1 = crs.northFirst ? v[0] : v[1];
    double x2 = crs.northFirst ? v[half + 1] : v[half];
    double y2 = crs.northFirst ? v[half] : v[half + 1];
    if (!crs.accepts(x1, y1) || !crs.accepts(x2, y2) || y1 > y2) {
      throw cornersOutOfOrder(crs);
    }
    if (x1 > x2) {
      if (crs.srid != 4490) {
        throw cornersOutOfOrder(crs);
      }
      // across the antimeridian (17-069r4, /req/core/fc-bbox-response): the west edge is east of
      // the east edge; the box is the two parts on either side of 180°
      return FACTORY.createMultiPolygon(
          new Polygon[] {
            (Polygon) FACTORY.toGeometry(new Envelope(x1, 180, y1, y2)),
            (Polygon) FACTORY.toGeometry(new Envelope(-180, x2, y1, y2))
          });
    }
    Geometry box = FACTORY.toGeometry(new Envelope(x1, x2, y1, y2));
    if (crs.srid != 4490 && x2 > x1 && y2 > y1) {
      box = densified(x1, y1, x2, y2);
    }
    return box;
  }

  /** The problem of a bbox whose corners are outside the CRS's range or not lower then upper. */
  private static ApiException cornersOutOfOrder(OgcCrs crs) {
    return ApiException.badRequest(
        "invalid-bbox",
        "bbox must be the lower corner then the upper corner in "
            + crs.uri
            + " ("
            + crs.range()
            + ")");
  }

  /** Points on each edge of a box given in a projected CRS, corners included. */
  static final int POINTS_PER_EDGE = 32;

  /**
   * The box x1..x2, y1..y2 as a closed ring of {@link #POINTS_PER_EDGE} points an edge: always 4 ×
   * 32 + 1 points, whatever the numbers.
   */
  static Polygon densified(double x1, double y1, double x2, double y2) {
    int n = POINTS_PER_EDGE;
    Coordinate[] ring = new Coordinate[4 * n + 1];
    for (int i = 0; i < n; i++) {
      double t = (double) i / n;
      ring[i] = new Coordinate(x1 + (x2 - x1) * t, y1);
      ring[n + i] = new Coordinate(x2, y1 + (y2 - y1) * t);
      ring[2 * n + i] = new Coordinate(x2 - (x2 - x1) * t, y2);
      ring[3 * n + i] = new Coordinate(x1, y2 - (y2 - y1) * t);
    }
    ring[4 * n] = new Coordinate(x1, y1);
    return FACTORY.createPolygon(ring);
  }

  /**
   * A geometry given in the axis order of {@code crs} turned to PostGIS axis order and checked
   * against the CRS's range (a 400 naming {@code what} when outside).
   */
  static Geometry inPostgisOrder(Geometry geometry, OgcCrs crs, String what) {
    Geometry g = geometry.copy();
    if (crs.northFirst) {
      g.apply(
          (CoordinateFilter)
              c -> {
                double x = c.x;
                c.x = c.y;
                c.y = x;
              });
      g.geometryChanged();
    }
    for (Coordinate c : g.getCoordinates()) {
      if (!crs.accepts(c.x, c.y)) {
        throw ApiException.badRequest(
            "invalid-filter", what + " has a point outside " + crs.uri + " (" + crs.range() + ")");
      }
    }
    return g;
  }

  static byte[] wkb(Geometry geometry) {
    return new WKBWriter(2).write(geometry);
  }
}
