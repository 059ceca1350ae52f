package cn.foshan.redline.system;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The problems of requests refused before any controller of ours saw them (by Tomcat, or forwarded
 * to the error page): a stable type by status and a sentence for people, Chinese first.
 */
final class Problems {

  private Problems() {}

  static String slug(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null
        ? "http-" + status
        : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String sentence(int status) {
    return switch (status) {
      case 400 ->
          "请求格式不对，无法读取：网址、参数或请求头中可能有不允许的字符（the request is malformed: the"
              + " URL, a parameter or a header may hold a character that is not allowed; encode it"
              + " as UTF-8 with percent-encoding）";
      case 404 -> "没有这个地址（there is nothing at this address）";
      case 405 -> "此地址不接受这种请求方法（this address does not take this method）";
      case 408 -> "请求超时（the request took too long to arrive）";
      case 413 -> "请求体过大（the request is too large）";
      case 414 -> "网址过长（the URL is too long）";
      case 431 -> "请求头过大（the request's headers are too large）";
      case 505 -> "不支持此 HTTP 版本（this HTTP version is not supported）";
      default ->
          status >= 500
              ? "服务出错，已记录在日志中（something went wrong on our side; it has been logged）"
              : "请求未被接受（the request was refused）";
    };
  }

  /** The 400 problem of a request with characters the service does not take (the firewall's). */
  static org.springframework.http.ProblemDetail rejected() {
    org.springframework.http.ProblemDetail p =
        org.springframework.http.ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "请求被拒绝：网址或参数名、参数值中有不允许的字符（如控制字符）（the request is refused: the URL"
                + " or a parameter's name or value holds a character that is not allowed, such as a"
                + " control character）");
    p.setType(java.net.URI.create("/problems/rejected-request"));
    p.setTitle("Bad Request");
    return p;
  }

  static String title(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "HTTP " + status : known.getReasonPhrase();
  }

  /** The problem as JSON text (written by hand: the valve runs outside Spring). */
  static String json(int status, String slug, String detail) {
    return "{\"type\":\"/problems/"
        + slug
        + "\",\"title\":\""
        + escape(title(status))
        + "\",\"status\":"
        + status
        + ",\"detail\":\""
        + escape(detail)
        + "\"}";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
