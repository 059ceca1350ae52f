package cn.foshan.redline.efficiency;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.io.Exports;
import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The planner's lists of parcels, as JSON pages or exports: the parcel query (by place, attributes
 * and indicators, through {@link PlannerQuery}) and the compliance check 履约核查.
 */
@RestController
@RequestMapping("/api/efficiency")
@Tag(name = "Efficiency")
class EfficiencyParcelController {

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

  private final JdbcClient jdbc;
  private final EfficiencyYears years;
  private final DistrictCodes districts;
  private final Export export;
  private final FigureScope figures;
  private final SqlTemplate selectParcels =
      SqlTemplate.load("efficiency/select_parcels.sql", "conditions", "order");
  private final SqlTemplate countParcels =
      SqlTemplate.load("efficiency/count_parcels.sql", "conditions");
  private final String selectBreaches = SqlFiles.load("efficiency/select_breaches.sql");
  private final String countBreaches = SqlFiles.load("efficiency/count_breaches.sql");

  EfficiencyParcelController(
      ReadRouting reads,
      EfficiencyYears years,
      DistrictCodes districts,
      Export export,
      FigureScope figures) {
    this.districts = districts;
    this.figures = figures;
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.years = years;
    this.export = export;
  }

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
              + "EPSG:4490|4547|4546, Shapefile attributes in encoding=UTF-8|GBK). Figures are read in"
              + " the role's scope (figureScope in the answer): a role reading its own district's"
              + " lists that district (403 for another), a role reading none gets 403")
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
    int y = years.year(year);
    boolean exporting = !f.equals("json");
    int rows = Paging.rows(exporting, limit, offset);
    // a role that reads one district's figures lists that district's parcels (and says so)
    FigureScope.Scope scope = figures.some();
    Map<String, String> kept = new LinkedHashMap<>(filters);
    String own =
        figures.district(scope, districts.check(filters.get("district"), " (or left out)"));
    if (own != null) {
      kept.put("district", own);
    }
    PlannerQuery q = PlannerQuery.of("parcel", kept, districts);
    String orderBy = PlannerQuery.parcelOrder(sort, order);
    Map<String, Object> params =
        q.params(
            Map.of(
                "year",
                y,
                "model",
                years.activeModel(y),
                "limit",
                rows,
                "offset",
                offset,
                "geometry",
                f.equals("geojson")));
    long total =
        f.equals("json")
            ? jdbc.sql(q.sql(countParcels)).params(params).query(Long.class).single()
            : 0;
    String select = q.sql(selectParcels, orderBy);
    if (Export.FILE_FORMATS.contains(f)) {
      return export.file(f, "parcels_" + y, select, params, file);
    }
    return export.respond(
        f,
        "parcels_" + y,
        select,
        params,
        PARCEL_COLUMNS,
        total,
        new LinkedHashMap<>(Map.of("year", y, "figureScope", scope.describe())));
  }

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
              + " for /parcels); in the role's scope, as /parcels")
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
    int y = years.year(year);
    boolean exporting = !f.equals("json");
    int rows = Paging.rows(exporting, limit, offset);
    FigureScope.Scope scope = figures.some();
    String d = figures.district(scope, districts.check(district, ""));
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
        f.equals("json") ? jdbc.sql(countBreaches).params(params).query(Long.class).single() : 0;
    if (Export.FILE_FORMATS.contains(f)) {
      return export.file(f, "breaches_" + y, selectBreaches, params, file);
    }
    return export.respond(
        f,
        "breaches_" + y,
        selectBreaches,
        params,
        BREACH_COLUMNS,
        total,
        new LinkedHashMap<>(Map.of("year", y, "figureScope", scope.describe())));
  }
}
