package cn.foshan.redline.ogc;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OGC API – Features, Part 1 (Core) at {@code /ogc}: landing page, conformance, the OpenAPI 3.0
 * description, every map layer and view as a collection, its items (bbox, datetime, limit, offset,
 * next and prev links) and each item, as GeoJSON or HTML ({@code f=json|html}, or the Accept
 * header). Features are GeoJSON made by PostGIS and streamed as they come; coordinates are CGCS2000
 * longitude, latitude (EPSG:4490), which agrees with CRS84 to a few centimetres, as OGC API's
 * default asks. A collection that needs a login (enterprises' figures) is listed, described and
 * read for logged-in users only: anyone else gets 401 for it, and does not find it in the lists.
 */
@RestController
@RequestMapping("/ogc")
@Tag(
    name = "OGC API – Features",
    description = "Parts 1 (Core), 2 (CRS) and 3 (Filtering, CQL2); GeoJSON and HTML")
class OgcController {

  static final MediaType GEOJSON = MediaType.parseMediaType("application/geo+json");
  static final MediaType OPENAPI =
      MediaType.parseMediaType("application/vnd.oai.openapi+json;version=3.0");
  static final String CRS84 = OgcCrs.CRS84.uri;
  private static final int DEFAULT_LIMIT = 100;
  private static final byte[] COMMA = {','};
  private static final int MAX_LIMIT = 10_000;
  private static final List<String> CONFORMANCE =
      List.of(
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
          "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
          "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
          "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
          "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
          "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
          "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
          "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
          "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
          "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
          "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features");
  static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  static final MediaType SCHEMA = MediaType.parseMediaType("application/schema+json");
  static final String TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

  private final LayerCatalog catalog;
  private final OgcFeatures features;
  private final OgcFilters filters;
  private final ObjectMapper json;

  OgcController(LayerCatalog catalog, OgcFeatures features, OgcFilters filters, ObjectMapper json) {
    this.catalog = catalog;
    this.features = features;
    this.filters = filters;
    this.json = json;
  }

  // ---- landing page, conformance, API description

  @GetMapping({"", "/"})
  @Operation(summary = "Landing page: links to the API description, conformance and collections")
  ResponseEntity<String> landing(HttpServletRequest request) {
    boolean html = html(request, Set.of());
    String base = base(request);
    List<Map<String, String>> links = new ArrayList<>();
    links.add(link(base + "/ogc", "self", html ? "text/html" : "application/json", "this page"));
    links.add(
        link(
            base + "/ogc?f=" + (html ? "json" : "html"),
            "alternate",
            html ? "application/json" : "text/html",
            html ? "as JSON" : "as HTML"));
    links.add(
        link(
            base + "/ogc/api",
            "service-desc",
            OPENAPI.toString(),
            "API description (OpenAPI 3.0)"));
    links.add(
        link(
            base + "/swagger-ui.html",
            "service-doc",
            "text/html",
            "API documentation of the whole service"));
    links.add(
        link(base + "/ogc/conformance", "conformance", "application/json", "Conformance classes"));
    links.add(link(base + "/ogc/collections", "data", "application/json", "Collections"));
    String title = "佛山市工业用地一张图 · Foshan industrial land";
    String description =
        "The land bureau's layers: districts, towns, industrial clusters, the industrial-land red"
            + " line, reserve land, village parks, parcels and factory buildings; for logged-in"
            + " users also the per-mu efficiency and the compliance check of parcels by year.";
    if (html) {
      return html(
          OgcHtml.head(title)
              + "<p>"
              + OgcHtml.escape(description)
              + "</p>"
              + OgcHtml.links(links)
              + OgcHtml.tail());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", title);
    body.put("description", description);
    body.put("links", links);
    return json(body, MediaType.APPLICATION_JSON);
  }

  @GetMapping("/conformance")
  @Operation(summary = "The conformance classes this API implements")
  ResponseEntity<String> conformance(HttpServletRequest request) {
    if (html(request, Set.of())) {
      StringBuilder s = new StringBuilder(OgcHtml.head("Conformance 符合性")).append("<ul>");
      CONFORMANCE.forEach(c -> s.append("<li>").append(OgcHtml.escape(c)).append("</li>"));
      return html(s.append("</ul>").append(OgcHtml.tail()).toString());
    }
    return json(Map.of("conformsTo", CONFORMANCE), MediaType.APPLICATION_JSON);
  }

  @GetMapping("/api")
  @Operation(summary = "The OpenAPI 3.0 description of this OGC API")
  ResponseEntity<String> api(HttpServletRequest request) throws java.io.IOException {
    boolean html = html(request, Set.of());
    ObjectNode api;
    try (var in = new ClassPathResource("ogc/openapi.json").getInputStream()) {
      api = (ObjectNode) json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    api.putArray("servers").addObject().put("url", base(request) + "/ogc");
    var ids =
        api.at("/components/parameters/collectionId/schema").isObject()
            ? ((ObjectNode) api.at("/components/parameters/collectionId/schema")).putArray("enum")
            : null;
    if (ids != null) {
      visible().forEach(l -> ids.add(l.id()));
    }
    collectionPaths(api);
    if (html) {
      // the same definition for people (/req/oas30/oas-definition-1): its operations, linked
      String base = base(request);
      return html(
          OgcHtml.head(api.at("/info/title").asString())
              + "<p>"
              + OgcHtml.escape(api.at("/info/description").asString())
              + "</p>"
              + OgcHtml.links(
                  List.of(
                      link(
                          base + "/ogc/api",
                          "alternate",
                          OPENAPI.toString(),
                          "as OpenAPI 3.0 (JSON)"),
                      link(
                          base + "/swagger-ui.html",
                          "service-doc",
                          "text/html",
                          "API documentation of the whole service")))
              + OgcHtml.operations(api)
              + OgcHtml.tail());
    }
    return ResponseEntity.ok().contentType(OPENAPI).body(api.toString());
  }

  /**
   * Each collection's items as a path of its own, with its queryables as query parameters
   * (queryables-query-parameters): clients such as GDAL learn from these what they may filter.
   */
  private void collectionPaths(ObjectNode api) {
    ObjectNode paths = (ObjectNode) api.get("paths");
    JsonNode generic = paths.get("/collections/{collectionId}/items");
    for (FeatureSource layer : visible()) {
      ObjectNode path = json.createObjectNode(); // reads only: writes stay on the generic path
      ObjectNode get = (ObjectNode) generic.get("get").deepCopy();
      path.set("get", get);
      get.put("operationId", "getFeatures." + layer.id());
      get.put("summary", layer.name() + " " + layer.nameEn() + ": its features");
      if (layer.loginRequired()) {
        get.putArray("security").addObject().putArray("basicAuth");
      }
      tools.jackson.databind.node.ArrayNode parameters =
          (tools.jackson.databind.node.ArrayNode) get.get("parameters");
      parameters.remove(0); // the collection is in the path
      for (Queryable q : layer.queryables()) {
        if (q.type() == Queryable.Type.GEOMETRY) {
          continue;
        }
        ObjectNode p = parameters.addObject();
        p.put("name", q.name());
        p.put("in", "query");
        p.put("required", false);
        p.put("style", "form");
        p.put("explode", false);
        p.put("description", q.title() + ": only features whose " + q.name() + " equals this");
        ObjectNode schema = p.putObject("schema");
        schema.put("type", q.type().jsonType);
        if (q.type().format != null) {
          schema.put("format", q.type().format);
        }
      }
      paths.set("/collections/" + layer.id() + "/items", path);
    }
  }

  // ---- collections

  @GetMapping("/collections")
  @Operation(
      summary = "Every map layer and view as a collection (those needing a login: when logged in)")
  ResponseEntity<String> collections(HttpServletRequest request) {
    boolean html = html(request, Set.of());
    String base = base(request);
    double[] extent = features.extent();
    List<Map<String, Object>> list = new ArrayList<>();
    for (FeatureSource layer : visible()) {
      list.add(collection(base, layer, extent));
    }
    List<Map<String, String>> links =
        html
            ? List.of(
                link(base + "/ogc/collections?f=html", "self", "text/html", "this document"),
                link(base + "/ogc/collections", "alternate", "application/json", "as JSON"))
            : List.of(
                link(base + "/ogc/collections", "self", "application/json", "this document"),
                link(base + "/ogc/collections?f=html", "alternate", "text/html", "as HTML"));
    if (html) {
      StringBuilder s = new StringBuilder(OgcHtml.head("集合 Collections"));
      s.append(OgcHtml.links(links));
      for (Map<String, Object> c : list) {
        s.append("<section><h2><a href=\"")
            .append(OgcHtml.escape(base + "/ogc/collections/" + c.get("id") + "?f=html"))
            .append("\">")
            .append(OgcHtml.escape((String) c.get("title")))
            .append("</a></h2>")
            .append(OgcHtml.collection(json.valueToTree(c)))
            .append("</section>");
      }
      s.append("<p>crs: ").append(OgcHtml.escape(String.join(", ", OgcCrs.uris()))).append("</p>");
      return html(s.append(OgcHtml.tail()).toString());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("links", links);
    body.put("collections", list);
    body.put("crs", OgcCrs.uris());
    return json(body, MediaType.APPLICATION_JSON);
  }

  @GetMapping("/collections/{collectionId}")
  @Operation(summary = "One collection: its title, extent, CRS and links to its items")
  ResponseEntity<String> collection(@PathVariable String collectionId, HttpServletRequest request) {
    boolean html = html(request, Set.of());
    FeatureSource layer = layer(collectionId);
    Map<String, Object> c = collection(base(request), layer, features.extent());
    if (html) {
      return html(
          OgcHtml.head(layer.name() + " " + layer.nameEn())
              + OgcHtml.links(
                  List.of(
                      link(
                          base(request) + "/ogc/collections/" + layer.id(),
                          "alternate",
                          "application/json",
                          "as JSON")))
              + OgcHtml.collection(json.valueToTree(c))
              + OgcHtml.tail());
    }
    return json(c, MediaType.APPLICATION_JSON);
  }

  private Map<String, Object> collection(String base, FeatureSource layer, double[] extent) {
    String items = base + "/ogc/collections/" + layer.id() + "/items";
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", layer.id());
    c.put("title", layer.name() + " " + layer.nameEn());
    if (layer.description() != null) {
      c.put("description", layer.description());
    }
    c.put("itemType", "feature");
    c.put("crs", OgcCrs.uris());
    c.put("storageCrs", OgcCrs.STORAGE.uri);
    Map<String, Object> extents = new LinkedHashMap<>();
    extents.put(
        "spatial",
        Map.of("bbox", List.of(List.of(extent[0], extent[1], extent[2], extent[3])), "crs", CRS84));
    java.time.OffsetDateTime[] time = features.temporalExtent(layer);
    if (time != null && (time[0] != null || time[1] != null)) {
      // datetime means something here: the history's span, or the years of the figures
      extents.put(
          "temporal",
          Map.of(
              "interval",
              List.of(java.util.Arrays.asList(OgcTime.format(time[0]), OgcTime.format(time[1]))),
              "trs",
              TRS));
    }
    c.put("extent", extents);
    c.put(
        "links",
        List.of(
            link(
                base + "/ogc/collections/" + layer.id(),
                "self",
                "application/json",
                "this collection"),
            link(items, "items", GEOJSON.toString(), "its features (GeoJSON)"),
            link(items + "?f=html", "items", "text/html", "its features (HTML)"),
            link(
                base + "/ogc/collections/" + layer.id() + "/queryables",
                QUERYABLES_REL,
                SCHEMA.toString(),
                "what filters may name (JSON Schema)")));
    return c;
  }

  @GetMapping("/collections/{collectionId}/queryables")
  @Operation(
      summary = "What filters may name in this collection (Part 3 queryables), as JSON Schema",
      description =
          "Each queryable is a property of the features with its type; filter (CQL2 text or JSON)"
              + " and the queryables as query parameters accept these names only.")
  ResponseEntity<String> queryables(@PathVariable String collectionId, HttpServletRequest request) {
    FeatureSource layer = layer(collectionId);
    boolean html = html(request, Set.of());
    String self = base(request) + "/ogc/collections/" + layer.id() + "/queryables";
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Queryable q : layer.queryables()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("title", q.title());
      if (q.type().jsonType != null) {
        p.put("type", q.type().jsonType);
      }
      if (q.type().format != null) {
        p.put("format", q.type().format);
      }
      properties.put(q.name(), p);
    }
    if (html) {
      StringBuilder s =
          new StringBuilder(OgcHtml.head(layer.name() + " 可查询属性 queryables")).append("<ul>");
      layer
          .queryables()
          .forEach(
              q ->
                  s.append("<li><b>")
                      .append(OgcHtml.escape(q.name()))
                      .append("</b> ")
                      .append(OgcHtml.escape(q.title()))
                      .append(" <small>")
                      .append(OgcHtml.escape(q.type().name().toLowerCase(java.util.Locale.ROOT)))
                      .append("</small></li>"));
      return html(s.append("</ul>").append(OgcHtml.tail()).toString());
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", self);
    schema.put("type", "object");
    schema.put("title", layer.name() + " " + layer.nameEn());
    schema.put("properties", properties);
    schema.put("additionalProperties", false);
    return json(schema, SCHEMA);
  }

  // ---- items

  private static final Set<String> ITEMS_PARAMETERS =
      Set.of("limit", "offset", "after", "bbox", "bbox-crs", "crs", "datetime", "properties");

  /** What the items of this layer take: the fixed parameters, filtering and its queryables. */
  private static Set<String> itemsParameters(FeatureSource layer) {
    Set<String> all = new java.util.LinkedHashSet<>(ITEMS_PARAMETERS);
    all.addAll(OgcFilters.PARAMETERS);
    all.addAll(OgcFilters.parameterNames(layer));
    return all;
  }

  @GetMapping("/collections/{collectionId}/items")
  @Operation(
      summary = "The collection's features: bbox, limit (1–10,000, default 100), offset; streamed",
      description =
          "Features intersecting bbox (west,south,east,north in degrees; 6 numbers with heights are"
              + " accepted), ordered by key, a page at a time with next/prev links. datetime (an"
              + " instant or interval): a layer keeping history as it was then (every feature that"
              + " existed in the interval, as at its latest moment there); a view by year, the"
              + " years it meets; any other collection has no time and every feature meets it.")
  ResponseEntity<StreamingResponseBody> items(
      @PathVariable String collectionId, HttpServletRequest request) {
    FeatureSource layer = layer(collectionId);
    boolean html = html(request, itemsParameters(layer));
    int limit = limit(request);
    long offset = integer(request, "offset", 0, 0, Long.MAX_VALUE);
    OgcCrs crs = OgcCrs.of(request.getParameter("crs"), "crs");
    OgcCrs bboxCrs = OgcCrs.of(request.getParameter("bbox-crs"), "bbox-crs");
    var bbox = OgcGeometries.bbox(request.getParameter("bbox"), bboxCrs);
    String after = after(layer, request.getParameter("after"));
    OgcTime time = OgcTime.parse(request.getParameter("datetime"));
    OgcFeatures.Selection selection =
        new OgcFeatures.Selection(
            crs,
            bbox,
            bboxCrs,
            after,
            filters.condition(layer, request),
            time,
            properties(layer, request.getParameter("properties")));
    String self = base(request) + "/ogc/collections/" + layer.id() + "/items";
    if (html) {
      StreamingResponseBody page =
          OgcFeatures.streamed(
              out -> {
                OgcFeatures.write(
                    out,
                    OgcHtml.head(layer.name() + " " + layer.nameEn())
                        + "<table><tr><th>id</th><th>属性 properties</th><th>几何 geometry</th></tr>");
                OgcFeatures.Page done =
                    features.page(
                        layer,
                        selection,
                        limit,
                        offset,
                        f ->
                            OgcFeatures.write(
                                out,
                                OgcHtml.row(
                                    layer.id(),
                                    json.readTree(new String(f, StandardCharsets.UTF_8)))));
                OgcFeatures.write(
                    out,
                    "</table><p>numberReturned "
                        + done.returned()
                        + (offset == 0 && after == null && !done.more()
                            ? " · numberMatched " + done.returned()
                            : "")
                        + " · timeStamp "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        + "</p>"
                        + OgcHtml.links(pageLinks(request, self, limit, offset, done, true))
                        + OgcHtml.tail());
              });
      return ResponseEntity.ok()
          .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
          .body(page);
    }
    StreamingResponseBody body =
        OgcFeatures.streamed(
            out -> {
              OgcFeatures.write(out, "{\"type\":\"FeatureCollection\",\"features\":[");
              boolean[] first = {true};
              OgcFeatures.Page page =
                  features.page(
                      layer,
                      selection,
                      limit,
                      offset,
                      f -> {
                        if (!first[0]) {
                          OgcFeatures.write(out, COMMA);
                        }
                        OgcFeatures.write(out, f);
                        first[0] = false;
                      });
              Map<String, Object> tail = new LinkedHashMap<>();
              if (offset == 0 && after == null && !page.more()) {
                // the page holds every match: the count is known without counting
                tail.put("numberMatched", page.returned());
              }
              tail.put("numberReturned", page.returned());
              tail.put("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
              tail.put("links", pageLinks(request, self, limit, offset, page, false));
              String rest = json.writeValueAsString(tail);
              OgcFeatures.write(out, "]," + rest.substring(1));
            });
    return ResponseEntity.ok()
        .contentType(GEOJSON)
        .header("Content-Crs", "<" + crs.uri + ">")
        .body(body);
  }

  @GetMapping("/collections/{collectionId}/items/{featureId}")
  @Operation(summary = "One feature")
  ResponseEntity<String> item(
      @PathVariable String collectionId,
      @PathVariable String featureId,
      HttpServletRequest request) {
    boolean html = html(request, Set.of("crs"));
    FeatureSource layer = layer(collectionId);
    OgcCrs crs = OgcCrs.of(request.getParameter("crs"), "crs");
    String feature = features.feature(layer, featureId, crs);
    if (feature == null) {
      throw ApiException.notFound(
          "unknown-feature", "There is no feature " + featureId + " in " + layer.id());
    }
    String base = base(request) + "/ogc/collections/" + layer.id();
    List<Map<String, String>> links =
        List.of(
            link(
                base + "/items/" + featureId,
                "self",
                html ? "text/html" : GEOJSON.toString(),
                "this feature"),
            link(
                base + "/items/" + featureId + "?f=" + (html ? "json" : "html"),
                "alternate",
                html ? GEOJSON.toString() : "text/html",
                html ? "as GeoJSON" : "as HTML"),
            link(base, "collection", "application/json", "the collection"));
    JsonNode node = json.readTree(feature);
    if (html) {
      return html(
          OgcHtml.head(layer.name() + " " + featureId)
              + "<p>"
              + OgcHtml.properties(node.path("properties"))
              + "</p>"
              + OgcHtml.geometry(node.path("geometry"))
              + OgcHtml.links(links)
              + OgcHtml.tail());
    }
    ((ObjectNode) node).set("links", json.valueToTree(links));
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    String etag = etag(node);
    if (etag != null) {
      ok.eTag(etag);
    }
    return ok.contentType(GEOJSON).header("Content-Crs", "<" + crs.uri + ">").body(node.toString());
  }

  /** A feature's ETag: its version, for the layers that keep one (the editable ones); or null. */
  static String etag(JsonNode feature) {
    JsonNode version = feature.path("properties").path("version");
    return version.isIntegralNumber() ? "\"" + version.asInt() + "\"" : null;
  }

  // ---- parameters

  /**
   * The collection with this id: a 404 problem when there is none, a 401 when it needs a login and
   * nobody is logged in.
   */
  private FeatureSource layer(String id) {
    FeatureSource source = catalog.source(id);
    if (source == null) {
      throw ApiException.notFound("unknown-collection", "There is no collection '" + id + "'");
    }
    if (source.loginRequired()) {
      UserAccounts.require();
    }
    return source;
  }

  /** The collections this request may see: those needing a login only when logged in. */
  private List<FeatureSource> visible() {
    boolean loggedIn = UserAccounts.current().isPresent();
    return catalog.sources().stream().filter(s -> loggedIn || !s.loginRequired()).toList();
  }

  /**
   * Whether to answer in HTML (f=html, or a browser's Accept); refuses parameters this operation
   * does not know (400), as the standard asks.
   */
  private static boolean html(HttpServletRequest request, Set<String> allowed) {
    check(request, allowed);
    String f = request.getParameter("f");
    if (f != null) {
      return switch (f) {
        case "html" -> true;
        case "json" -> false;
        default ->
            throw ApiException.badRequest(
                "invalid-parameter", "f must be json or html, not '" + f + "'");
      };
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept != null && !accept.isBlank() && !acceptable(accept)) {
      throw new ApiException(
          HttpStatus.NOT_ACCEPTABLE,
          "not-acceptable",
          "Not acceptable",
          "This API answers in JSON (application/json, application/geo+json) or HTML (text/html),"
              + " not '"
              + (accept.length() > 100 ? accept.substring(0, 100) + "…" : accept)
              + "'");
    }
    return accept != null && accept.contains("text/html") && !accept.contains("json");
  }

  /** What this API answers in, for content negotiation. */
  private static final List<MediaType> PRODUCED =
      List.of(MediaType.APPLICATION_JSON, GEOJSON, MediaType.TEXT_HTML, OPENAPI, SCHEMA);

  /** Whether an Accept header admits one of the encodings answered (unreadable: yes). */
  private static boolean acceptable(String accept) {
    List<MediaType> types;
    try {
      types = MediaType.parseMediaTypes(accept);
    } catch (org.springframework.util.InvalidMimeTypeException
        | org.springframework.http.InvalidMediaTypeException e) {
      return true;
    }
    return types.stream().anyMatch(t -> PRODUCED.stream().anyMatch(p -> p.isCompatibleWith(t)));
  }

  private static void check(HttpServletRequest request, Set<String> allowed) {
    for (String name : request.getParameterMap().keySet()) {
      if (!name.equals("f") && !allowed.contains(name)) {
        throw ApiException.badRequest(
            "unknown-parameter",
            "Unknown parameter '"
                + name
                + "'"
                + (allowed.isEmpty()
                    ? ""
                    : "; this operation takes " + String.join(", ", allowed)));
      }
    }
  }

  /**
   * The {@code limit} parameter: a whole number from 1; above the maximum the maximum, not an error
   * (17-069r4, /req/core/fc-limit-response C).
   */
  private static int limit(HttpServletRequest request) {
    String text = request.getParameter("limit");
    if (text != null && text.strip().matches("[0-9]{6,}")) {
      String digits = text.strip().replaceFirst("^0+(?=.)", "");
      if (digits.length() > 5 || Integer.parseInt(digits) > MAX_LIMIT) {
        return MAX_LIMIT;
      }
    }
    return (int) Math.min(integer(request, "limit", DEFAULT_LIMIT, 1, Long.MAX_VALUE), MAX_LIMIT);
  }

  private static long integer(
      HttpServletRequest request, String name, long fallback, long min, long max) {
    String text = request.getParameter(name);
    if (text == null) {
      return fallback;
    }
    Long value = cn.foshan.redline.system.StrictNumbers.wholeNumber(text);
    if (value != null && value >= min && value <= max) {
      return value;
    }
    throw ApiException.badRequest(
        "invalid-parameter",
        name + " must be a whole number from " + min + (max == Long.MAX_VALUE ? "" : " to " + max));
  }

  /**
   * The {@code properties} parameter: the names of the properties to return (each a property of the
   * layer's features, else 400); null when absent (all of them).
   */
  private List<String> properties(FeatureSource layer, String text) {
    if (text == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    Set<String> known = features.propertyNames(layer);
    for (String name : text.split(",", -1)) {
      String n = name.strip();
      if (n.isEmpty()) {
        continue;
      }
      if (n.length() > 64 || (known != null && !known.contains(n))) {
        throw ApiException.badRequest(
            "unknown-property",
            "'"
                + (n.length() > 64 ? n.substring(0, 64) + "…" : n)
                + "' is not a property of "
                + layer.id()
                + (known == null ? "" : "; its properties are " + String.join(", ", known)));
      }
      names.add(n);
    }
    if (names.size() > 100) {
      throw ApiException.badRequest("invalid-parameter", "properties names at most 100");
    }
    return names;
  }

  /** The key next links continue after: a number for layers keyed by numbers. */
  private static String after(FeatureSource layer, String text) {
    if (text == null) {
      return null;
    }
    if (!layer.textIds() && !text.matches("-?[0-9]{1,18}")) {
      throw ApiException.badRequest(
          "invalid-parameter", "after must be a feature id of " + layer.id() + " (a number)");
    }
    if (text.length() > 100) {
      throw ApiException.badRequest("invalid-parameter", "after must be a feature id");
    }
    return text;
  }

  // ---- links and answers

  /** Parameters that place a page rather than select features: links set them anew. */
  private static final Set<String> PAGING = Set.of("limit", "offset", "after", "f");

  /**
   * self, alternate, next (after the page's last key) and, when paging by offset, prev. The
   * request's own bbox, limit and position are kept.
   */
  private static List<Map<String, String>> pageLinks(
      HttpServletRequest request,
      String self,
      int limit,
      long offset,
      OgcFeatures.Page page,
      boolean html) {
    String after = request.getParameter("after");
    StringBuilder kept = new StringBuilder("?limit=").append(limit);
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (!PAGING.contains(name)) {
                kept.append('&').append(encode(name)).append('=').append(encode(values[0]));
              }
            });
    String fixed = kept.toString();
    String position =
        (after == null ? "" : "&after=" + encode(after)) + (offset == 0 ? "" : "&offset=" + offset);
    String type = html ? "text/html" : GEOJSON.toString();
    String f = html ? "&f=html" : "";
    List<Map<String, String>> links = new ArrayList<>();
    links.add(link(self + fixed + position + f, "self", type, "this page"));
    links.add(
        link(
            self + fixed + position + (html ? "" : "&f=html"),
            "alternate",
            html ? GEOJSON.toString() : "text/html",
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

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, String> link(String href, String rel, String type, String title) {
    Map<String, String> link = new LinkedHashMap<>();
    link.put("href", href);
    link.put("rel", rel);
    link.put("type", type);
    link.put("title", title);
    return link;
  }

  /** The service's own address as the client reached it. */
  private static String base(HttpServletRequest request) {
    return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(
            request)
        .build()
        .toUriString();
  }

  private ResponseEntity<String> json(Object body, MediaType type) {
    return ResponseEntity.ok().contentType(type).body(json.writeValueAsString(body));
  }

  private static ResponseEntity<String> html(String page) {
    return ResponseEntity.status(HttpStatus.OK)
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(page);
  }
}
