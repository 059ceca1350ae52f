package cn.foshan.redline.ogc;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Links of the documents: href, rel, type and title, in this order in every encoding. */
final class OgcLinks {

  static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

  /** Parameters that place a page rather than select features: links set them anew. */
  private static final Set<String> PAGING = Set.of("limit", "offset", "after", "f");

  private OgcLinks() {}

  static Map<String, String> link(String href, String rel, String type, String title) {
    Map<String, String> link = new LinkedHashMap<>();
    link.put("href", href);
    link.put("rel", rel);
    link.put("type", type);
    link.put("title", title);
    return link;
  }

  /** The self link of a document in this format, and the alternate one in the other format. */
  static List<Map<String, String>> selfAndAlternate(
      String href, String alternateHref, OgcFormat format, String jsonType, String title) {
    boolean html = format.html();
    return List.of(
        link(href, "self", html ? "text/html" : jsonType, title),
        link(
            alternateHref,
            "alternate",
            html ? jsonType : "text/html",
            html ? (jsonType.equals("application/json") ? "as JSON" : "as GeoJSON") : "as HTML"));
  }

  /**
   * How a page of items links on: the request's own selection (bbox, filter…), limit and position
   * are kept, read from the request when it comes.
   */
  record Paging(String self, String fixed, String after, int limit, long offset, OgcFormat format) {

    static Paging of(HttpServletRequest request, String self, int limit, long offset, OgcFormat f) {
      StringBuilder kept = new StringBuilder("?limit=").append(limit);
      request
          .getParameterMap()
          .forEach(
              (name, values) -> {
                if (!PAGING.contains(name)) {
                  kept.append('&').append(encode(name)).append('=').append(encode(values[0]));
                }
              });
      return new Paging(self, kept.toString(), request.getParameter("after"), limit, offset, f);
    }

    /** Whether the page holds every match, so the count is known without counting. */
    boolean complete(OgcFeatures.Page page) {
      return offset == 0 && after == null && !page.more();
    }

    /** self, alternate, next (after the page's last key) and, when paging by offset, prev. */
    List<Map<String, String>> links(OgcFeatures.Page page) {
      boolean html = format.html();
      String geojson = OgcFormat.GEOJSON.toString();
      String position =
          (after == null ? "" : "&after=" + encode(after))
              + (offset == 0 ? "" : "&offset=" + offset);
      String type = html ? "text/html" : geojson;
      String f = html ? "&f=html" : "";
      List<Map<String, String>> links = new ArrayList<>();
      links.add(link(self + fixed + position + f, "self", type, "this page"));
      links.add(
          link(
              self + fixed + position + (html ? "" : "&f=html"),
              "alternate",
              html ? geojson : "text/html",
              html ? "as GeoJSON" : "as HTML"));
      if (page.more()) {
        links.add(
            link(self + fixed + "&after=" + encode(page.lastKey()) + f, "next", type, "next page"));
      }
      if (offset > 0 && after == null) {
        links.add(
            link(
                self + fixed + "&offset=" + Math.max(0, offset - limit) + f,
                "prev",
                type,
                "previous page"));
      }
      return links;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
