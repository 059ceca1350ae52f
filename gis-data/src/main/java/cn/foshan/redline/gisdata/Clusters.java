package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Cluster;
import cn.foshan.redline.gisdata.City.District;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The 54 industrial clusters: an irregular blob around each anchor of {@code clusters.tsv}, inside
 * its district(s) and inside its Voronoi cell among all anchors (so clusters never overlap), sized
 * so that its districts' red line fills about two thirds of it, and never under 10,000 mu.
 */
final class Clusters {

  /** Clusters keep this far inside the (≈100 m precise) district boundary, metres. */
  static final double DISTRICT_INSET = 40;

  /** Half the gap left between neighbouring clusters, metres. */
  private static final double CELL_INSET = 60;

  /** A cluster is at least this large (the plan's 10,000 mu, with a margin), m². */
  private static final double MIN_AREA = 11_500 * Geodesy.SQUARE_METRES_PER_MU;

  /** The red line takes about this share of a cluster's area. */
  private static final double FILL = 0.66;

  private static final double MAX_FILL = 0.80;

  private Clusters() {}

  static List<Cluster> generate(
      long seed, List<District> districts, Map<String, Double> redLineTargetKm2) {
    Map<String, District> byCode = new HashMap<>();
    districts.forEach(d -> byCode.put(d.code(), d));
    List<Map<String, String>> defs = Tsv.read("clusters.tsv");
    List<Coordinate> anchors = new ArrayList<>();
    for (Map<String, String> def : defs) {
      anchors.add(
          new Coordinate(
              Frame.x(Double.parseDouble(def.get("lon"))),
              Frame.y(Double.parseDouble(def.get("lat")))));
    }
    Geometry city = UnaryUnionOp.union(districts.stream().map(District::geom).toList());
    Map<Coordinate, Geometry> cells = Towns.voronoi(anchors, city);

    int n = defs.size();
    Geometry[] allowed = new Geometry[n];
    Polygon[] unitBlobs = new Polygon[n];
    List<List<String>> districtCodes = new ArrayList<>();
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      Map<String, String> def = defs.get(i);
      List<String> codes = Arrays.asList(def.get("districts").split(","));
      districtCodes.add(codes);
      weights[i] = Double.parseDouble(def.get("weight"));
      Geometry region = UnaryUnionOp.union(codes.stream().map(c -> byCode.get(c).geom()).toList());
      allowed[i] =
          region
              .buffer(-DISTRICT_INSET)
              .intersection(cells.get(anchors.get(i)).buffer(-CELL_INSET));
      unitBlobs[i] = Shapes.blob(anchors.get(i), 1.0, Rng.of(seed, "cluster-shape", i));
    }

    // Desired red line of each cluster in each of its districts, from the weights.
    Map<String, Double> weightSum = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (String code : districtCodes.get(i)) {
        weightSum.merge(code, weights[i], Double::sum);
      }
    }
    double[] targetArea = new double[n];
    for (int i = 0; i < n; i++) {
      double redLine = 0;
      for (String code : districtCodes.get(i)) {
        redLine += redLineTargetKm2.get(code) * 1e6 * weights[i] / weightSum.get(code);
      }
      targetArea[i] = Math.max(MIN_AREA, redLine / FILL);
    }

    Geometry[] shapes = new Geometry[n];
    for (int round = 0; round < 8; round++) {
      for (int i = 0; i < n; i++) {
        shapes[i] = fit(unitBlobs[i], anchors.get(i), allowed[i], targetArea[i]);
      }
      // Grow the clusters of any district whose red line would not fit in them.
      Map<String, Double> partArea = new HashMap<>();
      for (int i = 0; i < n; i++) {
        for (String code : districtCodes.get(i)) {
          partArea.merge(
              code, shapes[i].intersection(byCode.get(code).geom()).getArea(), Double::sum);
        }
      }
      boolean grown = false;
      for (Map.Entry<String, Double> e : partArea.entrySet()) {
        double fill = redLineTargetKm2.get(e.getKey()) * 1e6 / e.getValue();
        if (fill > MAX_FILL) {
          grown = true;
          for (int i = 0; i < n; i++) {
            if (districtCodes.get(i).contains(e.getKey())) {
              targetArea[i] *= fill / (MAX_FILL - 0.06);
            }
          }
        }
      }
      if (!grown) {
        break;
      }
    }

    List<Cluster> clusters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> def = defs.get(i);
      double areaM2 = Geodesy.area(Frame.toDegrees(shapes[i]));
      if (areaM2 < 10_000 * Geodesy.SQUARE_METRES_PER_MU) {
        throw new IllegalStateException(
            "cluster "
                + def.get("code")
                + " has room for only "
                + Math.round(areaM2 / 666.67)
                + " mu; move its anchor in clusters.tsv");
      }
      clusters.add(
          new Cluster(
              i + 1,
              def.get("code"),
              def.get("name"),
              def.get("name_en"),
              districtCodes.get(i),
              Arrays.asList(def.get("industries").split(",")),
              Boolean.parseBoolean(def.get("flagship")),
              weights[i],
              shapes[i]));
    }
    return clusters;
  }

  /**
   * The blob scaled about its anchor so that its part inside the allowed area has the target area.
   */
  private static Geometry fit(
      Polygon unitBlob, Coordinate anchor, Geometry allowed, double target) {
    double radius =
        Shapes.solveIncreasing(
            r -> scaled(unitBlob, anchor, r).intersection(allowed).getArea(), target, 100, 20_000);
    Geometry shape = scaled(unitBlob, anchor, radius).intersection(allowed);
    double largest = Shapes.largest(shape).getArea();
    return Shapes.polygonal(shape, largest * 0.05);
  }

  private static Geometry scaled(Polygon unitBlob, Coordinate anchor, double radius) {
    return AffineTransformation.scaleInstance(radius, radius, anchor.x, anchor.y)
        .transform(unitBlob);
  }
}
