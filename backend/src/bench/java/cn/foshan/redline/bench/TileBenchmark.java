package cn.foshan.redline.bench;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The map's tile of every layer it shows at z14 (one request for all of them, {@code
 * /tiles/{z}/{x}/{y}.mvt?layers=…}) against the bare SQL of the same multi-layer tile (bounds and
 * one {@code ST_AsMVT} per layer, concatenated) over JDBC, at 2 and at 8 connections, the two sides
 * taking turns; and the bytes on the wire of a z14 tile and of an OGC page of 1,000 parcels, plain
 * and gzipped.
 */
final class TileBenchmark {

  private static final int ZOOM = 14;

  private static final int[] CONNECTIONS = {2, 8};

  /** Rounds of the two sides in turn at each number of connections; the median is reported. */
  private static final int ROUNDS = 3;

  private TileBenchmark() {}

  static Map<String, Object> measure(
      String base, LayerCatalog catalog, String url, List<int[]> tiles) throws Exception {
    List<FeatureLayer> layers =
        catalog.all().stream()
            // the layers the map shows when it opens
            .filter(l -> l.shownAtStart() && l.minZoom() <= ZOOM)
            .toList();
    String names = layers.stream().map(FeatureLayer::id).collect(Collectors.joining(","));
    List<String> paths =
        tiles.stream()
            .map(t -> "/tiles/" + ZOOM + "/" + t[0] + "/" + t[1] + ".mvt?layers=" + names)
            .toList();
    // the bare query: the layers' own tile queries, as one would write them without the service
    String bareSql =
        "WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS merc,"
            + " ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,"
            + " :z AS z, 360.0 / (4096 * 2 ^ :z) AS pixel) SELECT "
            + layers.stream()
                .map(
                    l ->
                        "(SELECT coalesce(ST_AsMVT(tile, '"
                            + l.id()
                            + "', 4096, 'geom', 'id'), '\\x'::bytea) FROM ("
                            + l.tileFeaturesSql()
                            + ") AS tile)")
                .collect(Collectors.joining(" || "));

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("layers", names);
    r.put("bytes", bytes(base, tiles, names));
    r.put("latency", Benchmarks.wrk(base, paths, 1));
    r.put("z16", light(base, url, tiles, names, bareSql));
    for (int connections : CONNECTIONS) {
      try (HikariDataSource bare = Benchmarks.pool(url, "SET jit = off", connections)) {
        JdbcClient jdbc = JdbcClient.create(bare);
        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          double endpoint =
              (Double) Benchmarks.wrk(base, paths, connections).get("requestsPerSecond");
          double direct = Benchmarks.bareThroughput(jdbc, bareSql, tiles, connections);
          double ratio = Math.round(endpoint / direct * 1000) / 1000.0;
          ratios.add(ratio);
          Map<String, Object> turn = new LinkedHashMap<>();
          turn.put("endpointTilesPerSecond", endpoint);
          turn.put("bareSqlTilesPerSecond", Benchmarks.round(direct));
          turn.put("ratio", ratio);
          rounds.add(turn);
        }
        double median = ratios.stream().sorted().toList().get(ROUNDS / 2);
        Map<String, Object> at = new LinkedHashMap<>(rounds.get(ratios.indexOf(median)));
        at.put("rounds", rounds);
        r.put("connections" + connections, at);
      }
    }
    return r;
  }

  /**
   * Light tiles: z16 tiles inside the sampled z14 ones, p50 of the endpoint (wrk, one connection)
   * against p50 of the same bare SQL over JDBC (one connection), the sides taking turns; the round
   * of the median difference.
   */
  private static Map<String, Object> light(
      String base, String url, List<int[]> tiles, String names, String bareSql) throws Exception {
    int z = 16;
    List<int[]> light = tiles.stream().map(t -> new int[] {t[0] * 4 + 1, t[1] * 4 + 1}).toList();
    List<String> paths =
        light.stream()
            .map(t -> "/tiles/" + z + "/" + t[0] + "/" + t[1] + ".mvt?layers=" + names)
            .toList();
    List<Map<String, Object>> rounds = new ArrayList<>();
    List<Double> added = new ArrayList<>();
    try (HikariDataSource one = Benchmarks.pool(url, "SET jit = off", 1)) {
      JdbcClient jdbc = JdbcClient.create(one);
      for (int round = 0; round < ROUNDS; round++) {
        double endpoint = (Double) Benchmarks.wrk(base, paths, 1, Map.of(), 2, 10).get("p50Ms");
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + 10_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
          int[] t = light.get(i % light.size());
          long start = System.nanoTime();
          jdbc.sql(bareSql)
              .param("z", z)
              .param("x", t[0])
              .param("y", t[1])
              .query(byte[].class)
              .single();
          ms.add((System.nanoTime() - start) / 1e6);
        }
        double bare = ms.stream().sorted().toList().get(ms.size() / 2);
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("endpointP50Ms", endpoint);
        turn.put("bareSqlP50Ms", Math.round(bare * 100) / 100.0);
        turn.put("addedMs", Math.round((endpoint - bare) * 100) / 100.0);
        added.add((Double) turn.get("addedMs"));
        rounds.add(turn);
      }
    }
    double median = added.stream().sorted().toList().get(ROUNDS / 2);
    Map<String, Object> at = new LinkedHashMap<>(rounds.get(added.indexOf(median)));
    at.put("rounds", rounds);
    return at;
  }

  /**
   * Mean plain and gzipped bytes of the z14 tiles (parcels alone, and all layers) and an OGC page.
   */
  private static Map<String, Object> bytes(String base, List<int[]> tiles, String names)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Object> r = new LinkedHashMap<>();
    List<String> parcelTiles = new ArrayList<>();
    List<String> combinedTiles = new ArrayList<>();
    for (int[] t : tiles) {
      parcelTiles.add("/tiles/parcel/" + ZOOM + "/" + t[0] + "/" + t[1] + ".mvt");
      combinedTiles.add("/tiles/" + ZOOM + "/" + t[0] + "/" + t[1] + ".mvt?layers=" + names);
    }
    r.put("parcelTileZ14", meanBytes(http, base, parcelTiles));
    r.put("combinedTileZ14", meanBytes(http, base, combinedTiles));
    r.put(
        "ogcPage1000", meanBytes(http, base, List.of("/ogc/collections/parcel/items?limit=1000")));
    return r;
  }

  private static Map<String, Object> meanBytes(HttpClient http, String base, List<String> paths)
      throws Exception {
    long plain = 0;
    long gzipped = 0;
    for (String path : paths) {
      plain += size(http, base + path, false);
      gzipped += size(http, base + path, true);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("plainBytes", plain / paths.size());
    r.put("gzipBytes", gzipped / paths.size());
    r.put("ratio", Math.round(gzipped * 1000.0 / plain) / 1000.0);
    return r;
  }

  private static long size(HttpClient http, String url, boolean gzip) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    // a response under server.compression.min-response-size goes plain, asked or not
    if (response.statusCode() != 200
        || (!gzip && response.headers().firstValue("Content-Encoding").isPresent())) {
      throw new IllegalStateException(url + " (gzip " + gzip + "): " + response);
    }
    return response.body().length;
  }

  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "\n## One tile of every layer shown (z14)\n\n"
                + "| parcels | p50 / p99 (ms, 1 conn.) | 2 conn.: endpoint / bare SQL tiles/s |"
                + " ratio | 8 conn.: endpoint / bare SQL tiles/s | ratio | z16 p50: endpoint / bare SQL"
                + " (ms), added | bytes plain → gzip: parcel tile, all-layer tile, OGC page |\n"
                + "|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> c = (Map<String, Object>) r.get("combinedTiles");
      if (c == null) {
        continue;
      }
      Map<String, Object> l = (Map<String, Object>) c.get("latency");
      Map<String, Object> two = (Map<String, Object>) c.get("connections2");
      Map<String, Object> eight = (Map<String, Object>) c.get("connections8");
      Map<String, Object> b = (Map<String, Object>) c.get("bytes");
      Map<String, Object> z16 = (Map<String, Object>) c.getOrDefault("z16", Map.of());
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s / %s | %s / %s | %s | %s / %s | %s | %s / %s, %s | %s, %s, %s |%n",
              (Integer) r.get("parcels"),
              l.get("p50Ms"),
              l.get("p99Ms"),
              two.get("endpointTilesPerSecond"),
              two.get("bareSqlTilesPerSecond"),
              two.get("ratio"),
              eight.get("endpointTilesPerSecond"),
              eight.get("bareSqlTilesPerSecond"),
              eight.get("ratio"),
              z16.get("endpointP50Ms"),
              z16.get("bareSqlP50Ms"),
              z16.get("addedMs"),
              sizes((Map<String, Object>) b.get("parcelTileZ14")),
              sizes((Map<String, Object>) b.get("combinedTileZ14")),
              sizes((Map<String, Object>) b.get("ogcPage1000"))));
    }
    return md.toString();
  }

  private static String sizes(Map<String, Object> s) {
    return s.get("plainBytes") + " → " + s.get("gzipBytes");
  }
}
