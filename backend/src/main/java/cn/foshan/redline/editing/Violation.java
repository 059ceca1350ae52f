package cn.foshan.redline.editing;

import cn.foshan.redline.system.RawJson;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A rule a change set breaks (overlap, containment, quota…), with the features involved and the
 * shape of the problem, as {@code check_change_set} reports it.
 */
public record Violation(
    String rule, String layer, Long featureId, Long otherId, String message, RawJson geometry) {

  /** A violation from a row of the rule check's answer (select_violations and its bulk form). */
  static Violation from(ResultSet rs) throws SQLException {
    String geometry = rs.getString("geometry");
    return new Violation(
        rs.getString("rule"),
        rs.getString("layer"),
        (Long) rs.getObject("feature_id"),
        (Long) rs.getObject("other_id"),
        rs.getString("message"),
        geometry == null ? null : new RawJson(geometry));
  }
}
