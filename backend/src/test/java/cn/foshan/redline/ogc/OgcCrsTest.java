package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * OGC API – Features Part 2 (CRS by reference), requirement by requirement (/req/crs/…), on the
 * demo city. Coordinates served in another CRS are checked against PROJ's own {@code cs2cs}, which
 * reads the EPSG definitions (axis order included) independently of PostGIS.
 */
class OgcCrsTest extends DemoCityTest {

  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String EPSG = "http://www.opengis.net/def/crs/EPSG/0/";

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** /req/crs/fc-md-crs-list, /req/crs/fc-md-storageCrs, /req/crs/fc-md-storageCrs-valid-value. */
  @Test
  void collectionsListTheirCrssAndTheStorageCrs() throws Exception {
    List<String> expected =
        List.of(CRS84, EPSG + "4490", EPSG + "4547", EPSG + "4546", EPSG + "3857");
    JsonNode parcel = getJson("/ogc/collections/parcel");
    List<String> crs = new ArrayList<>();
    parcel.get("crs").forEach(c -> crs.add(c.asText()));
    assertThat(crs).containsExactlyElementsOf(expected);
    assertThat(parcel.get("storageCrs").asText()).isEqualTo(EPSG + "4490");
    assertThat(crs).contains(parcel.get("storageCrs").asText());
    JsonNode all = getJson("/ogc/collections");
    assertThat(all.get("crs").toString()).contains(EPSG + "4547");
    all.get("collections").forEach(c -> assertThat(c.get("crs")).hasSize(expected.size()));
    assertThat(getJson("/ogc/conformance").get("conformsTo").toString())
        .contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
  }

  /**
   * /req/crs/fc-crs-action, /req/crs/ogc-crs-header, /req/crs/ogc-crs-header-value: one feature in
   * each CRS, its first vertex where PROJ puts it, in the axis order of the CRS's EPSG definition
   * (4490 latitude first, 4547 northing first, 3857 easting first, CRS84 longitude first).
   */
  @Test
  void aFeatureInEveryCrsWithItsAxisOrder() throws Exception {
    long id = jdbc.sql("SELECT min(id) FROM parcel").query(Long.class).single();
    String path = "/ogc/collections/parcel/items/" + id;
    HttpResponse<byte[]> plain = get(path);
    assertThat(plain.headers().firstValue("Content-Crs")).hasValue("<" + CRS84 + ">");
    JsonNode lonLat = first(json(plain.body()));
    double lon = lonLat.get(0).asDouble();
    double lat = lonLat.get(1).asDouble();
    assertThat(lon).isBetween(112.3, 113.8);
    assertThat(lat).isBetween(22.5, 23.6);

    HttpResponse<byte[]> geographic = get(path + "?crs=" + q(EPSG + "4490"));
    assertThat(geographic.headers().firstValue("Content-Crs")).hasValue("<" + EPSG + "4490>");
    JsonNode latLon = first(json(geographic.body()));
    assertThat(latLon.get(0).asDouble()).isEqualTo(lat);
    assertThat(latLon.get(1).asDouble()).isEqualTo(lon);

    // PROJ, with EPSG axis order on both sides: in "lat lon", out "northing easting"
    double[] gk = cs2cs("EPSG:4547", lat, lon);
    HttpResponse<byte[]> gaussKruger = get(path + "?crs=" + q(EPSG + "4547"));
    assertThat(gaussKruger.headers().firstValue("Content-Crs")).hasValue("<" + EPSG + "4547>");
    JsonNode northEast = first(json(gaussKruger.body()));
    assertThat(northEast.get(0).asDouble()).as("northing first").isCloseTo(gk[0], within(0.002));
    assertThat(northEast.get(1).asDouble()).as("easting second").isCloseTo(gk[1], within(0.002));
    assertThat(northEast.get(0).asDouble()).isBetween(2_400_000.0, 2_700_000.0);

    double[] merc = cs2cs("EPSG:3857", lat, lon);
    JsonNode eastNorth = first(getJson(path + "?crs=" + q(EPSG + "3857")));
    assertThat(eastNorth.get(0).asDouble()).as("easting first").isCloseTo(merc[0], within(0.002));

    // 高明's zone, CM 111°E: northing first too
    double[] west = cs2cs("EPSG:4546", lat, lon);
    JsonNode zone111 = first(getJson(path + "?crs=" + q(EPSG + "4546")));
    assertThat(zone111.get(0).asDouble()).as("northing first").isCloseTo(west[0], within(0.002));
    assertThat(zone111.get(1).asDouble()).as("easting second").isCloseTo(west[1], within(0.002));
    assertThat(eastNorth.get(1).asDouble()).isCloseTo(merc[1], within(0.002));

    // the items of a page in the same CRS, with the same header; no "crs" member in geometries
    HttpResponse<byte[]> page =
        get("/ogc/collections/parcel/items?limit=1&crs=" + q(EPSG + "4547") + "&after=" + (id - 1));
    assertThat(page.headers().firstValue("Content-Crs")).hasValue("<" + EPSG + "4547>");
    JsonNode features = json(page.body()).get("features");
    assertThat(first(features.get(0)).get(0).asDouble()).isCloseTo(gk[0], within(0.002));
    assertThat(features.get(0).get("geometry").has("crs")).isFalse();
    // next links keep the CRS
    assertThat(json(page.body()).get("links").toString()).contains("crs=" + q(EPSG + "4547"));
  }

  /** The same known point as PROJ gives it: (23° N, 113° E) → northing 2544887.194, easting. */
  @Test
  void projAgreesWithTheKnownGaussKrugerCoordinates() throws Exception {
    double[] gk = cs2cs("EPSG:4547", 23, 113);
    assertThat(gk[0]).isCloseTo(2_544_887.194, within(0.01));
    assertThat(gk[1]).isCloseTo(397_473.823, within(0.01));
    double served =
        jdbc.sql(
                "SELECT ST_X(ST_FlipCoordinates(ST_Transform("
                    + "ST_SetSRID(ST_MakePoint(113, 23), 4490), 4547)))")
            .query(Double.class)
            .single();
    assertThat(served).as("what the service's SQL puts first").isCloseTo(gk[0], within(0.01));
  }

  /**
   * /req/crs/fc-bbox-crs-action: a box in EPSG:4490 (latitude first) selects what the same box in
   * CRS84 does; a box in EPSG:4547 (northing first) what PostGIS finds in Gauss–Krüger metres.
   */
  @Test
  void bboxInAnotherCrs() throws Exception {
    List<Long> crs84 =
        ids("/ogc/collections/parcel/items?limit=10000&bbox=113.0,23.0,113.02,23.02");
    assertThat(crs84).isNotEmpty();
    assertThat(
            ids(
                "/ogc/collections/parcel/items?limit=10000&bbox=23.0,113.0,23.02,113.02&bbox-crs="
                    + q(EPSG + "4490")))
        .isEqualTo(crs84);

    double n1 = 2_544_000;
    double e1 = 397_000;
    double n2 = 2_546_500;
    double e2 = 399_500;
    List<Long> expected =
        jdbc.sql(
                "SELECT id FROM parcel WHERE ST_Intersects(ST_Transform(geom, 4547),"
                    + " ST_MakeEnvelope(:e1, :n1, :e2, :n2, 4547)) ORDER BY id")
            .param("e1", e1)
            .param("n1", n1)
            .param("e2", e2)
            .param("n2", n2)
            .query(Long.class)
            .list();
    assertThat(expected).isNotEmpty();
    String box = n1 + "," + e1 + "," + n2 + "," + e2;
    assertThat(
            ids(
                "/ogc/collections/parcel/items?limit=10000&bbox="
                    + box
                    + "&bbox-crs="
                    + q(EPSG + "4547")))
        .isEqualTo(expected);
  }

  /** /req/crs/fc-crs-valid-value, /req/crs/fc-bbox-crs-valid-value: other CRSs are 400. */
  @Test
  void unsupportedCrssAre400() throws Exception {
    for (String query :
        List.of(
            "crs=" + q(EPSG + "4326"),
            "crs=EPSG:4547",
            "crs=" + q("http://www.opengis.net/def/crs/EPSG/0/4547x"),
            "bbox-crs=" + q(EPSG + "32649") + "&bbox=2544000,397000,2546500,399500",
            "bbox-crs=" + q(EPSG + "4547") + "&bbox=113,23,113.1,23.1x",
            "bbox-crs=" + q(EPSG + "3857") + "&bbox=0,0,1e30,1e30")) {
      HttpResponse<byte[]> response = get("/ogc/collections/parcel/items?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(json(response.body()).get("detail").asText()).as(query).isNotBlank();
    }
    assertThat(get("/ogc/collections/parcel/items/1?crs=" + q(EPSG + "4326")).statusCode())
        .isEqualTo(400);
    // the safe CURIE names the same CRS as the URI
    assertThat(get("/ogc/collections/district/items?crs=" + q("[EPSG:4547]")).statusCode())
        .isEqualTo(200);
  }

  private List<Long> ids(String path) throws Exception {
    HttpResponse<byte[]> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    json(response.body()).get("features").forEach(f -> ids.add(f.get("id").asLong()));
    return ids;
  }

  private static JsonNode first(JsonNode feature) {
    return feature.at("/geometry/coordinates/0/0/0");
  }

  /** PROJ's cs2cs from EPSG:4490 (input latitude, longitude) to a CRS, in that CRS's axis order. */
  private static double[] cs2cs(String target, double lat, double lon) throws Exception {
    Process p =
        new ProcessBuilder("cs2cs", "-f", "%.6f", "EPSG:4490", target)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write((lat + " " + lon + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String[] parts = out.split("\\s+", -1);
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
  }
}
