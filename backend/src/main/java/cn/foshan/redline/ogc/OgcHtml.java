package cn.foshan.redline.ogc;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The HTML encoding: plain pages for people browsing the API, every value escaped. */
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
        + "</title><style>"
        + "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2rem;color:#1a2a3a}"
        + "table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccd;padding:.2rem"
        + " .5rem;text-align:left;vertical-align:top}th{background:#eef2f6}a{color:#0b5cad}"
        + "nav a{margin-right:1rem}</style></head><body><nav><a href=\"/ogc\">OGC API – Features</a>"
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

  /** One feature as a table row: its id (a link to it) and its top-level properties. */
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
    return s.append("</td></tr>").toString();
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
