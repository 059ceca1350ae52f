package cn.foshan.redline.system;

/** The check of a list page's limit and offset that the lists of every package share. */
public final class PageLimits {

  /** The most rows a JSON page holds. */
  public static final int MAX_PAGE = 1000;

  private PageLimits() {}

  /** A 400 unless limit is 1 to {@value #MAX_PAGE} and offset is not negative. */
  public static void check(int limit, long offset) {
    if (limit < 1 || limit > MAX_PAGE || offset < 0) {
      throw ApiException.badRequest(
          "invalid-parameter",
          "每页行数 limit 应为 1 到 "
              + MAX_PAGE
              + "，offset 不能为负（limit must be 1 to "
              + MAX_PAGE
              + " and offset not negative）");
    }
  }
}
