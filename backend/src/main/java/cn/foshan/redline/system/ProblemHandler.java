package cn.foshan.redline.system;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns refusals and failures into RFC 9457 problem details. */
@RestControllerAdvice
class ProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> refused(ApiException e) {
    return ResponseEntity.status(e.status()).body(e.toProblem());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-parameter",
        "Parameter '" + e.getName() + "' has an invalid value: '" + e.getValue() + "'");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "missing-parameter",
        "Parameter '" + e.getParameterName() + "' is required");
  }

  static ResponseEntity<ProblemDetail> problem(HttpStatus status, String slug, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create("/problems/" + slug));
    p.setTitle(status.getReasonPhrase());
    if (status.is5xxServerError()) {
      log.error("{}: {}", slug, detail);
    }
    return ResponseEntity.status(status).body(p);
  }
}
