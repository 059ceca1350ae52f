package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.ServiceClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Conformance, abstract test by abstract test, of OGC API – Features Part 1 (OGC 17-069r4, Annex A:
 * /conf/core/…, /conf/geojson/…, /conf/html/…, /conf/oas30/…), Part 2 (OGC 18-058r1, /conf/crs) and
 * Part 3 (OGC 19-079r2, /conf/queryables, /conf/queryables-query-parameters, /conf/filter,
 * /conf/features-filter), on the demo city. Each test is named after its abstract test and carries
 * the test's URI as its display name; it checks what the requirement says, and also what the OGC's
 * executable test suite (ets-ogcapi-features10, which cannot run here) checks for it: the OpenAPI
 * definition of limit, bbox and datetime, limit above the maximum, bounding boxes across the
 * antimeridian and over the poles, datetime as an instant, an interval and a start with a duration,
 * links with rel and type, alternate links for every encoding. The JSON documents are checked
 * against the rules of the standard's schemas (landingPage, confClasses, collections, collection,
 * featureCollectionGeoJSON, featureGeoJSON, link), written out here since the schemas cannot be
 * downloaded.
 */
class OgcConformanceTest extends DemoCityTest {

  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String EPSG = "http://www.opengis.net/def/crs/EPSG/0/";
  static final String GEOJSON = "application/geo+json";
  static final String HTML = "text/html";
  static final String JSON = "application/json";
  static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
  static final String QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  static final List<String> PUBLIC_COLLECTIONS =
      List.of(
          "district",
          "town",
          "planning_zone",
          "cluster",
          "red_line",
          "reserve_land",
          "village_park",
          "parcel",
          "factory_building");
  static final List<String> VIEWS = List.of("parcel_efficiency", "parcel_breach");

  /** The tables of the public collections, for PostGIS's own answers. */
  static final Map<String, String> TABLES =
      Map.of(
          "district", "district",
          "town", "town",
          "planning_zone", "planning_zone",
          "cluster", "industrial_cluster",
          "red_line", "red_line",
          "reserve_land", "reserve_land",
          "village_park", "village_park",
          "parcel", "parcel",
          "factory_building", "factory_building");

  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  // ---- helpers

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String brief(HttpResponse<byte[]> response) {
    String t = text(response);
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }

  private static String type(HttpResponse<byte[]> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private HttpResponse<byte[]> ok(String path, String... headers) throws Exception {
    HttpResponse<byte[]> response = get(path, headers);
    assertThat(response.statusCode()).as(path + " → " + brief(response)).isEqualTo(200);
    return response;
  }

  private HttpResponse<byte[]> status(int expected, String path, String... headers)
      throws Exception {
    HttpResponse<byte[]> response = get(path, headers);
    assertThat(response.statusCode()).as(path + " → " + brief(response)).isEqualTo(expected);
    return response;
  }

  private HttpResponse<byte[]> request(String method, String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A path relative to the service, from a link's absolute href. */
  private String path(String href) {
    assertThat(href).startsWith(base());
    return href.substring(base().length());
  }

  private static JsonNode link(JsonNode links, String rel, String type) {
    for (JsonNode l : links) {
      if (l.path("rel").asText().equals(rel)
          && (type == null || l.path("type").asText().startsWith(type))) {
        return l;
      }
    }
    return null;
  }

  private static String href(JsonNode links, String rel, String type) {
    JsonNode l = link(links, rel, type);
    assertThat(l).as("a link rel=" + rel + " type=" + type + " in " + links).isNotNull();
    return l.get("href").asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(v -> list.add(v.asText()));
    return list;
  }

  private List<String> collectionIds(JsonNode collections) {
    List<String> ids = new ArrayList<>();
    collections.get("collections").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private JsonNode asPlanner(String path) throws Exception {
    HttpResponse<byte[]> response =
        new ServiceClient(port).send("GET", path, "planner", null, "Accept", JSON);
    assertThat(response.statusCode()).as(path + " → " + text(response)).isEqualTo(200);
    return json(response.body());
  }

  private List<String> ids(JsonNode featureCollection) {
    List<String> ids = new ArrayList<>();
    featureCollection.get("features").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  /** Keys from SQL, as text (in the query's order). */
  private List<String> sqlIds(String query) {
    return jdbc.sql(query).query((rs, i) -> rs.getString(1)).list();
  }

  private JsonNode api() throws Exception {
    return json(ok("/ogc/api").body());
  }

  /** A parameter of an operation, its {@code $ref} followed. */
  private static JsonNode parameter(JsonNode api, String path, String name) {
    for (JsonNode p : api.at("/paths/" + pointer(path) + "/get/parameters")) {
      JsonNode resolved = resolve(api, p);
      if (resolved.path("name").asText().equals(name)) {
        return resolved;
      }
    }
    return null;
  }

  /**
   * The query parameter of a path's GET as the OpenAPI definition declares it, checked to be what
   * the standard asks of every query parameter it defines: present, in the query, optional, form
   * style, not exploded.
   */
  private static JsonNode optionalFormParameter(JsonNode api, String path, String name) {
    JsonNode p = parameter(api, path, name);
    assertThat(p).as(path + " " + name).isNotNull();
    assertThat(p.get("in").asText()).as(path + " " + name).isEqualTo("query");
    assertThat(p.path("required").asBoolean(false)).as(path + " " + name).isFalse();
    assertThat(p.path("style").asText("form")).as(path + " " + name).isEqualTo("form");
    assertThat(p.path("explode").asBoolean(true)).as(path + " " + name).isFalse();
    return p;
  }

  private static String pointer(String path) {
    return path.replace("~", "~0").replace("/", "~1");
  }

  private static JsonNode resolve(JsonNode api, JsonNode node) {
    JsonNode n = node;
    for (int i = 0; i < 10 && n.has("$ref"); i++) {
      String ref = n.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      n = api.at(ref.substring(1));
      assertThat(n.isMissingNode()).as("$ref " + ref + " resolves").isFalse();
    }
    return n;
  }

  /** The item paths the API definition declares: the generic one and each collection's own. */
  private static List<String> itemsPaths(JsonNode api) {
    List<String> paths = new ArrayList<>();
    api.get("paths")
        .propertyNames()
        .forEach(
            p -> {
              if (p.matches("/collections/[^/]+/items")
                  && api.at("/paths/" + pointer(p)).has("get")) {
                paths.add(p);
              }
            });
    assertThat(paths).contains("/collections/{collectionId}/items", "/collections/parcel/items");
    return paths;
  }

  // ---- the schemas of Part 1 (17-069r4 Annex B / the openapi/schemas), as rules

  /** link.yaml: href and rel required, strings; type, hreflang, title strings; length integer. */
  private static void assertLink(JsonNode link) {
    assertThat(link.isObject()).as("a link is an object: " + link).isTrue();
    assertThat(link.path("href").isString()).as("href of " + link).isTrue();
    assertThat(link.path("rel").isString()).as("rel of " + link).isTrue();
    for (String s : List.of("type", "hreflang", "title")) {
      if (link.has(s)) {
        assertThat(link.get(s).isString()).as(s + " of " + link).isTrue();
      }
    }
    if (link.has("length")) {
      assertThat(link.get("length").isIntegralNumber()).isTrue();
    }
    URI.create(link.get("href").asText()); // a URI
  }

  /** links arrays: each a link, and (fc-links C, fc-md-links C, f-links C) with rel and type. */
  private static void assertLinks(JsonNode links) {
    assertThat(links.isArray()).as("links is an array").isTrue();
    links.forEach(OgcConformanceTest::assertLink);
    links.forEach(l -> assertThat(l.path("type").asText()).as("type of " + l).isNotBlank());
  }

  /** collection.yaml. */
  private static void assertCollection(JsonNode c) {
    assertThat(c.path("id").isString()).as("id of " + c).isTrue();
    assertLinks(c.get("links"));
    for (String s : List.of("title", "description", "itemType")) {
      if (c.has(s)) {
        assertThat(c.get(s).isString()).isTrue();
      }
    }
    if (c.has("crs")) {
      assertThat(c.get("crs").isArray()).isTrue();
      c.get("crs").forEach(x -> assertThat(x.isString()).isTrue());
    }
    if (c.has("extent")) {
      assertExtent(c.get("extent"));
    }
  }

  /** extent.yaml: spatial.bbox (arrays of 4 or 6 numbers), crs CRS84; temporal.interval, trs. */
  private static void assertExtent(JsonNode extent) {
    JsonNode spatial = extent.path("spatial");
    if (!spatial.isMissingNode()) {
      assertThat(spatial.get("bbox").isArray()).isTrue();
      assertThat(spatial.get("bbox").size()).isGreaterThanOrEqualTo(1);
      for (JsonNode box : spatial.get("bbox")) {
        assertThat(box.size()).isIn(4, 6);
        box.forEach(n -> assertThat(n.isNumber()).isTrue());
        int half = box.size() / 2;
        // lower corner then upper corner; west may exceed east only across the antimeridian
        assertThat(box.get(1).asDouble()).isLessThanOrEqualTo(box.get(half + 1).asDouble());
      }
      assertThat(spatial.path("crs").asText(CRS84))
          .isIn(CRS84, "http://www.opengis.net/def/crs/OGC/0/CRS84h");
    }
    JsonNode temporal = extent.path("temporal");
    if (!temporal.isMissingNode()) {
      assertThat(temporal.get("interval").isArray()).isTrue();
      assertThat(temporal.get("interval").size()).isGreaterThanOrEqualTo(1);
      for (JsonNode interval : temporal.get("interval")) {
        assertThat(interval.size()).isEqualTo(2);
        for (JsonNode end : interval) {
          assertThat(end.isNull() || RFC3339.matcher(end.asText()).matches())
              .as("an RFC 3339 date-time or null: " + end)
              .isTrue();
        }
        if (!interval.get(0).isNull() && !interval.get(1).isNull()) {
          assertThat(OffsetDateTime.parse(interval.get(0).asText()))
              .isBeforeOrEqualTo(OffsetDateTime.parse(interval.get(1).asText()));
        }
      }
      assertThat(temporal.path("trs").asText("http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"))
          .isEqualTo("http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");
    }
  }

  /** GeoJSON geometry (RFC 7946 §3.1) as featureGeoJSON.yaml's geometryGeoJSON has it. */
  private static void assertGeometry(JsonNode g) {
    if (g.isNull()) {
      return;
    }
    String type = g.path("type").asText();
    switch (type) {
      case "Point" -> assertPosition(g.get("coordinates"));
      case "MultiPoint", "LineString" -> {
        g.get("coordinates").forEach(OgcConformanceTest::assertPosition);
        if (type.equals("LineString")) {
          assertThat(g.get("coordinates").size()).isGreaterThanOrEqualTo(2);
        }
      }
      case "MultiLineString" ->
          g.get("coordinates")
              .forEach(
                  line -> {
                    assertThat(line.size()).isGreaterThanOrEqualTo(2);
                    line.forEach(OgcConformanceTest::assertPosition);
                  });
      case "Polygon" -> assertPolygon(g.get("coordinates"));
      case "MultiPolygon" -> {
        assertThat(g.get("coordinates").isArray()).isTrue();
        g.get("coordinates").forEach(OgcConformanceTest::assertPolygon);
      }
      case "GeometryCollection" -> g.get("geometries").forEach(OgcConformanceTest::assertGeometry);
      default -> throw new AssertionError("not a GeoJSON geometry: " + g);
    }
  }

  private static void assertPolygon(JsonNode rings) {
    assertThat(rings.isArray()).isTrue();
    for (JsonNode ring : rings) {
      // a linear ring: four or more positions, closed
      assertThat(ring.size()).isGreaterThanOrEqualTo(4);
      ring.forEach(OgcConformanceTest::assertPosition);
      assertThat(ring.get(0)).isEqualTo(ring.get(ring.size() - 1));
    }
  }

  private static void assertPosition(JsonNode p) {
    assertThat(p.isArray()).isTrue();
    assertThat(p.size()).isBetween(2, 3);
    p.forEach(n -> assertThat(n.isNumber()).as("a number in a position: " + p).isTrue());
  }

  /** featureGeoJSON.yaml: type Feature, geometry, properties (object or null), id string|int. */
  private static void assertFeature(JsonNode f) {
    assertThat(f.path("type").asText()).isEqualTo("Feature");
    assertThat(f.has("geometry")).as("geometry is required (null allowed)").isTrue();
    assertGeometry(f.get("geometry"));
    assertThat(f.has("properties")).isTrue();
    assertThat(f.get("properties").isObject() || f.get("properties").isNull()).isTrue();
    if (f.has("id")) {
      assertThat(f.get("id").isString() || f.get("id").isIntegralNumber()).isTrue();
    }
    if (f.has("links")) {
      f.get("links").forEach(OgcConformanceTest::assertLink);
    }
  }

  /** featureCollectionGeoJSON.yaml. */
  private static void assertFeatureCollection(JsonNode fc) {
    assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.get("features").isArray()).isTrue();
    fc.get("features").forEach(OgcConformanceTest::assertFeature);
    if (fc.has("links")) {
      fc.get("links").forEach(OgcConformanceTest::assertLink);
    }
    if (fc.has("timeStamp")) {
      assertThat(RFC3339.matcher(fc.get("timeStamp").asText()).matches()).isTrue();
    }
    for (String n : List.of("numberMatched", "numberReturned")) {
      if (fc.has(n)) {
        assertThat(fc.get(n).isIntegralNumber()).isTrue();
        assertThat(fc.get(n).asLong()).isNotNegative();
      }
    }
  }

  /** Every coordinate of a geometry, as [x, y] pairs in the order served. */
  private static List<double[]> positions(JsonNode g) {
    List<double[]> out = new ArrayList<>();
    collect(g.path("coordinates"), out);
    return out;
  }

  private static void collect(JsonNode node, List<double[]> out) {
    if (node.isArray() && node.size() > 0 && node.get(0).isNumber()) {
      out.add(new double[] {node.get(0).asDouble(), node.get(1).asDouble()});
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }

  private String firstId(String collection) throws Exception {
    return getJson("/ogc/collections/" + collection + "/items?limit=1")
        .at("/features/0/id")
        .asText();
  }

  // ================= Part 1, Core: /conf/core

  @Test
  @DisplayName("/conf/core/http — HTTP 1.1: GET and HEAD")
  void core_http() throws Exception {
    for (String path :
        List.of(
            "/ogc",
            "/ogc/conformance",
            "/ogc/api",
            "/ogc/collections",
            "/ogc/collections/district",
            "/ogc/collections/district/items",
            "/ogc/collections/district/items/440604")) {
      HttpResponse<byte[]> get = request("GET", base() + path);
      assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(get.statusCode()).as(path).isEqualTo(200);
      // HEAD: the same status and headers as GET, no body (RFC 9110 §9.3.2)
      HttpResponse<byte[]> head = request("HEAD", base() + path);
      assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(type(head)).isEqualTo(type(get));
    }
  }

  @Test
  @DisplayName("/conf/core/crs84 — without crs, every geometry is CRS84 (longitude, latitude)")
  void core_crs84() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      HttpResponse<byte[]> response = ok("/ogc/collections/" + id + "/items?limit=50");
      assertThat(response.headers().firstValue("Content-Crs")).hasValue("<" + CRS84 + ">");
      JsonNode fc = json(response.body());
      JsonNode box = getJson("/ogc/collections/" + id).at("/extent/spatial/bbox/0");
      for (JsonNode f : fc.get("features")) {
        for (double[] p : positions(f.get("geometry"))) {
          // Foshan: longitude 112°–114° E, latitude 22°–24° N; longitude first
          assertThat(p[0]).isBetween(box.get(0).asDouble(), box.get(2).asDouble());
          assertThat(p[1]).isBetween(box.get(1).asDouble(), box.get(3).asDouble());
          assertThat(p[0]).isBetween(112.0, 114.0);
          assertThat(p[1]).isBetween(22.0, 24.0);
        }
      }
    }
    String item = "/ogc/collections/district/items/440604";
    assertThat(get(item).headers().firstValue("Content-Crs")).hasValue("<" + CRS84 + ">");
  }

  @Test
  @DisplayName("/conf/core/root-op — GET on the landing page")
  void core_root_op() throws Exception {
    ok("/ogc");
    ok("/ogc/");
  }

  @Test
  @DisplayName("/conf/core/root-success — landing page: links to the API, conformance, data")
  void core_root_success() throws Exception {
    HttpResponse<byte[]> response = ok("/ogc", "Accept", JSON);
    assertThat(type(response)).startsWith(JSON);
    JsonNode landing = json(response.body());
    // landingPage.yaml: links required; title, description strings
    assertLinks(landing.get("links"));
    assertThat(landing.path("title").isString()).isTrue();
    assertThat(landing.path("description").isString()).isTrue();
    JsonNode links = landing.get("links");
    assertThat(href(links, "service-desc", OPENAPI)).isEqualTo(base() + "/ogc/api");
    assertThat(href(links, "conformance", JSON)).isEqualTo(base() + "/ogc/conformance");
    assertThat(href(links, "data", JSON)).isEqualTo(base() + "/ogc/collections");
    // every link leads somewhere
    for (JsonNode l : links) {
      HttpResponse<byte[]> target = request("GET", l.get("href").asText());
      assertThat(target.statusCode()).as(l.toString()).isIn(200, 302);
    }
  }

  @Test
  @DisplayName("/conf/core/api-definition-op — GET on the API definition (service-desc)")
  void core_api_definition_op() throws Exception {
    String desc = href(getJson("/ogc").get("links"), "service-desc", null);
    HttpResponse<byte[]> response = ok(path(desc));
    assertThat(type(response)).startsWith("application/vnd.oai.openapi+json");
  }

  @Test
  @DisplayName("/conf/core/api-definition-success — the API definition: OpenAPI 3.0")
  void core_api_definition_success() throws Exception {
    HttpResponse<byte[]> response = ok("/ogc/api");
    assertThat(type(response).replace(" ", "")).isEqualTo(OPENAPI);
    JsonNode api = json(response.body());
    assertOpenApi30(api);
    // the paths of Part 1 are declared
    assertThat(api.get("paths").propertyNames())
        .contains(
            "/",
            "/conformance",
            "/api",
            "/collections",
            "/collections/{collectionId}",
            "/collections/{collectionId}/items",
            "/collections/{collectionId}/items/{featureId}");
  }

  /** An OpenAPI 3.0 document, by the rules of its schema that matter here. */
  private static void assertOpenApi30(JsonNode api) {
    assertThat(api.path("openapi").asText()).matches("3\\.0\\.\\d+");
    assertThat(api.at("/info/title").asText()).isNotBlank();
    assertThat(api.at("/info/version").asText()).isNotBlank();
    assertThat(api.at("/servers/0/url").asText()).isNotBlank();
    Set<String> operationIds = new LinkedHashSet<>();
    for (var path : api.get("paths").properties()) {
      assertThat(path.getKey()).startsWith("/");
      List<String> templated = new ArrayList<>();
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
      while (m.find()) {
        templated.add(m.group(1));
      }
      for (var op : path.getValue().properties()) {
        assertThat(op.getKey())
            .isIn("get", "put", "post", "delete", "options", "head", "patch", "trace");
        JsonNode operation = op.getValue();
        if (operation.has("operationId")) {
          assertThat(operationIds.add(operation.get("operationId").asText()))
              .as("operationId unique: " + operation.get("operationId"))
              .isTrue();
        }
        assertThat(operation.get("responses").size()).isPositive();
        for (var r : operation.get("responses").properties()) {
          assertThat(r.getKey()).matches("[1-5][0-9X]{2}|default");
          assertThat(resolve(api, r.getValue()).path("description").isString())
              .as(path.getKey() + " " + op.getKey() + " " + r.getKey() + " has a description")
              .isTrue();
        }
        List<String> inPath = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode p : operation.path("parameters")) {
          JsonNode parameter = resolve(api, p);
          assertThat(parameter.path("name").asText()).isNotBlank();
          assertThat(parameter.path("in").asText()).isIn("query", "header", "path", "cookie");
          assertThat(seen.add(parameter.get("in").asText() + ":" + parameter.get("name").asText()))
              .as("parameter unique in " + path.getKey() + ": " + parameter.get("name"))
              .isTrue();
          assertThat(parameter.has("schema") || parameter.has("content")).isTrue();
          if (parameter.get("in").asText().equals("path")) {
            assertThat(parameter.path("required").asBoolean()).isTrue();
            inPath.add(parameter.get("name").asText());
          }
          if (parameter.has("style")) {
            assertThat(parameter.get("style").asText())
                .isIn(
                    "form",
                    "simple",
                    "matrix",
                    "label",
                    "spaceDelimited",
                    "pipeDelimited",
                    "deepObject");
          }
        }
        assertThat(inPath)
            .as("path parameters of " + op.getKey() + " " + path.getKey())
            .containsExactlyInAnyOrderElementsOf(templated);
      }
    }
    // every $ref anywhere resolves
    checkRefs(api, api);
  }

  private static void checkRefs(JsonNode api, JsonNode node) {
    if (node.isObject()) {
      if (node.has("$ref")) {
        resolve(api, node);
      }
      node.forEach(n -> checkRefs(api, n));
    } else if (node.isArray()) {
      node.forEach(n -> checkRefs(api, n));
    }
  }

  @Test
  @DisplayName("/conf/core/conformance-op — GET /conformance")
  void core_conformance_op() throws Exception {
    String href = href(getJson("/ogc").get("links"), "conformance", null);
    ok(path(href));
  }

  @Test
  @DisplayName("/conf/core/conformance-success — conformsTo lists the classes")
  void core_conformance_success() throws Exception {
    HttpResponse<byte[]> response = ok("/ogc/conformance", "Accept", JSON);
    assertThat(type(response)).startsWith(JSON);
    JsonNode conformance = json(response.body());
    // confClasses.yaml: conformsTo, an array of strings (URIs)
    assertThat(conformance.get("conformsTo").isArray()).isTrue();
    List<String> classes = strings(conformance.get("conformsTo"));
    classes.forEach(c -> assertThat(c).startsWith("http://www.opengis.net/spec/"));
    assertThat(new LinkedHashSet<>(classes)).hasSize(classes.size());
    assertThat(classes)
        .contains(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter");
  }

  @Test
  @DisplayName("/conf/core/fc-md-op — GET /collections")
  void core_fc_md_op() throws Exception {
    ok(path(href(getJson("/ogc").get("links"), "data", null)));
  }

  @Test
  @DisplayName("/conf/core/fc-md-success — the collections document")
  void core_fc_md_success() throws Exception {
    HttpResponse<byte[]> response = ok("/ogc/collections", "Accept", JSON);
    assertThat(type(response)).startsWith(JSON);
    JsonNode collections = json(response.body());
    // collections.yaml: links and collections required
    assertLinks(collections.get("links"));
    assertThat(collections.get("collections").isArray()).isTrue();
    collections.get("collections").forEach(OgcConformanceTest::assertCollection);
  }

  @Test
  @DisplayName("/conf/core/fc-md-links — collections: self, alternate for each encoding")
  void core_fc_md_links() throws Exception {
    JsonNode links = getJson("/ogc/collections").get("links");
    assertLinks(links);
    assertThat(href(links, "self", JSON)).isEqualTo(base() + "/ogc/collections");
    String html = href(links, "alternate", HTML);
    assertThat(type(ok(path(html)))).startsWith(HTML);
  }

  @Test
  @DisplayName("/conf/core/fc-md-items — an entry for every collection")
  void core_fc_md_items() throws Exception {
    JsonNode anonymous = getJson("/ogc/collections");
    assertThat(collectionIds(anonymous)).containsExactlyElementsOf(PUBLIC_COLLECTIONS);
    List<String> all = new ArrayList<>(PUBLIC_COLLECTIONS);
    all.addAll(VIEWS);
    JsonNode loggedIn = asPlanner("/ogc/collections");
    assertThat(collectionIds(loggedIn)).containsExactlyInAnyOrderElementsOf(all);
    for (JsonNode c : loggedIn.get("collections")) {
      assertCollection(c);
      assertThat(c.get("itemType").asText()).isEqualTo("feature");
      assertThat(c.get("title").asText()).isNotBlank();
    }
  }

  @Test
  @DisplayName("/conf/core/fc-md-items-links — each collection links its items in every encoding")
  void core_fc_md_items_links() throws Exception {
    for (JsonNode c : getJson("/ogc/collections").get("collections")) {
      JsonNode links = c.get("links");
      assertLinks(links);
      String id = c.get("id").asText();
      String items = href(links, "items", GEOJSON);
      assertThat(items).isEqualTo(base() + "/ogc/collections/" + id + "/items");
      assertThat(type(ok(path(items)))).startsWith(GEOJSON);
      assertThat(type(ok(path(href(links, "items", HTML))))).startsWith(HTML);
    }
  }

  @Test
  @DisplayName("/conf/core/fc-md-extent — extents hold every geometry and every time")
  void core_fc_md_extent() throws Exception {
    for (JsonNode c : getJson("/ogc/collections").get("collections")) {
      String id = c.get("id").asText();
      assertExtent(c.get("extent"));
      JsonNode box = c.at("/extent/spatial/bbox/0");
      Map<String, Object> e =
          jdbc.sql(
                  "SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM"
                      + " (SELECT ST_Extent(geom) AS x FROM "
                      + TABLES.get(id)
                      + ") t")
              .query()
              .singleRow();
      assertThat(box.get(0).asDouble()).as(id).isLessThanOrEqualTo((Double) e.get("w"));
      assertThat(box.get(1).asDouble()).as(id).isLessThanOrEqualTo((Double) e.get("s"));
      assertThat(box.get(2).asDouble()).as(id).isGreaterThanOrEqualTo((Double) e.get("e"));
      assertThat(box.get(3).asDouble()).as(id).isGreaterThanOrEqualTo((Double) e.get("n"));
    }
    // a layer keeping history: its interval starts at its first version and is open at its end;
    // nothing of it existed before the start, everything is within it
    JsonNode interval = getJson("/ogc/collections/parcel").at("/extent/temporal/interval/0");
    OffsetDateTime start = OffsetDateTime.parse(interval.get(0).asText());
    assertThat(interval.get(1).isNull()).isTrue();
    Instant first =
        jdbc.sql(
                "SELECT least((SELECT min(valid_from) FROM feature_history WHERE layer = 'parcel'),"
                    + " (SELECT min(updated_at) FROM parcel))")
            .query(java.sql.Timestamp.class)
            .single()
            .toInstant();
    assertThat(start.toInstant()).isBeforeOrEqualTo(first);
    String before = start.minusSeconds(1).toInstant().toString();
    assertThat(
            getJson("/ogc/collections/parcel/items?datetime=" + q(before))
                .get("numberReturned")
                .asInt())
        .isZero();
    // a collection without time has no temporal extent
    assertThat(getJson("/ogc/collections/district").at("/extent/temporal").isMissingNode())
        .isTrue();
  }

  @Test
  @DisplayName("/conf/core/sfc-md-op — GET /collections/{collectionId}")
  void core_sfc_md_op() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      ok("/ogc/collections/" + id);
    }
    status(404, "/ogc/collections/no_such_collection");
  }

  @Test
  @DisplayName("/conf/core/sfc-md-success — one collection, as /collections has it")
  void core_sfc_md_success() throws Exception {
    for (JsonNode entry : getJson("/ogc/collections").get("collections")) {
      String id = entry.get("id").asText();
      HttpResponse<byte[]> response = ok("/ogc/collections/" + id, "Accept", JSON);
      assertThat(type(response)).startsWith(JSON);
      JsonNode c = json(response.body());
      assertCollection(c);
      for (String p : List.of("id", "title", "description", "extent", "itemType", "crs")) {
        assertThat(c.get(p)).as(id + " " + p).isEqualTo(entry.get(p));
      }
      assertThat(href(c.get("links"), "self", JSON)).isEqualTo(base() + "/ogc/collections/" + id);
    }
  }

  @Test
  @DisplayName("/conf/core/fc-op — GET /collections/{collectionId}/items, every collection")
  void core_fc_op() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      HttpResponse<byte[]> response = ok("/ogc/collections/" + id + "/items", "Accept", GEOJSON);
      assertFeatureCollection(json(response.body()));
    }
    for (String id : VIEWS) {
      assertFeatureCollection(asPlanner("/ogc/collections/" + id + "/items?limit=5"));
    }
    status(404, "/ogc/collections/no_such_collection/items");
  }

  @Test
  @DisplayName("/conf/core/fc-limit-definition — limit: integer, minimum 1, maximum, default")
  void core_fc_limit_definition() throws Exception {
    JsonNode api = api();
    for (String path : itemsPaths(api)) {
      JsonNode limit = optionalFormParameter(api, path, "limit");
      JsonNode schema = limit.get("schema");
      assertThat(schema.get("type").asText()).isEqualTo("integer");
      assertThat(schema.get("minimum").asInt()).isEqualTo(1);
      assertThat(schema.get("maximum").asInt()).isEqualTo(10_000);
      assertThat(schema.get("default").asInt()).isEqualTo(100);
    }
  }

  @Test
  @DisplayName(
      "/conf/core/fc-limit-response — at most limit features; above the maximum, the maximum")
  void core_fc_limit_response() throws Exception {
    String items = "/ogc/collections/parcel/items";
    for (int limit : List.of(1, 2, 5, 50, 100)) {
      JsonNode page = getJson(items + "?limit=" + limit);
      assertThat(page.get("features")).hasSize(limit);
    }
    // the default, 100
    assertThat(getJson(items).get("features")).hasSize(100);
    // the maximum, and beyond it not an error: the maximum is used (requirement C)
    long parcels = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
    assertThat(parcels).isGreaterThan(10_000);
    JsonNode max = getJson(items + "?limit=10000&properties=code");
    assertThat(max.get("features")).hasSize(10_000);
    for (String above : List.of("10001", "20000", "2147483647", "99999999999")) {
      HttpResponse<byte[]> response = ok(items + "?limit=" + above + "&properties=code");
      JsonNode page = json(response.body());
      assertThat(page.get("features")).as(above).hasSize(10_000);
      assertThat(page.get("numberReturned").asInt()).isEqualTo(10_000);
      // the next link continues with the limit used
      assertThat(href(page.get("links"), "next", GEOJSON)).contains("limit=10000");
    }
    // nested objects are not counted: a feature collection's features are its first level
    JsonNode district = getJson("/ogc/collections/district/items?limit=3");
    assertThat(district.get("numberReturned").asInt()).isEqualTo(district.get("features").size());
  }

  @Test
  @DisplayName(
      "/conf/core/fc-bbox-definition — bbox: an array of 4 or 6 numbers, form, not exploded")
  void core_fc_bbox_definition() throws Exception {
    JsonNode api = api();
    for (String path : itemsPaths(api)) {
      JsonNode bbox = optionalFormParameter(api, path, "bbox");
      JsonNode schema = bbox.get("schema");
      assertThat(schema.get("type").asText()).isEqualTo("array");
      assertThat(schema.at("/items/type").asText()).isEqualTo("number");
      if (schema.has("oneOf")) { // 17-069r4's form: exactly 4 or exactly 6
        List<String> sizes = new ArrayList<>();
        schema
            .get("oneOf")
            .forEach(o -> sizes.add(o.get("minItems").asInt() + "-" + o.get("maxItems").asInt()));
        assertThat(sizes).containsExactly("4-4", "6-6");
      } else {
        assertThat(schema.get("minItems").asInt()).isEqualTo(4);
        assertThat(schema.get("maxItems").asInt()).isEqualTo(6);
      }
    }
  }

  @Test
  @DisplayName(
      "/conf/core/fc-bbox-response — only features meeting the box; any box, 4 or 6 numbers")
  void core_fc_bbox_response() throws Exception {
    String items = "/ogc/collections/parcel/items?limit=10000&properties=code&bbox=";
    List<String> expected =
        sqlIds(
            "SELECT id FROM parcel WHERE ST_Intersects(geom,"
                + " ST_MakeEnvelope(113.0, 23.0, 113.03, 23.03, 4490)) ORDER BY id");
    assertThat(expected).isNotEmpty();
    assertThat(ids(getJson(items + "113.0,23.0,113.03,23.03"))).isEqualTo(expected);
    assertThat(ids(getJson(items + "113.0,23.0,-100,113.03,23.03,100"))).isEqualTo(expected);
    // the collection's own extent holds all of it (the official suite's first box)
    JsonNode box = getJson("/ogc/collections/district").at("/extent/spatial/bbox/0");
    String extent =
        box.get(0).asText()
            + ","
            + box.get(1).asText()
            + ","
            + box.get(2).asText()
            + ","
            + box.get(3).asText();
    assertThat(getJson("/ogc/collections/district/items?bbox=" + extent).get("features"))
        .hasSize(5);
    // the suite's boxes across the meridian, the equator, the antimeridian and at the poles:
    // none holds Foshan, every one is answered
    for (String elsewhere :
        List.of(
            "-1.5,50.0,1.5,53.0",
            "-80.0,-5.0,-70.0,5.0",
            "177.0,65.0,-177.0,70.0",
            "-180.0,85.0,180.0,90.0",
            "-180.0,-90.0,180.0,-85.0")) {
      for (String id : PUBLIC_COLLECTIONS) {
        HttpResponse<byte[]> response =
            ok("/ogc/collections/" + id + "/items?bbox=" + elsewhere, "Accept", GEOJSON);
        assertThat(json(response.body()).get("features")).as(id + " " + elsewhere).isEmpty();
      }
    }
    // across the antimeridian: west edge 100°E, east edge 170°W — Foshan (113°E) is inside
    assertThat(ids(getJson(items + "100,23.0,-170,23.03")))
        .isEqualTo(
            sqlIds(
                "SELECT id FROM parcel WHERE ST_Intersects(geom,"
                    + " ST_MakeEnvelope(100, 23.0, 180, 23.03, 4490)) ORDER BY id"));
    // the whole world
    assertThat(getJson("/ogc/collections/district/items?bbox=-180,-90,180,90").get("features"))
        .hasSize(5);
    // coordinates outside the CRS's range, or another count of numbers: 400
    for (String bad : List.of("113,23,114,95", "113,23,114", "113,23,114,24,5", "a,b,c,d")) {
      status(400, "/ogc/collections/parcel/items?bbox=" + bad);
    }
  }

  @Test
  @DisplayName("/conf/core/fc-time-definition — datetime: a string, form, not exploded")
  void core_fc_time_definition() throws Exception {
    JsonNode api = api();
    for (String path : itemsPaths(api)) {
      JsonNode datetime = optionalFormParameter(api, path, "datetime");
      assertThat(datetime.at("/schema/type").asText()).isEqualTo("string");
    }
  }

  @Test
  @DisplayName("/conf/core/fc-time-response — datetime: instants, intervals, open ends")
  void core_fc_time_response() throws Exception {
    // C: a collection without time matches every datetime
    List<String> districts = ids(getJson("/ogc/collections/district/items"));
    assertThat(districts).hasSize(5);
    // D, E, F: the forms of the ABNF (RFC 3339 date-times, bounded, half-bounded with '..' or
    // empty), and those the official suite sends besides (a start and a duration)
    List<String> forms =
        List.of(
            "2018-02-12T23:20:50Z",
            "2018-02-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "2018-02-12t23:20:50z",
            "2018-02-12T00:00:00Z/2018-03-18T12:31:12Z",
            "../2018-03-18T12:31:12Z",
            "/2018-03-18T12:31:12Z",
            "2018-02-12T00:00:00Z/..",
            "2018-02-12T00:00:00Z/",
            "2018-02-12/P2D",
            "2018-02-12T00:00:00Z/P1M6DT12H31M12S");
    for (String form : forms) {
      HttpResponse<byte[]> response =
          ok("/ogc/collections/district/items?datetime=" + q(form), "Accept", GEOJSON);
      assertThat(ids(json(response.body()))).as(form).isEqualTo(districts);
    }
    for (String bad :
        List.of(
            "yesterday",
            "2018-02-30T00:00:00Z",
            "../..",
            "2018-03-01T00:00:00Z/2018-02-01T00:00:00Z",
            "2018-02-12T23:20:50")) {
      status(400, "/ogc/collections/district/items?datetime=" + q(bad));
    }
    // A: a layer keeping history: only what existed at that time
    String items = "/ogc/collections/parcel/items?limit=10000&properties=code&datetime=";
    String now = Instant.now().plusSeconds(1).toString();
    List<String> current = sqlIds("SELECT id FROM parcel ORDER BY id");
    assertThat(ids(getJson(items + q(now)))).isEqualTo(current.subList(0, 10_000));
    assertThat(getJson(items + q("../1999-12-31T23:59:59Z")).get("features")).isEmpty();
    assertThat(getJson(items + q("1990-01-01T00:00:00Z/1999-12-31T23:59:59Z")).get("features"))
        .isEmpty();
    assertThat(getJson(items + q("1990-01-01T00:00:00Z/P10Y")).get("features")).isEmpty();
    // B: the time of a parcel is that of its versions, and an interval up to now meets them all
    assertThat(ids(getJson(items + q("2000-01-01T00:00:00Z/.."))))
        .isEqualTo(current.subList(0, 10_000));
  }

  @Test
  @DisplayName("/conf/core/query-param-unknown — an unknown parameter is a 400")
  void core_query_param_unknown() throws Exception {
    for (String path :
        List.of(
            "/ogc?colour=red",
            "/ogc/conformance?colour=red",
            "/ogc/api?colour=red",
            "/ogc/collections?colour=red",
            "/ogc/collections/parcel?colour=red",
            "/ogc/collections/parcel/items?colour=red",
            "/ogc/collections/parcel/items?bbox_crs=x",
            "/ogc/collections/parcel/items/" + firstId("parcel") + "?limit=5",
            "/ogc/collections/parcel/queryables?colour=red")) {
      HttpResponse<byte[]> response = status(400, path);
      assertThat(type(response)).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("/conf/core/query-param-invalid — an invalid value is a 400")
  void core_query_param_invalid() throws Exception {
    for (String query :
        List.of(
            "limit=0",
            "limit=-5",
            "limit=ten",
            "limit=1.5",
            "offset=-1",
            "bbox=1,2,3",
            "bbox=a,b,c,d",
            "bbox=113,24,114,23",
            "datetime=yesterday",
            "f=xml",
            "crs=" + q(EPSG + "4326"),
            "bbox-crs=" + q(EPSG + "4326") + "&bbox=1,2,3,4",
            "properties=nothing",
            "after=abc")) {
      HttpResponse<byte[]> response = status(400, "/ogc/collections/parcel/items?" + query);
      assertThat(type(response)).startsWith("application/problem+json");
      assertThat(json(response.body()).get("detail").asText()).as(query).isNotBlank();
    }
  }

  @Test
  @DisplayName("/conf/core/fc-response — a FeatureCollection of only the features selected")
  void core_fc_response() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      HttpResponse<byte[]> response = ok("/ogc/collections/" + id + "/items?limit=20");
      assertThat(type(response)).startsWith(GEOJSON);
      assertFeatureCollection(json(response.body()));
    }
    // only the features selected (bbox and a filter together)
    List<String> expected =
        sqlIds(
            "SELECT id FROM parcel WHERE district_code = '440605' AND ST_Intersects(geom,"
                + " ST_MakeEnvelope(113.0, 22.7, 113.3, 23.0, 4490)) ORDER BY id");
    assertThat(expected).isNotEmpty();
    assertThat(
            ids(
                getJson(
                    "/ogc/collections/parcel/items?limit=10000&district=440605&bbox=113.0,22.7,113.3,23.0")))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("/conf/core/fc-links — self, alternate for each encoding, next; rel and type")
  void core_fc_links() throws Exception {
    String items = "/ogc/collections/red_line/items?limit=10&bbox=112,22,114,24";
    JsonNode page = getJson(items);
    JsonNode links = page.get("links");
    assertLinks(links);
    String self = href(links, "self", GEOJSON);
    assertThat(json(ok(path(self)).body()).get("features")).isEqualTo(page.get("features"));
    String html = href(links, "alternate", HTML);
    HttpResponse<byte[]> alternate = ok(path(html));
    assertThat(type(alternate)).startsWith(HTML);
    // next pages walk through every feature once, keeping the selection
    List<String> all = new ArrayList<>(ids(page));
    String next = href(links, "next", GEOJSON);
    while (next != null) {
      assertThat(next).contains("bbox=");
      JsonNode p = json(ok(path(next)).body());
      assertLinks(p.get("links"));
      all.addAll(ids(p));
      JsonNode n = link(p.get("links"), "next", GEOJSON);
      next = n == null ? null : n.get("href").asText();
    }
    assertThat(all).isEqualTo(sqlIds("SELECT id FROM red_line ORDER BY id"));
  }

  @Test
  @DisplayName("/conf/core/fc-timeStamp — timeStamp is when the response was made")
  void core_fc_timeStamp() throws Exception {
    Instant before = Instant.now();
    JsonNode page = getJson("/ogc/collections/parcel/items?limit=5");
    Instant after = Instant.now();
    String stamp = page.get("timeStamp").asText();
    assertThat(RFC3339.matcher(stamp).matches()).isTrue();
    Instant t = OffsetDateTime.parse(stamp).toInstant();
    // written to the second
    assertThat(t).isBetween(before.minusSeconds(1), after.plusSeconds(1));
  }

  @Test
  @DisplayName("/conf/core/fc-numberMatched — when given, the number of all features selected")
  void core_fc_numberMatched() throws Exception {
    for (String query :
        List.of(
            "/ogc/collections/district/items",
            "/ogc/collections/town/items?limit=10000",
            "/ogc/collections/parcel/items?limit=10000&district=440605&bbox=113.0,22.7,113.3,23.0",
            "/ogc/collections/parcel/items?limit=10&bbox=113.0,23.0,113.01,23.01",
            "/ogc/collections/parcel/items?limit=5")) {
      JsonNode page = getJson(query);
      if (!page.has("numberMatched")) {
        continue; // allowed where not known (B)
      }
      // count every feature of every page
      int total = page.get("features").size();
      JsonNode p = page;
      for (JsonNode n = link(p.get("links"), "next", GEOJSON);
          n != null;
          n = link(p.get("links"), "next", GEOJSON)) {
        p = json(ok(path(n.get("href").asText())).body());
        total += p.get("features").size();
      }
      assertThat(page.get("numberMatched").asInt()).as(query).isEqualTo(total);
    }
    assertThat(getJson("/ogc/collections/district/items").get("numberMatched").asInt())
        .isEqualTo(5);
  }

  @Test
  @DisplayName("/conf/core/fc-numberReturned — the number of features in the response")
  void core_fc_numberReturned() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      for (String query : List.of("", "?limit=7", "?limit=10000&properties=" + "code")) {
        HttpResponse<byte[]> response = get("/ogc/collections/" + id + "/items" + query);
        if (response.statusCode() == 400) {
          continue; // a collection without a code property
        }
        JsonNode page = json(response.body());
        assertThat(page.get("numberReturned").asInt())
            .as(id + query)
            .isEqualTo(page.get("features").size());
      }
    }
  }

  @Test
  @DisplayName("/conf/core/f-op — GET /collections/{collectionId}/items/{featureId}")
  void core_f_op() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      ok("/ogc/collections/" + id + "/items/" + firstId(id));
      status(404, "/ogc/collections/" + id + "/items/999999999");
    }
  }

  @Test
  @DisplayName("/conf/core/f-success — a feature")
  void core_f_success() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      JsonNode first = getJson("/ogc/collections/" + id + "/items?limit=1").at("/features/0");
      String featureId = first.get("id").asText();
      HttpResponse<byte[]> response =
          ok("/ogc/collections/" + id + "/items/" + featureId, "Accept", GEOJSON);
      assertThat(type(response)).startsWith(GEOJSON);
      JsonNode feature = json(response.body());
      assertFeature(feature);
      assertThat(feature.get("id")).isEqualTo(first.get("id"));
      assertThat(feature.get("properties")).isEqualTo(first.get("properties"));
      assertThat(feature.get("geometry")).isEqualTo(first.get("geometry"));
    }
  }

  @Test
  @DisplayName("/conf/core/f-links — a feature's self, alternate and collection links")
  void core_f_links() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      String featureId = firstId(id);
      JsonNode links = getJson("/ogc/collections/" + id + "/items/" + featureId).get("links");
      assertLinks(links);
      assertThat(href(links, "self", GEOJSON))
          .isEqualTo(base() + "/ogc/collections/" + id + "/items/" + featureId);
      assertThat(type(ok(path(href(links, "alternate", HTML))))).startsWith(HTML);
      assertThat(href(links, "collection", JSON)).isEqualTo(base() + "/ogc/collections/" + id);
    }
  }

  // ================= Part 1, GeoJSON: /conf/geojson

  @Test
  @DisplayName(
      "/conf/geojson/definition — application/geo+json for features, application/json else")
  void geojson_definition() throws Exception {
    String item = "/ogc/collections/district/items/440604";
    for (String path : List.of("/ogc/collections/district/items", item)) {
      for (String[] ask :
          new String[][] {{}, {"Accept", GEOJSON}, {"Accept", JSON}, {"Accept", "*/*"}}) {
        assertThat(type(ok(path, ask))).as(path).startsWith(GEOJSON);
      }
      assertThat(type(ok(path + "?f=json"))).startsWith(GEOJSON);
    }
    for (String path :
        List.of("/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/district")) {
      assertThat(type(ok(path, "Accept", JSON))).as(path).startsWith(JSON);
      assertThat(type(ok(path))).as(path).startsWith(JSON);
    }
  }

  @Test
  @DisplayName("/conf/geojson/content — GeoJSON FeatureCollection and Feature, links as a member")
  void geojson_content() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      JsonNode fc = getJson("/ogc/collections/" + id + "/items?limit=100");
      assertFeatureCollection(fc);
      assertThat(fc.get("links").isArray()).isTrue();
      assertThat(fc.get("numberReturned").isIntegralNumber()).isTrue();
      for (JsonNode f : fc.get("features")) {
        assertThat(f.get("geometry").path("type").asText()).isIn("Polygon", "MultiPolygon");
      }
      JsonNode feature =
          getJson("/ogc/collections/" + id + "/items/" + fc.at("/features/0/id").asText());
      assertFeature(feature);
      assertThat(feature.get("links").isArray()).isTrue();
    }
  }

  // ================= Part 1, HTML: /conf/html

  @Test
  @DisplayName("/conf/html/definition — every resource in text/html, by f=html and by Accept")
  void html_definition() throws Exception {
    String item = "/ogc/collections/district/items/440604";
    for (String path :
        List.of(
            "/ogc",
            "/ogc/conformance",
            "/ogc/api",
            "/ogc/collections",
            "/ogc/collections/district",
            "/ogc/collections/district/queryables",
            "/ogc/collections/district/items",
            item)) {
      String f = path + (path.contains("?") ? "&" : "?") + "f=html";
      assertThat(type(ok(f))).as(f).startsWith(HTML);
      assertThat(type(ok(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")))
          .as(path)
          .startsWith(HTML);
    }
  }

  @Test
  @DisplayName("/conf/html/content — HTML 5 with the document's information and links")
  void html_content() throws Exception {
    String item = "/ogc/collections/district/items/440604";
    for (String path :
        List.of(
            "/ogc",
            "/ogc/conformance",
            "/ogc/collections",
            "/ogc/collections/parcel",
            "/ogc/collections/district/items",
            "/ogc/collections/parcel/items?limit=5",
            item)) {
      JsonNode doc = getJson(path);
      String html = text(ok(path + (path.contains("?") ? "&" : "?") + "f=html"));
      assertThat(html).startsWith("<!doctype html>").contains("<html", "<body>", "</html>");
      // every link of the JSON document is an <a> in the HTML one (each link to the other
      // encoding of a page counts as the link to that page: its f parameter aside)
      List<JsonNode> links = new ArrayList<>();
      doc.path("links").forEach(links::add);
      doc.path("collections").forEach(c -> c.path("links").forEach(links::add));
      Set<String> anchors = new LinkedHashSet<>();
      Matcher a = Pattern.compile("<a href=\"([^\"]*)\"").matcher(html);
      while (a.find()) {
        anchors.add(withoutF(unescape(a.group(1))));
      }
      for (JsonNode l : links) {
        assertThat(anchors).as(path + " links " + l).contains(withoutF(l.get("href").asText()));
      }
      // and the information
      doc.path("conformsTo").forEach(c -> assertThat(html).contains(escape(c.asText())));
      for (JsonNode c : doc.path("collections")) {
        assertThat(html).contains(escape(c.get("id").asText()), escape(c.get("title").asText()));
      }
      if (doc.has("extent")) {
        assertThat(html).contains(escape(doc.get("title").asText()));
        doc.at("/extent/spatial/bbox/0").forEach(n -> assertThat(html).contains(n.asText()));
        doc.get("crs").forEach(c -> assertThat(html).contains(escape(c.asText())));
        assertThat(html).contains(escape(doc.get("storageCrs").asText()));
      }
      List<JsonNode> features = new ArrayList<>();
      doc.path("features").forEach(features::add);
      if (doc.path("type").asText().equals("Feature")) {
        features.add(doc);
      }
      for (JsonNode f : features) {
        assertThat(html).contains(escape(f.get("id").asText()));
        for (var p : f.get("properties").properties()) {
          if (!p.getValue().isNull() && !p.getValue().isContainer()) {
            assertThat(html).as(p.getKey()).contains(escape(p.getValue().asText()));
          }
        }
        assertThat(html).contains(f.at("/geometry/type").asText());
      }
      if (doc.has("numberReturned")) {
        assertThat(html).contains("numberReturned");
      }
    }
  }

  private static String withoutF(String href) {
    return href.replaceAll("[?&]f=(html|json)$", "").replaceAll("([?&])f=(html|json)&", "$1");
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  // ================= Part 1, OpenAPI 3.0: /conf/oas30

  @Test
  @DisplayName("/conf/oas30/oas-definition-1 — OpenAPI 3.0 as JSON and as HTML")
  void oas30_oas_definition_1() throws Exception {
    JsonNode links = getJson("/ogc").get("links");
    assertThat(type(ok(path(href(links, "service-desc", OPENAPI)))))
        .startsWith("application/vnd.oai.openapi+json");
    HttpResponse<byte[]> html = ok("/ogc/api?f=html");
    assertThat(type(html)).startsWith(HTML);
    assertThat(text(html)).contains("/collections/{collectionId}/items");
    assertThat(type(ok("/ogc/api", "Accept", "text/html"))).startsWith(HTML);
    assertThat(type(ok("/ogc/api", "Accept", "application/vnd.oai.openapi+json;version=3.0")))
        .startsWith("application/vnd.oai.openapi+json");
  }

  @Test
  @DisplayName("/conf/oas30/oas-definition-2 — the JSON is a valid OpenAPI 3.0 document")
  void oas30_oas_definition_2() throws Exception {
    assertOpenApi30(api());
    // also as a logged-in user sees it (with the views' paths)
    HttpResponse<byte[]> response =
        new ServiceClient(port).send("GET", "/ogc/api", "planner", null);
    JsonNode api = json(response.body());
    assertOpenApi30(api);
    assertThat(api.at("/paths").has("/collections/parcel_efficiency/items")).isTrue();
  }

  @Test
  @DisplayName("/conf/oas30/oas-impl — every GET operation of the definition works as described")
  void oas30_oas_impl() throws Exception {
    JsonNode api = api();
    List<String> collections = strings(api.at("/components/parameters/collectionId/schema/enum"));
    assertThat(collections).containsExactlyElementsOf(PUBLIC_COLLECTIONS);
    for (var path : api.get("paths").properties()) {
      JsonNode get = path.getValue().get("get");
      if (get == null) {
        continue;
      }
      List<String> concrete = new ArrayList<>();
      if (path.getKey().contains("{collectionId}")) {
        for (String id : collections) {
          concrete.add(path.getKey().replace("{collectionId}", id));
        }
      } else {
        concrete.add(path.getKey());
      }
      for (String c : concrete) {
        if (c.contains("{featureId}")) {
          String collection = c.split("/", -1)[2];
          c = c.replace("{featureId}", firstId(collection));
        }
        ok("/ogc" + c);
        // each query parameter declared is taken (never refused as unknown)
        for (JsonNode p : get.path("parameters")) {
          JsonNode parameter = resolve(api, p);
          if (!parameter.get("in").asText().equals("query")) {
            continue;
          }
          String name = parameter.get("name").asText();
          String value =
              name.equals("properties")
                  ? getJson("/ogc" + c.replaceAll("/items.*", "/items?limit=1"))
                      .at("/features/0/properties")
                      .propertyNames()
                      .iterator()
                      .next()
                  : sample(parameter);
          String with =
              name.startsWith("filter-")
                  ? "&filter=" + q(sample(parameter(api, path.getKey(), "filter")))
                  : "";
          HttpResponse<byte[]> response = get("/ogc" + c + "?" + q(name) + "=" + q(value) + with);
          assertThat(response.statusCode())
              .as(c + "?" + parameter.get("name").asText() + "=" + value + " → " + text(response))
              .isEqualTo(200);
        }
      }
    }
  }

  /** A valid value for a parameter, from its schema. */
  private static String sample(JsonNode parameter) {
    JsonNode schema = parameter.get("schema");
    String name = parameter.get("name").asText();
    if (schema.has("default")) {
      return schema.get("default").asText();
    }
    if (schema.has("enum")) {
      return schema.get("enum").get(0).asText();
    }
    return switch (name) {
      case "bbox" -> "112,22,114,24";
      case "datetime" -> "2026-01-01T00:00:00Z/..";
      case "filter" -> "S_INTERSECTS(geometry, BBOX(112, 22, 114, 24))";
      case "properties" -> "id";
      case "after" -> "0";
      default ->
          switch (schema.path("type").asText()) {
            case "integer" -> "1";
            case "number" -> "1.5";
            case "boolean" -> "true";
            default ->
                switch (schema.path("format").asText()) {
                  case "date" -> "2025-01-01";
                  case "date-time" -> "2025-01-01T00:00:00Z";
                  default -> "x";
                };
          };
    };
  }

  @Test
  @DisplayName("/conf/oas30/completeness — every status code the server answers is declared")
  void oas30_completeness() throws Exception {
    JsonNode api = api();
    for (var path : api.get("paths").properties()) {
      JsonNode get = path.getValue().get("get");
      if (get == null) {
        continue;
      }
      JsonNode responses = get.get("responses");
      // 200; 400 for parameters (f, or any unknown one); 404 for a path naming a resource; 406
      // when no encoding is acceptable; 500
      assertThat(responses.has("200")).as(path.getKey()).isTrue();
      assertThat(responses.has("400")).as(path.getKey()).isTrue();
      assertThat(responses.has("406")).as(path.getKey()).isTrue();
      assertThat(responses.has("500")).as(path.getKey()).isTrue();
      if (path.getKey().contains("{") || path.getKey().startsWith("/collections/")) {
        assertThat(responses.has("404")).as(path.getKey()).isTrue();
      }
      // the media types of 200 include those served
      JsonNode content = resolve(api, responses.get("200")).get("content");
      assertThat(content.has("text/html") || path.getKey().equals("/api")).isTrue();
    }
    // and the server does answer those: 406 for an encoding it does not have
    for (String path :
        List.of(
            "/ogc",
            "/ogc/collections",
            "/ogc/collections/district/items",
            "/ogc/collections/district/items/440604")) {
      HttpResponse<byte[]> response = status(406, path, "Accept", "application/xml");
      assertThat(type(response)).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("/conf/oas30/exceptions-codes — errors are the declared problem documents")
  void oas30_exceptions_codes() throws Exception {
    JsonNode api = api();
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put("/ogc/collections/nothing", new String[] {"404", "/collections/{collectionId}"});
    cases.put(
        "/ogc/collections/parcel/items?limit=0",
        new String[] {"400", "/collections/{collectionId}/items"});
    cases.put(
        "/ogc/collections/parcel/items/0",
        new String[] {"404", "/collections/{collectionId}/items/{featureId}"});
    cases.put(
        "/ogc/collections/parcel_efficiency/items",
        new String[] {"401", "/collections/{collectionId}/items"});
    for (var c : cases.entrySet()) {
      HttpResponse<byte[]> response = get(c.getKey());
      String code = c.getValue()[0];
      assertThat(response.statusCode()).as(c.getKey()).isEqualTo(Integer.parseInt(code));
      JsonNode declared =
          resolve(api, api.at("/paths/" + pointer(c.getValue()[1]) + "/get/responses/" + code));
      assertThat(declared.isMissingNode()).as(c.getKey()).isFalse();
      String mediaType = type(response).split(";", -1)[0];
      assertThat(declared.get("content").has(mediaType)).as(c.getKey()).isTrue();
      JsonNode problem = json(response.body());
      assertThat(problem.get("status").asInt()).isEqualTo(Integer.parseInt(code));
      assertThat(problem.get("title").asText()).isNotBlank();
    }
  }

  @Test
  @DisplayName("/conf/oas30/security — the access control is in the definition")
  void oas30_security() throws Exception {
    JsonNode api = api();
    assertThat(api.at("/components/securitySchemes/basicAuth/type").asText()).isEqualTo("http");
    assertThat(api.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
    for (var path : api.get("paths").properties()) {
      for (var op : path.getValue().properties()) {
        JsonNode security = op.getValue().get("security");
        if (op.getKey().equals("get")) {
          continue; // reading is open, except the views (below)
        }
        assertThat(security).as(op.getKey() + " " + path.getKey()).isNotNull();
        assertThat(security.toString()).contains("basicAuth");
      }
    }
    // the collections that need a login say so: their reads allow basicAuth
    assertThat(
            api.at("/paths/" + pointer("/collections/{collectionId}/items") + "/get/security")
                .toString())
        .contains("basicAuth");
  }

  // ================= Part 2, CRS: /conf/crs

  @Test
  @DisplayName("/conf/crs/crs-list (fc-md-crs-list) — collections list their CRSs")
  void crs_fc_md_crs_list() throws Exception {
    JsonNode all = getJson("/ogc/collections");
    List<String> global = strings(all.get("crs"));
    assertThat(global).contains(CRS84, EPSG + "4490", EPSG + "4547", EPSG + "4546", EPSG + "3857");
    for (JsonNode c : all.get("collections")) {
      List<String> crs = strings(c.get("crs"));
      assertThat(crs).contains(CRS84);
      crs.forEach(u -> assertThat(u).matches("http://www\\.opengis\\.net/def/crs/.+"));
      assertThat(getJson("/ogc/collections/" + c.get("id").asText()).get("crs"))
          .isEqualTo(c.get("crs"));
    }
    assertThat(getJson("/ogc/conformance").get("conformsTo").toString())
        .contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
  }

  @Test
  @DisplayName("/conf/crs/storageCrs (fc-md-storageCrs) — the storage CRS, one of the list")
  void crs_fc_md_storageCrs() throws Exception {
    for (JsonNode c : getJson("/ogc/collections").get("collections")) {
      assertThat(c.get("storageCrs").asText()).isEqualTo(EPSG + "4490");
      assertThat(strings(c.get("crs"))).contains(c.get("storageCrs").asText());
    }
  }

  @Test
  @DisplayName("/conf/crs/fc-crs-definition — crs parameter on items and item")
  void crs_fc_crs_definition() throws Exception {
    JsonNode api = api();
    List<String> paths = new ArrayList<>(itemsPaths(api));
    paths.add("/collections/{collectionId}/items/{featureId}");
    for (String path : paths) {
      for (String name : List.of("crs", "bbox-crs")) {
        if (name.equals("bbox-crs") && path.endsWith("{featureId}")) {
          continue;
        }
        JsonNode p = optionalFormParameter(api, path, name);
        assertThat(p.at("/schema/type").asText()).isEqualTo("string");
        assertThat(p.at("/schema/format").asText()).isEqualTo("uri");
        // the values the definition allows are the collections' CRSs
        assertThat(strings(p.at("/schema/enum")))
            .containsExactlyInAnyOrderElementsOf(
                strings(getJson("/ogc/collections/parcel").get("crs")));
      }
    }
  }

  @Test
  @DisplayName("/conf/crs/fc-crs-valid-value — a CRS not listed is a 400")
  void crs_fc_crs_valid_value() throws Exception {
    String id = firstId("parcel");
    for (String crs : List.of(EPSG + "4326", "EPSG:4490", "nonsense", EPSG + "4547x")) {
      status(400, "/ogc/collections/parcel/items?crs=" + q(crs));
      status(400, "/ogc/collections/parcel/items/" + id + "?crs=" + q(crs));
    }
    // every CRS listed is taken
    for (JsonNode crs : getJson("/ogc/collections/parcel").get("crs")) {
      ok("/ogc/collections/parcel/items?limit=1&crs=" + q(crs.asText()));
      ok("/ogc/collections/parcel/items/" + id + "?crs=" + q(crs.asText()));
    }
  }

  @Test
  @DisplayName("/conf/crs/fc-crs-action — geometries in the CRS asked for, in its axis order")
  void crs_fc_crs_action() throws Exception {
    String id = firstId("parcel");
    JsonNode lonLat = getJson("/ogc/collections/parcel/items/" + id).get("geometry");
    JsonNode latLon =
        getJson("/ogc/collections/parcel/items/" + id + "?crs=" + q(EPSG + "4490")).get("geometry");
    List<double[]> a = positions(lonLat);
    List<double[]> b = positions(latLon);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)[0]).isEqualTo(a.get(i)[1]);
      assertThat(b.get(i)[1]).isEqualTo(a.get(i)[0]);
    }
    JsonNode page = getJson("/ogc/collections/parcel/items?limit=1&crs=" + q(EPSG + "4547"));
    double[] gk = positions(page.at("/features/0/geometry")).get(0);
    assertThat(gk[0]).as("northing first").isBetween(2_400_000.0, 2_700_000.0);
    assertThat(gk[1])
        .as("easting second (with the 38 zone prefix or false easting)")
        .isBetween(300_000.0, 700_000.0);
  }

  @Test
  @DisplayName("/conf/crs/ogc-crs-header — Content-Crs names the CRS of the response")
  void crs_ogc_crs_header() throws Exception {
    String id = firstId("parcel");
    for (JsonNode crs : getJson("/ogc/collections/parcel").get("crs")) {
      for (String path :
          List.of(
              "/ogc/collections/parcel/items?limit=1&crs=" + q(crs.asText()),
              "/ogc/collections/parcel/items/" + id + "?crs=" + q(crs.asText()))) {
        assertThat(ok(path).headers().firstValue("Content-Crs")).hasValue("<" + crs.asText() + ">");
      }
    }
  }

  @Test
  @DisplayName("/conf/crs/fc-bbox-crs-definition, fc-bbox-crs-valid-value, fc-bbox-crs-action")
  void crs_fc_bbox_crs() throws Exception {
    List<String> expected =
        sqlIds(
            "SELECT id FROM parcel WHERE ST_Intersects(geom,"
                + " ST_MakeEnvelope(113.0, 23.0, 113.03, 23.03, 4490)) ORDER BY id");
    assertThat(expected).isNotEmpty();
    String items = "/ogc/collections/parcel/items?limit=10000&properties=code";
    assertThat(ids(getJson(items + "&bbox=113.0,23.0,113.03,23.03&bbox-crs=" + q(CRS84))))
        .isEqualTo(expected);
    // EPSG:4490 is latitude first
    assertThat(ids(getJson(items + "&bbox=23.0,113.0,23.03,113.03&bbox-crs=" + q(EPSG + "4490"))))
        .isEqualTo(expected);
    status(400, "/ogc/collections/parcel/items?bbox=1,2,3,4&bbox-crs=" + q(EPSG + "4326"));
  }

  // ================= Part 3, Filtering: /conf/queryables, /conf/filter, /conf/features-filter

  @Test
  @DisplayName("/conf/queryables/get-queryables-op — each collection links its queryables")
  void queryables_get_queryables_op() throws Exception {
    for (JsonNode c : getJson("/ogc/collections").get("collections")) {
      String href = href(c.get("links"), QUERYABLES, "application/schema+json");
      assertThat(type(ok(path(href)))).startsWith("application/schema+json");
    }
  }

  @Test
  @DisplayName("/conf/queryables/get-queryables-response — a JSON Schema, one property each")
  void queryables_get_queryables_response() throws Exception {
    for (String id : PUBLIC_COLLECTIONS) {
      String url = base() + "/ogc/collections/" + id + "/queryables";
      JsonNode schema = getJson("/ogc/collections/" + id + "/queryables");
      assertThat(schema.get("$schema").asText())
          .isIn(
              "https://json-schema.org/draft/2019-09/schema",
              "https://json-schema.org/draft/2020-12/schema");
      assertThat(schema.get("$id").asText()).isEqualTo(url);
      assertThat(schema.get("type").asText()).isEqualTo("object");
      assertThat(schema.get("properties").size()).isPositive();
      for (var p : schema.get("properties").properties()) {
        JsonNode v = p.getValue();
        assertThat(v.has("type") || v.has("format") || v.has("$ref")).as(p.getKey()).isTrue();
        if (v.has("type")) {
          assertThat(v.get("type").asText())
              .isIn("string", "number", "integer", "boolean", "array", "object");
        }
      }
      assertThat(schema.at("/properties/geometry/format").asText()).startsWith("geometry-");
    }
  }

  @Test
  @DisplayName("/conf/queryables-query-parameters — each queryable as a query parameter")
  void queryables_query_parameters() throws Exception {
    JsonNode api = api();
    for (String id : PUBLIC_COLLECTIONS) {
      JsonNode schema = getJson("/ogc/collections/" + id + "/queryables");
      for (var p : schema.get("properties").properties()) {
        if (p.getValue().path("format").asText().startsWith("geometry")) {
          continue;
        }
        JsonNode declared = parameter(api, "/collections/" + id + "/items", p.getKey());
        assertThat(declared).as(id + " " + p.getKey()).isNotNull();
        assertThat(declared.at("/schema/type").asText())
            .isEqualTo(p.getValue().path("type").asText());
      }
    }
    assertThat(
            ids(
                getJson(
                    "/ogc/collections/parcel/items?limit=10000&district=440605&properties=code")))
        .isEqualTo(sqlIds("SELECT id FROM parcel WHERE district_code = '440605' ORDER BY id"));
  }

  @Test
  @DisplayName(
      "/conf/filter/filter-param — filter selects as CQL2 says; unknown queryables are 400")
  void filter_filter_param() throws Exception {
    JsonNode api = api();
    for (String path : itemsPaths(api)) {
      JsonNode filter = parameter(api, path, "filter");
      assertThat(filter).as(path).isNotNull();
      assertThat(filter.at("/schema/type").asText()).isEqualTo("string");
      assertThat(filter.path("style").asText("form")).isEqualTo("form");
      assertThat(filter.path("explode").asBoolean(true)).isFalse();
    }
    List<String> expected =
        sqlIds(
            "SELECT id FROM parcel WHERE district_code = '440605'"
                + " AND floor_area_m2 > 20000 ORDER BY id");
    assertThat(expected).isNotEmpty();
    assertThat(
            ids(
                getJson(
                    "/ogc/collections/parcel/items?limit=10000&filter="
                        + q("district = '440605' AND floorAreaM2 > 20000"))))
        .isEqualTo(expected);
    // unknown queryables, and names that are not queryables: 400, the queryables listed
    for (String bad :
        List.of(
            "colour = 'red'", "district_code = '440605'", "S_INTERSECTS(geom, POINT(113 23))")) {
      HttpResponse<byte[]> response = status(400, "/ogc/collections/parcel/items?filter=" + q(bad));
      assertThat(json(response.body()).get("detail").asText()).contains("district");
    }
    status(400, "/ogc/collections/parcel/items?filter=" + q("district = "));
  }

  @Test
  @DisplayName("/conf/filter/filter-lang-param — cql2-text by default, cql2-json, else 400")
  void filter_filter_lang_param() throws Exception {
    String text = "district = '440605' AND floorAreaM2 > 20000";
    String json =
        "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"district\"},\"440605\"]},"
            + "{\"op\":\">\",\"args\":[{\"property\":\"floorAreaM2\"},20000]}]}";
    String items = "/ogc/collections/parcel/items?limit=10000&properties=code";
    List<String> plain = ids(getJson(items + "&filter=" + q(text)));
    assertThat(ids(getJson(items + "&filter-lang=cql2-text&filter=" + q(text)))).isEqualTo(plain);
    assertThat(ids(getJson(items + "&filter-lang=cql2-json&filter=" + q(json)))).isEqualTo(plain);
    JsonNode api = api();
    JsonNode lang = parameter(api, "/collections/{collectionId}/items", "filter-lang");
    assertThat(lang.at("/schema/default").asText()).isEqualTo("cql2-text");
    assertThat(strings(lang.at("/schema/enum"))).contains("cql2-text", "cql2-json");
    status(400, items + "&filter-lang=ecql&filter=" + q(text));
    status(400, items + "&filter-lang=cql2-json&filter=" + q(text));
  }

  @Test
  @DisplayName("/conf/filter/filter-crs-param — CRS84 by default, the listed CRSs, else 400")
  void filter_filter_crs_param() throws Exception {
    String items = "/ogc/collections/parcel/items?limit=10000&properties=code&filter=";
    List<String> expected =
        sqlIds(
            "SELECT id FROM parcel WHERE ST_Intersects(geom,"
                + " ST_MakeEnvelope(113.0, 23.0, 113.03, 23.03, 4490)) ORDER BY id");
    assertThat(ids(getJson(items + q("S_INTERSECTS(geometry, BBOX(113.0, 23.0, 113.03, 23.03))"))))
        .isEqualTo(expected);
    assertThat(
            ids(
                getJson(
                    items
                        + q("S_INTERSECTS(geometry, BBOX(113.0, 23.0, 113.03, 23.03))")
                        + "&filter-crs="
                        + q(CRS84))))
        .isEqualTo(expected);
    assertThat(
            ids(
                getJson(
                    items
                        + q("S_INTERSECTS(geometry, BBOX(23.0, 113.0, 23.03, 113.03))")
                        + "&filter-crs="
                        + q(EPSG + "4490"))))
        .isEqualTo(expected);
    status(
        400,
        items
            + q("S_INTERSECTS(geometry, BBOX(113.0, 23.0, 113.03, 23.03))")
            + "&filter-crs="
            + q(EPSG + "4326"));
  }

  @Test
  @DisplayName(
      "/conf/filter/mixing-expressions — filter, bbox, datetime and parameters: all of them")
  void filter_mixing_expressions() throws Exception {
    List<String> expected =
        sqlIds(
            "SELECT id FROM parcel WHERE district_code = '440605' AND floor_area_m2 > 5000"
                + " AND ST_Intersects(geom, ST_MakeEnvelope(113.0, 22.7, 113.3, 23.0, 4490))"
                + " ORDER BY id");
    assertThat(expected).isNotEmpty();
    String now = Instant.now().plusSeconds(1).toString();
    assertThat(
            ids(
                getJson(
                    "/ogc/collections/parcel/items?limit=10000&district=440605&bbox=113.0,22.7,113.3,23.0"
                        + "&datetime="
                        + q(now)
                        + "&filter="
                        + q("floorAreaM2 > 5000"))))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("/conf/filter/response, /conf/features-filter/response — only the features matching")
  void features_filter_response() throws Exception {
    for (String[] c :
        new String[][] {
          {"district", "name = '禅城区'", "SELECT code FROM district WHERE name = '禅城区'"},
          {
            "red_line",
            "S_INTERSECTS(geometry, POINT(113.1 23.0)) OR code LIKE 'RL440605%'",
            "SELECT id FROM red_line WHERE ST_Intersects(geom, ST_SetSRID(ST_Point(113.1, 23.0), 4490))"
                + " OR code LIKE 'RL440605%' ORDER BY id"
          }
        }) {
      List<String> expected = sqlIds(c[2]);
      assertThat(ids(getJson("/ogc/collections/" + c[0] + "/items?limit=10000&filter=" + q(c[1]))))
          .as(c[1])
          .isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("/conformance declares only classes tested here or in the other Ogc*Test classes")
  void conformance_declares_what_is_tested() throws Exception {
    List<String> classes = strings(getJson("/ogc/conformance").get("conformsTo"));
    for (String c : classes) {
      assertThat(c)
          .matches(
              "http://www\\.opengis\\.net/spec/(ogcapi-features-1/1\\.0/conf/(core|geojson|html|oas30)"
                  + "|ogcapi-features-2/1\\.0/conf/crs"
                  + "|ogcapi-features-3/1\\.0/conf/(queryables|queryables-query-parameters|filter|features-filter)"
                  + "|cql2/1\\.0/conf/(cql2-text|cql2-json|basic-cql2|advanced-comparison-operators"
                  + "|basic-spatial-functions|basic-spatial-functions-plus|spatial-functions|property-property)"
                  + "|ogcapi-features-4/1\\.0/conf/(create-replace-delete|update|features))");
    }
  }
}
