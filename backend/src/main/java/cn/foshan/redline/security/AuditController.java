package cn.foshan.redline.security;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Csv;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit log for the administrator: a page of events, latest first (keyset by id), or every
 * event of the filters as CSV, streamed through a cursor. The administrator is checked here, and
 * again by the database (row-level security on audit_event shows its rows to an administrator
 * only).
 */
@RestController
@RequestMapping("/api/admin")
@Tag(
    name = "Audit",
    description = "The audit log: logins, writes, imports, exports (administrator)")
class AuditController {

  private static final String[] CSV_HEADER = {
    "编号 id",
    "时间 at",
    "用户 actor",
    "角色 role",
    "区 district",
    "数据库登录 db_user",
    "地址 client_addr",
    "客户端 user_agent",
    "操作 action",
    "对象 object",
    "行数 rows",
    "详情 detail"
  };

  record Event(
      long id,
      OffsetDateTime at,
      String actor,
      String actorRole,
      String actorDistrict,
      String dbUser,
      String clientAddr,
      String userAgent,
      String action,
      String object,
      Long rows,
      RawJson detail) {}

  record Page(List<Event> items, Long nextBefore, String next) {}

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate cursor;
  private final TransactionTemplate readOnly;
  private final String selectSql = SqlFiles.load("security/select_audit_events.sql");

  AuditController(
      JdbcClient jdbc,
      DataSource dataSource,
      PlatformTransactionManager transactions,
      DatabaseLimits limits) {
    this.jdbc = jdbc;
    JdbcTemplate template = new JdbcTemplate(dataSource);
    template.setFetchSize(500);
    this.cursor = new NamedParameterJdbcTemplate(template);
    TransactionTemplate definition = new TransactionTemplate(transactions);
    definition.setReadOnly(true);
    this.readOnly = limits.longRunning(transactions, definition);
  }

  @GetMapping("/audit")
  @Operation(
      summary = "Audit events, latest first (administrator only; 403 for other roles)",
      description =
          "Logins (LOGIN, LOGIN_FAILED with the name tried), writes (CHANGE_SET_CREATED, …PROPOSED,"
              + " …COMMITTED, …APPROVED, …REJECTED, …REVERTED, …DISCARDED; IMPORT_*,"
              + " INDICATOR_IMPORT_*; USER_CREATED, USER_CHANGED; WRITE: one per statement on a"
              + " table, with its row count), EXPORT, READ_CONFIDENTIAL (enterprises' figures) and"
              + " AUDIT_READ. Paged by id: follow `next` (or pass `before` = `nextBefore`).")
  Page events(
      @Parameter(description = "from this moment (ISO 8601, or a day in China Standard Time)")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "before this moment (a day: up to its end)")
          @RequestParam(required = false)
          String to,
      @Parameter(description = "the account that acted") @RequestParam(required = false)
          String actor,
      @Parameter(description = "the action, e.g. LOGIN_FAILED, EXPORT, CHANGE_SET_APPROVED")
          @RequestParam(required = false)
          String action,
      @Parameter(description = "only events with an id below this one (the next page)")
          @RequestParam(required = false)
          Long before,
      @Parameter(description = "events per page, 1–1000 (default 100)")
          @RequestParam(defaultValue = "100")
          int limit) {
    requireAdmin();
    PageLimits.check(limit, 0);
    Map<String, Object> params = params(from, to, actor, action, before, limit);
    var query = jdbc.sql(selectSql);
    for (Map.Entry<String, Object> p : params.entrySet()) {
      query = query.param(p.getKey(), p.getValue());
    }
    List<Event> items = new ArrayList<>(query.query((rs, n) -> event(rs)).list());
    Long nextBefore = items.size() == limit ? items.get(items.size() - 1).id() : null;
    String next = null;
    if (nextBefore != null) {
      UriComponentsBuilder link = UriComponentsBuilder.fromPath("/api/admin/audit");
      link.queryParamIfPresent("from", java.util.Optional.ofNullable(from));
      link.queryParamIfPresent("to", java.util.Optional.ofNullable(to));
      link.queryParamIfPresent("actor", java.util.Optional.ofNullable(actor));
      link.queryParamIfPresent("action", java.util.Optional.ofNullable(action));
      link.queryParam("before", nextBefore).queryParam("limit", limit);
      next = link.encode().build().toUriString();
    }
    return new Page(items, nextBefore, next);
  }

  @GetMapping("/audit.csv")
  @Operation(
      summary =
          "Every audit event of the filters as CSV (UTF-8 with BOM, opens in Excel), latest first;"
              + " streamed (administrator only)")
  ResponseEntity<StreamingResponseBody> csv(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action) {
    requireAdmin();
    Map<String, Object> params = params(from, to, actor, action, null, null);
    String sql = selectSql.replace("LIMIT :limit", "");
    StreamingResponseBody body =
        out -> {
          try {
            readOnly.executeWithoutResult(status -> write(sql, params, out));
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
        };
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"")
        .body(body);
  }

  private void write(String sql, Map<String, Object> params, OutputStream out) {
    try {
      text(out, "\uFEFF" + Csv.line(CSV_HEADER));
      long[] served = {0};
      cursor.query(
          sql,
          params,
          rs -> {
            Event e = event(rs);
            text(
                out,
                Csv.line(
                    new String[] {
                      Long.toString(e.id()),
                      e.at().atZoneSameInstant(Times.FOSHAN).toOffsetDateTime().toString(),
                      e.actor(),
                      e.actorRole(),
                      e.actorDistrict(),
                      e.dbUser(),
                      e.clientAddr(),
                      e.userAgent(),
                      e.action(),
                      e.object(),
                      e.rows() == null ? null : e.rows().toString(),
                      e.detail().json().equals("null") ? null : e.detail().json()
                    }));
            served[0]++;
          });
      cn.foshan.redline.system.ServedRows.add(served[0]);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Event event(ResultSet rs) throws SQLException {
    long rows = rs.getLong("rows");
    return new Event(
        rs.getLong("id"),
        rs.getObject("at", OffsetDateTime.class),
        rs.getString("actor"),
        rs.getString("actor_role"),
        rs.getString("actor_district"),
        rs.getString("db_user"),
        rs.getString("client_addr"),
        rs.getString("user_agent"),
        rs.getString("action"),
        rs.getString("object"),
        rs.wasNull() ? null : rows,
        new RawJson(rs.getString("detail")));
  }

  private static void requireAdmin() {
    AppUser user = UserAccounts.require();
    if (user.role() != Role.ADMIN) {
      throw ApiException.forbidden("只有管理员能查看审计日志（only the administrator reads the audit log）");
    }
  }

  private static Map<String, Object> params(
      String from, String to, String actor, String action, Long before, Integer limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("from", moment(from, "from", false));
    params.put("to", moment(to, "to", true));
    params.put("actor", blank(actor));
    params.put("action", blank(action));
    params.put("before", before);
    if (limit != null) {
      params.put("limit", limit);
    }
    return params;
  }

  private static String blank(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > 100) {
      throw ApiException.badRequest(
          "invalid-parameter", "筛选条件过长（a filter is at most 100 characters）");
    }
    return text.trim();
  }

  /** A moment: ISO 8601 with an offset, or a day in China Standard Time (its end, for "to"). */
  private static OffsetDateTime moment(String text, String name, boolean endOfDay) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        Times.checked(day, "invalid-parameter", name);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(Times.FOSHAN).toOffsetDateTime();
      }
      return Times.checked(OffsetDateTime.parse(text), "invalid-parameter", name);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid-parameter",
          name
              + " 须为日期（2026-01-31）或带时区的时间（2026-01-31T08:00:00+08:00）（"
              + name
              + " must be a day or an ISO 8601 time with its offset）");
    }
  }

  private static void text(OutputStream out, String s) {
    try {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
