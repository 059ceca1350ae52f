package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The clusters a change set touches, as its preview and its commit name them, once its features
 * have a history: those its new shapes meet and those the versions it ends met, and none that only
 * an older version (ended by another change set) met. The expected clusters are computed here by
 * PostGIS from the shapes themselves.
 */
class AffectedClustersTest extends EditingTest {

  /** A parcel lying in a cluster (with no factory buildings, so that it may go), by rank. */
  private long parcelInACluster(int rank) {
    return jdbc.sql(
            "SELECT p.id FROM parcel p WHERE EXISTS (SELECT 1 FROM industrial_cluster c"
                + " WHERE ST_Intersects(c.geom, p.geom))"
                + " AND NOT EXISTS (SELECT 1 FROM factory_building f WHERE f.parcel_id = p.id)"
                + " ORDER BY p.id OFFSET :r LIMIT 1")
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  /** The codes of the clusters a shape (a SELECT of one geometry) meets, in order. */
  private List<String> clustersMeeting(String geometrySql, long id) {
    return jdbc.sql(
            "SELECT c.code FROM industrial_cluster c, ("
                + geometrySql
                + ") s(g)"
                + " WHERE ST_Intersects(c.geom, s.g) ORDER BY c.code")
        .param("id", id)
        .query(String.class)
        .list();
  }

  private static List<String> codes(JsonNode clusters) {
    List<String> codes = new ArrayList<>();
    clusters.forEach(c -> codes.add(c.get("code").asText()));
    return codes;
  }

  /** Shrinks the parcel a little through the feature API: one more version in its history. */
  private void shrink(long id) throws Exception {
    JsonNode smaller =
        shape(
            "SELECT ST_Buffer(geom, -0.00001, 'join=mitre') FROM parcel WHERE id = :id", "id", id);
    expect(
        200,
        "PUT",
        "/api/layers/parcel/features/" + id,
        "bureau",
        Map.of("geometry", smaller, "reason", "缩小 shrink"),
        "If-Match",
        "\"" + version("parcel", id) + "\"");
  }

  @Test
  void aMoveNamesTheClusterLeftAndTheClusterReachedButNotOnesOnlyOlderVersionsMet()
      throws Exception {
    long id = parcelInACluster(3);
    for (int i = 0; i < 4; i++) {
      shrink(id);
    }
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM feature_history WHERE layer = 'parcel' AND feature_id = :id")
                .param("id", id)
                .query(Long.class)
                .single())
        .isGreaterThanOrEqualTo(4);
    List<String> left = clustersMeeting("SELECT geom FROM parcel WHERE id = :id", id);
    assertThat(left).isNotEmpty();
    // the parcel moved onto the middle of a cluster it does not meet now
    String far =
        jdbc.sql(
                "SELECT c.code FROM industrial_cluster c, parcel p WHERE p.id = :id"
                    + " AND NOT ST_Intersects(c.geom, ST_Expand(p.geom, 0.01))"
                    + " ORDER BY c.code LIMIT 1")
            .param("id", id)
            .query(String.class)
            .single();
    String moved =
        "SELECT ST_Translate(p.geom, ST_X(ST_PointOnSurface(c.geom)) - ST_X(ST_Centroid(p.geom)),"
            + " ST_Y(ST_PointOnSurface(c.geom)) - ST_Y(ST_Centroid(p.geom)))"
            + " FROM parcel p, industrial_cluster c WHERE p.id = :id AND c.code = '"
            + far
            + "'";
    List<String> reached = clustersMeeting(moved, id);
    assertThat(reached).contains(far).doesNotContainAnyElementsOf(left);

    long cs = draft("bureau", "move");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit("parcel", "update", id, version("parcel", id), shape(moved, "id", id), Map.of()));
    JsonNode preview =
        expect(200, "GET", "/api/change-sets/" + cs + "/preview?include=clusters", "bureau", null);
    List<String> expected = new ArrayList<>(left);
    expected.addAll(reached);
    expected.sort(null);
    assertThat(codes(preview.at("/effects/clusters"))).isEqualTo(expected);
  }

  @Test
  void aRemovalNamesTheClustersItsEndedVersionMet() throws Exception {
    long id = parcelInACluster(11);
    for (int i = 0; i < 3; i++) {
      shrink(id);
    }
    List<String> met = clustersMeeting("SELECT geom FROM parcel WHERE id = :id", id);
    assertThat(met).isNotEmpty();
    long cs = draft("bureau", "remove");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit("parcel", "delete", id, version("parcel", id), null, null));
    JsonNode preview =
        expect(200, "GET", "/api/change-sets/" + cs + "/preview?include=clusters", "bureau", null);
    assertThat(codes(preview.at("/effects/clusters"))).isEqualTo(met);
    JsonNode committed =
        expect(200, "POST", "/api/change-sets/" + cs + "/commit?include=clusters", "bureau", null);
    // committed: the removed version is in the history now, ended by this change set
    assertThat(codes(committed.at("/effects/clusters"))).isEqualTo(met);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM feature_history WHERE layer = 'parcel' AND feature_id = :id"
                        + " AND ended_by_change_set_id = :cs")
                .param("id", id)
                .param("cs", cs)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  /**
   * The clusters are worked out only when asked for (include=clusters): a preview or a commit that
   * does not ask has no clusters member (the other figures are there); a name there is no effect
   * for is a 400, before anything is applied.
   */
  @Test
  void theClustersOnlyWhenAskedFor() throws Exception {
    long id = parcelInACluster(17);
    long cs = draft("bureau", "shrink, clusters not asked for");
    int was = version("parcel", id);
    JsonNode smaller =
        shape(
            "SELECT ST_Buffer(geom, -0.00001, 'join=mitre') FROM parcel WHERE id = :id", "id", id);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit("parcel", "update", id, was, smaller, Map.of()));
    JsonNode preview = expect(200, "GET", "/api/change-sets/" + cs + "/preview", "bureau", null);
    assertThat(preview.at("/effects/clusters").isMissingNode()).isTrue();
    assertThat(preview.at("/effects/redLine").isArray()).isTrue();
    assertThat(preview.at("/effects/readyReserveBeforeMu").isNumber()).isTrue();
    JsonNode asked =
        expect(
            200,
            "GET",
            "/api/change-sets/" + cs + "/preview?include=clusters,clusters",
            "bureau",
            null);
    assertThat(codes(asked.at("/effects/clusters")))
        .isEqualTo(clustersMeeting("SELECT geom FROM parcel WHERE id = :id", id));
    JsonNode wrong =
        expect(400, "POST", "/api/change-sets/" + cs + "/commit?include=reserve", "bureau", null);
    assertThat(wrong.get("detail").asText()).startsWith("include 只能是 clusters");
    assertThat(version("parcel", id)).isEqualTo(was);
    JsonNode committed = expect(200, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null);
    assertThat(committed.at("/effects/clusters").isMissingNode()).isTrue();
    assertThat(committed.at("/changeSet/status").asText()).isEqualTo("COMMITTED");
    assertThat(committed.at("/effects/features/0/after/properties/version").asInt())
        .isEqualTo(was + 1)
        .isEqualTo(version("parcel", id));
  }
}
