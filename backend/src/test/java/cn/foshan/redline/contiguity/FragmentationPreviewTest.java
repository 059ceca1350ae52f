package cn.foshan.redline.contiguity;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Does an edit fragment the red line? A red-line polygon of the demo city that stands alone (no
 * other red line within 20 m) is shrunk by a band 60 m wide cut through its middle, north to south:
 * what was one patch becomes two (60 m apart, more than the 5 m tolerance), so the district's
 * patches go from n to n + 1 and the preview warns. The draft is discarded: the city is left as
 * found.
 */
class FragmentationPreviewTest extends EditingTest {

  /** The polygon less the band, in CGCS2000 degrees (the band drawn on EPSG:4547, in metres). */
  static final String CUT =
      """
      SELECT ST_Multi(ST_Transform(ST_CollectionExtract(ST_Difference(g, ST_Buffer(
               ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_X(ST_Centroid(g)), ST_YMin(g) - 100),
                                      ST_MakePoint(ST_X(ST_Centroid(g)), ST_YMax(g) + 100)), 4547),
               30, 'endcap=flat')), 3), 4490))
      FROM (SELECT ST_Transform(geom, 4547) AS g FROM red_line WHERE id = :id) r
      """;

  /**
   * A lone, one-part red-line polygon of 三水 or 高明 under no reserve land, that the cut leaves in two
   * parts.
   */
  static long loneRedLine(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    return jdbc.sql(
            "SELECT r.id FROM red_line r WHERE r.district_code IN ('440607', '440608')"
                + " AND ST_NumGeometries(r.geom) = 1"
                + " AND NOT EXISTS (SELECT 1 FROM red_line o WHERE o.id <> r.id"
                + "   AND o.geom && ST_Expand(r.geom, 0.001)"
                + "   AND ST_DWithin(o.geom::geography, r.geom::geography, 20))"
                + " AND NOT EXISTS (SELECT 1 FROM reserve_land s WHERE s.geom && r.geom)"
                + " AND ST_NumGeometries(("
                + CUT.replace(":id", "r.id")
                + ")) = 2 ORDER BY r.area_m2 DESC LIMIT 1")
        .query(Long.class)
        .single();
  }

  @Test
  void cuttingAPatchInTwoAddsAPatchAndWarns() throws Exception {
    long id = loneRedLine(jdbc);
    String district =
        jdbc.sql("SELECT district_code FROM red_line WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    int before =
        patches(expect(200, "GET", "/api/contiguity?layer=red_line", null, null), district);

    long cs = draft("bureau", "切分红线 cut a red-line polygon in two");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit("red_line", "update", id, version("red_line", id), shape(CUT, "id", id), Map.of()));
    JsonNode contiguity =
        expect(200, "GET", "/api/change-sets/" + cs + "/preview", "bureau", null)
            .at("/effects/contiguity");
    assertThat(contiguity.get("fragments").asBoolean()).isTrue();
    assertThat(contiguity.get("districts")).hasSize(1);
    JsonNode d = contiguity.get("districts").get(0);
    assertThat(d.get("code").asText()).isEqualTo(district);
    assertThat(d.get("patchesBefore").asInt()).isEqualTo(before);
    assertThat(d.get("patchesAfter").asInt()).isEqualTo(before + 1);
    assertThat(d.get("fragments").asBoolean()).isTrue();

    expect(204, "DELETE", "/api/change-sets/" + cs, "bureau", null);
    // the preview changed nothing
    assertThat(patches(expect(200, "GET", "/api/contiguity?layer=red_line", null, null), district))
        .isEqualTo(before);
  }

  @Test
  void anEditOfNoRedLineLeavesItsPatchesAlone() throws Exception {
    long parcel =
        jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET 95 LIMIT 1").query(Long.class).single();
    long cs = draft("bureau", "改宗地 a parcel's attribute");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "parcel",
            "update",
            parcel,
            version("parcel", parcel),
            null,
            Map.of("floorAreaM2", 12345.0)));
    JsonNode contiguity =
        expect(200, "GET", "/api/change-sets/" + cs + "/preview", "bureau", null)
            .at("/effects/contiguity");
    assertThat(contiguity.get("fragments").asBoolean()).isFalse();
    assertThat(contiguity.get("districts")).isEmpty();
    expect(204, "DELETE", "/api/change-sets/" + cs, "bureau", null);
  }

  private static int patches(JsonNode answer, String district) {
    for (JsonNode u : answer.get("units")) {
      if (district.equals(u.get("code").asText())) {
        return u.get("patches").asInt();
      }
    }
    throw new AssertionError(district);
  }
}
