package cn.foshan.redline.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The quota's verdicts on a hand-made city: five square districts, each with a red line of known
 * size relative to its minimum (areas measured on the ellipsoid).
 */
class QuotaRulesTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("quota_rules");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @BeforeEach
  void city() {
    jdbc.sql("TRUNCATE district, change_set RESTART IDENTITY CASCADE").update();
    jdbc.sql("INSERT INTO change_set (author, reason, committed_at) VALUES ('test', 'test', now())")
        .update();
    String[][] districts = {
      {"440604", "禅城区", "Chancheng", "21", "112.0"},
      {"440605", "南海区", "Nanhai", "190", "112.5"},
      {"440606", "顺德区", "Shunde", "111", "113.0"},
      {"440607", "三水区", "Sanshui", "75", "113.5"},
      {"440608", "高明区", "Gaoming", "53", "114.0"}
    };
    for (String[] d : districts) {
      jdbc.sql(
              "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                  + " (:code, :name, :en, :min, ST_Multi(ST_MakeEnvelope(:x, 22.0, :x + 0.45, 23.5, 4490)))")
          .param("code", d[0])
          .param("name", d[1])
          .param("en", d[2])
          .param("min", Double.parseDouble(d[3]))
          .param("x", Double.parseDouble(d[4]))
          .update();
      // a cluster over most of the district, for the red line to lie in
      jdbc.sql(
              "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                  + " ('C' || :code, :name, :en, ST_Multi(ST_MakeEnvelope(:x + 0.005, 22.05, :x + 0.2, 22.25, 4490)), 1)")
          .param("code", d[0])
          .param("name", d[1] + "集聚区")
          .param("en", d[2])
          .param("x", Double.parseDouble(d[4]))
          .update();
    }
  }

  /** A red-line square of about the given area (km²) in the district, measured exactly after. */
  private void redLine(String district, double x, double km2) {
    double side = Math.sqrt(km2) / 102.4; // degrees of longitude near 23°N, about
    double height = Math.sqrt(km2) / 110.8;
    jdbc.sql(
            "INSERT INTO red_line (code, district_code, designated_on, geom, change_set_id) VALUES"
                + " ('RL' || :d || :x, :d, '2022-09-30', ST_Multi(ST_MakeEnvelope(:x, 22.1, :x + :w, 22.1 + :h, 4490)), 1)")
        .param("d", district)
        .param("x", x + 0.01)
        .param("w", side)
        .param("h", height)
        .update();
  }

  @Test
  void belowWarningAndOkAreToldApart() throws Exception {
    redLine("440604", 112.0, 19.0); // below 21
    redLine("440605", 112.5, 192.0); // 1% above 190: warning
    redLine("440606", 113.0, 130.0); // well above 111
    redLine("440607", 113.5, 80.0); // 6.7% above 75: ok
    redLine("440608", 114.0, 55.0); // 3.8% above 53: warning
    JsonNode quota = getJson("/api/quota");
    Map<String, String> status = new HashMap<>();
    Map<String, Boolean> compliant = new HashMap<>();
    for (JsonNode d : quota.get("districts")) {
      status.put(d.get("code").asText(), d.get("status").asText());
      compliant.put(d.get("code").asText(), d.get("compliant").asBoolean());
    }
    assertThat(status)
        .containsEntry("440604", "BELOW_MINIMUM")
        .containsEntry("440605", "WARNING")
        .containsEntry("440606", "OK")
        .containsEntry("440607", "OK")
        .containsEntry("440608", "WARNING");
    assertThat(compliant).containsEntry("440604", false).containsEntry("440605", true);
    double total = 0;
    for (JsonNode d : quota.get("districts")) {
      total += d.get("redLineKm2").asDouble();
    }
    assertThat(quota.get("city").get("redLineKm2").asDouble()).isCloseTo(total, within(1e-5));
    // 19 + 192 + 130 + 80 + 55 ≈ 476 ≥ 450, though 禅城 is below its own minimum
    assertThat(quota.get("city").get("compliant").asBoolean()).isTrue();
  }

  @Test
  void theCityBelow450IsNotCompliant() throws Exception {
    redLine("440604", 112.0, 22.0);
    redLine("440605", 112.5, 191.0);
    redLine("440606", 113.0, 112.0);
    redLine("440607", 113.5, 60.0);
    redLine("440608", 114.0, 54.0);
    JsonNode city = getJson("/api/quota").get("city");
    assertThat(city.get("redLineKm2").asDouble()).isLessThan(450);
    assertThat(city.get("compliant").asBoolean()).isFalse();
    assertThat(city.get("status").asText()).isEqualTo("BELOW_MINIMUM");
    assertThat(city.get("marginKm2").asDouble()).isNegative();
  }
}
