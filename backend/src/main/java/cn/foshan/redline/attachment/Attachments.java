package cn.foshan.redline.attachment;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseRefusals;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.SqlFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Attachments kept in the database: added after their content is checked ({@link FileKinds}),
 * listed by target, streamed slice by slice, withdrawn by the bureau. Who may add or withdraw is
 * the database's rule (V36); what the service checks first is what it reads: the target exists and
 * the reader may read it.
 */
@Service
public class Attachments {

  /** The most attachments one list answers. */
  static final int MAX_LIMIT = 200;

  /** The longest note and withdrawal reason, in characters (V36). */
  static final int MAX_NOTE = 500;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final AttachmentProperties properties;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "attachment",
          "insert_attachment",
          "select_standing_copy",
          "select_attachments",
          "select_attachment",
          "select_slice",
          "withdraw_attachment");

  Attachments(JdbcClient jdbc, JdbcTemplate template, AttachmentProperties properties) {
    this.jdbc = jdbc;
    this.template = template;
    this.properties = properties;
  }

  /** What an attachment is attached to: a change set, or a feature of a versioned layer. */
  record Target(Long changeSetId, String layer, Long featureId) {}

  /** An attachment as listed: href downloads it; withdrawn* are set once the bureau withdrew it. */
  public record Attachment(
      long id,
      Long changeSetId,
      String layer,
      Long featureId,
      String fileName,
      String mediaType,
      long sizeBytes,
      String sha256,
      String note,
      String uploadedBy,
      OffsetDateTime uploadedAt,
      OffsetDateTime withdrawnAt,
      String withdrawnBy,
      String withdrawalReason,
      String href) {}

  /** The result of an upload: the attachment, and whether it was there already (same file). */
  record Added(Attachment attachment, boolean existing) {}

  long maxSize() {
    return properties.maxSize().toBytes();
  }

  /**
   * The target named by the parameters, checked: exactly one of a change set or a layer and
   * feature, the layer versioned, the change set readable (a login), the target existing.
   */
  Target target(Long changeSetId, String layer, Long featureId, boolean loggedIn) {
    boolean feature = layer != null || featureId != null;
    if ((changeSetId == null) == !feature || (feature && (layer == null || featureId == null))) {
      throw ApiException.badRequest(
          "invalid-attachment-target",
          "请指定附件的对象：changeSetId，或 layer 与 featureId（name what the attachment is of:"
              + " changeSetId, or layer and featureId）");
    }
    if (changeSetId != null) {
      if (!loggedIn) {
        throw ApiException.unauthorized(
            "login-required", "变更集的附件须登录后查看（log in to see a change set's attachments）");
      }
      boolean exists =
          jdbc.sql("SELECT EXISTS (SELECT 1 FROM change_set WHERE id = :id)")
              .param("id", changeSetId)
              .query(Boolean.class)
              .single();
      if (!exists) {
        throw ApiException.notFound(
            "no-such-change-set", "没有变更集 #" + changeSetId + "（no change set " + changeSetId + "）");
      }
      return new Target(changeSetId, null, null);
    }
    List<String> layers =
        jdbc.sql("SELECT layer FROM versioned_layer ORDER BY layer").query(String.class).list();
    if (!layers.contains(layer)) {
      throw ApiException.badRequest(
          "unknown-layer",
          "图层 '"
              + layer
              + "' 不能加附件，可用的图层："
              + String.join("、", layers)
              + "（layer '"
              + layer
              + "' takes no attachments; the layers that do: "
              + String.join(", ", layers)
              + "）");
    }
    return new Target(null, layer, featureId);
  }

  /**
   * Checks the file and adds it to the target (or answers the copy already there): as the user,
   * whose rights the database checks.
   */
  Added add(
      AppUser user,
      Target target,
      FileKinds.Source file,
      String originalName,
      String declaredType,
      long declaredSize,
      String note)
      throws IOException {
    String name = FileKinds.cleanName(originalName);
    if (declaredSize > maxSize()) {
      throw FileKinds.tooLarge(name, maxSize());
    }
    String cleanNote = note == null || note.isBlank() ? null : note.strip();
    if (cleanNote != null && cleanNote.codePointCount(0, cleanNote.length()) > MAX_NOTE) {
      throw ApiException.badRequest(
          "note-too-long", "说明不能超过 500 字（the note is at most 500 characters）");
    }
    FileKinds.Checked checked = FileKinds.check(file, name, declaredType, maxSize());
    Long existing =
        jdbc.sql(sql.get("select_standing_copy"))
            .param("sha256", checked.sha256Bytes())
            .param("change_set_id", target.changeSetId(), Types.BIGINT)
            .param("layer", target.layer(), Types.VARCHAR)
            .param("feature_id", target.featureId(), Types.BIGINT)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (existing != null) {
      return new Added(get(existing), true);
    }
    Long id =
        template.execute(
            (java.sql.Connection c) -> {
              try (PreparedStatement ps = c.prepareStatement(sql.get("insert_attachment"));
                  InputStream in = file.open()) {
                ps.setObject(1, target.changeSetId(), Types.BIGINT);
                ps.setObject(2, target.layer(), Types.VARCHAR);
                ps.setObject(3, target.featureId(), Types.BIGINT);
                ps.setString(4, name);
                ps.setString(5, checked.kind().mediaType);
                ps.setLong(6, checked.size());
                ps.setBytes(7, checked.sha256Bytes());
                // streamed to the server as it is read (the driver does not hold it whole)
                ps.setBinaryStream(8, in, checked.size());
                ps.setString(9, cleanNote);
                try (ResultSet rs = forbiddenIfRefused(ps::executeQuery)) {
                  rs.next();
                  return rs.getLong(1);
                }
              } catch (IOException e) {
                throw new SQLException("could not read the uploaded file", e);
              }
            });
    return new Added(get(id), false);
  }

  /** The attachments of a target, newest first, limit at most {@link #MAX_LIMIT}. */
  List<Attachment> list(Target target, int limit, int offset) {
    PageLimits.check(limit, offset, MAX_LIMIT, Long.MAX_VALUE);
    return jdbc.sql(sql.get("select_attachments"))
        .param("change_set_id", target.changeSetId(), Types.BIGINT)
        .param("layer", target.layer(), Types.VARCHAR)
        .param("feature_id", target.featureId(), Types.BIGINT)
        .param("lim", limit)
        .param("off", offset)
        .query((rs, row) -> attachment(rs))
        .list();
  }

  /** One attachment (without its content), or a 404 problem. */
  Attachment get(long id) {
    return jdbc.sql(sql.get("select_attachment"))
        .param("id", id)
        .query((rs, row) -> attachment(rs))
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no-such-attachment", "没有附件 #" + id + "（no attachment " + id + "）"));
  }

  /**
   * Writes the content to out, slice by slice: each slice one short query (no connection is held
   * while the client reads), at most one slice in memory.
   */
  void stream(Attachment a, OutputStream out) throws IOException {
    long slice = properties.sliceSize().toBytes();
    for (long from = 1; from <= a.sizeBytes(); from += slice) {
      byte[] bytes =
          jdbc.sql(sql.get("select_slice"))
              .param("id", a.id())
              .param("from", from)
              .param("len", (int) slice)
              .query(byte[].class)
              .single();
      out.write(bytes);
    }
  }

  /** Marks an attachment withdrawn, with the reason (the bureau's; the database checks). */
  Attachment withdraw(long id, String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.codePointCount(0, why.length()) > MAX_NOTE) {
      throw ApiException.badRequest(
          "withdrawal-reason-required",
          "撤回附件须说明原因（不超过 500 字）（withdrawing an attachment needs a reason of at most 500"
              + " characters）");
    }
    get(id);
    try {
      jdbc.sql(sql.get("withdraw_attachment")).param("id", id).param("reason", why).update();
    } catch (org.springframework.dao.DataAccessException e) {
      throw refusal(e);
    }
    return get(id);
  }

  /** A query the database may refuse for want of rights: then a 403 problem in its words. */
  private static ResultSet forbiddenIfRefused(Query query) throws SQLException {
    try {
      return query.run();
    } catch (SQLException e) {
      if ("42501".equals(e.getSQLState())) {
        throw ApiException.forbidden(DatabaseRefusals.explain(e));
      }
      throw e;
    }
  }

  /** The database's refusal as a problem: 403 for want of rights, else as DatabaseRefusals says. */
  private static RuntimeException refusal(org.springframework.dao.DataAccessException e) {
    Throwable cause = e.getCause();
    if (cause instanceof SQLException s && "42501".equals(s.getSQLState())) {
      return ApiException.forbidden(DatabaseRefusals.explain(e));
    }
    return e;
  }

  private interface Query {
    ResultSet run() throws SQLException;
  }

  private static Attachment attachment(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    return new Attachment(
        id,
        rs.getObject("change_set_id", Long.class),
        rs.getString("layer"),
        rs.getObject("feature_id", Long.class),
        rs.getString("file_name"),
        rs.getString("media_type"),
        rs.getLong("size_bytes"),
        rs.getString("sha256"),
        rs.getString("note"),
        rs.getString("uploaded_by"),
        rs.getObject("uploaded_at", OffsetDateTime.class),
        rs.getObject("withdrawn_at", OffsetDateTime.class),
        rs.getString("withdrawn_by"),
        rs.getString("withdrawal_reason"),
        "/api/attachments/" + id + "/content");
  }
}
