package cn.foshan.redline.system;

import java.sql.SQLException;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * What the database refused, in people's words (Chinese first, then English), never in its own: no
 * constraint, table or column name and no SQL reaches a client. The rules' own messages (a
 * trigger's RAISE, written for people) are passed on; a known constraint is named as people name
 * the rule; anything else gets a general sentence by its kind (a duplicate, a missing reference, a
 * value out of range…), and the database's own text goes to the log only.
 */
public final class DatabaseRefusals {

  private static final Logger log = LoggerFactory.getLogger(DatabaseRefusals.class);

  /** The rule each named constraint keeps, as people say it. */
  private static final Map<String, String> CONSTRAINTS =
      Map.ofEntries(
          Map.entry(
              "change_set_edit_one_per_feature",
              "一个变更集中同一要素只能有一项编辑（a change set holds one edit per feature）"),
          Map.entry(
              "grading_model_one_active", "每个年度只能有一个启用的评价模型（one grading model per year is active）"),
          Map.entry(
              "parcel_milestones_in_order",
              "宗地的动工、竣工、投产日期须依次先后（a parcel's start, completion and production dates"
                  + " come in that order）"),
          Map.entry(
              "reserve_land_ready_conditions",
              "达标的储备用地须满足达标条件（ready reserve land must meet the conditions of READY）"),
          Map.entry(
              "village_park_planned_has_type",
              "列入计划的村级工业园须有改造类型（a planned village park needs its renovation type）"),
          Map.entry(
              "village_park_demolition_recorded",
              "拆除阶段须记录拆除面积（demolition needs the demolished area）"),
          Map.entry(
              "village_park_completion_recorded",
              "竣工须记录新建建筑面积和容积率（completion needs the new floor area and plot ratio）"),
          Map.entry(
              "village_park_production_recorded",
              "投产须记录改造后企业数（production needs the enterprises after）"),
          Map.entry(
              "factory_unit_price_of_deal",
              "售出或出租的厂房单元须有价格（a unit sold or leased needs its price）"),
          Map.entry(
              "factory_unit_industry_of_industrial",
              "工业企业使用的单元须有行业（a unit used by an industrial enterprise needs its" + " industry）"),
          Map.entry(
              "factory_building_area_taken",
              "厂房单元面积之和不能超过建筑面积（the units cannot cover more than the building's floor" + " area）"),
          Map.entry(
              "app_user_district_officer",
              "区级用户须属于一个区（a district officer belongs to one district）"));

  /** The C routine that PL/pgSQL's RAISE reports: the message is one of our rules' own. */
  private static final String RAISE = "exec_stmt_raise";

  private DatabaseRefusals() {}

  /**
   * What the database refused, as a sentence for people; the database's own message is logged (at
   * INFO: a refusal is not a failure of the service).
   */
  public static String explain(Throwable e) {
    SQLException sql = sqlException(e);
    if (sql == null) {
      log.info("refused by the database", e);
      return GENERAL;
    }
    log.info("refused by the database: {} {}", sql.getSQLState(), sql.getMessage());
    ServerErrorMessage m = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
    if (m != null && RAISE.equals(m.getRoutine()) && m.getMessage() != null) {
      String own = m.getMessage().lines().findFirst().orElse("");
      if (!own.isBlank() && !own.contains("SET LOCAL") && !own.contains("redline.")) {
        return own;
      }
    }
    String constraint = m == null ? null : m.getConstraint();
    if (constraint != null) {
      String rule = CONSTRAINTS.get(constraint);
      if (rule != null) {
        return rule;
      }
      if (constraint.endsWith("_geom_valid")) {
        return "形状不是有效的多边形（the shape is not a valid polygon）";
      }
      if (constraint.endsWith("_code_key")) {
        return "编号已被使用（that code is taken）";
      }
      if (constraint.endsWith("_name_key")) {
        return "名称已被使用（that name is taken）";
      }
    }
    return byState(sql.getSQLState());
  }

  private static final String GENERAL =
      "数据库拒绝了这项操作，没有保存任何内容（the database refused this; nothing was saved）";

  private static String byState(String state) {
    String s = state == null ? "" : state;
    return switch (s) {
      case "23505" -> "与已有的记录重复（it duplicates an existing record）";
      case "23503" ->
          "引用的记录不存在，或仍被其他记录引用（a record it names does not exist, or another record"
              + " still refers to it）";
      case "23502" -> "缺少必填的值（a required value is missing）";
      case "23514" -> "某个值不符合数据的规则（a value breaks a rule of the data）";
      case "23P01" -> "与已有的记录冲突（it conflicts with an existing record）";
      case "22021" ->
          "文字中含有不允许的字符，如 NUL（text holds a character that cannot be stored, such as" + " NUL）";
      case "22007", "22008", "22009" ->
          "时间或日期超出范围或格式不对（a date or time is out of range or malformed）";
      case "22003" -> "数值超出范围（a number is out of range）";
      case "40001", "40P01" ->
          "与同时进行的另一项修改冲突，请重试（it collided with another change made at the same"
              + " moment: try again）";
      default ->
          s.startsWith("22")
              ? "请求中的某个值无法保存：超出范围或格式不对（a value of the request cannot be stored: out"
                  + " of range or malformed）"
              : GENERAL;
    };
  }

  /**
   * A problem for a database refusal that escaped the code that made the request (a 4xx by its
   * kind), or null when the failure is not a refusal of the request (then it is the service's: a
   * 500, logged).
   */
  static ApiException problem(Throwable e) {
    SQLException sql = sqlException(e);
    if (sql == null || sql.getSQLState() == null) {
      return null;
    }
    String state = sql.getSQLState();
    ServerErrorMessage m = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
    boolean ours = m != null && RAISE.equals(m.getRoutine());
    HttpStatus status;
    String slug;
    if (state.equals("23505") || state.equals("23503") || state.equals("23P01")) {
      status = HttpStatus.CONFLICT;
      slug = "conflict";
    } else if (state.equals("40001") || state.equals("40P01")) {
      status = HttpStatus.CONFLICT;
      slug = "concurrent-change";
    } else if (state.startsWith("23") || ours) {
      status = HttpStatus.UNPROCESSABLE_CONTENT;
      slug = "rejected-by-database";
    } else if (state.startsWith("22")) {
      status = HttpStatus.BAD_REQUEST;
      slug = "invalid-value";
    } else {
      return null;
    }
    return ApiException.of(status, slug, explain(e));
  }

  private static SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        SQLException next = s;
        // a batch's failure carries the real one inside
        while (next.getNextException() != null && next.getSQLState() == null) {
          next = next.getNextException();
        }
        return next;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
