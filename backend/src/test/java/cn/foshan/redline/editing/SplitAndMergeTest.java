package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Split a polygon by a drawn line, and merge touching polygons, through change sets: the pieces
 * tile the original exactly (no overlap, no gap), a line that misses or polygons that do not touch
 * are refused, and merging the pieces back gives the original area.
 */
class SplitAndMergeTest extends EditingTest {

  private double area(long id) {
    return jdbc.sql("SELECT area_m2 FROM parcel WHERE id = :id")
        .param("id", id)
        .query(Double.class)
        .single();
  }

  /** A line across the parcel through its centroid, west to east, reaching 100 m beyond it. */
  private JsonNode lineAcross(long id) {
    return shape(
        "SELECT ST_MakeLine(ST_MakePoint(ST_XMin(geom) - 0.001, ST_Y(ST_Centroid(geom))),"
            + " ST_MakePoint(ST_XMax(geom) + 0.001, ST_Y(ST_Centroid(geom))))"
            + " FROM parcel WHERE id = :id",
        "id",
        id);
  }

  @Test
  void aParcelSplitByALineBecomesTwoThatTileItAndMergingThemGivesItBack() throws Exception {
    long id =
        jdbc.sql(
                // a parcel that the line across its centroid cuts in two (not every lot is convex)
                "SELECT id FROM parcel WHERE ST_NumGeometries(ST_Split(ST_GeometryN(geom, 1),"
                    + " ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_XMin(geom) - 0.001, ST_Y(ST_Centroid(geom))),"
                    + " ST_MakePoint(ST_XMax(geom) + 0.001, ST_Y(ST_Centroid(geom)))), 4490))) = 2"
                    + " AND ST_NumGeometries(geom) = 1 ORDER BY id OFFSET 60 LIMIT 1")
            .query(Long.class)
            .single();
    double original = area(id);
    String landUse = feature("parcel", id).at("/properties/landUse").asText();

    long cs = draft("bureau", "分割宗地 split a parcel");
    JsonNode split =
        expect(
            201,
            "POST",
            "/api/change-sets/" + cs + "/split",
            "bureau",
            Map.of(
                "layer",
                "parcel",
                "featureId",
                id,
                "baseVersion",
                version("parcel", id),
                "line",
                lineAcross(id)));
    assertThat(split.get("pieces").asInt()).isEqualTo(2);
    expect(200, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null);

    long piece =
        jdbc.sql("SELECT id FROM parcel WHERE change_set_id = :cs AND id <> :id")
            .param("cs", cs)
            .param("id", id)
            .query(Long.class)
            .single();
    assertThat(area(id)).isLessThan(original);
    // the cut adds vertices where the line crosses the edges (planar points, ellipsoidal areas):
    // the sum moves by parts in ten million
    double tolerance = original * 1e-6;
    assertThat(area(id) + area(piece)).isCloseTo(original, within(tolerance));
    assertThat(
            jdbc.sql(
                    "SELECT ST_Relate(a.geom, b.geom, '2********') FROM parcel a, parcel b"
                        + " WHERE a.id = :a AND b.id = :b")
                .param("a", id)
                .param("b", piece)
                .query(Boolean.class)
                .single())
        .as("the pieces share no interior")
        .isFalse();
    JsonNode created = feature("parcel", piece);
    assertThat(created.at("/properties/landUse").asText()).isEqualTo(landUse);
    assertThat(created.at("/properties/code").asText())
        .isNotEqualTo(feature("parcel", id).at("/properties/code").asText());

    // merged back: one parcel of the original area; the other piece is gone, kept in history
    long cs2 = draft("bureau", "合并宗地 merge the pieces");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs2 + "/merge",
        "bureau",
        Map.of(
            "layer",
            "parcel",
            "featureIds",
            List.of(id, piece),
            "baseVersions",
            List.of(version("parcel", id), version("parcel", piece))));
    expect(200, "POST", "/api/change-sets/" + cs2 + "/commit", "bureau", null);
    assertThat(area(id)).isCloseTo(original, within(tolerance));
    assertThat(
            jdbc.sql("SELECT count(*) FROM parcel WHERE id = :id")
                .param("id", piece)
                .query(Long.class)
                .single())
        .isZero();
    JsonNode history =
        expect(200, "GET", "/api/layers/parcel/features/" + piece + "/history", null, null);
    assertThat(history).isNotEmpty();
  }

  @Test
  void aLineThatDoesNotCrossAndParcelsThatDoNotTouchAreRefused() throws Exception {
    long id =
        jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET 61 LIMIT 1").query(Long.class).single();
    long cs = draft("bureau", "分割 split that misses");
    JsonNode inside =
        shape(
            "SELECT ST_MakeLine(ST_Centroid(geom), ST_Translate(ST_Centroid(geom), 0.00001, 0))"
                + " FROM parcel WHERE id = :id",
            "id",
            id);
    JsonNode missed =
        expect(
            422,
            "POST",
            "/api/change-sets/" + cs + "/split",
            "bureau",
            Map.of(
                "layer",
                "parcel",
                "featureId",
                id,
                "baseVersion",
                version("parcel", id),
                "line",
                inside));
    assertThat(missed.get("type").asText()).isEqualTo("/problems/split-missed");

    long far =
        jdbc.sql(
                "SELECT o.id FROM parcel p, parcel o WHERE p.id = :id"
                    + " AND NOT ST_DWithin(o.geom, p.geom, 0.01) ORDER BY o.id LIMIT 1")
            .param("id", id)
            .query(Long.class)
            .single();
    JsonNode apart =
        expect(
            422,
            "POST",
            "/api/change-sets/" + cs + "/merge",
            "bureau",
            Map.of(
                "layer",
                "parcel",
                "featureIds",
                List.of(id, far),
                "baseVersions",
                List.of(version("parcel", id), version("parcel", far))));
    assertThat(apart.get("type").asText()).isEqualTo("/problems/not-adjacent");
    // nothing was added to the draft
    assertThat(
            expect(200, "GET", "/api/change-sets/" + cs, "bureau", null)
                .at("/changeSet/edits")
                .asInt())
        .isZero();
  }
}
