package cn.foshan.redline.system;

import org.springframework.http.HttpStatus;

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
      throw new ApiException(
          HttpStatus.PRECONDITION_REQUIRED,
          "version-required",
          "Precondition required",
          "Send If-Match with the ETag (version) you read, so that nobody's change is overwritten"
              + " unseen");
    }
    return version;
  }

  /** The version, or null when the header is missing; a 400 problem when it is not an ETag. */
  public static Integer optional(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(ifMatch.trim().replaceFirst("^W/", "").replace("\"", ""));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid-if-match", "If-Match must be an ETag, e.g. \"3\"");
    }
  }
}
