package cn.foshan.redline.maps;

/**
 * A polygon layer of the map, as a capability offers it.
 *
 * <p>{@link #tileFeaturesSql()} selects the layer's features for one vector tile: columns {@code
 * id} (integer), attributes, and {@code geom}, already through {@code ST_AsMVTGeom}; it may use the
 * relation {@code bounds} with columns {@code merc} (tile envelope, EPSG:3857), {@code geo} (tile
 * envelope with a 64-pixel margin, EPSG:4490, for the index), {@code z} and {@code pixel} (one tile
 * pixel in degrees).
 *
 * <p>{@link #featuresSql()} is the layer's features as a relation, for others to filter and page:
 * columns {@code id} (the key: bigint, or text when {@link #textIds()}), {@code geom} (EPSG:4490)
 * and {@code properties} (a JSON object as text, with names joined in). Identify and OGC API
 * Features wrap it in their own {@code WHERE}, which PostgreSQL pushes down to the layer's indexes.
 */
public interface FeatureLayer {

  /** Stable identifier, used in URLs: {@code parcel}, {@code red_line}, … */
  String id();

  /** Chinese name, shown first. */
  String name();

  /** English name, shown after the Chinese. */
  String nameEn();

  /** Below this zoom the layer's tiles are empty. */
  int minZoom();

  /** Drawing order on the map, bottom first. */
  int drawOrder();

  String tileFeaturesSql();

  String featuresSql();

  /** Whether the layer's key is text (a code) rather than a number. */
  boolean textIds();

  /** Whether every version of its features is kept, so that it can be drawn as of a past moment. */
  boolean versioned();

  /**
   * The properties filters may name (OGC API – Features Part 3), each a column of {@link
   * #featuresSql()}'s relation; by default only the geometry.
   */
  default java.util.List<Queryable> queryables() {
    return java.util.List.of(Queryable.geometry());
  }
}
