package cn.foshan.redline.inbox;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The logged-in account's inbox: the bureau's decisions on its proposals, newest first, with the
 * unread count; marking one or all read. The rows are the database's (V48): written by a trigger on
 * the change set, read and marked through row-level security as the request's user.
 */
@RestController
@RequestMapping("/api/inbox")
@Tag(name = "Inbox", description = "The bureau's decisions on one's proposals 消息")
class InboxController {

  /** The most messages on one page. */
  static final int MAX_LIMIT = 100;

  /** The deepest page start: an inbox is read from its newest end. */
  static final int MAX_OFFSET = 10_000;

  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll("inbox", "select_inbox", "count_inbox", "mark_read", "mark_all_read");

  InboxController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A message: kind APPROVED or REJECTED; the change set's id, reason, 文号 and district; who
   * reviewed it and their comment (the reason of a rejection); when; whether read; bbox [west,
   * south, east, north] in EPSG:4490 of what the change set touches, or null.
   */
  record Message(
      long id,
      String kind,
      long changeSetId,
      String reason,
      String documentNumber,
      String districtCode,
      String districtName,
      int edits,
      String reviewedBy,
      String comment,
      OffsetDateTime createdAt,
      OffsetDateTime readAt,
      List<Double> bbox) {}

  /** One page of the inbox: the messages, how many there are, and how many are unread. */
  record Inbox(List<Message> items, long total, long unread, int limit, int offset) {}

  record Marked(int marked, long unread) {}

  @GetMapping
  @Operation(
      summary =
          "My inbox: the bureau's decisions on my proposals, newest first, with the unread count",
      description =
          "Written by the database whenever a proposal is approved or rejected, however that is"
              + " done (the service, psql); every account reads only its own. Paged: limit 1 to"
              + " 100 (20 unless told), offset 0 to 10,000; else 400. 401 without a login.")
  Inbox inbox(
      @Parameter(description = "Messages on the page, 1 to 100") @RequestParam(defaultValue = "20")
          int limit,
      @Parameter(description = "Messages skipped, 0 to 10,000") @RequestParam(defaultValue = "0")
          int offset) {
    AppUser user = UserAccounts.require();
    PageLimits.check(limit, offset, MAX_LIMIT, MAX_OFFSET);
    List<Message> items =
        jdbc.sql(sql.get("select_inbox"))
            .param("me", user.username())
            .param("limit", limit)
            .param("offset", offset)
            .query((rs, n) -> message(rs))
            .list();
    Map<String, Object> counts =
        jdbc.sql(sql.get("count_inbox")).param("me", user.username()).query().singleRow();
    return new Inbox(
        items,
        ((Number) counts.get("total")).longValue(),
        ((Number) counts.get("unread")).longValue(),
        limit,
        offset);
  }

  @PostMapping("/{id}/read")
  @Operation(summary = "Mark one of my messages read")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "marked; the unread count left"),
    @ApiResponse(
        responseCode = "404",
        description = "no such message of mine (another account's is not found either)")
  })
  Marked read(@PathVariable long id) {
    AppUser user = UserAccounts.require();
    List<Long> marked =
        jdbc.sql(sql.get("mark_read"))
            .param("id", id)
            .param("me", user.username())
            .query(Long.class)
            .list();
    if (marked.isEmpty()) {
      throw ApiException.notFound(
          "message-not-found", "没有这条消息：消息 " + id + "（no message " + id + " in your inbox）");
    }
    return new Marked(1, unread(user));
  }

  @PostMapping("/read-all")
  @Operation(summary = "Mark all my messages read")
  Marked readAll() {
    AppUser user = UserAccounts.require();
    int n = jdbc.sql(sql.get("mark_all_read")).param("me", user.username()).update();
    return new Marked(n, unread(user));
  }

  private long unread(AppUser user) {
    return jdbc.sql(sql.get("count_inbox"))
        .param("me", user.username())
        .query((rs, n) -> rs.getLong("unread"))
        .single();
  }

  private static Message message(ResultSet rs) throws SQLException {
    double west = rs.getDouble("west");
    List<Double> bbox =
        rs.wasNull()
            ? null
            : List.of(west, rs.getDouble("south"), rs.getDouble("east"), rs.getDouble("north"));
    return new Message(
        rs.getLong("id"),
        rs.getString("kind"),
        rs.getLong("change_set_id"),
        rs.getString("reason"),
        rs.getString("document_number"),
        rs.getString("district_code"),
        rs.getString("district_name"),
        rs.getInt("edits"),
        rs.getString("reviewed_by"),
        rs.getString("comment"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("read_at", OffsetDateTime.class),
        bbox);
  }
}
