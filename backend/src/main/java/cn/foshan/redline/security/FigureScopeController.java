package cn.foshan.redline.security;

import cn.foshan.redline.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrator's setting of who reads enterprises' figures (V39 figure_read_scope): per role,
 * ALL, OWN_DISTRICT or NONE. ADMIN only (the security filter, and the database's trigger, which
 * refuses any other actor, psql included); every change is in the audit log.
 */
@RestController
@RequestMapping("/api/admin/figure-scopes")
@Tag(name = "Administration", description = "Accounts (administrator only)")
class FigureScopeController {

  private static final Set<String> SCOPES = Set.of("ALL", "OWN_DISTRICT", "NONE");

  private final JdbcClient jdbc;

  FigureScopeController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record RoleScope(Role role, String scope, String updatedBy, OffsetDateTime updatedAt) {}

  record NewScope(String scope) {}

  private static final String SELECT =
      "SELECT role, scope, updated_by, updated_at FROM figure_read_scope";

  private static RoleScope row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new RoleScope(
        Role.valueOf(rs.getString("role")),
        rs.getString("scope"),
        rs.getString("updated_by"),
        rs.getObject("updated_at", OffsetDateTime.class));
  }

  @GetMapping
  @Operation(
      summary =
          "Who reads enterprise- and parcel-level figures (annual indicators, per-mu figures,"
              + " grades, breaches), per role: ALL, OWN_DISTRICT (the account's district: an"
              + " enterprise's registered district, a parcel's district) or NONE. ADMIN and BUREAU"
              + " are always ALL; the totals of city, districts, towns, clusters and industries are"
              + " readable by every role")
  List<RoleScope> list() {
    return jdbc.sql(
            SELECT + " ORDER BY array_position(ARRAY['ADMIN','BUREAU','DISTRICT','PLANNER'], role)")
        .query((rs, n) -> row(rs))
        .list();
  }

  @PutMapping("/{role}")
  @Operation(
      summary =
          "Set a role's scope ({\"scope\": \"ALL\"|\"OWN_DISTRICT\"|\"NONE\"}); DISTRICT and"
              + " PLANNER only (ADMIN and BUREAU keep the figures). Holds from the next request,"
              + " in the database too; audited (FIGURE_SCOPE_CHANGED)")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the role's scope as stored"),
    @ApiResponse(
        responseCode = "400",
        description = "an unknown role or scope, or ADMIN/BUREAU set to less than ALL")
  })
  RoleScope set(@PathVariable String role, @RequestBody NewScope body) {
    String r = role == null ? "" : role.strip().toUpperCase(java.util.Locale.ROOT);
    if (!Set.of("ADMIN", "BUREAU", "DISTRICT", "PLANNER").contains(r)) {
      throw ApiException.badRequest(
          "unknown-role", "没有这个角色：" + role + "（role is one of ADMIN, BUREAU, DISTRICT, PLANNER）");
    }
    String s = body == null || body.scope() == null ? "" : body.scope().strip();
    if (!SCOPES.contains(s)) {
      throw ApiException.badRequest(
          "invalid-scope", "范围须是 ALL、OWN_DISTRICT 或 NONE（scope is ALL, OWN_DISTRICT or NONE）");
    }
    if ((r.equals("ADMIN") || r.equals("BUREAU")) && !s.equals("ALL")) {
      throw ApiException.badRequest(
          "invalid-scope",
          (r.equals("ADMIN") ? "系统管理员" : "市自然资源局")
              + "始终查看全部企业数据（ADMIN and BUREAU keep the figures: always ALL）");
    }
    return jdbc.sql(
            "UPDATE figure_read_scope SET scope = :scope WHERE role = :role"
                + " RETURNING role, scope, updated_by, updated_at")
        .param("scope", s)
        .param("role", r)
        .query((rs, n) -> row(rs))
        .single();
  }
}
