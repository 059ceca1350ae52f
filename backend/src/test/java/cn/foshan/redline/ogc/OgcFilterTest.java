package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OGC API – Features Part 3 (filtering) and CQL2, requirement by requirement (/req/queryables/…,
 * /req/filter/…, /req/features-filter/…, /req/cql2-text/…, …), on the demo city: every filter's
 * features are checked against the same condition written by hand in SQL on the tables.
 */
class OgcFilterTest extends DemoCityTest {

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private List<Long> ids(String path) throws Exception {
    HttpResponse<byte[]> response = get(path);
    assertThat(response.statusCode())
        .as(path + " → " + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    json(response.body()).get("features").forEach(f -> ids.add(f.get("id").asLong()));
    return ids;
  }

  private List<Long> text(String layer, String filter) throws Exception {
    return ids("/ogc/collections/" + layer + "/items?limit=10000&filter=" + q(filter));
  }

  private List<Long> cql2Json(String layer, String filter) throws Exception {
    return ids(
        "/ogc/collections/"
            + layer
            + "/items?limit=10000&filter-lang=cql2-json&filter="
            + q(filter));
  }

  private List<Long> sql(String query) {
    return jdbc.sql(query).query(Long.class).list();
  }

  private JsonNode problem(String path) throws Exception {
    HttpResponse<byte[]> response = get(path);
    assertThat(response.statusCode())
        .as(path + " → " + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    return json(response.body());
  }

  /**
   * /req/queryables/get-queryables-op, /req/queryables/get-queryables-response,
   * /req/queryables/get-collection-queryables-links: JSON Schema of each collection's queryables.
   */
  @Test
  void queryablesAreAJsonSchemaLinkedFromTheCollection() throws Exception {
    JsonNode collection = getJson("/ogc/collections/parcel");
    String href = null;
    for (JsonNode l : collection.get("links")) {
      if (l.get("rel").asText().equals("http://www.opengis.net/def/rel/ogc/1.0/queryables")) {
        href = l.get("href").asText();
        assertThat(l.get("type").asText()).isEqualTo("application/schema+json");
      }
    }
    assertThat(href).isEqualTo(base() + "/ogc/collections/parcel/queryables");
    HttpResponse<byte[]> response = get("/ogc/collections/parcel/queryables");
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/schema+json");
    JsonNode schema = json(response.body());
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("$id").asText()).isEqualTo(href);
    assertThat(schema.get("type").asText()).isEqualTo("object");
    JsonNode p = schema.get("properties");
    assertThat(p.at("/district/type").asText()).isEqualTo("string");
    assertThat(p.at("/areaMu/type").asText()).isEqualTo("number");
    assertThat(p.at("/clusterId/type").asText()).isEqualTo("integer");
    assertThat(p.at("/grantedOn/format").asText()).isEqualTo("date");
    assertThat(p.at("/geometry/format").asText()).isEqualTo("geometry-multipolygon");
    for (JsonNode c : getJson("/ogc/collections").get("collections")) {
      assertThat(get("/ogc/collections/" + c.get("id").asText() + "/queryables").statusCode())
          .isEqualTo(200);
    }
    assertThat(getJson("/ogc/conformance").get("conformsTo").toString())
        .contains(
            "ogcapi-features-3/1.0/conf/filter",
            "ogcapi-features-3/1.0/conf/features-filter",
            "ogcapi-features-3/1.0/conf/queryables",
            "cql2/1.0/conf/cql2-text",
            "cql2/1.0/conf/cql2-json",
            "cql2/1.0/conf/basic-cql2",
            "cql2/1.0/conf/advanced-comparison-operators",
            "cql2/1.0/conf/basic-spatial-functions");
  }

  /** /req/filter/filter-param, /req/basic-cql2/…: comparisons, AND, OR, NOT, in text and JSON. */
  @Test
  void basicCql2InTextAndJsonSelectWhatSqlDoes() throws Exception {
    List<Long> expected =
        sql(
            "SELECT id FROM parcel WHERE district_code = '440605'"
                + " AND round((area_m2 * 0.0015)::numeric, 2) > 20 ORDER BY id");
    assertThat(expected).isNotEmpty();
    assertThat(text("parcel", "district = '440605' AND areaMu > 20")).isEqualTo(expected);
    assertThat(text("parcel", "district='440605' and \"areaMu\">20")).isEqualTo(expected);
    assertThat(
            cql2Json(
                "parcel",
                "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"district\"},"
                    + "\"440605\"]},{\"op\":\">\",\"args\":[{\"property\":\"areaMu\"},20]}]}"))
        .isEqualTo(expected);

    assertThat(
            text(
                "parcel",
                "NOT (district <> '440604' OR grantType = 'LEASE') AND floorAreaM2 >= 10000"))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE district_code = '440604' AND grant_type <> 'LEASE'"
                    + " AND floor_area_m2 >= 10000 ORDER BY id"));
    // dates, timestamps and booleans
    assertThat(text("parcel", "grantedOn >= DATE('2024-01-01') AND district = '440606'"))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE granted_on >= '2024-01-01'"
                    + " AND district_code = '440606' ORDER BY id"));
    assertThat(text("village_park", "modernPark = TRUE"))
        .isEqualTo(sql("SELECT id FROM village_park WHERE modern_park ORDER BY id"))
        .isNotEmpty();
    assertThat(text("cluster", "updatedAt < TIMESTAMP('2100-01-01T00:00:00Z')"))
        .isEqualTo(sql("SELECT id FROM industrial_cluster ORDER BY id"));
    // property-property
    assertThat(text("parcel", "completedOn < productionStartedOn AND district = '440607'"))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE completed_on < production_started_on"
                    + " AND district_code = '440607' ORDER BY id"));
  }

  /** /req/advanced-comparison-operators/…: LIKE, IN, BETWEEN, and IS NULL. */
  @Test
  void likeInBetweenAndIsNull() throws Exception {
    assertThat(text("cluster", "name LIKE '%产业%'"))
        .isEqualTo(sql("SELECT id FROM industrial_cluster WHERE name LIKE '%产业%' ORDER BY id"))
        .isNotEmpty();
    assertThat(text("reserve_land", "stage IN ('READY', 'SUPPLIED')"))
        .isEqualTo(
            sql("SELECT id FROM reserve_land WHERE stage IN ('READY', 'SUPPLIED') ORDER BY id"))
        .isNotEmpty();
    assertThat(text("reserve_land", "stage NOT IN ('READY')"))
        .isEqualTo(sql("SELECT id FROM reserve_land WHERE stage <> 'READY' ORDER BY id"));
    assertThat(text("parcel", "areaMu BETWEEN 30 AND 31"))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE round((area_m2 * 0.0015)::numeric, 2)"
                    + " BETWEEN 30 AND 31 ORDER BY id"))
        .isNotEmpty();
    assertThat(
            cql2Json("parcel", "{\"op\":\"between\",\"args\":[{\"property\":\"areaMu\"},30,31]}"))
        .isEqualTo(text("parcel", "areaMu BETWEEN 30 AND 31"));
    assertThat(text("parcel", "worksStartedOn IS NULL AND district = '440608'"))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE works_started_on IS NULL"
                    + " AND district_code = '440608' ORDER BY id"))
        .isNotEmpty();
    assertThat(
            cql2Json(
                "reserve_land",
                "{\"op\":\"in\",\"args\":[{\"property\":\"stage\"},[\"READY\",\"SUPPLIED\"]]}"))
        .isEqualTo(text("reserve_land", "stage IN ('READY', 'SUPPLIED')"));
  }

  /**
   * /req/basic-spatial-functions/…, /req/spatial-functions/…, /req/filter/filter-crs-param:
   * S_INTERSECTS with a point, a BBOX and a polygon; S_WITHIN; a polygon in EPSG:4547.
   */
  @Test
  void spatialFunctions() throws Exception {
    long id = jdbc.sql("SELECT min(id) FROM parcel").query(Long.class).single();
    double[] inside =
        jdbc.sql(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM parcel"
                    + " WHERE id = :id) x")
            .param("id", id)
            .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
            .single();
    assertThat(text("parcel", "S_INTERSECTS(geometry, POINT(" + inside[0] + " " + inside[1] + "))"))
        .containsExactly(id);

    String box = "113.0,23.0,113.02,23.02";
    List<Long> inBox =
        sql(
            "SELECT id FROM parcel WHERE ST_Intersects(geom,"
                + " ST_MakeEnvelope(113.0, 23.0, 113.02, 23.02, 4490)) ORDER BY id");
    assertThat(inBox).isNotEmpty();
    assertThat(text("parcel", "S_INTERSECTS(geometry, BBOX(" + box + "))")).isEqualTo(inBox);
    assertThat(ids("/ogc/collections/parcel/items?limit=10000&bbox=" + box)).isEqualTo(inBox);
    String polygon = "POLYGON((113.0 23.0, 113.02 23.0, 113.02 23.02, 113.0 23.02, 113.0 23.0))";
    assertThat(text("parcel", "S_INTERSECTS(geometry, " + polygon + ")")).isEqualTo(inBox);
    assertThat(
            cql2Json(
                "parcel",
                "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
                    + "{\"type\":\"Polygon\",\"coordinates\":[[[113.0,23.0],[113.02,23.0],"
                    + "[113.02,23.02],[113.0,23.02],[113.0,23.0]]]}]}"))
        .isEqualTo(inBox);
    assertThat(text("parcel", "S_WITHIN(geometry, " + polygon + ")"))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE ST_Within(geom,"
                    + " ST_MakeEnvelope(113.0, 23.0, 113.02, 23.02, 4490)) ORDER BY id"));
    assertThat(
            text(
                "parcel",
                "S_INTERSECTS(geometry, "
                    + polygon
                    + ") AND NOT S_WITHIN(geometry, "
                    + polygon
                    + ")"))
        .isNotEmpty();

    // the same place in EPSG:4547, northing first
    String gk =
        "POLYGON((2544000 397000, 2544000 399500, 2546500 399500, 2546500 397000, 2544000 397000))";
    assertThat(
            ids(
                "/ogc/collections/parcel/items?limit=10000&filter-crs="
                    + q("http://www.opengis.net/def/crs/EPSG/0/4547")
                    + "&filter="
                    + q("S_INTERSECTS(geometry, " + gk + ")")))
        .isEqualTo(
            sql(
                "SELECT id FROM parcel WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope("
                    + "397000, 2544000, 399500, 2546500, 4547), 4490)) ORDER BY id"))
        .isNotEmpty();
  }

  /** /req/queryables-query-parameters/…: a queryable as a query parameter means equality. */
  @Test
  void queryablesAsQueryParameters() throws Exception {
    List<Long> expected =
        sql(
            "SELECT id FROM parcel WHERE district_code = '440605' AND grant_type = 'GRANT'"
                + " ORDER BY id");
    assertThat(ids("/ogc/collections/parcel/items?limit=10000&district=440605&grantType=GRANT"))
        .isEqualTo(expected);
    assertThat(
            ids(
                "/ogc/collections/parcel/items?limit=10000&district=440605&filter="
                    + q("grantType = 'GRANT'")))
        .isEqualTo(expected);
    assertThat(problem("/ogc/collections/parcel/items?clusterId=abc").get("detail").asText())
        .contains("not a number");
  }

  /** Next links keep the filter: paging a filtered collection meets every feature once. */
  @Test
  void nextLinksKeepTheFilter() throws Exception {
    List<Long> expected = sql("SELECT id FROM parcel WHERE district_code = '440604' ORDER BY id");
    List<Long> seen = new ArrayList<>();
    String next = "/ogc/collections/parcel/items?limit=500&filter=" + q("district = '440604'");
    while (next != null) {
      JsonNode page = getJson(next.replace(base(), ""));
      page.get("features").forEach(f -> seen.add(f.get("id").asLong()));
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.get("rel").asText().equals("next")) {
          next = l.get("href").asText();
        }
      }
    }
    assertThat(seen).isEqualTo(expected);
  }

  /**
   * /req/filter/filter-param (an unknown property is a 400 naming it, never ignored),
   * /req/filter/mixing-expressions, and the limits: nesting depth, literal length, terms, numbers.
   */
  @Test
  void badFiltersAre400WithAProblemThatSaysWhy() throws Exception {
    JsonNode unknown = problem("/ogc/collections/parcel/items?filter=" + q("colour = 'red'"));
    assertThat(unknown.get("type").asText()).isEqualTo("/problems/unknown-property");
    assertThat(unknown.get("detail").asText()).contains("'colour'", "district", "grantedOn");
    assertThat(unknown.get("queryables").toString()).contains("areaMu");

    String deep = "(".repeat(40) + "district = '440605'" + ")".repeat(40);
    assertThat(problem("/ogc/collections/parcel/items?filter=" + q(deep)).get("detail").asText())
        .contains("nested deeper");
    String deepJson =
        "{\"op\":\"not\",\"args\":[".repeat(40)
            + "{\"op\":\"=\",\"args\":[{\"property\":\"district\"},\"440605\"]}"
            + "]}".repeat(40);
    assertThat(
            problem("/ogc/collections/parcel/items?filter-lang=cql2-json&filter=" + q(deepJson))
                .get("detail")
                .asText())
        .contains("nested deeper");
    for (String filter :
        List.of(
            "code = '" + "x".repeat(1001) + "'",
            "areaMu > 1e999999999",
            "areaMu > 'twenty'",
            "district = 440605",
            "district = '440605'; DROP TABLE parcel",
            "district = '440605' -- comment",
            "district = '440605' /* c */",
            "S_INTERSECTS(geometry, POLYGON((113 23, 114 23, 113 24)))",
            "S_INTERSECTS(geometry, POINT(1e300 23))",
            "S_INTERSECTS(geometry, POLYGON((113 23, 114 24, 114 23, 113 24, 113 23)))",
            "S_INTERSECTS(district, POINT(113 23))",
            "grantedOn > DATE('2024-13-01')",
            "areaMu LIKE '1%'",
            "district IN ()",
            "",
            "TRUE AND")) {
      JsonNode p = problem("/ogc/collections/parcel/items?filter=" + q(filter));
      assertThat(p.get("detail").asText()).as(filter).isNotBlank();
    }
    assertThat(
            problem("/ogc/collections/parcel/items?filter=x&filter-lang=sql")
                .get("detail")
                .asText())
        .contains("cql2-text");
    assertThat(
            problem(
                    "/ogc/collections/parcel/items?filter-crs="
                        + q("http://www.opengis.net/def/crs/EPSG/0/4326")
                        + "&filter="
                        + q("district = '1'"))
                .get("type")
                .asText())
        .isEqualTo("/problems/unsupported-crs");
    assertThat(
            problem(
                    "/ogc/collections/parcel/items?filter-lang=cql2-json&filter="
                        + q("{\"op\":\"=\""))
                .get("detail")
                .asText())
        .contains("not JSON");
    // nothing was dropped: the table is still there
    assertThat(jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single()).isPositive();
  }

  /** The properties parameter: only the properties named; an unknown one is a 400. */
  @Test
  void onlyTheNamedProperties() throws Exception {
    JsonNode page = getJson("/ogc/collections/parcel/items?limit=3&properties=" + q("code,areaMu"));
    for (JsonNode f : page.get("features")) {
      List<String> names = new ArrayList<>();
      f.get("properties").propertyNames().forEach(names::add);
      assertThat(names).containsExactly("code", "areaMu");
      assertThat(f.get("geometry").get("type").asText()).isEqualTo("MultiPolygon");
    }
    assertThat(
            problem("/ogc/collections/parcel/items?properties=code,colour").get("detail").asText())
        .contains("'colour'", "enterprises");
  }

  /**
   * GDAL's OAPIF driver (3.6) turns -where into a CQL text filter, sent to the server because the
   * API description offers filter-lang cql-text and the queryables as parameters: the features it
   * reads are SQL's, and the requests it made carried the filter.
   */
  @Test
  void gdalSendsItsWhereAsAFilter() throws Exception {
    long expected =
        jdbc.sql(
                "SELECT count(*) FROM reserve_land WHERE stage = 'READY' AND district_code = '440605'")
            .query(Long.class)
            .single();
    assertThat(expected).isPositive();
    List<String> command =
        List.of(
            "ogrinfo",
            "-ro",
            "-al",
            "-q",
            "--debug",
            "on",
            "OAPIF:" + base() + "/ogc",
            "reserve_land",
            "-where",
            "stage = 'READY' AND district = '440605'");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    long read = out.lines().filter(l -> l.startsWith("OGRFeature(reserve_land)")).count();
    assertThat(read).as(out).isEqualTo(expected);
    assertThat(out).as("the filter went to the server").contains("filter=", "filter-lang=cql-text");
  }
}
