package cn.foshan.redline.gisdata;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Ellipsoidal (geodesic) areas on the CGCS2000 ellipsoid, the official way land areas are measured.
 * Used to size the demo city to its targets; the database measures the same with {@code
 * ST_Area(geography)}.
 */
public final class Geodesy {

  /** CGCS2000 ellipsoid: a = 6378137 m, 1/f = 298.257222101 (as GRS80). */
  public static final double SEMI_MAJOR_AXIS = 6378137.0;

  public static final double FLATTENING = 1 / 298.257222101;

  public static final double SQUARE_METRES_PER_MU = 10000.0 / 15.0;

  private static final Geodesic CGCS2000 = new Geodesic(SEMI_MAJOR_AXIS, FLATTENING);

  private Geodesy() {}

  /** Area in m² of a polygonal geometry in longitude/latitude degrees. */
  public static double area(Geometry lonLat) {
    double sum = 0;
    for (int i = 0; i < lonLat.getNumGeometries(); i++) {
      Geometry part = lonLat.getGeometryN(i);
      if (part instanceof Polygon polygon) {
        sum += Math.abs(ringArea(polygon.getExteriorRing()));
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
          sum -= Math.abs(ringArea(polygon.getInteriorRingN(h)));
        }
      }
    }
    return sum;
  }

  private static double ringArea(LinearRing ring) {
    PolygonArea area = new PolygonArea(CGCS2000, false);
    Coordinate[] cs = ring.getCoordinates();
    for (int i = 0; i < cs.length - 1; i++) {
      area.AddPoint(cs[i].y, cs[i].x);
    }
    return area.Compute(false, true).area;
  }
}
