package cn.foshan.redline.maps;

/**
 * A polygon layer of the map, as a capability offers it: a {@link FeatureSource} drawn as vector
 * tiles.
 *
 * <p>{@link #tileFeaturesSql()} selects the layer's features for one vector tile: columns {@code
 * id} (integer), attributes, and {@code geom}, already through {@code ST_AsMVTGeom}; it may use the
 * relation {@code bounds} with columns {@code merc} (tile envelope, EPSG:3857), {@code geo} (tile
 * envelope with a 64-pixel margin, EPSG:4490, for the index), {@code z} and {@code pixel} (one tile
 * pixel in degrees).
 *
 * <p>{@link #featuresSql()} is the layer's features as a relation: identify and OGC API Features
 * wrap it in their own {@code WHERE}.
 */
public interface FeatureLayer extends FeatureSource {

  /** Below this zoom the layer's tiles are empty. */
  int minZoom();

  /** Drawing order on the map, bottom first. */
  int drawOrder();

  String tileFeaturesSql();

  /** Whether every version of its features is kept, so that it can be drawn as of a past moment. */
  boolean versioned();
}
