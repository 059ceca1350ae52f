package cn.foshan.redline.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.EditingTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The versioned layers (V22): every layer the database registers has everything a versioned layer
 * has, the first five (set up by their own migrations before the registry) as much as one made by
 * register_versioned_layer; and the service refuses to start on code and database that disagree.
 */
class VersionedLayersTest extends EditingTest {

  @Autowired LayerCatalog catalog;
  @Autowired JdbcClient service;

  private static final Set<String> TRIGGERS =
      Set.of(
          "_revision",
          "_version",
          "_updated_versions",
          "_deleted_versions",
          "_noted_inserts",
          "_noted_updates",
          "_noted_deletes",
          "_audited_inserts",
          "_audited_updates",
          "_audited_deletes");

  @Test
  void everyRegisteredLayerHasWhatAVersionedLayerHas() {
    List<Map<String, Object>> layers =
        jdbc.sql("SELECT layer, tbl, in_district FROM versioned_layer ORDER BY layer")
            .query()
            .listOfRows();
    assertThat(layers)
        .extracting(r -> r.get("layer"))
        .contains("cluster", "red_line", "reserve_land", "village_park", "parcel", "planning_zone");
    for (Map<String, Object> layer : layers) {
      String table = (String) layer.get("tbl");
      Set<String> triggers =
          new TreeSet<>(
              jdbc.sql(
                      "SELECT substr(tgname, length(:t) + 1) FROM pg_trigger"
                          + " WHERE tgrelid = to_regclass(:t) AND NOT tgisinternal"
                          + " AND tgname LIKE :t || '\\_%'")
                  .param("t", table)
                  .query(String.class)
                  .list());
      assertThat(triggers).as(table + " triggers").containsAll(TRIGGERS);
      if ((Boolean) layer.get("in_district")) {
        assertThat(triggers).as(table + " places").contains("_places");
      }
      assertThat(
              jdbc.sql("SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass(:t)")
                  .param("t", table)
                  .query(Boolean.class)
                  .single())
          .as(table + " row security")
          .isTrue();
      assertThat(
              jdbc.sql("SELECT polname FROM pg_policy WHERE polrelid = to_regclass(:t)")
                  .param("t", table)
                  .query(String.class)
                  .list())
          .as(table + " policies")
          .contains(table + "_read", table + "_write");
      assertThat(
              jdbc.sql("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(:t)")
                  .param("t", table)
                  .query(String.class)
                  .list())
          .as(table + " constraints")
          .contains(table + "_code_pattern");
      List<String> indexed =
          jdbc.sql(
                  "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                      + " AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass(:t)")
              .param("t", table)
              .query(String.class)
              .list();
      assertThat(indexed).as(table + " indexes").contains("geom", "change_set_id", "updated_at");
      for (String role : List.of("redline_service", "redline_editor")) {
        assertThat(
                jdbc.sql(
                        "SELECT has_table_privilege(:r, to_regclass(:t), 'SELECT, INSERT, UPDATE,"
                            + " DELETE')")
                    .param("r", role)
                    .param("t", table)
                    .query(Boolean.class)
                    .single())
            .as(role + " writes " + table)
            .isTrue();
      }
      assertThat(
              jdbc.sql("SELECT count(*) FROM layer_revision WHERE layer = :l")
                  .param("l", layer.get("layer"))
                  .query(Long.class)
                  .single())
          .isOne();
    }
  }

  @Test
  void aLayerKeptWithHistoryInTheCodeButNotTheDatabaseStopsTheService() {
    new VersionedLayerCheck(catalog, service).run(null);
    FeatureLayer unregistered =
        LayerDefinition.of("planning", "planning_zone", "规划分区", "Planning zones")
            .table("planning_zone_draft")
            .keepingHistory()
            .build();
    List<FeatureSource> sources = new java.util.ArrayList<>(catalog.sources());
    sources.removeIf(s -> s.id().equals("planning_zone"));
    sources.add(unregistered);
    LayerCatalog wrong = new LayerCatalog(sources);
    assertThatThrownBy(() -> new VersionedLayerCheck(wrong, service).run(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("planning_zone=planning_zone_draft")
        .hasMessageContaining("register_versioned_layer");
  }
}
