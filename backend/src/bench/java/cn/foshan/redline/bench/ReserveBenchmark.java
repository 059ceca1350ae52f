package cn.foshan.redline.bench;

import java.util.LinkedHashMap;
import java.util.List;
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
  static String markdown(List<Map<String, Object>> results) {
    Map<String, String> columns = new LinkedHashMap<>();
    REQUESTS.forEach((name, path) -> columns.put(name, path.replace("/api/reserve", "")));
    columns.put("summary", "/api/reserve/summary");
    return Benchmarks.latencyTable(
        "The reserve dashboard (reserve.html), p50 / p99 in ms, one connection",
        "reserve",
        columns,
        results);
  }
}
