package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Cluster;
import cn.foshan.redline.gisdata.City.District;
import cn.foshan.redline.gisdata.City.RedLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;

/**
 * Red-line polygons 工业用地红线: each cluster is cut by district into parts, each part into blocks
 * (Voronoi cells of random seeds), and each block shrunk so that corridors (roads, rivers,
 * villages) separate them and the red line of each district comes to its target, measured
 * geodesically.
 */
final class RedLines {

  /** Red line keeps this far inside the cluster part (and so inside the district), metres. */
  private static final double PART_INSET = 20;

  /** About one block per this much cluster area, m². */
  private static final double BLOCK_AREA = 1.6e6;

  private static final BufferParameters MITRE =
      new BufferParameters(8, BufferParameters.CAP_FLAT, BufferParameters.JOIN_MITRE, 4);

  private RedLines() {}

  private record Part(Cluster cluster, District district, Geometry geom, double geodesicFactor) {}

  static List<RedLine> generate(
      long seed,
      List<District> districts,
      List<Cluster> clusters,
      Map<String, Double> redLineTargetKm2) {
    List<Part> parts = new ArrayList<>();
    for (Cluster cluster : clusters) {
      for (District district : districts) {
        if (!cluster.districtCodes().contains(district.code())) {
          continue;
        }
        Geometry geom =
            Shapes.polygonal(
                cluster.geom().intersection(district.geom()).buffer(-PART_INSET), 50_000);
        if (geom.isEmpty()) {
          continue;
        }
        double factor = Geodesy.area(Frame.toDegrees(geom)) / geom.getArea();
        parts.add(new Part(cluster, district, geom, factor));
      }
    }
    // Share each district's target among its parts in proportion to their area, with some spread.
    double[] target = new double[parts.size()];
    Map<String, Double> sum = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      target[i] =
          p.geom().getArea()
              * p.geodesicFactor()
              * Rng.of(seed, "red-line-share", i).uniform(0.9, 1.1);
      sum.merge(p.district().code(), target[i], Double::sum);
    }
    for (int i = 0; i < parts.size(); i++) {
      String code = parts.get(i).district().code();
      target[i] *= redLineTargetKm2.get(code) * 1e6 / sum.get(code);
    }
    List<List<Geometry>> blocksOfPart =
        IntStream.range(0, parts.size())
            .parallel()
            .mapToObj(i -> blocks(seed, i, parts.get(i), target[i]))
            .toList();

    List<RedLine> redLines = new ArrayList<>();
    Map<String, Integer> seq = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      for (Geometry block : blocksOfPart.get(i)) {
        int n = seq.merge(p.district().code(), 1, Integer::sum);
        redLines.add(
            new RedLine(
                redLines.size() + 1,
                String.format("RL%s-%04d", p.district().code(), n),
                p.district().code(),
                p.cluster().id(),
                block));
      }
    }
    return redLines;
  }

  private static List<Geometry> blocks(long seed, int index, Part part, double target) {
    Rng rng = Rng.of(seed, "red-line-blocks", index);
    Geometry geom = part.geom();
    int k = Math.max(1, (int) Math.round(geom.getArea() / BLOCK_AREA));
    IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(geom);
    List<Coordinate> seeds = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      seeds.add(Shapes.randomPointIn(geom, locator, rng));
    }
    List<Geometry> cells = new ArrayList<>();
    Map<Coordinate, Geometry> voronoi = Towns.voronoi(seeds, geom);
    for (Coordinate site : seeds) {
      Geometry cell = voronoi.get(site);
      if (cell == null) {
        continue; // two seeds fell on one point
      }
      Geometry block = Shapes.polygonal(cell.intersection(geom), 20_000);
      if (!block.isEmpty()) {
        cells.add(block);
      }
    }
    double planarTarget = target / part.geodesicFactor();
    // Leave some blocks out (villages, water, green land), as long as enough remains.
    double total = cells.stream().mapToDouble(Geometry::getArea).sum();
    for (int i = cells.size() - 1; i >= 0 && cells.size() > 1; i--) {
      double a = cells.get(i).getArea();
      if ((total - a) * 0.86 > planarTarget && rng.chance(0.35)) {
        cells.remove(i);
        total -= a;
      }
    }
    double[] spread = new double[cells.size()];
    for (int i = 0; i < spread.length; i++) {
      spread[i] = rng.uniform(0.6, 1.4);
    }
    double d =
        Shapes.solveIncreasing(inset -> -shrunkArea(cells, spread, inset), -planarTarget, 0, 800);
    List<Geometry> result = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      Geometry block = Shapes.polygonal(shrink(cells.get(i), d * spread[i]), 10_000);
      if (!block.isEmpty()) {
        result.add(block);
      }
    }
    return result;
  }

  private static double shrunkArea(List<Geometry> cells, double[] spread, double inset) {
    double sum = 0;
    for (int i = 0; i < cells.size(); i++) {
      sum += Shapes.polygonal(shrink(cells.get(i), inset * spread[i]), 10_000).getArea();
    }
    return sum;
  }

  private static Geometry shrink(Geometry g, double inset) {
    return BufferOp.bufferOp(g, -inset, MITRE);
  }
}
