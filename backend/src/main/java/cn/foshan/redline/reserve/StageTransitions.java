package cn.foshan.redline.reserve;

import cn.foshan.redline.editing.ChangeSets;
import cn.foshan.redline.editing.ChangeSets.EditRequest;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.SqlFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves a reserve piece to its next stage through the editing system: checks the transition (order,
 * date, document, and for READY the standard-land conditions) and answers every reason it is
 * refused at once; then makes a change set of the stage change (with, on supply, the new parcel; on
 * start of works, the parcel's start date) that the bureau commits at once and a district officer
 * proposes. The database keeps the order, writes the ledger and the supervision agreement.
 */
@Service
class StageTransitions {

  static final List<String> STAGES =
      List.of("ACQUIRED", "PREPARING", "READY", "SUPPLIED", "STARTED");
  static final Map<String, String> LABELS =
      Map.of(
          "ACQUIRED", "收储",
          "PREPARING", "整备",
          "READY", "达标",
          "SUPPLIED", "供地",
          "STARTED", "开工");

  private final JdbcClient jdbc;
  private final ChangeSets changeSets;
  private final ObjectMapper json;
  private final Clock clock;
  private final String pieceSql = SqlFiles.load("reserve/select_piece.sql");
  private final String conditionsSql = SqlFiles.load("reserve/select_ready_conditions.sql");
  private final String ledgerSql = SqlFiles.load("reserve/select_ledger.sql");
  private final String parcelStartSql = SqlFiles.load("reserve/select_parcel_start.sql");

  StageTransitions(JdbcClient jdbc, ChangeSets changeSets, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.changeSets = changeSets;
    this.json = json;
    this.clock = clock;
  }

  /** A transition as a client asks for it. */
  record Request(
      String to,
      LocalDate on,
      String documentNumber,
      String reason,
      Integer baseVersion,
      String grantType,
      Integer grantTermYears) {}

  /**
   * One reason a transition is refused: a stable code, a message (中文 and English) and, for missing
   * standard-land indicators, the properties of the reserve_land layer to fill (the page asks for
   * them with the refusal, writes them, then tries again).
   */
  record Reason(
      String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> fields) {
    Reason(String code, String message) {
      this(code, message, null);
    }
  }

  /** The standard-land indicators READY needs: the reserve_land property and its name. */
  static final Map<String, String> INDICATORS =
      Map.of(
          "investmentPerMu", "投资强度",
          "taxPerMu", "亩均税收",
          "plotRatioMin", "容积率",
          "energyPer10kCnyTce", "单位能耗",
          "environmentalTerms", "环境要求");

  record Piece(
      long id,
      String code,
      String name,
      String districtCode,
      String stage,
      LocalDate stageSince,
      int version,
      double areaMu,
      String geometry,
      Long parcelId) {}

  record LedgerEntry(
      long id,
      String stage,
      String previousStage,
      LocalDate enteredOn,
      String actor,
      String documentNumber,
      Long changeSetId,
      Long parcelId) {}

  /** What a transition did: committed (the piece now) or proposed (for the bureau to approve). */
  record Result(
      String status,
      long changeSetId,
      long pieceId,
      String code,
      String from,
      String to,
      LocalDate on,
      int version,
      Long parcelId,
      List<LedgerEntry> ledger) {}

  Piece piece(long id) {
    return jdbc.sql(pieceSql)
        .param("id", id)
        .query(
            (rs, n) ->
                new Piece(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("district_code"),
                    rs.getString("stage"),
                    rs.getObject("stage_since", LocalDate.class),
                    rs.getInt("version"),
                    Area.mu(rs.getDouble("area_m2")),
                    rs.getString("geometry"),
                    (Long) rs.getObject("parcel_id")))
        .optional()
        .orElseThrow(
            () -> ApiException.notFound("unknown-reserve-land", "There is no reserve land " + id));
  }

  List<LedgerEntry> ledger(long id) {
    return jdbc.sql(ledgerSql)
        .param("id", id)
        .query(
            (rs, n) ->
                new LedgerEntry(
                    rs.getLong("id"),
                    rs.getString("stage"),
                    rs.getString("previous_stage"),
                    rs.getObject("entered_on", LocalDate.class),
                    rs.getString("actor"),
                    rs.getString("document_number"),
                    (Long) rs.getObject("change_set_id"),
                    (Long) rs.getObject("parcel_id")))
        .list();
  }

  Result transition(AppUser user, long id, Integer ifMatchVersion, Request request) {
    if (!user.role().edits()) {
      throw ApiException.forbidden("A " + user.role() + " may not edit");
    }
    Piece piece = piece(id);
    changeSets.requireMayWrite(user, "reserve_land", id);
    Integer base = ifMatchVersion != null ? ifMatchVersion : request.baseVersion();
    if (base == null) {
      throw IfMatch.versionRequired(
          "Send If-Match with the piece's ETag (its version), or baseVersion, so that nobody's"
              + " change is overwritten unseen");
    }
    if (base != piece.version()) {
      throw IfMatch.stale(
          "Reserve land "
              + piece.code()
              + " is at version "
              + piece.version()
              + ", not "
              + base
              + ": it changed since you loaded it (now "
              + piece.stage()
              + " since "
              + piece.stageSince()
              + "). Load it again, then decide.",
          Map.of("currentVersion", piece.version(), "stage", piece.stage()));
    }
    String to = request.to() == null ? "" : request.to().trim().toUpperCase(Locale.ROOT);
    if (!STAGES.contains(to)) {
      throw ApiException.badRequest(
          "invalid-stage", "to must be one of " + String.join(", ", STAGES) + ", not '" + to + "'");
    }
    LocalDate today = LocalDate.now(clock);
    LocalDate on = request.on() == null ? today : request.on();
    List<Reason> reasons = reasons(piece, to, on, today, request);
    if (!reasons.isEmpty()) {
      throw ApiException.unprocessable(
          "transition-refused",
          "Transition refused",
          "储备用地 "
              + piece.code()
              + " 不能从"
              + LABELS.get(piece.stage())
              + "变为"
              + LABELS.get(to)
              + "（"
              + piece.code()
              + " cannot move from "
              + piece.stage()
              + " to "
              + to
              + "）: "
              + String.join("; ", reasons.stream().map(Reason::message).toList()),
          Map.of("reasons", reasons, "from", piece.stage(), "to", to));
    }
    String reason =
        request.reason() == null || request.reason().isBlank()
            ? "储备用地阶段变更 "
                + LABELS.get(piece.stage())
                + " → "
                + LABELS.get(to)
                + "（reserve land "
                + piece.stage()
                + " → "
                + to
                + "）"
            : request.reason();
    ChangeSets.Outcome done =
        changeSets.forRequest(
            user,
            reason,
            request.documentNumber(),
            cs -> addEdits(user, cs, piece, to, on, base, request));
    if (!done.committed()) {
      return new Result(
          done.changeSet().status(),
          done.changeSet().id(),
          id,
          piece.code(),
          piece.stage(),
          to,
          on,
          piece.version(),
          piece.parcelId(),
          ledger(id));
    }
    Piece now = piece(id);
    return new Result(
        "COMMITTED",
        done.changeSet().id(),
        id,
        now.code(),
        piece.stage(),
        now.stage(),
        now.stageSince(),
        now.version(),
        now.parcelId(),
        ledger(id));
  }

  /**
   * The edits of a transition: the piece's stage; supplied, a parcel of its shape; started, the
   * parcel's start of works.
   */
  private void addEdits(
      AppUser user, long cs, Piece piece, String to, LocalDate on, int base, Request request) {
    long id = piece.id();
    ObjectNode stage = json.createObjectNode();
    stage.put("stage", to);
    stage.put("stageSince", on.toString());
    changeSets.addEdit(
        user, cs, new EditRequest("reserve_land", "update", id, base, null, null, stage));
    if (to.equals("SUPPLIED")) {
      ObjectNode parcel = json.createObjectNode();
      parcel.put("landUse", "1001"); // a new parcel gets the current classification's code
      parcel.put("grantType", request.grantType() == null ? "GRANT" : request.grantType());
      parcel.put("grantedOn", on.toString());
      parcel.put(
          "grantTermYears", request.grantTermYears() == null ? 50 : request.grantTermYears());
      JsonNode shape = json.readTree(piece.geometry());
      changeSets.addEdit(
          user, cs, new EditRequest("parcel", "create", null, null, shape, null, parcel));
    }
    if (to.equals("STARTED") && piece.parcelId() != null) {
      startWorks(user, cs, piece.parcelId(), on);
    }
  }

  private record ParcelStart(int version, LocalDate grantedOn, LocalDate worksStartedOn) {}

  /** The parcel the piece was supplied as gets its start of works (动工), if it has none yet. */
  private void startWorks(AppUser user, long cs, long parcelId, LocalDate on) {
    ParcelStart parcel =
        jdbc.sql(parcelStartSql)
            .param("id", parcelId)
            .query(
                (rs, n) ->
                    new ParcelStart(
                        rs.getInt("version"),
                        rs.getObject("granted_on", LocalDate.class),
                        rs.getObject("works_started_on", LocalDate.class)))
            .optional()
            .orElse(null);
    if (parcel == null || parcel.worksStartedOn() != null || on.isBefore(parcel.grantedOn())) {
      return;
    }
    ObjectNode started = json.createObjectNode();
    started.put("worksStartedOn", on.toString());
    changeSets.addEdit(
        user,
        cs,
        new EditRequest("parcel", "update", parcelId, parcel.version(), null, null, started));
  }

  /** Every reason the transition is refused; none when it may go ahead. */
  private List<Reason> reasons(
      Piece piece, String to, LocalDate on, LocalDate today, Request request) {
    List<Reason> reasons = orderAndDateReasons(piece, to, on, today, request);
    if (to.equals("READY") && STAGES.indexOf(to) == STAGES.indexOf(piece.stage()) + 1) {
      reasons.addAll(readyReasons(piece));
    }
    return reasons;
  }

  /**
   * The reasons that need nothing but the piece and the request: stage order, document number, and
   * a date between the current stage's and today (Foshan's, from the clock).
   */
  static List<Reason> orderAndDateReasons(
      Piece piece, String to, LocalDate on, LocalDate today, Request request) {
    List<Reason> reasons = new ArrayList<>();
    int from = STAGES.indexOf(piece.stage());
    int next = STAGES.indexOf(to);
    if (next == from) {
      reasons.add(
          new Reason("same-stage", "已处于" + LABELS.get(to) + "阶段（the piece is already " + to + "）"));
    } else if (next > from + 1) {
      reasons.add(
          new Reason(
              "skips-stage",
              "不能跳过"
                  + String.join(
                      "、", STAGES.subList(from + 1, next).stream().map(LABELS::get).toList())
                  + "（stages cannot be skipped: "
                  + String.join(", ", STAGES.subList(from + 1, next))
                  + " first）"));
    } else if (next < from && !(piece.stage().equals("READY") && to.equals("PREPARING"))) {
      reasons.add(
          new Reason(
              "backwards",
              "不能从"
                  + LABELS.get(piece.stage())
                  + "退回"
                  + LABELS.get(to)
                  + "，只有达标可退回整备（stages do not go back, except READY to PREPARING）"));
    }
    if (request.documentNumber() == null || request.documentNumber().isBlank()) {
      reasons.add(
          new Reason(
              "document-required",
              "每次阶段变更须注明文号（every stage change cites its document number, 文号）"));
    }
    if (on.isAfter(today)) {
      reasons.add(
          new Reason("date-in-future", "日期 " + on + " 在未来（the date " + on + " is in the future）"));
    }
    if (on.isBefore(piece.stageSince())) {
      reasons.add(
          new Reason(
              "date-before-stage",
              "日期 "
                  + on
                  + " 早于进入当前阶段的日期 "
                  + piece.stageSince()
                  + "（the date is before the piece entered "
                  + piece.stage()
                  + " on "
                  + piece.stageSince()
                  + "）"));
    }
    return reasons;
  }

  /** The READY conditions of a piece, as select_ready_conditions.sql answers them. */
  private record ReadyConditions(
      String ownership,
      boolean inRedLine,
      double blockM2,
      double minimumMu,
      List<String> missing) {}

  /** What keeps the piece from being READY (达标): ownership, red line, block size, indicators. */
  private List<Reason> readyReasons(Piece piece) {
    ReadyConditions c =
        jdbc.sql(conditionsSql)
            .param("id", piece.id())
            .query(
                (rs, n) -> {
                  List<String> missing = new ArrayList<>();
                  if (!rs.getBoolean("has_investment")) {
                    missing.add("investmentPerMu");
                  }
                  if (!rs.getBoolean("has_tax")) {
                    missing.add("taxPerMu");
                  }
                  if (!rs.getBoolean("has_plot_ratio")) {
                    missing.add("plotRatioMin");
                  }
                  if (!rs.getBoolean("has_energy")) {
                    missing.add("energyPer10kCnyTce");
                  }
                  if (!rs.getBoolean("has_environmental_terms")) {
                    missing.add("environmentalTerms");
                  }
                  return new ReadyConditions(
                      rs.getString("ownership"),
                      rs.getBoolean("in_red_line"),
                      rs.getDouble("block_m2"),
                      rs.getDouble("minimum_block_mu"),
                      missing);
                })
            .single();
    List<Reason> reasons = new ArrayList<>();
    if (!"STATE".equals(c.ownership())) {
      reasons.add(
          new Reason(
              "not-state-owned",
              "土地须为国有（the land must be state-owned; it is " + c.ownership() + "）"));
    }
    if (!c.inRedLine()) {
      reasons.add(
          new Reason(
              "outside-red-line",
              "须位于工业用地红线内（the piece must lie inside the industrial-land red line）"));
    }
    double blockMu = Area.mu(c.blockM2());
    double minimumMu = c.minimumMu();
    if (blockMu < minimumMu) {
      reasons.add(
          new Reason(
              "block-too-small",
              "集中成片面积 "
                  + blockMu
                  + " 亩，小于 "
                  + minimumMu
                  + " 亩（the contiguous block is "
                  + blockMu
                  + " mu, less than the minimum of "
                  + minimumMu
                  + " mu）"));
    }
    List<String> missing =
        c.missing().stream().map(field -> INDICATORS.get(field) + " " + field).toList();
    if (!missing.isEmpty()) {
      reasons.add(
          new Reason(
              "indicators-missing",
              "标准地指标未齐："
                  + String.join("、", missing)
                  + "（standard-land indicators missing: "
                  + String.join(", ", missing)
                  + "）",
              c.missing()));
    }
    return reasons;
  }
}
