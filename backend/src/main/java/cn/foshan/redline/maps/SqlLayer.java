package cn.foshan.redline.maps;

import cn.foshan.redline.system.SqlFiles;

/** A {@link FeatureLayer} whose two queries are SQL files under {@code sql/}. */
public record SqlLayer(
    String id,
    String name,
    String nameEn,
    int minZoom,
    int drawOrder,
    String tileFeaturesSql,
    String featuresSql,
    boolean versioned,
    boolean textIds,
    java.util.List<Queryable> queryables)
    implements FeatureLayer {

  /**
   * A layer reading {@code sql/<capability>/select_<id>_tile_features.sql} and {@code
   * sql/<capability>/select_<id>_features.sql}.
   */
  public static SqlLayer of(
      String capability, String id, String name, String nameEn, int minZoom, int drawOrder) {
    return new SqlLayer(
        id,
        name,
        nameEn,
        minZoom,
        drawOrder,
        SqlFiles.load(capability + "/select_" + id + "_tile_features.sql"),
        SqlFiles.load(capability + "/select_" + id + "_features.sql"),
        false,
        false,
        java.util.List.of(Queryable.geometry()));
  }

  /** The same layer, with every version of its features kept (it can be drawn as of a moment). */
  public SqlLayer keepingHistory() {
    return new SqlLayer(
        id,
        name,
        nameEn,
        minZoom,
        drawOrder,
        tileFeaturesSql,
        featuresSql,
        true,
        textIds,
        queryables);
  }

  /** The same layer, keyed by a text code. */
  public SqlLayer keyedByCode() {
    return new SqlLayer(
        id,
        name,
        nameEn,
        minZoom,
        drawOrder,
        tileFeaturesSql,
        featuresSql,
        versioned,
        true,
        queryables);
  }

  /**
   * The same layer with these queryables besides its geometry: columns its features relation
   * ({@code select_<id>_features.sql}) exposes next to {@code properties}.
   */
  public SqlLayer filterableBy(Queryable... columns) {
    return new SqlLayer(
        id,
        name,
        nameEn,
        minZoom,
        drawOrder,
        tileFeaturesSql,
        featuresSql,
        versioned,
        textIds,
        Queryable.withGeometry(columns));
  }
}
