package cn.foshan.redline.bench;

import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every dashboard request the web pages make when they open (the map's quota panel, districts and
 * clusters; the reserve page; the renovation page's summary and factory alerts; the planner's
 * years, units, ranking, distribution, grade changes and breach list; the one-page summaries of a
 * district and a cluster): p50 of the request over HTTP (wrk, one connection) against p50 of the
 * same statements with the same parameters over JDBC (one connection, the rows read), the two sides
 * taking turns in {@link #ROUNDS} rounds; the round of the median ratio is reported (ratio = bare
 * p50 ÷ endpoint p50, 1 when the service adds nothing). A city without indicators gets them
 * computed first ({@code POST /api/efficiency/recompute} for each year with figures).
 */
final class DashboardBenchmark {

  private static final int ROUNDS = 3;
  private static final long RUN_NANOS = 4_000_000_000L;
  private static final List<String> DISTRICTS =
      List.of("440604", "440605", "440606", "440607", "440608");

  /** One statement of a request: its SQL and the values bound to its named parameters. */
  private record Sql(String sql, Map<String, Object> params) {
    static Sql of(String sql, Object... nameValue) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (int i = 0; i < nameValue.length; i += 2) {
        p.put((String) nameValue[i], nameValue[i + 1]);
      }
      return new Sql(sql, p);
    }

    static Sql file(String path, Object... nameValue) {
      return of(SqlFiles.load(path), nameValue);
    }
  }

  /** A request in its variants (cycled on both sides): paths and each path's statements. */
  private record Request(String name, boolean login, List<String> paths, List<List<Sql>> bare) {}

  private DashboardBenchmark() {}

  static Map<String, Object> measure(String base, DataSource pool) throws Exception {
    JdbcClient jdbc = JdbcClient.create(pool);
    String login = EfficiencyBenchmark.login(base, "bureau", "bureau-2026");
    // REDLINE_BENCH_DASHBOARDS=name,name… measures only those requests (all when unset)
    String named = System.getenv("REDLINE_BENCH_DASHBOARDS");
    // the planner's pages need a year's indicators (the benchmark's service does not compute them
    // at start): the years with figures, computed once if none is; when requests are named, only
    // the last year, and the one before when grade changes (which compare two years) are named (at
    // a million parcels a year takes minutes)
    int lastYears =
        named == null ? Integer.MAX_VALUE : named.contains("efficiencyGradeChanges") ? 2 : 1;
    if (jdbc.sql("SELECT count(*) FROM unit_efficiency").query(Long.class).single() == 0) {
      for (int year :
          jdbc.sql(
                  "SELECT year FROM (SELECT DISTINCT year FROM annual_indicator"
                      + " ORDER BY year DESC LIMIT :n) AS y ORDER BY year")
              .param("n", lastYears)
              .query(Integer.class)
              .list()) {
        EfficiencyBenchmark.send(base, "POST", "/api/efficiency/recompute?year=" + year, login);
      }
    }
    // logged in again: at a million parcels the recompute outlasts the session (its requests
    // would all be 401)
    String cookie = EfficiencyBenchmark.login(base, "bureau", "bureau-2026");
    List<Request> requests =
        requests(jdbc).stream()
            .filter(r -> named == null || List.of(named.split(",", -1)).contains(r.name()))
            .toList();
    Map<String, Object> result = new LinkedHashMap<>();
    for (Request r : requests) {
      List<Map<String, Object>> rounds = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        Map<String, String> headers = r.login() ? Map.of("Cookie", cookie) : Map.of();
        Map<String, Object> w =
            Benchmarks.wrk(base, r.paths(), 1, headers, 1, (int) (RUN_NANOS / 1_000_000_000L));
        if ((Double) w.get("requestsPerSecond") < 1) {
          // a request slower than the run: a longer run, so that some complete
          w = Benchmarks.wrk(base, r.paths(), 1, headers, 0, 30);
        }
        double endpoint = (Double) w.get("p50Ms");
        double bare = bareP50(jdbc, r.bare());
        double ratio = Math.round(bare / endpoint * 1000) / 1000.0;
        ratios.add(ratio);
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("endpointP50Ms", endpoint);
        turn.put("endpointP99Ms", w.get("p99Ms"));
        turn.put("bareSqlP50Ms", Benchmarks.round(bare * 100) / 100.0);
        turn.put("ratio", ratio);
        rounds.add(turn);
      }
      double median = ratios.stream().sorted().toList().get(ROUNDS / 2);
      Map<String, Object> at = new LinkedHashMap<>();
      at.put("path", r.paths().get(0) + (r.paths().size() > 1 ? " (…)" : ""));
      at.putAll(rounds.get(ratios.indexOf(median)));
      at.put("rounds", rounds);
      result.put(r.name(), at);
      System.out.println("dashboards: " + r.name() + " " + at);
    }
    return result;
  }

  /** p50 (ms) of the statements of each variant in turn on one connection, for RUN_NANOS. */
  private static double bareP50(JdbcClient jdbc, List<List<Sql>> variants) {
    for (int i = 0; i < 3; i++) {
      run(jdbc, variants.get(i % variants.size())); // warm-up
    }
    List<Double> ms = new ArrayList<>();
    long end = System.nanoTime() + RUN_NANOS;
    for (int i = 0; System.nanoTime() < end || ms.size() < 3; i++) {
      long start = System.nanoTime();
      run(jdbc, variants.get(i % variants.size()));
      ms.add((System.nanoTime() - start) / 1e6);
    }
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** Runs the statements, reading every column of every row. */
  private static void run(JdbcClient jdbc, List<Sql> statements) {
    for (Sql s : statements) {
      jdbc.sql(s.sql())
          .params(s.params())
          .query(
              (ResultSet rs) -> {
                int columns = rs.getMetaData().getColumnCount();
                for (int c = 1; c <= columns; c++) {
                  rs.getObject(c);
                }
              });
    }
  }

  /** The requests, as the pages make them, with the statements each runs. */
  private static List<Request> requests(JdbcClient jdbc) {
    List<Request> r = new ArrayList<>();
    r.add(one("quota", false, "/api/quota", Sql.file("redline/select_quota.sql")));
    r.add(one("districts", false, "/api/districts", Sql.file("district/list_districts.sql")));
    r.add(one("clusters", false, "/api/clusters", Sql.file("cluster/list_clusters.sql")));

    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    r.add(one("reserveSummary", false, "/api/reserve/summary", reserve("select_summary")));
    r.add(
        one(
            "reserveFlows",
            false,
            "/api/reserve/flows?months=24",
            reserve(
                "select_flows", "from", today.withDayOfMonth(1).minusMonths(23), "today", today)));
    r.add(
        one(
            "reserveStageDurations",
            false,
            "/api/reserve/stage-durations",
            reserve("select_stage_durations", "today", today)));
    r.add(
        one(
            "reservePieces",
            false,
            "/api/reserve/pieces?limit=500",
            reserve(
                "select_pieces",
                "stage",
                null,
                "district",
                null,
                // the endpoint's defaults (sort, geometry), which the bare side had not bound
                // since they came (V50): the benchmark stopped here with "no value for geometry"
                "sort",
                "-stageSince",
                "geometry",
                false,
                "limit",
                500)));

    List<String> years = new ArrayList<>();
    List<List<Sql>> yearSql = new ArrayList<>();
    for (int y = 2019; y <= 2027; y++) {
      years.add("/api/renovation/summary?year=" + y);
      yearSql.add(
          List.of(
              Sql.file("renovation/select_summary.sql", "year", y),
              Sql.file("renovation/select_modern_parks.sql", "year", y)));
    }
    r.add(new Request("renovationSummary", false, years, yearSql));

    String alerts = SqlFiles.load("factory/select_alerts.sql");
    Sql alertYear = Sql.of("SELECT latest_indicator_year()");
    int indicatorYear = jdbc.sql(alertYear.sql()).query(Integer.class).single();
    r.add(
        one(
            "factoryAlertsCity",
            false,
            "/api/factories/alerts?limit=100&offset=0",
            alertYear,
            alerts(alerts, null, indicatorYear)));
    r.add(
        new Request(
            "factoryAlertsDistrict",
            false,
            DISTRICTS.stream()
                .map(d -> "/api/factories/alerts?limit=100&offset=0&district=" + d)
                .toList(),
            DISTRICTS.stream()
                .map(d -> List.of(alertYear, alerts(alerts, d, indicatorYear)))
                .toList()));

    Integer year =
        jdbc.sql("SELECT max(year) FROM unit_efficiency WHERE level = 'city'")
            .query(Integer.class)
            .single();
    if (year != null) {
      r.addAll(efficiency(jdbc, year));
    }
    return r;
  }

  private static Request one(String name, boolean login, String path, Sql... statements) {
    return new Request(name, login, List.of(path), List.of(Arrays.asList(statements)));
  }

  private static Sql reserve(String name, Object... nameValue) {
    return Sql.file("reserve/" + name + ".sql", nameValue);
  }

  private static Sql alerts(String sql, String district, int year) {
    // the thresholds' defaults (FactoryAlertProperties), the first page of 100 (as the requests)
    return Sql.of(
        sql,
        "district",
        district,
        "building",
        null,
        "year",
        year,
        "over_median",
        0.3,
        "vacancy_max",
        0.3,
        "limit",
        100,
        "offset",
        0);
  }

  /** The planner's page (efficiency.html) and the one-page summaries, in the latest year. */
  private static List<Request> efficiency(JdbcClient jdbc, int y) {
    Sql years = Sql.file("efficiency/select_years.sql");
    Sql model = Sql.file("efficiency/select_active_model.sql", "year", y);
    Sql previousModel = Sql.file("efficiency/select_active_model.sql", "year", y - 1);
    Long active =
        jdbc.sql(model.sql()).params(model.params()).query(Long.class).optional().orElse(-1L);
    Long previous =
        jdbc.sql(previousModel.sql())
            .params(previousModel.params())
            .query(Long.class)
            .optional()
            .orElse(-1L);
    String cluster =
        jdbc.sql(
                "SELECT code FROM unit_efficiency WHERE year = :y AND level = 'cluster'"
                    + " ORDER BY length(code), code LIMIT 1")
            .param("y", y)
            .query(String.class)
            .single();
    List<Request> r = new ArrayList<>();
    r.add(
        one(
            "efficiencyTrend",
            true,
            "/api/efficiency/trend?level=city&indicator=taxPerMu",
            Sql.of(
                SqlTemplate.load("efficiency/select_trend.sql", "indicator")
                    .identifier("indicator", "tax_per_mu")
                    .sql(),
                "level",
                "city",
                "code",
                "city")));
    for (String level : List.of("town", "industry", "district")) {
      r.add(
          one(
              "efficiencyUnits" + Character.toUpperCase(level.charAt(0)) + level.substring(1),
              true,
              "/api/efficiency?level=" + level + "&year=" + y,
              years,
              model,
              Sql.file(
                  "efficiency/select_units.sql",
                  "year",
                  y,
                  "level",
                  level,
                  "district",
                  null,
                  "cluster",
                  null)));
    }
    r.add(
        one(
            "efficiencyDistribution",
            true,
            "/api/efficiency/distribution?level=parcel&indicator=taxPerMu&bins=20&year=" + y,
            years,
            Sql.file(
                "efficiency/select_distribution.sql",
                "level",
                "parcel",
                "indicator",
                "taxPerMu",
                "year",
                y,
                "bins",
                20,
                "district",
                null,
                "cluster",
                null)));
    if (previous >= 0) {
      r.add(
          one(
              "efficiencyGradeChanges",
              true,
              "/api/efficiency/grade-changes?subject=enterprise&year=" + y,
              years,
              model,
              previousModel,
              Sql.of(
                  SqlTemplate.load(
                          "efficiency/select_grade_changes.sql",
                          "cluster",
                          "figures",
                          "grades",
                          "key")
                      .identifier("grades", "enterprise_grade")
                      .identifier("figures", "enterprise_efficiency")
                      .identifier("key", "enterprise_id")
                      .sql("cluster", "true")
                      .sql(),
                  "model",
                  active,
                  "previous",
                  previous,
                  "year",
                  y,
                  "district",
                  null,
                  "cluster",
                  null)));
    }
    r.add(summary("efficiencySummaryDistrict", "district", "440604", y, active, years, model));
    r.add(summary("efficiencySummaryCluster", "cluster", cluster, y, active, years, model));
    return r;
  }

  /** The one-page summary of a district or a cluster (efficiency-summary.html). */
  private static Request summary(
      String name, String level, String code, int y, long model, Sql years, Sql activeModel) {
    String district = level.equals("district") ? code : null;
    Long cluster = level.equals("cluster") ? Long.valueOf(code) : null;
    List<Sql> statements = new ArrayList<>();
    statements.add(years);
    statements.add(activeModel);
    statements.add(Sql.file("efficiency/select_unit_years.sql", "level", level, "code", code));
    statements.add(
        Sql.file(
            "efficiency/count_breach_kinds.sql",
            "year",
            y,
            "district",
            district,
            "cluster",
            cluster));
    for (String ranked : List.of("select_top_enterprises", "select_weakest_parcels")) {
      statements.add(
          Sql.file(
              "efficiency/" + ranked + ".sql",
              "year",
              y,
              "model",
              model,
              "district",
              district,
              "cluster",
              cluster));
    }
    if (cluster != null) {
      statements.add(
          Sql.file(
              "efficiency/select_parks.sql",
              "years",
              new Integer[] {y},
              "cluster",
              code,
              "denominator",
              "DISTRICT"));
    }
    return new Request(
        name,
        true,
        List.of("/api/efficiency/summary?level=" + level + "&code=" + code + "&year=" + y),
        List.of(statements));
  }

  /** The table of the benchmark summary. */
  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder md =
        new StringBuilder(
            "\n## Dashboards: each request against its bare SQL (p50 ms, one connection)\n\n"
                + "| parcels | request | endpoint p50 / p99 | bare SQL p50 | ratio (bare ÷"
                + " endpoint) |\n|---|---|---|---|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> d = (Map<String, Object>) r.get("dashboards");
      if (d == null) {
        continue;
      }
      for (Map.Entry<String, Object> e : d.entrySet()) {
        Map<String, Object> m = (Map<String, Object>) e.getValue();
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d | `%s` | %s / %s | %s | %s |%n",
                (Integer) r.get("parcels"),
                m.get("path"),
                m.get("endpointP50Ms"),
                m.get("endpointP99Ms"),
                m.get("bareSqlP50Ms"),
                m.get("ratio")));
      }
    }
    return md.toString();
  }
}
