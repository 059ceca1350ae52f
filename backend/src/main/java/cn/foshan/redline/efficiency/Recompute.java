package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.OwnerDatabase;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes a year's indicators, compliance checks and grades in SQL and stores them (V7): the
 * derived rows of the year are replaced in one transaction, so readers see the old year or the new
 * one, never half of it. Recomputations of one year are serialized (an advisory lock).
 */
@Service
class Recompute {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final EfficiencyProperties properties;
  private final OwnerDatabase owner;
  private final Clock clock;
  private final Map<String, String> sql;
  private final SqlTemplate deleteGrades =
      SqlTemplate.load("efficiency/delete_grades.sql", "grades");
  private final SqlTemplate insertGrades =
      SqlTemplate.load("efficiency/insert_grades.sql", "graded", "grades", "key");
  private final SqlTemplate countGradeDifferences =
      SqlTemplate.load("efficiency/count_grade_differences.sql", "graded", "grades", "key");

  @org.springframework.beans.factory.annotation.Autowired
  Recompute(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      EfficiencyProperties properties,
      OwnerDatabase owner,
      DatabaseLimits limits,
      Clock clock) {
    // a year's recompute: a long job (DatabaseLimits); the owner's connections have no time limit
    this(jdbc, limits.longRunning(transactions), properties, owner, clock, loadSql());
  }

  private Recompute(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      EfficiencyProperties properties,
      OwnerDatabase owner,
      Clock clock,
      Map<String, String> sql) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
    this.owner = owner;
    this.clock = clock;
    this.sql = sql;
  }

  /**
   * The same computation through the schema owner's connection: at start, before any request, when
   * nobody is logged in to act for.
   */
  Recompute asOwner() {
    return new Recompute(owner.jdbc(), owner.transactions(), properties, owner, clock, sql);
  }

  /**
   * The years to compute at start (select_stale_years.sql), but never one whose grades are
   * published: through the owner's connection ({@link #asOwner}), which reads every figure.
   */
  List<Integer> staleYears() {
    return jdbc.sql(sql.get("select_stale_years")).query(Integer.class).list().stream()
        .filter(year -> !published(year))
        .toList();
  }

  /** Whether the year's active model is published (公示 or final): V32 keeps its grades. */
  private boolean published(int year) {
    return jdbc.sql(sql.get("select_year_published"))
        .param("year", year)
        .query(Boolean.class)
        .single();
  }

  private static Map<String, String> loadSql() {
    return SqlFiles.loadAll(
        "efficiency",
        "delete_year",
        "insert_enterprise_efficiency",
        "insert_parcel_efficiency",
        "insert_unit_efficiency",
        "set_jit_off",
        "insert_cluster_district_efficiency",
        "reset_jit",
        "insert_breaches",
        "select_grades",
        "update_unit_grades",
        "lock_year",
        "analyze_table",
        "select_active_model",
        "select_year_published",
        "select_model_version",
        "insert_default_model",
        "update_model_graded",
        "select_model_year",
        "select_stale_years",
        "keep_distributions",
        "keep_summaries");
  }

  /** What a recomputation did. */
  record Result(
      int year,
      long enterprises,
      long parcels,
      long breaches,
      long modelId,
      int modelVersion,
      double seconds) {}

  /**
   * The day a year's agreements are checked on: the end of the year, or today (in Foshan) for the
   * current year; a future year cannot be checked.
   */
  LocalDate checkedOn(int year) {
    LocalDate today = LocalDate.now(clock);
    if (year > today.getYear()) {
      throw ApiException.badRequest(
          "invalid-year",
          "The year " + year + " has not begun: pick " + today.getYear() + " or earlier");
    }
    return year == today.getYear() ? today : LocalDate.of(year, 12, 31);
  }

  /** Recomputes indicators, compliance checks and grades of a year. */
  Result year(int year, String actor) {
    LocalDate checkedOn = checkedOn(year);
    long start = System.nanoTime();
    Result result =
        transactions.execute(
            status -> {
              jdbc.sql(sql.get("lock_year")).param("year", year).query().listOfRows();
              refusePublished(year);
              jdbc.sql(sql.get("delete_year")).param("year", year).update();
              long enterprises =
                  jdbc.sql(sql.get("insert_enterprise_efficiency")).param("year", year).update();
              // fresh statistics after each insert, so that the statements after it are planned
              // for the year's new rows: planned with statistics that know only the other years,
              // the parcels' figures of a new year took 7–8 s instead of 0.4 s (20,000 parcels)
              analyze("enterprise_efficiency");
              long parcels =
                  jdbc.sql(sql.get("insert_parcel_efficiency")).param("year", year).update();
              analyze("parcel_efficiency");
              jdbc.sql(sql.get("insert_unit_efficiency")).param("year", year).update();
              jdbc.sql(sql.get("set_jit_off")).update();
              jdbc.sql(sql.get("insert_cluster_district_efficiency")).param("year", year).update();
              jdbc.sql(sql.get("reset_jit")).update();
              long breaches =
                  jdbc.sql(sql.get("insert_breaches"))
                      .param("year", year)
                      .param("checked_on", checkedOn)
                      .param("grace_days", properties.idleGraceDays())
                      .update();
              // the distributions the planner's chart asks for, from the figures just written
              // (V37: any later write of the year's figures forgets them in its own transaction)
              jdbc.sql(sql.get("keep_distributions")).param("year", year).query().listOfRows();
              // and the summaries' output per industry and breach counts (V55, forgotten likewise)
              jdbc.sql(sql.get("keep_summaries")).param("year", year).query().listOfRows();
              long model = activeModel(year).orElseGet(() -> seedDefaultModel(year, actor));
              grade(model);
              int version =
                  jdbc.sql(sql.get("select_model_version"))
                      .param("id", model)
                      .query(Integer.class)
                      .single();
              return new Result(
                  year,
                  enterprises,
                  parcels,
                  breaches,
                  model,
                  version,
                  Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
            });
    vacuum();
    return result;
  }

  /** A 422 problem, before any work, when the year's grades are published (V32 keeps them). */
  private void refusePublished(int year) {
    if (published(year)) {
      throw ApiException.unprocessable(
          "grades-published",
          "Grades published",
          year
              + "年度的评价结果已公示，不能重算或修改；请建立新版本模型（the grades of "
              + year
              + " are published: they are not recomputed or changed; make a new model version）");
    }
  }

  private void analyze(String table) {
    jdbc.sql(sql.get("analyze_table")).param("table", table).query().listOfRows();
  }

  /**
   * A year rewritten leaves as many dead rows as it has: cleared at once (outside the transaction,
   * as VACUUM must be), so that the indexed reads after a recomputation stay as fast as before it.
   * Skipped inside a caller's transaction (an import's commit), where autovacuum does it later. As
   * the tables' owner (PostgreSQL 15 lets nobody else vacuum them).
   */
  private void vacuum() {
    if (org.springframework.transaction.support.TransactionSynchronizationManager
        .isActualTransactionActive()) {
      return;
    }
    owner.vacuumAnalyze(
        List.of(
            "enterprise_efficiency",
            "parcel_efficiency",
            "unit_efficiency",
            "cluster_district_efficiency",
            "parcel_breach",
            "enterprise_grade",
            "parcel_grade"));
  }

  Optional<Long> activeModel(int year) {
    return jdbc.sql(sql.get("select_active_model"))
        .param("year", year)
        .query(Long.class)
        .optional();
  }

  /**
   * The default model of a year, Huangyan's published scheme (insert_default_model.sql): above
   * scale 30/20/20/10/10/10 over tax and value added per mu, value added per energy and per
   * emission, labour productivity and R&amp;D share; below scale 50/50 over tax per mu and per
   * electricity; each benchmarked at the city's value of the year, capped at 2, a missing figure
   * the item's average, bonus points and forced D by designation; A the top 20 %, B the next 40 %,
   * D the bottom 5 % of each population; utilities (section D) and firms under two years not
   * graded.
   */
  private long seedDefaultModel(int year, String actor) {
    return jdbc.sql(sql.get("insert_default_model"))
        .param("year", year)
        .param("actor", actor)
        .query(Long.class)
        .single();
  }

  /**
   * Grades enterprises and parcels by a model (its earlier grades replaced) and, when the model is
   * its year's active one, the units' grade counts.
   */
  void grade(long model) {
    String select = sql.get("select_grades");
    for (String subject : List.of("enterprise", "parcel")) {
      jdbc.sql(deleteGrades.identifier("grades", subject + "_grade").sql())
          .param("model", model)
          .update();
    }
    for (String subject : List.of("enterprise", "parcel")) {
      jdbc.sql(
              insertGrades
                  .identifier("grades", subject + "_grade")
                  .identifier("key", subject + "_id")
                  .sql("graded", select)
                  .sql())
          .param("model", model)
          .param("subject", subject)
          .update();
    }
    jdbc.sql(sql.get("update_model_graded")).param("model", model).update();
    jdbc.sql(sql.get("select_model_year"))
        .param("model", model)
        .query(
            (rs, n) -> {
              if (rs.getBoolean("active")) {
                jdbc.sql(sql.get("update_unit_grades"))
                    .param("model", model)
                    .param("year", rs.getInt("year"))
                    .update();
              }
              return null;
            })
        .list();
  }

  /** The grades a model would give now, compared with those it stored: how many differ. */
  long differences(long model, String subject) {
    String prefix = subject.equals("parcel") ? "parcel" : "enterprise";
    return jdbc.sql(
            countGradeDifferences
                .identifier("grades", prefix + "_grade")
                .identifier("key", prefix + "_id")
                .sql("graded", sql.get("select_grades"))
                .sql())
        .param("model", model)
        .param("subject", subject)
        .query(Long.class)
        .single();
  }
}
