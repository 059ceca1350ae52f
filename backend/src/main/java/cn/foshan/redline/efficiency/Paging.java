package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.PageLimits;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of a page or an export of the planner's lists (a page's limit and offset checked by
 * {@link PageLimits}).
 */
final class Paging {

  static final int MAX_EXPORT = 100_000;

  private Paging() {}

  /**
   * The rows of a page: JSON pages hold 100 unless told (at most 1000); an export (csv, xlsx,
   * geojson) holds every row up to 100,000, or the page asked for when limit is given (the map of
   * one page of the table).
   */
  static int rows(boolean exporting, Integer limit, long offset) {
    if (exporting) {
      if (limit == null) {
        return MAX_EXPORT;
      }
      PageLimits.check(limit, offset, MAX_EXPORT, Long.MAX_VALUE);
      return limit;
    }
    int page = limit == null ? 100 : limit;
    PageLimits.check(page, offset);
    return page;
  }

  /** A page's rows and the number of rows of all pages (0 when the page is past the end). */
  record Counted<T>(long total, List<T> items) {}

  /**
   * The rows of a paged statement that counts all its rows beside each ({@code count(*) OVER () AS
   * total}), as {@code row} maps them.
   */
  static <T> Counted<T> counted(JdbcClient.StatementSpec statement, RowMapper<T> row) {
    long[] total = {0};
    List<T> items =
        statement
            .query(
                (rs, n) -> {
                  total[0] = rs.getLong("total");
                  return row.mapRow(rs, n);
                })
            .list();
    return new Counted<>(total[0], items);
  }
}
