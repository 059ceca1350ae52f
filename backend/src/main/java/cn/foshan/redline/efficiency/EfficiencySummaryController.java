package cn.foshan.redline.efficiency;

import cn.foshan.redline.efficiency.UnitFigures.Unit;
import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A cluster or district on one page: the park assessment and the one-page summary. */
@RestController
@RequestMapping("/api/efficiency")
@Tag(name = "Efficiency")
class EfficiencySummaryController {

  private final JdbcClient jdbc;
  private final EfficiencyYears years;
  private final EfficiencyProperties properties;
  private final ParkAssessment assessment;
  private final FigureScope figures;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_cluster_id",
          "select_unit_years",
          "count_breach_kinds",
          "select_top_enterprises",
          "select_weakest_parcels");

  EfficiencySummaryController(
      ReadRouting reads,
      EfficiencyYears years,
      EfficiencyProperties properties,
      ParkAssessment assessment,
      FigureScope figures) {
    this.figures = figures;
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.years = years;
    this.properties = properties;
    this.assessment = assessment;
  }

  record Parks(String concentrationDenominator, List<ParkAssessment.Park> parks) {}

  record Concentration(List<ParkAssessment.Area> areas) {}

  private List<Integer> which(Integer year, String years) {
    if ("all".equals(years)) {
      return this.years.all();
    } else if (years != null && !years.isBlank()) {
      throw ApiException.badRequest("invalid-parameter", "years is 'all' or left out");
    }
    return List.of(this.years.year(year));
  }

  @GetMapping("/parks")
  @Operation(
      summary =
          "The park assessment per cluster and year: area, output, industrial concentration 工业集中度"
              + " in two readings — output (park output ÷ the industrial output of the districts"
              + " it spans, or of the city: setting redline.efficiency.concentration-denominator)"
              + " and land (its industrial land, parcels and village parks, ÷ that of the same"
              + " area), with its part in each district (a park across two districts split by the"
              + " land of its parcels in each, so a district's parks never exceed 100 %) — the"
              + " red line's share of its land, leading industry and industry agglomeration"
              + " 产业集聚度 (its output ÷ park output), investment and tax per mu, tax, sales revenue,"
              + " export earnings 出口创汇 (null when not reported), employees; years=all gives every"
              + " year (a trend); 403 for a role that does not read every district's figures (the"
              + " leading industry is computed over every enterprise of the park)")
  Parks parks(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) Long cluster,
      @RequestParam(required = false) String years) {
    // the leading industry is computed live over every enterprise of the park
    figures.requireAll(figures.current(), "园区评价（主导产业按园区内全部企业计算）");
    return new Parks(
        properties.concentrationDenominator(),
        assessment.parks(which(year, years), cluster == null ? null : cluster.toString()));
  }

  @GetMapping("/concentration")
  @Operation(
      summary =
          "工业集中度 of each district and of the city (district null), in both readings: the"
              + " output of the reporting parcels in the clusters ÷ all their output, and the"
              + " industrial land (parcels and village parks, ellipsoidal, mu) in the clusters and"
              + " in the red line ÷ all industrial land; years=all gives every year")
  Concentration concentration(
      @RequestParam(required = false) Integer year, @RequestParam(required = false) String years) {
    return new Concentration(assessment.concentration(which(year, years)));
  }

  record Ranked(
      String code,
      String name,
      String industry,
      double areaMu,
      Double taxPerMu,
      Double outputPerMu,
      String grade) {}

  record YearFigures(int year, Unit unit) {}

  record Summary(
      String level,
      String code,
      String name,
      int year,
      Unit unit,
      List<YearFigures> trend,
      Map<String, Long> breaches,
      List<Ranked> topEnterprises,
      List<Ranked> weakestParcels,
      ParkAssessment.Park park) {}

  /** The enterprises or parcels of a statement, ranked, with the columns of code, name and mu. */
  private List<Ranked> ranked(
      String statement,
      int year,
      long model,
      String district,
      Long cluster,
      String code,
      String name,
      String mu) {
    return jdbc.sql(sql.get(statement))
        .param("year", year)
        .param("model", model)
        .param("district", district)
        .param("cluster", cluster)
        .query(
            (rs, n) ->
                new Ranked(
                    rs.getString(code),
                    rs.getString(name),
                    rs.getString("industry_code"),
                    rs.getDouble(mu),
                    UnitFigures.value(rs, "tax_per_mu"),
                    UnitFigures.value(rs, "output_per_mu"),
                    rs.getString("grade")))
        .list();
  }

  @GetMapping("/summary")
  @Operation(
      summary =
          "A one-page summary of a cluster or district for printing: its indicators and grade"
              + " counts, the same for every year (trend), the compliance check by kind, the 10"
              + " enterprises with the highest tax per mu, the 10 parcels with the lowest, and for a"
              + " cluster its park assessment; a role reading only its own district's figures gets its"
              + " district's summary (403 for another district or any cluster), a role reading none"
              + " 403; a cluster is named by its code (FB01) or id")
  Summary summary(
      @RequestParam String level,
      @RequestParam String code,
      @RequestParam(required = false) Integer year) {
    if (!level.equals("cluster") && !level.equals("district")) {
      throw ApiException.badRequest("invalid-parameter", "level must be cluster or district");
    }
    // its enterprises and parcels: a role reading its own district's figures gets its district's
    // summary, and no cluster's (a cluster may span districts)
    FigureScope.Scope scope = figures.some();
    if (level.equals("district")) {
      figures.district(scope, code);
    } else {
      figures.requireAll(scope, "集聚区的汇总（可能跨区）");
    }
    int y = years.year(year);
    long model = years.activeModel(y);
    // a cluster by its code (FB01) as people name it, or by its id (the code of its figures)
    String unit = level.equals("cluster") ? clusterId(code) : code;
    String district = level.equals("district") ? unit : null;
    Long cluster = level.equals("cluster") ? PlannerQuery.number("code", unit) : null;
    List<YearFigures> trend =
        jdbc.sql(sql.get("select_unit_years"))
            .param("level", level)
            .param("code", unit)
            .query((rs, n) -> new YearFigures(rs.getInt("year"), UnitFigures.unit(rs)))
            .list();
    Unit unitFigures =
        trend.stream()
            .filter(t -> t.year() == y)
            .map(YearFigures::unit)
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "unknown-unit",
                        code
                            + " 在 "
                            + y
                            + " 年没有指标（there is no "
                            + level
                            + " "
                            + code
                            + " with figures in "
                            + y
                            + "）"));
    Map<String, Long> breaches = new LinkedHashMap<>();
    jdbc.sql(sql.get("count_breach_kinds"))
        .param("year", y)
        .param("district", district)
        .param("cluster", cluster)
        .query((rs, n) -> breaches.put(rs.getString("kind"), rs.getLong("parcels")))
        .list();
    List<Ranked> top =
        ranked(
            "select_top_enterprises",
            y,
            model,
            district,
            cluster,
            "credit_code",
            "name",
            "land_mu");
    List<Ranked> weakest =
        ranked("select_weakest_parcels", y, model, district, cluster, "code", "code", "area_mu");
    ParkAssessment.Park park =
        cluster == null
            ? null
            : assessment.parks(List.of(y), unit).stream().findFirst().orElse(null);
    return new Summary(
        level, unit, unitFigures.name(), y, unitFigures, trend, breaches, top, weakest, park);
  }

  /** The id of a cluster named by its code (FB01) or its id; a 404 naming it when there is none. */
  private String clusterId(String code) {
    return jdbc.sql(sql.get("select_cluster_id"))
        .param("code", code.strip())
        .query(String.class)
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-unit",
                    "没有编号为 " + code.strip() + " 的工业集聚区（there is no cluster " + code.strip() + "）"));
  }
}
