package cn.foshan.redline.system;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request the service refuses, carried to the client as an RFC 9457 problem: a stable {@code
 * type} ({@code /problems/<slug>}), a title, and a detail a person understands, Chinese first
 * ({@link ChineseFirst}).
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final transient Map<String, Object> properties;
  private final transient Map<String, String> headers;

  private ApiException(HttpStatus status, String slug, String title, String detail) {
    this(status, slug, title, detail, Map.of());
  }

  private ApiException(
      HttpStatus status, String slug, String title, String detail, Map<String, Object> properties) {
    this(status, slug, title, detail, properties, Map.of());
  }

  private ApiException(
      HttpStatus status,
      String slug,
      String title,
      String detail,
      Map<String, Object> properties,
      Map<String, String> headers) {
    super(ChineseFirst.detail(status, slug, detail));
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.properties = Map.copyOf(properties);
    this.headers = Map.copyOf(headers);
  }

  /** A 405 problem, with the methods the resource does allow (its Allow header, RFC 9110). */
  public static ApiException methodNotAllowed(String slug, String detail, String... allowed) {
    return new ApiException(
        HttpStatus.METHOD_NOT_ALLOWED,
        slug,
        "Method not allowed",
        detail,
        Map.of(),
        Map.of(HttpHeaders.ALLOW, String.join(", ", allowed)));
  }

  /**
   * A 503 problem: the service is too busy for this request now, and says when to try again (its
   * Retry-After header, RFC 9110).
   */
  public static ApiException busy(String slug, String detail, int retryAfterSeconds) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        slug,
        "Busy",
        detail,
        Map.of(),
        Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds)));
  }

  public static ApiException badRequest(String slug, String detail) {
    return badRequest(slug, detail, Map.of());
  }

  /** A 400 problem with what the client needs to put it right (the names it may use). */
  public static ApiException badRequest(
      String slug, String detail, Map<String, Object> properties) {
    return new ApiException(HttpStatus.BAD_REQUEST, slug, "Bad request", detail, properties);
  }

  public static ApiException notFound(String slug, String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, slug, "Not found", detail);
  }

  /** A 403 problem: this user may not do this. */
  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
  }

  /** A 409 problem: the resource is not in a state that allows this. */
  public static ApiException conflict(String slug, String detail) {
    return new ApiException(HttpStatus.CONFLICT, slug, "Conflict", detail);
  }

  /** A 412 problem (If-Match and versions: see {@link IfMatch}). */
  public static ApiException preconditionFailed(String slug, String detail) {
    return preconditionFailed(slug, detail, Map.of());
  }

  /** A 412 problem with what the client needs to put it right (the current version). */
  public static ApiException preconditionFailed(
      String slug, String detail, Map<String, Object> properties) {
    return new ApiException(
        HttpStatus.PRECONDITION_FAILED, slug, "Precondition failed", detail, properties);
  }

  /** A 428 problem (a write without the version it read: see {@link IfMatch}). */
  public static ApiException preconditionRequired(String slug, String detail) {
    return new ApiException(
        HttpStatus.PRECONDITION_REQUIRED, slug, "Precondition required", detail);
  }

  /** A 422 problem titled "Unprocessable content": the request breaks a rule the detail states. */
  public static ApiException unprocessable(String slug, String detail) {
    return unprocessable(slug, "Unprocessable content", detail);
  }

  /** A 422 problem: the request is understood but breaks a rule; its title names which kind. */
  public static ApiException unprocessable(String slug, String title, String detail) {
    return unprocessable(slug, title, detail, Map.of());
  }

  /** A 422 problem with what the client needs to put it right (the reasons, the violations). */
  public static ApiException unprocessable(
      String slug, String title, String detail, Map<String, Object> properties) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail, properties);
  }

  /** A 401 problem: the request needs a signed-in user. */
  public static ApiException unauthorized(String slug, String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, slug, "Unauthorized", detail);
  }

  /** A 406 problem: the service cannot answer in any of the formats the client accepts. */
  public static ApiException notAcceptable(String slug, String detail) {
    return new ApiException(HttpStatus.NOT_ACCEPTABLE, slug, "Not acceptable", detail);
  }

  /** A 408 problem: the request did not arrive in time; its title says what was too slow. */
  public static ApiException requestTimeout(String slug, String title, String detail) {
    return new ApiException(HttpStatus.REQUEST_TIMEOUT, slug, title, detail);
  }

  /** A 413 problem: the request, or what it unpacks to, is larger than we accept. */
  public static ApiException tooLarge(String slug, String title, String detail) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, slug, title, detail);
  }

  /** A 415 problem: a file or body in a format we do not read; its title names what. */
  public static ApiException unsupportedMediaType(String slug, String title, String detail) {
    return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, slug, title, detail);
  }

  /** A 504 problem: a tool the service runs (GDAL) did not finish in time. */
  public static ApiException gatewayTimeout(String slug, String title, String detail) {
    return new ApiException(HttpStatus.GATEWAY_TIMEOUT, slug, title, detail);
  }

  /**
   * A problem of a status computed at run time (what the database refused), titled by the status's
   * reason phrase.
   */
  static ApiException of(HttpStatus status, String slug, String detail) {
    return new ApiException(status, slug, status.getReasonPhrase(), detail);
  }

  public HttpStatus status() {
    return status;
  }

  /** The problem type's last part ({@code stale-version} for {@code /problems/stale-version}). */
  public String slug() {
    return slug;
  }

  /** The problem's properties beyond type, title and detail. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** The headers the problem comes with (Allow of a 405, Retry-After of a 503). */
  Map<String, String> headers() {
    return headers;
  }

  ProblemDetail toProblem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(URI.create("/problems/" + slug));
    problem.setTitle(title);
    properties.forEach(problem::setProperty);
    return problem;
  }
}
