package cn.foshan.redline.maps;

import cn.foshan.redline.system.SqlFiles;
import java.util.List;

/**
 * A {@link FeatureSource} that is not a map layer (no tiles): a view of features whose relation is
 * the SQL file {@code sql/<capability>/select_<id>_features.sql}, read-only.
 *
 * @param yearColumn the column holding each feature's year, for features of one year each
 * @param temporalExtentSql the first and last moment of the features' years, with {@code
 *     yearColumn}
 */
public record SqlView(
    String id,
    String name,
    String nameEn,
    String description,
    String featuresSql,
    boolean textIds,
    List<Queryable> queryables,
    boolean loginRequired,
    String yearColumn,
    String temporalExtentSql)
    implements FeatureSource {

  /** A view reading {@code sql/<capability>/select_<id>_features.sql}, keyed by a number. */
  public static SqlView of(
      String capability, String id, String name, String nameEn, String description) {
    return new SqlView(
        id,
        name,
        nameEn,
        description,
        SqlFiles.load(capability + "/select_" + id + "_features.sql"),
        false,
        List.of(Queryable.geometry()),
        false,
        null,
        null);
  }

  /** The same view, keyed by text. */
  public SqlView keyedByText() {
    return with(true, queryables, loginRequired, yearColumn, temporalExtentSql);
  }

  /** The same view, read by logged-in users only. */
  public SqlView forLoggedInUsers() {
    return with(textIds, queryables, true, yearColumn, temporalExtentSql);
  }

  /**
   * The same view, each feature of the calendar year in {@code column} of its relation; {@code
   * extentSql} gives the first and last moment of those years (two timestamptz).
   */
  public SqlView perYear(String column, String extentSql) {
    if (!column.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a column: " + column);
    }
    return with(textIds, queryables, loginRequired, column, extentSql);
  }

  /** The same view with these queryables besides its geometry: columns of its relation. */
  public SqlView filterableBy(Queryable... columns) {
    return with(
        textIds, Queryable.withGeometry(columns), loginRequired, yearColumn, temporalExtentSql);
  }

  /** The same view (its name and features) with these settings. */
  private SqlView with(
      boolean textIds,
      List<Queryable> queryables,
      boolean loginRequired,
      String yearColumn,
      String temporalExtentSql) {
    return new SqlView(
        id,
        name,
        nameEn,
        description,
        featuresSql,
        textIds,
        queryables,
        loginRequired,
        yearColumn,
        temporalExtentSql);
  }
}
