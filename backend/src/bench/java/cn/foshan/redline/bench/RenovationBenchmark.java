package cn.foshan.redline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests of the renovation progress dashboard (renovation.html), measured by wrk (one
 * connection, as Benchmarks measures the quota): the year's summary per district (cycling through
 * the plan years), the factory alerts of the city, and of one district at a time; p50/p90/p99 in
 * ms.
 */
final class RenovationBenchmark {

  private static final int SECONDS = 10;
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
    result.put("summary", wrk(baseUrl, years));
    result.put("alertsCity", wrk(baseUrl, List.of("/api/factories/alerts")));
    result.put("alertsDistrict", wrk(baseUrl, districts));
    return result;
  }

  private static Map<String, Object> wrk(String base, List<String> paths)
      throws IOException, InterruptedException {
    Path list = Files.createTempFile("redline-renovation-bench", ".txt");
    Path script = Files.createTempFile("redline-renovation-bench", ".lua");
    try {
      Files.write(list, paths);
      Files.writeString(
          script,
          "local paths = {}\n"
              + "for line in io.lines(\""
              + list
              + "\") do paths[#paths + 1] = line end\n"
              + "local i = 0\n"
              + "request = function() i = i + 1; return wrk.format(\"GET\", paths[(i % #paths) + 1]) end\n");
      run("wrk", "-t1", "-c2", "-d3s", "-s", script.toString(), base); // warm-up
      String out =
          run(
              "wrk",
              "-t1",
              "-c1",
              "-d" + SECONDS + "s",
              "--latency",
              "-s",
              script.toString(),
              base);
      if (out.contains("Non-2xx")) {
        throw new IllegalStateException("some requests failed:\n" + out);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("requests", paths.size());
      r.put(
          "requestsPerSecond",
          Math.round(Double.parseDouble(field(out, "Requests/sec:\\s+([0-9.]+)")) * 10) / 10.0);
      r.put("p50Ms", millis(field(out, "\\s50%\\s+([0-9.]+[a-z]+)")));
      r.put("p90Ms", millis(field(out, "\\s90%\\s+([0-9.]+[a-z]+)")));
      r.put("p99Ms", millis(field(out, "\\s99%\\s+([0-9.]+[a-z]+)")));
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

  /** wrk's "850.00us", "1.58ms" or "1.20s" in milliseconds. */
  private static double millis(String value) {
    double number = Double.parseDouble(value.replaceAll("[a-z]+$", ""));
    double ms =
        value.endsWith("us") ? number / 1000 : value.endsWith("ms") ? number : number * 1000;
    return Math.round(ms * 100) / 100.0;
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
