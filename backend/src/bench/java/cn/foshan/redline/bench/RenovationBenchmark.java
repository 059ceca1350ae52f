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

  /** The markdown table of the results, one row per city size. */
  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "\n## Renovation progress dashboard (renovation.html), p50 / p99 in ms, one connection\n\n"
                + "| parcels | /api/renovation/summary?year= | /api/factories/alerts (city) |"
                + " /api/factories/alerts?district= |\n|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> m = (Map<String, Object>) r.get("renovation");
      if (m == null) {
        continue;
      }
      md.append(String.format(java.util.Locale.ROOT, "| %,d |", (Integer) r.get("parcels")));
      for (String k : List.of("summary", "alertsCity", "alertsDistrict")) {
        Map<String, Object> x = (Map<String, Object>) m.get(k);
        md.append(' ').append(x.get("p50Ms")).append(" / ").append(x.get("p99Ms")).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }
}
