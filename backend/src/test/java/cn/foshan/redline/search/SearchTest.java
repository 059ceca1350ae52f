package cn.foshan.redline.search;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.ServiceClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/search on the demo city: what is found, in which order, and by whom. */
class SearchTest extends DemoCityTest {

  private JsonNode search(String q, String user) throws Exception {
    HttpResponse<byte[]> response =
        new ServiceClient(port)
            .send(
                "GET", "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), user, null);
    assertThat(response.statusCode())
        .as(q + ": " + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return json(response.body());
  }

  private static JsonNode first(JsonNode matches, String layer) {
    for (JsonNode m : matches) {
      if (m.get("layer").asText().equals(layer)) {
        return m;
      }
    }
    throw new AssertionError("no " + layer + " in " + matches);
  }

  private static void bboxHolds(JsonNode bbox, double lon, double lat) {
    assertThat(bbox).hasSize(4);
    assertThat(bbox.get(0).asDouble()).isLessThanOrEqualTo(lon);
    assertThat(bbox.get(2).asDouble()).isGreaterThanOrEqualTo(lon);
    assertThat(bbox.get(1).asDouble()).isLessThanOrEqualTo(lat);
    assertThat(bbox.get(3).asDouble()).isGreaterThanOrEqualTo(lat);
  }

  @Test
  void aParcelByItsCodeExactFirstThenByPrefix() throws Exception {
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT id, code, ST_X(ST_PointOnSurface(geom)) AS lon,"
                    + " ST_Y(ST_PointOnSurface(geom)) AS lat FROM parcel ORDER BY id LIMIT 1 OFFSET 100")
            .query()
            .singleRow();
    String code = (String) parcel.get("code");
    JsonNode exact = search(code, null);
    assertThat(exact.get(0).get("layer").asText()).isEqualTo("parcel");
    assertThat(exact.get(0).get("code").asText()).isEqualTo(code);
    assertThat(exact.get(0).get("id").asLong()).isEqualTo(((Number) parcel.get("id")).longValue());
    bboxHolds(
        exact.get(0).get("bbox"),
        ((Number) parcel.get("lon")).doubleValue(),
        ((Number) parcel.get("lat")).doubleValue());

    // lower case finds the upper-case code too
    assertThat(search(code.toLowerCase(java.util.Locale.ROOT), null).get(0).get("code").asText())
        .isEqualTo(code);

    String prefix = code.substring(0, code.length() - 1);
    JsonNode byPrefix = search(prefix, null);
    long expected =
        jdbc.sql("SELECT count(*) FROM parcel WHERE starts_with(code, :p)")
            .param("p", prefix)
            .query(Long.class)
            .single();
    List<String> codes = new ArrayList<>();
    for (JsonNode m : byPrefix) {
      assertThat(m.get("layer").asText()).isEqualTo("parcel");
      assertThat(m.get("code").asText()).startsWith(prefix);
      codes.add(m.get("code").asText());
    }
    assertThat(codes).hasSize((int) Math.min(expected, SearchController.LIMIT)).isSorted();
  }

  @Test
  void aPrefixComesBeforeACodeThatOnlyContainsTheText() throws Exception {
    // "440605" begins 南海's parcel codes and lies inside its red-line codes (RL440605-…)
    JsonNode matches = search("440605", null);
    assertThat(matches).hasSize(SearchController.LIMIT);
    for (JsonNode m : matches) {
      assertThat(m.get("layer").asText()).isEqualTo("parcel");
      assertThat(m.get("code").asText()).startsWith("440605");
    }
    // with fewer prefixes than the limit, the contained codes follow them
    String parcel = jdbc.sql("SELECT min(code) FROM parcel").query(String.class).single();
    JsonNode mixed = search(parcel, null);
    assertThat(mixed.get(0).get("code").asText()).isEqualTo(parcel);
    JsonNode redLines = search("0605-000", null);
    assertThat(redLines).isNotEmpty();
    for (JsonNode m : redLines) {
      assertThat(m.get("code").asText()).contains("0605-000").doesNotStartWith("0605-000");
    }
    // an exact code first, before names that contain it
    assertThat(search("FB01", null).get(0).get("code").asText()).isEqualTo("FB01");
  }

  @Test
  void anEnterpriseByCreditCodeAndByNameWithOrWithoutALogin() throws Exception {
    Map<String, Object> e =
        jdbc.sql(
                "SELECT e.id, e.credit_code::text AS credit_code, e.name FROM enterprise e"
                    + " WHERE EXISTS (SELECT 1 FROM parcel_enterprise pe WHERE pe.enterprise_id ="
                    + " e.id) ORDER BY e.id LIMIT 1 OFFSET 7")
            .query()
            .singleRow();
    long id = ((Number) e.get("id")).longValue();
    String name = (String) e.get("name");
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT ST_X(ST_PointOnSurface(p.geom)) AS lon, ST_Y(ST_PointOnSurface(p.geom)) AS"
                    + " lat FROM parcel_enterprise pe JOIN parcel p ON p.id = pe.parcel_id WHERE"
                    + " pe.enterprise_id = :id LIMIT 1")
            .param("id", id)
            .query()
            .singleRow();
    // enterprises' names and codes are public today (the parcel popup shows them to anyone)
    for (String user : new String[] {null, "planner"}) {
      JsonNode byCode = search((String) e.get("credit_code"), user);
      JsonNode hit = byCode.get(0);
      assertThat(hit.get("layer").asText()).isEqualTo("enterprise");
      assertThat(hit.get("id").asLong()).isEqualTo(id);
      assertThat(hit.get("name").asText()).isEqualTo(name);
      bboxHolds(
          hit.get("bbox"),
          ((Number) parcel.get("lon")).doubleValue(),
          ((Number) parcel.get("lat")).doubleValue());

      JsonNode byName = search(name, user);
      assertThat(byName.get(0).get("id").asLong()).isEqualTo(id);
      assertThat(byName.get(0).get("layer").asText()).isEqualTo("enterprise");
    }
  }

  @Test
  void aClusterByCodeAndByName() throws Exception {
    JsonNode matches = search("fb01", null);
    JsonNode hit = matches.get(0);
    assertThat(hit.get("layer").asText()).isEqualTo("cluster");
    assertThat(hit.get("code").asText()).isEqualTo("FB01");
    String name =
        jdbc.sql("SELECT name FROM industrial_cluster WHERE code = 'FB01'")
            .query(String.class)
            .single();
    assertThat(hit.get("name").asText()).isEqualTo(name);
    assertThat(first(search(name, null), "cluster").get("code").asText()).isEqualTo("FB01");
  }

  @Test
  void aChangeSetByItsDocumentNumberOnlyWithALogin() throws Exception {
    Map<String, Object> cs =
        jdbc.sql(
                "SELECT id, document_number FROM change_set WHERE status = 'COMMITTED' AND"
                    + " document_number IS NOT NULL ORDER BY id LIMIT 1")
            .query()
            .singleRow();
    String number = (String) cs.get("document_number");
    JsonNode hit = first(search(number, "planner"), "change_set");
    assertThat(hit.get("id").asLong()).isEqualTo(((Number) cs.get("id")).longValue());
    assertThat(hit.get("code").asText()).isEqualTo(number);
    assertThat(hit.get("bbox")).hasSize(4);
    for (JsonNode m : search(number, null)) {
      assertThat(m.get("layer").asText()).isNotEqualTo("change_set");
    }
  }

  @Test
  void wildcardsAreTakenLiterally() throws Exception {
    assertThat(search("%", null)).isEmpty();
    assertThat(search("_", null)).isEmpty();
    assertThat(search("FB0_", null)).isEmpty();
    assertThat(search("4406%", null)).isEmpty();
    assertThat(search("\\", null)).isEmpty();
  }

  @Test
  void emptyOrTooLongTextIsRefusedInChineseFirst() throws Exception {
    for (String q : new String[] {"", "%20%20", "x".repeat(101)}) {
      HttpResponse<byte[]> response = get("/api/search?q=" + q);
      assertThat(response.statusCode()).as(q).isEqualTo(400);
      JsonNode problem = json(response.body());
      assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-search");
      assertThat(problem.get("detail").asText()).startsWith("查找的文字").contains("100");
    }
    assertThat(get("/api/search").statusCode()).isEqualTo(400);
    assertThat(get("/api/search?q=" + "字".repeat(100)).statusCode()).isEqualTo(200);
  }

  @Test
  void theOpenApiDescriptionHasTheSearch() throws Exception {
    JsonNode get = getJson("/v3/api-docs").at("/paths/~1api~1search/get");
    assertThat(get.isMissingNode()).isFalse();
    assertThat(get.get("parameters").get(0).get("name").asText()).isEqualTo("q");
    assertThat(get.has("security")).isFalse();
  }
}
