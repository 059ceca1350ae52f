package cn.foshan.redline.contiguity;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.contiguity.Contiguity.By;
import cn.foshan.redline.contiguity.Contiguity.Layer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The contiguity labels the triggers keep (V51, V54, V59, V61), compared with a fresh clustering of
 * the layers as they are: every patch, both ways, for both layers and both kinds of unit.
 */
public final class KeptPatches {

  private KeptPatches() {}

  /**
   * Every kept patch is one of the fresh (its unit, pieces and m² to the mm²), and the other way;
   * and the pieces, grouped by the label each carries, are the kept patches (none unlabelled).
   */
  public static void assertAsFresh(JdbcClient jdbc) {
    for (Layer layer : Layer.values()) {
      for (By by : By.values()) {
        String freshPatches =
            "SELECT unit, count(*)::int AS pieces, round(sum(m2)::numeric, 3) AS m2 FROM ("
                + " SELECT unit, m2, ST_ClusterDBSCAN(ST_Transform(geom, 4547), eps := 5,"
                + " minpoints := 1) OVER (PARTITION BY unit) AS patch FROM ("
                + " SELECT coalesce(t.UNIT::text, '') AS unit, d.geom, CASE WHEN"
                + " ST_NumGeometries(t.geom) = 1 THEN t.area_m2 ELSE ST_Area(d.geom::geography)"
                + " END AS m2 FROM TABLE t CROSS JOIN LATERAL ST_Dump(t.geom) d) parts) l"
                + " GROUP BY unit, patch";
        String keptPatches =
            "SELECT unit, pieces, round(m2::numeric, 3) FROM contiguity_patch"
                + " WHERE layer = :layer AND kind = :kind";
        String fresh = freshPatches.replace("UNIT", by.column).replace("TABLE", layer.table);
        assertThat(differing(jdbc, fresh, keptPatches, layer, by))
            .as(layer + " by " + by + ": patches differing")
            .isZero();
        // and every piece carries its patch's label: the pieces by label are the kept patches
        String labelledPieces =
            String.format(
                "SELECT %1$s_patch, %1$s, count(*)::int, round(sum(m2)::numeric, 3)"
                    + " FROM contiguity_piece WHERE layer = :layer GROUP BY %1$s_patch, %1$s",
                by.id);
        String patchesByLabel =
            "SELECT patch, unit, pieces, round(m2::numeric, 3) FROM contiguity_patch"
                + " WHERE layer = :layer AND kind = :kind";
        assertThat(differing(jdbc, labelledPieces, patchesByLabel, layer, by))
            .as(layer + " by " + by + ": pieces whose label is not their patch's")
            .isZero();
      }
    }
  }

  /** The rows of one query not in the other, both ways (as multisets), for a layer and kind. */
  private static int differing(JdbcClient jdbc, String one, String other, Layer layer, By by) {
    return jdbc.sql(
            "SELECT (SELECT count(*) FROM (("
                + one
                + ") EXCEPT ALL ("
                + other
                + ")) a) + (SELECT count(*) FROM (("
                + other
                + ") EXCEPT ALL ("
                + one
                + ")) b)")
        .param("layer", layer.table)
        .param("kind", by.id)
        .query(Integer.class)
        .single();
  }
}
