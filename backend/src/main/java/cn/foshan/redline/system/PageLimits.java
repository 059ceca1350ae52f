package cn.foshan.redline.system;

/** The check of a list page's limit and offset that the lists of every package share. */
public final class PageLimits {

  /** The most rows a JSON page holds. */
  public static final int MAX_PAGE = 1000;

  private PageLimits() {}

  /** A 400 unless limit is 1 to {@value #MAX_PAGE} and offset is not negative. */
  public static void check(int limit, long offset) {
    check(limit, offset, MAX_PAGE, Long.MAX_VALUE);
  }

  /**
   * A 400 unless limit is 1 to maxLimit and offset 0 to maxOffset (a list's own bounds: a smaller
   * page, or no deep page start where a list is read from its newest end).
   */
  public static void check(int limit, long offset, int maxLimit, long maxOffset) {
    if (limit < 1 || limit > maxLimit || offset < 0 || offset > maxOffset) {
      boolean anyOffset = maxOffset == Long.MAX_VALUE;
      throw ApiException.badRequest(
          "invalid-parameter",
          "每页行数 limit 应为 1 到 "
              + maxLimit
              + (anyOffset ? "，offset 不能为负" : "，起始位置 offset 应为 0 到 " + maxOffset)
              + "（limit must be 1 to "
              + maxLimit
              + (anyOffset ? " and offset not negative）" : " and offset 0 to " + maxOffset + "）"));
    }
  }
}
