package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OGC API – Features Part 1 at /ogc, on the demo city: the landing page, conformance, the OpenAPI
 * 3.0 description, collections, items paged through their next links and filtered by bbox (checked
 * against PostGIS), one item, the HTML encoding, refused parameters; and GDAL's OAPIF driver, a
 * real client, reading the collections.
 */
class OgcApiTest extends DemoCityTest {

  private static List<String> rels(JsonNode links) {
    List<String> rels = new ArrayList<>();
    links.forEach(l -> rels.add(l.get("rel").asText()));
    return rels;
  }

  private static String href(JsonNode links, String rel) {
    for (JsonNode l : links) {
      if (l.get("rel").asText().equals(rel)) {
        return l.get("href").asText();
      }
    }
    return null;
  }

  @Test
  void theLandingPageConformanceAndApiDescription() throws Exception {
    JsonNode landing = getJson("/ogc");
    assertThat(rels(landing.get("links")))
        .contains("self", "service-desc", "conformance", "data", "alternate");
    assertThat(href(landing.get("links"), "data")).isEqualTo(base() + "/ogc/collections");

    assertThat(getJson("/ogc/conformance").get("conformsTo").toString())
        .contains(
            "ogcapi-features-1/1.0/conf/core",
            "ogcapi-features-1/1.0/conf/geojson",
            "ogcapi-features-1/1.0/conf/html",
            "ogcapi-features-1/1.0/conf/oas30");

    HttpResponse<byte[]> api = get("/ogc/api");
    assertThat(api.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/vnd.oai.openapi+json");
    JsonNode description = json(api.body());
    assertThat(description.get("openapi").asText()).startsWith("3.0.");
    assertThat(description.at("/servers/0/url").asText()).isEqualTo(base() + "/ogc");
    assertThat(description.at("/paths").has("/collections/{collectionId}/items/{featureId}"))
        .isTrue();
    assertThat(description.at("/components/parameters/collectionId/schema/enum").toString())
        .contains("\"parcel\"", "\"red_line\"", "\"district\"");
  }

  @Test
  void everyMapLayerIsACollectionWithItsExtentAndItems() throws Exception {
    JsonNode collections = getJson("/ogc/collections").get("collections");
    List<String> ids = new ArrayList<>();
    collections.forEach(c -> ids.add(c.get("id").asText()));
    assertThat(ids)
        .containsExactly(
            "district",
            "town",
            "planning_zone",
            "cluster",
            "red_line",
            "reserve_land",
            "village_park",
            "parcel",
            "factory_building");
    JsonNode parcel = getJson("/ogc/collections/parcel");
    assertThat(parcel.at("/extent/spatial/bbox/0")).hasSize(4);
    assertThat(parcel.at("/extent/spatial/bbox/0/0").asDouble()).isBetween(112.0, 113.0);
    assertThat(href(parcel.get("links"), "items"))
        .isEqualTo(base() + "/ogc/collections/parcel/items");
    assertThat(get("/ogc/collections/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void theNextLinksWalkThroughEveryFeatureOnce() throws Exception {
    List<Long> ids = new ArrayList<>();
    String next = "/ogc/collections/red_line/items?limit=100";
    int pages = 0;
    while (next != null) {
      HttpResponse<byte[]> response = get(next.replace(base(), ""));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/geo+json");
      JsonNode page = json(response.body());
      assertThat(page.get("type").asText()).isEqualTo("FeatureCollection");
      assertThat(page.get("numberReturned").asInt()).isEqualTo(page.get("features").size());
      page.get("features").forEach(f -> ids.add(f.get("id").asLong()));
      next = href(page.get("links"), "next");
      if (next != null) {
        // next continues after the last key (an index range, not an offset to skip)
        assertThat(next).contains("after=" + ids.get(ids.size() - 1));
      }
      pages++;
    }
    List<Long> expected = jdbc.sql("SELECT id FROM red_line ORDER BY id").query(Long.class).list();
    assertThat(ids).isEqualTo(expected);
    assertThat(pages).isEqualTo((expected.size() + 99) / 100);

    // paging by offset works too, with a prev link
    JsonNode third = getJson("/ogc/collections/red_line/items?limit=10&offset=20");
    assertThat(third.at("/features/0/id").asLong()).isEqualTo(expected.get(20));
    assertThat(href(third.get("links"), "prev")).endsWith("limit=10&offset=10");
  }

  @Test
  void bboxKeepsTheFeaturesWhoseShapeMeetsIt() throws Exception {
    String bbox = "113.0,23.0,113.02,23.02";
    JsonNode page = getJson("/ogc/collections/parcel/items?limit=10000&bbox=" + bbox);
    List<Long> ids = new ArrayList<>();
    page.get("features").forEach(f -> ids.add(f.get("id").asLong()));
    List<Long> expected =
        jdbc.sql(
                "SELECT id FROM parcel WHERE ST_Intersects(geom,"
                    + " ST_MakeEnvelope(113.0, 23.0, 113.02, 23.02, 4490)) ORDER BY id")
            .query(Long.class)
            .list();
    assertThat(expected).isNotEmpty();
    assertThat(ids).isEqualTo(expected);
    // six numbers (with heights) mean the same box
    assertThat(
            getJson("/ogc/collections/parcel/items?limit=10000&bbox=113.0,23.0,-5,113.02,23.02,50")
                .get("numberReturned")
                .asInt())
        .isEqualTo(expected.size());
  }

  @Test
  void oneFeatureIsTheRowAsPostgisSeesIt() throws Exception {
    long id = jdbc.sql("SELECT min(id) FROM parcel").query(Long.class).single();
    HttpResponse<byte[]> response = get("/ogc/collections/parcel/items/" + id);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode feature = json(response.body());
    assertThat(feature.get("id").asLong()).isEqualTo(id);
    assertThat(feature.at("/properties/code").asText())
        .isEqualTo(
            jdbc.sql("SELECT code FROM parcel WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single());
    double area =
        jdbc.sql(
                "SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4490)::geography) / area_m2"
                    + " FROM parcel WHERE id = :id")
            .param("g", feature.get("geometry").toString())
            .param("id", id)
            .query(Double.class)
            .single();
    assertThat(area).as("area of the served shape ÷ the stored area").isBetween(0.999999, 1.000001);
    assertThat(rels(feature.get("links"))).contains("self", "collection", "alternate");
    assertThat(getJson("/ogc/collections/district/items/440604").at("/properties/name").asText())
        .isEqualTo("禅城区");
    assertThat(get("/ogc/collections/parcel/items/999999999").statusCode()).isEqualTo(404);
    assertThat(get("/ogc/collections/parcel/items/abc").statusCode()).isEqualTo(404);
  }

  @Test
  void htmlForPeople() throws Exception {
    HttpResponse<byte[]> page = get("/ogc/collections/district/items?f=html");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    String text = new String(page.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("<table>", "禅城区", "/ogc/collections/district/items/440604");
    HttpResponse<byte[]> browser = get("/ogc/collections", "Accept", "text/html,*/*;q=0.8");
    assertThat(new String(browser.body(), StandardCharsets.UTF_8)).contains("宗地 Parcels");
  }

  @Test
  void unknownOrInvalidParametersAre400WithAProblem() throws Exception {
    for (String query :
        List.of(
            "limit=0",
            "limit=ten",
            "offset=-1",
            "bbox=1,2,3",
            "bbox=a,b,c,d",
            "bbox=113,24,114,23",
            "datetime=yesterday",
            "f=xml",
            "after=abc",
            "colour=red")) {
      HttpResponse<byte[]> response = get("/ogc/collections/parcel/items?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(json(response.body()).get("detail").asText()).as(query).isNotBlank();
    }
    assertThat(get("/ogc/collections/parcel/items?datetime=2026-01-01T00:00:00Z/..").statusCode())
        .isEqualTo(200);
    // above the maximum is not an error: the maximum is used (17-069r4 /req/core/fc-limit-response)
    assertThat(get("/ogc/collections/parcel/items?limit=10001&properties=code").statusCode())
        .isEqualTo(200);
  }

  /** GDAL's OGC API – Features driver (Debian gdal-bin), as QGIS and ogr2ogr use it. */
  @Test
  void gdalReadsTheCollectionsAndEveryFeature() throws Exception {
    String source = "OAPIF:" + base() + "/ogc";
    String layers = ogrinfo("-ro", "-q", source);
    for (String id : List.of("district", "red_line", "parcel", "factory_building")) {
      assertThat(layers).contains(id);
    }
    String redLine = ogrinfo("-ro", "-al", "-q", source, "red_line");
    long features = redLine.lines().filter(l -> l.startsWith("OGRFeature(red_line)")).count();
    assertThat(features)
        .isEqualTo(jdbc.sql("SELECT count(*) FROM red_line").query(Long.class).single());
    assertThat(redLine).contains("code (String) = RL");
    String summary = ogrinfo("-ro", "-so", source, "district");
    assertThat(summary).contains("Feature Count: 5", "WGS 84");
  }

  private static String ogrinfo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ogrinfo"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
