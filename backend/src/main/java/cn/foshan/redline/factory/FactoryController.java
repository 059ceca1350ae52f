package cn.foshan.redline.factory;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commercial factory buildings 商品厂房: one building with its units and stage ledger, its stage moves
 * and units sold or leased (roles and versions checked), and the alerts of a district.
 */
@RestController
@RequestMapping("/api/factories")
@Tag(name = "Factory buildings", description = "商品厂房: stages, units sold or leased, alerts")
class FactoryController {

  private final JdbcClient jdbc;
  private final Factories factories;
  private final FactoryAlertProperties thresholds;
  private final DistrictCodes districts;
  private final String alertsSql = SqlFiles.load("factory/select_alerts.sql");

  FactoryController(
      ReadRouting reads,
      Factories factories,
      FactoryAlertProperties thresholds,
      DistrictCodes districts) {
    this.districts = districts;
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.factories = factories;
    this.thresholds = thresholds;
  }

  record Detail(
      Factories.Building building, List<Factories.Unit> units, List<Factories.StageEntry> stages) {}

  @GetMapping("/{id}")
  @Operation(
      summary =
          "A factory building with its units and stage ledger; its ETag is its version (send it in"
              + " If-Match to move its stage or add a unit)")
  ResponseEntity<Detail> get(@PathVariable long id) {
    Factories.Building b = factories.building(id);
    return ResponseEntity.ok()
        .eTag("\"" + b.version() + "\"")
        .body(new Detail(b, factories.units(id), factories.stages(id)));
  }

  @PostMapping("/{id}/stage")
  @Operation(
      summary =
          "Move a building to its next stage (产业导入 → 开发报建 → 施工建设 → 宣传销售 → 使用运营 → 产出考核) with"
              + " day, reason and 文号; If-Match (428 without, 412 stale); bureau, or a district"
              + " officer in their district; 422 with the reasons when refused")
  ResponseEntity<Factories.Building> stage(
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody Factories.StageRequest body) {
    Factories.Building b =
        factories.advance(UserAccounts.require(), id, IfMatch.required(ifMatch), body);
    return ResponseEntity.ok().eTag("\"" + b.version() + "\"").body(b);
  }

  @PostMapping("/{id}/units")
  @Operation(
      summary =
          "Record a unit sold or leased: area, occupant (industrial or not, industry), price per m²"
              + " or rent per m² and month; If-Match with the building's version; the building's"
              + " sold and leased areas follow from its units")
  ResponseEntity<Factories.Unit> addUnit(
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody Factories.UnitRequest body) {
    Factories.Unit unit =
        factories.addUnit(UserAccounts.require(), id, IfMatch.required(ifMatch), body);
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/api/factories/" + id + "/units/" + unit.id()))
        .eTag("\"" + unit.version() + "\"")
        .body(unit);
  }

  @PutMapping("/{id}/units/{unitId}")
  @Operation(summary = "Change a unit (resale, new tenant, new rent); If-Match with its version")
  ResponseEntity<Factories.Unit> updateUnit(
      @PathVariable long id,
      @PathVariable long unitId,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody Factories.UnitRequest body) {
    Factories.Unit unit =
        factories.updateUnit(UserAccounts.require(), id, unitId, IfMatch.required(ifMatch), body);
    return ResponseEntity.ok().eTag("\"" + unit.version() + "\"").body(unit);
  }

  /** One alert: the rule, the building (and unit), the value and the limit it crossed. */
  record Alert(
      String rule,
      String districtCode,
      long factoryBuildingId,
      String code,
      String name,
      String stage,
      int units,
      String kind,
      double value,
      Double limit,
      Double median,
      String message) {}

  record Alerts(
      String district,
      int year,
      double priceOverMedian,
      double vacancyMax,
      int count,
      List<Alert> alerts) {}

  @GetMapping("/alerts")
  @Operation(
      summary =
          "Alerts of a district's (or every) commercial factory buildings: SPECULATION (price or"
              + " rent above the district median by more than priceOverMedian), VACANCY (a building"
              + " in use more than vacancyMax empty), NON_INDUSTRIAL (a unit with a non-industrial"
              + " occupant), OUTPUT_BELOW_AGREEMENT (output per mu in the year below the"
              + " supervision agreement; only in the districts whose enterprises' figures the role"
              + " reads, V39); thresholds from settings unless given")
  Alerts alerts(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) Double priceOverMedian,
      @RequestParam(required = false) Double vacancyMax) {
    String d = districts.check(district, " (or left out for all)");
    double over = priceOverMedian == null ? thresholds.priceOverMedian() : priceOverMedian;
    double vacancy = vacancyMax == null ? thresholds.vacancyMax() : vacancyMax;
    if (over < 0 || vacancy < 0 || vacancy > 1) {
      throw ApiException.badRequest(
          "invalid-threshold", "priceOverMedian must be ≥ 0 and vacancyMax between 0 and 1");
    }
    int y =
        year != null
            ? year
            : jdbc.sql("SELECT coalesce(max(year), 0) FROM annual_indicator")
                .query(Integer.class)
                .single();
    List<Alert> alerts =
        jdbc.sql(alertsSql)
            .param("district", d)
            .param("year", y)
            .param("over_median", over)
            .param("vacancy_max", vacancy)
            .query(
                (rs, n) -> {
                  String rule = rs.getString("rule");
                  double value = rs.getDouble("value");
                  Double limit = (Double) rs.getObject("limit_value");
                  Double median = (Double) rs.getObject("reference");
                  String kind = rs.getString("kind");
                  return new Alert(
                      rule,
                      rs.getString("district_code"),
                      rs.getLong("id"),
                      rs.getString("code"),
                      rs.getString("name"),
                      rs.getString("stage"),
                      rs.getInt("units"),
                      kind,
                      Math.round(value * 10000) / 10000.0,
                      limit,
                      median,
                      message(rule, kind, value, limit, median, rs.getInt("units")));
                })
            .list();
    return new Alerts(d, y, over, vacancy, alerts.size(), alerts);
  }

  private static String message(
      String rule, String kind, double value, Double limit, Double median, int units) {
    return switch (rule) {
      case "SPECULATION" ->
          String.format(
              "%s最高 %.2f，高于区中位数 %.2f 达 %.0f%%，%d 个单元（%s up to %.2f against the district"
                  + " median of %.2f; %d units above）",
              "SALE".equals(kind) ? "售价(元/m²)" : "租金(元/m²·月)",
              value,
              median,
              (value / median - 1) * 100,
              units,
              "SALE".equals(kind) ? "sale price" : "rent",
              value,
              median,
              units);
      case "VACANCY" ->
          String.format(
              "空置率 %.0f%% 超过 %.0f%%（vacancy %.0f%% above %.0f%%）",
              value * 100, limit * 100, value * 100, limit * 100);
      case "NON_INDUSTRIAL" ->
          String.format(
              "%d 个单元 %.1f m² 由非工业企业使用（%d units, %.1f m², sold or leased to non-industrial"
                  + " occupants）",
              units, value, units, value);
      default ->
          String.format(
              "亩均产值 %.1f 万元/亩，低于监管协议 %.1f（output per mu %.1f below the agreement's %.1f）",
              value, limit, value, limit);
    };
  }
}
