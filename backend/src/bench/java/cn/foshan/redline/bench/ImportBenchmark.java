package cn.foshan.redline.bench;

import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Import of a Shapefile of re-surveyed parcels (the first of the city's, by id: a tenth of the
 * city, at most 100,000 — 2,000 at 20,000 parcels, 100,000 at 1,000,000 — in EPSG:4547 with GBK
 * attributes, as survey files come) through the service — staging with ogr2ogr, preview with the
 * rules, commit as one change set of updates — against its fair floor, in the same run: a plain
 * {@code ogr2ogr -f PostgreSQL} of the same file into a scratch table, plus the bare SQL of what
 * the import does with those rows beyond copying them (one transaction, rolled back, the parcel
 * table's triggers off for it: the shapes brought to CGCS2000 and checked, the previous versions
 * kept in feature_history, the rows updated with their places derived by the same lookups, the
 * overlap and in-district rules on the rows written). The ratio is ours over the floor; {@code
 * ratio} is ogr2ogr's time over ours, as before. Beside the floor, the psql writer: ogr2ogr, then
 * the same rows loaded by one UPDATE with every trigger on and the rules run (WRITER), the
 * database's own work for them; {@code writerFactor} is ours over it. Each round then imports a
 * file of the same parcels at once ({@code commit=true}: no preview first, the edits applied once),
 * against the same floor; with {@code REDLINE_BENCH_IMPORT_AT_ONCE_FIRST=true} before the staged
 * import instead of after it. Every file moves every shape it names (each import's shrinks them a
 * little more, see surveyFile): an import leaves out the features a file has as the layer has them,
 * so a file of the city's own shapes would change nothing after the first import.
 */
final class ImportBenchmark {

  private static final int PARCELS = 100_000;

  /** Rounds for a small file (under 10,000 features); a large one is imported once. */
  private static final int ROUNDS_SMALL = 3;

  /** The rows ogr2ogr loaded, in the layer's columns and CGCS2000, as a temporary table. */
  private static String source(String table) {
    return "CREATE TEMP TABLE "
        + table
        + " ON COMMIT DROP AS SELECT code, landuse AS land_use, granttype AS grant_type, grantedon"
        + " AS granted_on, flooraream AS floor_area_m2, ST_Multi(ST_Transform(geom,"
        + " 4490))::geometry(MultiPolygon, 4490) AS geom FROM bench_ogr2ogr_scratch";
  }

  /** The check of the shapes' validity, as the import makes it. */
  private static String checked(String table) {
    return "SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom)) FROM " + table;
  }

  /** The bare SQL of one import's rows, after ogr2ogr, in one transaction (then rolled back). */
  private static final List<String> BARE =
      List.of(
          "ALTER TABLE parcel DISABLE TRIGGER USER",
          "ALTER TABLE change_set DISABLE TRIGGER USER",
          source("bare_src"),
          checked("bare_src"),
          "INSERT INTO change_set (author, reason, status, committed_at) VALUES ('bureau',"
              + " 'bench', 'COMMITTED', now())",
          "INSERT INTO feature_history (layer, feature_id, version, geom, properties, change_set_id,"
              + " valid_from, valid_to, ended_by_change_set_id, ended_by) SELECT 'parcel', o.id,"
              + " o.version, o.geom, (SELECT to_jsonb(p) FROM (SELECT /*columns*/) p),"
              + " o.change_set_id, o.updated_at, now(), currval(pg_get_serial_sequence('change_set',"
              + " 'id')), 'UPDATE' FROM parcel o JOIN bare_src s ON s.code = o.code",
          "UPDATE parcel t SET land_use = s.land_use, grant_type = s.grant_type, granted_on ="
              + " s.granted_on, floor_area_m2 = s.floor_area_m2, geom = s.geom, district_code ="
              + " at.district_code, town_code = at.town_code, cluster_id = at.cluster_id,"
              + " version = t.version + 1, updated_at = now(), change_set_id ="
              + " currval(pg_get_serial_sequence('change_set', 'id')) FROM bare_src s CROSS JOIN"
              + " LATERAL places_at(s.geom, true, true, true) at WHERE t.code = s.code",
          "SELECT count(*) FROM parcel n JOIN parcel o ON o.geom && n.geom AND o.id <> n.id WHERE"
              + " n.change_set_id = currval(pg_get_serial_sequence('change_set', 'id')) AND"
              + " (o.change_set_id <> n.change_set_id OR o.id > n.id) AND ST_Relate(n.geom, o.geom,"
              + " '2********') AND ST_Area(ST_CollectionExtract(ST_Intersection(n.geom, o.geom),"
              + " 3)::geography) > 1",
          "SELECT count(*) FROM parcel f JOIN district d ON d.code = f.district_code WHERE"
              + " f.change_set_id = currval(pg_get_serial_sequence('change_set', 'id')) AND NOT"
              + " ST_Covers(d.tolerance_geom, f.geom)");

  /**
   * The same rows as a psql writer loads them (README, "Loading real data"), after ogr2ogr, in one
   * transaction (then rolled back), every trigger on: a committed change set and one UPDATE naming
   * it, with the places looked up in the statement as the bare SQL does; the version, the history,
   * the contiguity labels and the audit kept by the database, and the rules it runs at COMMIT run
   * by SET CONSTRAINTS ALL IMMEDIATE before the rollback. The database's own work for these rows,
   * which no client can skip; as the schema's owner (no row-level security, one cheap check a row
   * for a bureau account), while the service is idle.
   */
  private static final List<String> WRITER =
      List.of(
          source("writer_src"),
          checked("writer_src"),
          "INSERT INTO change_set (author, reason, document_number, status, committed_at) VALUES"
              + " ('bureau', '基准测试 benchmark', '基准〔2026〕1号', 'COMMITTED', now())",
          "UPDATE parcel t SET land_use = s.land_use, grant_type = s.grant_type, granted_on ="
              + " s.granted_on, floor_area_m2 = s.floor_area_m2, geom = s.geom, district_code ="
              + " at.district_code, town_code = at.town_code, cluster_id = at.cluster_id,"
              + " change_set_id = currval(pg_get_serial_sequence('change_set', 'id')) FROM"
              + " writer_src s CROSS JOIN LATERAL places_at(s.geom, true, true, true) at WHERE"
              + " t.code = s.code",
          "SET CONSTRAINTS ALL IMMEDIATE");

  private ImportBenchmark() {}

  static Map<String, Object> measure(
      String base, DataSource db, String url, String user, String password) throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(db);
    long n = Math.min(PARCELS, jdbc.queryForObject("SELECT count(*) FROM parcel", Long.class) / 10);
    Path dir = Files.createTempDirectory("import-bench-");
    String pg = pg(url, user);
    // two files a round, each moving every shape (an import of what the layer has already is
    // left out: it would measure nothing), all made before the first import
    int rounds = n < 10_000 ? ROUNDS_SMALL : 1;
    List<SurveyFile> files = new ArrayList<>();
    for (int k = 1; k <= 2 * rounds; k++) {
      files.add(surveyFile(dir, pg, password, n, k));
    }

    // rounds one after the other (the first warms the service up): ogr2ogr, the bare SQL, ours
    List<Map<String, Object>> each = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      each.add(round(base, db, jdbc, pg, password, files.get(2 * round), files.get(2 * round + 1)));
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("features", n);
    r.put("fileMegabytes", Math.round(files.get(0).zip().length / 1e5) / 10.0);
    r.put("rounds", rounds);
    for (String key :
        List.of(
            "ogr2ogrSeconds",
            "bareSqlSeconds",
            "floorSeconds",
            "writerSqlSeconds",
            "writerSeconds",
            "stageAndPreviewSeconds",
            "commitSeconds",
            "importSeconds",
            "atOnceSeconds")) {
      r.put(key, median(each, key));
    }
    r.put("previewValid", each.stream().allMatch(e -> Boolean.TRUE.equals(e.get("previewValid"))));
    r.put("commitStatus", each.get(each.size() - 1).get("commitStatus"));
    double ours = (Double) r.get("importSeconds");
    double floor = (Double) r.get("floorSeconds");
    r.put("ratio", Math.round((Double) r.get("ogr2ogrSeconds") / ours * 1000) / 1000.0);
    // how many times the fair floor (ogr2ogr + the bare SQL of the same rows) the import takes
    r.put("floorFactor", Math.round(ours / floor * 100) / 100.0);
    r.put("atOnceFloorFactor", Math.round((Double) r.get("atOnceSeconds") / floor * 100) / 100.0);
    // and over the psql writer's load of the same file (ogr2ogr + its SQL, every trigger on)
    double writer = (Double) r.get("writerSeconds");
    r.put("writerFactor", Math.round(ours / writer * 100) / 100.0);
    r.put("atOnceWriterFactor", Math.round((Double) r.get("atOnceSeconds") / writer * 100) / 100.0);
    r.put("atOnceStatus", each.get(each.size() - 1).get("atOnceStatus"));
    r.put("each", each);
    return r;
  }

  /** The median of a figure over the rounds. */
  private static double median(List<Map<String, Object>> rounds, String key) {
    double[] v = rounds.stream().mapToDouble(m -> (Double) m.get(key)).sorted().toArray();
    return v[(v.length - 1) / 2];
  }

  /** One round: ogr2ogr of the file, the bare SQL of its rows, then our import of it. */
  private static Map<String, Object> round(
      String base,
      DataSource db,
      JdbcTemplate jdbc,
      String pg,
      String password,
      SurveyFile file,
      SurveyFile atOnceFile)
      throws Exception {
    long t0 = System.nanoTime();
    run(
        password,
        "ogr2ogr",
        "-f",
        "PostgreSQL",
        pg,
        file.shp().toString(),
        "-nln",
        "bench_ogr2ogr_scratch",
        "-lco",
        "GEOMETRY_NAME=geom",
        "-nlt",
        "PROMOTE_TO_MULTI",
        "-overwrite");
    double ogr2ogr = (System.nanoTime() - t0) / 1e9;
    double bare = rolledBack(db, BARE);
    double writer = rolledBack(db, WRITER);
    jdbc.execute("DROP TABLE IF EXISTS bench_ogr2ogr_scratch");

    HttpClient http = HttpClient.newBuilder().build();
    boolean atOnceFirst = Boolean.parseBoolean(System.getenv("REDLINE_BENCH_IMPORT_AT_ONCE_FIRST"));
    double[] atOnceTime = {0};
    HttpResponse<String> atOnce = null;
    if (atOnceFirst) {
      atOnce = atOnce(http, base, atOnceFile.zip(), atOnceTime);
    }
    long t1 = System.nanoTime();
    String staged = upload(http, base, file.zip());
    double stageSeconds = (System.nanoTime() - t1) / 1e9;
    String id = field(staged, "\"id\":");
    boolean valid = staged.matches("(?s).*\"valid\":\\s*true.*");
    long t2 = System.nanoTime();
    HttpResponse<String> commit =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/imports/" + id + "/commit"))
                .timeout(Duration.ofHours(1))
                .header("Authorization", ServiceClient.basic("bureau"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double commitSeconds = (System.nanoTime() - t2) / 1e9;
    if (!atOnceFirst) {
      atOnce = atOnce(http, base, atOnceFile.zip(), atOnceTime);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ogr2ogrSeconds", round(ogr2ogr));
    r.put("bareSqlSeconds", round(bare));
    r.put("floorSeconds", round(ogr2ogr + bare));
    r.put("writerSqlSeconds", round(writer));
    r.put("writerSeconds", round(ogr2ogr + writer));
    r.put("stageAndPreviewSeconds", round(stageSeconds));
    r.put("previewValid", valid);
    r.put("commitSeconds", round(commitSeconds));
    r.put("commitStatus", commit.statusCode());
    r.put("importSeconds", round(stageSeconds + commitSeconds));
    if (commit.statusCode() != 200) {
      r.put("commitAnswer", commit.body().substring(0, Math.min(500, commit.body().length())));
    }
    r.put("atOnceSeconds", round(atOnceTime[0]));
    r.put("atOnceFirst", atOnceFirst);
    r.put("atOnceStatus", atOnce.statusCode());
    if (atOnce.statusCode() != 201) {
      r.put("atOnceAnswer", atOnce.body().substring(0, Math.min(500, atOnce.body().length())));
    }
    return r;
  }

  /** A survey file: the Shapefile, and its zip as uploaded (its bytes: the file is not changed). */
  @SuppressWarnings("ArrayRecordComponent")
  private record SurveyFile(Path shp, byte[] zip) {}

  /**
   * The first n parcels of the city, by id, re-surveyed: every shape shrunk about its centroid by k
   * × 0.01 % (5 mm a step on a 100 m parcel, so that every import moves every shape and none
   * overlaps another), in EPSG:4547 with GBK attributes.
   */
  private static SurveyFile surveyFile(Path dir, String pg, String password, long n, int k)
      throws Exception {
    String name = "parcels" + k;
    Path shp = dir.resolve(name + ".shp");
    run(
        password,
        "ogr2ogr",
        "-f",
        "ESRI Shapefile",
        shp.toString(),
        pg,
        "-sql",
        "SELECT code, land_use AS \"landUse\", grant_type AS \"grantType\", granted_on AS"
            + " \"grantedOn\", floor_area_m2 AS \"floorAreaM2\", ST_Transform(ST_Scale(geom,"
            + " ST_MakePoint(1 - "
            + k
            + " * 1e-4, 1 - "
            + k
            + " * 1e-4), ST_Centroid(geom)), 4547) AS geom FROM parcel ORDER BY id LIMIT "
            + n,
        "-lco",
        "ENCODING=GBK",
        "-nln",
        name);
    return new SurveyFile(shp, zip(dir, name));
  }

  /** The file imported at once (staged and committed in one request), timed into seconds[0]. */
  private static HttpResponse<String> atOnce(
      HttpClient http, String base, byte[] zip, double[] seconds) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> response = send(http, base, zip, true);
    seconds[0] = (System.nanoTime() - t0) / 1e9;
    return response;
  }

  /**
   * Statements on the import's rows (the bare SQL, or the psql writer's), timed, in one transaction
   * that is rolled back (the scratch table ogr2ogr loaded stays for them); as the schema's owner,
   * while the service is idle.
   */
  private static double rolledBack(DataSource db, List<String> statements) throws Exception {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      String columns;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT version_properties('parcel')")) {
        rs.next();
        columns = rs.getString(1);
      }
      long t0 = System.nanoTime();
      try (Statement st = c.createStatement()) {
        for (String sql : statements) {
          st.execute(sql.replace("/*columns*/", columns));
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      c.rollback();
      return seconds;
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }

  private static String pg(String url, String user) {
    URI uri = URI.create(url.substring("jdbc:".length()));
    return "PG:host="
        + uri.getHost()
        + " port="
        + (uri.getPort() < 0 ? 5432 : uri.getPort())
        + " dbname="
        + uri.getPath().substring(1)
        + " user="
        + user;
  }

  private static void run(String password, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", password);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }
  }

  private static byte[] zip(Path dir, String name) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
        zip.putNextEntry(new ZipEntry(name + "." + ext));
        Files.copy(dir.resolve(name + "." + ext), zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String upload(HttpClient http, String base, byte[] zip) throws Exception {
    HttpResponse<String> response = send(http, base, zip, false);
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "import answered "
              + response.statusCode()
              + ": "
              + response.body().substring(0, Math.min(1000, response.body().length())));
    }
    return response.body();
  }

  /** The file uploaded for the parcels: staged and previewed, or committed at once. */
  private static HttpResponse<String> send(HttpClient http, String base, byte[] zip, boolean commit)
      throws Exception {
    Multipart form = Multipart.of("layer", "parcel");
    if (commit) {
      form.field("commit", true);
    }
    form.file("file", "parcels.zip", "application/zip", zip);
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/imports"))
            .timeout(Duration.ofHours(1))
            .header("Content-Type", form.contentType())
            .header("Authorization", ServiceClient.basic("bureau"))
            .POST(form.publisher())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String field(String json, String key) {
    int i = json.indexOf(key) + key.length();
    int j = i;
    while (j < json.length() && Character.isDigit(json.charAt(j))) {
      j++;
    }
    return json.substring(i, j);
  }

  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
                "\n## Import of a parcel Shapefile (EPSG:4547, GBK) vs its floor: ogr2ogr -f"
                    + " PostgreSQL + the bare SQL of the same rows\n\n")
            .append(
                "| city | features | ogr2ogr (s) | bare SQL (s) | floor (s) | psql writer (s) |"
                    + " stage + preview (s) | commit (s) | import (s) | import ÷ floor | at once"
                    + " (s) | at once ÷ floor | at once ÷ writer |\n")
            .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : results) {
      if (r.get("import") instanceof Map<?, ?> m) {
        Map<String, Object> i = (Map<String, Object>) m;
        rows.add(i);
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                (Integer) r.get("parcels"),
                ((Number) i.get("features")).longValue(),
                i.get("ogr2ogrSeconds"),
                i.get("bareSqlSeconds"),
                i.get("floorSeconds"),
                i.get("writerSeconds"),
                i.get("stageAndPreviewSeconds"),
                i.get("commitSeconds"),
                i.get("importSeconds"),
                i.get("floorFactor"),
                i.get("atOnceSeconds"),
                i.get("atOnceFloorFactor"),
                i.get("atOnceWriterFactor")));
      }
    }
    return rows.isEmpty() ? "" : md.toString();
  }
}
