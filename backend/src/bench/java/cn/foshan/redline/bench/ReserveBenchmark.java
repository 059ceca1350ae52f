package cn.foshan.redline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reserve dashboard (reserve.html): each of the requests it makes on opening, measured with wrk
 * (one connection, as one person opening the page): p50/p90/p99 latency in ms.
 */
final class ReserveBenchmark {

  /** The dashboard's requests, as reserve.js makes them. */
  static final Map<String, String> REQUESTS = new LinkedHashMap<>();

  static {
    REQUESTS.put("summary", "/api/reserve/summary");
    REQUESTS.put("flows", "/api/reserve/flows?months=24");
    REQUESTS.put("stageDurations", "/api/reserve/stage-durations");
    REQUESTS.put("pieces", "/api/reserve/pieces?limit=500");
  }

  private ReserveBenchmark() {}

  static Map<String, Object> measure(String baseUrl) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<String, String> request : REQUESTS.entrySet()) {
      result.put(request.getKey(), Benchmarks.wrk(baseUrl, List.of(request.getValue()), 1));
    }
    return result;
  }

  /** The table of the benchmark summary: p50 / p99 (ms) of each request, per city size. */
  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "\n## The reserve dashboard (reserve.html), p50 / p99 in ms, one connection\n\n"
                + "| parcels | /api/reserve/summary | /flows?months=24 | /stage-durations |"
                + " /pieces?limit=500 |\n|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> reserve = (Map<String, Object>) r.get("reserve");
      if (reserve == null) {
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %,d |", (Integer) r.get("parcels")));
      for (String name : REQUESTS.keySet()) {
        Map<String, Object> w = (Map<String, Object>) reserve.get(name);
        md.append(' ').append(w.get("p50Ms")).append(" / ").append(w.get("p99Ms")).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }
}
