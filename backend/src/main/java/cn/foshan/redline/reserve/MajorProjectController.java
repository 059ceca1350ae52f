package cn.foshan.redline.reserve;

import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.SqlFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Major industrial projects 重大产业项目 and the reserve pieces kept for them (V50): the register (code
 * 项目编号, investor, industry, planned investment, land demand, level 省重点/市重点, status, dates) and the
 * assignment of pieces, one project per piece at a time; a piece supplied while assigned stays with
 * its project. The rules are the database's; the bureau writes, a district officer reads their
 * district's projects.
 */
@RestController
@RequestMapping("/api/reserve/projects")
@Tag(name = "Reserve land")
class MajorProjectController {

  static final List<String> STATUSES =
      List.of("SIGNED", "LAND_SUPPLIED", "UNDER_CONSTRUCTION", "IN_PRODUCTION", "WITHDRAWN");
  static final Map<String, String> STATUS_LABELS =
      Map.of(
          "SIGNED", "签约",
          "LAND_SUPPLIED", "已供地",
          "UNDER_CONSTRUCTION", "在建",
          "IN_PRODUCTION", "投产",
          "WITHDRAWN", "终止");
  static final Map<String, String> LEVEL_LABELS = Map.of("PROVINCIAL", "省重点", "MUNICIPAL", "市重点");
  // the limits of V50's columns: name and investor 1 to 200 characters, code 1 to 40,
  // investment_10k_cny numeric(12, 2), land_demand_mu numeric(10, 2)
  private static final int MAX_TEXT = 200;
  private static final BigDecimal MAX_INVESTMENT = new BigDecimal("9999999999.99");
  private static final BigDecimal MAX_DEMAND = new BigDecimal("99999999.99");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,40}");
  private static final Pattern INDUSTRY = Pattern.compile("[0-9]{2}");
  private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-Z]{18}");

  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "reserve",
          "select_projects",
          "select_project_pieces",
          "insert_project",
          "update_project_status",
          "insert_assignment",
          "release_assignment");

  MajorProjectController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Project(
      long id,
      String code,
      String name,
      String investor,
      @JsonInclude(JsonInclude.Include.NON_NULL) String creditCode,
      @JsonInclude(JsonInclude.Include.NON_NULL) String enterpriseName,
      String industryCode,
      String industryName,
      String districtCode,
      String districtName,
      BigDecimal investment10kCny,
      BigDecimal landDemandMu,
      String level,
      String levelLabel,
      String status,
      String statusLabel,
      LocalDate signedOn,
      LocalDate plannedStartOn,
      int pieces,
      double assignedMu,
      double suppliedMu,
      double readyMu,
      double remainingMu) {}

  record Piece(
      long id,
      String code,
      String name,
      String stage,
      String stageLabel,
      LocalDate stageSince,
      int version,
      double areaMu,
      LocalDate assignedOn,
      String assignedBy,
      LocalDate releasedOn,
      String releasedBy,
      LocalDate suppliedOn,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String geometry) {}

  record ProjectWithPieces(Project project, List<Piece> pieces) {}

  record ProjectRequest(
      String code,
      String name,
      String investor,
      String creditCode,
      String industryCode,
      String districtCode,
      BigDecimal investment10kCny,
      BigDecimal landDemandMu,
      String level,
      String signedOn,
      String plannedStartOn) {}

  record StatusRequest(String status) {}

  record AssignRequest(Long pieceId) {}

  @GetMapping
  @Operation(
      summary =
          "Major industrial projects 重大产业项目, newest signed first, optionally of one district and"
              + " status (SIGNED, LAND_SUPPLIED, UNDER_CONSTRUCTION, IN_PRODUCTION, WITHDRAWN); each"
              + " with its land demand against the reserve assigned to it now (ellipsoidal mu:"
              + " assigned, of which READY and supplied; remainingMu = demand − assigned). Logged-in"
              + " users; a district officer sees their district's. limit 1 to 1000 (default 100)")
  List<Project> projects(
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    UserAccounts.require();
    PageLimits.check(limit, offset);
    String s = blank(status);
    if (s != null && !STATUSES.contains(s)) {
      throw ApiException.badRequest(
          "invalid-status", "项目状态应为 status is one of " + String.join(", ", STATUSES));
    }
    return query(null, blank(district), s, limit, offset);
  }

  @GetMapping("/{id}")
  @Operation(
      summary =
          "One major project and the reserve pieces assigned to it now (released=true adds the"
              + " released ones); geometry=true adds each piece's shape (GeoJSON, EPSG:4490)")
  ProjectWithPieces project(
      @PathVariable long id,
      @RequestParam(defaultValue = "false") boolean geometry,
      @RequestParam(defaultValue = "false") boolean released) {
    UserAccounts.require();
    return withPieces(find(id), geometry, released);
  }

  @PostMapping
  @Operation(
      summary =
          "Registers a major project (bureau, admin): code (项目编号: 1 to 40 letters, digits,"
              + " '-'), name and investor (1 to 200 characters), creditCode (the investor's"
              + " 统一社会信用代码 when it is a registered enterprise), industryCode (two digits of"
              + " 国民经济行业分类), districtCode, investment10kCny (万元, at most 9999999999.99),"
              + " landDemandMu (at most 99999999.99), level (PROVINCIAL 省重点 | MUNICIPAL 市重点),"
              + " signedOn, plannedStartOn (optional, not before signedOn); status SIGNED")
  ResponseEntity<Project> register(@RequestBody ProjectRequest body) {
    bureau();
    String code = body.code() == null ? "" : body.code().strip();
    if (!CODE.matcher(code).matches()) {
      throw ApiException.badRequest(
          "invalid-code", "项目编号须为 1 至 40 位字母、数字或 '-'（code: 1 to 40 letters, digits or '-'）");
    }
    String name = required(body.name(), MAX_TEXT, "项目名称", "name");
    String investor = required(body.investor(), MAX_TEXT, "投资主体", "investor");
    String credit = blank(body.creditCode());
    if (credit != null && !CREDIT_CODE.matcher(credit).matches()) {
      throw ApiException.badRequest(
          "invalid-credit-code",
          "统一社会信用代码须为 18 位数字或大写字母（creditCode: 18 digits or capital letters）");
    }
    if (body.industryCode() == null || !INDUSTRY.matcher(body.industryCode()).matches()) {
      throw ApiException.badRequest(
          "invalid-industry", "行业须为国民经济行业分类的两位大类代码（industryCode: two digits of GB/T 4754）");
    }
    if (body.districtCode() == null || !body.districtCode().matches("4406[0-9]{2}")) {
      throw ApiException.badRequest(
          "invalid-district", "请选择项目所在区（districtCode: a district of Foshan, 4406xx）");
    }
    BigDecimal investment =
        positive(body.investment10kCny(), MAX_INVESTMENT, "计划投资（万元）", "investment10kCny");
    BigDecimal demand = positive(body.landDemandMu(), MAX_DEMAND, "用地需求（亩）", "landDemandMu");
    if (body.level() == null || !LEVEL_LABELS.containsKey(body.level())) {
      throw ApiException.badRequest(
          "invalid-level", "项目级别应为省重点或市重点（level is PROVINCIAL or MUNICIPAL）");
    }
    LocalDate signed = date(body.signedOn(), "签约日期", "signedOn");
    LocalDate start =
        blank(body.plannedStartOn()) == null
            ? null
            : date(body.plannedStartOn(), "计划开工日期", "plannedStartOn");
    if (credit != null) {
      boolean known =
          jdbc.sql("SELECT EXISTS (SELECT 1 FROM enterprise WHERE credit_code = :c)")
              .param("c", credit)
              .query(Boolean.class)
              .single();
      if (!known) {
        throw ApiException.unprocessable(
            "unknown-enterprise",
            "没有统一社会信用代码为 " + credit + " 的企业（no enterprise with credit code " + credit + "）");
      }
    }
    long id =
        jdbc.sql(sql.get("insert_project"))
            .param("code", code)
            .param("name", name)
            .param("investor", investor)
            .param("credit_code", credit)
            .param("industry", body.industryCode())
            .param("district", body.districtCode())
            .param("investment", investment)
            .param("demand", demand)
            .param("level", body.level())
            .param("signed", signed)
            .param("planned_start", start)
            .query(Long.class)
            .single();
    return ResponseEntity.status(HttpStatus.CREATED).body(find(id));
  }

  @PostMapping("/{id}/status")
  @Operation(
      summary =
          "Moves a project on (bureau, admin): SIGNED → LAND_SUPPLIED → UNDER_CONSTRUCTION →"
              + " IN_PRODUCTION, or WITHDRAWN before production once its unsupplied pieces are"
              + " released; 422 otherwise")
  Project status(@PathVariable long id, @RequestBody StatusRequest body) {
    bureau();
    if (body.status() == null || !STATUSES.contains(body.status())) {
      throw ApiException.badRequest(
          "invalid-status", "项目状态应为 status is one of " + String.join(", ", STATUSES));
    }
    find(id);
    jdbc.sql(sql.get("update_project_status"))
        .param("project", id)
        .param("status", body.status())
        .query(Long.class)
        .single();
    return find(id);
  }

  @PostMapping("/{id}/pieces")
  @Operation(
      summary =
          "Assigns a reserve piece (pieceId) to the project (bureau, admin): a piece of the"
              + " project's district, not yet supplied, serving no other project; 409 when it"
              + " serves another, 422 when the database refuses it (with the reason)")
  ResponseEntity<ProjectWithPieces> assign(@PathVariable long id, @RequestBody AssignRequest body) {
    bureau();
    if (body.pieceId() == null) {
      throw ApiException.badRequest("invalid-piece", "请指明储备用地 pieceId is required");
    }
    Project project = find(id);
    piece(body.pieceId());
    jdbc.sql(sql.get("insert_assignment"))
        .param("project", id)
        .param("piece", body.pieceId())
        .query(Long.class)
        .single();
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(withPieces(find(project.id()), false, false));
  }

  @DeleteMapping("/{id}/pieces/{pieceId}")
  @Operation(
      summary =
          "Releases a piece from the project (bureau, admin); refused (422) once the piece was"
              + " supplied to it; 404 when the piece is not assigned to it now")
  ProjectWithPieces release(@PathVariable long id, @PathVariable long pieceId) {
    bureau();
    find(id);
    String code = piece(pieceId);
    List<Long> released =
        jdbc.sql(sql.get("release_assignment"))
            .param("project", id)
            .param("piece", pieceId)
            .query(Long.class)
            .list();
    if (released.isEmpty()) {
      throw ApiException.notFound(
          "not-assigned",
          "储备用地 " + code + " 现未安排给该项目（reserve land " + code + " is not assigned to this project）");
    }
    return withPieces(find(id), false, false);
  }

  private ProjectWithPieces withPieces(Project project, boolean geometry, boolean released) {
    List<Piece> pieces =
        jdbc.sql(sql.get("select_project_pieces"))
            .param("project", project.id())
            .param("geometry", geometry)
            .param("released", released)
            .query(
                (rs, n) ->
                    new Piece(
                        rs.getLong("id"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("stage"),
                        StageTransitions.LABELS.get(rs.getString("stage")),
                        rs.getObject("stage_since", LocalDate.class),
                        rs.getInt("version"),
                        Area.mu(rs.getDouble("area_m2")),
                        rs.getObject("assigned_on", LocalDate.class),
                        rs.getString("assigned_by"),
                        rs.getObject("released_on", LocalDate.class),
                        rs.getString("released_by"),
                        rs.getObject("supplied_on", LocalDate.class),
                        rs.getString("geometry")))
            .list();
    return new ProjectWithPieces(project, pieces);
  }

  private String piece(long pieceId) {
    return jdbc.sql("SELECT code FROM reserve_land WHERE id = :id")
        .param("id", pieceId)
        .query(String.class)
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-piece", "没有储备用地 " + pieceId + "（no reserve land " + pieceId + "）"));
  }

  private Project find(long id) {
    List<Project> found = query(id, null, null, 1, 0);
    if (found.isEmpty()) {
      throw ApiException.notFound(
          "unknown-project", "没有重大产业项目 " + id + "（no major project " + id + "）");
    }
    return found.get(0);
  }

  private List<Project> query(Long id, String district, String status, int limit, long offset) {
    return jdbc.sql(sql.get("select_projects"))
        .param("id", id)
        .param("district", district)
        .param("status", status)
        .param("limit", limit)
        .param("offset", offset)
        .query((rs, n) -> project(rs))
        .list();
  }

  private static Project project(ResultSet rs) throws SQLException {
    BigDecimal demand = rs.getBigDecimal("land_demand_mu");
    double assigned = Area.mu(rs.getDouble("assigned_m2"));
    return new Project(
        rs.getLong("id"),
        rs.getString("code"),
        rs.getString("name"),
        rs.getString("investor"),
        rs.getString("credit_code"),
        rs.getString("enterprise_name"),
        rs.getString("industry_code"),
        rs.getString("industry_name"),
        rs.getString("district_code"),
        rs.getString("district_name"),
        rs.getBigDecimal("investment_10k_cny"),
        demand,
        rs.getString("level"),
        LEVEL_LABELS.get(rs.getString("level")),
        rs.getString("status"),
        STATUS_LABELS.get(rs.getString("status")),
        rs.getObject("signed_on", LocalDate.class),
        rs.getObject("planned_start_on", LocalDate.class),
        rs.getInt("pieces"),
        assigned,
        Area.mu(rs.getDouble("supplied_m2")),
        Area.mu(rs.getDouble("ready_m2")),
        Math.round((demand.doubleValue() - assigned) * 100) / 100.0);
  }

  private static void bureau() {
    UserAccounts.requireCommits(
        "只有市自然资源局可以登记重大产业项目和安排储备用地（only the bureau registers major projects and assigns"
            + " reserve land）");
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String required(String text, int max, String zh, String en) {
    String s = blank(text);
    if (s == null || s.codePointCount(0, s.length()) > max) {
      throw ApiException.badRequest(
          "invalid-" + en,
          "请填写"
              + zh
              + "，不超过 "
              + max
              + " 字（"
              + en
              + " is required, at most "
              + max
              + " characters）");
    }
    return s;
  }

  /**
   * A positive amount that its column holds: numeric(p, 2) keeps two decimals (0.004 would be
   * stored as 0.00, which is not positive) and at most {@code max}.
   */
  private static BigDecimal positive(BigDecimal v, BigDecimal max, String zh, String en) {
    if (v == null || v.setScale(2, RoundingMode.HALF_UP).signum() <= 0 || v.compareTo(max) > 0) {
      throw ApiException.badRequest(
          "invalid-" + en,
          zh
              + "须为正数，不超过 "
              + max.toPlainString()
              + "（"
              + en
              + " must be a positive number, at most "
              + max.toPlainString()
              + "）");
    }
    return v;
  }

  private static LocalDate date(String text, String zh, String en) {
    if (blank(text) == null) {
      throw ApiException.badRequest("invalid-date", "请填写" + zh + "（" + en + " is required）");
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid-date", zh + "须为 YYYY-MM-DD（" + en + " must be a date, YYYY-MM-DD）");
    }
  }
}
