package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Lot;
import cn.foshan.redline.gisdata.City.RedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Cuts the red line into lots: each red-line polygon, less the land already taken (village parks,
 * reserve land), is laid out in rows of lots along a random street direction, with narrow gaps
 * between lots. Lots never overlap each other or the taken land. The lot size follows from the
 * count wanted, so the same city holds 20,000 parcels of ~30 mu or a million of well under one mu.
 */
final class Lots {

  /** Share of the buildable land the lots cover once gaps and ragged edges are counted. */
  private static final double EFFICIENCY = 0.92;

  /** Lots keep this far inside the red line, metres, so they lie strictly within it. */
  static final double EDGE = 0.5;

  private Lots() {}

  static List<Lot> generate(long seed, List<RedLine> redLines, List<Geometry> taken, int wanted) {
    STRtree takenIndex = new STRtree();
    for (Geometry g : taken) {
      takenIndex.insert(g.getEnvelopeInternal(), g);
    }
    takenIndex.build();
    List<Geometry> buildable =
        IntStream.range(0, redLines.size())
            .parallel()
            .mapToObj(i -> buildable(redLines.get(i).geom(), takenIndex))
            .toList();
    double area = buildable.stream().mapToDouble(Geometry::getArea).sum();
    double lotArea = area * EFFICIENCY / wanted;
    // The lot size is estimated, then corrected until there are enough lots, but not many more.
    List<Lot> enough = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      double size = lotArea;
      List<Lot> lots =
          IntStream.range(0, redLines.size())
              .parallel()
              .mapToObj(i -> layOut(seed, i, redLines.get(i), buildable.get(i), size))
              .flatMap(List::stream)
              .toList();
      if (lots.size() >= wanted) {
        enough = lots;
        if (lots.size() <= wanted * 1.08) {
          break;
        }
      } else if (enough != null) {
        break;
      }
      lotArea *= (lots.size() >= wanted ? 0.99 : 0.96) * lots.size() / wanted;
    }
    if (enough == null) {
      throw new IllegalStateException("the red line has no room for " + wanted + " lots");
    }
    return enough;
  }

  private static Geometry buildable(Geometry block, STRtree taken) {
    Geometry free = block.buffer(-EDGE);
    for (Object o : taken.query(block.getEnvelopeInternal())) {
      Geometry g = (Geometry) o;
      if (free.intersects(g)) {
        free = free.difference(g);
      }
    }
    return Shapes.polygonal(free, 100);
  }

  private static List<Lot> layOut(
      long seed, int index, RedLine redLine, Geometry free, double lotArea) {
    List<Lot> lots = new ArrayList<>();
    if (free.isEmpty()) {
      return lots;
    }
    Rng rng = Rng.of(seed, "lots", index);
    Coordinate centre = free.getCentroid().getCoordinate();
    double angle = rng.uniform(0, Math.PI);
    AffineTransformation toStreets =
        AffineTransformation.rotationInstance(-angle, centre.x, centre.y);
    AffineTransformation back = AffineTransformation.rotationInstance(angle, centre.x, centre.y);
    Geometry local = toStreets.transform(free);
    PreparedGeometry prepared = PreparedGeometryFactory.prepare(local);
    Envelope env = local.getEnvelopeInternal();
    double depth = Math.sqrt(lotArea * 1.3);
    double width = lotArea / depth;
    double gap = Math.min(7, Math.max(0.8, 0.035 * Math.sqrt(lotArea)));
    for (double y = env.getMinY(); y < env.getMaxY(); ) {
      double h = depth * rng.uniform(0.8, 1.25);
      for (double x = env.getMinX(); x < env.getMaxX(); ) {
        double w = width * rng.uniform(0.55, 1.6);
        Polygon rect =
            Shapes.FACTORY.createPolygon(
                new Coordinate[] {
                  new Coordinate(x + gap, y + gap),
                  new Coordinate(x + w - gap, y + gap),
                  new Coordinate(x + w - gap, y + h - gap),
                  new Coordinate(x + gap, y + h - gap),
                  new Coordinate(x + gap, y + gap)
                });
        Geometry lot = null;
        if (prepared.contains(rect)) {
          lot = rect;
        } else if (prepared.intersects(rect)) {
          Polygon cut = Shapes.largest(rect.intersection(local));
          if (cut.getArea() >= 0.45 * rect.getArea()) {
            lot = cut;
          }
        }
        if (lot != null) {
          lots.add(new Lot(back.transform(lot), redLine));
        }
        x += w;
      }
      y += h;
    }
    return lots;
  }
}
