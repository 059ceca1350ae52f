package cn.foshan.redline.system;

import java.util.Map;

/**
 * The version a client read, from its If-Match header: every write names it (optimistic
 * concurrency), so that nobody's change is overwritten unseen. ETags are versions: {@code "3"}.
 */
public final class IfMatch {

  private IfMatch() {}

  /** The version, or a 428 problem when the header is missing. */
  public static int required(String ifMatch) {
    Integer version = optional(ifMatch);
    if (version == null) {
      throw versionRequired(
          "请在 If-Match 中发送读取时得到的 ETag（版本号），以免覆盖他人的修改（send If-Match with the"
              + " ETag (version) you read, so that nobody's change is overwritten unseen）");
    }
    return version;
  }

  /**
   * The version, or null when the header is missing. If-Match compares strongly (RFC 9110, 13.1.1):
   * a weak ETag ({@code W/"3"}) never matches, a 412 problem; anything but one quoted version
   * ({@code "3"}) is a 400 problem. (Our ETags are strong: the version itself.)
   */
  public static Integer optional(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return null;
    }
    String tag = ifMatch.strip();
    if (tag.startsWith("W/")) {
      throw ApiException.preconditionFailed(
          "weak-etag",
          "If-Match 中的弱 ETag（"
              + shorten(tag)
              + "）不能用于写入：请发送读取时得到的 ETag，如 \"3\"（a weak ETag never matches for a"
              + " write, RFC 9110 compares If-Match strongly: send the ETag as you read it, e.g."
              + " \"3\"）",
          Map.of());
    }
    if (!tag.matches("\"[0-9]{1,9}\"")) {
      throw ApiException.badRequest(
          "invalid-if-match",
          "If-Match 须是读取时得到的 ETag（版本号），如 \"3\"（If-Match must be the ETag you read,"
              + " the version in quotes, e.g. \"3\"）");
    }
    return Integer.parseInt(tag.substring(1, tag.length() - 1));
  }

  /**
   * The 428 problem of a write that does not say which version it read ({@code detail} says how to
   * send it: If-Match, baseVersion).
   */
  public static ApiException versionRequired(String detail) {
    return ApiException.preconditionRequired("version-required", detail);
  }

  /**
   * The 412 problem of a write against a version that is no longer current: somebody changed the
   * resource since the client read it ({@code properties}: what the client needs to look again).
   */
  public static ApiException stale(String detail, Map<String, Object> properties) {
    return ApiException.preconditionFailed("stale-version", detail, properties);
  }

  /** {@link #stale(String, Map)} with nothing more than the sentence. */
  public static ApiException stale(String detail) {
    return stale(detail, Map.of());
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
