package cn.foshan.redline.maps;

/**
 * Features a capability offers as a collection (OGC API – Features): every map layer ({@link
 * FeatureLayer}), and views that are not drawn as tiles, such as the per-mu efficiency of parcels
 * by year.
 *
 * <p>{@link #featuresSql()} is the features as a relation, for others to filter and page: columns
 * {@code id} (the key: bigint, or text when {@link #textIds()}), {@code geom} (EPSG:4490) and
 * {@code properties} (a JSON object as text, with names joined in), and beside them the columns its
 * {@link #queryables()} name. OGC API Features wraps it in its own {@code WHERE}, which PostgreSQL
 * pushes down to the tables' indexes.
 *
 * <p>Time, for OGC API's {@code datetime}: a source keeping every version of its features offers
 * them as they were ({@link #featuresOverTimeSql()}); a source whose features each belong to one
 * calendar year names the column holding it ({@link #yearColumn()}); any other has no time, and
 * {@code datetime} selects all its features, as OGC API – Features Part 1 asks
 * (/req/core/fc-time-response C).
 */
public interface FeatureSource {

  /** Stable identifier, used in URLs: {@code parcel}, {@code red_line}, … */
  String id();

  /** Chinese name, shown first. */
  String name();

  /** English name, shown after the Chinese. */
  String nameEn();

  String featuresSql();

  /** Whether the key is text (a code) rather than a number. */
  boolean textIds();

  /**
   * The properties filters may name (OGC API – Features Part 3), each a column of {@link
   * #featuresSql()}'s relation; by default only the geometry.
   */
  default java.util.List<Queryable> queryables() {
    return java.util.List.of(Queryable.geometry());
  }

  /**
   * Whether only a logged-in user may read these features (enterprises' taxes are not public);
   * anonymous readers neither see nor read them.
   */
  default boolean loginRequired() {
    return false;
  }

  /** What the features are, for people (a collection's description); null for none. */
  default String description() {
    return null;
  }

  /**
   * The features relation (as {@link #featuresSql()}) over a time from {@code :time_from} to {@code
   * :time_to} (timestamptz bound as text; equal for an instant, {@code -infinity} and {@code
   * infinity} for open ends): every feature that existed at some moment of it, as it was at the
   * latest such moment. Null when no history is kept.
   */
  default String featuresOverTimeSql() {
    return null;
  }

  /**
   * For features that each belong to one calendar year (China Standard Time): the column of the
   * features relation holding the year; else null.
   */
  default String yearColumn() {
    return null;
  }

  /**
   * One row of two timestamptz, the start and end of the features' time (null for an open end or
   * when unknown); null when the features have no time.
   */
  default String temporalExtentSql() {
    return null;
  }
}
