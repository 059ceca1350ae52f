package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRS of a file's layers as GDAL's own ogrinfo reads them, in the one process that lists the
 * layers: the EPSG code GDAL names for the CRS itself, never one of its parts', and none when GDAL
 * names none (the import then asks gdalsrsinfo, as before).
 */
@Tag("fast")
class ImportCrsTest {

  @TempDir Path dir;

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** A GeoJSON of one triangle, corner (x, y) and side d, in the CRS named. */
  private static String triangle(String crs, double x, double y, double d) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"%s\"}},"
            + "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"},\"geometry\":"
            + "{\"type\":\"Polygon\",\"coordinates\":[[[%2$s,%3$s],[%4$s,%3$s],[%4$s,%5$s],[%2$s,%3$s]]]}}]}",
        crs,
        x,
        y,
        x + d,
        y + d);
  }

  @Test
  void theLayersOfAGeoPackageComeWithTheEpsgCodeOfTheirCrs() throws Exception {
    Files.writeString(
        dir.resolve("gk.geojson"), triangle("urn:ogc:def:crs:EPSG::4547", 540000, 2540000, 100));
    Files.writeString(
        dir.resolve("geo.geojson"), triangle("urn:ogc:def:crs:EPSG::4490", 113.1, 23.0, 0.001));
    run(dir, "ogr2ogr", "-f", "GPKG", "two.gpkg", "gk.geojson", "-nln", "survey");
    run(dir, "ogr2ogr", "-update", "-f", "GPKG", "two.gpkg", "geo.geojson", "-nln", "plots");

    List<ImportStaging.FileLayer> layers =
        ImportStaging.summarized(
            run(dir, "ogrinfo", "-ro", "-so", "-al", "-nomd", "-nocount", "-noextent", "two.gpkg")
                .lines());

    assertThat(layers).extracting(ImportStaging.FileLayer::name).containsExactly("survey", "plots");
    // the Gauss–Krüger zone, not its base CRS (4490) nor its method (9807), named deeper in
    assertThat(ImportCrs.epsgOf(layers.get(0).crsWkt())).isEqualTo(4547);
    assertThat(ImportCrs.epsgOf(layers.get(1).crsWkt())).isEqualTo(4490);
  }

  @Test
  void fieldsNamedAsTheSummarysLinesMakeNoLayerAndNoCrs() throws Exception {
    Files.writeString(
        dir.resolve("spoof.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
            + "{\"Layer name: evil\":\"a\",\"Layer SRS WKT:\":\"b\"},"
            + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[113.1,23.0]}}]}");
    String summary =
        run(dir, "ogrinfo", "-ro", "-so", "-al", "-nomd", "-nocount", "-noextent", "spoof.geojson");
    assertThat(summary).contains("Layer name: evil"); // the field, as ogrinfo lists it
    List<ImportStaging.FileLayer> layers = ImportStaging.summarized(summary.lines());
    assertThat(layers).extracting(ImportStaging.FileLayer::name).containsExactly("spoof");
    assertThat(ImportCrs.epsgOf(layers.get(0).crsWkt())).isEqualTo(4326);
  }

  @Test
  void aFileOfThousandsOfLayersKeepsEveryNameButOnlyAMegabyteOfTheirCrs() {
    String wkt = "GEOGCRS[\"" + "x".repeat(2000) + "\",\n    ID[\"EPSG\",4490]]";
    StringBuilder summary = new StringBuilder("INFO: Open of `many.gpkg'\n");
    for (int i = 0; i < 1000; i++) {
      summary.append("\nLayer name: l").append(i).append("\nGeometry: Point\nLayer SRS WKT:\n");
      summary.append(wkt).append("\nData axis to CRS axis mapping: 2,1\nid: Integer (0.0)\n");
    }
    List<ImportStaging.FileLayer> layers = ImportStaging.summarized(summary.toString().lines());
    assertThat(layers).hasSize(1000);
    assertThat(layers.get(999).name()).isEqualTo("l999");
    assertThat(ImportCrs.epsgOf(layers.get(0).crsWkt())).isEqualTo(4490);
    long kept = layers.stream().filter(l -> l.crsWkt() != null).count();
    assertThat(kept).isBetween(400L, 600L); // 1 MiB of ~2 KB each
    assertThat(layers.subList((int) kept, 1000)).allMatch(l -> l.crsWkt() == null);
  }

  @Test
  void aCrsGdalDoesNotNameIsLeftToGdalsrsinfo() throws Exception {
    // bound to WGS 84 by a transformation: the codes are its parts', none is the CRS's own
    String bound =
        run(
            dir,
            "gdalsrsinfo",
            "-o",
            "wkt2",
            "+proj=tmerc +lon_0=114 +ellps=GRS80 +towgs84=1,2,3,0,0,0,0 +units=m +no_defs");
    assertThat(bound).contains("BOUNDCRS", "ID[\"EPSG\",9807]");
    assertThat(ImportCrs.epsgOf(bound)).isNull();
    assertThat(ImportCrs.epsgOf("(unknown)")).isNull();
    // a code in a name is text, not the CRS's
    assertThat(ImportCrs.epsgOf("GEOGCRS[\"x ID[\"\"EPSG\"\",4490]\",DATUM[\"d\"]]")).isNull();
    assertThat(ImportCrs.epsgOf(run(dir, "gdalsrsinfo", "-o", "wkt2", "EPSG:4546")))
        .isEqualTo(4546);
  }
}
