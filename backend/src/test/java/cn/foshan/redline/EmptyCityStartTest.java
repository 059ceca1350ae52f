package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Started without the demo city, on an empty database: the real districts are loaded (reference
 * data), nothing else, and every endpoint answers sensibly for a city with no red line yet.
 */
class EmptyCityStartTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("empty_start");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @Test
  void theRealDistrictsAndNothingElse() throws Exception {
    assertThat(getJson("/api/districts")).hasSize(5);
    assertThat(getJson("/api/clusters")).isEmpty();
    assertThat(jdbc.sql("SELECT count(*) FROM change_set").query(Long.class).single()).isZero();
    assertThat(getJson("/api/map/config").get("dataset").isNull()).isTrue();
  }

  @Test
  void withoutRedLineEveryDistrictIsBelowItsMinimum() throws Exception {
    JsonNode quota = getJson("/api/quota");
    assertThat(quota.get("city").get("redLineKm2").asDouble()).isZero();
    assertThat(quota.get("city").get("status").asText()).isEqualTo("BELOW_MINIMUM");
    for (JsonNode d : quota.get("districts")) {
      assertThat(d.get("status").asText()).isEqualTo("BELOW_MINIMUM");
      assertThat(d.get("polygons").asInt()).isZero();
    }
  }
}
