package cn.foshan.redline.gisdata;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * A local metric frame for generating shapes: an equirectangular projection centred on Foshan, with
 * the scale of the CGCS2000 ellipsoid at the centre. Shapes are drawn in metres here and taken back
 * to longitude/latitude (EPSG:4490) to be stored; both directions are exact affine inverses, so a
 * shape keeps its validity and containment. Areas that matter are measured geodesically ({@link
 * Geodesy}), never in this frame.
 */
final class Frame {

  static final double LON0 = 112.9;
  static final double LAT0 = 23.1;

  /** Metres per degree of longitude and of latitude at LAT0 on the GRS80/CGCS2000 ellipsoid. */
  static final double METRES_PER_DEG_LON;

  static final double METRES_PER_DEG_LAT;

  static {
    double a = Geodesy.SEMI_MAJOR_AXIS;
    double e2 = Geodesy.FLATTENING * (2 - Geodesy.FLATTENING);
    double phi = Math.toRadians(LAT0);
    double w = 1 - e2 * Math.sin(phi) * Math.sin(phi);
    double n = a / Math.sqrt(w);
    double m = a * (1 - e2) / (w * Math.sqrt(w));
    METRES_PER_DEG_LON = Math.toRadians(1) * n * Math.cos(phi);
    METRES_PER_DEG_LAT = Math.toRadians(1) * m;
  }

  private static final AffineTransformation TO_METRES =
      new AffineTransformation(
          METRES_PER_DEG_LON,
          0,
          -LON0 * METRES_PER_DEG_LON,
          0,
          METRES_PER_DEG_LAT,
          -LAT0 * METRES_PER_DEG_LAT);

  private static final AffineTransformation TO_DEGREES =
      new AffineTransformation(1 / METRES_PER_DEG_LON, 0, LON0, 0, 1 / METRES_PER_DEG_LAT, LAT0);

  private Frame() {}

  static Geometry toMetres(Geometry lonLat) {
    return TO_METRES.transform(lonLat);
  }

  static Geometry toDegrees(Geometry metres) {
    return TO_DEGREES.transform(metres);
  }

  static double x(double lon) {
    return (lon - LON0) * METRES_PER_DEG_LON;
  }

  static double y(double lat) {
    return (lat - LAT0) * METRES_PER_DEG_LAT;
  }
}
