package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Grading models, versioned per year: a new model is a new version that becomes the year's active
 * one and is graded at once; earlier versions and their grades stay as they were.
 */
@Service
class GradingModels {

  private static final Set<String> METHODS = Set.of("RATIO", "MINMAX", "PERCENTILE");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Recompute recompute;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_models",
          "select_model",
          "select_has_indicators",
          "lock_year",
          "deactivate_models",
          "insert_model");

  GradingModels(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Recompute recompute,
      DatabaseLimits limits) {
    this.jdbc = jdbc;
    // a new model recomputes the year: a long job (DatabaseLimits)
    this.transactions = limits.longRunning(transactions);
    this.recompute = recompute;
  }

  /** One weighted indicator of a model; benchmarks per industry code override benchmark. */
  record ModelIndicator(
      String indicator, Double weight, Double benchmark, Map<String, Double> benchmarks) {}

  record Exclusions(List<String> industrySections, Integer minAgeYears) {}

  /** The indicators of enterprises below scale (规下), ranked and classed among themselves. */
  record Population(List<ModelIndicator> indicators) {}

  /**
   * What published schemes add (select_grades.sql): a population of their own for enterprises below
   * scale, the missing-data rule (NOT_GRADED, or AVERAGE: the item's average part), a ceiling on
   * each item's value ÷ benchmark (RATIO), per designation bonus points or a forced "D", and how a
   * negative tax (refunds 退税) is graded: ZERO (the default of a new model: counted as 0) or AS_IS.
   */
  record Options(
      Population belowScale,
      String missing,
      Double cap,
      Map<String, Object> adjustments,
      String negativeTax) {}

  /** A model as a client writes it. */
  record ModelRequest(
      Integer year,
      String name,
      String method,
      List<ModelIndicator> indicators,
      Map<String, Object> classRule,
      Exclusions exclusions,
      Options options) {}

  /** A stored model. */
  record Model(
      long id,
      int year,
      int version,
      String name,
      String method,
      boolean active,
      RawJson indicators,
      RawJson classRule,
      RawJson exclusions,
      RawJson options,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime gradedAt) {}

  private static Model model(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Model(
        rs.getLong("id"),
        rs.getInt("year"),
        rs.getInt("version"),
        rs.getString("name"),
        rs.getString("method"),
        rs.getBoolean("active"),
        new RawJson(rs.getString("indicators")),
        new RawJson(rs.getString("class_rule")),
        new RawJson(rs.getString("exclusions")),
        new RawJson(rs.getString("options")),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("graded_at", OffsetDateTime.class));
  }

  List<Model> list(Integer year) {
    return jdbc.sql(sql.get("select_models"))
        .param("year", year)
        .query((rs, n) -> model(rs))
        .list();
  }

  Model get(long id) {
    return jdbc.sql(sql.get("select_model"))
        .param("id", id)
        .query((rs, n) -> model(rs))
        .optional()
        .orElseThrow(
            () -> ApiException.notFound("unknown-model", "There is no grading model " + id));
  }

  /** Stores a new version of the year's model, makes it active and grades the year with it. */
  Model create(AppUser user, ModelRequest request) {
    user.requireCommits("只有市自然资源局可以设定评价模型（only the bureau sets grading models）");
    validate(request);
    TextLimits.check(request.name(), TextLimits.NAME, "模型名称", "name");
    int year = request.year();
    boolean hasYear =
        jdbc.sql(sql.get("select_has_indicators")).param("y", year).query(Boolean.class).single();
    if (!hasYear) {
      throw ApiException.badRequest(
          "invalid-year", "There are no indicators of " + year + " to grade: import them first");
    }
    Map<String, Object> rule = request.classRule();
    Long id =
        transactions.execute(
            status -> {
              jdbc.sql(sql.get("lock_year")).param("year", year).query().listOfRows();
              jdbc.sql(sql.get("deactivate_models")).param("y", year).update();
              long created =
                  jdbc.sql(sql.get("insert_model"))
                      .param("y", year)
                      .param(
                          "name",
                          request.name() == null || request.name().isBlank()
                              ? "模型 " + year
                              : request.name())
                      .param("method", request.method())
                      .param("indicators", JSON.writeValueAsString(request.indicators()))
                      .param("rule", JSON.writeValueAsString(rule))
                      .param(
                          "exclusions",
                          JSON.writeValueAsString(
                              request.exclusions() == null
                                  ? new Exclusions(List.of(), 0)
                                  : request.exclusions()))
                      .param("options", JSON.writeValueAsString(options(request.options())))
                      .param("by", user.username())
                      .query(Long.class)
                      .single();
              recompute.grade(created);
              return created;
            });
    return get(id);
  }

  private void validate(ModelRequest r) {
    if (r.year() == null) {
      throw bad("year is required");
    }
    recompute.checkedOn(r.year());
    if (r.method() == null || !METHODS.contains(r.method())) {
      throw bad("method must be one of RATIO, MINMAX, PERCENTILE");
    }
    if (r.indicators() == null || r.indicators().isEmpty()) {
      throw bad("a model needs at least one indicator with its weight");
    }
    indicators(r.method(), r.indicators());
    if (r.options() != null) {
      validate(r.method(), r.options());
    }
    Map<String, Object> rule = r.classRule();
    if (rule == null) {
      throw bad("classRule is required: {kind: RANK_SHARE, A, B, D} or {kind: THRESHOLD, A, B, C}");
    }
    Object kind = rule.get("kind");
    if ("RANK_SHARE".equals(kind)) {
      double a = share(rule, "A");
      double b = share(rule, "B");
      double d = share(rule, "D");
      if (a + b + d > 1) {
        throw bad("the shares of A, B and D add up to more than 1");
      }
    } else if ("THRESHOLD".equals(kind)) {
      double a = number(rule, "A");
      double b = number(rule, "B");
      double c = number(rule, "C");
      if (!(a >= b && b >= c)) {
        throw bad("thresholds must not increase from A to C");
      }
    } else {
      throw bad("classRule.kind must be RANK_SHARE or THRESHOLD");
    }
    if (r.exclusions() != null) {
      if (r.exclusions().industrySections() != null) {
        for (String s : r.exclusions().industrySections()) {
          if (s == null || !s.matches("[A-T]")) {
            throw bad("industrySections are letters A to T (GB/T 4754 sections)");
          }
        }
      }
      if (r.exclusions().minAgeYears() != null && r.exclusions().minAgeYears() < 0) {
        throw bad("minAgeYears must not be negative");
      }
    }
  }

  private static void indicators(String method, List<ModelIndicator> indicators) {
    for (ModelIndicator i : indicators) {
      Indicator.of(i.indicator());
      if (i.weight() == null || !(i.weight() > 0)) {
        throw bad("the weight of " + i.indicator() + " must be positive");
      }
      if (method.equals("RATIO")) {
        if (i.benchmark() == null || !(i.benchmark() > 0)) {
          throw bad("RATIO needs a positive benchmark for " + i.indicator());
        }
        if (i.benchmarks() != null) {
          for (Map.Entry<String, Double> b : i.benchmarks().entrySet()) {
            if (!b.getKey().matches("[0-9]{2}") || b.getValue() == null || !(b.getValue() > 0)) {
              throw bad(
                  "benchmarks of "
                      + i.indicator()
                      + " are per industry code (two digits) and positive");
            }
          }
        }
      }
    }
  }

  /** The kinds of enterprise_designation (V30) a model's adjustments name. */
  static final Set<String> DESIGNATIONS =
      Set.of("HIGH_TECH", "SPECIALIZED", "BANNED_INDUSTRY", "SERIOUS_INCIDENT");

  private static void validate(String method, Options o) {
    if (o.belowScale() != null) {
      if (o.belowScale().indicators() == null || o.belowScale().indicators().isEmpty()) {
        throw bad("options.belowScale needs its indicators (e.g. taxPerMu and taxPerElectricity)");
      }
      indicators(method, o.belowScale().indicators());
    }
    if (o.missing() != null && !Set.of("NOT_GRADED", "AVERAGE").contains(o.missing())) {
      throw bad("options.missing must be NOT_GRADED or AVERAGE");
    }
    if (o.negativeTax() != null && !Set.of("ZERO", "AS_IS").contains(o.negativeTax())) {
      throw bad("options.negativeTax 须为 ZERO（负税收按 0 计）或 AS_IS（按原值）（must be ZERO or AS_IS）");
    }
    if (o.cap() != null && (!method.equals("RATIO") || !(o.cap() > 0))) {
      throw bad("options.cap is a positive ceiling of value ÷ benchmark, for RATIO models");
    }
    if (o.adjustments() != null) {
      for (Map.Entry<String, Object> a : o.adjustments().entrySet()) {
        if (!DESIGNATIONS.contains(a.getKey())) {
          throw bad("options.adjustments are per designation: " + String.join(", ", DESIGNATIONS));
        }
        boolean points = a.getValue() instanceof Number n && Math.abs(n.doubleValue()) <= 100;
        if (!points && !"D".equals(a.getValue())) {
          throw bad(
              "options.adjustments."
                  + a.getKey()
                  + " is bonus points (−100 to 100) or \"D\" (a forced D)");
        }
      }
    }
  }

  /**
   * The options as stored: what is set, and always how a negative tax is graded (ZERO unless the
   * model says AS_IS), so that the stored model reproduces its grades whatever the default becomes.
   */
  private static Map<String, Object> options(Options o) {
    Map<String, Object> stored = new java.util.LinkedHashMap<>();
    stored.put("negativeTax", o == null || o.negativeTax() == null ? "ZERO" : o.negativeTax());
    if (o != null) {
      if (o.belowScale() != null) {
        stored.put("belowScale", o.belowScale());
      }
      if (o.missing() != null) {
        stored.put("missing", o.missing());
      }
      if (o.cap() != null) {
        stored.put("cap", o.cap());
      }
      if (o.adjustments() != null && !o.adjustments().isEmpty()) {
        stored.put("adjustments", o.adjustments());
      }
    }
    return stored;
  }

  private static double number(Map<String, Object> rule, String key) {
    if (!(rule.get(key) instanceof Number n)) {
      throw bad("classRule." + key + " must be a number");
    }
    return n.doubleValue();
  }

  private static double share(Map<String, Object> rule, String key) {
    double v = number(rule, key);
    if (v < 0 || v > 1) {
      throw bad("classRule." + key + " is a share between 0 and 1");
    }
    return v;
  }

  private static ApiException bad(String detail) {
    return ApiException.badRequest("invalid-model", detail);
  }
}
