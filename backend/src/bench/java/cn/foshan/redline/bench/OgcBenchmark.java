package cn.foshan.redline.bench;

import cn.foshan.redline.system.SqlFiles;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * OGC API – Features: pages of 1,000 parcels from {@code /ogc/collections/parcel/items} (wrk,
 * latency with one connection, throughput with two) against the same query's GeoJSON read straight
 * from PostgreSQL over JDBC (two clients, reading each feature's bytes as the driver received
 * them): the cost of the service around the database's bytes. Pages start after keys drawn across
 * the whole layer, so deep pages count as much as the first.
 */
final class OgcBenchmark {

  private static final int PAGE = 1000;
  private static final int PAGES = 50;

  /** Rounds of the two sides in turn; the round of the median ratio is reported (odd). */
  private static final int ROUNDS = 5;

  private OgcBenchmark() {}

  static Map<String, Object> measure(String base, DataSource db) throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(db);
    jdbc.setFetchSize(500);
    List<Long> starts =
        jdbc.queryForList(
            "SELECT id FROM parcel ORDER BY md5('ogc' || id) LIMIT ?", Long.class, PAGES);
    List<String> paths =
        starts.stream()
            .map(k -> "/ogc/collections/parcel/items?limit=" + PAGE + "&after=" + k)
            .toList();
    String features = SqlFiles.load("parcel/select_parcel_features.sql");
    String sql =
        SqlFiles.load("ogc/select_items.sql")
            .replace("/*features*/", features)
            .replace("/*bbox*/", "")
            .replace(
                "/*after*/",
                SqlFiles.load("ogc/after_filter.sql").strip().replace("/*key*/", "bigint"))
            .replace(":after", "?")
            .replace(":limit", "?")
            .replace(":offset", "?");
    Map<String, Object> latency = Benchmarks.wrk(base, paths, 1);
    // the two sides take turns, round by round: a machine whose speed drifts (other work on the
    // host) moves both sides of a round alike, where one long run of each would not
    List<Map<String, Object>> rounds = new java.util.ArrayList<>();
    List<Double> ratios = new java.util.ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      double endpoint = (Double) Benchmarks.wrk(base, paths, 2).get("requestsPerSecond");
      double bare =
          Benchmarks.throughput(
              i -> {
                long[] bytes = {0};
                jdbc.query(
                    sql,
                    rs -> {
                      bytes[0] += rs.getBytes(1).length;
                    },
                    String.valueOf(starts.get(i % starts.size())),
                    PAGE,
                    0L);
                return (int) bytes[0];
              });
      double ratio = Math.round(endpoint / bare * 1000) / 1000.0;
      ratios.add(ratio);
      Map<String, Object> turn = new java.util.LinkedHashMap<>();
      turn.put("endpointPagesPerSecond", endpoint);
      turn.put("bareSqlPagesPerSecond", Benchmarks.round(bare));
      turn.put("ratio", ratio);
      rounds.add(turn);
    }
    double medianRatio = ratios.stream().sorted().toList().get(ROUNDS / 2);
    Map<String, Object> median = rounds.get(ratios.indexOf(medianRatio));
    Map<String, Object> r = new java.util.LinkedHashMap<>();
    r.put("pageSize", PAGE);
    r.put("latency", latency);
    r.put("rounds", rounds);
    r.put("endpointPagesPerSecond", median.get("endpointPagesPerSecond"));
    r.put("bareSqlPagesPerSecond", median.get("bareSqlPagesPerSecond"));
    r.put("ratio", median.get("ratio"));
    return r;
  }

  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "\n## OGC API – Features: pages of "
                + PAGE
                + " parcels\n\n"
                + "| parcels | p50 / p90 / p99 (ms, 1 conn.) | pages/s: endpoint (wrk, 2 conn.) |"
                + " pages/s: same SQL over JDBC (2 clients) | ratio |\n|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> o = (Map<String, Object>) r.get("ogc");
      Map<String, Object> l = (Map<String, Object>) o.get("latency");
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s / %s / %s | %s | %s | %s |%n",
              (Integer) r.get("parcels"),
              l.get("p50Ms"),
              l.get("p90Ms"),
              l.get("p99Ms"),
              o.get("endpointPagesPerSecond"),
              o.get("bareSqlPagesPerSecond"),
              o.get("ratio")));
    }
    return md.append(
            "\nPages start after "
                + PAGES
                + " keys drawn across the layer; the bare side reads the same rows (GeoJSON texts"
                + " made by PostGIS) and discards them. The two sides take turns in "
                + ROUNDS
                + " rounds; the round of the median ratio is shown.\n")
        .toString();
  }
}
