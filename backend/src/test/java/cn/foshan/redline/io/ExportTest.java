package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Exports read back with GDAL: every format opens in ogrinfo with the right CRS (EPSG code) and
 * feature count; Chinese text survives GBK and UTF-8 Shapefiles; the ellipsoidal area of the
 * exported shapes, read back into PostGIS by ogr2ogr, is the database's to 1 part in a million (the
 * cost of going through Gauss-Krüger and back); and a round trip export → import changes nothing.
 */
class ExportTest extends IoTest {

  /** Red line of 高明 (440608): a few dozen features. */
  private static final String BOX = "112.3,22.6,112.95,23.1";

  private long redLineInBox() {
    return jdbc.sql(
            "SELECT count(*) FROM red_line WHERE geom && ST_MakeEnvelope(112.3, 22.6, 112.95, 23.1, 4490)")
        .query(Long.class)
        .single();
  }

  private double redLineAreaInBox() {
    return jdbc.sql(
            "SELECT sum(area_m2) FROM red_line WHERE geom && ST_MakeEnvelope(112.3, 22.6, 112.95, 23.1, 4490)")
        .query(Double.class)
        .single();
  }

  /** Writes an export to a file (a zipped Shapefile unpacked); the file GDAL opens. */
  private static Path save(byte[] bytes, Path dir, String format) throws Exception {
    if (!format.equals("shp")) {
      Path file = dir.resolve("red_line." + format);
      Files.write(file, bytes);
      return file;
    }
    List<String> names = new java.util.ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        names.add(e.getName());
        Files.write(dir.resolve(e.getName()), zip.readAllBytes());
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "red_line.shp", "red_line.shx", "red_line.dbf", "red_line.prj", "red_line.cpg");
    return dir.resolve("red_line.shp");
  }

  /** Reads a file into PostGIS with ogr2ogr (as any GDAL user would); the table's name. */
  private String readBack(Path file, String table) throws Exception {
    // the tests' database, as REDLINE_TEST_DATABASE_URL may name another
    java.net.URI db = java.net.URI.create(TestDatabase.URL.substring("jdbc:".length()));
    ProcessBuilder pb =
        new ProcessBuilder(
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            "PG:host="
                + db.getHost()
                + " port="
                + (db.getPort() < 0 ? 5432 : db.getPort())
                + " dbname="
                + db.getPath().substring(1)
                + " user="
                + TestDatabase.USER
                + " active_schema="
                + SCHEMA,
            file.toString(),
            "-nln",
            table,
            "-lco",
            "GEOMETRY_NAME=geom",
            "-lco",
            "SCHEMA=" + SCHEMA,
            "-lco",
            "LAUNDER=NO",
            "-nlt",
            "PROMOTE_TO_MULTI",
            "-overwrite");
    pb.environment().put("PGPASSWORD", TestDatabase.PASSWORD);
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return table;
  }

  @Test
  void everyFormatOpensInGdalWithItsCrsCountTextAndAreas() throws Exception {
    long count = redLineInBox();
    double area = redLineAreaInBox();
    assertThat(count).isPositive();
    String districtName =
        jdbc.sql("SELECT name FROM district WHERE code = '440608'").query(String.class).single();
    record Case(String format, String crs, String encoding, int epsg) {}
    List<Case> cases =
        List.of(
            new Case("shp", "EPSG:4547", "GBK", 4547),
            new Case("shp", "EPSG:4490", "UTF-8", 4490),
            new Case("gpkg", "EPSG:4547", null, 4547),
            new Case("gpkg", "EPSG:4490", null, 4490),
            new Case("geojson", "EPSG:4490", null, 4490),
            new Case("geojson", "EPSG:4547", null, 4547),
            new Case("kml", "EPSG:4490", null, 4326),
            new Case("csv", "EPSG:4490", null, 0));
    int n = 0;
    for (Case c : cases) {
      Path dir = temp();
      String query =
          "red_line?format="
              + c.format()
              + "&crs="
              + c.crs()
              + "&bbox="
              + BOX
              + (c.encoding() == null ? "" : "&encoding=" + c.encoding());
      Path file = save(export(query), dir, c.format());
      String info = run("ogrinfo", "-ro", "-so", "-al", file.toString());
      assertThat(info).as(query).contains("Feature Count: " + count);
      if (c.epsg() > 0) {
        assertThat(run("gdalsrsinfo", "-o", "epsg", file.toString()).trim())
            .as(query)
            .isEqualTo("EPSG:" + c.epsg());
      }
      if (c.format().equals("shp")) {
        assertThat(Files.readString(file.resolveSibling("red_line.cpg")).trim())
            .isEqualTo(c.encoding());
        // the .dbf holds the district's name in the encoding asked for
        byte[] dbf = Files.readAllBytes(file.resolveSibling("red_line.dbf"));
        byte[] name = districtName.getBytes(Charset.forName(c.encoding()));
        assertThat(indexOf(dbf, name))
            .as("%s in the %s .dbf", districtName, c.encoding())
            .isNotNegative();
      }
      String table = readBack(file, "check_" + n++);
      // Chinese text read back through GDAL, as the file says it is encoded
      String nameColumn = c.format().equals("shp") ? "districtNa" : "districtName";
      if (!c.format().equals("kml")) {
        assertThat(
                jdbc.sql(
                        "SELECT count(*) FROM "
                            + table
                            + " WHERE \""
                            + nameColumn
                            + "\" IN (SELECT name FROM district)")
                    .query(Long.class)
                    .single())
            .as(query)
            .isEqualTo(count);
      }
      if (!c.format().equals("csv")) {
        double read =
            jdbc.sql("SELECT sum(ST_Area(ST_Transform(geom, 4490)::geography)) FROM " + table)
                .query(Double.class)
                .single();
        assertThat(read).as(query).isCloseTo(area, within(area * 1e-6));
      }
    }
    assertThat(leftovers().get(0)).isZero();
  }

  /**
   * A client on a slow line (here ~300 KB/s, with a small receive window, so that the service waits
   * on it) gets the whole layer however long that takes: no time limit cuts a download short, which
   * would leave a truncated file behind a 200.
   */
  @Test
  void aSlowDownloadArrivesWhole() throws Exception {
    long parcels = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
    long started = System.nanoTime();
    String response;
    try (java.net.Socket slow = slowClient("/api/exports/parcel?format=geojson")) {
      response = readSlowly(slow);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(seconds).as("the download must outlast the 2 s limit to test it").isGreaterThan(3);
    assertThat(body(response).get("features").size()).isEqualTo(parcels);
  }

  /**
   * A streamed response holds a database connection while its client reads, so only so many run at
   * once (1 in these tests): one more waits for its turn (1 s here), then gets a 503 problem with
   * Retry-After, while requests that do not stream are answered as ever; when the slow download has
   * been read, streams are served again and it arrived whole.
   */
  @Test
  void slowDownloadsLeaveConnectionsForTheRest() throws Exception {
    String page = "/ogc/collections/parcel/items?limit=2000";
    long parcels = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
    try (java.net.Socket slow = slowClient(page)) {
      java.io.InputStream in = slow.getInputStream();
      byte[] status = in.readNBytes(12);
      // its answer has begun: it holds its turn, and waits for its reader
      assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      var refused = new ServiceClient(port).get(page);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(ServiceClient.json(refused.body()).get("type").asString())
          .isEqualTo("/problems/too-many-downloads");
      assertThat(new ServiceClient(port).get("/api/quota").statusCode()).isEqualTo(200);
      // read now, at once: the turn was held for as long as it was not
      String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(body(rest).get("features").size()).isEqualTo(Math.min(2000, parcels));
    }
    assertThat(new ServiceClient(port).get(page).statusCode()).isEqualTo(200);
  }

  /** A client on a slow line: a 4 KB receive window, its request (HTTP/1.0) sent. */
  private java.net.Socket slowClient(String path) throws IOException {
    java.net.Socket socket = new java.net.Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /**
   * The rest of the response, read 4 KB at a time every 12 ms (~300 KB/s), as text. The pause is
   * the slow line under test (a download must outlast the time limit), not a wait for something to
   * happen: tests wait for that with {@link cn.foshan.redline.Eventually}.
   */
  private static String readSlowly(java.net.Socket socket) throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    java.io.InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      received.write(buffer, 0, n);
      Thread.sleep(12);
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** The JSON body of a raw HTTP response (what follows its headers). */
  private static JsonNode body(String response) {
    return ServiceClient.json(
        response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void badRequestsAreProblems() throws Exception {
    for (String query :
        List.of(
            "red_line?format=dwg",
            "red_line?crs=EPSG:3857",
            "red_line?format=kml&crs=EPSG:4547",
            "red_line?format=shp&encoding=EBCDIC",
            "red_line?bbox=1,2,3")) {
      var response = new ServiceClient(port).get("/api/exports/" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
    }
    assertThat(new ServiceClient(port).get("/api/exports/nothing").statusCode()).isEqualTo(404);
  }

  /**
   * A layer exported (GeoPackage, Shapefile: GK CM 114E, GBK) and imported again is, feature by
   * feature, what the layer has: the preview counts every feature unchanged (the shapes came back
   * ~1e-14° off and, in the Shapefile, with their rings the other way round), the commit is refused
   * as changing nothing, and no version is written.
   */
  @Test
  void aRoundTripExportThenImportChangesNothing() throws Exception {
    double cityBefore = jdbc.sql("SELECT sum(area_m2) FROM red_line").query(Double.class).single();
    Map<String, String> attributes = attributes();
    long versions = jdbc.sql("SELECT count(*) FROM feature_history").query(Long.class).single();
    for (String format : List.of("gpkg", "shp")) {
      Path dir = temp();
      byte[] bytes =
          export("red_line?format=" + format + "&crs=EPSG:4547&encoding=GBK&bbox=" + BOX);
      byte[] upload = format.equals("shp") ? bytes : Files.readAllBytes(save(bytes, dir, format));
      JsonNode staged =
          expectUpload(
              201,
              "bureau",
              upload,
              "red_line." + (format.equals("shp") ? "zip" : format),
              "layer",
              "red_line",
              "reason",
              "往返测试 round trip");
      assertThat(staged.get("crs").asString()).isEqualTo("EPSG:4547");
      JsonNode report = staged.get("report");
      assertThat(report.at("/shapes/features").asLong()).isEqualTo(redLineInBox());
      assertThat(report.get("unchanged").asLong()).as(format).isEqualTo(redLineInBox());
      JsonNode changes = report.get("changes");
      assertThat(changes.get("valid").asBoolean()).as(changes.toString()).isTrue();
      assertThat(changes.get("updates").asLong()).isZero();
      assertThat(changes.get("creates").asLong()).isZero();
      long id = staged.get("id").asLong();
      JsonNode refused = expect(409, "POST", "/api/imports/" + id + "/commit", "bureau", null);
      assertThat(refused.get("type").asString()).isEqualTo("/problems/nothing-changed");
      expect(204, "DELETE", "/api/imports/" + id, "bureau", null);
      assertThat(attributes()).isEqualTo(attributes);
      assertThat(jdbc.sql("SELECT count(*) FROM feature_history").query(Long.class).single())
          .isEqualTo(versions);
      assertThat(jdbc.sql("SELECT sum(area_m2) FROM red_line").query(Double.class).single())
          .isEqualTo(cityBefore);
    }
  }

  /** Code → designated on, 文号, district of the red line in the box. */
  private Map<String, String> attributes() {
    Map<String, String> map = new HashMap<>();
    jdbc.sql(
            "SELECT code, designated_on::text || '|' || coalesce(document_number, '') || '|'"
                + " || district_code AS a FROM red_line"
                + " WHERE geom && ST_MakeEnvelope(112.3, 22.6, 112.95, 23.1, 4490)")
        .query((rs, n) -> map.put(rs.getString(1), rs.getString(2)))
        .list();
    return map;
  }

  private static int indexOf(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
