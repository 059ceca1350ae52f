package cn.foshan.redline.security;

import cn.foshan.redline.maps.MapProperties;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of every response, set before anything else runs (so that answers
 * without a body, which Spring Security's header writers skip, carry it too): scripts only from
 * files of this service (no inline script, no event-handler attribute, no javascript: URL, no
 * eval), style sheets only from files of this service (no style element), images from here, data:
 * URIs (icons of the style sheets) and the configured basemaps' hosts (each of a template's {s}
 * subdomains by its name: exactly the hosts tiles come from, no wildcard), requests only to this
 * service, no plugins, no framing, forms and the base URL only to this service. So an HTML fragment
 * that slipped into a page would still run no script.
 *
 * <p>Style attributes are allowed (style-src-attr 'unsafe-inline'): ECharts writes its charts' and
 * tooltips' styles as attributes; a style attribute runs no script and loads nothing the other
 * directives do not allow. Styles set through the CSSOM (element.style, as the pages and Leaflet
 * do) are no inline styles under CSP at all. Swagger UI (/swagger-ui/…, springdoc's) also adds a
 * style element of its own: its pages alone may have inline style elements; no page may have inline
 * script.
 */
final class ContentSecurityPolicy implements Filter {

  static final String HEADER = "Content-Security-Policy";

  /** scheme://host[:port] of an absolute http(s) URL. */
  private static final Pattern ORIGIN = Pattern.compile("^(https?)://([^/?#]+)");

  /** A host (with a port) as CSP takes it, named in full. */
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

  private final String policy;
  private final String swaggerPolicy;

  /**
   * @param basemapUrl the XYZ tile URL template of one basemap (with Leaflet's subdomains abc), or
   *     blank
   */
  ContentSecurityPolicy(String basemapUrl) {
    this(
        basemapUrl == null || basemapUrl.isBlank()
            ? List.of()
            : List.of(new MapProperties.Basemap(null, basemapUrl, null, null, null, null, null)));
  }

  /** The policy allowing the tiles of these basemaps (redline.map.basemaps and basemap-url). */
  ContentSecurityPolicy(List<MapProperties.Basemap> basemaps) {
    Set<String> sources = new LinkedHashSet<>();
    for (MapProperties.Basemap b : basemaps) {
      sources.addAll(basemapSources(b.url(), b.subdomainList()));
    }
    String images = sources.isEmpty() ? null : String.join(" ", sources);
    this.policy = policy(images, "style-src 'self'");
    this.swaggerPolicy = policy(null, "style-src 'self' 'unsafe-inline'");
  }

  private static String policy(String basemap, String styles) {
    return String.join(
        "; ",
        "default-src 'self'",
        "script-src 'self'",
        styles,
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:" + (basemap == null ? "" : " " + basemap),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'");
  }

  /** The policy of a page at this path (of the service, without its context path). */
  String policyFor(String path) {
    return path.startsWith("/swagger-ui/") || path.equals("/swagger-ui.html")
        ? swaggerPolicy
        : policy;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse answer) {
      String path = http.getRequestURI().substring(http.getContextPath().length());
      answer.setHeader(HEADER, policyFor(path));
    }
    chain.doFilter(request, response);
  }

  /**
   * The sources of a basemap's tiles for img-src: its origin, once per subdomain when its host has
   * Leaflet's {s} placeholder (each host named in full, never a wildcard); none for a URL of this
   * service. A URL whose origin CSP cannot name is a mistake in the settings, said at start-up.
   */
  static List<String> basemapSources(String url, List<String> subdomains) {
    if (url == null || url.isBlank()) {
      return List.of();
    }
    String trimmed = url.trim();
    Matcher m = ORIGIN.matcher(trimmed);
    if (!m.find()) {
      if (trimmed.startsWith("/") && !trimmed.startsWith("//")) {
        return List.of(); // a path of this service: 'self'
      }
      throw new IllegalStateException(
          "redline.map.basemap-url / basemaps: a basemap must be an http(s) URL or a path of this"
              + " service: "
              + url);
    }
    String host = m.group(2);
    List<String> hosts =
        host.contains("{s}")
            ? subdomains.stream().map(s -> host.replace("{s}", s)).toList()
            : List.of(host);
    List<String> sources = new java.util.ArrayList<>();
    for (String h : hosts) {
      if (!HOST.matcher(h).matches()) {
        throw new IllegalStateException(
            "redline.map.basemap-url / basemaps: a basemap's host must be a name (with {s} for"
                + " its subdomains at most) for the Content-Security-Policy to allow it: "
                + url);
      }
      sources.add(m.group(1) + "://" + h);
    }
    return sources;
  }
}
