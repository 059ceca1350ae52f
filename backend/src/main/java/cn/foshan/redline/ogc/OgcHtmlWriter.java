package cn.foshan.redline.ogc;

import static cn.foshan.redline.ogc.OgcHtml.escape;

import cn.foshan.redline.ogc.OgcDocument.ApiDescription;
import cn.foshan.redline.ogc.OgcDocument.Collection;
import cn.foshan.redline.ogc.OgcDocument.Collections;
import cn.foshan.redline.ogc.OgcDocument.Conformance;
import cn.foshan.redline.ogc.OgcDocument.Item;
import cn.foshan.redline.ogc.OgcDocument.Landing;
import cn.foshan.redline.ogc.OgcDocument.Queryables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;

/**
 * The HTML encoding: a page for people per document, made of {@link OgcHtml}'s parts; a page of
 * features as a table, a row per feature as it comes.
 */
@Component
class OgcHtmlWriter implements OgcWriter {

  private final ObjectMapper json;

  OgcHtmlWriter(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public ResponseEntity<String> write(OgcDocument document) {
    return ResponseEntity.ok().contentType(OgcFormat.HTML_UTF8).body(page(document));
  }

  private String page(OgcDocument document) {
    if (document instanceof Landing landing) {
      return landing(landing);
    } else if (document instanceof Conformance conformance) {
      return conformance(conformance);
    } else if (document instanceof ApiDescription api) {
      return api(api);
    } else if (document instanceof Collections collections) {
      return collections(collections);
    } else if (document instanceof Collection collection) {
      return collection(collection);
    } else if (document instanceof Queryables queryables) {
      return queryables(queryables);
    } else if (document instanceof Item item) {
      return item(item);
    }
    throw new IllegalArgumentException("no HTML for " + document.getClass().getSimpleName());
  }

  private static String landing(Landing d) {
    return OgcHtml.head(d.title())
        + "<p>"
        + escape(d.description())
        + "</p>"
        + OgcHtml.links(d.links())
        + OgcHtml.tail();
  }

  private static String conformance(Conformance d) {
    StringBuilder s = new StringBuilder(OgcHtml.head("Conformance 符合性")).append("<ul>");
    d.conformsTo().forEach(c -> s.append("<li>").append(escape(c)).append("</li>"));
    return s.append("</ul>").append(OgcHtml.tail()).toString();
  }

  /** The same definition for people (/req/oas30/oas-definition-1): its operations, linked. */
  private static String api(ApiDescription d) {
    return OgcHtml.head(d.api().at("/info/title").asString())
        + "<p>"
        + escape(d.api().at("/info/description").asString())
        + "</p>"
        + OgcHtml.links(d.links())
        + OgcHtml.operations(d.api())
        + OgcHtml.tail();
  }

  private String collections(Collections d) {
    StringBuilder s = new StringBuilder(OgcHtml.head("集合 Collections"));
    s.append(OgcHtml.links(d.links()));
    for (Collection c : d.collections()) {
      s.append("<section><h2><a href=\"")
          .append(escape(d.base() + "/ogc/collections/" + c.id() + "?f=html"))
          .append("\">")
          .append(escape(c.title()))
          .append("</a></h2>")
          .append(OgcHtml.collection(json.valueToTree(c.body())))
          .append("</section>");
    }
    s.append("<p>crs: ").append(escape(String.join(", ", OgcCrs.uris()))).append("</p>");
    return s.append(OgcHtml.tail()).toString();
  }

  private String collection(Collection d) {
    return OgcHtml.head(d.title())
        + OgcHtml.links(d.alternates())
        + OgcHtml.collection(json.valueToTree(d.body()))
        + OgcHtml.tail();
  }

  private static String queryables(Queryables d) {
    StringBuilder s =
        new StringBuilder(OgcHtml.head(d.name() + " 可查询属性 queryables")).append("<ul>");
    d.queryables()
        .forEach(
            q ->
                s.append("<li><b>")
                    .append(escape(q.name()))
                    .append("</b> ")
                    .append(escape(q.title()))
                    .append(" <small>")
                    .append(escape(q.type().name().toLowerCase(Locale.ROOT)))
                    .append("</small></li>"));
    return s.append("</ul>").append(OgcHtml.tail()).toString();
  }

  private static String item(Item d) {
    return OgcHtml.head(d.title())
        + "<p>"
        + OgcHtml.properties(d.feature().path("properties"))
        + "</p>"
        + OgcHtml.geometry(d.feature().path("geometry"))
        + OgcHtml.links(d.links())
        + OgcHtml.tail();
  }

  @Override
  public ResponseEntity<StreamingResponseBody> write(OgcItems items) {
    StreamingResponseBody page =
        OgcFeatures.streamed(
            out -> {
              OgcFeatures.write(
                  out,
                  OgcHtml.head(items.title())
                      + "<table><tr><th>id</th><th>属性 properties</th><th>几何 geometry</th></tr>");
              OgcFeatures.Page done =
                  items
                      .features()
                      .page(
                          f ->
                              OgcFeatures.write(
                                  out,
                                  OgcHtml.row(
                                      items.collection(),
                                      json.readTree(new String(f, StandardCharsets.UTF_8)))));
              OgcFeatures.write(
                  out,
                  "</table><p>numberReturned "
                      + done.returned()
                      + (items.paging().complete(done) ? " · numberMatched " + done.returned() : "")
                      + " · timeStamp "
                      + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                      + "</p>"
                      + OgcHtml.links(items.paging().links(done))
                      + OgcHtml.tail());
            });
    return ResponseEntity.ok().contentType(OgcFormat.HTML_UTF8).body(page);
  }
}
