package cn.foshan.redline.gisdata;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;

/** Shape helpers for the generator; all in the metric {@link Frame}. */
final class Shapes {

  static final GeometryFactory FACTORY = new GeometryFactory();

  private Shapes() {}

  /** A smooth irregular blob around a centre: r(θ) = radius·(1 + Σ aₖ cos(kθ + φₖ)). */
  static Polygon blob(Coordinate centre, double radius, Rng rng) {
    int harmonics = 4;
    double[] amp = new double[harmonics];
    double[] phase = new double[harmonics];
    for (int k = 0; k < harmonics; k++) {
      amp[k] = rng.uniform(0, 0.16 / (k + 1) * 2);
      phase[k] = rng.uniform(0, 2 * Math.PI);
    }
    int n = 96;
    Coordinate[] ring = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double theta = 2 * Math.PI * i / n;
      double r = 1;
      for (int k = 0; k < harmonics; k++) {
        r += amp[k] * Math.cos((k + 2) * theta + phase[k]);
      }
      r = Math.max(r, 0.35);
      ring[i] =
          new Coordinate(
              centre.x + radius * r * Math.cos(theta), centre.y + radius * r * Math.sin(theta));
    }
    ring[n] = ring[0].copy();
    return FACTORY.createPolygon(ring);
  }

  /** A rectangle of the given size, rotated by angle (radians) about its centre. */
  static Polygon rectangle(Coordinate centre, double width, double height, double angle) {
    Polygon box =
        FACTORY.createPolygon(
            new Coordinate[] {
              new Coordinate(-width / 2, -height / 2),
              new Coordinate(width / 2, -height / 2),
              new Coordinate(width / 2, height / 2),
              new Coordinate(-width / 2, height / 2),
              new Coordinate(-width / 2, -height / 2)
            });
    AffineTransformation t =
        AffineTransformation.rotationInstance(angle).translate(centre.x, centre.y);
    return (Polygon) t.transform(box);
  }

  /** The polygonal part of a geometry as a MultiPolygon, without parts smaller than minArea. */
  static MultiPolygon polygonal(Geometry g, double minArea) {
    List<Polygon> kept = new ArrayList<>();
    for (Object o : PolygonExtracter.getPolygons(g)) {
      Polygon p = (Polygon) o;
      if (!p.isEmpty() && p.getArea() >= minArea) {
        kept.add(p);
      }
    }
    return FACTORY.createMultiPolygon(kept.toArray(new Polygon[0]));
  }

  /** The largest polygon of a geometry (empty polygon when there is none). */
  static Polygon largest(Geometry g) {
    Polygon best = FACTORY.createPolygon();
    for (Object o : PolygonExtracter.getPolygons(g)) {
      Polygon p = (Polygon) o;
      if (p.getArea() > best.getArea()) {
        best = p;
      }
    }
    return best;
  }

  static MultiPolygon multi(Polygon p) {
    return FACTORY.createMultiPolygon(new Polygon[] {p});
  }

  /** A uniformly random point inside a polygonal geometry (rejection sampling on its envelope). */
  static Coordinate randomPointIn(Geometry area, IndexedPointInAreaLocator locator, Rng rng) {
    Envelope e = area.getEnvelopeInternal();
    for (int attempt = 0; attempt < 10_000; attempt++) {
      Coordinate c =
          new Coordinate(
              rng.uniform(e.getMinX(), e.getMaxX()), rng.uniform(e.getMinY(), e.getMaxY()));
      if (locator.locate(c) == Location.INTERIOR) {
        return c;
      }
    }
    return area.getInteriorPoint().getCoordinate();
  }

  /**
   * Finds s in [lo, hi] with f(s) ≈ target for an increasing f, by bisection; returns the s whose
   * value came closest.
   */
  static double solveIncreasing(DoubleFunction<Double> f, double target, double lo, double hi) {
    double bestS = hi;
    double bestErr = Double.MAX_VALUE;
    for (int i = 0; i < 40; i++) {
      double mid = (lo + hi) / 2;
      double v = f.apply(mid);
      double err = Math.abs(v - target);
      if (err < bestErr) {
        bestErr = err;
        bestS = mid;
      }
      if (err <= Math.abs(target) * 1e-4) {
        break;
      }
      if (v < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return bestS;
  }
}
