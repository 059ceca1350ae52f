package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * What follows a year's grading (V32): the bureau publishes a model's enterprise grades for a
 * period (公示), records the objections (异议) firms lodge in it with their evidence and decides each
 * (upheld: the grade changes, with the reason; rejected, with the reason), and after the period,
 * every objection decided, freezes the list (终版). The rules are the database's (triggers of V32):
 * nothing of a frozen list changes, decisions are final, nothing is deleted. The differentiated-
 * policy lists (差别化用地、用电、用水、信贷) are read from a year's final list.
 */
@RestController
@RequestMapping("/api/efficiency")
@Tag(name = "Efficiency")
class GradePublicationController {

  static final Set<String> GRADES = Set.of("A", "B", "C", "D");
  static final List<String> POLICIES = List.of("LAND", "ELECTRICITY", "WATER", "CREDIT");
  private static final List<String> TABLE_FORMATS = List.of("json", "csv", "xlsx");

  private static final List<Export.Column> GRADE_COLUMNS =
      List.of(
          new Export.Column("统一社会信用代码 creditCode", "/creditCode"),
          new Export.Column("企业 name", "/name"),
          new Export.Column("区 district", "/district"),
          new Export.Column("行业 industry", "/industry"),
          new Export.Column("群体 population", "/population"),
          new Export.Column("得分 score", "/score"),
          new Export.Column("排名 rank", "/rank"),
          new Export.Column("未评价原因 notGraded", "/notGraded"),
          new Export.Column("评价等级 computedGrade", "/computedGrade"),
          new Export.Column("公示等级 grade", "/grade"),
          new Export.Column("改变等级的异议 changedByObjection", "/changedByObjection"),
          new Export.Column("异议数 objections", "/objections"));

  private static final List<Export.Column> POLICY_COLUMNS =
      List.of(
          new Export.Column("年度 year", "/year"),
          new Export.Column("政策 policy", "/policy"),
          new Export.Column("措施 measure", "/measure"),
          new Export.Column("措施说明 measureZh", "/measureZh"),
          new Export.Column("统一社会信用代码 creditCode", "/creditCode"),
          new Export.Column("企业 name", "/name"),
          new Export.Column("区 district", "/district"),
          new Export.Column("行业 industry", "/industry"),
          new Export.Column("终版等级 grade", "/grade"),
          new Export.Column("得分 score", "/score"));

  private final JdbcClient jdbc;
  private final Export export;
  private final FigureScope figures;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_publications",
          "insert_publication",
          "freeze_publication",
          "select_published_grades",
          "count_published_grades",
          "select_objections",
          "insert_objection",
          "insert_decision",
          "select_policy_list",
          "count_policy_list");

  GradePublicationController(JdbcClient jdbc, Export export, FigureScope figures) {
    this.figures = figures;
    this.jdbc = jdbc;
    this.export = export;
  }

  record Publication(
      long id,
      long modelId,
      int modelVersion,
      String modelName,
      int year,
      LocalDate startsOn,
      LocalDate endsOn,
      String documentNumber,
      String state,
      String publishedBy,
      OffsetDateTime publishedAt,
      String frozenBy,
      OffsetDateTime frozenAt,
      long objections,
      long undecided) {}

  record PublicationRequest(Long modelId, String startsOn, String endsOn, String documentNumber) {}

  record Objection(
      long id,
      long publicationId,
      String creditCode,
      String name,
      String objector,
      String grounds,
      String evidence,
      LocalDate lodgedOn,
      String recordedBy,
      OffsetDateTime recordedAt,
      Decision decision) {}

  record Decision(
      String outcome,
      String gradeBefore,
      String gradeAfter,
      String reason,
      String decidedBy,
      OffsetDateTime decidedAt) {}

  record ObjectionRequest(
      String creditCode, String objector, String grounds, String evidence, String lodgedOn) {}

  record DecisionRequest(String outcome, String grade, String reason) {}

  @GetMapping("/publications")
  @Operation(
      summary =
          "The publications (公示) of grades, of a year or all years, newest first: period, state"
              + " (PUBLISHED, or FINAL once frozen: 终版) and objections counted (logged-in users)")
  List<Publication> publications(@RequestParam(required = false) Integer year) {
    UserAccounts.require();
    return jdbc.sql(sql.get("select_publications"))
        .param("year", year)
        .param("id", null)
        .query((rs, n) -> publication(rs))
        .list();
  }

  @GetMapping("/publications/{id}")
  @Operation(summary = "One publication of grades (logged-in users)")
  Publication publication(@PathVariable long id) {
    UserAccounts.require();
    return find(id);
  }

  @PostMapping("/publications")
  @Operation(
      summary =
          "Publishes a grading model's enterprise grades (bureau, admin): modelId, startsOn, endsOn"
              + " (the period 公示期, at most 60 days), documentNumber (文号); the model must have"
              + " graded its year, and the year must have no final list yet. From then on the"
              + " model's grades are not recomputed")
  ResponseEntity<Publication> publish(@RequestBody PublicationRequest body) {
    bureau();
    if (body.modelId() == null) {
      throw ApiException.badRequest("invalid-model", "请指明评价模型 modelId is required");
    }
    LocalDate starts = date(body.startsOn(), "公示开始日期", "startsOn");
    LocalDate ends = date(body.endsOn(), "公示结束日期", "endsOn");
    if (ends.isBefore(starts) || ends.isAfter(starts.plusDays(60))) {
      throw ApiException.badRequest(
          "invalid-period",
          "公示期应为开始日起 0–60 天（"
              + starts
              + " 至 "
              + ends
              + "）the period runs 0 to 60 days from its start");
    }
    TextLimits.check(body.documentNumber(), 100, "文号", "documentNumber");
    boolean model =
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM grading_model WHERE id = :id)")
            .param("id", body.modelId())
            .query(Boolean.class)
            .single();
    if (!model) {
      throw ApiException.notFound(
          "unknown-model",
          "没有评价模型 " + body.modelId() + "（no grading model " + body.modelId() + "）");
    }
    boolean published =
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM grade_publication WHERE model_id = :id)")
            .param("id", body.modelId())
            .query(Boolean.class)
            .single();
    if (published) {
      throw ApiException.conflict(
          "already-published", "该版本评价模型的结果已公示 this model version's grades are published already");
    }
    long id =
        jdbc.sql(sql.get("insert_publication"))
            .param("model", body.modelId())
            .param("starts", starts)
            .param("ends", ends)
            .param("document", blank(body.documentNumber()))
            .query(Long.class)
            .single();
    return ResponseEntity.status(HttpStatus.CREATED).body(find(id));
  }

  @PostMapping("/publications/{id}/freeze")
  @Operation(
      summary =
          "Freezes a publication as the year's final list 终版 (bureau, admin): after its period,"
              + " with every objection decided; a final list never changes again")
  Publication freeze(@PathVariable long id) {
    bureau();
    Publication p = find(id);
    if (p.frozenAt() != null) {
      throw ApiException.conflict(
          "frozen", p.year() + "年度评价结果已定为终版（the final list of " + p.year() + " is frozen already）");
    }
    jdbc.sql(sql.get("freeze_publication")).param("id", id).query(Long.class).single();
    return find(id);
  }

  @GetMapping(
      value = "/publications/{id}/grades",
      produces = {
        MediaType.APPLICATION_JSON_VALUE,
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      })
  @Operation(
      summary =
          "A publication's grades per enterprise: the model's (computedGrade) and the published"
              + " one (grade: changed by an upheld objection, changedByObjection), with the"
              + " objections counted and the enterprise's case; grade=A|B|C|D, creditCode=;"
              + " the JSON page says the figure scope it was read under (figureScope);"
              + " paged (json) or streamed (format=csv|xlsx, up to 100,000 rows)")
  ResponseEntity<StreamingResponseBody> grades(
      @PathVariable long id,
      @RequestParam(required = false) String grade,
      @RequestParam(required = false) String creditCode,
      @RequestParam(required = false) Integer limit,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(required = false) String format) {
    UserAccounts.require();
    String f = tableFormat(format);
    Publication p = find(id);
    String g = PlannerQuery.blank(grade);
    if (g != null && !GRADES.contains(g)) {
      throw ApiException.badRequest("invalid-grade", "等级应为 A、B、C 或 D（grade is A, B, C or D）");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("publication", id);
    params.put("grade", g);
    params.put("code", PlannerQuery.blank(creditCode));
    params.put("limit", Paging.rows(!f.equals("json"), limit, offset));
    params.put("offset", offset);
    long total =
        f.equals("json")
            ? jdbc.sql(sql.get("count_published_grades")).params(params).query(Long.class).single()
            : 0;
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("year", p.year());
    head.put("publicationId", id);
    head.put("state", p.state());
    // a role reading one district's figures is given that district's enterprises (V40): say so
    head.put("figureScope", figures.current().describe());
    return export.respond(
        f,
        "grades-" + p.year() + "-" + p.state().toLowerCase(java.util.Locale.ROOT),
        sql.get("select_published_grades"),
        params,
        GRADE_COLUMNS,
        total,
        head);
  }

  @GetMapping("/publications/{id}/objections")
  @Operation(
      summary =
          "The objections (异议) to a publication, of one enterprise if creditCode is given, each"
              + " with its decision when decided (logged-in users)")
  List<Objection> objections(
      @PathVariable long id, @RequestParam(required = false) String creditCode) {
    UserAccounts.require();
    find(id);
    return jdbc.sql(sql.get("select_objections"))
        .param("publication", id)
        .param("code", PlannerQuery.blank(creditCode))
        .param("limit", 1000)
        .query(
            (rs, n) ->
                new Objection(
                    rs.getLong("id"),
                    rs.getLong("publication_id"),
                    rs.getString("credit_code"),
                    rs.getString("name"),
                    rs.getString("objector"),
                    rs.getString("grounds"),
                    rs.getString("evidence"),
                    rs.getObject("lodged_on", LocalDate.class),
                    rs.getString("recorded_by"),
                    rs.getObject("recorded_at", OffsetDateTime.class),
                    rs.getString("outcome") == null
                        ? null
                        : new Decision(
                            rs.getString("outcome"),
                            rs.getString("grade_before"),
                            rs.getString("grade_after"),
                            rs.getString("reason"),
                            rs.getString("decided_by"),
                            rs.getObject("decided_at", OffsetDateTime.class))))
        .list();
  }

  @PostMapping("/publications/{id}/objections")
  @Operation(
      summary =
          "Records an objection (bureau, admin): creditCode of the enterprise, objector (who"
              + " lodged it), grounds, evidence (a reference: 文号, file number), lodgedOn (within"
              + " the period, not in the future); refused once the list is frozen")
  ResponseEntity<Map<String, Long>> object(
      @PathVariable long id, @RequestBody ObjectionRequest body) {
    bureau();
    Publication p = find(id);
    String code = creditCode(body.creditCode());
    String objector = required(body.objector(), 100, "异议人", "objector");
    String grounds = required(body.grounds(), 2000, "异议理由", "grounds");
    TextLimits.check(body.evidence(), 500, "证据", "evidence");
    LocalDate lodged = date(body.lodgedOn(), "异议提出日期", "lodgedOn");
    if (p.frozenAt() != null) {
      throw ApiException.conflict(
          "frozen", p.year() + "年度评价结果已定为终版，不能再提异议（the final list of " + p.year() + " is frozen）");
    }
    List<Long> objection =
        jdbc.sql(sql.get("insert_objection"))
            .param("publication", id)
            .param("code", code)
            .param("objector", objector)
            .param("grounds", grounds)
            .param("evidence", blank(body.evidence()))
            .param("lodged", lodged)
            .query(Long.class)
            .list();
    if (objection.isEmpty()) {
      throw unknownEnterprise(code);
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", objection.get(0)));
  }

  @PostMapping("/objections/{id}/decision")
  @Operation(
      summary =
          "Decides an objection, once (bureau, admin): outcome UPHELD with the new grade (A–D,"
              + " different from the one published) or REJECTED (no grade), and the reason; the"
              + " grade before is kept on record; refused once the list is frozen")
  ResponseEntity<Map<String, Long>> decide(
      @PathVariable long id, @RequestBody DecisionRequest body) {
    bureau();
    String outcome = body.outcome();
    if (!"UPHELD".equals(outcome) && !"REJECTED".equals(outcome)) {
      throw ApiException.badRequest(
          "invalid-outcome", "处理结果应为 UPHELD（异议成立）或 REJECTED（驳回）outcome is UPHELD or REJECTED");
    }
    String grade = PlannerQuery.blank(body.grade());
    if (outcome.equals("UPHELD") && (grade == null || !GRADES.contains(grade))) {
      throw ApiException.badRequest(
          "invalid-grade", "异议成立须给出新的等级 A、B、C 或 D（an upheld objection gives the new grade）");
    }
    if (outcome.equals("REJECTED") && grade != null) {
      throw ApiException.badRequest(
          "invalid-grade", "驳回异议不改变等级，不应给出等级（a rejected objection changes no grade）");
    }
    String reason = required(body.reason(), 2000, "处理理由", "reason");
    boolean known =
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM grade_objection WHERE id = :id)")
            .param("id", id)
            .query(Boolean.class)
            .single();
    if (!known) {
      throw ApiException.notFound("unknown-objection", "没有异议 " + id + "（no objection " + id + "）");
    }
    List<Long> decided =
        jdbc.sql(sql.get("insert_decision"))
            .param("objection", id)
            .param("outcome", outcome)
            .param("grade", grade)
            .param("reason", reason)
            .query(Long.class)
            .list();
    if (decided.isEmpty()) {
      throw ApiException.conflict(
          "decided", "异议 " + id + " 已处理，处理决定不能更改（objection " + id + " is decided already）");
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
  }

  @GetMapping(
      value = "/policy-lists",
      produces = {
        MediaType.APPLICATION_JSON_VALUE,
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      })
  @Operation(
      summary =
          "The differentiated-policy lists of a year (差别化用地 LAND、用电 ELECTRICITY、用水 WATER、信贷"
              + " CREDIT), from its final list 终版: each enterprise whose final grade carries a"
              + " measure (A: PRIORITY for land, electricity and credit; D: NO_NEW_LAND, SURCHARGE on"
              + " electricity and water prices, RESTRICTED credit); policy= one of them or all;"
              + " paged (json) or streamed (format=csv|xlsx). 404 when the year has no final list")
  ResponseEntity<StreamingResponseBody> policyLists(
      @RequestParam int year,
      @RequestParam(required = false) String policy,
      @RequestParam(required = false) Integer limit,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(required = false) String format) {
    UserAccounts.require();
    String f = tableFormat(format);
    String p = PlannerQuery.blank(policy);
    if (p != null && !POLICIES.contains(p)) {
      throw ApiException.badRequest(
          "invalid-policy",
          "政策应为 LAND（用地）、ELECTRICITY（用电）、WATER（用水）或 CREDIT（信贷）policy is one of " + POLICIES);
    }
    boolean finalList =
        jdbc.sql(
                "SELECT EXISTS (SELECT 1 FROM grade_publication WHERE year = :year AND frozen_at IS"
                    + " NOT NULL)")
            .param("year", year)
            .query(Boolean.class)
            .single();
    if (!finalList) {
      throw ApiException.notFound(
          "no-final-list", year + "年度的评价结果尚未定为终版（" + year + " has no final list of grades yet）");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("year", year);
    params.put("policy", p);
    params.put("limit", Paging.rows(!f.equals("json"), limit, offset));
    params.put("offset", offset);
    long total =
        f.equals("json")
            ? jdbc.sql(sql.get("count_policy_list")).params(params).query(Long.class).single()
            : 0;
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("year", year);
    head.put("policy", p);
    return export.respond(
        f,
        "policy-" + (p == null ? "all" : p.toLowerCase(java.util.Locale.ROOT)) + "-" + year,
        sql.get("select_policy_list"),
        params,
        POLICY_COLUMNS,
        total,
        head);
  }

  private Publication find(long id) {
    return jdbc.sql(sql.get("select_publications"))
        .param("year", null)
        .param("id", id)
        .query((rs, n) -> publication(rs))
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-publication", "没有评价结果公示 " + id + "（no publication " + id + "）"));
  }

  private static Publication publication(ResultSet rs) throws SQLException {
    OffsetDateTime frozen = rs.getObject("frozen_at", OffsetDateTime.class);
    return new Publication(
        rs.getLong("id"),
        rs.getLong("model_id"),
        rs.getInt("model_version"),
        rs.getString("model_name"),
        rs.getInt("year"),
        rs.getObject("starts_on", LocalDate.class),
        rs.getObject("ends_on", LocalDate.class),
        rs.getString("document_number"),
        frozen == null ? "PUBLISHED" : "FINAL",
        rs.getString("published_by"),
        rs.getObject("published_at", OffsetDateTime.class),
        rs.getString("frozen_by"),
        frozen,
        rs.getLong("objections"),
        rs.getLong("undecided"));
  }

  static String tableFormat(String format) {
    String f = format == null || format.isBlank() ? "json" : format;
    if (!TABLE_FORMATS.contains(f)) {
      throw ApiException.badRequest(
          "invalid-format", "格式应为 format must be one of " + TABLE_FORMATS);
    }
    return f;
  }

  static void bureau() {
    UserAccounts.requireCommits(
        "只有市自然资源局可以公示评价结果、处理异议和办理案件（only the bureau publishes grades, decides objections and"
            + " runs cases）");
  }

  static LocalDate date(String text, String zh, String en) {
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("invalid-date", "请填写" + zh + "（" + en + " is required）");
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid-date", zh + "应为 YYYY-MM-DD 格式的日期（" + en + " is a date, YYYY-MM-DD）");
    }
  }

  static String required(String text, int max, String zh, String en) {
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("missing-text", "请填写" + zh + "（" + en + " is required）");
    }
    return TextLimits.check(text.strip(), max, zh, en);
  }

  static String creditCode(String code) {
    if (code == null || !code.matches("[0-9A-Z]{18}")) {
      throw ApiException.badRequest(
          "invalid-credit-code",
          "统一社会信用代码应为 18 位数字或大写字母 creditCode is 18 digits or capital letters");
    }
    return code;
  }

  static ApiException unknownEnterprise(String code) {
    return ApiException.notFound(
        "unknown-enterprise", "没有统一社会信用代码为 " + code + " 的企业（no such enterprise）");
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
