package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.contiguity.KeptPatches;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Imports through the API: a GBK Shapefile in EPSG:4547 staged, previewed and committed as one
 * change set; the preview's invalid shapes, overlaps and mapping; a district officer's import as a
 * proposal; a file with no CRS; a GeoPackage of several layers, read one layer as chosen.
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
    // its preview (nested in the staging's transaction, which committed) kept no labels (V61);
    // the commit kept them all, as a fresh clustering has them
    KeptPatches.assertAsFresh(jdbc);
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

  @Test
  void aGeoPackageOfSeveralLayersIsReadOneLayerAtATimeAsChosen() throws Exception {
    List<Long> before = leftovers();
    double[] at = freeSpot("440605", "parcel", 47);
    Path dir = temp();
    Path first = geojson(dir, "first", parcels(at[0], at[1], 2, "南海一期-"));
    Path second = geojson(dir, "second", parcels(at[0], at[1] + 0.003, 3, "南海二期-"));
    // a real GeoPackage of two layers in two CRSs, made by GDAL
    Path gpkg = dir.resolve("two.gpkg");
    run(
        "ogr2ogr",
        "-f",
        "GPKG",
        gpkg.toString(),
        first.toString(),
        "-nln",
        "宗地 一期",
        "-a_srs",
        "EPSG:4490");
    run(
        "ogr2ogr",
        "-f",
        "GPKG",
        "-update",
        gpkg.toString(),
        second.toString(),
        "-nln",
        "parcels_gk",
        "-s_srs",
        "EPSG:4490",
        "-t_srs",
        "EPSG:4547");
    assertThat(run("ogrinfo", "-ro", "-q", gpkg.toString())).contains("宗地 一期", "parcels_gk");
    byte[] file = Files.readAllBytes(gpkg);

    // no layer named: refused with the names to choose from, and nothing left behind
    JsonNode choose = expectUpload(422, "bureau", file, "two.gpkg", "layer", "parcel");
    assertThat(choose.get("type").asString()).isEqualTo("/problems/choose-layer");
    assertThat(choose.get("layers").toString()).contains("\"宗地 一期\"", "\"parcels_gk\"");
    assertThat(choose.get("detail").asString())
        .contains("2 layers", "宗地 一期", "parcels_gk", "fileLayer");
    JsonNode unknown =
        expectUpload(422, "bureau", file, "two.gpkg", "layer", "parcel", "fileLayer", "roads");
    assertThat(unknown.get("detail").asString()).contains("no layer 'roads'", "parcels_gk");
    assertThat(leftovers()).isEqualTo(before);

    // each layer as chosen, in its own CRS
    JsonNode gk =
        expectUpload(201, "bureau", file, "two.gpkg", "layer", "parcel", "fileLayer", "parcels_gk");
    assertThat(gk.get("fileLayer").asString()).isEqualTo("parcels_gk");
    assertThat(gk.get("crs").asString()).isEqualTo("EPSG:4547");
    assertThat(gk.at("/report/shapes/features").asInt()).isEqualTo(3);
    assertThat(gk.at("/report/shapes/outsideFoshan").asInt()).isZero();
    assertThat(gk.at("/report/changes/creates").asInt()).isEqualTo(3);
    assertThat(gk.at("/mapping/code/from").asString()).isEqualTo("code");
    long gkId = gk.get("id").asLong();
    assertThat(
            expect(200, "GET", "/api/imports/" + gkId, "bureau", null).get("fileLayer").asString())
        .isEqualTo("parcels_gk");

    JsonNode cgcs =
        expectUpload(201, "bureau", file, "two.gpkg", "layer", "parcel", "fileLayer", "宗地 一期");
    assertThat(cgcs.get("fileLayer").asString()).isEqualTo("宗地 一期");
    assertThat(cgcs.get("crs").asString()).isEqualTo("EPSG:4490");
    assertThat(cgcs.at("/report/shapes/features").asInt()).isEqualTo(2);
    assertThat(cgcs.at("/report/changes/creates").asInt()).isEqualTo(2);

    // a file of one layer needs no choice, and says which it read
    Path single = dir.resolve("one.gpkg");
    run(
        "ogr2ogr",
        "-f",
        "GPKG",
        single.toString(),
        first.toString(),
        "-nln",
        "only",
        "-a_srs",
        "EPSG:4490");
    JsonNode one =
        expectUpload(201, "bureau", Files.readAllBytes(single), "one.gpkg", "layer", "parcel");
    assertThat(one.get("fileLayer").asString()).isEqualTo("only");

    for (long id : List.of(gkId, cgcs.get("id").asLong(), one.get("id").asLong())) {
      expect(204, "DELETE", "/api/imports/" + id, "bureau", null);
    }
    assertThat(countCodes("南海_期-%")).isZero();
    assertThat(leftovers()).isEqualTo(before);
  }

  @Test
  void invalidShapesAreShownWithTheirRepairsAndCommittedOnlyOnceAccepted() throws Exception {
    double[] at = freeSpot("440607", "parcel", 31);
    double x = at[0];
    double y = at[1];
    JsonNode bowtie =
        ServiceClient.json(
            String.format(
                    java.util.Locale.ROOT,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],"
                        + "[%.6f,%.6f],[%.6f,%.6f]]]}",
                    x,
                    y,
                    x + 0.001,
                    y + 0.001,
                    x + 0.001,
                    y,
                    x,
                    y + 0.001,
                    x,
                    y)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<String> features = new java.util.ArrayList<>(parcels(x + 0.003, y, 1, "三水修复-"));
    features.add(
        feature(
            bowtie,
            Map.of(
                "code",
                "三水修复-bowtie",
                "landUse",
                "0601",
                "grantType",
                "LEASE",
                "grantedOn",
                "2023-01-01")));
    byte[] file = Files.readAllBytes(geojson(temp(), "bowtie", features));
    JsonNode staged = expectUpload(201, "bureau", file, "bowtie.geojson", "layer", "parcel");
    assertThat(staged.get("crs").asString()).isEqualTo("EPSG:4326");
    JsonNode shapes = staged.at("/report/shapes");
    assertThat(shapes.get("invalid").asInt()).isEqualTo(1);
    assertThat(shapes.at("/items/0/reason").asString()).contains("Self-intersection");
    assertThat(shapes.at("/items/0/original/type").asString()).isEqualTo("MultiPolygon");
    assertThat(shapes.at("/items/0/repaired/type").asString()).isEqualTo("MultiPolygon");
    assertThat(staged.at("/report/warnings/0").asString()).contains("repairInvalid");
    long id = staged.get("id").asLong();
    JsonNode refused = expect(422, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(refused.get("type").asString()).isEqualTo("/problems/invalid-geometry");
    expect(200, "POST", "/api/imports/" + id + "/mapping", "bureau", Map.of("repairInvalid", true));
    expect(200, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(countCodes("三水修复-%")).isEqualTo(2);
    assertThat(
            jdbc.sql("SELECT ST_IsValid(geom) FROM parcel WHERE code = '三水修复-bowtie'")
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void overlapsWithTheLayerAndAWrongCrsShowInThePreview() throws Exception {
    List<Long> before = leftovers();
    // a copy of an existing parcel under a new code overlaps it
    JsonNode existing =
        ServiceClient.json(
            jdbc.sql(
                    "SELECT ST_AsGeoJSON(geom, 9) FROM parcel WHERE district_code = '440604' ORDER BY id LIMIT 1")
                .query(String.class)
                .single()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] file =
        Files.readAllBytes(
            geojson(
                temp(),
                "copy",
                List.of(
                    feature(
                        existing,
                        Map.of(
                            "code",
                            "禅城重叠-1",
                            "landUse",
                            "0601",
                            "grantType",
                            "GRANT",
                            "grantedOn",
                            "2022-03-04")))));
    JsonNode staged = expectUpload(201, "bureau", file, "copy.geojson", "layer", "parcel");
    JsonNode changes = staged.at("/report/changes");
    assertThat(changes.get("valid").asBoolean()).isFalse();
    assertThat(changes.get("violationCount").asInt()).isPositive();
    assertThat(changes.at("/violations/0/rule").asString()).isEqualTo("overlap");
    assertThat(changes.at("/violations/0/geometry/type").asString()).contains("Polygon");
    long id = staged.get("id").asLong();
    JsonNode refused = expect(422, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(refused.get("type").asString()).isEqualTo("/problems/rule-violation");
    assertThat(countCodes("禅城重叠-%")).isZero();
    expect(204, "DELETE", "/api/imports/" + id, "bureau", null);
    expect(409, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(leftovers()).isEqualTo(before);

    // a Gauss-Kruger file said to be in the other zone lands outside Foshan: reported
    double[] at = freeSpot("440606", "parcel", 41);
    Path dir = temp();
    Path shp =
        shapefile(geojson(dir, "z", parcels(at[0], at[1], 2, "错区-")), dir, "z", 4547, "UTF-8");
    JsonNode wrong =
        expectUpload(
            201,
            "bureau",
            zip(parts(shp, "shp", "shx", "dbf")),
            "z.zip",
            "layer",
            "parcel",
            "crs",
            "EPSG:4546");
    assertThat(wrong.at("/report/shapes/outsideFoshan").asInt()).isEqualTo(2);
    assertThat(wrong.at("/report/warnings/0").asString()).contains("outside Foshan");
    assertThat(wrong.at("/report/changes/valid").asBoolean()).isFalse();
    expect(204, "DELETE", "/api/imports/" + wrong.get("id").asLong(), "bureau", null);
  }

  /**
   * commit=true: the file committed (or proposed) in the one request, its edits applied once, as
   * one change set; or, when anything refuses it, nothing of it kept — no import, draft or staging
   * table, and the problem lists the rules broken.
   */
  @Test
  void aFileImportedAtOnceIsCommittedAsOneChangeSetOrNotAtAll() throws Exception {
    List<Long> before = leftovers();
    double[] at = freeSpot("440606", "parcel", 61);
    byte[] file = Files.readAllBytes(geojson(temp(), "once", parcels(at[0], at[1], 3, "一次导入-")));
    JsonNode committed =
        expectUpload(201, "bureau", file, "once.geojson", "layer", "parcel", "commit", "true");
    assertThat(committed.get("status").asString()).isEqualTo("COMMITTED");
    assertThat(committed.get("creates").asInt()).isEqualTo(3);
    assertThat(countCodes("一次导入-%")).isEqualTo(3);
    long cs = committed.get("changeSetId").asLong();
    assertThat(
            jdbc.sql("SELECT count(*) FROM parcel WHERE change_set_id = :cs")
                .param("cs", cs)
                .query(Long.class)
                .single())
        .isEqualTo(3);
    long id =
        jdbc.sql("SELECT id FROM import_job WHERE change_set_id = :cs")
            .param("cs", cs)
            .query(Long.class)
            .single();
    JsonNode job = expect(200, "GET", "/api/imports/" + id, "bureau", null);
    assertThat(job.get("status").asString()).isEqualTo("COMMITTED");
    KeptPatches.assertAsFresh(jdbc);
    assertThat(leftovers()).isEqualTo(before);

    // the same shapes again under new codes overlap those: refused, and nothing is kept
    byte[] overlapping =
        Files.readAllBytes(geojson(temp(), "again", parcels(at[0], at[1], 3, "一次重叠-")));
    JsonNode refused =
        expectUpload(
            422, "bureau", overlapping, "again.geojson", "layer", "parcel", "commit", "true");
    assertThat(refused.get("type").asString()).isEqualTo("/problems/rule-violation");
    assertThat(refused.at("/violations/0/rule").asString()).isEqualTo("overlap");
    assertThat(countCodes("一次重叠-%")).isZero();
    assertThat(leftovers()).isEqualTo(before);
    assertThat(
            jdbc.sql("SELECT status FROM import_job ORDER BY id DESC LIMIT 1")
                .query(String.class)
                .single())
        .isEqualTo("DISCARDED");

    // codes that are no codes: refused before anything is applied, nothing kept
    byte[] bad = Files.readAllBytes(geojson(temp(), "bad", parcels(at[0], at[1], 1, "<i>坏</i> ")));
    expectUpload(422, "bureau", bad, "bad.geojson", "layer", "parcel", "commit", "true");
    assertThat(leftovers()).isEqualTo(before);

    // a district officer's file becomes their proposal, at once
    double[] sd = freeSpot("440606", "parcel", 62);
    byte[] proposal = Files.readAllBytes(geojson(temp(), "sd", parcels(sd[0], sd[1], 2, "一次提案-")));
    JsonNode proposed =
        expectUpload(202, "shunde", proposal, "sd.geojson", "layer", "parcel", "commit", "true");
    assertThat(proposed.get("status").asString()).isEqualTo("PROPOSED");
    assertThat(countCodes("一次提案-%")).isZero();
    // a planner imports nothing, at once or not
    expectUpload(403, "planner", proposal, "sd.geojson", "layer", "parcel", "commit", "true");
  }

  /**
   * A re-surveyed file that names features as the layer has them (the same shape, read back from
   * EPSG:4547, and the same values) leaves them out: only the features it changes get an edit and a
   * new version, the preview counts the others as unchanged, and a file that changes nothing is
   * refused at commit (409, staged or at once) with nothing written; so is one naming a feature
   * twice (422), even when one of the two is as the layer has it.
   */
  @Test
  void featuresAsTheLayerHasThemAreLeftOutOfAnImport() throws Exception {
    List<Long> before = leftovers();
    double[] at = freeSpot("440606", "parcel", 73);
    List<String> original = parcels(at[0], at[1], 4, "原样-");
    expectUpload(
        201,
        "bureau",
        Files.readAllBytes(geojson(temp(), "first", original)),
        "first.geojson",
        "layer",
        "parcel",
        "commit",
        "true");
    // the survey again: one parcel's floor area changed, one parcel's shape; in GK CM 114E
    List<String> resurveyed = new ArrayList<>(original);
    resurveyed.set(
        1,
        feature(
            square(at[0] + 0.0015, at[1], 0.001),
            Map.of(
                "code", "原样-1",
                "landUse", "0601",
                "grantType", "GRANT",
                "grantedOn", "2024-05-02",
                "floorAreaM2", 2001)));
    resurveyed.set(
        2,
        feature(
            square(at[0] + 0.003, at[1], 0.0009),
            Map.of(
                "code", "原样-2",
                "landUse", "0601",
                "grantType", "GRANT",
                "grantedOn", "2024-05-03",
                "floorAreaM2", 1002)));
    Path dir = temp();
    byte[] file =
        zip(shapefileParts(shapefile(geojson(dir, "again", resurveyed), dir, "复测", 4547, "GBK")));

    JsonNode staged = expectUpload(201, "bureau", file, "复测.zip", "layer", "parcel");
    JsonNode report = staged.get("report");
    assertThat(report.at("/shapes/features").asInt()).isEqualTo(4);
    assertThat(report.get("unchanged").asInt()).as(report.toString()).isEqualTo(2);
    assertThat(report.at("/changes/updates").asInt()).isEqualTo(2);
    assertThat(report.at("/changes/creates").asInt()).isZero();
    expect(200, "POST", "/api/imports/" + staged.get("id").asLong() + "/commit", "bureau", null);
    // a new version for the two it changed, none for the others
    assertThat(
            jdbc.sql(
                    "SELECT string_agg(code || ':' || version, ' ' ORDER BY code) FROM parcel"
                        + " WHERE code LIKE '原样-%'")
                .query(String.class)
                .single())
        .isEqualTo("原样-0:1 原样-1:2 原样-2:2 原样-3:1");

    // the same file again changes nothing: previewed as such, refused at commit, nothing written
    long versions = jdbc.sql("SELECT count(*) FROM feature_history").query(Long.class).single();
    JsonNode same = expectUpload(201, "bureau", file, "复测.zip", "layer", "parcel");
    assertThat(same.at("/report/unchanged").asInt()).isEqualTo(4);
    assertThat(same.at("/report/changes/updates").asInt()).isZero();
    long id = same.get("id").asLong();
    JsonNode nothing = expect(409, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(nothing.get("type").asString()).isEqualTo("/problems/nothing-changed");
    assertThat(nothing.get("detail").asString()).startsWith("文件中的 4 个要素与图层现状相同");
    expect(204, "DELETE", "/api/imports/" + id, "bureau", null);
    JsonNode atOnce =
        expectUpload(409, "bureau", file, "复测.zip", "layer", "parcel", "commit", "true");
    assertThat(atOnce.get("type").asString()).isEqualTo("/problems/nothing-changed");
    assertThat(jdbc.sql("SELECT count(*) FROM feature_history").query(Long.class).single())
        .isEqualTo(versions);

    // a file naming a parcel twice, once as it is and once changed, is refused, not half taken
    List<String> twice = new ArrayList<>(original);
    twice.add(
        feature(
            square(at[0], at[1], 0.0009),
            Map.of(
                "code", "原样-0",
                "landUse", "0601",
                "grantType", "GRANT",
                "grantedOn", "2024-05-01",
                "floorAreaM2", 1000)));
    byte[] doubled = Files.readAllBytes(geojson(temp(), "twice", twice));
    JsonNode named = expectUpload(201, "bureau", doubled, "twice.geojson", "layer", "parcel");
    assertThat(named.at("/report/mappingErrors/0").asString())
        .startsWith("code: 文件中有 1 个编码出现了不止一次（如 原样-0）");
    expect(204, "DELETE", "/api/imports/" + named.get("id").asLong(), "bureau", null);
    JsonNode refused =
        expectUpload(422, "bureau", doubled, "twice.geojson", "layer", "parcel", "commit", "true");
    assertThat(refused.get("detail").asString()).contains("原样-0");
    assertThat(jdbc.sql("SELECT count(*) FROM feature_history").query(Long.class).single())
        .isEqualTo(versions);
    assertThat(leftovers()).isEqualTo(before);
  }

  /**
   * same_shape (V77), which decides an import's unchanged features: a shape is the same whatever
   * vertex its rings start at, whichever way they run, and ~1e-14° off (read back through
   * EPSG:4547), also with a vertex on a half-way point of its 1e-9° grid; not when a vertex moves
   * 3e-9° (0.3 mm), a vertex is added on an edge, or a hole moves inside the shell.
   */
  @Test
  void sameShapeIsTheSameVerticesWithinATenthOfAMillimetre() {
    // a square whose southern vertices lie half-way between two points of the 1e-9° grid
    String a =
        "ST_GeomFromText('POLYGON((113 23.0000000005,113.001 23.0000000005,113.001 23.001,"
            + "113 23.001,113 23.0000000005))', 4490)";
    Map<String, Boolean> cases = new java.util.LinkedHashMap<>();
    cases.put("ST_Reverse(a)", true);
    cases.put(
        "ST_GeomFromText('POLYGON((113.001 23.0000000005,113.001 23.001,113 23.001,"
            + "113 23.0000000005,113.001 23.0000000005))', 4490)",
        true);
    cases.put("ST_Transform(ST_Transform(a, 4547), 4490)", true);
    cases.put("ST_Translate(a, 0, 2e-14)", true);
    cases.put("ST_Translate(a, 0, -2e-14)", true);
    cases.put("ST_Translate(a, 3e-9, 0)", false);
    cases.put(
        "ST_MakePolygon(ST_AddPoint(ST_ExteriorRing(a), ST_MakePoint(113.0005, 23), 1))", false);
    cases.put(
        "ST_MakePolygon(ST_ExteriorRing(ST_Buffer(a, 0.01, 'join=mitre')),"
            + " ARRAY[ST_ExteriorRing(a)])",
        false);
    cases.forEach(
        (b, same) ->
            assertThat(
                    jdbc.sql(
                            "WITH s AS (SELECT "
                                + a
                                + " AS a) SELECT same_shape(a, "
                                + b
                                + ") FROM s")
                        .query(Boolean.class)
                        .single())
                .as(b)
                .isEqualTo(same));
    // a hole moved inside its shell: every vertex of either lies in the other's area
    assertThat(
            jdbc.sql(
                    "WITH s AS (SELECT ST_MakePolygon(ST_ExteriorRing(ST_Buffer(a, 0.01,"
                        + " 'join=mitre')), ARRAY[ST_ExteriorRing(a)]) AS h FROM (SELECT "
                        + a
                        + " AS a) x) SELECT same_shape(h, ST_MakePolygon(ST_ExteriorRing(h),"
                        + " ARRAY[ST_Translate(ST_InteriorRingN(h, 1), 0.002, 0)])) FROM s")
                .query(Boolean.class)
                .single())
        .isFalse();
  }

  /**
   * The places of imported shapes (district, town, cluster: looked up by the import's statements
   * for all its rows) are those their shapes lie in, as the layer's trigger derives them for any
   * writer: for new parcels, and for parcels moved into another district.
   */
  @Test
  void importedShapesTakeThePlacesTheyLieIn() throws Exception {
    double[] chancheng = freeSpot("440604", "parcel", 71);
    byte[] created =
        Files.readAllBytes(
            geojson(temp(), "placed", parcels(chancheng[0], chancheng[1], 3, "落位-")));
    long first =
        expectUpload(201, "bureau", created, "placed.geojson", "layer", "parcel", "commit", "true")
            .get("changeSetId")
            .asLong();
    assertThat(misplaced(first)).isZero();
    assertThat(districts("落位-%")).containsExactly("440604");

    double[] nanhai = freeSpot("440605", "parcel", 72);
    byte[] moved =
        Files.readAllBytes(geojson(temp(), "moved", parcels(nanhai[0], nanhai[1], 3, "落位-")));
    JsonNode again =
        expectUpload(201, "bureau", moved, "moved.geojson", "layer", "parcel", "commit", "true");
    assertThat(again.get("updates").asInt()).isEqualTo(3);
    assertThat(misplaced(again.get("changeSetId").asLong())).isZero();
    assertThat(districts("落位-%")).containsExactly("440605");
  }

  /**
   * A parcel whose shape lies in no district cannot have its district derived: the import is
   * refused naming the parcel and why (not "a required value is missing"), and nothing is kept.
   */
  @Test
  void aShapeInNoDistrictIsRefusedNamingIt() throws Exception {
    List<Long> before = leftovers();
    // the south-west corner of the districts' extent: inside the city's box, in no district
    double[] corner =
        jdbc.sql(
                "SELECT ST_XMin(e) + 0.002 AS x, ST_YMin(e) + 0.002 AS y FROM (SELECT"
                    + " ST_Extent(geom)::geometry AS e FROM district) b")
            .query((rs, n) -> new double[] {rs.getDouble("x"), rs.getDouble("y")})
            .single();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM district WHERE ST_Intersects(geom,"
                        + " ST_Buffer(ST_SetSRID(ST_MakePoint(:x, :y), 4490), 0.002))")
                .param("x", corner[0])
                .param("y", corner[1])
                .query(Long.class)
                .single())
        .as("the corner lies in no district")
        .isZero();
    byte[] file =
        Files.readAllBytes(geojson(temp(), "nowhere", parcels(corner[0], corner[1], 1, "无区宗地-")));
    JsonNode refused =
        expectUpload(422, "bureau", file, "nowhere.geojson", "layer", "parcel", "commit", "true");
    assertThat(refused.get("detail").asString())
        .contains("宗地「无区宗地-0」的形状不在佛山市任何一个区内")
        .doesNotContain("缺少必填的值");
    assertThat(countCodes("无区宗地-%")).isZero();
    assertThat(leftovers()).isEqualTo(before);
  }

  /** How many parcels of a change set carry other places than those their shapes lie in. */
  private long misplaced(long cs) {
    long written =
        jdbc.sql("SELECT count(*) FROM parcel WHERE change_set_id = :cs")
            .param("cs", cs)
            .query(Long.class)
            .single();
    assertThat(written).isEqualTo(3);
    return jdbc.sql(
            "SELECT count(*) FROM parcel p CROSS JOIN LATERAL places_at(p.geom, true, true, true) a"
                + " WHERE p.change_set_id = :cs AND (p.district_code, p.town_code, p.cluster_id)"
                + " IS DISTINCT FROM (a.district_code, a.town_code, a.cluster_id)")
        .param("cs", cs)
        .query(Long.class)
        .single();
  }

  private List<String> districts(String codes) {
    return jdbc.sql("SELECT DISTINCT district_code FROM parcel WHERE code LIKE :codes")
        .param("codes", codes)
        .query(String.class)
        .list();
  }

  @Test
  void aFileWhoseCodesAreNoCodesIsReportedAndCannotBeCommitted() throws Exception {
    double[] at = freeSpot("440607", "parcel", 71);
    byte[] file =
        Files.readAllBytes(geojson(temp(), "bad", parcels(at[0], at[1], 2, "<b>坏编码</b> ")));
    JsonNode staged = expectUpload(201, "bureau", file, "bad.geojson", "layer", "parcel");
    JsonNode errors = staged.at("/report/mappingErrors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).asString())
        .startsWith("2 个要素的编码不合规")
        .contains("<b>坏编码</b> 0")
        .contains("编码只能由字母、数字、汉字及 - _ . 组成");
    assertThat(staged.at("/report/changes").isNull()).isTrue();
    expect(422, "POST", "/api/imports/" + staged.get("id").asLong() + "/commit", "bureau", null);
    assertThat(countCodes("<b>坏编码</b>%")).isZero();
    expect(204, "DELETE", "/api/imports/" + staged.get("id").asLong(), "bureau", null);
  }

  @Test
  void aDistrictOfficerImportsIntoTheirDistrictAsAProposal() throws Exception {
    double[] at = freeSpot("440606", "parcel", 51);
    byte[] file = Files.readAllBytes(geojson(temp(), "sd", parcels(at[0], at[1], 2, "顺德提案-")));
    JsonNode staged = expectUpload(201, "shunde", file, "sd.geojson", "layer", "parcel");
    expect(404, "GET", "/api/imports/" + staged.get("id").asLong(), "nanhai", null);
    JsonNode proposed =
        expect(
            202, "POST", "/api/imports/" + staged.get("id").asLong() + "/commit", "shunde", null);
    assertThat(proposed.get("status").asString()).isEqualTo("PROPOSED");
    assertThat(countCodes("顺德提案-%")).isZero();
    // the bureau approves it through the editing system's review
    expect(
        200,
        "POST",
        "/api/change-sets/" + staged.get("changeSetId").asLong() + "/approve",
        "bureau",
        Map.of("comment", "同意"));
    assertThat(countCodes("顺德提案-%")).isEqualTo(2);
    KeptPatches.assertAsFresh(jdbc);
    // outside their district: refused
    double[] elsewhere = freeSpot("440605", "parcel", 52);
    byte[] outside =
        Files.readAllBytes(geojson(temp(), "nh", parcels(elsewhere[0], elsewhere[1], 1, "越界-")));
    expectUpload(403, "shunde", outside, "nh.geojson", "layer", "parcel");
  }

  @Test
  void csvAndXlsxWithWktColumnsNeedTheirCrsStated() throws Exception {
    double[] at = freeSpot("440604", "parcel", 61);
    Path dir = temp();
    StringBuilder csv = new StringBuilder("code,landUse,grantType,grantedOn,geometry\n");
    for (int i = 0; i < 3; i++) {
      double x = at[0] + i * 0.0015;
      csv.append(
          String.format(
              java.util.Locale.ROOT,
              "禅城表格-%d,0601,GRANT,2021-06-0%d,\"POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))\"%n",
              i,
              i + 1,
              x,
              at[1],
              x + 0.001,
              at[1],
              x + 0.001,
              at[1] + 0.001,
              x,
              at[1] + 0.001,
              x,
              at[1]));
    }
    Path csvFile = dir.resolve("parcels.csv");
    Files.writeString(csvFile, csv.toString());
    byte[] bytes = Files.readAllBytes(csvFile);
    JsonNode noCrs = expectUpload(422, "bureau", bytes, "parcels.csv", "layer", "parcel");
    assertThat(noCrs.get("type").asString()).isEqualTo("/problems/unknown-crs");
    JsonNode staged =
        expectUpload(201, "bureau", bytes, "parcels.csv", "layer", "parcel", "crs", "EPSG:4490");
    assertThat(staged.at("/report/shapes/features").asInt()).isEqualTo(3);
    assertThat(staged.at("/report/changes/valid").asBoolean()).isTrue();
    expect(204, "DELETE", "/api/imports/" + staged.get("id").asLong(), "bureau", null);

    // the same table as an Excel workbook, made by GDAL (the WKT stays text there)
    Path xlsx = dir.resolve("parcels.xlsx");
    run("ogr2ogr", "-f", "XLSX", xlsx.toString(), csvFile.toString());
    JsonNode fromExcel =
        expectUpload(
            201,
            "bureau",
            Files.readAllBytes(xlsx),
            "parcels.xlsx",
            "layer",
            "parcel",
            "crs",
            "EPSG:4490");
    assertThat(fromExcel.at("/report/shapes/features").asInt()).isEqualTo(3);
    assertThat(fromExcel.at("/report/changes/creates").asInt()).isEqualTo(3);
    expect(200, "POST", "/api/imports/" + fromExcel.get("id").asLong() + "/commit", "bureau", null);
    assertThat(countCodes("禅城表格-%")).isEqualTo(3);
  }

  @Test
  void planningZonesAreImportedLikeAnySurveyFile() throws Exception {
    // the demo city is zoned whole: a revised plan for three of 高明's zones away from industry,
    // their shapes as they are, their uses changed
    List<Map<String, Object>> zones =
        jdbc.sql(
                "SELECT code, ST_AsGeoJSON(geom, 9) AS geom FROM planning_zone"
                    + " WHERE district_code = '440608' AND zone_type IN ('FARMLAND',"
                    + " 'ECOLOGICAL_CONTROL', 'ECOLOGICAL_PROTECTION') ORDER BY code LIMIT 3")
            .query()
            .listOfRows();
    assertThat(zones).hasSize(3);
    String[] types = {"RURAL", "GREEN", "RESERVED"};
    List<String> features = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      features.add(
          feature(
              ServiceClient.json(
                  ((String) zones.get(i).get("geom")).getBytes(StandardCharsets.UTF_8)),
              Map.of(
                  "code",
                  zones.get(i).get("code"),
                  "zoneType",
                  types[i],
                  "planName",
                  "高明区分区规划（修编）")));
    }
    Path dir = temp();
    Path shp = shapefile(geojson(dir, "zones", features), dir, "zones", 4490, "UTF-8");
    JsonNode staged =
        expectUpload(
            201, "bureau", zip(shapefileParts(shp)), "zones.zip", "layer", "planning_zone");
    assertThat(staged.at("/report/changes/updates").asInt()).isEqualTo(3);
    JsonNode committed =
        expect(
            200, "POST", "/api/imports/" + staged.get("id").asLong() + "/commit", "bureau", null);
    assertThat(committed.get("status").asString()).isEqualTo("COMMITTED");
    assertThat(
            jdbc.sql(
                    "SELECT string_agg(zone_type || '/' || plan_name, ',' ORDER BY code)"
                        + " FROM planning_zone WHERE code IN (:codes)")
                .param("codes", zones.stream().map(z -> z.get("code")).toList())
                .query(String.class)
                .single())
        .isEqualTo("RURAL/高明区分区规划（修编）,GREEN/高明区分区规划（修编）,RESERVED/高明区分区规划（修编）");
    // a zone type the plan does not know is reported, and nothing is written
    JsonNode wrong =
        expectUpload(
            201,
            "bureau",
            Files.readAllBytes(
                geojson(
                    dir,
                    "wrong",
                    List.of(
                        feature(
                            ServiceClient.json(
                                ((String) zones.get(0).get("geom"))
                                    .getBytes(StandardCharsets.UTF_8)),
                            Map.of("code", zones.get(0).get("code"), "zoneType", "CASINO"))))),
            "wrong.geojson",
            "layer",
            "planning_zone");
    expect(422, "POST", "/api/imports/" + wrong.get("id").asLong() + "/commit", "bureau", null);
    expect(204, "DELETE", "/api/imports/" + wrong.get("id").asLong(), "bureau", null);
  }

  @Test
  void newFeaturesWithoutACodeEachGetACodeOfTheirOwn() throws Exception {
    double[] at = freeSpot("440605", "parcel", 71);
    Path dir = temp();
    // five new parcels with no code column at all, as a Shapefile and as a GeoPackage
    List<String> features = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      features.add(
          feature(
              square(at[0] + i * 0.0015, at[1], 0.001),
              Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2024-06-01")));
    }
    List<String> others = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      others.add(
          feature(
              square(at[0] + i * 0.0015, at[1] + 0.003, 0.001),
              Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2024-06-02")));
    }
    Path shp = shapefile(geojson(dir, "uncoded", features), dir, "uncoded", 4490, "UTF-8");
    Path gpkg = dir.resolve("uncoded.gpkg");
    run(
        "ogr2ogr",
        "-f",
        "GPKG",
        gpkg.toString(),
        geojson(dir, "uncoded2", others).toString(),
        "-a_srs",
        "EPSG:4490");
    List<String> codes = new java.util.ArrayList<>();
    for (Object[] upload :
        new Object[][] {
          {zip(shapefileParts(shp)), "uncoded.zip", 5}, {Files.readAllBytes(gpkg), "u.gpkg", 3}
        }) {
      JsonNode staged =
          expectUpload(201, "bureau", (byte[]) upload[0], (String) upload[1], "layer", "parcel");
      assertThat(staged.get("fileFields").toString()).doesNotContain("\"code\"");
      assertThat(staged.at("/report/changes/creates").asInt()).isEqualTo(upload[2]);
      JsonNode committed =
          expect(
              200, "POST", "/api/imports/" + staged.get("id").asLong() + "/commit", "bureau", null);
      assertThat(committed.get("status").asString()).isEqualTo("COMMITTED");
      codes.addAll(
          jdbc.sql("SELECT code FROM parcel WHERE change_set_id = :cs ORDER BY id")
              .param("cs", staged.get("changeSetId").asLong())
              .query(String.class)
              .list());
    }
    // one code each (<prefix>-N and at least six digits), none shared, none taken before
    assertThat(codes).hasSize(8).doesNotHaveDuplicates().allMatch(c -> c.matches("ZD-N[0-9]{6,}"));
  }

  @Test
  void aGbkShapefileWithoutCpgHasItsEncodingDetectedOrAskedForNeverA500() throws Exception {
    List<Long> before = leftovers();
    double[] at = freeSpot("440605", "parcel", 81);
    Path dir = temp();
    Path shp =
        shapefile(
            geojson(dir, "gbk", parcels(at[0], at[1], 4, "南海旧厂房宗地-")), dir, "无cpg", 4490, "GBK");
    // as a Chinese Windows writes it: GBK text, no .cpg, no language driver id
    byte[] noCpg = zip(parts(shp, "shp", "shx", "dbf", "prj"));
    assertThat(Files.readAllBytes(shp.resolveSibling("无cpg.dbf"))[29]).isZero();
    JsonNode staged = expectUpload(201, "bureau", noCpg, "无cpg.zip", "layer", "parcel");
    assertThat(staged.get("encoding").asString()).startsWith("GBK (detected");
    expect(200, "POST", "/api/imports/" + staged.get("id").asLong() + "/commit", "bureau", null);
    assertThat(countCodes("南海旧厂房宗地-_")).isEqualTo(4);

    // GBK text so short that it is valid UTF-8 too (山水: C9BD CBAE, "ɽˮ"): asked, not guessed
    double[] there = freeSpot("440605", "parcel", 82);
    Path tiny =
        shapefile(
            geojson(dir, "tiny", parcels(there[0], there[1], 1, "山水")), dir, "tiny", 4490, "GBK");
    byte[] ambiguous = zip(parts(tiny, "shp", "shx", "dbf", "prj"));
    JsonNode asked = expectUpload(422, "bureau", ambiguous, "tiny.zip", "layer", "parcel");
    assertThat(asked.get("type").asString()).isEqualTo("/problems/encoding-required");
    assertThat(asked.get("detail").asString()).startsWith("无法判断").contains("encoding=");
    JsonNode stated =
        expectUpload(201, "bureau", ambiguous, "tiny.zip", "layer", "parcel", "encoding", "GBK");
    assertThat(stated.at("/report/changes/creates").asInt()).isOne();
    expect(204, "DELETE", "/api/imports/" + stated.get("id").asLong(), "bureau", null);
    // the .dbf's language driver id 0x4D (code page 936) settles it
    try (var dbf = new java.io.RandomAccessFile(tiny.resolveSibling("tiny.dbf").toFile(), "rw")) {
      dbf.seek(29);
      dbf.write(0x4D);
    }
    JsonNode byLdid =
        expectUpload(
            201,
            "bureau",
            zip(parts(tiny, "shp", "shx", "dbf", "prj")),
            "t.zip",
            "layer",
            "parcel");
    assertThat(byLdid.get("encoding").asString()).startsWith("GBK (from the .dbf's language");
    expect(200, "POST", "/api/imports/" + byLdid.get("id").asLong() + "/commit", "bureau", null);
    assertThat(countCodes("山水0")).isOne();

    // bytes that are neither UTF-8 nor GBK (Latin-1 ÿ is FF): asked for
    Path latin =
        shapefile(
            geojson(dir, "latin", parcels(there[0], there[1] + 0.003, 1, "ÿ")),
            dir,
            "latin",
            4490,
            "ISO-8859-1");
    JsonNode neither =
        expectUpload(
            422,
            "bureau",
            zip(parts(latin, "shp", "shx", "dbf", "prj")),
            "l.zip",
            "layer",
            "parcel");
    assertThat(neither.get("type").asString()).isEqualTo("/problems/encoding-required");

    // a CSV: GBK found from its bytes; stated wrongly either way, a 422 that says so
    StringBuilder csv = new StringBuilder("code,landUse,grantType,grantedOn,wkt\n");
    for (int i = 0; i < 3; i++) {
      double x = there[0] + 0.004 + i * 0.0015;
      csv.append(
          String.format(
              java.util.Locale.ROOT,
              "三水表格宗地-%d,0601,GRANT,2021-06-01,\"POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))\"\n",
              i,
              x,
              there[1],
              x + 0.001,
              there[1],
              x + 0.001,
              there[1] + 0.001,
              x,
              there[1]));
    }
    byte[] gbkCsv = csv.toString().getBytes(java.nio.charset.Charset.forName("GBK"));
    JsonNode fromCsv =
        expectUpload(201, "bureau", gbkCsv, "宗地.csv", "layer", "parcel", "crs", "EPSG:4490");
    assertThat(fromCsv.get("encoding").asString()).startsWith("GBK (detected");
    assertThat(fromCsv.at("/report/changes/creates").asInt()).isEqualTo(3);
    expect(204, "DELETE", "/api/imports/" + fromCsv.get("id").asLong(), "bureau", null);
    JsonNode notUtf8 =
        expectUpload(
            422,
            "bureau",
            gbkCsv,
            "宗地.csv",
            "layer",
            "parcel",
            "crs",
            "EPSG:4490",
            "encoding",
            "UTF-8");
    assertThat(notUtf8.get("type").asString()).isEqualTo("/problems/wrong-encoding");
    byte[] notGbk = csv.toString().replace("三水", "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
    JsonNode wrongGbk =
        expectUpload(
            422,
            "bureau",
            notGbk,
            "宗地.csv",
            "layer",
            "parcel",
            "crs",
            "EPSG:4490",
            "encoding",
            "GBK");
    assertThat(wrongGbk.get("type").asString()).isEqualTo("/problems/wrong-encoding");
    assertThat(leftovers()).isEqualTo(before);
  }

  /**
   * A survey file with heights (Z, as DXF and Shapefile Z carry them) is imported in 2-D, and the
   * report says what was left out: the plan's shapes are flat, and refusing every such file would
   * send people to strip the heights by hand.
   */
  @Test
  void heightsOfASurveyFileAreDroppedAndTheReportSaysSo() throws Exception {
    double[] at = freeSpot("440607", "parcel", 17);
    List<String> flat = parcels(at[0], at[1], 2, "三水高程-");
    List<String> withHeights = new ArrayList<>();
    for (String f : flat) {
      withHeights.add(f.replaceAll("\\[(-?[0-9.Ee-]+),(-?[0-9.Ee-]+)\\]", "[$1,$2,12.5]"));
    }
    assertThat(withHeights.get(0)).contains(",12.5]");
    byte[] file = Files.readAllBytes(geojson(temp(), "z", withHeights));
    JsonNode staged = expectUpload(201, "bureau", file, "z.geojson", "layer", "parcel");
    // GDAL names GeoJSON with heights WGS 84 3-D (EPSG:4979): its horizontal CRS is taken
    assertThat(staged.get("crs").asString()).isEqualTo("EPSG:4326");
    assertThat(staged.at("/report/shapes/withHeights").asInt()).isEqualTo(2);
    assertThat(staged.at("/report/warnings").toString()).contains("高程（Z）", "2-D");
    long id = staged.get("id").asLong();
    expect(200, "POST", "/api/imports/" + id + "/commit", "bureau", null);
    assertThat(countCodes("三水高程-%")).isEqualTo(2);
    assertThat(
            jdbc.sql("SELECT max(ST_NDims(geom)) FROM parcel WHERE code LIKE '三水高程-%'")
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  long countCodes(String like) {
    return jdbc.sql("SELECT count(*) FROM parcel WHERE code LIKE :like")
        .param("like", like)
        .query(Long.class)
        .single();
  }
}
