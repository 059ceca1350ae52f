package cn.foshan.redline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The lists of clusters and districts are kept in memory between requests (their label points and
 * districts cost PostGIS ~250 ms at each request), but a write to a cluster, a district or the red
 * line shows in the very next answer: the kept list belongs to the layers' revisions.
 */
class KeptListsTest extends EditingTest {

  private long changeSet() {
    return jdbc.sql(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'kept lists', 'COMMITTED', now()) RETURNING id")
        .query(Long.class)
        .single();
  }

  private String clusterName(long id) throws Exception {
    for (JsonNode c : expect(200, "GET", "/api/clusters", null, null)) {
      if (c.get("id").asLong() == id) {
        return c.get("name").asText();
      }
    }
    throw new AssertionError("no cluster " + id);
  }

  @Test
  void aWriteShowsInTheNextAnswer() throws Exception {
    long id = jdbc.sql("SELECT max(id) FROM industrial_cluster").query(Long.class).single();
    String name = clusterName(id);
    assertThat(clusterName(id)).isEqualTo(name); // kept
    try {
      jdbc.sql(
              "UPDATE industrial_cluster SET name = name || '（改）', change_set_id = :cs WHERE id = :id")
          .param("cs", changeSet())
          .param("id", id)
          .update();
      assertThat(clusterName(id)).isEqualTo(name + "（改）");
    } finally {
      jdbc.sql("UPDATE industrial_cluster SET name = :n, change_set_id = :cs WHERE id = :id")
          .param("n", name)
          .param("cs", changeSet())
          .param("id", id)
          .update();
    }
    assertThat(clusterName(id)).isEqualTo(name);

    String code = "440604";
    double area = officialArea(code);
    try {
      jdbc.sql("UPDATE district SET official_area_km2 = official_area_km2 + 1 WHERE code = :c")
          .param("c", code)
          .update();
      assertThat(officialArea(code)).isEqualTo(area + 1);
    } finally {
      jdbc.sql("UPDATE district SET official_area_km2 = official_area_km2 - 1 WHERE code = :c")
          .param("c", code)
          .update();
    }
    assertThat(officialArea(code)).isEqualTo(area);
  }

  private double officialArea(String code) throws Exception {
    for (JsonNode d : expect(200, "GET", "/api/districts", null, null)) {
      if (d.get("code").asText().equals(code)) {
        return d.get("officialAreaKm2").asDouble();
      }
    }
    throw new AssertionError("no district " + code);
  }
}
