package cn.foshan.redline.bench;

import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Per-mu efficiency (issue 4): the time to recompute a year (indicators, compliance check, the kept
 * distributions and summaries, grades of the active model, and the {@code VACUUM (ANALYZE)} of the
 * derived tables after the transaction) through {@code POST /api/efficiency/recompute}, against the
 * same statements run alone over JDBC as the schema's owner, in one transaction followed by the
 * same {@code VACUUM (ANALYZE)} (the hand-written SQL, no service around it); the sides take turns
 * (ours, bare, ours, bare), so that a change of the machine's load hits both; and p50 / p95 / p99
 * of the planner's typical query (a tax-per-mu threshold in one cluster, first page of 100)
 * measured by wrk with a logged-in session, cycling through the clusters.
 */
final class EfficiencyBenchmark {

  private static final int YEAR = 2025;

  /** Rounds of the two sides (REDLINE_BENCH_EFFICIENCY_RUNS, 2 unless told): the best of each. */
  private static final int RUNS =
      Integer.parseInt(System.getenv().getOrDefault("REDLINE_BENCH_EFFICIENCY_RUNS", "2"));

  /**
   * The derived tables the recompute vacuums after its transaction (Recompute.vacuum: without
   * autovacuum the year's dead rows would stay, and the next side would read past them).
   */
  private static final String VACUUM =
      "VACUUM (ANALYZE) enterprise_efficiency, parcel_efficiency, unit_efficiency,"
          + " cluster_district_efficiency, parcel_breach, enterprise_grade, parcel_grade";

  private static final SqlTemplate DELETE_GRADES =
      SqlTemplate.load("efficiency/delete_grades.sql", "grades");
  private static final SqlTemplate INSERT_GRADES =
      SqlTemplate.load("efficiency/insert_grades.sql", "graded", "grades", "key");

  private EfficiencyBenchmark() {}

  static Map<String, Object> measure(String base, DataSource bare) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    String cookie = login(base, "bureau", "bureau-2026");
    if (!computed(bare)) {
      // a city without the year's figures: computed once first (not measured), so that every
      // measured run of either side replaces a computed year, as a recompute does
      long start = System.nanoTime();
      send(base, "POST", "/api/efficiency/recompute?year=" + YEAR, cookie);
      result.put("firstComputeSeconds", Benchmarks.round((System.nanoTime() - start) / 1e9));
    }
    List<Double> service = new ArrayList<>();
    List<Double> serviceTransaction = new ArrayList<>();
    List<Double> sql = new ArrayList<>();
    List<Double> sqlTransaction = new ArrayList<>();
    List<Map<String, Double>> statements = new ArrayList<>();
    List<String> load = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      load.add(loadAverage());
      long start = System.nanoTime();
      String body = send(base, "POST", "/api/efficiency/recompute?year=" + YEAR, cookie);
      service.add((System.nanoTime() - start) / 1e9);
      // the service's own figure: its transaction, without the VACUUM after it
      serviceTransaction.add(
          Double.parseDouble(body.replaceAll("(?s).*\"seconds\"\\s*:\\s*([0-9.]+).*", "$1")));
      result.put("recomputed", body);
      load.add(loadAverage());
      Map<String, Double> times = bareRecompute(bare);
      statements.add(times);
      sql.add(times.values().stream().mapToDouble(Double::doubleValue).sum());
      sqlTransaction.add(sql.get(sql.size() - 1) - times.get("vacuum"));
      System.out.printf(
          Locale.ROOT,
          "efficiency round %d: ours %.1f s (transaction %.1f s), bare %.1f s (transaction %.1f s),"
              + " load %s; bare steps %s%n",
          i + 1,
          service.get(i),
          serviceTransaction.get(i),
          sql.get(i),
          sqlTransaction.get(i),
          load,
          times);
    }
    load.add(loadAverage());
    double s = min(service);
    double b = min(sql);
    result.put("recomputeSeconds", Benchmarks.round(s));
    result.put("bareSqlSeconds", Benchmarks.round(b));
    // bare ÷ ours: 1 when the service adds nothing to its SQL (the aim: at least 0.9)
    result.put("ratio", Math.round(b / s * 100) / 100.0);
    result.put(
        "transactionRatio",
        Math.round(min(sqlTransaction) / min(serviceTransaction) * 100) / 100.0);
    result.put("recomputeRuns", service.stream().map(Benchmarks::round).toList());
    result.put(
        "recomputeTransactionRuns", serviceTransaction.stream().map(Benchmarks::round).toList());
    result.put("bareSqlRuns", sql.stream().map(Benchmarks::round).toList());
    result.put("bareSqlTransactionRuns", sqlTransaction.stream().map(Benchmarks::round).toList());
    result.put("bareSqlStatementSeconds", statements);
    result.put("loadAverages", load);

    // the planner's query: parcels of a cluster above a tax-per-mu threshold, first page
    List<String> paths = new ArrayList<>();
    try (Connection c = bare.getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT code FROM unit_efficiency WHERE year = "
                    + YEAR
                    + " AND level = 'cluster'"
                    + " ORDER BY length(code), code")) {
      while (rs.next()) {
        paths.add(
            "/api/efficiency/parcels?year="
                + YEAR
                + "&cluster="
                + rs.getString(1)
                + "&min.taxPerMu=10&sort=taxPerMu&order=desc&limit=100");
      }
    }
    result.put("plannerQuery", Benchmarks.wrk(base, paths, 1, Map.of("Cookie", cookie)));
    result.put(
        "plannerQueryUnsorted",
        Benchmarks.wrk(
            base,
            paths.stream().map(p -> p.replace("&sort=taxPerMu&order=desc", "")).toList(),
            1,
            Map.of("Cookie", cookie)));
    return result;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** The machine's load averages (1, 5, 15 minutes) now, as /proc/loadavg gives them. */
  private static String loadAverage() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ", 4);
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** Whether the city holds the year's figures already. */
  private static boolean computed(DataSource bare) throws Exception {
    try (Connection c = bare.getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM parcel_efficiency WHERE year = " + YEAR + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * The statements of a recomputation, in Recompute.year's order and from its SQL files (lock,
   * indicators with the statistics after each insert, park figures, compliance check, the kept
   * distributions and summaries, grades of the active model with the units' grade counts), run
   * alone on one connection in one transaction, then the same {@code VACUUM (ANALYZE)}: seconds per
   * step, in order ("vacuum" last).
   */
  private static Map<String, Double> bareRecompute(DataSource bare) throws Exception {
    Map<String, Double> times = new LinkedHashMap<>();
    try (Connection c = bare.getConnection()) {
      c.setAutoCommit(false);
      NamedParameterJdbcTemplate jdbc =
          new NamedParameterJdbcTemplate(new SingleConnectionDataSource(c, true));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("year", YEAR);
      p.put("checked_on", LocalDate.of(YEAR, 12, 31));
      p.put("grace_days", 365);
      Step step = new Step(times);
      step.run("lock_year", () -> jdbc.queryForList(file("lock_year"), p));
      for (String name :
          List.of("delete_year", "insert_enterprise_efficiency", "insert_parcel_efficiency")) {
        step.run(name, () -> jdbc.update(file(name), p));
        if (name.startsWith("insert_")) {
          // Recompute.analyze: the statistics after each insert
          String table = name.substring("insert_".length());
          step.run(
              "analyze " + table,
              () -> jdbc.queryForList(file("analyze_table"), Map.of("table", table)));
        }
      }
      for (String name :
          List.of(
              "insert_unit_efficiency",
              "set_jit_off",
              "insert_cluster_district_efficiency",
              "reset_jit",
              "insert_breaches")) {
        step.run(name, () -> jdbc.update(file(name), p));
      }
      // the figures the recompute keeps for the planner's chart and the summaries (V37, V55)
      for (String name : List.of("keep_distributions", "keep_summaries")) {
        step.run(name, () -> jdbc.queryForList(file(name), p));
      }
      p.put("model", jdbc.queryForObject(file("select_active_model"), p, Long.class));
      String grades = file("select_grades");
      for (String subject : List.of("enterprise", "parcel")) {
        step.run(
            "delete_grades " + subject,
            () -> jdbc.update(DELETE_GRADES.identifier("grades", subject + "_grade").sql(), p));
      }
      for (String subject : List.of("enterprise", "parcel")) {
        p.put("subject", subject);
        step.run(
            "insert_grades " + subject,
            () ->
                jdbc.update(
                    INSERT_GRADES
                        .identifier("grades", subject + "_grade")
                        .identifier("key", subject + "_id")
                        .sql("graded", grades)
                        .sql(),
                    p));
      }
      step.run("update_model_graded", () -> jdbc.update(file("update_model_graded"), p));
      step.run("update_unit_grades", () -> jdbc.update(file("update_unit_grades"), p));
      step.run(
          "commit",
          () -> {
            try {
              c.commit();
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
            return null;
          });
      c.setAutoCommit(true);
      step.run(
          "vacuum",
          () -> {
            try (Statement st = c.createStatement()) {
              st.execute(VACUUM);
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
            return null;
          });
    }
    return times;
  }

  private static String file(String name) {
    return SqlFiles.load("efficiency/" + name + ".sql");
  }

  /** Runs the steps of the bare side one by one, keeping each one's seconds. */
  private record Step(Map<String, Double> times) {
    void run(String name, java.util.function.Supplier<Object> work) {
      long start = System.nanoTime();
      var unused = work.get();
      times.put(name, Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    }
  }

  /** Form login like the browser; the session cookie. */
  static String login(String base, String user, String password) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/me")).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    String csrf =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElse("");
    http.send(
        HttpRequest.newBuilder(URI.create(base + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-XSRF-TOKEN", csrf)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "username="
                        + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    StringBuilder cookie = new StringBuilder();
    for (HttpCookie c : cookies.getCookieStore().getCookies()) {
      if (!cookie.isEmpty()) {
        cookie.append("; ");
      }
      cookie.append(c.getName()).append('=').append(c.getValue());
    }
    return cookie.toString();
  }

  static String send(String base, String method, String path, String cookie) throws Exception {
    String csrf = cookie.replaceAll(".*XSRF-TOKEN=([^;]*).*", "$1");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofMinutes(30))
                    .header("Cookie", cookie)
                    .header("X-XSRF-TOKEN", csrf)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " → " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** The table of the benchmark summary. */
  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "\n## Per-mu efficiency (issue 4)\n\n| parcels | recompute a year (s) | same SQL alone (s) |"
                + " bare ÷ ours | planner query p50 / p95 / p99 (ms) | unsorted p50 / p95 / p99 (ms) |\n"
                + "|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> e = (Map<String, Object>) r.get("efficiency");
      if (e == null) {
        continue;
      }
      Map<String, Object> q = (Map<String, Object>) e.get("plannerQuery");
      Map<String, Object> u = (Map<String, Object>) e.get("plannerQueryUnsorted");
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %s | %s / %s / %s | %s / %s / %s |%n",
              (Integer) r.get("parcels"),
              e.get("recomputeSeconds"),
              e.get("bareSqlSeconds"),
              e.get("ratio"),
              q.get("p50Ms"),
              q.get("p95Ms"),
              q.get("p99Ms"),
              u.get("p50Ms"),
              u.get("p95Ms"),
              u.get("p99Ms")));
    }
    return md.toString();
  }
}
