package cn.foshan.redline.bench;

import cn.foshan.redline.system.SqlFiles;
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
 * Per-mu efficiency (issue 4): the time to recompute a year (indicators, compliance check, grades
 * of the active model) through {@code POST /api/efficiency/recompute}, against the same statements
 * run alone over JDBC in one transaction (the hand-written SQL, no service around it); and p50 /
 * p95 / p99 of the planner's typical query (a tax-per-mu threshold in one cluster, first page of
 * 100) measured by wrk with a logged-in session, cycling through the clusters.
 */
final class EfficiencyBenchmark {

  private static final int YEAR = 2025;
  private static final int RUNS = 2;

  /** The kept figures' functions, run after the statements as the service's recompute runs them. */
  private static final String[] KEPT = {"keep_distributions", "keep_summaries"};

  private static final String[] STATEMENTS = {
    "delete_year",
    "insert_enterprise_efficiency",
    "insert_parcel_efficiency",
    "insert_unit_efficiency",
    "set_jit_off",
    "insert_cluster_district_efficiency",
    "reset_jit",
    "insert_breaches"
  };

  private EfficiencyBenchmark() {}

  static Map<String, Object> measure(String base, DataSource bare) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    String cookie = login(base, "bureau", "bureau-2026");
    List<Double> service = new ArrayList<>();
    List<Double> sql = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      String body = send(base, "POST", "/api/efficiency/recompute?year=" + YEAR, cookie);
      service.add((System.nanoTime() - start) / 1e9);
      result.put("recomputed", body);
      sql.add(bareRecompute(bare));
    }
    double s = service.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double b = sql.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    result.put("recomputeSeconds", Benchmarks.round(s));
    result.put("bareSqlSeconds", Benchmarks.round(b));
    result.put("ratio", Benchmarks.round(s / b));
    result.put("recomputeRuns", service.stream().map(Benchmarks::round).toList());
    result.put("bareSqlRuns", sql.stream().map(Benchmarks::round).toList());

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

  /**
   * The statements of a recomputation (indicators, compliance check, the kept distributions and
   * summaries, grades of the active model), run alone on one connection in one transaction:
   * seconds.
   */
  private static double bareRecompute(DataSource bare) throws Exception {
    try (Connection c = bare.getConnection()) {
      c.setAutoCommit(false);
      NamedParameterJdbcTemplate jdbc =
          new NamedParameterJdbcTemplate(new SingleConnectionDataSource(c, true));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("year", YEAR);
      p.put("checked_on", LocalDate.of(YEAR, 12, 31));
      p.put("grace_days", 365);
      long start = System.nanoTime();
      for (String name : STATEMENTS) {
        jdbc.update(SqlFiles.load("efficiency/" + name + ".sql"), p);
      }
      // the figures the recompute keeps for the planner's chart and the summaries (V37, V55)
      for (String name : KEPT) {
        jdbc.queryForList(SqlFiles.load("efficiency/" + name + ".sql"), p);
      }
      p.put(
          "model",
          jdbc.queryForObject(
              "SELECT id FROM grading_model WHERE year = :year AND active", p, Long.class));
      String grades = SqlFiles.load("efficiency/select_grades.sql");
      jdbc.update("DELETE FROM enterprise_grade WHERE model_id = :model", p);
      jdbc.update("DELETE FROM parcel_grade WHERE model_id = :model", p);
      p.put("subject", "enterprise");
      jdbc.update(
          "INSERT INTO enterprise_grade (model_id, enterprise_id, score, grade, rank, not_graded)"
              + " SELECT :model, g.id, g.score, g.grade, g.rank, g.not_graded FROM ("
              + grades
              + ") g",
          p);
      p.put("subject", "parcel");
      jdbc.update(
          "INSERT INTO parcel_grade (model_id, parcel_id, score, grade, rank, not_graded)"
              + " SELECT :model, g.id, g.score, g.grade, g.rank, g.not_graded FROM ("
              + grades
              + ") g",
          p);
      jdbc.update(SqlFiles.load("efficiency/update_unit_grades.sql"), p);
      c.commit();
      return (System.nanoTime() - start) / 1e9;
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
                + " ratio | planner query p50 / p95 / p99 (ms) | unsorted p50 / p95 / p99 (ms) |\n"
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
