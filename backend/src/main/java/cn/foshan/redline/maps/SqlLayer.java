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
    String featuresAtSql,
    boolean versioned)
    implements FeatureLayer {

  /**
   * A layer reading {@code sql/<capability>/select_<id>_tile_features.sql} and {@code
   * sql/<capability>/select_<id>_at_point.sql}.
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
        SqlFiles.load(capability + "/select_" + id + "_at_point.sql"),
        false);
  }

  /** The same layer, with every version of its features kept (it can be drawn as of a moment). */
  public SqlLayer keepingHistory() {
    return new SqlLayer(id, name, nameEn, minZoom, drawOrder, tileFeaturesSql, featuresAtSql, true);
  }
}
