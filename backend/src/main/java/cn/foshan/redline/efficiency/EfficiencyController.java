package cn.foshan.redline.efficiency;

import cn.foshan.redline.io.Exports;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Per-mu efficiency for planners (any logged-in user reads; the bureau recomputes and sets grading
 * models): indicators per unit, the planner's parcel query, the compliance check, choropleths,
 * distributions, trends and grading models. Money in 万元, areas in mu (ellipsoidal), ratios of sums.
 */
@RestController
@RequestMapping("/api/efficiency")
@Tag(
    name = "Efficiency",
    description =
        "亩均效益: indicators per parcel, enterprise and unit, compliance checks of supervision"
            + " agreements, grades (logged-in users only: enterprise tax figures are not public)")
class EfficiencyController {

  private static final Set<String> UNIT_LEVELS =
      Set.of("city", "district", "town", "cluster", "industry");
  private static final int MAX_PAGE = 1000;
  private static final int MAX_EXPORT = 100_000;
  private static final int MAX_MAP_PARCELS = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final Recompute recompute;
  private final GradingModels models;
  private final Export export;
  private final Map<String, String> sql;
  private final EfficiencyProperties properties;

  EfficiencyController(
      JdbcClient jdbc,
      Recompute recompute,
      GradingModels models,
      Export export,
      EfficiencyProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.recompute = recompute;
    this.models = models;
    this.export = export;
    this.sql =
        SqlFiles.loadAll(
            "efficiency",
            "select_units",
            "select_enterprises",
            "select_parcels",
            "count_parcels",
            "select_breaches",
            "count_breaches",
            "select_map",
            "select_map_parcels",
            "count_map_parcels",
            "select_distribution",
            "select_parks",
            "count_breach_kinds",
            "select_top_enterprises",
            "select_weakest_parcels",
            "select_grade_changes");
  }

  // ---- years -----------------------------------------------------------------------------------

  /** The year asked for, checked; or the latest year with indicators. */
  private int year(Integer year) {
    List<Integer> years =
        jdbc.sql("SELECT DISTINCT year FROM unit_efficiency WHERE level = 'city' ORDER BY year")
            .query(Integer.class)
            .list();
    if (year == null) {
      if (years.isEmpty()) {
        throw ApiException.notFound(
            "no-indicators", "There are no indicators yet: import a year's figures first");
      }
      return years.get(years.size() - 1);
    }
    if (!years.contains(year)) {
      throw ApiException.badRequest(
          "invalid-year",
          "There are no indicators of " + year + "; years with indicators: " + years);
    }
    return year;
  }

  private long activeModel(int year) {
    return recompute.activeModel(year).orElse(-1L);
  }

  // ---- 1. units
  // ----------------------------------------------------------------------------------

  record Grades(int A, int B, int C, int D, int ungraded) {}

  record Unit(
      String code,
      String name,
      double areaMu,
      int enterprises,
      int parcels,
      Double taxPerMu,
      Double outputPerMu,
      Double valueAddedPerMu,
      Double investmentPerMu,
      Double valueAddedPerEnergy,
      Double labourProductivity,
      Double rdShare,
      Grades grades,
      String grade,
      Double score) {}

  record Units(int year, String level, Long total, List<Unit> units) {}

  private static Double value(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  @GetMapping
  @Operation(
      summary =
          "Indicators per unit of a level (city, district, town, cluster, industry, enterprise,"
              + " parcel) in a year, with the grade counts of the year's active model; enterprise and"
              + " parcel levels are paged (limit ≤ 1000) and take the filters of /parcels")
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
    int y = year(year);
    checkPage(limit, offset);
    long model = activeModel(y);
    if (UNIT_LEVELS.contains(level)) {
      String cluster = PlannerQuery.blank(filters.get("cluster"));
      String district = PlannerQuery.blank(filters.get("district"));
      List<Unit> units =
          jdbc.sql(sql.get("select_units"))
              .param("year", y)
              .param("level", level)
              .param("district", district)
              .param("cluster", cluster)
              .query((rs, n) -> unit(rs))
              .list();
      return new Units(y, level, (long) units.size(), units);
    }
    if (level.equals("enterprise")) {
      PlannerQuery q = PlannerQuery.of("enterprise", filters);
      long[] total = {0};
      List<Unit> units =
          jdbc.sql(sql.get("select_enterprises").replace("WHERE_CONDITIONS", q.where()))
              .params(q.params(Map.of("year", y, "model", model, "limit", limit, "offset", offset)))
              .query(
                  (rs, n) -> {
                    total[0] = rs.getLong("total");
                    String grade = rs.getString("grade");
                    return new Unit(
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getDouble("area_mu"),
                        1,
                        rs.getInt("parcels"),
                        value(rs, "tax_per_mu"),
                        value(rs, "output_per_mu"),
                        value(rs, "value_added_per_mu"),
                        value(rs, "investment_per_mu"),
                        value(rs, "value_added_per_energy"),
                        value(rs, "labour_productivity"),
                        value(rs, "rd_share"),
                        gradeOf(grade),
                        grade,
                        value(rs, "score"));
                  })
              .list();
      return new Units(y, level, total[0], units);
    }
    if (level.equals("parcel")) {
      PlannerQuery q = PlannerQuery.of("parcel", filters);
      Map<String, Object> params =
          q.params(
              Map.of(
                  "year", y, "model", model, "limit", limit, "offset", offset, "geometry", false));
      long total =
          jdbc.sql(sql.get("count_parcels").replace("WHERE_CONDITIONS", q.where()))
              .params(params)
              .query(Long.class)
              .single();
      List<Unit> units =
          jdbc.sql(
                  sql.get("select_parcels")
                      .replace("WHERE_CONDITIONS", q.where())
                      .replace("ORDER_BY", "p.code"))
              .params(params)
              .query(
                  (rs, n) -> {
                    JsonNode i = JSON.readTree(rs.getString("properties"));
                    String grade = i.get("grade").isNull() ? null : i.get("grade").asString();
                    return new Unit(
                        i.get("code").asString(),
                        i.get("code").asString(),
                        i.get("areaMu").asDouble(),
                        i.get("enterprises").asInt(),
                        1,
                        number(i, "taxPerMu"),
                        number(i, "outputPerMu"),
                        number(i, "valueAddedPerMu"),
                        number(i, "investmentPerMu"),
                        number(i, "valueAddedPerEnergy"),
                        number(i, "labourProductivity"),
                        number(i, "rdShare"),
                        gradeOf(grade),
                        grade,
                        number(i, "score"));
                  })
              .list();
      return new Units(y, level, total, units);
    }
    throw ApiException.badRequest(
        "invalid-parameter",
        "level must be one of city, district, town, cluster, industry, enterprise, parcel");
  }

  private static Unit unit(ResultSet rs) throws SQLException {
    return new Unit(
        rs.getString("code"),
        rs.getString("name"),
        rs.getDouble("area_mu"),
        rs.getInt("enterprises"),
        rs.getInt("parcels"),
        value(rs, "tax_per_mu"),
        value(rs, "output_per_mu"),
        value(rs, "value_added_per_mu"),
        value(rs, "investment_per_mu"),
        value(rs, "value_added_per_energy"),
        value(rs, "labour_productivity"),
        value(rs, "rd_share"),
        new Grades(
            rs.getInt("grades_a"),
            rs.getInt("grades_b"),
            rs.getInt("grades_c"),
            rs.getInt("grades_d"),
            rs.getInt("ungraded")),
        null,
        null);
  }

  private static Double number(JsonNode item, String field) {
    JsonNode v = item.get(field);
    return v == null || v.isNull() ? null : v.asDouble();
  }

  private static Grades gradeOf(String grade) {
    return new Grades(
        "A".equals(grade) ? 1 : 0,
        "B".equals(grade) ? 1 : 0,
        "C".equals(grade) ? 1 : 0,
        "D".equals(grade) ? 1 : 0,
        grade == null ? 1 : 0);
  }

  /**
   * The rows of a page: JSON pages hold 100 unless told (at most 1000); an export (csv, xlsx,
   * geojson) holds every row up to 100,000, or the page asked for when limit is given (the map of
   * one page of the table).
   */
  private static int rows(boolean exporting, Integer limit, long offset) {
    if (exporting) {
      if (limit == null) {
        return MAX_EXPORT;
      }
      if (limit < 1 || limit > MAX_EXPORT || offset < 0) {
        throw ApiException.badRequest(
            "invalid-parameter", "limit must be 1 to " + MAX_EXPORT + " and offset not negative");
      }
      return limit;
    }
    int page = limit == null ? 100 : limit;
    checkPage(page, offset);
    return page;
  }

  private static void checkPage(int limit, long offset) {
    if (limit < 1 || limit > MAX_PAGE || offset < 0) {
      throw ApiException.badRequest(
          "invalid-parameter", "limit must be 1 to " + MAX_PAGE + " and offset not negative");
    }
  }

  // ---- 3. the planner's parcel query
  // --------------------------------------------------------------

  private static final List<Export.Column> PARCEL_COLUMNS =
      List.of(
          new Export.Column("宗地ID parcelId", "/parcelId"),
          new Export.Column("宗地编号 code", "/code"),
          new Export.Column("区 district", "/district"),
          new Export.Column("区名 districtName", "/districtName"),
          new Export.Column("镇街 town", "/town"),
          new Export.Column("集聚区ID clusterId", "/clusterId"),
          new Export.Column("集聚区 clusterName", "/clusterName"),
          new Export.Column("行业 industry", "/industry"),
          new Export.Column("面积(亩) areaMu", "/areaMu"),
          new Export.Column("企业数 enterprises", "/enterprises"),
          new Export.Column("亩均税收 taxPerMu", "/taxPerMu"),
          new Export.Column("亩均产值 outputPerMu", "/outputPerMu"),
          new Export.Column("亩均增加值 valueAddedPerMu", "/valueAddedPerMu"),
          new Export.Column("投资强度 investmentPerMu", "/investmentPerMu"),
          new Export.Column("单位能耗增加值 valueAddedPerEnergy", "/valueAddedPerEnergy"),
          new Export.Column("全员劳动生产率 labourProductivity", "/labourProductivity"),
          new Export.Column("研发投入占比 rdShare", "/rdShare"),
          new Export.Column("等级 grade", "/grade"),
          new Export.Column("得分 score", "/score"),
          new Export.Column("违约 breaches", "/breaches"));

  @GetMapping(
      value = "/parcels",
      produces = {
        MediaType.APPLICATION_JSON_VALUE,
        "application/geo+json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
        "application/geopackage+sqlite3",
        "application/vnd.google-earth.kml+xml"
      })
  @Operation(
      summary =
          "The planner's query: parcels of a year by place (district, cluster, town, a GeoJSON"
              + " polygon in lon/lat) and attributes (industry, grade=A,B, breach=KIND,"
              + " min.<indicator>=, max.<indicator>=), sorted (sort=<indicator>|areaMu|code,"
              + " order=asc|desc) and paged; format=json|csv|xlsx|geojson|shp|gpkg|kml (exports: every"
              + " row up to 100,000, or the page asked for when limit is given; files in crs="
              + "EPSG:4490|4547|4546, Shapefile attributes in encoding=UTF-8|GBK)")
  ResponseEntity<StreamingResponseBody> parcels(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String order,
      @RequestParam(required = false) Integer limit,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(required = false) String format,
      @ParameterObject Exports.Options file,
      @Parameter(
              description =
                  "district, cluster, town, industry, grade, breach, min.<indicator>,"
                      + " max.<indicator>, polygon")
          @RequestParam
          Map<String, String> filters) {
    String f = Export.format(format);
    int y = year(year);
    boolean exporting = !f.equals("json");
    int rows = rows(exporting, limit, offset);
    PlannerQuery q = PlannerQuery.of("parcel", filters);
    String orderBy = PlannerQuery.parcelOrder(sort, order);
    Map<String, Object> params =
        q.params(
            Map.of(
                "year",
                y,
                "model",
                activeModel(y),
                "limit",
                rows,
                "offset",
                offset,
                "geometry",
                f.equals("geojson")));
    long total =
        f.equals("json")
            ? jdbc.sql(sql.get("count_parcels").replace("WHERE_CONDITIONS", q.where()))
                .params(params)
                .query(Long.class)
                .single()
            : 0;
    String select =
        sql.get("select_parcels")
            .replace("WHERE_CONDITIONS", q.where())
            .replace("ORDER_BY", orderBy);
    if (Export.FILE_FORMATS.contains(f)) {
      return export.file(f, "parcels-" + y, select, params, file);
    }
    return export.respond(
        f,
        "parcels-" + y,
        select,
        params,
        PARCEL_COLUMNS,
        total,
        new LinkedHashMap<>(Map.of("year", y)));
  }

  // ---- 2. compliance check ---------------------------------------------------------------------

  private static final List<Export.Column> BREACH_COLUMNS =
      List.of(
          new Export.Column("宗地ID parcelId", "/parcelId"),
          new Export.Column("宗地编号 parcelCode", "/parcelCode"),
          new Export.Column("区 district", "/district"),
          new Export.Column("集聚区ID clusterId", "/clusterId"),
          new Export.Column("合同编号 contractNumber", "/agreement/contractNumber"),
          new Export.Column("约定动工 startWorksBy", "/agreement/startWorksBy"),
          new Export.Column("约定竣工 completeBy", "/agreement/completeBy"),
          new Export.Column("约定投产 startProductionBy", "/agreement/startProductionBy"),
          new Export.Column("实际动工 worksStartedOn", "/worksStartedOn"),
          new Export.Column("实际竣工 completedOn", "/completedOn"),
          new Export.Column("实际投产 productionStartedOn", "/productionStartedOn"),
          new Export.Column("违约类型 kinds", "/kinds"),
          new Export.Column("动工逾期天数 daysLate.start", "/daysLate/start"),
          new Export.Column("竣工逾期天数 daysLate.completion", "/daysLate/completion"),
          new Export.Column("投产逾期天数 daysLate.production", "/daysLate/production"),
          new Export.Column("约定亩均税收 target taxPerMu", "/agreement/taxPerMu"),
          new Export.Column("约定亩均产值 target outputPerMu", "/agreement/outputPerMu"),
          new Export.Column("约定投资强度 target investmentPerMu", "/agreement/investmentPerMu"),
          new Export.Column("差额 shortfalls", "/shortfalls"),
          new Export.Column("核查日 checkedOn", "/checkedOn"));

  @GetMapping(
      value = "/breaches",
      produces = {
        MediaType.APPLICATION_JSON_VALUE,
        "application/geo+json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
        "application/geopackage+sqlite3",
        "application/vnd.google-earth.kml+xml"
      })
  @Operation(
      summary =
          "The compliance check 履约核查 of a year: parcels whose supervision agreement is breached"
              + " (LATE_START, LATE_COMPLETION, LATE_PRODUCTION with days late, IDLE, SHORTFALL_TAX,"
              + " SHORTFALL_OUTPUT, SHORTFALL_INVESTMENT with amount and %) or whose figures are"
              + " missing (MISSING_DATA); format=json|csv|xlsx|geojson|shp|gpkg|kml (crs=, encoding= as"
              + " for /parcels)")
  ResponseEntity<StreamingResponseBody> breaches(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) String district,
      @RequestParam(required = false) Long cluster,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) Integer limit,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(required = false) String format,
      @ParameterObject Exports.Options file) {
    String f = Export.format(format);
    int y = year(year);
    boolean exporting = !f.equals("json");
    int rows = rows(exporting, limit, offset);
    String d = PlannerQuery.blank(district);
    if (d != null && !PlannerQuery.DISTRICTS.contains(d)) {
      throw ApiException.badRequest(
          "unknown-district", "district must be one of " + PlannerQuery.DISTRICTS);
    }
    String k = PlannerQuery.blank(kind);
    if (k != null && !PlannerQuery.BREACH_KINDS.contains(k)) {
      throw ApiException.badRequest(
          "invalid-parameter", "kind must be one of " + PlannerQuery.BREACH_KINDS);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("year", y);
    params.put("district", d);
    params.put("cluster", cluster);
    params.put("kind", k);
    params.put("limit", rows);
    params.put("offset", offset);
    params.put("geometry", f.equals("geojson"));
    long total =
        f.equals("json")
            ? jdbc.sql(sql.get("count_breaches")).params(params).query(Long.class).single()
            : 0;
    if (Export.FILE_FORMATS.contains(f)) {
      return export.file(f, "breaches-" + y, sql.get("select_breaches"), params, file);
    }
    return export.respond(
        f,
        "breaches-" + y,
        sql.get("select_breaches"),
        params,
        BREACH_COLUMNS,
        total,
        new LinkedHashMap<>(Map.of("year", y)));
  }

  // ---- 4. map
  // ------------------------------------------------------------------------------------

  @GetMapping(value = "/map", produces = "application/geo+json")
  @Operation(
      summary =
          "A choropleth of one indicator: districts, clusters, or parcels in a bbox"
              + " (minLon,minLat,maxLon,maxLat; required, at most 20,000 parcels) as GeoJSON with"
              + " properties code, name, value (and grade for parcels)")
  ResponseEntity<StreamingResponseBody> map(
      @RequestParam(defaultValue = "district") String level,
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "taxPerMu") String indicator,
      @RequestParam(required = false) String bbox) {
    Indicator i = Indicator.of(indicator);
    int y = year(year);
    if (level.equals("district") || level.equals("cluster")) {
      String body =
          jdbc.sql(sql.get("select_map"))
              .param("year", y)
              .param("level", level)
              .param("indicator", i.key)
              .query(String.class)
              .single();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("application/geo+json"))
          .body(out -> out.write(bytes));
    }
    if (!level.equals("parcel")) {
      throw ApiException.badRequest(
          "invalid-parameter", "level must be district, cluster or parcel");
    }
    if (bbox == null || bbox.isBlank()) {
      throw ApiException.badRequest(
          "bbox-required", "The parcel map needs a bbox=minLon,minLat,maxLon,maxLat");
    }
    String[] parts = bbox.split(",", -1);
    if (parts.length != 4) {
      throw ApiException.badRequest("invalid-bbox", "bbox is minLon,minLat,maxLon,maxLat");
    }
    double[] b = new double[4];
    for (int k = 0; k < 4; k++) {
      b[k] = PlannerQuery.decimal("bbox", parts[k]);
    }
    if (b[0] >= b[2] || b[1] >= b[3]) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox is minLon,minLat,maxLon,maxLat, min < max");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("year", y);
    params.put("model", activeModel(y));
    params.put("indicator", i.key);
    params.put("west", b[0]);
    params.put("south", b[1]);
    params.put("east", b[2]);
    params.put("north", b[3]);
    params.put("limit", MAX_MAP_PARCELS);
    long count = jdbc.sql(sql.get("count_map_parcels")).params(params).query(Long.class).single();
    if (count > MAX_MAP_PARCELS) {
      throw ApiException.badRequest(
          "zoom-in",
          "The box holds "
              + count
              + " parcels, more than "
              + MAX_MAP_PARCELS
              + ": zoom in, or use the cluster or district level");
    }
    return export.respond(
        "geojson", "map", sql.get("select_map_parcels"), params, List.of(), count, Map.of());
  }

  // ---- 5. distribution
  // ---------------------------------------------------------------------------

  record Bin(double from, double to, long count) {}

  record Distribution(int year, String level, String indicator, List<Bin> bins) {}

  @GetMapping("/distribution")
  @Operation(
      summary =
          "The distribution of an indicator over the parcels or enterprises of a year (of a district"
              + " or cluster): equal bins from the least to the greatest value, computed in SQL")
  Distribution distribution(
      @RequestParam(defaultValue = "parcel") String level,
      @RequestParam(defaultValue = "taxPerMu") String indicator,
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "20") int bins,
      @RequestParam(required = false) String district,
      @RequestParam(required = false) Long cluster) {
    Indicator i = Indicator.of(indicator);
    int y = year(year);
    if (!level.equals("parcel") && !level.equals("enterprise")) {
      throw ApiException.badRequest("invalid-parameter", "level must be parcel or enterprise");
    }
    if (bins < 1 || bins > 200) {
      throw ApiException.badRequest("invalid-parameter", "bins must be 1 to 200");
    }
    List<Bin> result =
        jdbc.sql(sql.get("select_distribution"))
            .param("level", level)
            .param("indicator", i.key)
            .param("year", y)
            .param("bins", bins)
            .param("district", PlannerQuery.blank(district))
            .param("cluster", cluster)
            .query(
                (rs, n) ->
                    new Bin(rs.getDouble("lower"), rs.getDouble("upper"), rs.getLong("count")))
            .list();
    return new Distribution(y, level, i.key, result);
  }

  // ---- 6. trend
  // ------------------------------------------------------------------------------------

  record Point(int year, Double value) {}

  record Trend(String level, String code, String indicator, List<Point> points) {}

  @GetMapping("/trend")
  @Operation(
      summary = "An indicator of the city, a district or a cluster over all years with indicators")
  Trend trend(
      @RequestParam(defaultValue = "city") String level,
      @RequestParam(required = false) String code,
      @RequestParam(defaultValue = "taxPerMu") String indicator) {
    Indicator i = Indicator.of(indicator);
    if (!Set.of("city", "district", "cluster", "town", "industry").contains(level)) {
      throw ApiException.badRequest(
          "invalid-parameter", "level must be city, district, town, cluster or industry");
    }
    String c = level.equals("city") ? "city" : PlannerQuery.blank(code);
    if (c == null) {
      throw ApiException.badRequest("invalid-parameter", "code is required for level " + level);
    }
    List<Point> points =
        jdbc.sql(
                "SELECT year, "
                    + i.column
                    + " AS value FROM unit_efficiency WHERE level = :level AND code = :code"
                    + " ORDER BY year")
            .param("level", level)
            .param("code", c)
            .query((rs, n) -> new Point(rs.getInt("year"), value(rs, "value")))
            .list();
    return new Trend(level, c, i.key, points);
  }

  // ---- grades year over year
  // -----------------------------------------------------------------------

  record GradeChange(String from, String to, long subjects) {}

  record GradeChanges(
      int year,
      int previousYear,
      String subject,
      long modelId,
      long previousModelId,
      long up,
      long down,
      long same,
      long graded,
      long noLongerGraded,
      List<GradeChange> changes) {}

  @GetMapping("/grade-changes")
  @Operation(
      summary =
          "How grades moved from the previous year (its active model) to this one: enterprises or"
              + " parcels counted per pair of grades (null: not graded or not there that year), and"
              + " how many went up, down or stayed; in a district or cluster if given")
  GradeChanges gradeChanges(
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "enterprise") String subject,
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String cluster) {
    int y = year(year);
    if (!subject.equals("enterprise") && !subject.equals("parcel")) {
      throw ApiException.badRequest("invalid-parameter", "subject must be enterprise or parcel");
    }
    String d = PlannerQuery.blank(district);
    if (d != null && !PlannerQuery.DISTRICTS.contains(d)) {
      throw ApiException.badRequest(
          "unknown-district", "district must be one of " + PlannerQuery.DISTRICTS);
    }
    String c = PlannerQuery.blank(cluster);
    Long clusterId = c == null ? null : PlannerQuery.number("cluster", c);
    long model = activeModel(y);
    long previous = activeModel(y - 1);
    if (previous < 0) {
      throw ApiException.badRequest(
          "invalid-year", "There are no grades of " + (y - 1) + " to compare " + y + " with");
    }
    boolean parcels = subject.equals("parcel");
    String query =
        sql.get("select_grade_changes")
            .replace("/*grades*/", parcels ? "parcel_grade" : "enterprise_grade")
            .replace("/*figures*/", parcels ? "parcel_efficiency" : "enterprise_efficiency")
            .replace("/*key*/", parcels ? "parcel_id" : "enterprise_id")
            .replace(
                "/*cluster*/",
                parcels
                    ? "f.cluster_id = :cluster"
                    : "EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel lp ON lp.id ="
                        + " l.parcel_id WHERE l.enterprise_id = f.enterprise_id AND lp.cluster_id"
                        + " = :cluster)");
    List<GradeChange> changes =
        jdbc.sql(query)
            .param("model", model)
            .param("previous", previous)
            .param("year", y)
            .param("district", d)
            .param("cluster", clusterId)
            .query(
                (rs, n) ->
                    new GradeChange(
                        rs.getString("from_grade"),
                        rs.getString("to_grade"),
                        rs.getLong("subjects")))
            .list();
    long up = 0;
    long down = 0;
    long same = 0;
    long graded = 0;
    long noLongerGraded = 0;
    for (GradeChange g : changes) {
      if (g.from() == null && g.to() != null) {
        graded += g.subjects();
      } else if (g.from() != null && g.to() == null) {
        noLongerGraded += g.subjects();
      } else if (g.from() != null) {
        // A is the best grade: a letter earlier in the alphabet is a better one
        int move = g.from().compareTo(g.to());
        if (move > 0) {
          up += g.subjects();
        } else if (move < 0) {
          down += g.subjects();
        } else {
          same += g.subjects();
        }
      }
    }
    return new GradeChanges(
        y, y - 1, subject, model, previous, up, down, same, graded, noLongerGraded, changes);
  }

  // ---- 7. park assessment
  // ------------------------------------------------------------------------

  record Park(
      int year,
      long clusterId,
      String name,
      String district,
      double areaMu,
      double output,
      Double industrialConcentration,
      String leadingIndustry,
      String leadingIndustryName,
      Double industryAgglomeration,
      Double investmentPerMu,
      Double taxPerMu,
      double employees) {}

  record Parks(String concentrationDenominator, List<Park> parks) {}

  private List<Park> parks(List<Integer> years, String cluster) {
    return jdbc.sql(sql.get("select_parks"))
        .param("years", years.toArray(new Integer[0]))
        .param("cluster", cluster)
        .param("denominator", properties.concentrationDenominator())
        .query(
            (rs, n) ->
                new Park(
                    rs.getInt("year"),
                    rs.getLong("cluster_id"),
                    rs.getString("name"),
                    rs.getString("district_code"),
                    rs.getDouble("area_mu"),
                    rs.getDouble("output"),
                    value(rs, "industrial_concentration"),
                    rs.getString("leading_industry"),
                    rs.getString("leading_industry_name"),
                    value(rs, "industry_agglomeration"),
                    value(rs, "investment_per_mu"),
                    value(rs, "tax_per_mu"),
                    rs.getDouble("employees")))
        .list();
  }

  private List<Integer> years() {
    return jdbc.sql("SELECT DISTINCT year FROM unit_efficiency WHERE level = 'city' ORDER BY year")
        .query(Integer.class)
        .list();
  }

  @GetMapping("/parks")
  @Operation(
      summary =
          "The park assessment per cluster and year: area, output, industrial concentration 工业集中度"
              + " (park output ÷ the industrial output of its district, or of the city: setting"
              + " redline.efficiency.concentration-denominator), leading industry and industry"
              + " agglomeration 产业集聚度 (its output ÷ park output), investment and tax per mu,"
              + " employees; years=all gives every year (a trend)")
  Parks parks(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) Long cluster,
      @RequestParam(required = false) String years) {
    List<Integer> which;
    if ("all".equals(years)) {
      which = years();
    } else if (years != null && !years.isBlank()) {
      throw ApiException.badRequest("invalid-parameter", "years is 'all' or left out");
    } else {
      which = List.of(year(year));
    }
    return new Parks(
        properties.concentrationDenominator(),
        parks(which, cluster == null ? null : cluster.toString()));
  }

  // ---- 8. one-page summary
  // -----------------------------------------------------------------------

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
      Park park) {}

  @GetMapping("/summary")
  @Operation(
      summary =
          "A one-page summary of a cluster or district for printing: its indicators and grade"
              + " counts, the same for every year (trend), the compliance check by kind, the 10"
              + " enterprises with the highest tax per mu, the 10 parcels with the lowest, and for a"
              + " cluster its park assessment")
  Summary summary(
      @RequestParam String level,
      @RequestParam String code,
      @RequestParam(required = false) Integer year) {
    if (!level.equals("cluster") && !level.equals("district")) {
      throw ApiException.badRequest("invalid-parameter", "level must be cluster or district");
    }
    int y = year(year);
    long model = activeModel(y);
    String district = level.equals("district") ? code : null;
    Long cluster = level.equals("cluster") ? PlannerQuery.number("code", code) : null;
    List<YearFigures> trend =
        jdbc.sql(
                "SELECT year, "
                    + "code, name, area_mu, enterprises, parcels, tax_per_mu, output_per_mu,"
                    + " value_added_per_mu, investment_per_mu, value_added_per_energy,"
                    + " labour_productivity, rd_share, grades_a, grades_b, grades_c, grades_d,"
                    + " ungraded FROM unit_efficiency WHERE level = :level AND code = :code"
                    + " ORDER BY year")
            .param("level", level)
            .param("code", code)
            .query((rs, n) -> new YearFigures(rs.getInt("year"), unit(rs)))
            .list();
    Unit unit =
        trend.stream()
            .filter(t -> t.year() == y)
            .map(YearFigures::unit)
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "unknown-unit",
                        "There is no " + level + " " + code + " with figures in " + y));
    Map<String, Long> breaches = new LinkedHashMap<>();
    jdbc.sql(sql.get("count_breach_kinds"))
        .param("year", y)
        .param("district", district)
        .param("cluster", cluster)
        .query((rs, n) -> breaches.put(rs.getString("kind"), rs.getLong("parcels")))
        .list();
    List<Ranked> top =
        jdbc.sql(sql.get("select_top_enterprises"))
            .param("year", y)
            .param("model", model)
            .param("district", district)
            .param("cluster", cluster)
            .query(
                (rs, n) ->
                    new Ranked(
                        rs.getString("credit_code"),
                        rs.getString("name"),
                        rs.getString("industry_code"),
                        rs.getDouble("land_mu"),
                        value(rs, "tax_per_mu"),
                        value(rs, "output_per_mu"),
                        rs.getString("grade")))
            .list();
    List<Ranked> weakest =
        jdbc.sql(sql.get("select_weakest_parcels"))
            .param("year", y)
            .param("model", model)
            .param("district", district)
            .param("cluster", cluster)
            .query(
                (rs, n) ->
                    new Ranked(
                        rs.getString("code"),
                        rs.getString("code"),
                        rs.getString("industry_code"),
                        rs.getDouble("area_mu"),
                        value(rs, "tax_per_mu"),
                        value(rs, "output_per_mu"),
                        rs.getString("grade")))
            .list();
    Park park = cluster == null ? null : parks(List.of(y), code).stream().findFirst().orElse(null);
    return new Summary(level, code, unit.name(), y, unit, trend, breaches, top, weakest, park);
  }

  // ---- 9. grading models and recomputation
  // -------------------------------------------------------

  @GetMapping("/models")
  @Operation(summary = "Grading models, every version, of a year (or all years)")
  List<GradingModels.Model> models(@RequestParam(required = false) Integer year) {
    return models.list(year);
  }

  @GetMapping("/models/{id}")
  @Operation(summary = "One grading model version")
  GradingModels.Model model(@PathVariable long id) {
    return models.get(id);
  }

  record Reproduction(long modelId, long enterpriseDifferences, long parcelDifferences) {}

  @GetMapping("/models/{id}/reproduction")
  @Operation(
      summary =
          "Grades the year again with this model version (nothing stored) and counts the"
              + " enterprises and parcels whose score, rank or grade differ from the stored ones: 0"
              + " and 0 when the stored grades are reproduced exactly")
  Reproduction reproduction(@PathVariable long id) {
    models.get(id);
    return new Reproduction(
        id, recompute.differences(id, "enterprise"), recompute.differences(id, "parcel"));
  }

  @PostMapping("/models")
  @Operation(
      summary =
          "A new version of a year's grading model (bureau, admin): indicators with weights and"
              + " benchmarks (per industry allowed), method RATIO|MINMAX|PERCENTILE, classRule"
              + " {kind: RANK_SHARE, A, B, D} or {kind: THRESHOLD, A, B, C}, exclusions"
              + " {industrySections, minAgeYears}; it becomes active and the year is graded with it;"
              + " earlier versions keep their grades")
  ResponseEntity<GradingModels.Model> createModel(@RequestBody GradingModels.ModelRequest body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(models.create(UserAccounts.require(), body));
  }

  @PostMapping("/recompute")
  @Operation(
      summary =
          "Recomputes a year's indicators, compliance checks and grades (active model) from the"
              + " figures (bureau, admin)")
  Recompute.Result recompute(@RequestParam int year) {
    AppUser user = UserAccounts.require();
    if (!user.role().commits()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only the bureau may recompute");
    }
    if (year < 2000) {
      throw ApiException.badRequest("invalid-year", "year must be 2000 or later");
    }
    return recompute.year(year, user.username());
  }
}
