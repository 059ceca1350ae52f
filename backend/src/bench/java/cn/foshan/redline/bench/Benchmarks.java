package cn.foshan.redline.bench;

import cn.foshan.redline.RedlineApplication;
import cn.foshan.redline.gisdata.DemoCity;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TestSupport;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The foundation's benchmarks, on the demo city at each requested size (default 20,000 and
 * 1,000,000 parcels), each in a database of its own ({@code redline_bench_<parcels>}):
 *
 * <ul>
 *   <li>the time to generate and load the city (when it is made in this run);
 *   <li>p50/p95 latency of {@code GET /api/quota} and of z14 parcel tiles, sequential requests to
 *       the running service;
 *   <li>the throughput of the tile endpoint against the same tile SQL run bare over JDBC (2 clients
 *       each, same tiles): the cost of the HTTP layer.
 * </ul>
 *
 * Results go to {@code <out>/foundation-<parcels>.json} and {@code <out>/foundation.md}. Run with
 * {@code ./redline bench [--parcels 20000,1000000] [--regenerate]}.
 */
public final class Benchmarks {

  private static final String BASE_URL =
      System.getenv()
          .getOrDefault("REDLINE_BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/");
  private static final String USER =
      System.getenv().getOrDefault("REDLINE_BENCH_DATABASE_USER", "redline");
  private static final String PASSWORD =
      System.getenv().getOrDefault("REDLINE_BENCH_DATABASE_PASSWORD", "redline");
  private static final int ZOOM = 14;
  private static final int TILE_SAMPLE = 100;
  private static final Duration THROUGHPUT_TIME = Duration.ofSeconds(20);
  private static final int CLIENTS = 2;

  /** The tile query alone, as one would run it without the service: bounds and ST_AsMVT. */
  private static final String BARE_TILE_SQL =
      "WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS merc,"
          + " ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,"
          + " :z AS z, 360.0 / (4096 * 2 ^ :z) AS pixel)"
          + " SELECT coalesce(ST_AsMVT(tile, :layer_name, 4096, 'geom', 'id'), '\\x'::bytea)"
          + " FROM (/*features*/) AS tile";

  private final HttpClient http = HttpClient.newHttpClient();

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(20_000, 1_000_000);
    Path out = Path.of("docs/bench-results");
    boolean regenerate = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--parcels" ->
            sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--out" -> out = Path.of(args[++i]);
        case "--regenerate" -> regenerate = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(out);
    Benchmarks bench = new Benchmarks();
    List<Map<String, Object>> all = new ArrayList<>();
    for (int parcels : sizes) {
      Map<String, Object> result = bench.run(parcels, regenerate);
      all.add(result);
      Files.writeString(
          out.resolve("foundation-" + parcels + ".json"), json(result), StandardCharsets.UTF_8);
    }
    Files.writeString(out.resolve("foundation.md"), markdown(all), StandardCharsets.UTF_8);
    System.out.println(markdown(all));
    System.exit(0);
  }

  private Map<String, Object> run(int parcels, boolean regenerate) throws Exception {
    String database = "redline_bench_" + parcels;
    String url = BASE_URL + database;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("parcels", parcels);
    result.put("date", Instant.now().toString());
    result.put(
        "machine",
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("java.version"));
    result.put("generateAndLoadSeconds", prepare(url, database, parcels, regenerate));

    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(RedlineApplication.class)
            .run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=" + PASSWORD,
                "--redline.demo.enabled=false",
                "--logging.level.root=WARN");
    try (HikariDataSource bare = new HikariDataSource()) {
      bare.setJdbcUrl(url);
      bare.setUsername(USER);
      bare.setPassword(PASSWORD);
      bare.setMaximumPoolSize(CLIENTS);
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      List<int[]> tiles = sampleTiles(JdbcClient.create(bare));

      result.put("quota", latency(base, List.of("/api/quota"), 30, 300));
      List<String> tilePaths =
          tiles.stream()
              .map(t -> "/tiles/parcel/" + ZOOM + "/" + t[0] + "/" + t[1] + ".mvt")
              .toList();
      result.put("parcelTileZ14", latency(base, tilePaths, tilePaths.size(), 3 * tilePaths.size()));

      String sql =
          BARE_TILE_SQL.replace(
              "/*features*/", SqlFiles.load("parcel/select_parcel_tile_features.sql"));
      JdbcClient jdbc = JdbcClient.create(bare);
      double endpoint = throughput(i -> fetch(base + tilePaths.get(i % tilePaths.size())));
      double direct =
          throughput(
              i -> {
                int[] t = tiles.get(i % tiles.size());
                return jdbc.sql(sql)
                    .param("layer_name", "parcel")
                    .param("z", ZOOM)
                    .param("x", t[0])
                    .param("y", t[1])
                    .query(byte[].class)
                    .single()
                    .length;
              });
      Map<String, Object> tp = new LinkedHashMap<>();
      tp.put("clients", CLIENTS);
      tp.put("endpointTilesPerSecond", round(endpoint));
      tp.put("bareSqlTilesPerSecond", round(direct));
      tp.put("ratio", Math.round(endpoint / direct * 1000) / 1000.0);
      result.put("tileThroughput", tp);
    } finally {
      app.close();
    }
    return result;
  }

  /**
   * Makes the demo city in its own database unless it is there; returns the seconds it took, or
   * null.
   */
  private static Double prepare(String url, String database, int parcels, boolean regenerate)
      throws Exception {
    TestSupport.ensureDatabase(url, USER, PASSWORD);
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD)) {
      if (!regenerate && holds(c, parcels)) {
        System.out.println(database + " already holds the demo city; not regenerated");
        return null;
      }
    }
    try (Connection c = DriverManager.getConnection(BASE_URL + "postgres", USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
    TestSupport.ensureDatabase(url, USER, PASSWORD);
    long start = System.nanoTime();
    Flyway.configure()
        .dataSource(url, USER, PASSWORD)
        .locations("classpath:db/migration")
        .load()
        .migrate();
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
  private static List<int[]> sampleTiles(JdbcClient jdbc) {
    return jdbc.sql(
            "WITH p AS (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS g FROM parcel"
                + " ORDER BY md5(id::text) LIMIT 2000),"
                + " t AS (SELECT DISTINCT floor((ST_X(g) + 20037508.342789244) / (40075016.68557849 / 2 ^ :z))::int AS x,"
                + " floor((20037508.342789244 - ST_Y(g)) / (40075016.68557849 / 2 ^ :z))::int AS y FROM p)"
                + " SELECT x, y FROM t ORDER BY md5(x || '/' || y) LIMIT :n")
        .param("z", ZOOM)
        .param("n", TILE_SAMPLE)
        .query((rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)})
        .list();
  }

  private int fetch(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return r.body().length;
  }

  /** Sequential requests: warm-up, then the timed ones; p50, p95, mean (ms) and mean bytes. */
  private Map<String, Object> latency(String base, List<String> paths, int warmup, int requests)
      throws Exception {
    for (int i = 0; i < warmup; i++) {
      fetch(base + paths.get(i % paths.size()));
    }
    double[] ms = new double[requests];
    long bytes = 0;
    for (int i = 0; i < requests; i++) {
      long t = System.nanoTime();
      bytes += fetch(base + paths.get(i % paths.size()));
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requests", requests);
    r.put("p50Ms", round(ms[requests / 2]));
    r.put("p95Ms", round(ms[(int) (requests * 0.95)]));
    r.put("meanMs", round(Arrays.stream(ms).average().orElse(0)));
    r.put("meanBytes", bytes / requests);
    return r;
  }

  interface Task {
    int call(int i) throws Exception;
  }

  /** Completed calls per second of CLIENTS threads, each running the task for THROUGHPUT_TIME. */
  private static double throughput(Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int i = 0; i < 20; i++) {
        task.call(i); // warm-up
      }
      long end = System.nanoTime() + THROUGHPUT_TIME.toNanos();
      List<Future<Integer>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int offset = c * 37;
        Callable<Integer> worker =
            () -> {
              int n = 0;
              while (System.nanoTime() < end) {
                task.call(offset + n);
                n++;
              }
              return n;
            };
        futures.add(pool.submit(worker));
      }
      long start = System.nanoTime();
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get();
      }
      double seconds = Math.max(THROUGHPUT_TIME.toNanos(), System.nanoTime() - start) / 1e9;
      return total / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  @SuppressWarnings("unchecked")
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
    if (o instanceof String str) {
      return '"' + str.replace("\"", "\\\"") + '"';
    }
    return String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  private static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder("# Foundation benchmarks (generated by ./redline bench)\n\n");
    md.append(
        "| parcels | generate + load (s) | /api/quota p50 / p95 (ms) | z14 parcel tile p50 / p95 (ms) | tile bytes (mean) | tiles/s endpoint | tiles/s bare SQL | ratio |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> q = (Map<String, Object>) r.get("quota");
      Map<String, Object> t = (Map<String, Object>) r.get("parcelTileZ14");
      Map<String, Object> tp = (Map<String, Object>) r.get("tileThroughput");
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s / %s | %s / %s | %,d | %s | %s | %s |%n",
              (Integer) r.get("parcels"),
              r.get("generateAndLoadSeconds") == null
                  ? "(reused)"
                  : r.get("generateAndLoadSeconds"),
              q.get("p50Ms"),
              q.get("p95Ms"),
              t.get("p50Ms"),
              t.get("p95Ms"),
              (Long) t.get("meanBytes"),
              tp.get("endpointTilesPerSecond"),
              tp.get("bareSqlTilesPerSecond"),
              tp.get("ratio")));
    }
    md.append("\nMachine: ")
        .append(results.isEmpty() ? "" : results.get(0).get("machine"))
        .append(". Run: ")
        .append(results.isEmpty() ? "" : results.get(0).get("date"))
        .append(".\n");
    return md.toString();
  }
}
