package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKBReader;
import tools.jackson.databind.JsonNode;

/** GET /api/quota: the red line per district and for the city, against the minimums. */
class QuotaApiTest extends DemoCityTest {

  private static final Map<String, Double> MINIMUM =
      Map.of("440604", 21.0, "440605", 190.0, "440606", 111.0, "440607", 75.0, "440608", 53.0);

  @Test
  void figuresMatchAnIndependentEllipsoidalComputation() throws Exception {
    // Sum the red line per district with GeographicLib, from the raw shapes.
    Map<String, Double> expected = new HashMap<>();
    WKBReader wkb = new WKBReader();
    for (Object[] row :
        jdbc.sql("SELECT district_code, ST_AsBinary(geom) FROM red_line")
            .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)})
            .list()) {
      expected.merge(
          (String) row[0], AreaTest.geodesicArea(wkb.read((byte[]) row[1])), Double::sum);
    }

    JsonNode quota = getJson("/api/quota");
    double city = 0;
    assertThat(quota.get("districts")).hasSize(5);
    for (JsonNode d : quota.get("districts")) {
      String code = d.get("code").asText();
      double m2 = expected.get(code);
      city += m2;
      double km2 = d.get("redLineKm2").asDouble();
      assertThat(km2).as("red line of %s", code).isCloseTo(m2 / 1e6, within(m2 / 1e6 * 1e-4));
      assertThat(d.get("redLineMu").asDouble())
          .isCloseTo(m2 * 15 / 10000, within(m2 * 15 / 10000 * 1e-4));
      assertThat(d.get("minimumKm2").asDouble()).isEqualTo(MINIMUM.get(code));
      assertThat(d.get("marginKm2").asDouble()).isCloseTo(km2 - MINIMUM.get(code), within(1e-5));
      assertThat(d.get("compliant").asBoolean()).isEqualTo(km2 >= MINIMUM.get(code));
    }
    JsonNode c = quota.get("city");
    assertThat(c.get("minimumKm2").asDouble()).isEqualTo(450.0);
    assertThat(c.get("code").asText()).isEqualTo("440600");
    assertThat(c.get("name").asText()).isEqualTo("佛山市");
    assertThat(c.get("redLineKm2").asDouble()).isCloseTo(city / 1e6, within(city / 1e6 * 1e-4));
    assertThat(c.get("compliant").asBoolean()).isTrue();
  }

  @Test
  void aDistrictCloseToItsFloorIsFlaggedAndTheOthersAreNot() throws Exception {
    JsonNode quota = getJson("/api/quota");
    Map<String, String> status = new HashMap<>();
    for (JsonNode d : quota.get("districts")) {
      status.put(d.get("code").asText(), d.get("status").asText());
      // WARNING exactly when the margin is under 5% of the minimum
      boolean close = d.get("marginKm2").asDouble() < 0.05 * d.get("minimumKm2").asDouble();
      assertThat(d.get("status").asText()).isEqualTo(close ? "WARNING" : "OK");
    }
    assertThat(status).containsEntry("440604", "WARNING"); // 禅城 at 21.4 km² against 21
    assertThat(quota.get("warningMarginRatio").asDouble()).isEqualTo(0.05);
    assertThat(quota.get("city").get("status").asText()).isEqualTo("OK");
  }
}
