package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The JSON API around the map: districts, clusters, layers, what lies at a point, OpenAPI. */
class ApiTest extends DemoCityTest {

  private static final Map<String, Double> OFFICIAL_KM2 =
      Map.of("440604", 154.0, "440605", 1074.0, "440606", 806.0, "440607", 828.0, "440608", 938.0);

  @Test
  void districtsWithTheirEllipsoidalAreas() throws Exception {
    JsonNode districts = getJson("/api/districts");
    assertThat(districts).hasSize(5);
    for (JsonNode d : districts) {
      double km2 = d.get("areaKm2").asDouble();
      assertThat(km2)
          .isCloseTo(
              OFFICIAL_KM2.get(d.get("code").asText()),
              within(OFFICIAL_KM2.get(d.get("code").asText()) * 0.005));
      assertThat(d.get("areaMu").asDouble()).isCloseTo(km2 * 1500, within(km2 * 1500 * 1e-6));
      assertThat(d.get("name").asText()).endsWith("区");
      assertThat(d.get("towns").asInt()).isPositive();
      JsonNode bbox = d.get("bbox");
      JsonNode label = d.get("labelPoint");
      assertThat(bbox.get(0).asDouble()).isLessThan(label.get(0).asDouble());
      assertThat(label.get(0).asDouble()).isLessThan(bbox.get(2).asDouble());
      assertThat(bbox.get(1).asDouble()).isLessThan(label.get(1).asDouble());
      assertThat(label.get(1).asDouble()).isLessThan(bbox.get(3).asDouble());
    }
  }

  @Test
  void clustersWithAreasRedLineAndDerivedDistricts() throws Exception {
    JsonNode clusters = getJson("/api/clusters");
    assertThat(clusters).hasSize(54);
    double redLine = 0;
    for (JsonNode c : clusters) {
      assertThat(c.get("areaMu").asDouble()).isGreaterThan(10_000);
      assertThat(c.get("areaKm2").asDouble() * 1500)
          .isCloseTo(c.get("areaMu").asDouble(), within(1.0));
      assertThat(c.get("redLineKm2").asDouble()).isLessThan(c.get("areaKm2").asDouble());
      assertThat(c.get("districts")).isNotEmpty();
      redLine += c.get("redLineKm2").asDouble();
      if (c.get("name").asText().equals("佛北战新产业园")) {
        assertThat(c.get("flagship").asBoolean()).isTrue();
        assertThat(c.get("districts").toString()).isEqualTo("[\"440605\",\"440607\"]");
      }
      assertThat(c.get("leadingIndustries").get(0).get("name").asText()).endsWith("业");
      assertThat(c.get("bbox")).hasSize(4);
      assertThat(c.get("labelPoint")).hasSize(2);
    }
    double quota = getJson("/api/quota").get("city").get("redLineKm2").asDouble();
    assertThat(redLine).isCloseTo(quota, within(0.001));
  }

  @Test
  void layersAreListedBottomFirstWithTheirTileUrls() throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode l : getJson("/api/layers")) {
      ids.add(l.get("id").asText());
      assertThat(l.get("tiles").asText())
          .isEqualTo("/tiles/" + l.get("id").asText() + "/{z}/{x}/{y}.mvt");
    }
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
  }

  @Test
  void whatLiesAtAPointIsListedTopLayerFirst() throws Exception {
    // the first vertex-free interior point of a parcel, found in SQL, then asked through the API
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT id, code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat"
                    + " FROM parcel ORDER BY id LIMIT 1")
            .query()
            .singleRow();
    JsonNode result =
        getJson("/api/features?lon=" + parcel.get("lon") + "&lat=" + parcel.get("lat"));
    List<String> layers = new ArrayList<>();
    result.get("features").forEach(f -> layers.add(f.get("layer").asText()));
    assertThat(layers).containsSubsequence("parcel", "red_line", "cluster", "town", "district");
    JsonNode p = result.get("features").get(layers.indexOf("parcel"));
    assertThat(p.get("id").asText()).isEqualTo(parcel.get("id").toString());
    assertThat(p.get("properties").get("code").asText()).isEqualTo(parcel.get("code"));
    assertThat(p.get("properties").get("enterprises")).isNotNull();

    JsonNode only =
        getJson(
            "/api/features?lon="
                + parcel.get("lon")
                + "&lat="
                + parcel.get("lat")
                + "&layers=district");
    assertThat(only.get("features")).hasSize(1);
  }

  @Test
  void theSelectedFeaturesOfADrawingCarryTheirEllipsoidalAreas() throws Exception {
    List<Map<String, Object>> rows =
        jdbc.sql(
                "(SELECT 'parcel' AS layer, id, code, area_m2 FROM parcel ORDER BY id DESC LIMIT 2)"
                    + " UNION ALL (SELECT 'red_line', id, code, area_m2 FROM red_line"
                    + " ORDER BY id LIMIT 1)")
            .query()
            .listOfRows();
    String ids =
        rows.stream()
            .map(r -> r.get("layer") + ":" + r.get("id"))
            .collect(java.util.stream.Collectors.joining(","));
    JsonNode answer = getJson("/api/print/features?ids=" + ids);
    assertThat(answer).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Map<String, Object> row = rows.get(i);
      JsonNode f = answer.get(i); // in the order asked
      double areaM2 = ((Number) row.get("area_m2")).doubleValue();
      assertThat(f.get("layer").asText()).isEqualTo(row.get("layer"));
      assertThat(f.get("id").asText()).isEqualTo(row.get("id").toString());
      assertThat(f.get("code").asText()).isEqualTo(row.get("code"));
      assertThat(f.get("areaM2").asDouble()).isCloseTo(areaM2, within(0.005));
      assertThat(f.get("areaMu").asDouble()).isCloseTo(areaM2 * 0.0015, within(0.005));
      assertThat(f.get("geometry").get("type").asText()).isEqualTo("MultiPolygon");
    }
    assertThat(answer.get(2).get("layerName").asText()).isEqualTo("工业用地红线");
    String tooMany =
        java.util.stream.IntStream.rangeClosed(1, 51)
            .mapToObj(i -> "parcel:" + i)
            .collect(java.util.stream.Collectors.joining(","));
    HttpResponse<byte[]> refused = get("/api/print/features?ids=" + tooMany);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused.body()).get("detail").asText()).startsWith("一张图最多列出 50 个要素");
  }

  @Test
  void badRequestsGetProblemDetailsAPersonUnderstands() throws Exception {
    String[][] cases = {
      {"/api/features?lon=abc&lat=23", "400", "/problems/invalid-parameter", "lon"},
      {"/api/features?lat=23", "400", "/problems/missing-parameter", "lon"},
      {"/api/features?lon=200&lat=23", "400", "/problems/invalid-coordinates", "lon"},
      {"/api/features?lon=113&lat=23&layers=roads", "400", "/problems/unknown-layer", "roads"},
      {"/api/print/features?ids=parcel:x", "400", "/problems/invalid-feature-id", "写法不对"},
      {"/api/print/features?ids=roads:1", "400", "/problems/unknown-layer", "没有图层“roads”"},
      {"/api/print/features?ids=parcel:999999999", "404", "/problems/unknown-feature", "宗地"},
      {"/api/print/features", "400", "/problems/missing-parameter", "ids"}
    };
    for (String[] c : cases) {
      HttpResponse<byte[]> response = get(c[0]);
      JsonNode problem = json(response.body());
      assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .contains("application/problem+json");
      assertThat(problem.get("type").asText()).as(c[0]).isEqualTo(c[2]);
      assertThat(problem.get("detail").asText()).as(c[0]).contains(c[3]);
    }
  }

  @Test
  void theMapConfigurationDescribesTheLoadedData() throws Exception {
    JsonNode config = getJson("/api/map/config");
    assertThat(config.get("basemapUrl").asText()).isEmpty();
    assertThat(config.get("center")).hasSize(2);
    assertThat(config.get("dataset").get("kind").asText()).isEqualTo("demo");
    assertThat(config.get("dataset").get("parcels").asInt()).isEqualTo(20000);
    assertThat(config.get("dataset").get("asOf").asText()).isEqualTo("2026-06-30");
  }

  @Test
  void theOpenApiDescriptionNamesEveryEndpoint() throws Exception {
    JsonNode paths = getJson("/v3/api-docs").get("paths");
    for (String path :
        List.of(
            "/api/quota",
            "/api/districts",
            "/api/clusters",
            "/api/layers",
            "/api/features",
            "/api/map/config",
            "/api/print/features",
            "/tiles/{layer}/{z}/{x}/{y}.mvt",
            "/api/me",
            "/api/change-sets",
            "/api/change-sets/{id}/preview",
            "/api/change-sets/{id}/commit",
            "/api/layers/{layer}/features/{id}",
            "/api/layers/{layer}/features/{id}/history",
            "/api/efficiency/publications",
            "/api/efficiency/publications/{id}/freeze",
            "/api/efficiency/objections/{id}/decision",
            "/api/efficiency/cases/{id}/outcome",
            "/api/efficiency/policy-lists",
            "/api/efficiency/idle-land/parcels",
            "/api/efficiency/idle-land/cases/{id}/steps",
            "/api/efficiency/idle-land/damages/{id}/payments",
            "/api/attachments",
            "/api/attachments/{id}/content",
            "/api/attachments/{id}/withdraw")) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
    // the login it needs is marked where, and only where, the service asks for it
    assertThat(paths.at("/~1api~1change-sets/post/security/0").has("basicAuth")).isTrue();
    assertThat(paths.at("/~1api~1layers~1{layer}~1features~1{id}/put/security/0").has("basicAuth"))
        .isTrue();
    assertThat(paths.at("/~1api~1quota/get").has("security")).isFalse();
    assertThat(paths.at("/~1api~1layers~1{layer}~1features~1{id}/get").has("security")).isFalse();
    // a streamed answer may be a 503 when too many stream at once; the others never are
    assertThat(paths.at("/~1api~1exports~1{layer}/get/responses/503/headers").has("Retry-After"))
        .isTrue();
    assertThat(paths.at("/~1api~1efficiency~1parcels/get/responses").has("503")).isTrue();
    assertThat(paths.at("/~1api~1quota/get/responses").has("503")).isFalse();
    assertThat(paths.at("/~1api~1attachments~1{id}~1content/get/responses").has("503")).isTrue();
    assertThat(paths.at("/~1api~1attachments/post/security/0").has("basicAuth")).isTrue();
    assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }
}
