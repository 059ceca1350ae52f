package cn.foshan.redline.ogc;

import static cn.foshan.redline.ogc.OgcLinks.link;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.Queryable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents of the API, one type per resource, each made once from the request and written by a
 * writer of each format ({@link OgcJsonWriter}, {@link OgcHtmlWriter}); the features of a page are
 * {@link OgcItems}. A document's links already speak of the format asked for (self in it, the
 * alternate in the other).
 */
sealed interface OgcDocument {

  /**
   * The document as JSON: maps and lists in the order written (by the service's ObjectMapper), or a
   * JSON node written as it is.
   */
  Object json();

  /** The media type of its JSON encoding: application/json unless it says otherwise. */
  default MediaType jsonType() {
    return MediaType.APPLICATION_JSON;
  }

  /** Its ETag in JSON, or null. */
  default String etag() {
    return null;
  }

  /** The CRS of its coordinates (the Content-Crs header of its JSON), or null for none. */
  default OgcCrs crs() {
    return null;
  }

  /** The landing page: links to the API description, conformance and collections. */
  record Landing(String title, String description, List<Map<String, String>> links)
      implements OgcDocument {

    static Landing of(String base, OgcFormat format) {
      List<Map<String, String>> links =
          new ArrayList<>(
              OgcLinks.selfAndAlternate(
                  base + "/ogc",
                  base + "/ogc?f=" + (format.html() ? "json" : "html"),
                  format,
                  "application/json",
                  "this page"));
      links.add(
          link(
              base + "/ogc/api",
              "service-desc",
              OgcFormat.OPENAPI.toString(),
              "API description (OpenAPI 3.0)"));
      links.add(
          link(
              base + "/swagger-ui.html",
              "service-doc",
              "text/html",
              "API documentation of the whole service"));
      links.add(
          link(
              base + "/ogc/conformance", "conformance", "application/json", "Conformance classes"));
      links.add(link(base + "/ogc/collections", "data", "application/json", "Collections"));
      return new Landing(
          "佛山市工业用地一张图 · Foshan industrial land",
          "The land bureau's layers: districts, towns, industrial clusters, the industrial-land red"
              + " line, reserve land, village parks, parcels and factory buildings; for logged-in"
              + " users also the per-mu efficiency and the compliance check of parcels by year.",
          links);
    }

    @Override
    public Object json() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("title", title);
      body.put("description", description);
      body.put("links", links);
      return body;
    }
  }

  /** The conformance classes this API implements. */
  record Conformance(List<String> conformsTo) implements OgcDocument {

    static final Conformance CLASSES =
        new Conformance(
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
                "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features"));

    @Override
    public Object json() {
      return Map.of("conformsTo", conformsTo);
    }
  }

  /**
   * The OpenAPI 3.0 description (ogc/openapi.json), with this server, the collections' ids and each
   * collection's items as a path of its own; its HTML lists the operations, linked
   * (/req/oas30/oas-definition-1).
   */
  record ApiDescription(ObjectNode api, List<Map<String, String>> links) implements OgcDocument {

    static ApiDescription of(ObjectMapper json, String base, List<FeatureSource> visible)
        throws IOException {
      ObjectNode api;
      try (InputStream in = new ClassPathResource("ogc/openapi.json").getInputStream()) {
        api = (ObjectNode) json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      api.putArray("servers").addObject().put("url", base + "/ogc");
      JsonNode idSchema = api.at("/components/parameters/collectionId/schema");
      if (idSchema.isObject()) {
        ArrayNode ids = ((ObjectNode) idSchema).putArray("enum");
        visible.forEach(l -> ids.add(l.id()));
      }
      collectionPaths(json, api, visible);
      return new ApiDescription(
          api,
          List.of(
              link(
                  base + "/ogc/api",
                  "alternate",
                  OgcFormat.OPENAPI.toString(),
                  "as OpenAPI 3.0 (JSON)"),
              link(
                  base + "/swagger-ui.html",
                  "service-doc",
                  "text/html",
                  "API documentation of the whole service")));
    }

    /**
     * Each collection's items as a path of its own, with its queryables as query parameters
     * (queryables-query-parameters): clients such as GDAL learn from these what they may filter.
     */
    private static void collectionPaths(
        ObjectMapper json, ObjectNode api, List<FeatureSource> visible) {
      ObjectNode paths = (ObjectNode) api.get("paths");
      JsonNode generic = paths.get("/collections/{collectionId}/items");
      for (FeatureSource layer : visible) {
        ObjectNode path = json.createObjectNode(); // reads only: writes stay on the generic path
        ObjectNode get = (ObjectNode) generic.get("get").deepCopy();
        path.set("get", get);
        get.put("operationId", "getFeatures." + layer.id());
        get.put("summary", layer.name() + " " + layer.nameEn() + ": its features");
        if (layer.loginRequired()) {
          get.putArray("security").addObject().putArray("basicAuth");
        }
        ArrayNode parameters = (ArrayNode) get.get("parameters");
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

    @Override
    public Object json() {
      return api;
    }

    @Override
    public MediaType jsonType() {
      return OgcFormat.OPENAPI;
    }
  }

  /** Every collection this request may see, and the CRSs they are served in. */
  record Collections(String base, List<Collection> collections, List<Map<String, String>> links)
      implements OgcDocument {

    static Collections of(String base, List<Collection> collections, OgcFormat format) {
      String self = base + "/ogc/collections";
      return new Collections(
          base,
          collections,
          format.html()
              ? OgcLinks.selfAndAlternate(
                  self + "?f=html", self, format, "application/json", "this document")
              : OgcLinks.selfAndAlternate(
                  self, self + "?f=html", format, "application/json", "this document"));
    }

    @Override
    public Object json() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("links", links);
      body.put("collections", collections.stream().map(Collection::body).toList());
      body.put("crs", OgcCrs.uris());
      return body;
    }
  }

  /**
   * One collection: its id, title, description, extent (space, and time where it means something),
   * CRSs and links to its items and queryables.
   */
  record Collection(
      String id, String title, Map<String, Object> body, List<Map<String, String>> alternates)
      implements OgcDocument {

    /** The collection of a layer in the city's extent, its time the span given (null for none). */
    static Collection of(String base, FeatureSource layer, double[] extent, OffsetDateTime[] time) {
      String self = base + "/ogc/collections/" + layer.id();
      String items = self + "/items";
      String title = layer.name() + " " + layer.nameEn();
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("id", layer.id());
      c.put("title", title);
      if (layer.description() != null) {
        c.put("description", layer.description());
      }
      c.put("itemType", "feature");
      c.put("crs", OgcCrs.uris());
      c.put("storageCrs", OgcCrs.STORAGE.uri);
      Map<String, Object> extents = new LinkedHashMap<>();
      extents.put(
          "spatial",
          Map.of(
              "bbox",
              List.of(List.of(extent[0], extent[1], extent[2], extent[3])),
              "crs",
              OgcCrs.CRS84.uri));
      if (time != null && (time[0] != null || time[1] != null)) {
        // datetime means something here: the history's span, or the years of the figures
        extents.put(
            "temporal",
            Map.of(
                "interval",
                List.of(Arrays.asList(OgcTime.format(time[0]), OgcTime.format(time[1]))),
                "trs",
                OgcTime.TRS));
      }
      c.put("extent", extents);
      c.put(
          "links",
          List.of(
              link(self, "self", "application/json", "this collection"),
              link(items, "items", OgcFormat.GEOJSON.toString(), "its features (GeoJSON)"),
              link(items + "?f=html", "items", "text/html", "its features (HTML)"),
              link(
                  self + "/queryables",
                  OgcLinks.QUERYABLES_REL,
                  OgcFormat.SCHEMA.toString(),
                  "what filters may name (JSON Schema)")));
      return new Collection(
          layer.id(), title, c, List.of(link(self, "alternate", "application/json", "as JSON")));
    }

    @Override
    public Object json() {
      return body;
    }
  }

  /** What filters may name in a collection (Part 3 queryables), as JSON Schema. */
  record Queryables(String self, String name, String title, List<Queryable> queryables)
      implements OgcDocument {

    static Queryables of(String base, FeatureSource layer) {
      return new Queryables(
          base + "/ogc/collections/" + layer.id() + "/queryables",
          layer.name(),
          layer.name() + " " + layer.nameEn(),
          layer.queryables());
    }

    @Override
    public Object json() {
      Map<String, Object> properties = new LinkedHashMap<>();
      for (Queryable q : queryables) {
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
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      schema.put("$id", self);
      schema.put("type", "object");
      schema.put("title", title);
      schema.put("properties", properties);
      schema.put("additionalProperties", false);
      return schema;
    }

    @Override
    public MediaType jsonType() {
      return OgcFormat.SCHEMA;
    }
  }

  /** One feature (GeoJSON made by PostGIS), its geometry in {@code crs}, with its links. */
  record Item(String title, ObjectNode feature, List<Map<String, String>> links, OgcCrs crs)
      implements OgcDocument {

    static Item of(
        String base,
        FeatureSource layer,
        String featureId,
        JsonNode feature,
        OgcCrs crs,
        OgcFormat format) {
      String items = base + "/ogc/collections/" + layer.id();
      List<Map<String, String>> links =
          new ArrayList<>(
              OgcLinks.selfAndAlternate(
                  items + "/items/" + featureId,
                  items + "/items/" + featureId + "?f=" + (format.html() ? "json" : "html"),
                  format,
                  OgcFormat.GEOJSON.toString(),
                  "this feature"));
      links.add(link(items, "collection", "application/json", "the collection"));
      return new Item(
          layer.name() + " " + featureId, (ObjectNode) feature, List.copyOf(links), crs);
    }

    /** A feature's ETag: its version, for the layers that keep one (the editable ones); or null. */
    static String etag(JsonNode feature) {
      JsonNode version = feature.path("properties").path("version");
      return version.isIntegralNumber() ? "\"" + version.asInt() + "\"" : null;
    }

    @Override
    public String etag() {
      return etag(feature);
    }

    @Override
    public Object json() {
      ObjectNode withLinks = feature.deepCopy();
      ArrayNode list = withLinks.putArray("links");
      for (Map<String, String> l : links) {
        ObjectNode o = list.addObject();
        l.forEach(o::put);
      }
      return withLinks;
    }

    @Override
    public MediaType jsonType() {
      return OgcFormat.GEOJSON;
    }
  }
}
