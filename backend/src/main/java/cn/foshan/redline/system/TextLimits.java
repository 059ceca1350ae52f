package cn.foshan.redline.system;

/**
 * The longest texts people write into the records (V17 holds the database to the same): a reason of
 * a change, a 文号, a reviewer's comment, a name. Longer is refused with a 422 naming the field, so
 * that no request stores megabytes that every listing then returns.
 */
public final class TextLimits {

  /** 修改原因 (a change set's reason). */
  public static final int REASON = 500;

  /** 文号 (a document number). */
  public static final int DOCUMENT_NUMBER = 100;

  /** A reviewer's comment. */
  public static final int COMMENT = 1_000;

  /** A name (of a feature, a plan, a model). */
  public static final int NAME = 200;

  /** Any other text attribute of a feature. */
  public static final int TEXT = 1_000;

  private TextLimits() {}

  /**
   * The text as it is, or a 422 problem when longer than {@code max} characters (code points); null
   * stays null.
   */
  public static String check(String text, int max, String fieldZh, String fieldEn) {
    if (text != null && text.length() > max && text.codePointCount(0, text.length()) > max) {
      throw ApiException.unprocessable(
          "text-too-long",
          "Text too long",
          fieldZh + "最多 " + max + " 个字符（" + fieldEn + ": at most " + max + " characters）");
    }
    return text;
  }
}
