package cn.foshan.redline.ogc;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The HTML encoding: plain pages for people browsing the API, every value escaped, styled by a file
 * (/ogc.css) since the Content-Security-Policy allows no style element.
 */
final class OgcHtml {

  private OgcHtml() {}

  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '&' -> s.append("&amp;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  static String head(String title) {
    return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + "</title><link rel=\"stylesheet\" href=\"/ogc.css\">"
        + "</head><body><nav><a href=\"/ogc\">OGC API – Features</a>"
        + "<a href=\"/ogc/collections\">集合 Collections</a><a href=\"/\">地图 Map</a></nav><h1>"
        + escape(title)
        + "</h1>";
  }

  static String tail() {
    return "</body></html>";
  }

  /** Links as a list: title (or rel) → href. */
  static String links(List<Map<String, String>> links) {
    StringBuilder s = new StringBuilder("<ul>");
    for (Map<String, String> link : links) {
      s.append("<li><a href=\"")
          .append(escape(link.get("href")))
          .append("\">")
          .append(escape(link.getOrDefault("title", link.get("rel"))))
          .append("</a> <small>")
          .append(escape(link.get("rel")))
          .append(", ")
          .append(escape(link.getOrDefault("type", "")))
          .append("</small></li>");
    }
    return s.append("</ul>").toString();
  }

  /**
   * A collection's description: every member of its JSON (id, title, description, itemType, extent,
   * crs, storageCrs…) and its links.
   */
  static String collection(JsonNode c) {
    StringBuilder s = new StringBuilder("<table>");
    for (var e : c.properties()) {
      if (e.getKey().equals("links")) {
        continue;
      }
      s.append("<tr><th>").append(escape(e.getKey())).append("</th><td>");
      s.append(value(e.getValue())).append("</td></tr>");
    }
    s.append("</table>");
    List<Map<String, String>> links = new java.util.ArrayList<>();
    for (JsonNode l : c.path("links")) {
      Map<String, String> link = new java.util.LinkedHashMap<>();
      l.properties().forEach(e -> link.put(e.getKey(), e.getValue().asString()));
      links.add(link);
    }
    return s.append(links(links)).toString();
  }

  /** Any JSON value as text for people: objects as lists of name: value, arrays joined. */
  static String value(JsonNode v) {
    if (v.isObject()) {
      StringBuilder s = new StringBuilder("<ul>");
      v.properties()
          .forEach(
              e ->
                  s.append("<li>")
                      .append(escape(e.getKey()))
                      .append(": ")
                      .append(value(e.getValue()))
                      .append("</li>"));
      return s.append("</ul>").toString();
    }
    if (v.isArray()) {
      StringBuilder s = new StringBuilder("[");
      for (int i = 0; i < v.size(); i++) {
        s.append(i == 0 ? "" : ", ").append(value(v.get(i)));
      }
      return s.append("]").toString();
    }
    return v.isNull() ? "null" : escape(v.asString());
  }

  /** A feature's geometry: its type, and its GeoJSON for whoever opens it. */
  static String geometry(JsonNode geometry) {
    if (geometry.isNull() || geometry.isMissingNode()) {
      return "";
    }
    return "<details><summary>"
        + escape(geometry.path("type").asString(""))
        + "</summary><code>"
        + escape(geometry.toString())
        + "</code></details>";
  }

  /** The operations of an OpenAPI definition, path by path. */
  static String operations(JsonNode api) {
    StringBuilder s =
        new StringBuilder("<table><tr><th>path</th><th>operation</th><th>parameters</th></tr>");
    for (var path : api.path("paths").properties()) {
      for (var op : path.getValue().properties()) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode p : op.getValue().path("parameters")) {
          String ref = p.path("$ref").asString("");
          names.add(
              ref.isEmpty()
                  ? p.path("name").asString("")
                  : ref.substring(ref.lastIndexOf('/') + 1));
        }
        s.append("<tr><td>")
            .append(escape(path.getKey()))
            .append("</td><td><b>")
            .append(escape(op.getKey().toUpperCase(java.util.Locale.ROOT)))
            .append("</b> ")
            .append(escape(op.getValue().path("summary").asString("")))
            .append("</td><td>")
            .append(escape(String.join(", ", names)))
            .append("</td></tr>");
      }
    }
    return s.append("</table>").toString();
  }

  /** One feature as a table row: its id (a link to it), its top-level properties, geometry. */
  static String row(String collection, JsonNode feature) {
    String id = feature.path("id").asString("");
    StringBuilder s =
        new StringBuilder("<tr><td><a href=\"/ogc/collections/")
            .append(escape(collection))
            .append("/items/")
            .append(escape(id))
            .append("?f=html\">")
            .append(escape(id))
            .append("</a></td><td>");
    s.append(properties(feature.path("properties")));
    return s.append("</td><td>")
        .append(geometry(feature.path("geometry")))
        .append("</td></tr>")
        .toString();
  }

  static String properties(JsonNode properties) {
    StringBuilder s = new StringBuilder();
    for (var e : properties.properties()) {
      if (e.getValue().isNull() || e.getValue().isContainer()) {
        continue;
      }
      s.append("<b>")
          .append(escape(e.getKey()))
          .append("</b> ")
          .append(escape(e.getValue().asString()))
          .append("<br>");
    }
    return s.toString();
  }
}
