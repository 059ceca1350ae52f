package cn.foshan.redline.ogc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON encoding: each document's JSON in its media type; a page of features as a GeoJSON
 * FeatureCollection whose features are written as PostGIS made them, byte for byte, as they come.
 */
@Component
class OgcJsonWriter implements OgcWriter {

  private static final byte[] COMMA = {','};

  private final ObjectMapper json;

  OgcJsonWriter(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public ResponseEntity<String> write(OgcDocument document) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (document.etag() != null) {
      ok.eTag(document.etag());
    }
    ok.contentType(document.jsonType());
    if (document.crs() != null) {
      ok.header("Content-Crs", "<" + document.crs().uri + ">");
    }
    Object body = document.json();
    return ok.body(body instanceof JsonNode node ? node.toString() : json.writeValueAsString(body));
  }

  @Override
  public ResponseEntity<StreamingResponseBody> write(OgcItems items) {
    StreamingResponseBody body =
        OgcFeatures.streamed(
            out -> {
              OgcFeatures.write(out, "{\"type\":\"FeatureCollection\",\"features\":[");
              boolean[] first = {true};
              OgcFeatures.Page page =
                  items
                      .features()
                      .page(
                          f -> {
                            if (!first[0]) {
                              OgcFeatures.write(out, COMMA);
                            }
                            OgcFeatures.write(out, f);
                            first[0] = false;
                          });
              Map<String, Object> tail = new LinkedHashMap<>();
              if (items.paging().complete(page)) {
                // the page holds every match: the count is known without counting
                tail.put("numberMatched", page.returned());
              }
              tail.put("numberReturned", page.returned());
              tail.put("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
              tail.put("links", items.paging().links(page));
              String rest = json.writeValueAsString(tail);
              OgcFeatures.write(out, "]," + rest.substring(1));
            });
    return ResponseEntity.ok()
        .contentType(OgcFormat.GEOJSON)
        .header("Content-Crs", "<" + items.crs().uri + ">")
        .body(body);
  }
}
