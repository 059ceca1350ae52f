package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile and broken files: each is refused with a 4xx problem that says what is wrong, and leaves
 * nothing behind (no staging table, no temporary directory, no draft change set). The files are
 * made here, with GDAL, then damaged.
 */
class HostileFilesTest extends IoTest {

  private Path dir;
  private Path shp;
  private List<Long> before;

  @BeforeEach
  void files() throws Exception {
    dir = temp();
    double[] at = freeSpot("440605", "parcel", 21);
    shp = shapefile(geojson(dir, "p", parcels(at[0], at[1], 3, "H-")), dir, "p", 4490, "UTF-8");
    before = leftovers();
  }

  private void refused(int status, String type, byte[] file, String name, String... fields)
      throws Exception {
    JsonNode problem = expectUpload(status, "bureau", file, name, fields);
    if (type != null) {
      assertThat(problem.get("type").asString()).isEqualTo("/problems/" + type);
    }
    assertThat(problem.get("detail").asString()).isNotBlank();
    assertThat(leftovers()).as("left behind: tables, temp dirs, drafts").isEqualTo(before);
  }

  private byte[] shapefileZip(String... extensions) throws Exception {
    return zip(parts(shp, extensions));
  }

  @Test
  void zipSlipEntriesAreRefused() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>(shapefileParts(shp));
    entries.put("../../evil.txt", "x".getBytes(StandardCharsets.UTF_8));
    refused(422, "unsafe-zip", zip(entries), "slip.zip", "layer", "parcel");
    Map<String, byte[]> absolute = new LinkedHashMap<>(shapefileParts(shp));
    absolute.put("/tmp/evil.txt", "x".getBytes(StandardCharsets.UTF_8));
    refused(422, "unsafe-zip", zip(absolute), "absolute.zip", "layer", "parcel");
  }

  @Test
  void zipBombsAreStoppedByTheBytesDecompressed() throws Exception {
    // 64 MB of zeros compress to ~64 kB; the limit in these tests is 8 MB unpacked
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("p.dbf"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertThat(bytes.size()).isLessThan(1 << 20);
    refused(413, "zip-too-large", bytes.toByteArray(), "bomb.zip", "layer", "parcel");
  }

  /** A zip of one entry of 64 MB of zeros (about 64 kB compressed). */
  private static byte[] bomb(String entry) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(entry));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void skippedEntriesAreCountedToo() throws Exception {
    // the zip's one data set is fine; a readme it holds is the bomb (decompressed to skip it)
    Map<String, byte[]> entries = new LinkedHashMap<>(shapefileParts(shp));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("readme.txt"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    refused(413, "zip-too-large", bytes.toByteArray(), "readme.zip", "layer", "parcel");
  }

  @Test
  void workbooksGetTheZipChecksBeforeGdalReadsThem() throws Exception {
    // an .xlsx is a zip: a bomb, an entry that climbs out, a file that is no zip at all
    refused(413, "zip-too-large", bomb("xl/worksheets/sheet1.xml"), "bomb.xlsx", "layer", "parcel");
    Map<String, byte[]> slip = new LinkedHashMap<>();
    slip.put("[Content_Types].xml", "<Types/>".getBytes(StandardCharsets.UTF_8));
    slip.put("../../xl/workbook.xml", "<workbook/>".getBytes(StandardCharsets.UTF_8));
    refused(422, "unsafe-zip", zip(slip), "slip.xlsx", "layer", "parcel");
    refused(
        422,
        "unreadable-file",
        "WKT\nPOINT (113 23)\n".getBytes(StandardCharsets.UTF_8),
        "text.xlsx",
        "layer",
        "parcel");
  }

  @Test
  void zipsWithTooManyEntriesAreRefused() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>(shapefileParts(shp));
    for (int i = 0; i < 30; i++) {
      entries.put("readme" + i + ".txt", new byte[] {1});
    }
    refused(422, "zip-too-many-entries", zip(entries), "many.zip", "layer", "parcel");
  }

  @Test
  void oversizeUploadsAre413() throws Exception {
    byte[] big = new byte[5 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    JsonNode problem = expectUpload(413, "bureau", big, "big.geojson", "layer", "parcel");
    assertThat(problem.get("status").asInt()).isEqualTo(413);
    assertThat(leftovers()).isEqualTo(before);
  }

  @Test
  void incompleteShapefilesAreRefused() throws Exception {
    refused(
        422, "unreadable-file", shapefileZip("shp", "dbf", "prj"), "noshx.zip", "layer", "parcel");
    refused(
        422, "unreadable-file", shapefileZip("shp", "shx", "prj"), "nodbf.zip", "layer", "parcel");
    refused(
        422, "unreadable-file", shapefileZip("shx", "dbf", "prj"), "noshp.zip", "layer", "parcel");
  }

  @Test
  void shapefilesWhosePartsDisagreeAreRefused() throws Exception {
    double[] at = freeSpot("440605", "parcel", 22);
    Path other =
        shapefile(geojson(dir, "q", parcels(at[0], at[1], 2, "Q-")), dir, "q", 4490, "UTF-8");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("p.shp", Files.readAllBytes(other.resolveSibling("q.shp")));
    entries.put("p.shx", Files.readAllBytes(other.resolveSibling("q.shx")));
    entries.put("p.dbf", Files.readAllBytes(shp.resolveSibling("p.dbf")));
    entries.put("p.prj", Files.readAllBytes(shp.resolveSibling("p.prj")));
    JsonNode problem = expectUpload(422, "bureau", zip(entries), "mixed.zip", "layer", "parcel");
    assertThat(problem.get("detail").asString()).contains("2 shapes").contains("3 records");
    assertThat(leftovers()).isEqualTo(before);
  }

  @Test
  void notAZipOrACorruptZipIsRefused() throws Exception {
    refused(
        422,
        "unreadable-file",
        "this is not a zip".getBytes(StandardCharsets.UTF_8),
        "text.zip",
        "layer",
        "parcel");
    byte[] good = shapefileZip("shp", "shx", "dbf", "prj");
    byte[] cut = Arrays.copyOf(good, good.length / 2);
    refused(422, null, cut, "cut.zip", "layer", "parcel");
  }

  @Test
  void filesGdalCannotReadAreRefused() throws Exception {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    refused(422, "unreadable-file", junk, "junk.gpkg", "layer", "parcel", "crs", "EPSG:4490");
    refused(
        422,
        "unreadable-file",
        "{\"type\": \"FeatureCollection\", \"features\": [".getBytes(StandardCharsets.UTF_8),
        "cut.geojson",
        "layer",
        "parcel");
    refused(415, "unsupported-format", junk, "file.exe", "layer", "parcel");
  }

  @Test
  void filesWithoutFeaturesAreRefused() throws Exception {
    byte[] empty =
        "{\"type\":\"FeatureCollection\",\"features\":[]}".getBytes(StandardCharsets.UTF_8);
    JsonNode problem = expectUpload(422, "bureau", empty, "empty.geojson", "layer", "parcel");
    assertThat(problem.get("detail").asString()).contains("no features");
    assertThat(leftovers()).isEqualTo(before);
  }

  @Test
  void nonPolygonsAreRefusedForAPolygonLayer() throws Exception {
    byte[] points =
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[113.1,23.0]}}]}")
            .getBytes(StandardCharsets.UTF_8);
    JsonNode problem = expectUpload(422, "bureau", points, "points.geojson", "layer", "parcel");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/not-polygons");
    assertThat(problem.get("detail").asString()).contains("POINT");
    assertThat(leftovers()).isEqualTo(before);
  }

  @Test
  void aShapefileWithoutPrjNeedsItsCrsStated() throws Exception {
    JsonNode problem =
        expectUpload(
            422, "bureau", shapefileZip("shp", "shx", "dbf"), "noprj.zip", "layer", "parcel");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/unknown-crs");
    assertThat(problem.get("detail").asString()).contains("never guess");
    assertThat(leftovers()).isEqualTo(before);
    JsonNode staged =
        expectUpload(
            201,
            "bureau",
            shapefileZip("shp", "shx", "dbf"),
            "noprj.zip",
            "layer",
            "parcel",
            "crs",
            "EPSG:4490");
    assertThat(staged.get("crs").asString()).isEqualTo("EPSG:4490");
    expect(204, "DELETE", "/api/imports/" + staged.get("id").asLong(), "bureau", null);
    assertThat(leftovers()).isEqualTo(before);
  }

  /**
   * A Shapefile is read into the database while ogrinfo reads its layers and CRS (Imports): when
   * they are refused, the load still running is stopped, its session waited for, and what it wrote
   * dropped. ogrinfo reads a layer's name at once; ogr2ogr takes longer to load 30,000 squares.
   */
  @Test
  void aFileReadWhileItsLayersAreRefusedLeavesNothing() throws Exception {
    double[] at = freeSpot("440605", "parcel", 21);
    List<String> squares = new java.util.ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      squares.add(
          feature(
              square(at[0] + (i % 200) * 0.0001, at[1] + Math.floorDiv(i, 200) * 0.0001, 0.00005),
              Map.of("code", "M" + i)));
    }
    Path many = shapefile(geojson(dir, "many", squares), dir, "many", 4490, "UTF-8");
    byte[] file = zip(shapefileParts(many));
    refused(422, "choose-layer", file, "many.zip", "layer", "parcel", "fileLayer", "other");
    // (a load not stopped would still be writing here, and leave its table when it commits)
    assertThat(loadSessions()).as("loads' sessions left").isZero();
    // a CRS bound to WGS 84 by a datum shift of its own: GDAL names no EPSG code for it
    Files.writeString(
        many.resolveSibling("many.prj"),
        "GEOGCS[\"WGS 84 bound\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563],"
            + "TOWGS84[1,2,3,0,0,0,0]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]");
    JsonNode problem =
        expectUpload(422, "bureau", zip(shapefileParts(many)), "many.zip", "layer", "parcel");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/unknown-crs");
    // gdalsrsinfo's "EPSG:0" (no match) is not named as if it were a CRS
    assertThat(problem.get("detail").asString())
        .contains("not one with an EPSG code we can identify")
        .doesNotContain("EPSG:0");
    assertThat(leftovers()).as("left behind: tables, temp dirs, drafts").isEqualTo(before);
    assertThat(loadSessions()).as("loads' sessions left").isZero();
  }

  private long loadSessions() {
    return jdbc.sql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'redline load %'")
        .query(Long.class)
        .single();
  }

  @Test
  void planersMayNotImportAndUnknownLayersAreRefused() throws Exception {
    byte[] file = shapefileZip("shp", "shx", "dbf", "prj");
    expectUpload(403, "planner", file, "p.zip", "layer", "parcel");
    expectUpload(400, "bureau", file, "p.zip", "layer", "district");
    expectUpload(400, "bureau", file, "p.zip", "layer", "parcel", "crs", "EPSG:3857");
    assertThat(leftovers()).isEqualTo(before);
  }
}
