package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Imports through the API: a GBK Shapefile in EPSG:4547 staged, previewed and committed as one
 * change set; the preview's invalid shapes, overlaps and mapping; a district officer's import as a
 * proposal; a file with no CRS.
 */
class ImportTest extends IoTest {

  @Test
  void gbkShapefileInGaussKrugerIsStagedPreviewedAndCommittedAsOneChangeSet() throws Exception {
    List<Long> before = leftovers();
    double[] at = freeSpot("440606", "parcel", 11);
    Path dir = temp();
    Path source = geojson(dir, "parcels", parcels(at[0], at[1], 5, "顺德测试宗地-"));
    Path shp = shapefile(source, dir, "宗地", 4547, "GBK");
    assertThat(Files.readString(shp.resolveSibling("宗地.cpg"))).isEqualTo("GBK");

    JsonNode staged =
        expectUpload(201, "bureau", zip(shapefileParts(shp)), "宗地.zip", "layer", "parcel");
    assertThat(staged.get("crs").asString()).isEqualTo("EPSG:4547");
    assertThat(staged.get("status").asString()).isEqualTo("STAGED");
    assertThat(staged.at("/mapping/code/from").asString()).isEqualTo("code");
    assertThat(staged.at("/mapping/floorAreaM2/from").asString()).isEqualTo("floorAreaM");
    JsonNode report = staged.get("report");
    assertThat(report.at("/shapes/features").asInt()).isEqualTo(5);
    assertThat(report.at("/shapes/invalid").asInt()).isZero();
    assertThat(report.at("/shapes/outsideFoshan").asInt()).isZero();
    assertThat(report.at("/shapes/extent/type").asString()).isEqualTo("Polygon");
    assertThat(report.get("mappingErrors")).isEmpty();
    assertThat(report.at("/changes/valid").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.at("/changes/creates").asInt()).isEqualTo(5);
    // the preview touched nothing
    assertThat(countCodes("顺德测试宗地-%")).isZero();

    long id = staged.get("id").asLong();
    JsonNode again = expect(200, "GET", "/api/imports/" + id, "bureau", null);
    assertThat(again.at("/report/changes/creates").asInt()).isEqualTo(5);

    JsonNode committed = expect(200, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(committed.get("status").asString()).isEqualTo("COMMITTED");
    assertThat(countCodes("顺德测试宗地-%")).isEqualTo(5);
    long cs = staged.get("changeSetId").asLong();
    // one change set, with its five edits (the record a revert reads), all rows of it
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM change_set_edit WHERE change_set_id = :cs AND feature_id IS NOT NULL")
                .param("cs", cs)
                .query(Long.class)
                .single())
        .isEqualTo(5);
    assertThat(
            jdbc.sql("SELECT count(*) FROM parcel WHERE change_set_id = :cs")
                .param("cs", cs)
                .query(Long.class)
                .single())
        .isEqualTo(5);
    // Chinese codes came through GBK; attributes mapped; areas as drawn (0.001° squares, ~0.1%)
    double expected =
        jdbc.sql("SELECT ST_Area(ST_MakeEnvelope(:x, :y, :x + 0.001, :y + 0.001, 4490)::geography)")
            .param("x", at[0])
            .param("y", at[1])
            .query(Double.class)
            .single();
    var row =
        jdbc.sql(
                "SELECT land_use, grant_type, granted_on::text AS g, floor_area_m2, area_m2,"
                    + " district_code FROM parcel WHERE code = '顺德测试宗地-0'")
            .query(
                (rs, n) ->
                    Map.of(
                        "landUse", rs.getString(1),
                        "grantType", rs.getString(2),
                        "grantedOn", rs.getString(3),
                        "floor", rs.getDouble(4),
                        "area", rs.getDouble(5),
                        "district", rs.getString(6)))
            .single();
    assertThat(row.get("landUse")).isEqualTo("0601");
    assertThat(row.get("grantedOn")).isEqualTo("2024-05-01");
    assertThat((double) row.get("floor")).isEqualTo(1000.0);
    assertThat(row.get("district")).isEqualTo("440606");
    assertThat((double) row.get("area")).isCloseTo(expected, within(expected * 1e-3));
    // nothing left behind: staging dropped, no temporary files, no draft
    assertThat(leftovers()).isEqualTo(before);
    expect(409, "POST", "/api/imports/" + id + "/commit", "bureau", null);
  }

  long countCodes(String like) {
    return jdbc.sql("SELECT count(*) FROM parcel WHERE code LIKE :like")
        .param("like", like)
        .query(Long.class)
        .single();
  }
}
