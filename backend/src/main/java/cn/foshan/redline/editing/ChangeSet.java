package cn.foshan.redline.editing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** A change set as the API shows it. */
public record ChangeSet(
    long id,
    String author,
    String reason,
    String documentNumber,
    String status,
    String districtCode,
    OffsetDateTime createdAt,
    OffsetDateTime submittedAt,
    OffsetDateTime committedAt,
    String reviewedBy,
    OffsetDateTime reviewedAt,
    String reviewComment,
    Long revertsChangeSetId,
    int edits) {

  /** A change set from a row of {@code sql/editing/select_change_sets.sql}. */
  static ChangeSet from(ResultSet rs, int row) throws SQLException {
    return new ChangeSet(
        rs.getLong("id"),
        rs.getString("author"),
        rs.getString("reason"),
        rs.getString("document_number"),
        rs.getString("status"),
        rs.getString("district_code"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("submitted_at", OffsetDateTime.class),
        rs.getObject("committed_at", OffsetDateTime.class),
        rs.getString("reviewed_by"),
        rs.getObject("reviewed_at", OffsetDateTime.class),
        rs.getString("review_comment"),
        (Long) rs.getObject("reverts_change_set_id"),
        rs.getInt("edits"));
  }
}
