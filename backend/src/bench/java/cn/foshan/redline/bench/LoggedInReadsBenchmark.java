package cn.foshan.redline.bench;

import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a login adds to a read (issue 17, {@code --only loggedin}): the same read endpoints asked
 * anonymous, by a session logged in with the page's form (cookie), with an API token ({@code
 * Authorization: Bearer}) and with HTTP Basic, each kind on a kept-alive connection of its own,
 * interleaved request by request (the order rotating each round) so that all meet the same machine
 * at the same moments; and, in the same rounds, the endpoints' statements run bare over JDBC. The
 * endpoints: the public quota and a z14 parcel tile (all four kinds), and two of the planner's
 * reads ({@code /api/efficiency/trend}, {@code /api/efficiency?level=district}), which need a login
 * (so no anonymous side) and are recorded in the audit log as reads of enterprises' figures.
 *
 * <p>Reported per endpoint and kind: p50 / p95 (ms, timed by the client); for the public endpoints
 * the login's cost over the anonymous request (p50 difference); for the planner's reads the
 * request's cost over its bare SQL, beside what an anonymous public request costs over its bare SQL
 * (the quota): the difference is what the login and the audit record add.
 */
final class LoggedInReadsBenchmark {

  private static final int WARM_UP = 50;
  private static final int SAMPLES = 500;
  private static final java.util.regex.Pattern TILE =
      java.util.regex.Pattern.compile("/(\\d+)/(\\d+)/(\\d+)\\.mvt$");
  private static final String[] KINDS = {"anonymous", "session", "bearer", "basic"};

  /** One read: its paths (cycled), whether it needs a login, and its statements run bare. */
  private record Read(String name, List<String> paths, boolean login, List<Statement> bare) {}

  private record Statement(String sql, Map<String, Object> params) {}

  private LoggedInReadsBenchmark() {}

  static Map<String, Object> measure(String base, DataSource pool) throws Exception {
    JdbcClient jdbc = JdbcClient.create(pool);
    String planner = "planner";
    String password = ServiceClient.PASSWORDS.get(planner);
    String basic = ServiceClient.basic(planner, password);
    String cookie = EfficiencyBenchmark.login(base, planner, password);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> made =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/me/tokens"))
                .header("Authorization", basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"loggedin benchmark\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (made.statusCode() != 201) {
      throw new IllegalStateException("no token: " + made.statusCode() + " " + made.body());
    }
    String bearer =
        "Bearer "
            + ServiceClient.json(made.body().getBytes(StandardCharsets.UTF_8))
                .get("secret")
                .asString();
    Map<String, String[]> headers = new LinkedHashMap<>();
    headers.put("anonymous", new String[0]);
    headers.put("session", new String[] {"Cookie", cookie});
    headers.put("bearer", new String[] {"Authorization", bearer});
    headers.put("basic", new String[] {"Authorization", basic});

    if (jdbc.sql("SELECT count(*) FROM unit_efficiency").query(Long.class).single() == 0) {
      // the figures are the bureau's to compute
      String bureau =
          EfficiencyBenchmark.login(base, "bureau", ServiceClient.PASSWORDS.get("bureau"));
      for (int year :
          jdbc.sql("SELECT DISTINCT year FROM annual_indicator ORDER BY year")
              .query(Integer.class)
              .list()) {
        EfficiencyBenchmark.send(base, "POST", "/api/efficiency/recompute?year=" + year, bureau);
      }
    }
    List<Read> reads = reads(jdbc);

    // one connection per read and kind, so that every request is on a kept-alive connection
    Map<String, HttpClient> clients = new LinkedHashMap<>();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (Read r : reads) {
      for (String kind : KINDS) {
        if (kind.equals("anonymous") && r.login()) {
          continue;
        }
        clients.put(
            r.name() + "/" + kind,
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        times.put(r.name() + "/" + kind, new ArrayList<>(SAMPLES));
      }
      times.put(r.name() + "/bare", new ArrayList<>(SAMPLES));
    }
    List<String> sides = new ArrayList<>(times.keySet());
    for (int i = 0; i < WARM_UP + SAMPLES; i++) {
      for (int j = 0; j < sides.size(); j++) {
        String side = sides.get((i + j) % sides.size());
        String name = side.substring(0, side.indexOf('/'));
        String kind = side.substring(side.indexOf('/') + 1);
        Read r = reads.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        String path = r.paths().get(i % r.paths().size());
        long start = System.nanoTime();
        if (kind.equals("bare")) {
          run(jdbc, r.bare(), path);
        } else {
          HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
          String[] h = headers.get(kind);
          if (h.length > 0) {
            request.header(h[0], h[1]);
          }
          HttpResponse<byte[]> response =
              clients.get(side).send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
          if (response.statusCode() != 200) {
            throw new IllegalStateException(
                side
                    + " "
                    + path
                    + " answered "
                    + response.statusCode()
                    + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
          }
        }
        if (i >= WARM_UP) {
          times.get(side).add((System.nanoTime() - start) / 1e6);
        }
      }
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("samplesEach", SAMPLES);
    result.put("loadAverage", loadAverage());
    double quotaOverBare = 0;
    for (Read r : reads) {
      Map<String, Object> at = new LinkedHashMap<>();
      at.put("path", r.paths().get(0) + (r.paths().size() > 1 ? " (…)" : ""));
      Map<String, Double> p50 = new LinkedHashMap<>();
      for (String side : sides) {
        if (side.startsWith(r.name() + "/")) {
          String kind = side.substring(side.indexOf('/') + 1);
          Map<String, Object> p = percentiles(times.get(side));
          at.put(kind, p);
          p50.put(kind, (Double) p.get("p50Ms"));
        }
      }
      Map<String, Double> added = new LinkedHashMap<>();
      for (String kind : KINDS) {
        if (!p50.containsKey(kind)) {
          continue;
        }
        if (p50.containsKey("anonymous")) {
          if (!kind.equals("anonymous")) {
            added.put(kind + "OverAnonymousP50Ms", round3(p50.get(kind) - p50.get("anonymous")));
          }
        } else {
          added.put(kind + "OverBareP50Ms", round3(p50.get(kind) - p50.get("bare")));
        }
      }
      if (r.name().equals("quota")) {
        quotaOverBare = p50.get("anonymous") - p50.get("bare");
        added.put("anonymousOverBareP50Ms", round3(quotaOverBare));
      } else if (r.login()) {
        // what the login (and the read's audit record) adds over an anonymous request's own cost
        for (String kind : List.of("session", "bearer", "basic")) {
          added.put(
              kind + "AddsOverAnAnonymousRequestP50Ms",
              round3(p50.get(kind) - p50.get("bare") - quotaOverBare));
        }
      }
      at.put("added", added);
      result.put(r.name(), at);
      System.out.println("loggedin: " + r.name() + " " + at);
    }
    return result;
  }

  /** The reads, the public ones first (the quota's cost over its SQL is the anonymous baseline). */
  private static List<Read> reads(JdbcClient jdbc) {
    List<Read> reads = new ArrayList<>();
    reads.add(
        new Read(
            "quota",
            List.of("/api/quota"),
            false,
            List.of(new Statement(SqlFiles.load("redline/select_quota.sql"), Map.of()))));
    List<String> tiles =
        Benchmarks.sampleTiles(jdbc).stream()
            .limit(20)
            .map(t -> "/tiles/parcel/14/" + t[0] + "/" + t[1] + ".mvt")
            .toList();
    // the tile's bare side is its SQL with the tile's numbers (see Benchmarks.BARE_TILE_SQL)
    String tileSql =
        "WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS merc,"
            + " ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,"
            + " :z AS z, 360.0 / (4096 * 2 ^ :z) AS pixel)"
            + " SELECT coalesce(ST_AsMVT(tile, 'parcel', 4096, 'geom', 'id'), '\\x'::bytea)"
            + " FROM ("
            + SqlFiles.load("parcel/select_parcel_tile_features.sql")
            + ") AS tile";
    reads.add(new Read("parcelTileZ14", tiles, false, List.of(new Statement(tileSql, null))));
    Integer year =
        jdbc.sql("SELECT max(year) FROM unit_efficiency WHERE level = 'city'")
            .query(Integer.class)
            .single();
    Statement years = new Statement(SqlFiles.load("efficiency/select_years.sql"), Map.of());
    reads.add(
        new Read(
            "efficiencyTrend",
            List.of("/api/efficiency/trend?level=city&indicator=taxPerMu"),
            true,
            List.of(
                new Statement(
                    SqlTemplate.load("efficiency/select_trend.sql", "indicator")
                        .identifier("indicator", "tax_per_mu")
                        .sql(),
                    Map.of("level", "city", "code", "city")))));
    Map<String, Object> units = new LinkedHashMap<>();
    units.put("year", year);
    units.put("level", "district");
    units.put("district", null);
    units.put("cluster", null);
    reads.add(
        new Read(
            "efficiencyDistricts",
            List.of("/api/efficiency?level=district&year=" + year),
            true,
            List.of(
                years,
                new Statement(
                    SqlFiles.load("efficiency/select_active_model.sql"), Map.of("year", year)),
                new Statement(SqlFiles.load("efficiency/select_units.sql"), units))));
    return reads;
  }

  /** Runs the statements (a tile's with the numbers of its path), reading every column. */
  private static void run(JdbcClient jdbc, List<Statement> statements, String path) {
    for (Statement s : statements) {
      Map<String, Object> params = s.params();
      if (params == null) {
        java.util.regex.Matcher zxy = TILE.matcher(path);
        if (!zxy.find()) {
          throw new IllegalStateException("not a tile: " + path);
        }
        params =
            Map.of(
                "z",
                Integer.parseInt(zxy.group(1)),
                "x",
                Integer.parseInt(zxy.group(2)),
                "y",
                Integer.parseInt(zxy.group(3)));
      }
      jdbc.sql(s.sql())
          .params(params)
          .query(
              (ResultSet rs) -> {
                int columns = rs.getMetaData().getColumnCount();
                for (int c = 1; c <= columns; c++) {
                  rs.getObject(c);
                }
              });
    }
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static Map<String, Object> percentiles(List<Double> times) {
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    Map<String, Object> p = new LinkedHashMap<>();
    for (int q : new int[] {50, 95}) {
      int index = (int) Math.min(sorted.length - 1, Math.ceil(q / 100.0 * sorted.length) - 1);
      p.put("p" + q + "Ms", round3(sorted[Math.max(0, index)]));
    }
    return p;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
