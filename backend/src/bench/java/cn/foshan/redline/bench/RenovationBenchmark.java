package cn.foshan.redline.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of the renovation progress dashboard (renovation.html), measured by wrk (one
 * connection, as Benchmarks measures the quota; {@link Benchmarks#wrk}): the year's summary per
 * district (cycling through the plan years), the factory alerts of the city, and of one district at
 * a time; p50/p90/p99 in ms.
 */
final class RenovationBenchmark {

  private static final List<String> DISTRICTS =
      List.of("440604", "440605", "440606", "440607", "440608");

  private RenovationBenchmark() {}

  static Map<String, Object> measure(String baseUrl) throws IOException, InterruptedException {
    List<String> years = new ArrayList<>();
    for (int y = 2019; y <= 2027; y++) {
      years.add("/api/renovation/summary?year=" + y);
    }
    List<String> districts =
        DISTRICTS.stream().map(d -> "/api/factories/alerts?district=" + d).toList();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("summary", Benchmarks.wrk(baseUrl, years, 1));
    result.put("alertsCity", Benchmarks.wrk(baseUrl, List.of("/api/factories/alerts"), 1));
    result.put("alertsDistrict", Benchmarks.wrk(baseUrl, districts, 1));
    return result;
  }

  /** The table of the benchmark summary: p50 / p99 (ms) of each request, per city size. */
  static String markdown(List<Map<String, Object>> results) {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("summary", "/api/renovation/summary?year=");
    columns.put("alertsCity", "/api/factories/alerts (city)");
    columns.put("alertsDistrict", "/api/factories/alerts?district=");
    return Benchmarks.latencyTable(
        "Renovation progress dashboard (renovation.html), p50 / p99 in ms, one connection",
        "renovation",
        columns,
        results);
  }
}
