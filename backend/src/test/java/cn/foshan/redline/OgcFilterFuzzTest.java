package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.ogc.Cql2Generators;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Generated, mutated and malicious CQL2 filters (jqwik's generators: quotes, comments, semicolons,
 * NULs, unicode, deep nesting, huge numbers, broken geometries) against the running service and the
 * real PostGIS: each answer is 200 or a 400 problem, never a 5xx, an SQL error or a dropped table.
 * The failing filter, if any, is in the assertion's message.
 */
class OgcFilterFuzzTest extends DemoCityTest {

  private void answersWith200Or400(String path, String filter) throws Exception {
    HttpResponse<byte[]> response = get(path + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(filter + " → " + body).isIn(200, 400);
    if (response.statusCode() == 400) {
      assertThat(json(response.body()).get("detail").asText()).as(filter).isNotBlank();
      assertThat(json(response.body()).get("type").asText()).as(filter).startsWith("/problems/");
    } else {
      assertThat(json(response.body()).get("type").asText()).isEqualTo("FeatureCollection");
    }
  }

  @Test
  void textFiltersNeverBreakTheService() throws Exception {
    List<String> filters =
        java.util.stream.Stream.concat(
                Cql2Generators.filter().sampleStream().limit(250),
                Cql2Generators.mutated().sampleStream().limit(250))
            .collect(Collectors.toList());
    int ok = 0;
    for (String filter : filters) {
      answersWith200Or400("/ogc/collections/parcel/items?limit=5&filter=", filter);
      ok++;
    }
    assertThat(ok).isEqualTo(500);
    assertThat(jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single()).isPositive();
  }

  @Test
  void jsonFiltersNeverBreakTheService() throws Exception {
    for (String filter : Cql2Generators.json().sampleStream().limit(250).toList()) {
      answersWith200Or400(
          "/ogc/collections/parcel/items?limit=5&filter-lang=cql2-json&filter=", filter);
    }
  }

  @Test
  void filtersInOtherCrssAndOnOtherLayersNeverBreakTheService() throws Exception {
    String gk =
        URLEncoder.encode("http://www.opengis.net/def/crs/EPSG/0/4547", StandardCharsets.UTF_8);
    for (String filter : Cql2Generators.filter().sampleStream().limit(100).toList()) {
      answersWith200Or400(
          "/ogc/collections/parcel/items?limit=5&filter-crs=" + gk + "&filter=", filter);
      answersWith200Or400("/ogc/collections/district/items?limit=5&filter=", filter);
    }
  }
}
