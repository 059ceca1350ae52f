package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
 * What firms are, per year, as grading models see them (V30): 高新技术企业, 专精特新, 淘汰类产业, 重大安全环保事故. The
 * bureau records and revokes them; a designation is never changed or deleted, and a model reads
 * those standing when it was made, so a new one counts from the next model.
 */
@RestController
@RequestMapping("/api/efficiency/designations")
@Tag(name = "Efficiency")
class DesignationController {

  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency", "select_designations", "insert_designation", "revoke_designation");

  DesignationController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Designation(
      long id,
      String creditCode,
      String name,
      int year,
      String kind,
      String documentNumber,
      String note,
      String recordedBy,
      OffsetDateTime recordedAt,
      String revokedBy,
      OffsetDateTime revokedAt) {}

  record DesignationRequest(
      String creditCode, Integer year, String kind, String documentNumber, String note) {}

  @GetMapping
  @Operation(summary = "The designations of a year, standing and revoked (logged-in users)")
  List<Designation> list(
      @RequestParam int year,
      @RequestParam(required = false) String kind,
      @RequestParam(defaultValue = "1000") int limit) {
    UserAccounts.require();
    if (kind != null && !GradingModels.DESIGNATIONS.contains(kind)) {
      throw kindRefused();
    }
    return jdbc.sql(sql.get("select_designations"))
        .param("year", year)
        .param("kind", kind)
        .param("limit", Math.max(1, Math.min(limit, 10000)))
        .query(
            (rs, n) ->
                new Designation(
                    rs.getLong("id"),
                    rs.getString("credit_code"),
                    rs.getString("name"),
                    rs.getInt("year"),
                    rs.getString("kind"),
                    rs.getString("document_number"),
                    rs.getString("note"),
                    rs.getString("recorded_by"),
                    rs.getObject("recorded_at", OffsetDateTime.class),
                    rs.getString("revoked_by"),
                    rs.getObject("revoked_at", OffsetDateTime.class)))
        .list();
  }

  @PostMapping
  @Operation(
      summary = "Records a designation (bureau): creditCode, year, kind, documentNumber, note")
  ResponseEntity<Map<String, Long>> record(@RequestBody DesignationRequest body) {
    bureau();
    if (body.year() == null || body.year() < 2000 || body.year() > 2100) {
      throw ApiException.badRequest("invalid-year", "年份应在 2000–2100 之间 year is 2000 to 2100");
    }
    if (body.kind() == null || !GradingModels.DESIGNATIONS.contains(body.kind())) {
      throw kindRefused();
    }
    if (body.creditCode() == null || !body.creditCode().matches("[0-9A-Z]{18}")) {
      throw ApiException.badRequest(
          "invalid-credit-code",
          "统一社会信用代码应为 18 位数字或大写字母 creditCode is 18 digits or capital letters");
    }
    TextLimits.check(body.documentNumber(), 100, "文号", "documentNumber");
    TextLimits.check(body.note(), 500, "说明", "note");
    List<Long> id =
        jdbc.sql(sql.get("insert_designation"))
            .param("code", body.creditCode())
            .param("year", body.year())
            .param("kind", body.kind())
            .param("document", body.documentNumber())
            .param("note", body.note())
            .query(Long.class)
            .list();
    if (id.isEmpty()) {
      boolean known =
          jdbc.sql("SELECT EXISTS (SELECT 1 FROM enterprise WHERE credit_code = :code)")
              .param("code", body.creditCode())
              .query(Boolean.class)
              .single();
      throw known
          ? ApiException.conflict(
              "designation-exists",
              "该企业本年度已有此认定 the enterprise already has this designation for " + body.year())
          : ApiException.notFound(
              "unknown-enterprise", "没有统一社会信用代码为 " + body.creditCode() + " 的企业 no such enterprise");
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id.get(0)));
  }

  @PostMapping("/{id}/revoke")
  @Operation(summary = "Revokes a standing designation (bureau); the row stays, revoked")
  Map<String, Long> revoke(@PathVariable long id) {
    bureau();
    if (jdbc.sql(sql.get("revoke_designation"))
        .param("id", id)
        .query(Long.class)
        .list()
        .isEmpty()) {
      throw ApiException.notFound(
          "unknown-designation", "没有可撤销的认定 " + id + " no standing designation " + id);
    }
    return Map.of("id", id);
  }

  private static void bureau() {
    UserAccounts.requireCommits("只有市自然资源局可以记录企业认定（only the bureau records designations）");
  }

  private static ApiException kindRefused() {
    return ApiException.badRequest(
        "invalid-kind",
        "认定类别应为 kind must be one of HIGH_TECH 高新技术企业, SPECIALIZED 专精特新, BANNED_INDUSTRY"
            + " 淘汰类产业, SERIOUS_INCIDENT 重大安全环保事故");
  }
}
