package cn.foshan.redline.efficiency;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.efficiency.UnitFigures.Unit;
import cn.foshan.redline.efficiency.UnitFigures.Units;
import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * Per-mu efficiency for planners (any logged-in user reads; the bureau recomputes and sets grading
 * models), by resource: the indicators per unit and their trend here; the planner's parcel query
 * and the compliance check in {@link EfficiencyParcelController}; choropleths and distributions in
 * {@link EfficiencyMapController}; grades, grading models and recomputation in {@link
 * EfficiencyGradeController}; the park assessment and the one-page summary in {@link
 * EfficiencySummaryController}. Money in 万元, areas in mu (ellipsoidal), ratios of sums.
 */
@RestController
@RequestMapping("/api/efficiency")
@Tag(
    name = "Efficiency",
    description =
        "亩均效益: indicators per parcel, enterprise and unit, compliance checks of supervision"
            + " agreements, grades (logged-in users only: enterprise tax figures are not public)")
class EfficiencyUnitController {

  private static final Set<String> UNIT_LEVELS =
      Set.of("city", "district", "town", "cluster", "industry");
  private static final Set<String> TREND_LEVELS =
      Set.of("city", "district", "cluster", "town", "industry");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final EfficiencyYears years;
  private final DistrictCodes districts;
  private final FigureScope figures;
  private final String selectUnits = SqlFiles.load("efficiency/select_units.sql");
  private final SqlTemplate selectEnterprises =
      SqlTemplate.load("efficiency/select_enterprises.sql", "conditions");
  private final SqlTemplate selectParcels =
      SqlTemplate.load("efficiency/select_parcels.sql", "conditions", "order");
  private final SqlTemplate countParcels =
      SqlTemplate.load("efficiency/count_parcels.sql", "conditions");
  private final SqlTemplate selectTrend =
      SqlTemplate.load("efficiency/select_trend.sql", "indicator");

  EfficiencyUnitController(
      ReadRouting reads, EfficiencyYears years, DistrictCodes districts, FigureScope figures) {
    this.figures = figures;
    this.districts = districts;
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.years = years;
  }

  @GetMapping
  @Operation(
      summary =
          "Indicators per unit of a level (city, district, town, cluster, industry, enterprise,"
              + " parcel) in a year, with the grade counts of the year's active model; enterprise and"
              + " parcel levels are paged (limit ≤ 1000), take the filters of /parcels and are read in"
              + " the role's scope (figureScope; 403 for a district not its own, or for a role"
              + " reading none)")
  Units units(
      @RequestParam(defaultValue = "district") String level,
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset,
      @Parameter(
              description =
                  "the filters of /parcels: district, cluster, town, industry, grade,"
                      + " breach, min.<indicator>, max.<indicator>, polygon")
          @RequestParam
          Map<String, String> filters) {
    int y = years.year(year);
    PageLimits.check(limit, offset);
    long model = years.activeModel(y);
    if (UNIT_LEVELS.contains(level)) {
      String cluster = PlannerQuery.blank(filters.get("cluster"));
      String district = PlannerQuery.blank(filters.get("district"));
      List<Unit> units =
          jdbc.sql(selectUnits)
              .param("year", y)
              .param("level", level)
              .param("district", district)
              .param("cluster", cluster)
              .query((rs, n) -> UnitFigures.unit(rs))
              .list();
      return new Units(y, level, (long) units.size(), units, null);
    }
    if (!level.equals("enterprise") && !level.equals("parcel")) {
      throw ApiException.badRequest(
          "invalid-parameter",
          "level must be one of city, district, town, cluster, industry, enterprise, parcel");
    }
    // enterprises and parcels: in the role's scope (its own district, said in the answer)
    FigureScope.Scope scope = figures.some();
    Map<String, String> kept = new LinkedHashMap<>(filters);
    String own =
        figures.district(scope, districts.check(filters.get("district"), " (or left out)"));
    if (own != null) {
      kept.put("district", own);
    }
    if (level.equals("enterprise")) {
      PlannerQuery q = PlannerQuery.of("enterprise", kept, districts);
      Paging.Counted<Unit> page =
          Paging.counted(
              jdbc.sql(q.sql(selectEnterprises))
                  .params(
                      q.params(
                          Map.of("year", y, "model", model, "limit", limit, "offset", offset))),
              (rs, n) -> UnitFigures.enterprise(rs));
      return new Units(y, level, page.total(), page.items(), scope.describe());
    }
    {
      PlannerQuery q = PlannerQuery.of("parcel", kept, districts);
      Map<String, Object> params =
          q.params(
              Map.of(
                  "year", y, "model", model, "limit", limit, "offset", offset, "geometry", false));
      long total = jdbc.sql(q.sql(countParcels)).params(params).query(Long.class).single();
      List<Unit> units =
          jdbc.sql(q.sql(selectParcels, "p.code"))
              .params(params)
              .query((rs, n) -> UnitFigures.parcel(JSON.readTree(rs.getString("properties"))))
              .list();
      return new Units(y, level, total, units, scope.describe());
    }
  }

  record Point(int year, Double value) {}

  record Trend(String level, String code, String indicator, List<Point> points) {}

  @GetMapping("/trend")
  @Operation(
      summary = "An indicator of the city, a district or a cluster over all years with indicators")
  Trend trend(
      @RequestParam(defaultValue = "city") String level,
      @RequestParam(required = false) String code,
      @RequestParam(defaultValue = "taxPerMu") String indicator) {
    Indicator i = Indicator.of(indicator).ofUnits();
    if (!TREND_LEVELS.contains(level)) {
      throw ApiException.badRequest(
          "invalid-parameter", "level must be city, district, town, cluster or industry");
    }
    String c = level.equals("city") ? "city" : PlannerQuery.blank(code);
    if (c == null) {
      throw ApiException.badRequest("invalid-parameter", "code is required for level " + level);
    }
    List<Point> points =
        jdbc.sql(selectTrend.identifier("indicator", i.column).sql())
            .param("level", level)
            .param("code", c)
            .query((rs, n) -> new Point(rs.getInt("year"), UnitFigures.value(rs, "value")))
            .list();
    return new Trend(level, c, i.key, points);
  }
}
