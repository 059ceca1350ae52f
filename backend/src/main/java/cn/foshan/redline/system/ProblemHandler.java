package cn.foshan.redline.system;

import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (DatabaseLimits.overLimit(e)) {
      // a statement over its time, or no free connection: busy, not broken (DatabaseLimits)
      log.warn("database over its limits: {}", e.toString());
      return refused(DatabaseLimits.problem(e));
    }
    log.error("unexpected failure", e);
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; it has been logged.");
    p.setType(URI.create("/problems/internal-error"));
    return ResponseEntity.internalServerError().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            status,
            "Parameter '"
                + e.getPropertyName()
                + "' has an invalid value: '"
                + e.getValue()
                + "'"
                + (e.getRequiredType() == null
                    ? ""
                    : " (expected " + describe(e.getRequiredType()) + ")"));
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
            status, "Parameter '" + e.getParameterName() + "' is required");
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

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    return type.getSimpleName();
  }
}
