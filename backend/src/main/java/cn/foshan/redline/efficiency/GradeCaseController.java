package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Classes drive action (V32): a C enterprise of a year's final list gets an improvement case (帮扶整治,
 * IMPROVEMENT), a D one an exit case (淘汰关停/腾退, EXIT), with a plan and a deadline; its follow-ups
 * are recorded, and it is closed with an outcome: IMPROVED, EXITED, or CLOSED with the reason. The
 * status path (OPEN → FOLLOWING_UP → IMPROVED | EXITED; CLOSED from OPEN or FOLLOWING_UP) and the
 * rest are the database's rules.
 */
@RestController
@RequestMapping("/api/efficiency/cases")
@Tag(name = "Efficiency")
class GradeCaseController {

  static final Set<String> STATUSES =
      Set.of("OPEN", "FOLLOWING_UP", "IMPROVED", "EXITED", "CLOSED");
  static final Set<String> OUTCOMES = Set.of("IMPROVED", "EXITED", "CLOSED");

  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_cases",
          "insert_case",
          "select_follow_ups",
          "insert_follow_up",
          "close_case");

  GradeCaseController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record GradeCase(
      long id,
      long publicationId,
      int year,
      String creditCode,
      String name,
      String district,
      String kind,
      String grade,
      String plan,
      LocalDate deadline,
      String status,
      String outcomeReason,
      String openedBy,
      OffsetDateTime openedAt,
      String closedBy,
      OffsetDateTime closedAt,
      long followUps) {}

  record FollowUp(
      long id, LocalDate happenedOn, String note, String recordedBy, OffsetDateTime recordedAt) {}

  record CaseWithFollowUps(GradeCase gradeCase, List<FollowUp> followUps) {}

  record CaseRequest(Long publicationId, String creditCode, String plan, String deadline) {}

  record FollowUpRequest(String happenedOn, String note) {}

  record OutcomeRequest(String outcome, String reason) {}

  @GetMapping
  @Operation(
      summary =
          "Improvement (C, 帮扶整治) and exit (D, 淘汰关停) cases, newest first, by year, status"
              + " (OPEN, FOLLOWING_UP, IMPROVED, EXITED, CLOSED), creditCode or parcel (the"
              + " enterprises on it); paged, at most 1000 (logged-in users)")
  List<GradeCase> cases(
      @RequestParam(required = false) Integer year,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String creditCode,
      @RequestParam(required = false) Long parcel,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    UserAccounts.require();
    String s = PlannerQuery.blank(status);
    if (s != null && !STATUSES.contains(s)) {
      throw ApiException.badRequest(
          "invalid-status", "案件状态应为 status is one of OPEN, FOLLOWING_UP, IMPROVED, EXITED, CLOSED");
    }
    PageLimits.check(limit, offset);
    return query(null, year, s, PlannerQuery.blank(creditCode), parcel, limit, offset);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One case with its follow-ups (logged-in users)")
  CaseWithFollowUps one(@PathVariable long id) {
    UserAccounts.require();
    GradeCase c = find(id);
    List<FollowUp> followUps =
        jdbc.sql(sql.get("select_follow_ups"))
            .param("case", id)
            .query(
                (rs, n) ->
                    new FollowUp(
                        rs.getLong("id"),
                        rs.getObject("happened_on", LocalDate.class),
                        rs.getString("note"),
                        rs.getString("recorded_by"),
                        rs.getObject("recorded_at", OffsetDateTime.class)))
            .list();
    return new CaseWithFollowUps(c, followUps);
  }

  @PostMapping
  @Operation(
      summary =
          "Opens a case (bureau, admin) for an enterprise of a final list 终版: publicationId (a"
              + " frozen one), creditCode, plan, deadline (not past); a C gets an IMPROVEMENT case,"
              + " a D an EXIT case (the kind follows from the final grade); one case per enterprise"
              + " and final list")
  ResponseEntity<GradeCase> open(@RequestBody CaseRequest body) {
    GradePublicationController.bureau();
    if (body.publicationId() == null) {
      throw ApiException.badRequest("invalid-publication", "请指明终版评价结果 publicationId is required");
    }
    String code = GradePublicationController.creditCode(body.creditCode());
    String plan = GradePublicationController.required(body.plan(), 2000, "整治/退出方案", "plan");
    LocalDate deadline = GradePublicationController.date(body.deadline(), "期限", "deadline");
    List<String> grade =
        jdbc.sql(
                "SELECT coalesce(g.grade, '-') FROM published_grade g JOIN enterprise e ON e.id ="
                    + " g.enterprise_id WHERE g.publication_id = :p AND e.credit_code = :code")
            .param("p", body.publicationId())
            .param("code", code)
            .query(String.class)
            .list();
    String kind = grade.isEmpty() ? "EXIT" : grade.get(0).equals("C") ? "IMPROVEMENT" : "EXIT";
    boolean exists =
        jdbc.sql(
                "SELECT EXISTS (SELECT 1 FROM grade_case c JOIN enterprise e ON e.id ="
                    + " c.enterprise_id WHERE c.publication_id = :p AND e.credit_code = :code)")
            .param("p", body.publicationId())
            .param("code", code)
            .query(Boolean.class)
            .single();
    if (exists) {
      throw ApiException.conflict(
          "case-exists", "该企业在本终版中已有案件（the enterprise already has a case from this final list）");
    }
    boolean publication =
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM grade_publication WHERE id = :p)")
            .param("p", body.publicationId())
            .query(Boolean.class)
            .single();
    if (!publication) {
      throw ApiException.notFound(
          "unknown-publication",
          "没有评价结果公示 " + body.publicationId() + "（no publication " + body.publicationId() + "）");
    }
    List<Long> id =
        jdbc.sql(sql.get("insert_case"))
            .param("publication", body.publicationId())
            .param("code", code)
            .param("kind", kind)
            .param("plan", plan)
            .param("deadline", deadline)
            .query(Long.class)
            .list();
    if (id.isEmpty()) {
      throw GradePublicationController.unknownEnterprise(code);
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(find(id.get(0)));
  }

  @PostMapping("/{id}/follow-ups")
  @Operation(
      summary =
          "Records a follow-up of an open case (bureau, admin): happenedOn (between the opening"
              + " and today), note; the first one moves the case to FOLLOWING_UP")
  ResponseEntity<Map<String, Long>> followUp(
      @PathVariable long id, @RequestBody FollowUpRequest body) {
    GradePublicationController.bureau();
    LocalDate on = GradePublicationController.date(body.happenedOn(), "跟进日期", "happenedOn");
    String note = GradePublicationController.required(body.note(), 2000, "跟进情况", "note");
    find(id);
    long followUp =
        jdbc.sql(sql.get("insert_follow_up"))
            .param("case", id)
            .param("happened", on)
            .param("note", note)
            .query(Long.class)
            .single();
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", followUp));
  }

  @PostMapping("/{id}/outcome")
  @Operation(
      summary =
          "Closes a case (bureau, admin) with its outcome and reason: IMPROVED (整改达标) or EXITED"
              + " (退出/关停腾退) after at least one follow-up, CLOSED (other reasons) at any time; a"
              + " closed case never changes again")
  GradeCase outcome(@PathVariable long id, @RequestBody OutcomeRequest body) {
    GradePublicationController.bureau();
    if (body.outcome() == null || !OUTCOMES.contains(body.outcome())) {
      throw ApiException.badRequest(
          "invalid-outcome",
          "办结结果应为 IMPROVED（整改达标）、EXITED（退出）或 CLOSED（其他原因办结）outcome is IMPROVED, EXITED or"
              + " CLOSED");
    }
    String reason = GradePublicationController.required(body.reason(), 2000, "办结理由", "reason");
    find(id);
    jdbc.sql(sql.get("close_case"))
        .param("case", id)
        .param("outcome", body.outcome())
        .param("reason", reason)
        .query(Long.class)
        .single();
    return find(id);
  }

  private GradeCase find(long id) {
    List<GradeCase> found = query(id, null, null, null, null, 1, 0);
    if (found.isEmpty()) {
      throw ApiException.notFound("unknown-case", "没有案件 " + id + "（no case " + id + "）");
    }
    return found.get(0);
  }

  private List<GradeCase> query(
      Long id, Integer year, String status, String code, Long parcel, int limit, long offset) {
    return jdbc.sql(sql.get("select_cases"))
        .param("id", id)
        .param("year", year)
        .param("status", status)
        .param("code", code)
        .param("parcel", parcel)
        .param("limit", limit)
        .param("offset", offset)
        .query((rs, n) -> gradeCase(rs))
        .list();
  }

  private static GradeCase gradeCase(ResultSet rs) throws SQLException {
    return new GradeCase(
        rs.getLong("id"),
        rs.getLong("publication_id"),
        rs.getInt("year"),
        rs.getString("credit_code"),
        rs.getString("name"),
        rs.getString("district_code"),
        rs.getString("kind"),
        rs.getString("grade"),
        rs.getString("plan"),
        rs.getObject("deadline", LocalDate.class),
        rs.getString("status"),
        rs.getString("outcome_reason"),
        rs.getString("opened_by"),
        rs.getObject("opened_at", OffsetDateTime.class),
        rs.getString("closed_by"),
        rs.getObject("closed_at", OffsetDateTime.class),
        rs.getLong("follow_ups"));
  }
}
