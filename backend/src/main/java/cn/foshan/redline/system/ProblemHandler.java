package cn.foshan.redline.system;

import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem detail with a stable {@code type} ({@code /problems/<slug>}):
 * the service's own refusals ({@link ApiException}) and Spring MVC's (bad or missing parameters,
 * unknown paths, wrong methods), a 503 with Retry-After when the database is over its limits (a
 * statement cancelled by its timeout, no free connection: {@link DatabaseLimits}), and a plain 500
 * for anything unexpected, logged.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> refused(ApiException e) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
    e.headers().forEach(answer::header);
    return answer.body(e.toProblem());
  }

  /**
   * What the database refused and no code of ours turned into a problem: a 4xx by its kind, in
   * people's words ({@link DatabaseRefusals}); a failure of another kind is the service's (500).
   */
  @ExceptionHandler(DataAccessException.class)
  ResponseEntity<ProblemDetail> database(DataAccessException e) {
    ApiException refusal = DatabaseRefusals.problem(e);
    return refusal == null ? unexpected(e) : refused(refusal);
  }

  /**
   * A request Spring Security's firewall refuses when a parameter is read (a parameter name or
   * value with a control character, say): the client's fault, a 400.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
    log.info("request rejected: {}", e.getMessage());
    return ResponseEntity.badRequest().body(Problems.rejected());
  }

  /**
   * A multipart body that cannot be read (cut short, no boundary, a part over the servlet's
   * limits): the client's, a 400 (413 when over the limits) in people's words.
   */
  @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
  ResponseEntity<ProblemDetail> multipart(org.springframework.web.multipart.MultipartException e) {
    log.info("unreadable multipart request: {}", e.toString());
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "无法读取上传的文件：请求不是完整的 multipart/form-data（the upload cannot be read: the"
                + " request is not whole multipart/form-data）");
    p.setType(URI.create("/problems/unreadable-upload"));
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (DatabaseLimits.overLimit(e)) {
      // a statement over its time, or no free connection: busy, not broken (DatabaseLimits)
      log.warn("database over its limits: {}", e.toString());
      return refused(DatabaseLimits.problem(e));
    }
    log.error("unexpected failure", e);
    return ResponseEntity.internalServerError().body(internalError());
  }

  /** The 500 problem: nothing of the failure itself, which is in the log. */
  static ProblemDetail internalError() {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "服务出错，已记录在日志中（something went wrong on our side; it has been logged）");
    p.setType(URI.create("/problems/internal-error"));
    return p;
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String value = shown(String.valueOf(e.getValue()));
    String expected = e.getRequiredType() == null ? null : describe(e.getRequiredType());
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            status,
            "参数 "
                + e.getPropertyName()
                + " 的值 '"
                + value
                + "' 无效"
                + (expected == null ? "" : "，应为" + CHINESE.getOrDefault(expected, expected))
                + "（parameter '"
                + e.getPropertyName()
                + "' has an invalid value: '"
                + value
                + "'"
                + (expected == null ? "" : "; expected " + expected)
                + "）");
    return handleExceptionInternal(e, p, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      org.springframework.web.multipart.MaxUploadSizeExceededException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            status, "上传的文件超过服务接受的上限（the upload is larger than the service accepts）");
    return handleExceptionInternal(e, p, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            status,
            "缺少参数 "
                + e.getParameterName()
                + "（parameter '"
                + e.getParameterName()
                + "' is required）");
    return handleExceptionInternal(e, p, headers, status, request);
  }

  /** Gives Spring MVC's own problems a stable type named after what went wrong. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail p) {
      p.setType(URI.create("/problems/" + slug(e, status)));
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static String slug(Exception e, HttpStatusCode status) {
    if (e instanceof TypeMismatchException) {
      return "invalid-parameter";
    }
    if (e instanceof MissingServletRequestParameterException) {
      return "missing-parameter";
    }
    HttpStatus known = HttpStatus.resolve(status.value());
    return known == null
        ? "http-" + status.value()
        : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static final java.util.Map<String, String> CHINESE =
      java.util.Map.of(
          "a whole number in decimal digits", "十进制整数",
          "a decimal number", "十进制数",
          "a date-time with its offset, e.g. 2025-06-30T12:00:00+08:00",
              "带时区偏移的时间，如 2025-06-30T12:00:00+08:00",
          "one of the values listed in the API description", "API 说明所列的值之一",
          "a value of another form", "另一种格式的值");

  /** What a parameter of this type takes, in words (never a Java class name). */
  private static String describe(Class<?> type) {
    if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      return "a whole number in decimal digits";
    }
    if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class
        || type == java.math.BigDecimal.class) {
      return "a decimal number";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "a date-time with its offset, e.g. 2025-06-30T12:00:00+08:00";
    }
    if (type.isEnum()) {
      return "one of the values listed in the API description";
    }
    return "a value of another form";
  }

  /** A value as a message may show it: at most 40 characters, control characters escaped. */
  private static String shown(String value) {
    String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    StringBuilder b = new StringBuilder();
    cut.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.append(Character.toChars(c));
              }
            });
    return b.toString();
  }
}
