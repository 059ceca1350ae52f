package cn.foshan.redline.ogc;

import cn.foshan.redline.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.InvalidMimeTypeException;

/**
 * The encodings this API answers in, and content negotiation: {@code f=json|html}, else the Accept
 * header (a browser's asks for HTML). The media types of the JSON documents are here too.
 */
enum OgcFormat {
  /** JSON, GeoJSON for features ({@link OgcJsonWriter}). */
  JSON,
  /** Plain pages for people browsing the API ({@link OgcHtml}). */
  HTML;

  static final MediaType GEOJSON = MediaType.parseMediaType("application/geo+json");
  static final MediaType OPENAPI =
      MediaType.parseMediaType("application/vnd.oai.openapi+json;version=3.0");
  static final MediaType SCHEMA = MediaType.parseMediaType("application/schema+json");
  static final MediaType HTML_UTF8 = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

  /** What this API answers in, for content negotiation. */
  private static final List<MediaType> PRODUCED =
      List.of(MediaType.APPLICATION_JSON, GEOJSON, MediaType.TEXT_HTML, OPENAPI, SCHEMA);

  boolean html() {
    return this == HTML;
  }

  /**
   * The encoding to answer in (f=html, or a browser's Accept); refuses parameters this operation
   * does not know (400), as the standard asks, and Accept headers admitting none of ours (406).
   */
  static OgcFormat of(HttpServletRequest request, Set<String> allowed) {
    OgcParameters.check(request, allowed);
    String f = request.getParameter("f");
    if (f != null) {
      return switch (f) {
        case "html" -> HTML;
        case "json" -> JSON;
        default ->
            throw ApiException.badRequest(
                "invalid-parameter", "f must be json or html, not '" + f + "'");
      };
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept != null && !accept.isBlank() && !acceptable(accept)) {
      throw ApiException.notAcceptable(
          "not-acceptable",
          "This API answers in JSON (application/json, application/geo+json) or HTML (text/html),"
              + " not '"
              + (accept.length() > 100 ? accept.substring(0, 100) + "…" : accept)
              + "'");
    }
    return accept != null && accept.contains("text/html") && !accept.contains("json") ? HTML : JSON;
  }

  /** Whether an Accept header admits one of the encodings answered (unreadable: yes). */
  private static boolean acceptable(String accept) {
    List<MediaType> types;
    try {
      types = MediaType.parseMediaTypes(accept);
    } catch (InvalidMimeTypeException | InvalidMediaTypeException e) {
      return true;
    }
    return types.stream().anyMatch(t -> PRODUCED.stream().anyMatch(p -> p.isCompatibleWith(t)));
  }
}
