package cn.foshan.redline.renovation;

import cn.foshan.redline.editing.ChangeSet;
import cn.foshan.redline.editing.ChangeSets;
import cn.foshan.redline.editing.ChangeSets.EditRequest;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.SqlFiles;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/**
 * Moves a village park one renovation status forward on the path of its renovation type (全面改造: 计划 →
 * 拆除 → 建设 → 竣工 → 投产; 微改造: 计划 → 改造施工 → 竣工 → 投产; 综合整治: 计划 → 整治施工 → 竣工) through the editing system: a
 * change set of one edit, committed at once for the bureau, proposed for a district officer. The
 * checks here explain a refusal with all its reasons; the database checks the same paths and data
 * again for every writer (V26).
 */
@Service
class ParkTransitions {

  static final List<String> STATUSES =
      List.of("NOT_PLANNED", "PLANNED", "DEMOLITION", "CONSTRUCTION", "COMPLETED", "PRODUCTION");

  static final List<String> TARGET_USES =
      List.of("INDUSTRIAL", "COMMERCIAL", "RESIDENTIAL", "PUBLIC", "ECOLOGICAL");

  /** The statuses a park of a renovation type passes through, in order (as village_park_path). */
  static List<String> path(String renovationType) {
    if (renovationType == null) {
      return List.of("NOT_PLANNED");
    }
    return switch (renovationType) {
      case "FULL" -> STATUSES;
      case "LIGHT" -> List.of("NOT_PLANNED", "PLANNED", "CONSTRUCTION", "COMPLETED", "PRODUCTION");
      case "COMPREHENSIVE" -> List.of("NOT_PLANNED", "PLANNED", "CONSTRUCTION", "COMPLETED");
      default -> List.of("NOT_PLANNED");
    };
  }

  private final JdbcClient jdbc;
  private final ChangeSets changeSets;
  private final ObjectMapper json;
  private final Clock clock;
  private final String selectState = SqlFiles.load("renovation/select_park_state.sql");

  ParkTransitions(JdbcClient jdbc, ChangeSets changeSets, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.changeSets = changeSets;
    this.json = json;
    this.clock = clock;
  }

  /** What a client asks: the next status, its day, why, and the data that status needs. */
  record Transition(
      String status,
      LocalDate date,
      String reason,
      String documentNumber,
      String renovationType,
      Integer planYear,
      BigDecimal demolishedAreaM2,
      BigDecimal newFloorAreaM2,
      BigDecimal plotRatioAfter,
      Integer enterprisesAfter,
      String targetUse) {}

  record State(
      long id,
      String code,
      String districtCode,
      String status,
      LocalDate statusSince,
      int version,
      String renovationType,
      Integer planYear,
      BigDecimal demolishedAreaM2,
      BigDecimal newFloorAreaM2,
      BigDecimal plotRatioAfter,
      Integer enterprisesAfter,
      String targetUse) {}

  /** The outcome: the change set, and whether it is committed or waits for the bureau. */
  record Outcome(ChangeSet changeSet, boolean committed) {}

  State state(long id) {
    return jdbc.sql(selectState)
        .param("id", id)
        .query(
            (rs, n) ->
                new State(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("district_code"),
                    rs.getString("status"),
                    rs.getObject("status_since", LocalDate.class),
                    rs.getInt("version"),
                    rs.getString("renovation_type"),
                    (Integer) rs.getObject("plan_year"),
                    rs.getBigDecimal("demolished_area_m2"),
                    rs.getBigDecimal("new_floor_area_m2"),
                    rs.getBigDecimal("plot_ratio_after"),
                    (Integer) rs.getObject("enterprises_after"),
                    rs.getString("target_use")))
        .optional()
        .orElseThrow(
            () -> ApiException.notFound("unknown-feature", "There is no village park " + id));
  }

  /**
   * The next status on the path of a park's type, or null at its end; a park not yet typed is
   * planned next.
   */
  static String next(String renovationType, String status) {
    List<String> path = path(renovationType == null ? "FULL" : renovationType);
    int at = path.indexOf(status);
    return at >= 0 && at + 1 < path.size() ? path.get(at + 1) : null;
  }

  /** What people call a status on the path of a type: 改造施工 for a light renovation's works. */
  static String statusLabel(String type, String status) {
    if (status == null) {
      return "";
    }
    return switch (status) {
      case "NOT_PLANNED" -> "未计划";
      case "PLANNED" -> "计划";
      case "DEMOLITION" -> "拆除";
      case "CONSTRUCTION" ->
          "LIGHT".equals(type) ? "改造施工" : "COMPREHENSIVE".equals(type) ? "整治施工" : "建设";
      case "COMPLETED" -> "COMPREHENSIVE".equals(type) ? "整治验收" : "竣工";
      case "PRODUCTION" -> "投产";
      default -> status;
    };
  }

  /**
   * The data a move of the park to {@code target} needs that neither the park has recorded nor the
   * request gives, by the request's field names, in the order of the form.
   */
  static List<String> missing(State park, Transition t, String target) {
    List<String> missing = new ArrayList<>();
    String type = t.renovationType() != null ? t.renovationType() : park.renovationType();
    if (type == null) {
      missing.add("renovationType");
    }
    if (t.planYear() == null && park.planYear() == null) {
      missing.add("planYear");
    }
    if ("NOT_PLANNED".equals(park.status()) && t.targetUse() == null && park.targetUse() == null) {
      missing.add("targetUse");
    }
    int rank = STATUSES.indexOf(target);
    if ("FULL".equals(type)
        && rank >= 3
        && t.demolishedAreaM2() == null
        && park.demolishedAreaM2() == null) {
      missing.add("demolishedAreaM2");
    }
    if (rank >= 4 && t.newFloorAreaM2() == null && park.newFloorAreaM2() == null) {
      missing.add("newFloorAreaM2");
    }
    if (rank >= 4 && t.plotRatioAfter() == null && park.plotRatioAfter() == null) {
      missing.add("plotRatioAfter");
    }
    if (rank >= 5 && t.enterprisesAfter() == null && park.enterprisesAfter() == null) {
      missing.add("enterprisesAfter");
    }
    return missing;
  }

  /** Why each missing field is needed, Chinese first, with its field name. */
  private static String missingReason(String field) {
    return switch (field) {
      case "renovationType" -> "列入计划需要改造类型 renovationType（全面改造 FULL、微改造 LIGHT 或综合整治 COMPREHENSIVE）";
      case "planYear" -> "列入计划需要计划年度 planYear";
      case "targetUse" ->
          "列入计划需要改造后用途 targetUse（工改工 INDUSTRIAL, or "
              + String.join(", ", TARGET_USES.subList(1, TARGET_USES.size()))
              + "）";
      case "demolishedAreaM2" -> "拆除完成需要拆除面积 demolishedAreaM2（the demolished area, m²）";
      case "newFloorAreaM2" -> "竣工需要新建建筑面积 newFloorAreaM2（the new floor area, m²）";
      case "plotRatioAfter" -> "竣工需要改造后容积率 plotRatioAfter（the plot ratio after）";
      case "enterprisesAfter" -> "投产需要改造后企业数 enterprisesAfter（the enterprises after）";
      default -> "需要 " + field;
    };
  }

  /** Every reason the transition is refused; empty when it may go ahead. */
  static List<String> refusals(State park, Transition t, LocalDate today) {
    List<String> reasons = new ArrayList<>();
    String target = t.status() == null ? "" : t.status().trim().toUpperCase(Locale.ROOT);
    if (!STATUSES.contains(target)) {
      reasons.add(
          "未知状态 '" + t.status() + "'（unknown status; one of " + String.join(", ", STATUSES) + "）");
      return reasons;
    }
    String type = t.renovationType() != null ? t.renovationType() : park.renovationType();
    if (type != null && path(type).size() == 1) {
      reasons.add("未知改造类型 '" + type + "'（renovationType is FULL, LIGHT or COMPREHENSIVE）");
      return reasons;
    }
    List<String> path = path(type == null ? "FULL" : type);
    int from = path.indexOf(park.status());
    int to = path.indexOf(target);
    if (to < 0 || from < 0 || to != from + 1) {
      String next = from >= 0 && from + 1 < path.size() ? path.get(from + 1) : null;
      reasons.add(
          park.code()
              + " 现为"
              + statusLabel(type, park.status())
              + "（"
              + park.status()
              + "），"
              + typeLabel(type)
              + (next == null
                  ? "已走完改造路径，没有下一状态"
                  : "的下一状态只能是 " + next + "（" + statusLabel(type, next) + "）")
              + "（a park moves one status forward at a time on the path of its renovation type, "
              + String.join(" → ", path)
              + ": from "
              + park.status()
              + " only to "
              + (next == null ? "（无 none）" : next)
              + "）");
    }
    if (t.targetUse() != null && !TARGET_USES.contains(t.targetUse())) {
      reasons.add(
          "未知改造后用途 '"
              + t.targetUse()
              + "'（targetUse is one of "
              + String.join(", ", TARGET_USES)
              + "）");
    }
    if (t.date() != null && t.date().isAfter(today)) {
      reasons.add("日期 " + t.date() + " 在将来（the date of a status cannot be in the future）");
    }
    if (t.date() != null && park.statusSince() != null && t.date().isBefore(park.statusSince())) {
      reasons.add(
          "日期 "
              + t.date()
              + " 早于上一状态的日期 "
              + park.statusSince()
              + "（a status cannot start before the previous one）");
    }
    for (String field : missing(park, t, target)) {
      reasons.add(missingReason(field));
    }
    return reasons;
  }

  /** Checks the version and the transition, then writes it as a change set of one edit. */
  Outcome apply(AppUser user, long id, int baseVersion, Transition t) {
    State park = state(id);
    changeSets.requireMayWrite(user, "village_park", id);
    if (park.version() != baseVersion) {
      throw IfMatch.stale(
          "village park "
              + id
              + " is at version "
              + park.version()
              + ", not "
              + baseVersion
              + ": it changed since you loaded it. Load it again, then decide.");
    }
    LocalDate today = LocalDate.now(clock);
    List<String> reasons = refusals(park, t, today);
    if (!reasons.isEmpty()) {
      throw ApiException.unprocessable(
          "transition-refused",
          "状态变更被拒绝 Transition refused",
          String.join("; ", reasons),
          Map.of(
              "reasons",
              reasons,
              "from",
              park.status(),
              "missing",
              missing(
                  park, t, t.status() == null ? "" : t.status().trim().toUpperCase(Locale.ROOT))));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("status", t.status().trim().toUpperCase(Locale.ROOT));
    properties.put("statusSince", (t.date() == null ? today : t.date()).toString());
    putIfGiven(properties, "renovationType", t.renovationType());
    putIfGiven(properties, "planYear", t.planYear());
    putIfGiven(properties, "demolishedAreaM2", t.demolishedAreaM2());
    putIfGiven(properties, "newFloorAreaM2", t.newFloorAreaM2());
    putIfGiven(properties, "plotRatioAfter", t.plotRatioAfter());
    putIfGiven(properties, "enterprisesAfter", t.enterprisesAfter());
    putIfGiven(properties, "targetUse", t.targetUse());
    ChangeSets.Outcome done =
        changeSets.forRequest(
            user,
            t.reason(),
            t.documentNumber(),
            cs ->
                changeSets.addEdit(
                    user,
                    cs,
                    new EditRequest(
                        "village_park",
                        "update",
                        id,
                        baseVersion,
                        null,
                        null,
                        json.valueToTree(properties))));
    return new Outcome(done.changeSet(), done.committed());
  }

  private static String typeLabel(String type) {
    if (type == null) {
      return "";
    }
    return switch (type) {
      case "FULL" -> "全面改造";
      case "LIGHT" -> "微改造";
      case "COMPREHENSIVE" -> "综合整治";
      default -> type;
    };
  }

  private static void putIfGiven(Map<String, Object> properties, String name, Object value) {
    if (value != null) {
      properties.put(name, value);
    }
  }
}
