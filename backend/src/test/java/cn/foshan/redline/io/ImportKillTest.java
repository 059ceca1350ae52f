package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Eventually;
import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An import survives kill -9 at any moment: the service runs as a process of its own (the main
 * class on the test classpath, a schema of its own, a small demo city), is sent a file of a few
 * thousand parcels to stage, map again (preview) and commit, and is killed with SIGKILL (its GDAL
 * processes too, as a service manager kills the service's process group) after a random delay from
 * a seeded Random. After each restart: the layer holds none or all of the file's parcels, never a
 * part; the import job's state agrees with its change set; a staged import can still be committed
 * or discarded; no staging table, draft or work directory is left over. The delays and what was
 * found are printed (docs/robustness.md records a run).
 */
class ImportKillTest {

  private static final String SCHEMA = TestDatabase.schema("import_kill");
  private static final long SEED = 20261205L;
  private static final int TRIALS = 6;
  private static final List<String> PHASES = List.of("staging", "preview", "commit");
  private static final int COLUMNS = 60;
  private static final int ROWS = 50;
  private static final int FEATURES = COLUMNS * ROWS;
  private static final double SIDE = 0.0004;
  private static final double STEP = 0.0005;

  private static Path work;
  private static Path tmp;
  private static Process service;
  private static int port;
  private static String appName;
  private static int starts;

  @BeforeAll
  static void schema() throws IOException {
    TestDatabase.prepare();
    TestDatabase.drop(SCHEMA);
    work = Files.createTempDirectory("import-kill-");
    tmp = Files.createDirectories(work.resolve("tmp"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      kill();
    }
  }

  @Test
  void anImportKilledAtAnyMomentIsAllOrNothingAndItsJobAgrees() throws Exception {
    Random random = new Random(SEED);
    start();
    // two imports, not killed: how long staging, mapping again (the preview) and committing take
    // here (the second's, once the service has warmed up)
    run(-1, null, 0);
    Outcome calibration = run(0, null, 0);
    assertThat(calibration.phase).isEqualTo("done");
    assertThat(rows(0)).isEqualTo(FEATURES);
    System.out.printf(
        Locale.ROOT,
        "import kill test: %d features; staging %d ms, preview %d ms, commit %d ms (seed %d)%n",
        FEATURES,
        calibration.durations.get(0),
        calibration.durations.get(1),
        calibration.durations.get(2),
        SEED);
    List<String> lines = new ArrayList<>();
    int staged = 0;
    for (int trial = 1; trial <= TRIALS; trial++) {
      // a moment in the staging, the preview or the commit, in turn: a random share of it
      int target = (trial - 1) % PHASES.size();
      long delayMs = (long) (random.nextDouble() * 1.2 * calibration.durations.get(target));
      Outcome killed = run(trial, PHASES.get(target), delayMs);
      // a staged import found after the restart is committed, or discarded, in turn
      boolean commit = killed.phase.equals("done") || staged % 2 == 0;
      String after = checkAfterRestart(trial, killed, commit);
      if (after.contains("job STAGED")) {
        staged++;
      }
      String line =
          String.format(
              Locale.ROOT,
              "trial %d: killed %d ms into the %s, during the %s; after restart: %s",
              trial,
              delayMs,
              PHASES.get(target),
              killed.phase,
              after);
      System.out.println("import kill test: " + line);
      lines.add(line);
    }
    Files.writeString(
        Path.of(System.getProperty("java.io.tmpdir")).resolve("import-kill-trials.txt"),
        String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
  }

  /**
   * What was under way when the service was killed, the import's id if it was answered, and how
   * long each phase took (when not killed).
   */
  private record Outcome(String phase, Long id, List<Long> durations) {}

  /**
   * Stages trial's file, maps it again (the preview), commits it; kills the service delayMs into
   * the phase named (unless all is done by then) and starts it again. No phase: nothing is killed.
   */
  private Outcome run(int trial, String killIn, long delayMs) throws Exception {
    double[] at = freeSpot(trial + 2);
    byte[] file = geojson(trial, at[0], at[1]).getBytes(StandardCharsets.UTF_8);
    java.util.concurrent.atomic.AtomicReference<String> phase =
        new java.util.concurrent.atomic.AtomicReference<>("staging");
    Long[] id = {null};
    long[] durations = new long[3];
    CompletableFuture<Void> flow =
        CompletableFuture.runAsync(
            () -> {
              try {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> staged = upload(file, "kill-" + trial + ".geojson");
                check(staged, 201);
                long t1 = System.nanoTime();
                JsonNode job = ServiceClient.json(staged.body());
                id[0] = job.get("id").asLong();
                assertThat(job.at("/report/changes/valid").asBoolean())
                    .as(job.get("report").toString())
                    .isTrue();
                phase.set("preview");
                check(
                    send("POST", "/api/imports/" + id[0] + "/mapping", "{\"repairInvalid\":true}"),
                    200);
                long t2 = System.nanoTime();
                phase.set("commit");
                check(send("POST", "/api/imports/" + id[0] + "/commit", null), 200);
                long t3 = System.nanoTime();
                phase.set("done");
                durations[0] = (t1 - t0) / 1_000_000;
                durations[1] = (t2 - t1) / 1_000_000;
                durations[2] = (t3 - t2) / 1_000_000;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    if (killIn == null) {
      flow.get(10, TimeUnit.MINUTES);
      return new Outcome(phase.get(), id[0], java.util.Arrays.stream(durations).boxed().toList());
    }
    // (a failure before the kill fails the test here)
    int target = PHASES.indexOf(killIn);
    Eventually.until(
        "the import to reach " + killIn,
        Duration.ofMinutes(10),
        () -> flow.isDone() || PHASES.indexOf(phase.get()) >= target);
    try {
      flow.get(delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException stillRunning) {
      // killed below, in the middle of it
    }
    String killedDuring = phase.get();
    kill();
    flow.handle((v, e) -> null).get(2, TimeUnit.MINUTES);
    start();
    return new Outcome(killedDuring, id[0], List.of());
  }

  /**
   * The state after a restart: none or all of the file's rows, a job that agrees with its change
   * set, nothing left over; a staged import is then committed (commit) or discarded.
   */
  private String checkAfterRestart(int trial, Outcome killed, boolean commit) throws Exception {
    long rows = rows(trial);
    assertThat(rows).as("trial %d: none or all rows", trial).isIn(0L, (long) FEATURES);
    List<String[]> jobs =
        query(
            "SELECT j.id, j.status, c.status, j.preview IS NOT NULL FROM import_job j LEFT JOIN"
                + " change_set c ON c.id = j.change_set_id WHERE j.file_name = ?",
            "kill-" + trial + ".geojson");
    assertThat(jobs).as("trial %d: at most one job", trial).hasSizeLessThanOrEqualTo(1);
    String job = jobs.isEmpty() ? "none" : jobs.get(0)[1];
    if (killed.id() != null) {
      // the service had answered with the staged import: it is still there, as it was or further
      assertThat(jobs).as("trial %d: import %d", trial, killed.id()).hasSize(1);
      assertThat(jobs.get(0)[0]).isEqualTo(killed.id().toString());
    }
    if (rows == FEATURES) {
      assertThat(jobs).as("trial %d", trial).hasSize(1);
      assertThat(jobs.get(0)[1]).isEqualTo("COMMITTED");
      assertThat(jobs.get(0)[2]).isEqualTo("COMMITTED");
    } else if (!jobs.isEmpty()) {
      // staged (its draft waiting, its preview kept) or already gone with its draft
      assertThat(jobs.get(0)[1]).as("trial %d", trial).isIn("STAGED", "DISCARDED");
      if (jobs.get(0)[1].equals("STAGED")) {
        assertThat(jobs.get(0)[2]).isEqualTo("DRAFT");
        assertThat(jobs.get(0)[3]).isEqualTo("t");
      }
    }
    assertNothingLeftOver(trial);
    String then = "";
    if (job.equals("STAGED")) {
      long id = Long.parseLong(jobs.get(0)[0]);
      if (commit) {
        check(send("POST", "/api/imports/" + id + "/commit", null), 200);
        assertThat(rows(trial)).isEqualTo(FEATURES);
        then = ", committed then (" + FEATURES + " rows)";
      } else {
        check(send("DELETE", "/api/imports/" + id, null), 204);
        assertThat(rows(trial)).isZero();
        then = ", discarded then";
      }
      assertThat(query("SELECT status FROM import_job WHERE id = ?", id).get(0)[0])
          .isEqualTo(commit ? "COMMITTED" : "DISCARDED");
      assertNothingLeftOver(trial);
    } else if (job.equals("COMMITTED")) {
      // finished: neither discarded nor committed again
      check(send("DELETE", "/api/imports/" + jobs.get(0)[0], null), 409);
    }
    return rows + " of " + FEATURES + " rows, job " + job + then;
  }

  /** No staging table but a staged job's, no draft but a staged job's, no work directory. */
  private void assertNothingLeftOver(int trial) throws Exception {
    List<String[]> tables =
        query(
            "SELECT tablename FROM pg_tables t WHERE schemaname = ? AND (tablename ~"
                + " '^(import_(s[0-9a-f]+|[0-9]+)(_shapes)?|export_[0-9a-f]+)$' AND NOT EXISTS"
                + " (SELECT 1 FROM import_job j WHERE"
                + " j.status = 'STAGED' AND t.tablename IN ('import_' || j.id, 'import_' || j.id"
                + " || '_shapes')))",
            SCHEMA);
    assertThat(tables.stream().map(t -> t[0]).toList()).as("trial %d: tables", trial).isEmpty();
    List<String[]> drafts =
        query(
            "SELECT id FROM change_set c WHERE status = 'DRAFT' AND NOT EXISTS (SELECT 1 FROM"
                + " import_job j WHERE j.change_set_id = c.id AND j.status = 'STAGED')");
    assertThat(drafts).as("trial %d: drafts", trial).isEmpty();
    try (Stream<Path> dirs = Files.list(tmp)) {
      assertThat(
              dirs.map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith("redline-"))
                  .toList())
          .as("trial %d: work directories", trial)
          .isEmpty();
    }
  }

  // ---- the service as a process of its own

  private static void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    appName = "redline-kill-" + ProcessHandle.current().pid() + "-" + starts++;
    // the main classes and their dependencies, as the test runs with them (not the tests' own)
    String classpath =
        Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(p -> !p.endsWith("test-classes") && !p.contains("surefire"))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    Path args = work.resolve("java-args");
    Files.writeString(args, "-cp \"" + classpath + "\"\n", StandardCharsets.UTF_8);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-Djava.io.tmpdir=" + tmp,
            "@" + args,
            "cn.foshan.redline.RedlineApplication",
            "--server.port=" + port,
            "--spring.datasource.url=" + TestDatabase.url(SCHEMA) + "&ApplicationName=" + appName,
            "--spring.datasource.username=" + TestDatabase.SERVICE_USER,
            "--spring.datasource.password=" + TestDatabase.SERVICE_PASSWORD,
            "--spring.flyway.url=" + TestDatabase.url(SCHEMA),
            "--spring.flyway.user=" + TestDatabase.USER,
            "--spring.flyway.password=" + TestDatabase.PASSWORD,
            "--spring.flyway.schemas=" + SCHEMA,
            // the test database is shared: a small pool
            "--spring.datasource.hikari.maximum-pool-size=4",
            "--redline.demo.enabled=true",
            "--redline.demo.parcels=300");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("service.log").toFile()));
    // GDAL's sessions carry the name too (libpq reads PGAPPNAME)
    builder.environment().put("PGAPPNAME", appName);
    service = builder.start();
    Eventually.until(
        "the service to answer (see " + work.resolve("service.log") + ")",
        Duration.ofMinutes(5),
        () -> {
          assertThat(service.isAlive())
              .as("the service started (see %s)", work.resolve("service.log"))
              .isTrue();
          try {
            return send("GET", "/api/map/config", null).statusCode() == 200;
          } catch (IOException notYet) {
            return false; // not listening yet
          }
        });
  }

  /**
   * kill -9 of the service and of the GDAL processes it started; then waits until the database has
   * ended the sessions they had (a transaction whose client is gone is rolled back, or committed if
   * its COMMIT had been sent), as a restart after a crash finds it.
   */
  private static void kill() throws Exception {
    List<ProcessHandle> children = service.descendants().toList();
    service.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    assertThat(service.waitFor(1, TimeUnit.MINUTES)).isTrue();
    service = null;
    Eventually.until(
        "the database to end the killed service's sessions",
        Duration.ofMinutes(1),
        () ->
            query("SELECT pid FROM pg_stat_activity WHERE application_name = ?", appName)
                .isEmpty());
  }

  // ---- requests

  private static HttpResponse<byte[]> upload(byte[] file, String name) throws Exception {
    return new ServiceClient(port)
        .upload("/api/imports", "bureau", Multipart.of("layer", "parcel").file(name, file));
  }

  private static HttpResponse<byte[]> send(String method, String path, String json)
      throws Exception {
    return new ServiceClient(port).send(method, path, "bureau", json);
  }

  private static void check(HttpResponse<byte[]> response, int status) {
    assertThat(response.statusCode())
        .as(
            response.request().method()
                + " "
                + response.request().uri()
                + " → "
                + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(status);
  }

  // ---- the file and the database

  /** A grid of FEATURES squares from (x, y), codes KILL<trial>-<i>, as GeoJSON. */
  private static String geojson(int trial, double x, double y) {
    StringBuilder features = new StringBuilder();
    for (int i = 0; i < FEATURES; i++) {
      double x0 = x + (i % COLUMNS) * STEP;
      int row = i / COLUMNS;
      double y0 = y + row * STEP;
      features
          .append(features.length() == 0 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"type\":\"Feature\",\"properties\":{\"code\":\"KILL%d-%d\",\"landUse\":\"0601\","
                      + "\"grantType\":\"GRANT\",\"grantedOn\":\"2024-05-01\"},\"geometry\":"
                      + "{\"type\":\"Polygon\",\"coordinates\":[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],"
                      + "[%.7f,%.7f],[%.7f,%.7f]]]}}",
                  trial,
                  i,
                  x0,
                  y0,
                  x0 + SIDE,
                  y0,
                  x0 + SIDE,
                  y0 + SIDE,
                  x0,
                  y0 + SIDE,
                  x0,
                  y0));
    }
    return "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}";
  }

  /** The south-west corner of a free place in 南海 for the grid: no parcel near it. */
  private static double[] freeSpot(int seed) throws SQLException {
    String[] row =
        query(
                "SELECT ST_X(c), ST_Y(c) FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, 300, ?)))"
                    + ".geom AS c FROM district WHERE code = '440605') p, district d WHERE d.code ="
                    + " '440605' AND ST_Covers(d.geom, ST_Expand(ST_MakeEnvelope(ST_X(c), ST_Y(c),"
                    + " ST_X(c) + ?, ST_Y(c) + ?, 4490), 0.002)) AND NOT EXISTS (SELECT 1 FROM"
                    + " parcel t WHERE t.geom && ST_Expand(ST_MakeEnvelope(ST_X(c), ST_Y(c), ST_X(c)"
                    + " + ?, ST_Y(c) + ?, 4490), 0.002)) LIMIT 1",
                seed + 1,
                COLUMNS * STEP,
                ROWS * STEP,
                COLUMNS * STEP,
                ROWS * STEP)
            .get(0);
    return new double[] {Double.parseDouble(row[0]), Double.parseDouble(row[1])};
  }

  private static long rows(int trial) throws SQLException {
    return Long.parseLong(
        query("SELECT count(*) FROM parcel WHERE code LIKE ?", "KILL" + trial + "-%").get(0)[0]);
  }

  private static List<String[]> query(String sql, Object... params) throws SQLException {
    try (Connection c = TestDatabase.connect(SCHEMA);
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      List<String[]> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          String[] row = new String[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getString(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
