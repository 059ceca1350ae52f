package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the import and export tests: the whole service on a schema of its own with a small demo
 * city (2,000 parcels), small limits for uploads and zips, and helpers that make real files with
 * GDAL (ogr2ogr), zip them, upload them, and read exports back with ogrinfo.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {cn.foshan.redline.RedlineApplication.class, IoTest.SmallSendBuffers.class})
public abstract class IoTest {

  /**
   * What the service has written and a client not yet read stays small (64 KB), as on a real line:
   * on loopback the kernel would buffer megabytes, and a slow client would never keep the service
   * waiting.
   */
  @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
  static class SmallSendBuffers {
    @org.springframework.context.annotation.Bean
    org.springframework.boot.tomcat.TomcatConnectorCustomizer smallSendBuffers() {
      return connector -> connector.setProperty("socket.txBufSize", "65536");
    }
  }

  static final String SCHEMA = TestDatabase.schema("io");
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @LocalServerPort int port;

  /**
   * The schema's owner: tests set their city up and look at it as the owner (no role applies); what
   * users do goes through HTTP, as the service's own login.
   */
  JdbcClient jdbc;

  @Autowired
  void owner(cn.foshan.redline.system.OwnerDatabase owner) {
    this.jdbc = owner.jdbc();
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
    registry.add("redline.demo.parcels", () -> "2000");
    registry.add("redline.io.max-upload", () -> "4MB");
    registry.add("redline.io.max-unzipped", () -> "8MB");
    registry.add("redline.io.max-zip-entries", () -> "20");
    // a download takes as long as the client reads: no time limit of the container's may cut it
    // (Tomcat's async default is 30 s; 2 s here, so that a slow download in a test runs into it)
    registry.add("spring.mvc.async.request-timeout", () -> "2s");
    registry.add("redline.streams.max-concurrent", () -> "1");
    registry.add("redline.streams.max-wait", () -> "1s");
  }

  static Path temp() throws IOException {
    return Files.createTempDirectory("io-test-");
  }

  /** Runs a GDAL tool (or any command); its output, failing the test when it fails. */
  public static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
    return text;
  }

  /** A GeoJSON FeatureCollection file of these features (each a GeoJSON Feature as text). */
  static Path geojson(Path dir, String name, List<String> features) throws IOException {
    Path file = dir.resolve(name + ".geojson");
    Files.writeString(
        file,
        "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}",
        StandardCharsets.UTF_8);
    return file;
  }

  static String feature(JsonNode geometry, Map<String, ?> properties) {
    return "{\"type\":\"Feature\",\"geometry\":"
        + geometry
        + ",\"properties\":"
        + ServiceClient.mapper().writeValueAsString(properties)
        + "}";
  }

  /** A Shapefile made by ogr2ogr from a GeoJSON file, in a CRS and an encoding. */
  static Path shapefile(Path source, Path dir, String name, int epsg, String encoding)
      throws Exception {
    Path shp = dir.resolve(name + ".shp");
    run(
        "ogr2ogr",
        "-f",
        "ESRI Shapefile",
        shp.toString(),
        source.toString(),
        "-t_srs",
        "EPSG:" + epsg,
        "-lco",
        "ENCODING=" + encoding);
    return shp;
  }

  /** A zip of these files (entry name → content). */
  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** The parts of a Shapefile as zip entries (those of the extensions given). */
  static Map<String, byte[]> parts(Path shp, String... extensions) throws IOException {
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    String base = shp.getFileName().toString().replace(".shp", "");
    for (String ext : extensions) {
      Path p = shp.resolveSibling(base + "." + ext);
      if (Files.exists(p)) {
        entries.put(base + "." + ext, Files.readAllBytes(p));
      }
    }
    return entries;
  }

  static Map<String, byte[]> shapefileParts(Path shp) throws IOException {
    return parts(shp, "shp", "shx", "dbf", "prj", "cpg");
  }

  /** POST /api/imports as a user, the file as multipart form data with these other fields. */
  HttpResponse<byte[]> upload(String user, byte[] file, String fileName, String... fields)
      throws Exception {
    return upload("/api/imports", user, file, fileName, fields);
  }

  /** POST of a file to an upload endpoint as a user, with these other fields. */
  HttpResponse<byte[]> upload(
      String path, String user, byte[] file, String fileName, String... fields) throws Exception {
    return new ServiceClient(port)
        .upload(path, user, Multipart.of((Object[]) fields).file(fileName, file));
  }

  /** An upload that must answer with this status; its JSON body. */
  JsonNode expectUpload(int status, String user, byte[] file, String fileName, String... fields)
      throws Exception {
    HttpResponse<byte[]> response = upload(user, file, fileName, fields);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as("upload " + fileName + " → " + text).isEqualTo(status);
    return ServiceClient.json(response.body());
  }

  /** A request that must answer with this status; its JSON body (null when empty). */
  JsonNode expect(int status, String method, String path, String user, Object body)
      throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send(method, path, user, body);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  /** GET of an export; the bytes, which must come with 200. */
  byte[] export(String query) throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).get("/api/exports/" + query);
    assertThat(response.statusCode())
        .as(query + " → " + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return response.body();
  }

  /** What an import may leave behind: staging tables, temporary directories, draft change sets. */
  List<Long> leftovers() throws IOException {
    long tables =
        jdbc.sql(
                // the scratch tables' schema (V14), and the data's, where none may ever be
                "SELECT count(*) FROM pg_tables"
                    + " WHERE schemaname IN (current_schema(), current_schema() || '_import')"
                    + " AND (tablename ~ '^import_(s[0-9a-f]+|[0-9]+)(_shapes)?$'"
                    + " OR tablename ~ '^export_')")
            .query(Long.class)
            .single();
    long dirs;
    try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      dirs =
          list.filter(
                  p ->
                      p.getFileName().toString().startsWith("redline-import-")
                          || p.getFileName().toString().startsWith("redline-export-"))
              .count();
    }
    long drafts =
        jdbc.sql("SELECT count(*) FROM change_set WHERE status = 'DRAFT'")
            .query(Long.class)
            .single();
    return List.of(tables, dirs, drafts);
  }

  /**
   * A free square area inside a district, about size degrees wide, with no feature of the layer
   * within 0.01° of it: its south-west corner (lon, lat). Seeded, so tests pick distinct places.
   */
  double[] freeSpot(String district, String table, int seed) {
    return jdbc.sql(
            "SELECT ST_X(c) AS x, ST_Y(c) AS y FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, 400,"
                + " :seed))).geom AS c FROM district WHERE code = :d) x WHERE NOT EXISTS (SELECT 1"
                + " FROM "
                + table
                + " t WHERE ST_DWithin(t.geom, x.c, 0.01)) AND ST_Covers((SELECT geom FROM"
                + " district WHERE code = :d), ST_Buffer(x.c, 0.01)) LIMIT 1")
        .param("seed", seed)
        .param("d", district)
        .query((rs, n) -> new double[] {rs.getDouble("x"), rs.getDouble("y")})
        .single();
  }

  /** A square of side size degrees at (x, y) as GeoJSON geometry. */
  static JsonNode square(double x, double y, double size) {
    return ServiceClient.json(
        String.format(
                Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],"
                    + "[%.7f,%.7f],[%.7f,%.7f]]]}",
                x,
                y,
                x + size,
                y,
                x + size,
                y + size,
                x,
                y + size,
                x,
                y)
            .getBytes(StandardCharsets.UTF_8));
  }

  /** Parcels as GeoJSON features: n squares of 0.001° in a row from (x, y), codes prefix-i. */
  static List<String> parcels(double x, double y, int n, String prefix) {
    List<String> features = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      features.add(
          feature(
              square(x + i * 0.0015, y, 0.001),
              Map.of(
                  "code", prefix + i,
                  "landUse", "0601",
                  "grantType", "GRANT",
                  "grantedOn", "2024-05-0" + (1 + i % 9),
                  "floorAreaM2", 1000 + i)));
    }
    return features;
  }
}
