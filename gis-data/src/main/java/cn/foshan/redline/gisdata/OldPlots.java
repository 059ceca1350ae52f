package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Cluster;
import cn.foshan.redline.gisdata.City.District;
import cn.foshan.redline.gisdata.City.Lot;
import cn.foshan.redline.gisdata.City.Town;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.quadtree.Quadtree;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The scattered old industrial plots (零散、破碎的工业用地) the plan wants moved into the clusters: granted
 * long ago, around the town centres, outside every cluster (so outside the red line), apart from
 * the village parks and from each other. Their size follows the lots of the red line (so a city of
 * a million parcels has small ones), a little more varied. They are what gives 工业集中度 something to
 * measure: without them every parcel lies in a cluster.
 */
final class OldPlots {

  /** The share of the lots (parcels not supplied from the reserve) that are old scattered plots. */
  static final double SHARE = 0.12;

  /** Old plots keep this far from the clusters, the village parks and each other, metres. */
  private static final double GAP = 12;

  private OldPlots() {}

  static List<Lot> generate(
      long seed,
      List<District> districts,
      List<Town> towns,
      List<Cluster> clusters,
      List<Geometry> taken,
      int wanted,
      double meanArea) {
    List<Lot> plots = new ArrayList<>();
    if (wanted <= 0) {
      return plots;
    }
    STRtree clusterIndex = new STRtree();
    for (Cluster c : clusters) {
      Geometry halo = c.geom().buffer(GAP);
      clusterIndex.insert(halo.getEnvelopeInternal(), PreparedGeometryFactory.prepare(halo));
    }
    clusterIndex.build();
    Map<String, PreparedGeometry> inset = new HashMap<>();
    for (District d : districts) {
      inset.put(
          d.code(), PreparedGeometryFactory.prepare(d.geom().buffer(-Clusters.DISTRICT_INSET)));
    }
    Locator<Town> townAt = new Locator<>(towns, Town::geom);
    Quadtree placed = new Quadtree();
    for (Geometry g : taken) {
      placed.insert(g.getEnvelopeInternal(), g);
    }
    Rng rng = Rng.of(seed, "old-plots", 0);
    long attempts = (long) wanted * 60;
    for (long attempt = 0; plots.size() < wanted && attempt < attempts; attempt++) {
      Town near = rng.pick(towns);
      Coordinate c =
          new Coordinate(
              near.centre().x + rng.normal(0, 4000), near.centre().y + rng.normal(0, 4000));
      double area = Math.min(5 * meanArea, Math.max(0.2 * meanArea, rng.logNormal(meanArea, 0.6)));
      double aspect = rng.uniform(1, 2.2);
      double angle = rng.uniform(0, Math.PI);
      Town town = townAt.at(c);
      if (town == null) {
        continue;
      }
      Polygon rect = Shapes.rectangle(c, Math.sqrt(area * aspect), Math.sqrt(area / aspect), angle);
      if (!inset.get(town.districtCode()).contains(rect)
          || nearCluster(clusterIndex, rect)
          || !isFree(placed, rect)) {
        continue;
      }
      placed.insert(rect.getEnvelopeInternal(), rect);
      plots.add(new Lot(rect, null));
    }
    return plots;
  }

  private static boolean nearCluster(STRtree clusters, Polygon rect) {
    for (Object o : clusters.query(rect.getEnvelopeInternal())) {
      if (((PreparedGeometry) o).intersects(rect)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFree(Quadtree placed, Polygon rect) {
    Envelope e = new Envelope(rect.getEnvelopeInternal());
    e.expandBy(GAP);
    for (Object o : placed.query(e)) {
      if (((Geometry) o).isWithinDistance(rect, GAP)) {
        return false;
      }
    }
    return true;
  }
}
