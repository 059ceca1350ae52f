package cn.foshan.redline.maps;

import cn.foshan.redline.system.SqlFiles;

/**
 * A {@link FeatureLayer} whose queries are SQL files under {@code sql/}.
 *
 * @param featuresOverTimeSql the features over a time, for a layer keeping history (else null)
 * @param temporalExtentSql the start of its history, for a layer keeping history (else null)
 */
public record SqlLayer(
    String id,
    String name,
    String nameEn,
    int minZoom,
    int drawOrder,
    String tileFeaturesSql,
    String featuresSql,
    boolean textIds,
    java.util.List<Queryable> queryables,
    String featuresOverTimeSql,
    String temporalExtentSql)
    implements FeatureLayer {

  /** Where a versioned layer's features query names its table: the over-time query goes there. */
  static final String TABLE_MARK = "/*table*/";

  private static final String OVER_TIME = SqlFiles.load("maps/select_table_over_time.sql");
  private static final String HISTORY_EXTENT = SqlFiles.load("maps/select_history_extent.sql");

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
        java.util.List.of(Queryable.geometry()),
        null,
        null);
  }

  @Override
  public boolean versioned() {
    return featuresOverTimeSql != null;
  }

  /**
   * The same layer, with every version of its features kept in {@code feature_history} under the
   * layer's id (the editing triggers keep them): it can be drawn and read as of a moment. Its
   * features query names its table once, marked by the comment {@code table} before it ({@link
   * #TABLE_MARK}); the features over a time put the table's rows of that time there ({@code
   * maps/select_table_over_time.sql}).
   */
  public SqlLayer keepingHistory(String table) {
    if (!table.matches("[a-z_]+") || !id.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a table or layer name: " + table + ", " + id);
    }
    String mark = TABLE_MARK + table + " ";
    int at = featuresSql.indexOf(mark);
    if (at < 0 || featuresSql.indexOf(mark, at + 1) >= 0) {
      throw new IllegalStateException(
          "the features query of " + id + " must name its table once as " + mark);
    }
    String overTime = OVER_TIME.replace("/*table*/", table).replace("/*layer*/", id);
    return with(
        textIds,
        queryables,
        featuresSql.replace(mark, "(" + overTime + ") "),
        HISTORY_EXTENT.replace("/*table*/", table).replace("/*layer*/", id));
  }

  /** The same layer, keyed by a text code. */
  public SqlLayer keyedByCode() {
    return with(true, queryables, featuresOverTimeSql, temporalExtentSql);
  }

  /**
   * The same layer with these queryables besides its geometry: columns its features relation
   * ({@code select_<id>_features.sql}) exposes next to {@code properties}.
   */
  public SqlLayer filterableBy(Queryable... columns) {
    return with(textIds, Queryable.withGeometry(columns), featuresOverTimeSql, temporalExtentSql);
  }

  /** The same layer (its name, drawing and features) with these settings. */
  private SqlLayer with(
      boolean textIds,
      java.util.List<Queryable> queryables,
      String featuresOverTimeSql,
      String temporalExtentSql) {
    return new SqlLayer(
        id,
        name,
        nameEn,
        minZoom,
        drawOrder,
        tileFeaturesSql,
        featuresSql,
        textIds,
        queryables,
        featuresOverTimeSql,
        temporalExtentSql);
  }
}
