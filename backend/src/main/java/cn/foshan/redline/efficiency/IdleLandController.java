package cn.foshan.redline.efficiency;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Idle land 闲置土地 as the 2012 order defines it, its disposal cases and the liquidated damages 违约金 of
 * breaches of the supervision agreement (V33). Detection is one SQL query per page; every rule of a
 * case (the step path, the dates, the 文号, the years, the 20% fee, a government-caused delay's
 * remedy) and every amount of damages is the database's, so psql is held to them too. The bureau
 * writes; logged-in users read, a district officer their own district only. Each item carries a
 * point on its parcel (lat, lon) for "show on map".
 */
@RestController
@RequestMapping("/api/efficiency/idle-land")
@Tag(name = "Idle land", description = "闲置土地: detection, disposal cases, 违约金 of breaches")
class IdleLandController {

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final Set<String> CLAUSES = Set.of("NOT_STARTED", "STOPPED");
  private static final Set<String> STEPS = Set.of("HEARING", "DECIDED", "CLOSED");
  private static final Set<String> STATUSES = Set.of("NOTIFIED", "HEARING", "DECIDED", "CLOSED");
  private static final Set<String> REMEDIES = Set.of("EXTENSION", "CHANGE_OF_USE", "SWAP", "OTHER");

  private final JdbcClient jdbc;
  private final DistrictCodes districts;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_idle_parcels",
          "select_idle_cases",
          "select_idle_case_history",
          "insert_idle_case",
          "update_idle_case",
          "select_damages",
          "insert_damages",
          "insert_damages_payment");

  IdleLandController(JdbcClient jdbc, DistrictCodes districts) {
    this.jdbc = jdbc;
    this.districts = districts;
  }

  record IdleParcel(
      long parcelId,
      String parcelCode,
      String district,
      String districtName,
      String clause,
      LocalDate since,
      int years,
      String disposal,
      double areaM2,
      String contractNumber,
      LocalDate startWorksBy,
      LocalDate worksStartedOn,
      Integer progressYear,
      BigDecimal developedAreaM2,
      BigDecimal invested10kCny,
      BigDecimal totalInvestment10kCny,
      LocalDate worksStoppedOn,
      BigDecimal grantPrice10kCny,
      BigDecimal fee10kCny,
      Long caseId,
      String caseStatus,
      String caseCause,
      double lat,
      double lon) {}

  record Page<T>(LocalDate asOf, long total, int limit, long offset, List<T> items) {}

  record Case(
      long id,
      long parcelId,
      String parcelCode,
      String district,
      String districtName,
      String clause,
      LocalDate idleSince,
      String status,
      String cause,
      String governmentReason,
      LocalDate noticeOn,
      String noticeNumber,
      LocalDate hearingOn,
      String hearingNumber,
      LocalDate decidedOn,
      String decisionNumber,
      Integer idleYears,
      String disposal,
      String remedy,
      String remedyNote,
      BigDecimal grantPrice10kCny,
      BigDecimal fee10kCny,
      LocalDate closedOn,
      BigDecimal feePaid10kCny,
      int version,
      String updatedBy,
      OffsetDateTime updatedAt,
      double lat,
      double lon,
      List<HistoryEntry> history) {}

  record HistoryEntry(String status, RawJson state, String writtenBy, OffsetDateTime writtenAt) {}

  record CaseRequest(String parcelCode, LocalDate noticeOn, String noticeNumber) {}

  record StepRequest(
      String status,
      LocalDate date,
      String documentNumber,
      String cause,
      String governmentReason,
      String remedy,
      String remedyNote,
      BigDecimal feePaid10kCny) {}

  record Damages(
      long id,
      long parcelId,
      String parcelCode,
      String district,
      String districtName,
      int year,
      String contractNumber,
      String documentNumber,
      LocalDate assessedOn,
      LocalDate dueOn,
      BigDecimal grantPrice10kCny,
      int daysCharged,
      BigDecimal perDayPermille,
      BigDecimal shortfallRatio,
      BigDecimal shortfallShare,
      BigDecimal late10kCny,
      BigDecimal shortfall10kCny,
      BigDecimal amountDue10kCny,
      BigDecimal paid10kCny,
      LocalDate lastPaidOn,
      String status,
      String assessedBy,
      double lat,
      double lon) {}

  record DamagesRequest(
      String parcelCode,
      Integer year,
      String documentNumber,
      LocalDate assessedOn,
      LocalDate dueOn) {}

  record PaymentRequest(LocalDate paidOn, BigDecimal amount10kCny, String receiptNumber) {}

  // ---- detection

  @GetMapping("/parcels")
  @Operation(
      summary = "Idle parcels on a day (logged-in users; a district officer sees their district)",
      description =
          "闲置土地 by the 2012 order (国土资源部令第53号): clause NOT_STARTED, works not started one full"
              + " year after the agreed start date (supervision agreement's start_works_by); clause"
              + " STOPPED, works started, the latest progress report (indicator import, year ≤ asOf's)"
              + " has them stopped one full year with the developed area under one third of the"
              + " parcel or the investment under 25% of the agreed total. years: full years since"
              + " the agreed date or the stop; disposal the years call for (1–2: FEE, 20% of the"
              + " grant price; 2 or more: TAKE_BACK 无偿收回); the parcel's latest case. asOf defaults"
              + " to today (China); paged by limit (≤ 1000) and offset, in parcel-code order.")
  Page<IdleParcel> parcels(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String clause,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    String d = scope(UserAccounts.require(), district);
    if (clause != null && !CLAUSES.contains(clause)) {
      throw ApiException.badRequest(
          "invalid-clause",
          "闲置情形应为 NOT_STARTED（满一年未动工）或 STOPPED（已动工但开发不足且停工满一年）（clause is"
              + " NOT_STARTED or STOPPED）");
    }
    PageLimits.check(limit, offset);
    LocalDate day = asOf == null ? LocalDate.now(CHINA) : asOf;
    Paging.Counted<IdleParcel> page =
        Paging.counted(
            jdbc.sql(sql.get("select_idle_parcels"))
                .param("as_of", day)
                .param("district", d)
                .param("clause", clause)
                .param("limit", limit)
                .param("offset", offset),
            (rs, n) ->
                new IdleParcel(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("district_code"),
                    rs.getString("district_name"),
                    rs.getString("clause"),
                    rs.getObject("since", LocalDate.class),
                    rs.getInt("years"),
                    rs.getString("disposal"),
                    rs.getDouble("area_m2"),
                    rs.getString("contract_number"),
                    rs.getObject("start_works_by", LocalDate.class),
                    rs.getObject("works_started_on", LocalDate.class),
                    rs.getObject("progress_year", Integer.class),
                    rs.getBigDecimal("developed_area_m2"),
                    rs.getBigDecimal("invested_10k_cny"),
                    rs.getBigDecimal("total_investment_10k_cny"),
                    rs.getObject("works_stopped_on", LocalDate.class),
                    rs.getBigDecimal("grant_price_10k_cny"),
                    rs.getBigDecimal("fee_10k_cny"),
                    rs.getObject("case_id", Long.class),
                    rs.getString("case_status"),
                    rs.getString("case_cause"),
                    rs.getDouble("lat"),
                    rs.getDouble("lon")));
    return new Page<>(day, page.total(), limit, offset, page.items());
  }

  // ---- disposal cases

  @GetMapping("/cases")
  @Operation(
      summary =
          "Disposal cases 闲置土地处置, newest first (logged-in users; a district officer sees their"
              + " district), by district and status; paged")
  Page<Case> cases(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    String d = scope(UserAccounts.require(), district);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest(
          "invalid-status", "案件状态应为 NOTIFIED、HEARING、DECIDED 或 CLOSED（status is one of those）");
    }
    PageLimits.check(limit, offset);
    Paging.Counted<Case> page =
        Paging.counted(
            jdbc.sql(sql.get("select_idle_cases"))
                .param("id", null)
                .param("district", d)
                .param("status", status)
                .param("limit", limit)
                .param("offset", offset),
            (rs, n) -> caseOf(rs, List.of()));
    return new Page<>(null, page.total(), limit, offset, page.items());
  }

  @GetMapping("/cases/{id}")
  @Operation(summary = "A disposal case with its history (append-only: each state, who, when)")
  Case getCase(@PathVariable long id) {
    return findCase(UserAccounts.require(), id);
  }

  private Case findCase(AppUser user, long id) {
    String d = user.role() == Role.DISTRICT ? user.districtCode() : null;
    List<HistoryEntry> history =
        jdbc.sql(sql.get("select_idle_case_history"))
            .param("id", id)
            .query(
                (rs, n) ->
                    new HistoryEntry(
                        rs.getString("status"),
                        new RawJson(rs.getString("state")),
                        rs.getString("written_by"),
                        rs.getObject("written_at", OffsetDateTime.class)))
            .list();
    return jdbc.sql(sql.get("select_idle_cases"))
        .param("id", id)
        .param("district", d)
        .param("status", null)
        .param("limit", 1)
        .param("offset", 0)
        .query((rs, n) -> caseOf(rs, history))
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-case", "没有闲置土地处置案件 " + id + "（there is no case " + id + "）"));
  }

  @PostMapping("/cases")
  @Operation(
      summary =
          "Open a disposal case with its notice 通知 (bureau): parcelCode, noticeOn, noticeNumber",
      description =
          "201 with the case; 422 when the parcel is not idle land on the notice's day or already has"
              + " an open case (the database finds the clause and the day idleness counts from)")
  ResponseEntity<Case> open(@RequestBody CaseRequest body) {
    AppUser user = bureau();
    if (body == null || body.parcelCode() == null || body.parcelCode().isBlank()) {
      throw ApiException.badRequest("parcel-required", "请写明宗地编号（parcelCode is required）");
    }
    if (body.noticeOn() == null) {
      throw ApiException.badRequest("date-required", "请写明通知日期（noticeOn is required）");
    }
    notFuture(body.noticeOn(), "通知日期");
    documentNumber(body.noticeNumber(), "通知");
    List<Long> id =
        jdbc.sql(sql.get("insert_idle_case"))
            .param("parcel_code", body.parcelCode().strip())
            .param("notice_on", body.noticeOn())
            .param("notice_number", body.noticeNumber().strip())
            .query(Long.class)
            .list();
    if (id.isEmpty()) {
      throw ApiException.notFound(
          "unknown-parcel", "没有宗地 " + body.parcelCode().strip() + "（there is no such parcel）");
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(findCase(user, id.get(0)));
  }

  @PostMapping("/cases/{id}/steps")
  @Operation(
      summary = "Move a disposal case one step (bureau)",
      description =
          "status HEARING 听证 (date, documentNumber), DECIDED 决定 (date, documentNumber; cause"
              + " GOVERNMENT with governmentReason and remedy EXTENSION, CHANGE_OF_USE, SWAP or OTHER"
              + " for a delay caused by the government: no fee, no taking back), CLOSED 结案 (date;"
              + " feePaid10kCny equal to the fee when the decision was a fee). The database computes"
              + " the full years idle on the decision's day, the disposal (1–2 years FEE = 20% of the"
              + " grant price; 2 or more TAKE_BACK) and refuses a step out of order (422).")
  Case step(@PathVariable long id, @RequestBody StepRequest body) {
    AppUser user = bureau();
    if (body == null || body.status() == null || !STEPS.contains(body.status())) {
      throw ApiException.badRequest(
          "invalid-step", "下一步应为 HEARING（听证）、DECIDED（决定）或 CLOSED（结案）（status is one of those）");
    }
    if (body.date() == null) {
      throw ApiException.badRequest("date-required", "请写明这一步的日期（date is required）");
    }
    notFuture(body.date(), "日期");
    if (!body.status().equals("CLOSED")) {
      documentNumber(body.documentNumber(), body.status().equals("HEARING") ? "听证" : "处置决定");
    }
    if (body.cause() != null && !Set.of("ENTERPRISE", "GOVERNMENT").contains(body.cause())) {
      throw ApiException.badRequest(
          "invalid-cause", "闲置原因应为 ENTERPRISE（企业原因）或 GOVERNMENT（政府原因）（cause is one of those）");
    }
    if (body.remedy() != null && !REMEDIES.contains(body.remedy())) {
      throw ApiException.badRequest(
          "invalid-remedy",
          "处置方式应为 EXTENSION（延长动工期限）、CHANGE_OF_USE（调整用途）、SWAP（置换土地）或 OTHER（remedy is one of"
              + " those）");
    }
    TextLimits.check(body.governmentReason(), 500, "政府原因说明", "governmentReason");
    TextLimits.check(body.remedyNote(), 500, "处置说明", "remedyNote");
    findCase(user, id);
    jdbc.sql(sql.get("update_idle_case"))
        .param("id", id)
        .param("status", body.status())
        .param("cause", body.cause())
        .param("government_reason", body.governmentReason())
        .param("date", body.date())
        .param(
            "document_number", body.documentNumber() == null ? null : body.documentNumber().strip())
        .param("remedy", body.remedy())
        .param("remedy_note", body.remedyNote())
        .param("fee_paid", body.feePaid10kCny())
        .update();
    return findCase(user, id);
  }

  // ---- liquidated damages

  @GetMapping("/damages")
  @Operation(
      summary =
          "Liquidated damages 违约金 assessed for breaches of supervision agreements, with the amount"
              + " due and paid (logged-in users; a district officer sees their district); paged")
  Page<Damages> damages(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) String district,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    String d = scope(UserAccounts.require(), district);
    PageLimits.check(limit, offset);
    Paging.Counted<Damages> page =
        Paging.counted(
            jdbc.sql(sql.get("select_damages"))
                .param("id", null)
                .param("year", year)
                .param("district", d)
                .param("limit", limit)
                .param("offset", offset),
            (rs, n) -> damagesOf(rs));
    return new Page<>(null, page.total(), limit, offset, page.items());
  }

  @PostMapping("/damages")
  @Operation(
      summary = "Assess the 违约金 of a parcel's breach in a year's compliance check (bureau)",
      description =
          "parcelCode, year, documentNumber, dueOn (assessedOn defaults to today). The database"
              + " computes the amount from the year's check and the agreement's terms: grant price ×"
              + " days late not charged before × the daily rate (‰), plus grant price × the shortfall"
              + " share × Σ (target − actual) ÷ target over the unmet per-mu indicators. 201; 422"
              + " when the parcel has no breach that year, no grant price, or nothing is due; 409"
              + " when the year is assessed already.")
  ResponseEntity<Damages> assess(@RequestBody DamagesRequest body) {
    bureau();
    if (body == null || body.parcelCode() == null || body.parcelCode().isBlank()) {
      throw ApiException.badRequest("parcel-required", "请写明宗地编号（parcelCode is required）");
    }
    if (body.year() == null || body.year() < 2000 || body.year() > 2100) {
      throw ApiException.badRequest("invalid-year", "年份应在 2000–2100 之间（year is 2000 to 2100）");
    }
    documentNumber(body.documentNumber(), "违约金核定");
    LocalDate assessed = body.assessedOn() == null ? LocalDate.now(CHINA) : body.assessedOn();
    notFuture(assessed, "核定日期");
    if (body.dueOn() == null || body.dueOn().isBefore(assessed)) {
      throw ApiException.badRequest(
          "invalid-due-date", "请写明缴纳期限，不早于核定日期（dueOn is required, not before the assessment）");
    }
    List<Long> id =
        jdbc.sql(sql.get("insert_damages"))
            .param("parcel_code", body.parcelCode().strip())
            .param("year", body.year())
            .param("document_number", body.documentNumber().strip())
            .param("assessed_on", assessed)
            .param("due_on", body.dueOn())
            .query(Long.class)
            .list();
    if (id.isEmpty()) {
      throw ApiException.notFound(
          "unknown-parcel", "没有宗地 " + body.parcelCode().strip() + "（there is no such parcel）");
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(findDamages(id.get(0)));
  }

  @PostMapping("/damages/{id}/payments")
  @Operation(
      summary =
          "Record a payment of 违约金 (bureau): paidOn, amount10kCny, receiptNumber; never more than"
              + " is due (422); payments are append-only")
  Damages pay(@PathVariable long id, @RequestBody PaymentRequest body) {
    bureau();
    findDamages(id);
    if (body == null || body.paidOn() == null) {
      throw ApiException.badRequest("date-required", "请写明缴款日期（paidOn is required）");
    }
    notFuture(body.paidOn(), "缴款日期");
    if (body.amount10kCny() == null || body.amount10kCny().signum() <= 0) {
      throw ApiException.badRequest(
          "invalid-amount", "缴款金额应大于 0 万元（amount10kCny must be positive）");
    }
    documentNumber(body.receiptNumber(), "缴款凭证");
    jdbc.sql(sql.get("insert_damages_payment"))
        .param("id", id)
        .param("paid_on", body.paidOn())
        .param("amount", body.amount10kCny())
        .param("receipt_number", body.receiptNumber().strip())
        .query(Long.class)
        .single();
    return findDamages(id);
  }

  private Damages findDamages(long id) {
    AppUser user = UserAccounts.require();
    return jdbc.sql(sql.get("select_damages"))
        .param("id", id)
        .param("year", null)
        .param("district", user.role() == Role.DISTRICT ? user.districtCode() : null)
        .param("limit", 1)
        .param("offset", 0)
        .query((rs, n) -> damagesOf(rs))
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-damages", "没有违约金记录 " + id + "（there is no such record）"));
  }

  // ---- helpers

  /** The district a read covers: a district officer's own (another asked for is refused). */
  private String scope(AppUser user, String district) {
    String d = districts.check(district, " (or left out for all)");
    if (user.role() == Role.DISTRICT) {
      if (d != null && !d.equals(user.districtCode())) {
        throw ApiException.forbidden(
            "区级用户只能查看本区（"
                + user.districtCode()
                + "）的闲置土地和违约金（a district officer reads their own district only）");
      }
      return user.districtCode();
    }
    return d;
  }

  private static AppUser bureau() {
    return UserAccounts.requireCommits(
        "只有市自然资源局可以处置闲置土地和核定违约金（only the bureau disposes of idle land and assesses damages）");
  }

  private static void documentNumber(String number, String step) {
    if (number == null || number.isBlank()) {
      throw ApiException.badRequest(
          "document-number-required", step + "须写明文号（the " + step + " needs its document number）");
    }
    TextLimits.check(number.strip(), TextLimits.DOCUMENT_NUMBER, "文号", "documentNumber");
  }

  private static void notFuture(LocalDate day, String what) {
    if (day.isAfter(LocalDate.now(CHINA))) {
      throw ApiException.badRequest(
          "future-date", what + " " + day + " 在未来（a step is recorded when it has happened）");
    }
  }

  private static Case caseOf(ResultSet rs, List<HistoryEntry> history) throws SQLException {
    return new Case(
        rs.getLong("id"),
        rs.getLong("parcel_id"),
        rs.getString("parcel_code"),
        rs.getString("district_code"),
        rs.getString("district_name"),
        rs.getString("clause"),
        rs.getObject("idle_since", LocalDate.class),
        rs.getString("status"),
        rs.getString("cause"),
        rs.getString("government_reason"),
        rs.getObject("notice_on", LocalDate.class),
        rs.getString("notice_number"),
        rs.getObject("hearing_on", LocalDate.class),
        rs.getString("hearing_number"),
        rs.getObject("decided_on", LocalDate.class),
        rs.getString("decision_number"),
        rs.getObject("idle_years", Integer.class),
        rs.getString("disposal"),
        rs.getString("remedy"),
        rs.getString("remedy_note"),
        rs.getBigDecimal("grant_price_10k_cny"),
        rs.getBigDecimal("fee_10k_cny"),
        rs.getObject("closed_on", LocalDate.class),
        rs.getBigDecimal("fee_paid_10k_cny"),
        rs.getInt("version"),
        rs.getString("updated_by"),
        rs.getObject("updated_at", OffsetDateTime.class),
        rs.getDouble("lat"),
        rs.getDouble("lon"),
        history);
  }

  private static Damages damagesOf(ResultSet rs) throws SQLException {
    BigDecimal due = rs.getBigDecimal("amount_due_10k_cny");
    BigDecimal paid = rs.getBigDecimal("paid_10k_cny");
    return new Damages(
        rs.getLong("id"),
        rs.getLong("parcel_id"),
        rs.getString("parcel_code"),
        rs.getString("district_code"),
        rs.getString("district_name"),
        rs.getInt("year"),
        rs.getString("contract_number"),
        rs.getString("document_number"),
        rs.getObject("assessed_on", LocalDate.class),
        rs.getObject("due_on", LocalDate.class),
        rs.getBigDecimal("grant_price_10k_cny"),
        rs.getInt("days_charged"),
        rs.getBigDecimal("per_day_permille"),
        rs.getBigDecimal("shortfall_ratio"),
        rs.getBigDecimal("shortfall_share"),
        rs.getBigDecimal("late_10k_cny"),
        rs.getBigDecimal("shortfall_10k_cny"),
        due,
        paid,
        rs.getObject("last_paid_on", LocalDate.class),
        paid.compareTo(due) >= 0 ? "PAID" : paid.signum() > 0 ? "PART_PAID" : "DUE",
        rs.getString("assessed_by"),
        rs.getDouble("lat"),
        rs.getDouble("lon"));
  }
}
