package cn.foshan.redline.factory;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Csv;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
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

  /** The same reads through a cursor of 500 rows, in {@link #readOnly} (the CSV of every alert). */
  private final JdbcClient cursor;

  private final TransactionTemplate readOnly;
  private final Factories factories;
  private final FactoryAlertProperties thresholds;
  private final DistrictCodes districts;
  private final String alertsSql = SqlFiles.load("factory/select_alerts.sql");
  private final String buildingsSql = SqlFiles.load("factory/select_buildings.sql");
  private final String stageCountsSql = SqlFiles.load("factory/select_stage_counts.sql");
  private final String districtNamesSql = SqlFiles.load("factory/select_district_names.sql");

  FactoryController(
      ReadRouting reads,
      Factories factories,
      FactoryAlertProperties thresholds,
      DistrictCodes districts) {
    this.districts = districts;
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    JdbcTemplate streamed = new JdbcTemplate(reads.mayLagDataSource());
    streamed.setFetchSize(500);
    this.cursor = JdbcClient.create(streamed);
    this.readOnly = new TransactionTemplate(reads.mayLagTransactions());
    this.readOnly.setReadOnly(true);
    this.factories = factories;
    this.thresholds = thresholds;
  }

  /** One building of the list: its stage, shares of its floor area, prices against the medians. */
  record BuildingRow(
      long id,
      String code,
      String name,
      String developer,
      String stage,
      String stageLabel,
      LocalDate stageSince,
      String districtCode,
      String districtName,
      double floorAreaM2,
      double soldAreaM2,
      double leasedAreaM2,
      double soldShare,
      double leasedShare,
      double vacantShare,
      Double salePriceCnyM2,
      Double rentCnyM2Month,
      Double medianSalePriceCnyM2,
      Double medianRentCnyM2Month,
      int units,
      int version) {}

  /** A stage of the pipeline and how many buildings are in it. */
  record PipelineStage(String stage, String label, long buildings) {}

  record BuildingPage(
      String district,
      String stage,
      long total,
      int limit,
      long offset,
      List<PipelineStage> pipeline,
      List<BuildingRow> items) {}

  @GetMapping
  @Operation(
      summary =
          "A page of the commercial factory buildings (of a district, of a stage), by district and"
              + " code: stage, sold / leased / vacant shares of the floor area, asking price and"
              + " rent against the district's medians (those the alerts compare with), units;"
              + " with the pipeline (buildings per stage, of the district). limit 1 to 1000"
              + " (default 50), offset ≥ 0; 400 otherwise")
  BuildingPage list(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String stage,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    String d = districts.check(district, " (or left out for all)");
    String s = stage == null || stage.isBlank() ? null : stage.strip();
    if (s != null && !Factories.STAGES.contains(s)) {
      throw ApiException.badRequest(
          "invalid-stage",
          "阶段须为 "
              + String.join("、", Factories.STAGES)
              + " 之一（stage must be one of "
              + Factories.STAGES
              + "）");
    }
    PageLimits.check(limit, offset);
    Map<String, Long> counts = new HashMap<>();
    jdbc.sql(stageCountsSql)
        .param("district", d)
        .query((rs, n) -> counts.put(rs.getString("stage"), rs.getLong("buildings")))
        .list();
    List<PipelineStage> pipeline =
        Factories.STAGES.stream()
            .map(st -> new PipelineStage(st, Factories.LABELS.get(st), counts.getOrDefault(st, 0L)))
            .toList();
    long total =
        s == null
            ? counts.values().stream().mapToLong(Long::longValue).sum()
            : counts.getOrDefault(s, 0L);
    List<BuildingRow> items =
        jdbc.sql(buildingsSql)
            .param("district", d)
            .param("stage", s)
            .param("limit", limit)
            .param("offset", offset)
            .query(
                (rs, n) -> {
                  double floor = rs.getDouble("floor_area_m2");
                  double sold = rs.getDouble("sold_area_m2");
                  double leased = rs.getDouble("leased_area_m2");
                  double soldShare = floor > 0 ? share(sold / floor) : 0;
                  double leasedShare = floor > 0 ? share(leased / floor) : 0;
                  return new BuildingRow(
                      rs.getLong("id"),
                      rs.getString("code"),
                      rs.getString("name"),
                      rs.getString("developer"),
                      rs.getString("stage"),
                      Factories.LABELS.get(rs.getString("stage")),
                      rs.getObject("stage_since", LocalDate.class),
                      rs.getString("district_code"),
                      rs.getString("district_name"),
                      floor,
                      sold,
                      leased,
                      soldShare,
                      leasedShare,
                      floor > 0 ? share(Math.max(0, 1 - (sold + leased) / floor)) : 0,
                      (Double) rs.getObject("sale_price_cny_m2"),
                      (Double) rs.getObject("rent_cny_m2_month"),
                      rounded((Double) rs.getObject("median_sale")),
                      rounded((Double) rs.getObject("median_rent")),
                      rs.getInt("units"),
                      rs.getInt("version"));
                })
            .list();
    return new BuildingPage(d, s, total, limit, offset, pipeline, items);
  }

  /** A share of the floor area, to 4 decimals. */
  private static double share(double ratio) {
    return Math.round(ratio * 10000) / 10000.0;
  }

  private static Double rounded(Double value) {
    return value == null ? null : Math.round(value * 100) / 100.0;
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
      String ruleLabel,
      String districtCode,
      String districtName,
      long factoryBuildingId,
      String code,
      String name,
      String stage,
      String stageLabel,
      int units,
      String kind,
      double value,
      Double limit,
      Double median,
      String message) {}

  /** How many alerts a district has of a rule (the page's chart). */
  record Count(String districtCode, String rule, int count) {}

  /**
   * The alerts: count of them all, counts per district and rule (of them all), and the page of them
   * asked for (offset, limit).
   */
  record Alerts(
      String district,
      int year,
      double priceOverMedian,
      double vacancyMax,
      int count,
      List<Count> counts,
      int offset,
      int limit,
      List<Alert> alerts) {}

  /** The rules' names, as people say them. */
  static final Map<String, String> RULE_LABELS =
      Map.of(
          "SPECULATION", "炒作（价格或租金高于区中位数）",
          "VACANCY", "空置",
          "NON_INDUSTRIAL", "非工业使用",
          "OUTPUT_BELOW_AGREEMENT", "产出低于监管协议");

  @GetMapping("/alerts")
  @Operation(
      summary =
          "Alerts of a district's (or every) commercial factory buildings: SPECULATION (price or"
              + " rent above the district median by more than priceOverMedian), VACANCY (a building"
              + " in use more than vacancyMax empty), NON_INDUSTRIAL (a unit with a non-industrial"
              + " occupant), OUTPUT_BELOW_AGREEMENT (output per mu in the year below the"
              + " supervision agreement; only in the districts whose enterprises' figures the role"
              + " reads, V39); thresholds from settings unless given. building: one building's."
              + " count is the number of alerts, counts their number per district and rule (of all"
              + " of them), alerts the page asked for (ordered by district, rule, building code,"
              + " kind): offset ≥ 0, limit 1 to 1000 (default 1000); each with the rule's and the"
              + " stage's Chinese names")
  Alerts alerts(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) Double priceOverMedian,
      @RequestParam(required = false) Double vacancyMax,
      @RequestParam(required = false) Long building,
      @RequestParam(defaultValue = "1000") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    PageLimits.check(limit, offset);
    Query q = query(district, year, priceOverMedian, vacancyMax);
    // the names first, the alerts last (a replica's pg_stat_activity then shows the alerts'
    // statement, which ReplicaRoutingTest reads to see where the request was served)
    Map<String, String> names = districtNames();
    // the statement pages and counts them (the city has ~10,000 alerts at a million parcels): the
    // page's alerts made into messages, and the counts per district and rule of them all
    List<Alert> page = new ArrayList<>();
    List<Count> counts = new ArrayList<>();
    alertRows(jdbc, q, building, limit, offset, r -> page.add(r.alert(names)), counts::add);
    return new Alerts(
        q.district(),
        q.year(),
        q.over(),
        q.vacancy(),
        counts.stream().mapToInt(Count::count).sum(),
        counts,
        offset,
        limit,
        page);
  }

  private static final String[] CSV_HEADER = {
    "区 district",
    "规则 rule",
    "厂房编号 building code",
    "厂房名称 building name",
    "阶段 stage",
    "单元数 units",
    "类别 kind",
    "值 value",
    "限值 limit",
    "区中位数 district median",
    "说明 detail"
  };

  @GetMapping("/alerts.csv")
  @Operation(
      summary =
          "The alerts as CSV (UTF-8 with BOM, opens in Excel), every one of them with the same"
              + " parameters as /alerts, rules and stages in Chinese; written as the database"
              + " reads them (a cursor), so a large export is not held in memory")
  void alertsCsv(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) Double priceOverMedian,
      @RequestParam(required = false) Double vacancyMax,
      @RequestParam(required = false) Long building,
      HttpServletResponse response)
      throws IOException {
    Query q = query(district, year, priceOverMedian, vacancyMax);
    Map<String, String> names = districtNames();
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\"factory_alerts_"
            + (q.district() == null ? "all" : q.district())
            + "_"
            + q.year()
            + ".csv\"");
    PrintWriter out = response.getWriter();
    out.write('\uFEFF');
    out.write(Csv.line(CSV_HEADER));
    // every alert (no limit), each written as the cursor reads it (a few hundred rows at a time, in
    // a read-only transaction): memory does not grow with the number of alerts. A read that fails
    // before the answer's first 8 KB are sent answers an error; later, it ends the file short.
    readOnly.executeWithoutResult(
        status ->
            alertRows(
                cursor,
                q,
                building,
                null,
                0,
                r -> {
                  Alert a = r.alert(names);
                  out.write(
                      Csv.line(
                          a.districtName(),
                          a.ruleLabel(),
                          a.code(),
                          a.name(),
                          a.stageLabel(),
                          Integer.toString(a.units()),
                          a.kind() == null ? "" : "SALE".equals(a.kind()) ? "售价 sale" : "租金 rent",
                          Double.toString(a.value()),
                          a.limit() == null ? "" : Double.toString(a.limit()),
                          a.median() == null ? "" : Double.toString(a.median()),
                          a.message()));
                },
                c -> {}));
    out.flush();
  }

  /** The district, year and thresholds of an alerts request, checked. */
  private record Query(String district, int year, double over, double vacancy) {}

  private Query query(String district, Integer year, Double priceOverMedian, Double vacancyMax) {
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
            : jdbc.sql("SELECT latest_indicator_year()").query(Integer.class).single();
    return new Query(d, y, over, vacancy);
  }

  /** An alert as the query gives it, made into an {@link Alert} (with its message) when shown. */
  private record Row(
      String rule,
      String districtCode,
      long id,
      String code,
      String name,
      String stage,
      int units,
      String kind,
      double value,
      Double limit,
      Double median) {

    Alert alert(Map<String, String> districtNames) {
      return new Alert(
          rule,
          RULE_LABELS.get(rule),
          districtCode,
          districtNames.get(districtCode),
          id,
          code,
          name,
          stage,
          Factories.LABELS.get(stage),
          units,
          kind,
          Math.round(value * 10000) / 10000.0,
          limit,
          median,
          message(rule, kind, value, limit, median, units));
    }
  }

  private Map<String, String> districtNames() {
    Map<String, String> names = new HashMap<>();
    jdbc.sql(districtNamesSql)
        .query((rs, n) -> names.put(rs.getString("code"), rs.getString("name")))
        .list();
    return names;
  }

  /**
   * The alerts :offset to :offset + :limit (all when limit is null) to {@code alerts}, in order,
   * then the number of every alert per district and rule to {@code counts}: one statement, read
   * through {@code client} (the CSV's: a cursor).
   */
  private void alertRows(
      JdbcClient client,
      Query q,
      Long building,
      Integer limit,
      int offset,
      Consumer<Row> alerts,
      Consumer<Count> counts) {
    client
        .sql(alertsSql)
        .param("district", q.district())
        .param("building", building)
        .param("year", q.year())
        .param("over_median", q.over())
        .param("vacancy_max", q.vacancy())
        .param("limit", limit)
        .param("offset", offset)
        .query(
            (RowCallbackHandler)
                rs -> {
                  if ("count".equals(rs.getString("part"))) {
                    counts.accept(
                        new Count(
                            rs.getString("district_code"),
                            rs.getString("rule"),
                            rs.getInt("units")));
                  } else {
                    alerts.accept(
                        new Row(
                            rs.getString("rule"),
                            rs.getString("district_code"),
                            rs.getLong("id"),
                            rs.getString("code"),
                            rs.getString("name"),
                            rs.getString("stage"),
                            rs.getInt("units"),
                            rs.getString("kind"),
                            rs.getDouble("value"),
                            (Double) rs.getObject("limit_value"),
                            (Double) rs.getObject("reference")));
                  }
                });
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
