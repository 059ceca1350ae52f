package cn.foshan.redline.renovation;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.Csv;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.XlsxSheet;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Village-park renovation: status transitions through change sets, the renovation ledger, annual
 * plans, the year's progress per district against plan with the 以增定改 balance, and the annual plan
 * report.
 */
@RestController
@RequestMapping("/api/renovation")
@Tag(name = "Renovation", description = "村级工业园改造: transitions, annual plans, progress")
class RenovationController {

  private final JdbcClient jdbc;
  private final ParkTransitions transitions;
  private final RenovationPlans plans;
  private final VillageParks parks;
  private final Map<String, String> sql;

  RenovationController(ReadRouting reads, ParkTransitions transitions, RenovationPlans plans) {
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.transitions = transitions;
    this.plans = plans;
    this.parks = new VillageParks(jdbc);
    this.sql =
        SqlFiles.loadAll(
            "renovation",
            "select_summary",
            "select_modern_parks",
            "select_park_statuses",
            "select_plan_report");
  }

  // ---- the parks

  @GetMapping("/parks")
  @Operation(
      summary =
          "A page of the village parks (limit 1–500, default 50; offset), ordered by district and"
              + " code, filtered by district, status, renovation type (FULL, LIGHT, COMPREHENSIVE;"
              + " NONE: not typed yet), plan (the parks of one plan) and q (a piece of the name,"
              + " code or owner village); with the total that match, and per park the path of its"
              + " type, its next status and the data that move still needs (needs: the transition's"
              + " field names), and the years of the plans it is in")
  VillageParks.ParkPage parks(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Long plan,
      @RequestParam(defaultValue = "" + VillageParks.DEFAULT_LIMIT) int limit,
      @RequestParam(defaultValue = "0") int offset) {
    return parks.page(
        new VillageParks.Filter(
            blankToNull(district), blankToNull(status), blankToNull(type), q, plan),
        limit,
        offset);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  // ---- transitions

  @PostMapping("/parks/{id}/transitions")
  @Operation(
      summary =
          "Move a village park to its next status on the path of its renovation type (全面改造 FULL:"
              + " 计划 → 拆除 → 建设 → 竣工 → 投产; 微改造 LIGHT: 计划 → 改造施工 → 竣工 → 投产; 综合整治"
              + " COMPREHENSIVE: 计划 → 整治施工 → 竣工) with the day, reason, 文号 and the data the"
              + " status needs (planning: type, year and targetUse 工改工 INDUSTRIAL or another use);"
              + " If-Match with the park's version (428 without,"
              + " 412 stale). Committed for the bureau (200), proposed for a district officer (202);"
              + " refused with its reasons, Chinese first (422: reasons, and missing — the fields"
              + " the status still needs)")
  ResponseEntity<?> transition(
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody ParkTransitions.Transition body) {
    AppUser user = UserAccounts.require();
    int base = IfMatch.required(ifMatch);
    ParkTransitions.Outcome outcome = transitions.apply(user, id, base, body);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("changeSet", outcome.changeSet());
    result.put("committed", outcome.committed());
    if (!outcome.committed()) {
      return ResponseEntity.accepted()
          .location(URI.create("/api/change-sets/" + outcome.changeSet().id()))
          .body(result);
    }
    ParkTransitions.State now = transitions.state(id);
    result.put("status", now.status());
    result.put("statusSince", now.statusSince());
    result.put("version", now.version());
    return ResponseEntity.ok().eTag("\"" + now.version() + "\"").body(result);
  }

  record StatusEntry(
      String status,
      LocalDate enteredOn,
      String actor,
      String documentNumber,
      long changeSetId,
      String reason,
      OffsetDateTime recordedAt) {}

  @GetMapping("/parks/{id}/statuses")
  @Operation(summary = "The renovation ledger of a park: every status it entered, who, when, 文号")
  List<StatusEntry> statuses(@PathVariable long id) {
    transitions.state(id); // 404 for an unknown park
    return jdbc.sql(sql.get("select_park_statuses"))
        .param("id", id)
        .query(
            (rs, n) ->
                new StatusEntry(
                    rs.getString("status"),
                    rs.getObject("entered_on", LocalDate.class),
                    rs.getString("actor"),
                    rs.getString("document_number"),
                    rs.getLong("change_set_id"),
                    rs.getString("reason"),
                    rs.getObject("recorded_at", OffsetDateTime.class)))
        .list();
  }

  // ---- plans

  @GetMapping("/plans")
  @Operation(summary = "The annual plans (batches) of a year and/or district, with their progress")
  List<RenovationPlans.Plan> plans(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) String district) {
    return plans.list(year, district);
  }

  @GetMapping("/plans/{id}")
  @Operation(summary = "One plan; its ETag is its version (send it back in If-Match to change it)")
  ResponseEntity<RenovationPlans.Plan> plan(@PathVariable long id) {
    RenovationPlans.Plan plan = plans.get(id);
    return ResponseEntity.ok().eTag("\"" + plan.version() + "\"").body(plan);
  }

  @PostMapping("/plans")
  @Operation(
      summary =
          "Make a plan batch: year, district, batch, name, targets (mu to demolish, m² to build),"
              + " 文号 and its parks (bureau; a district officer for their district)")
  ResponseEntity<RenovationPlans.Plan> createPlan(@RequestBody RenovationPlans.PlanRequest body) {
    RenovationPlans.Plan plan = plans.create(UserAccounts.require(), body);
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/api/renovation/plans/" + plan.id()))
        .eTag("\"" + plan.version() + "\"")
        .body(plan);
  }

  @PutMapping("/plans/{id}")
  @Operation(
      summary =
          "Change a plan's name, targets, 文号 and parks; If-Match with its version (428 without,"
              + " 412 stale)")
  ResponseEntity<RenovationPlans.Plan> updatePlan(
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody RenovationPlans.PlanRequest body) {
    AppUser user = UserAccounts.require();
    RenovationPlans.Plan plan = plans.update(user, id, IfMatch.required(ifMatch), body);
    return ResponseEntity.ok().eTag("\"" + plan.version() + "\"").body(plan);
  }

  // ---- progress

  record Progress(int parks, double demolishedMu, double builtFloorAreaM2) {}

  record Target(int plans, int parks, double demolishMu, double floorAreaM2) {}

  record DistrictProgress(
      String code,
      String name,
      String nameEn,
      Target planned,
      Progress done,
      Map<String, Integer> byStatus,
      int modernParks,
      Balance balance) {}

  record ModernPark(
      long id,
      String code,
      String name,
      String districtCode,
      String status,
      LocalDate statusSince,
      Integer planYear,
      boolean inYearPlan,
      double areaMu,
      double demolishedMu,
      double builtFloorAreaM2,
      Double plotRatioAfter) {}

  record Summary(
      int year,
      List<DistrictProgress> districts,
      Target plannedTotal,
      Progress doneTotal,
      Balance balanceTotal,
      List<ModernPark> modernParks) {}

  @GetMapping("/summary")
  @Operation(
      summary =
          "A year's renovation per district: planned (plans, parks, mu to demolish, floor area to"
              + " build) against done (parks completed, mu demolished, floor area built), parks by"
              + " status, the 以增定改 balance in land (plans' park area vs industrial land granted"
              + " that year; of the parks' land, what stays industrial 工改工 and what goes to other"
              + " uses) and in floor space (floor area demolished vs new industrial floor area: built"
              + " in the 工改工 parks and on the parcels granted that year), and the modern-park"
              + " projects")
  Summary summary(@RequestParam int year) {
    if (year < 2018 || year > 2035) {
      throw ApiException.badRequest("invalid-year", "year must be between 2018 and 2035");
    }
    List<DistrictProgress> districts =
        jdbc.sql(sql.get("select_summary"))
            .param("year", year)
            .query(
                (rs, n) -> {
                  Map<String, Integer> byStatus = new LinkedHashMap<>();
                  for (String s : ParkTransitions.STATUSES) {
                    byStatus.put(s, rs.getInt("s_" + s.toLowerCase(java.util.Locale.ROOT)));
                  }
                  Balance balance =
                      Balance.of(
                          Area.mu(rs.getDouble("renovation_m2")),
                          Area.mu(rs.getDouble("supplied_m2")),
                          rs.getInt("supplied_parcels"),
                          Area.mu(rs.getDouble("industrial_m2")),
                          Area.mu(rs.getDouble("converted_m2")),
                          rs.getDouble("demolished_m2"),
                          rs.getDouble("industrial_built_m2") + rs.getDouble("supplied_floor_m2"));
                  return new DistrictProgress(
                      rs.getString("code"),
                      rs.getString("name"),
                      rs.getString("name_en"),
                      new Target(
                          rs.getInt("plans"),
                          rs.getInt("planned_parks"),
                          rs.getDouble("target_demolish_mu"),
                          rs.getDouble("target_floor_area_m2")),
                      new Progress(
                          rs.getInt("done_parks"),
                          Area.mu(rs.getDouble("demolished_m2")),
                          round1(rs.getDouble("built_m2"))),
                      byStatus,
                      rs.getInt("modern_parks"),
                      balance);
                })
            .list();
    Target plannedTotal =
        new Target(
            districts.stream().mapToInt(d -> d.planned().plans()).sum(),
            districts.stream().mapToInt(d -> d.planned().parks()).sum(),
            round2(districts.stream().mapToDouble(d -> d.planned().demolishMu()).sum()),
            round1(districts.stream().mapToDouble(d -> d.planned().floorAreaM2()).sum()));
    Progress doneTotal =
        new Progress(
            districts.stream().mapToInt(d -> d.done().parks()).sum(),
            round2(districts.stream().mapToDouble(d -> d.done().demolishedMu()).sum()),
            round1(districts.stream().mapToDouble(d -> d.done().builtFloorAreaM2()).sum()));
    Balance balanceTotal = Balance.sum(districts.stream().map(DistrictProgress::balance).toList());
    List<ModernPark> modern =
        jdbc.sql(sql.get("select_modern_parks"))
            .param("year", year)
            .query(
                (rs, n) ->
                    new ModernPark(
                        rs.getLong("id"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("district_code"),
                        rs.getString("status"),
                        rs.getObject("status_since", LocalDate.class),
                        (Integer) rs.getObject("plan_year"),
                        rs.getBoolean("in_plan"),
                        Area.mu(rs.getDouble("area_m2")),
                        Area.mu(rs.getDouble("demolished_m2")),
                        round1(rs.getDouble("built_m2")),
                        (Double) rs.getObject("plot_ratio_after")))
            .list();
    return new Summary(year, districts, plannedTotal, doneTotal, balanceTotal, modern);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  // ---- report

  private static final String[] REPORT_HEADER = {
    "年度 year",
    "区 district",
    "批次 batch",
    "计划 plan",
    "文号 document",
    "目标拆除(亩) target demolish mu",
    "目标建设(m²) target floor area m2",
    "编号 code",
    "名称 name",
    "村 owner village",
    "改造类型 type",
    "状态 status",
    "状态日期 since",
    "千亩现代园 modern park",
    "面积(亩) area mu",
    "改造前建筑面积(m²) floor area before",
    "改造前容积率 plot ratio before",
    "改造前企业 enterprises before",
    "已拆除(亩) demolished mu",
    "新建建筑面积(m²) new floor area",
    "改造后容积率 plot ratio after",
    "改造后企业 enterprises after"
  };

  @GetMapping("/plans/report.csv")
  @Operation(
      summary =
          "The annual plan report as CSV (UTF-8 with BOM, opens in Excel): one row per park of the"
              + " year's plans, with its plan, targets and progress; streamed")
  void report(
      @RequestParam int year,
      @RequestParam(required = false) String district,
      HttpServletResponse response)
      throws IOException {
    checkYear(year);
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\"renovation_plan_" + year + ".csv\"");
    PrintWriter out = response.getWriter();
    out.write('\uFEFF');
    out.write(Csv.line(REPORT_HEADER));
    reportRows(
        year,
        district,
        row -> {
          String[] text = new String[row.length];
          for (int i = 0; i < row.length; i++) {
            text[i] = row[i] == null ? "" : row[i].toString();
          }
          out.write(Csv.line(text));
        });
    out.flush();
  }

  @GetMapping("/plans/report.xlsx")
  @Operation(
      summary =
          "The annual plan report as an Excel workbook (.xlsx): the same rows as the CSV, numbers"
              + " as numbers; streamed")
  void reportXlsx(
      @RequestParam int year,
      @RequestParam(required = false) String district,
      HttpServletResponse response)
      throws IOException {
    checkYear(year);
    response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\"renovation_plan_" + year + ".xlsx\"");
    try (XlsxSheet sheet = new XlsxSheet(response.getOutputStream(), year + "年度计划")) {
      sheet.row((Object[]) REPORT_HEADER);
      reportRows(
          year,
          district,
          row -> {
            try {
              sheet.row(row);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
  }

  /** The report's rows as they come from the database (dates as ISO text). */
  private void reportRows(int year, String district, java.util.function.Consumer<Object[]> sink) {
    jdbc.sql(sql.get("select_plan_report"))
        .param("year", year)
        .param("district", district)
        .query(
            rs -> {
              Object[] row = new Object[REPORT_HEADER.length];
              for (int i = 0; i < row.length; i++) {
                Object v = rs.getObject(i + 1);
                row[i] = v instanceof java.sql.Date d ? d.toLocalDate().toString() : v;
              }
              sink.accept(row);
              // the rows exported, for the audit log
              cn.foshan.redline.system.ServedRows.add(1);
            });
  }

  private static void checkYear(int year) {
    if (year < 2018 || year > 2035) {
      throw ApiException.badRequest("invalid-year", "year must be between 2018 and 2035");
    }
  }
}
