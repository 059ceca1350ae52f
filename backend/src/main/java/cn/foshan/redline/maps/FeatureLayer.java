package cn.foshan.redline.maps;

import java.util.List;
import java.util.Optional;

/**
 * A polygon layer of the map, as a capability defines it ({@link LayerDefinition}): a {@link
 * FeatureSource} drawn as vector tiles, with its fields, and how it is edited when it is.
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

  /** The table holding its features (null for a layer neither kept nor edited). */
  String table();

  /** Its attributes, with labels and code lists. */
  List<LayerField> fields();

  /**
   * The attributes a tile of it as of a moment carries, read from the kept versions (besides id,
   * area and shape); the current tiles' query ({@link #tileFeaturesSql()}) names its own.
   */
  List<LayerDefinition.TileAttribute> tileAttributes();

  /** How it is edited, when it is. */
  Optional<LayerDefinition.Editing> editable();

  /** How a browser without cartography of its own for it draws it (null: a default grey). */
  LayerStyle style();

  /** Whether the map shows it before anyone switches it on. */
  boolean shownAtStart();
}
