package cn.foshan.redline.gisdata;

import java.util.List;
import java.util.function.Function;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds which of a set of polygons holds a point (e.g. the town of a parcel). Thread-safe once
 * built.
 */
final class Locator<T> {

  private record Entry<T>(T item, IndexedPointInAreaLocator locator) {}

  private final STRtree tree = new STRtree();

  Locator(List<T> items, Function<T, Geometry> geometry) {
    for (T item : items) {
      Geometry g = geometry.apply(item);
      IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(g);
      locator.locate(g.getEnvelopeInternal().centre()); // build the index now, not concurrently
      tree.insert(g.getEnvelopeInternal(), new Entry<>(item, locator));
    }
    tree.build();
  }

  /** The item holding the point, or null. */
  @SuppressWarnings("unchecked")
  T at(Coordinate c) {
    for (Object o : tree.query(new Envelope(c))) {
      Entry<T> e = (Entry<T>) o;
      if (e.locator().locate(c) != Location.EXTERIOR) {
        return e.item();
      }
    }
    return null;
  }
}
