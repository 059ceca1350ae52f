package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generated, mutated and malicious CQL2 filters ({@link Cql2Generators} on a seeded {@link
 * java.util.Random}: quotes, comments, semicolons, NULs, unicode, deep nesting, huge numbers,
 * broken geometries) against the running service and the real PostGIS: each answer is 200 or a 400
 * problem, never a 5xx, an SQL error or a dropped table. The seed and the failing filter, if any,
 * are in the assertion's message.
 */
class OgcFilterFuzzTest extends DemoCityTest {

  private boolean answersWith200Or400(long seed, int i, String path, String filter)
      throws Exception {
    HttpResponse<byte[]> response = get(path + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    String body = new String(response.body(), StandardCharsets.UTF_8);
    String what = "seed " + seed + ", case " + i + ", " + path + escape(filter) + " → " + body;
    assertThat(response.statusCode()).as(what).isIn(200, 400);
    if (response.statusCode() == 400) {
      assertThat(json(response.body()).get("detail").asText()).as(what).isNotBlank();
      assertThat(json(response.body()).get("type").asText()).as(what).startsWith("/problems/");
    } else {
      assertThat(json(response.body()).get("type").asText())
          .as(what)
          .isEqualTo("FeatureCollection");
    }
    return response.statusCode() == 200;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  private long parcels() {
    return jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
  }

  @Test
  void textFiltersNeverBreakTheService() throws Exception {
    long seed = 20_260_201L;
    Cql2Generators g = new Cql2Generators(seed);
    long before = parcels();
    List<String> filters = new ArrayList<>();
    filters.addAll(Cql2Generators.sample(g::validFilter, 100));
    filters.addAll(Cql2Generators.sample(g::filter, 250));
    filters.addAll(Cql2Generators.sample(g::mutated, 250));
    filters.addAll(Cql2Generators.sample(() -> g.hostile(300), 150));
    int i = 0;
    int ok = 0;
    for (String filter : filters) {
      if (answersWith200Or400(seed, i++, "/ogc/collections/parcel/items?limit=5&filter=", filter)) {
        ok++;
      }
    }
    System.out.printf("text filters: %d of %d answered 200, the rest 400%n", ok, i);
    assertThat(i).isEqualTo(750);
    assertThat(ok).as("filters answered 200").isGreaterThan(50);
    assertThat(parcels()).isEqualTo(before).isPositive();
  }

  @Test
  void jsonFiltersNeverBreakTheService() throws Exception {
    long seed = 20_260_202L;
    Cql2Generators g = new Cql2Generators(seed);
    List<String> filters = new ArrayList<>();
    filters.addAll(Cql2Generators.sample(g::json, 200));
    filters.addAll(Cql2Generators.sample(g::brokenJson, 100));
    int i = 0;
    int ok = 0;
    for (String filter : filters) {
      if (answersWith200Or400(
          seed,
          i++,
          "/ogc/collections/parcel/items?limit=5&filter-lang=cql2-json&filter=",
          filter)) {
        ok++;
      }
    }
    System.out.printf("JSON filters: %d of %d answered 200, the rest 400%n", ok, i);
    assertThat(parcels()).isPositive();
  }

  @Test
  void filtersInOtherCrssAndOnOtherLayersNeverBreakTheService() throws Exception {
    long seed = 20_260_203L;
    Cql2Generators g = new Cql2Generators(seed);
    String gk =
        URLEncoder.encode("http://www.opengis.net/def/crs/EPSG/0/4547", StandardCharsets.UTF_8);
    int i = 0;
    for (String filter : Cql2Generators.sample(g::filter, 100)) {
      answersWith200Or400(
          seed, i, "/ogc/collections/parcel/items?limit=5&filter-crs=" + gk + "&filter=", filter);
      answersWith200Or400(seed, i++, "/ogc/collections/district/items?limit=5&filter=", filter);
    }
  }
}
