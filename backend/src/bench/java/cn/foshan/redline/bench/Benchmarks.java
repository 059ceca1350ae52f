package cn.foshan.redline.bench;

import cn.foshan.redline.RedlineApplication;
import cn.foshan.redline.gisdata.DemoCity;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TestSupport;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The benchmarks, on the demo city at each requested size (default 20,000 and 1,000,000 parcels),
 * each in a database of its own ({@code redline_bench_<parcels>}):
 *
 * <ul>
 *   <li>the time to generate and load the city (when it is made in this run);
 *   <li>p50/p90/p99 latency of {@code GET /api/quota} and of z14 parcel tiles (100 tiles where the
 *       parcels are), one connection, measured by wrk (a load generator in a process of its own);
 *   <li>the throughput of the tile endpoint (wrk, 2 connections) against the same tile SQL run bare
 *       over JDBC (2 clients, same tiles): the cost of the service around the query;
 *   <li>the map's z14 tile of every layer it shows against the bare SQL of the same tile, at 2 and
 *       8 connections, and the plain and gzipped bytes of tiles and an OGC page ({@link
 *       TileBenchmark});
 *   <li>a one-polygon change set (draft, edit, preview, commit) against the same checks and write
 *       as bare SQL ({@link EditingBenchmark});
 *   <li>every dashboard request against its bare SQL ({@link DashboardBenchmark});
 *   <li>what logging in adds to a request: anonymous, HTTP Basic, API token ({@link
 *       AuthBenchmark});
 *   <li>what a login adds to the planner's reads and to public reads: anonymous, session, API
 *       token, HTTP Basic, against the reads' bare SQL ({@link LoggedInReadsBenchmark});
 *   <li>with {@code --only replica} alone: tiles and OGC pages with 0 and 1 streaming replica, and
 *       the replica's lag during an import ({@link ReplicaBenchmark}).
 * </ul>
 *
 * Results go to {@code <out>/city-<parcels>.json} and {@code <out>/summary.md}. Run with {@code
 * ./redline bench [--parcels 20000,1000000] [--regenerate] [--only tiles,editing,ogc,…]}; with
 * {@code --only}, only the named parts run and their results go to {@code
 * city-<parcels>-<names>.json}, leaving the summary as it is.
 */
public final class Benchmarks {

  private static final String BASE_URL =
      System.getenv()
          .getOrDefault("REDLINE_BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/");

  /** Databases are named {@code <prefix><parcels>}; a separate prefix keeps a branch's own city. */
  private static final String PREFIX =
      System.getenv().getOrDefault("REDLINE_BENCH_DATABASE_PREFIX", "redline_bench_");

  /** The service's login (a member of redline_service, V14), as ./redline makes it. */
  static final String SERVICE_USER =
      System.getenv().getOrDefault("REDLINE_BENCH_SERVICE_USER", "redline_app");

  static final String SERVICE_PASSWORD =
      System.getenv().getOrDefault("REDLINE_BENCH_SERVICE_PASSWORD", "redline_app");

  private static final String USER =
      System.getenv().getOrDefault("REDLINE_BENCH_DATABASE_USER", "redline");
  private static final String PASSWORD =
      System.getenv().getOrDefault("REDLINE_BENCH_DATABASE_PASSWORD", "redline");
  private static final int ZOOM = 14;
  private static final int TILE_SAMPLE = 100;
  private static final Duration RUN_TIME = Duration.ofSeconds(20);
  private static final int CLIENTS = 2;

  /** The tile query alone, as one would run it without the service: bounds and ST_AsMVT. */
  private static final String BARE_TILE_SQL =
      "WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS merc,"
          + " ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,"
          + " :z AS z, 360.0 / (4096 * 2 ^ :z) AS pixel)"
          + " SELECT coalesce(ST_AsMVT(tile, 'parcel', 4096, 'geom', 'id'), '\\x'::bytea)"
          + " FROM (/*features*/) AS tile";

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(20_000, 1_000_000);
    Path out = Path.of("docs/bench-results");
    boolean regenerate = false;
    Set<String> only = Set.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--parcels" ->
            sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--out" -> out = Path.of(args[++i]);
        case "--regenerate" -> regenerate = true;
        case "--only" -> only = Set.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(out);
    List<Map<String, Object>> all = new ArrayList<>();
    for (int parcels : sizes) {
      Map<String, Object> result = measure(parcels, regenerate, only);
      all.add(result);
      String name = only.isEmpty() ? "" : "-" + String.join("-", new TreeSet<>(only));
      Files.writeString(
          out.resolve("city-" + parcels + name + ".json"),
          json(result) + "\n",
          StandardCharsets.UTF_8);
    }
    if (!only.isEmpty()) {
      System.out.println(json(all));
      System.exit(0);
    }
    Files.writeString(out.resolve("summary.md"), markdown(all), StandardCharsets.UTF_8);
    System.out.println(markdown(all));
    System.exit(0);
  }

  private static Map<String, Object> measure(int parcels, boolean regenerate, Set<String> only)
      throws Exception {
    String database = PREFIX + parcels;
    String url = BASE_URL + database;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("parcels", parcels);
    result.put("date", Instant.now().toString());
    result.put(
        "machine",
        Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + System.getProperty("java.version"));
    result.put("generateAndLoadSeconds", prepare(url, database, parcels, regenerate));

    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(RedlineApplication.class)
            .run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                // the service's own login, a member of redline_service (as ./redline makes it and
                // the tests use): the database believes the person a request acts for only from
                // such a login, so connected as the owner every logged-in read of figures was
                // refused (figures_everywhere() false: 403 on every /api/efficiency/** request);
                // the owner applies the migrations
                "--spring.datasource.username=" + SERVICE_USER,
                "--spring.datasource.password=" + SERVICE_PASSWORD,
                "--spring.flyway.user=" + USER,
                "--spring.flyway.password=" + PASSWORD,
                // the demo accounts (the city is there already, so it is not generated again)
                "--redline.demo.enabled=true",
                // the efficiency benchmark computes the year it measures (at 1,000,000 parcels
                // computing the three demo years at start takes longer than the benchmark)
                "--redline.efficiency.compute-on-start=false",
                // nor the contiguity trend's past year ends (minutes of the database's time in the
                // background at a million parcels with a history of years, under the measurements)
                "--redline.contiguity.keep-years-on-start=false",
                "--logging.level.root=WARN");
    // the bare side plans as the service's connections do: without JIT (DatabaseLimits)
    try (HikariDataSource bare = pool(url, "SET jit = off");
        HikariDataSource serial =
            pool(url, "SET jit = off; SET max_parallel_workers_per_gather = 0")) {
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      if (only.isEmpty() || only.contains("tiles")) {
        measureTiles(base, app, url, bare, serial, result);
      }
      if (only.isEmpty() || only.contains("editing")) {
        result.put("editing", EditingBenchmark.measure(base, bare));
      }
      if (only.isEmpty() || only.contains("ogc")) {
        result.put("ogc", OgcBenchmark.measure(base, bare));
      }
      if (only.isEmpty() || only.contains("reserve")) {
        result.put("reserve", ReserveBenchmark.measure(base));
      }
      if (only.isEmpty() || only.contains("renovation")) {
        result.put("renovation", RenovationBenchmark.measure(base));
      }
      if (only.isEmpty() || only.contains("efficiency")) {
        result.put("efficiency", EfficiencyBenchmark.measure(base, bare));
      }
      if (only.isEmpty() || only.contains("dashboards")) {
        result.put("dashboards", DashboardBenchmark.measure(base, bare));
      }
      if (only.isEmpty() || only.contains("auth")) {
        result.put("auth", AuthBenchmark.measure(base, bare));
      }
      if (only.isEmpty() || only.contains("loggedin")) {
        result.put("loggedin", LoggedInReadsBenchmark.measure(base, bare));
      }
      if (only.isEmpty() || only.contains("import")) {
        result.put("import", ImportBenchmark.measure(base, bare, url, USER, PASSWORD));
      }
      // only when asked for (--only replica): it copies the whole cluster into a replica
      if (only.contains("replica")) {
        result.put("replica", ReplicaBenchmark.measure(base, bare, url, USER, PASSWORD));
      }
    } finally {
      app.close();
    }
    return result;
  }

  /** Quota and tile latency, and tile throughput against the bare tile SQL. */
  private static void measureTiles(
      String base,
      ConfigurableApplicationContext app,
      String url,
      HikariDataSource bare,
      HikariDataSource serial,
      Map<String, Object> result)
      throws Exception {
    JdbcClient jdbc = JdbcClient.create(bare);
    List<int[]> tiles = sampleTiles(jdbc);
    List<String> tilePaths =
        tiles.stream()
            .map(t -> "/tiles/parcel/" + ZOOM + "/" + t[0] + "/" + t[1] + ".mvt")
            .toList();

    result.put("quota", wrk(base, List.of("/api/quota"), 1));
    result.put("parcelTileZ14", wrk(base, tilePaths, 1));

    String sql =
        BARE_TILE_SQL.replace(
            "/*features*/", SqlFiles.load("parcel/select_parcel_tile_features.sql"));
    double endpoint = (Double) wrk(base, tilePaths, CLIENTS).get("requestsPerSecond");
    double direct = bareThroughput(JdbcClient.create(bare), sql, tiles);
    double directSerial = bareThroughput(JdbcClient.create(serial), sql, tiles);
    Map<String, Object> tp = new LinkedHashMap<>();
    tp.put("clients", CLIENTS);
    tp.put("endpointTilesPerSecond", endpoint);
    tp.put("bareSqlTilesPerSecond", round(direct));
    tp.put("bareSerialSqlTilesPerSecond", round(directSerial));
    // against the faster way to run the bare query
    tp.put("ratio", Math.round(endpoint / Math.max(direct, directSerial) * 1000) / 1000.0);
    result.put("tileThroughput", tp);
    result.put(
        "combinedTiles", TileBenchmark.measure(base, app.getBean(LayerCatalog.class), url, tiles));
  }

  private static HikariDataSource pool(String url, String initSql) {
    return pool(url, initSql, CLIENTS);
  }

  /** A pool of this many connections to the city's database, as the benchmark's owner login. */
  static HikariDataSource pool(String url, String initSql, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername(USER);
    pool.setPassword(PASSWORD);
    pool.setMaximumPoolSize(size);
    if (initSql != null) {
      pool.setConnectionInitSql(initSql);
    }
    return pool;
  }

  /** Tiles per second of the bare tile query over JDBC, CLIENTS at once. */
  private static double bareThroughput(JdbcClient jdbc, String sql, List<int[]> tiles)
      throws Exception {
    return bareThroughput(jdbc, sql, tiles, CLIENTS);
  }

  /** Tiles per second of a bare z14 tile query (slots z, x, y) over JDBC, clients at once. */
  static double bareThroughput(JdbcClient jdbc, String sql, List<int[]> tiles, int clients)
      throws Exception {
    return throughput(
        i -> {
          int[] t = tiles.get(i % tiles.size());
          return jdbc.sql(sql)
              .param("z", ZOOM)
              .param("x", t[0])
              .param("y", t[1])
              .query(byte[].class)
              .single()
              .length;
        },
        clients);
  }

  /** Makes the demo city in its own database unless it is there; the seconds it took, or null. */
  private static Double prepare(String url, String database, int parcels, boolean regenerate)
      throws Exception {
    TestSupport.ensureDatabase(url, USER, PASSWORD);
    Flyway flyway =
        Flyway.configure()
            .dataSource(url, USER, PASSWORD)
            .locations("classpath:db/migration")
            .load();
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD)) {
      if (!regenerate && holds(c, parcels)) {
        try {
          // a city made before the newest migrations gets them (they keep what they derive)
          flyway.migrate();
          System.out.println(database + " already holds the demo city; not regenerated");
          return null;
        } catch (FlywayException e) {
          System.out.println(
              database + " was made by other migrations (" + e.getMessage() + "); made again");
        }
      }
    }
    try (Connection c = DriverManager.getConnection(BASE_URL + "postgres", USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
    TestSupport.ensureDatabase(url, USER, PASSWORD);
    long start = System.nanoTime();
    flyway.migrate();
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD)) {
      DemoCity.load(c, new DemoCity.Options(DemoCity.Options.DEFAULT_SEED, parcels));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: generated and loaded %,d parcels in %.1f s%n",
        database,
        parcels,
        seconds);
    return round(seconds);
  }

  private static boolean holds(Connection c, int parcels) {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT value FROM dataset_info WHERE key = 'parcels'")) {
      return rs.next() && rs.getString(1).equals(Integer.toString(parcels));
    } catch (SQLException e) {
      return false; // not migrated yet
    }
  }

  /** z14 tiles holding parcels, drawn where parcels are (a deterministic sample). */
  static List<int[]> sampleTiles(JdbcClient jdbc) {
    return jdbc.sql(
            "WITH p AS (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS g FROM parcel"
                + " ORDER BY md5(id::text) LIMIT 2000),"
                + " t AS (SELECT DISTINCT"
                + " floor((ST_X(g) + 20037508.342789244) / (40075016.68557849 / 2 ^ :z))::int AS x,"
                + " floor((20037508.342789244 - ST_Y(g)) / (40075016.68557849 / 2 ^ :z))::int AS y"
                + " FROM p)"
                + " SELECT x, y FROM t ORDER BY md5(x || '/' || y) LIMIT :n")
        .param("z", ZOOM)
        .param("n", TILE_SAMPLE)
        .query((rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)})
        .list();
  }

  /**
   * Runs wrk (a C load generator, a process of its own) against the service for RUN_TIME with the
   * given number of connections, cycling through the paths: requests per second and p50 / p90 / p95
   * / p99 latency (ms).
   */
  static Map<String, Object> wrk(String base, List<String> paths, int connections)
      throws IOException, InterruptedException {
    return wrk(base, paths, connections, Map.of());
  }

  /**
   * wrk cycling through the paths with these request headers (a session cookie, say): a 5 s
   * warm-up, then {@code RUN_TIME} on the given connections; requests per second, p50 / p90 / p95 /
   * p99 in ms (from wrk's own latency histogram). Any failed request fails the benchmark.
   */
  static Map<String, Object> wrk(
      String base, List<String> paths, int connections, Map<String, String> headers)
      throws IOException, InterruptedException {
    return wrk(base, paths, connections, headers, 10, 5, (int) RUN_TIME.toSeconds());
  }

  /**
   * wrk as above with a warm-up and a run of the given seconds, the warm-up on as many connections
   * as the run (ten warm-up requests of a slow page would still be running in the service when the
   * run starts).
   */
  static Map<String, Object> wrk(
      String base,
      List<String> paths,
      int connections,
      Map<String, String> headers,
      int warmUpSeconds,
      int runSeconds)
      throws IOException, InterruptedException {
    return wrk(base, paths, connections, headers, connections, warmUpSeconds, runSeconds);
  }

  private static Map<String, Object> wrk(
      String base,
      List<String> paths,
      int connections,
      Map<String, String> headers,
      int warmUpConnections,
      int warmUpSeconds,
      int runSeconds)
      throws IOException, InterruptedException {
    Path list = Files.createTempFile("redline-bench", ".txt");
    Path script = Files.createTempFile("redline-bench", ".lua");
    try {
      Files.write(list, paths);
      StringBuilder lua = new StringBuilder();
      lua.append("local paths = {}\n")
          .append("for line in io.lines(\"")
          .append(list)
          .append("\") do paths[#paths + 1] = line end\n")
          .append("local i = 0\n");
      headers.forEach(
          (name, value) ->
              lua.append("wrk.headers[\"")
                  .append(name)
                  .append("\"] = \"")
                  .append(value.replace("\\", "").replace("\"", ""))
                  .append("\"\n"));
      lua.append(
              "request = function() i = i + 1; return wrk.format(\"GET\", paths[(i % #paths) + 1])"
                  + " end\n")
          .append("done = function(summary, latency, requests)\n")
          .append("  for _, p in ipairs({50, 90, 95, 99}) do\n")
          .append("    io.write(string.format(\"P%d %f\\n\", p, latency:percentile(p) / 1000))\n")
          .append("  end\n")
          .append("  io.write(string.format(\"ERR %d\\n\", summary.errors.status")
          .append(" + summary.errors.connect + summary.errors.read + summary.errors.timeout))\n")
          .append("end\n");
      Files.writeString(script, lua);
      // warm-up: JIT, the connection pool, PostGIS's PROJ set-up in each database connection
      if (warmUpSeconds > 0) {
        run(
            "wrk",
            "-t1",
            "-c" + warmUpConnections,
            "-d" + warmUpSeconds + "s",
            "--timeout",
            "60s",
            "-s",
            script.toString(),
            base);
      }
      String out =
          run(
              "wrk",
              "-t1",
              "-c" + connections,
              "-d" + runSeconds + "s",
              // a slow request is measured, not dropped from the latencies as a timeout
              "--timeout",
              "60s",
              "-s",
              script.toString(),
              base);
      if (!field(out, "ERR (\\d+)").equals("0")) {
        throw new IllegalStateException("some requests failed:\n" + out);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("connections", connections);
      r.put(
          "requestsPerSecond", round(Double.parseDouble(field(out, "Requests/sec:\\s+([0-9.]+)"))));
      for (int p : new int[] {50, 90, 95, 99}) {
        r.put("p" + p + "Ms", round(Double.parseDouble(field(out, "P" + p + " ([0-9.]+)"))));
      }
      r.put("transferPerSecond", field(out, "Transfer/sec:\\s+(\\S+)"));
      return r;
    } finally {
      Files.deleteIfExists(list);
      Files.deleteIfExists(script);
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + regex + " in:\n" + text);
    }
    return m.group(1);
  }

  interface Task {
    int call(int i) throws Exception;
  }

  /** Completed calls per second of CLIENTS threads, each running the task for RUN_TIME. */
  static double throughput(Task task) throws Exception {
    return throughput(task, CLIENTS);
  }

  /** Completed calls per second of this many threads, each running the task for RUN_TIME. */
  static double throughput(Task task, int clients) throws Exception {
    for (int i = 0; i < 50; i++) {
      task.call(i); // warm-up
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      long end = start + RUN_TIME.toNanos();
      List<Future<Integer>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int offset = c * 37;
        futures.add(
            pool.submit(
                () -> {
                  int n = 0;
                  while (System.nanoTime() < end) {
                    task.call(offset + n);
                    n++;
                  }
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String json(Object o) {
    if (o instanceof Map<?, ?> m) {
      StringBuilder s = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (s.length() > 1) {
          s.append(", ");
        }
        s.append('"').append(e.getKey()).append("\": ").append(json(e.getValue()));
      }
      return s.append('}').toString();
    }
    if (o instanceof List<?> list) {
      return list.stream()
          .map(Benchmarks::json)
          .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    if (o instanceof String str) {
      return '"' + str.replace("\"", "\\\"") + '"';
    }
    return String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  private static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "# Benchmarks (written by ./redline bench)\n\n## Demo city, quota, tiles\n\n");
    md.append(
        "| parcels | generate + load (s) | /api/quota p50 / p99 (ms) | z14 parcel tile p50 / p90 / p99"
            + " (ms) | tiles/s: endpoint (wrk) | tiles/s: bare SQL, default / serial (JDBC) | ratio |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> q = (Map<String, Object>) r.get("quota");
      Map<String, Object> t = (Map<String, Object>) r.get("parcelTileZ14");
      Map<String, Object> tp = (Map<String, Object>) r.get("tileThroughput");
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s / %s | %s / %s / %s | %s | %s / %s | %s |%n",
              (Integer) r.get("parcels"),
              r.get("generateAndLoadSeconds") == null
                  ? "(reused)"
                  : r.get("generateAndLoadSeconds"),
              q.get("p50Ms"),
              q.get("p99Ms"),
              t.get("p50Ms"),
              t.get("p90Ms"),
              t.get("p99Ms"),
              tp.get("endpointTilesPerSecond"),
              tp.get("bareSqlTilesPerSecond"),
              tp.get("bareSerialSqlTilesPerSecond"),
              tp.get("ratio")));
    }
    if (!results.isEmpty()) {
      md.append("\nMachine: ")
          .append(results.get(0).get("machine"))
          .append(". Run: ")
          .append(results.get(0).get("date"))
          .append(". Latencies with one connection; throughput with ")
          .append(CLIENTS)
          .append(" clients each, over the same ")
          .append(TILE_SAMPLE)
          .append(" tiles.\n");
    }
    md.append(
        "\n## A one-polygon change set (a parcel shrunk by 1 %), p50 / p95 in ms\n\n"
            + "| parcels | draft | edit | preview | commit | preview + commit | all four |"
            + " bare SQL: checks + UPDATE + COMMIT | preview + commit ÷ bare (p50) |"
            + " single PUT | PUT ÷ bare (p50) |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> e = (Map<String, Object>) r.get("editing");
      Map<String, Object> ours = (Map<String, Object>) e.get("ours");
      StringBuilder row =
          new StringBuilder(String.format(Locale.ROOT, "| %,d |", (Integer) r.get("parcels")));
      for (String step :
          List.of("draft", "edit", "preview", "commit", "previewAndCommit", "total")) {
        row.append(' ').append(p50p95((Map<String, Object>) ours.get(step))).append(" |");
      }
      row.append(' ')
          .append(p50p95((Map<String, Object>) e.get("bareSql")))
          .append(" | ")
          .append(e.get("factor"))
          .append(" | ")
          .append(e.get("put") == null ? "" : p50p95((Map<String, Object>) e.get("put")))
          .append(" | ")
          .append(e.get("putFactor") == null ? "" : e.get("putFactor"))
          .append(" |\n");
      md.append(row);
    }
    md.append(
        "\n"
            + EditingBenchmark.SAMPLES
            + " change sets per size, each on a parcel of its own, one after another, as the bureau"
            + " logged in with a session (form login).\n");
    md.append(TileBenchmark.markdown(results));
    md.append(OgcBenchmark.markdown(results));
    md.append(ReserveBenchmark.markdown(results));
    md.append(RenovationBenchmark.markdown(results));
    md.append(EfficiencyBenchmark.markdown(results));
    md.append(DashboardBenchmark.markdown(results));
    md.append(ImportBenchmark.markdown(results));
    return md.toString();
  }

  private static String p50p95(Map<String, Object> p) {
    return p.get("p50Ms") + " / " + p.get("p95Ms");
  }

  /**
   * A markdown table of p50 / p99 (ms) of named requests, one row per city size: results hold,
   * under key, the wrk figures of each column's request.
   */
  @SuppressWarnings("unchecked")
  static String latencyTable(
      String heading, String key, Map<String, String> columns, List<Map<String, Object>> results) {
    StringBuilder md = new StringBuilder("\n## ").append(heading).append("\n\n| parcels |");
    columns.values().forEach(header -> md.append(' ').append(header).append(" |"));
    md.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
    for (Map<String, Object> r : results) {
      Map<String, Object> figures = (Map<String, Object>) r.get(key);
      if (figures == null) {
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %,d |", (Integer) r.get("parcels")));
      for (String name : columns.keySet()) {
        Map<String, Object> w = (Map<String, Object>) figures.get(name);
        md.append(' ').append(w.get("p50Ms")).append(" / ").append(w.get("p99Ms")).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }
}
