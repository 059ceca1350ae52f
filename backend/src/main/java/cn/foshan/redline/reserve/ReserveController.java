package cn.foshan.redline.reserve;

import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.Csv;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reserve ledger 专项台账: the rolling reserve against its target for the city and each district,
 * inflow and outflow per month, time spent in each stage, the pieces and their ledgers, and stage
 * transitions.
 */
@RestController
@RequestMapping("/api/reserve")
@Tag(name = "Reserve land", description = "The reserve ledger: stages, the 17,000-mu reserve")
class ReserveController {

  private final JdbcClient jdbc;
  private final StageTransitions transitions;
  private final ReserveProperties properties;
  private final Clock clock;
  private final Map<String, String> sql;

  ReserveController(
      ReadRouting reads, StageTransitions transitions, ReserveProperties properties, Clock clock) {
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.transitions = transitions;
    this.properties = properties;
    this.clock = clock;
    this.sql =
        SqlFiles.loadAll(
            "reserve", "select_summary", "select_flows", "select_stage_durations", "select_pieces");
  }

  /** OK; WARNING within the warning margin above target; BELOW_TARGET. */
  enum Status {
    OK,
    WARNING,
    BELOW_TARGET
  }

  record DistrictReserve(
      String code,
      String name,
      String nameEn,
      double readyMu,
      double shareMu,
      double shareRatio,
      double marginMu,
      Status status,
      String warning,
      Map<String, Double> byStage,
      int readyPieces) {}

  record Summary(
      double targetMu,
      double readyMu,
      double marginMu,
      Status status,
      String warning,
      List<String> warnings,
      Map<String, Double> byStage,
      List<DistrictReserve> districts,
      double warningMarginRatio,
      double minimumBlockMu,
      String shareRule) {}

  private record Row(
      double targetMu,
      double minimumBlockMu,
      String code,
      String name,
      String nameEn,
      double minimumKm2,
      java.math.BigDecimal setShareMu,
      String stage,
      double m2,
      int pieces) {}

  @GetMapping("/summary")
  @Operation(
      summary =
          "The ready reserve (达标, ellipsoidal mu) against the 17,000-mu target, by stage and by"
              + " district (each against its share), with early warnings")
  Summary summary() {
    List<Row> rows =
        jdbc.sql(sql.get("select_summary"))
            .query(
                (rs, n) ->
                    new Row(
                        rs.getDouble("target_mu"),
                        rs.getDouble("minimum_block_mu"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("name_en"),
                        rs.getDouble("red_line_minimum_km2"),
                        rs.getBigDecimal("set_share_mu"),
                        rs.getString("stage"),
                        rs.getDouble("m2"),
                        rs.getInt("pieces")))
            .list();
    double target = rows.get(0).targetMu();
    Map<String, Double> cityM2 = stageMap();
    Map<String, Map<String, Double>> byDistrict = new LinkedHashMap<>();
    Map<String, Row> districtRow = new LinkedHashMap<>();
    Map<String, Integer> readyPieces = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.code() == null) {
        continue; // no districts yet
      }
      cityM2.merge(r.stage(), r.m2(), Double::sum);
      byDistrict.computeIfAbsent(r.code(), c -> stageMap()).put(r.stage(), r.m2());
      districtRow.putIfAbsent(r.code(), r);
      if (r.stage().equals("READY")) {
        readyPieces.put(r.code(), r.pieces());
      }
    }
    double readyMu = Area.mu(cityM2.get("READY"));
    Status cityStatus = status(readyMu, target);
    List<String> warnings = new ArrayList<>();
    String cityWarning = warning("全市", "Foshan", readyMu, target, cityStatus);
    if (cityWarning != null) {
      warnings.add(cityWarning);
    }
    List<ReserveShares.Input> inputs =
        districtRow.values().stream()
            .map(d -> new ReserveShares.Input(d.code(), d.minimumKm2(), d.setShareMu()))
            .toList();
    Map<String, ReserveShares.Share> shares = ReserveShares.split(target, inputs);
    List<DistrictReserve> districts = new ArrayList<>();
    for (Map.Entry<String, Row> e : districtRow.entrySet()) {
      Row d = e.getValue();
      double ratio = shares.get(d.code()).ratio();
      double share = shares.get(d.code()).mu();
      double ready = Area.mu(byDistrict.get(d.code()).get("READY"));
      Status s = status(ready, share);
      String w = warning(d.name(), d.nameEn(), ready, share, s);
      if (w != null) {
        warnings.add(w);
      }
      districts.add(
          new DistrictReserve(
              d.code(),
              d.name(),
              d.nameEn(),
              ready,
              share,
              ratio,
              Math.round((ready - share) * 100) / 100.0,
              s,
              w,
              toMu(byDistrict.get(d.code())),
              readyPieces.getOrDefault(d.code(), 0)));
    }
    return new Summary(
        target,
        readyMu,
        Math.round((readyMu - target) * 100) / 100.0,
        cityStatus,
        cityWarning,
        warnings,
        toMu(cityM2),
        districts,
        properties.warningMarginRatio(),
        rows.get(0).minimumBlockMu(),
        ReserveShares.rule(inputs) == ReserveShares.Rule.SET_BY_BUREAU
            ? ReserveShares.SET_NOTE
            : ReserveShares.PROPORTIONAL_NOTE);
  }

  private static Map<String, Double> stageMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String stage : StageTransitions.STAGES) {
      m.put(stage, 0.0);
    }
    return m;
  }

  private static Map<String, Double> toMu(Map<String, Double> m2) {
    Map<String, Double> mu = new LinkedHashMap<>();
    m2.forEach((stage, v) -> mu.put(stage, Area.mu(v)));
    return mu;
  }

  private Status status(double mu, double target) {
    if (mu < target) {
      return Status.BELOW_TARGET;
    }
    return mu < target * (1 + properties.warningMarginRatio()) ? Status.WARNING : Status.OK;
  }

  private static String warning(String zh, String en, double mu, double target, Status status) {
    return switch (status) {
      case OK -> null;
      case WARNING ->
          String.format(
              "%s达标储备 %.2f 亩，仅高出目标 %.2f 亩 %.2f 亩（%s: ready reserve %.2f mu is only %.2f mu"
                  + " above its target of %.2f mu）",
              zh, mu, target, mu - target, en, mu, mu - target, target);
      case BELOW_TARGET ->
          String.format(
              "%s达标储备 %.2f 亩，低于目标 %.2f 亩，缺 %.2f 亩（%s: ready reserve %.2f mu is below its"
                  + " target of %.2f mu by %.2f mu）",
              zh, mu, target, target - mu, en, mu, target, target - mu);
    };
  }

  record Month(
      String month,
      double acquiredMu,
      double readyInMu,
      double readyOutMu,
      double suppliedMu,
      double startedMu,
      int readyIn,
      int readyOut) {}

  @GetMapping("/flows")
  @Operation(
      summary =
          "Inflow and outflow of the ready reserve per month, from the ledger (mu): acquired,"
              + " became READY, left READY, supplied, started; the last `months` months")
  List<Month> flows(@RequestParam(defaultValue = "24") int months) {
    if (months < 1 || months > 240) {
      throw ApiException.badRequest("invalid-parameter", "months must be between 1 and 240");
    }
    LocalDate today = LocalDate.now(clock);
    LocalDate from = today.withDayOfMonth(1).minusMonths(months - 1L);
    return jdbc.sql(sql.get("select_flows"))
        .param("from", from)
        .param("today", today)
        .query(
            (rs, n) ->
                new Month(
                    rs.getObject("month", LocalDate.class).toString().substring(0, 7),
                    Area.mu(rs.getDouble("acquired_m2")),
                    Area.mu(rs.getDouble("ready_in_m2")),
                    Area.mu(rs.getDouble("ready_out_m2")),
                    Area.mu(rs.getDouble("supplied_m2")),
                    Area.mu(rs.getDouble("started_m2")),
                    rs.getInt("ready_in"),
                    rs.getInt("ready_out")))
        .list();
  }

  record StageDuration(
      String stage,
      String label,
      int finished,
      int current,
      Double medianDays,
      Double meanDays,
      Double medianCurrentDays) {}

  @GetMapping("/stage-durations")
  @Operation(
      summary =
          "Time spent in each stage, from the ledger: median and mean days of finished stays, and"
              + " the median so far of the pieces in it now")
  List<StageDuration> stageDurations() {
    return jdbc.sql(sql.get("select_stage_durations"))
        .param("today", LocalDate.now(clock))
        .query(
            (rs, n) ->
                new StageDuration(
                    rs.getString("stage"),
                    StageTransitions.LABELS.get(rs.getString("stage")),
                    rs.getInt("finished"),
                    rs.getInt("current"),
                    rounded((Double) rs.getObject("median_days")),
                    rounded(rs.getObject("mean_days") == null ? null : rs.getDouble("mean_days")),
                    rounded((Double) rs.getObject("median_current_days"))))
        .list();
  }

  private static Double rounded(Double days) {
    return days == null ? null : Math.round(days * 10) / 10.0;
  }

  record PieceRow(
      long id,
      String code,
      String name,
      String districtCode,
      String districtName,
      String stage,
      LocalDate stageSince,
      int version,
      double areaMu,
      String ownership,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String geometry,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long projectId,
      @JsonInclude(JsonInclude.Include.NON_NULL) String projectCode) {}

  /** The orders the pieces may be listed in (a leading '-': descending). */
  static final List<String> SORTS = List.of("code", "district", "stage", "stageSince", "areaMu");

  @GetMapping("/pieces")
  @Operation(
      summary =
          "The reserve pieces, optionally of one stage and district; sort: code, district, stage,"
              + " stageSince or areaMu, '-' first for descending (default -stageSince: latest"
              + " stage change first); geometry=true adds each piece's shape (GeoJSON, EPSG:4490);"
              + " projectId/projectCode: the major project it is kept for now (if the reader may"
              + " see it); limit 1 to 1000 (default 200), 400 otherwise")
  List<PieceRow> pieces(
      @RequestParam(required = false) String stage,
      @RequestParam(required = false) String district,
      @RequestParam(defaultValue = "-stageSince") String sort,
      @RequestParam(defaultValue = "false") boolean geometry,
      @RequestParam(defaultValue = "200") int limit) {
    PageLimits.check(limit, 0);
    return pieceRows(stage, district, sort, geometry, limit);
  }

  private List<PieceRow> pieceRows(
      String stage, String district, String sort, boolean geometry, int limit) {
    if (stage != null && !stage.isEmpty() && !StageTransitions.STAGES.contains(stage)) {
      throw ApiException.badRequest(
          "invalid-stage", "stage must be one of " + String.join(", ", StageTransitions.STAGES));
    }
    if (!SORTS.contains(sort.startsWith("-") ? sort.substring(1) : sort)) {
      throw ApiException.badRequest(
          "invalid-sort",
          "排序须为 "
              + String.join("、", SORTS)
              + " 之一，可加 '-' 表示降序（sort must be one of "
              + SORTS
              + ", with '-' first for descending）");
    }
    return jdbc.sql(sql.get("select_pieces"))
        .param("stage", stage == null || stage.isEmpty() ? null : stage)
        .param("district", district == null || district.isEmpty() ? null : district)
        .param("sort", sort)
        .param("geometry", geometry)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new PieceRow(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("district_code"),
                    rs.getString("district_name"),
                    rs.getString("stage"),
                    rs.getObject("stage_since", LocalDate.class),
                    rs.getInt("version"),
                    Area.mu(rs.getDouble("area_m2")),
                    rs.getString("ownership"),
                    rs.getString("geometry"),
                    (Long) rs.getObject("project_id"),
                    rs.getString("project_code")))
        .list();
  }

  private static final String[] PIECES_CSV_HEADER = {
    "编号 code",
    "名称 name",
    "区 district",
    "阶段 stage",
    "阶段起始 since",
    "面积(亩) area mu",
    "权属 ownership",
    "版本 version"
  };

  @GetMapping("/pieces.csv")
  @Operation(
      summary =
          "The reserve pieces as CSV (UTF-8 with BOM, opens in Excel): the same filters and sort as"
              + " /pieces, every matching piece (at most 10,000), stages in Chinese")
  void piecesCsv(
      @RequestParam(required = false) String stage,
      @RequestParam(required = false) String district,
      @RequestParam(defaultValue = "-stageSince") String sort,
      HttpServletResponse response)
      throws IOException {
    List<PieceRow> rows = pieceRows(stage, district, sort, false, 10_000);
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"reserve_pieces.csv\"");
    PrintWriter out = response.getWriter();
    out.write('\uFEFF');
    out.write(Csv.line(PIECES_CSV_HEADER));
    for (PieceRow p : rows) {
      out.write(
          Csv.line(
              p.code(),
              p.name(),
              p.districtName(),
              StageTransitions.LABELS.get(p.stage()),
              p.stageSince().toString(),
              Double.toString(p.areaMu()),
              "STATE".equals(p.ownership()) ? "国有" : "集体",
              Integer.toString(p.version())));
    }
    out.flush();
  }

  record PieceLedger(
      long id,
      String code,
      String name,
      String districtCode,
      String stage,
      LocalDate stageSince,
      int version,
      double areaMu,
      Long parcelId,
      List<StageTransitions.LedgerEntry> ledger) {}

  @GetMapping("/{id}/ledger")
  @Operation(
      summary =
          "One piece and its ledger: every stage it entered, with date, who, document (文号),"
              + " change set and, once supplied, its parcel; ETag = the piece's version")
  ResponseEntity<PieceLedger> ledger(@PathVariable long id) {
    StageTransitions.Piece p = transitions.piece(id);
    return ResponseEntity.ok()
        .eTag("\"" + p.version() + "\"")
        .body(
            new PieceLedger(
                p.id(),
                p.code(),
                p.name(),
                p.districtCode(),
                p.stage(),
                p.stageSince(),
                p.version(),
                p.areaMu(),
                p.parcelId(),
                transitions.ledger(id)));
  }

  @PostMapping("/{id}/transitions")
  @Operation(
      summary =
          "Move a piece to a stage (to, on, documentNumber; grantType/grantTermYears on supply)"
              + " as a one-edit change set: committed by the bureau (200), proposed by a district"
              + " officer (202). If-Match or baseVersion required (428), stale 412, refused 422"
              + " with the reasons")
  ResponseEntity<StageTransitions.Result> transition(
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody StageTransitions.Request body) {
    StageTransitions.Result result =
        transitions.transition(UserAccounts.require(), id, IfMatch.optional(ifMatch), body);
    return ResponseEntity.status(
            result.status().equals("COMMITTED") ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .eTag("\"" + result.version() + "\"")
        .header("X-Change-Set", Long.toString(result.changeSetId()))
        .body(result);
  }
}
