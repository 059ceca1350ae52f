package cn.foshan.redline.renovation;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Annual renovation plans (年度计划): batches of a district's parks for a year, with targets. Not a map
 * layer, so not a change set: the bureau writes any plan, a district officer their district's;
 * every write names the version it read (If-Match), and targets and parks change together or not at
 * all.
 */
@Service
class RenovationPlans {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Map<String, String> sql;

  RenovationPlans(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.sql =
        SqlFiles.loadAll(
            "renovation",
            "select_plans",
            "insert_plan",
            "update_plan",
            "delete_plan_parks",
            "insert_plan_parks",
            "select_unplanned_parks");
  }

  /** A plan as a client writes it. */
  record PlanRequest(
      Integer year,
      String districtCode,
      Integer batch,
      String name,
      BigDecimal targetDemolishMu,
      BigDecimal targetFloorAreaM2,
      String documentNumber,
      List<Long> parkIds) {}

  /** A plan as the API shows it, with the land area and progress of its parks. */
  record Plan(
      long id,
      int year,
      String districtCode,
      int batch,
      String name,
      double targetDemolishMu,
      double targetFloorAreaM2,
      String documentNumber,
      String updatedBy,
      int version,
      OffsetDateTime updatedAt,
      List<Long> parkIds,
      double renovationMu,
      int doneParks,
      double demolishedMu,
      double builtFloorAreaM2) {}

  List<Plan> list(Integer year, String district) {
    return query(null, year, district);
  }

  Plan get(long id) {
    return query(id, null, null).stream()
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("unknown-plan", "There is no plan " + id));
  }

  private List<Plan> query(Long id, Integer year, String district) {
    return jdbc.sql(sql.get("select_plans"))
        .param("id", id)
        .param("year", year)
        .param("district", district)
        .query(RenovationPlans::plan)
        .list();
  }

  private static Plan plan(ResultSet rs, int n) throws SQLException {
    Array ids = rs.getArray("park_ids");
    List<Long> parkIds = new ArrayList<>();
    for (Object o : (Object[]) ids.getArray()) {
      parkIds.add(((Number) o).longValue());
    }
    return new Plan(
        rs.getLong("id"),
        rs.getInt("year"),
        rs.getString("district_code"),
        rs.getInt("batch"),
        rs.getString("name"),
        rs.getDouble("target_demolish_mu"),
        rs.getDouble("target_floor_area_m2"),
        rs.getString("document_number"),
        rs.getString("updated_by"),
        rs.getInt("version"),
        rs.getObject("updated_at", OffsetDateTime.class),
        parkIds,
        Area.mu(rs.getDouble("renovation_m2")),
        rs.getInt("done_parks"),
        Area.mu(rs.getDouble("demolished_m2")),
        rs.getDouble("built_m2"));
  }

  Plan create(AppUser user, PlanRequest request) {
    if (request.year() == null || request.districtCode() == null) {
      throw unprocessable(
          "plan-incomplete", "年度计划需要年度 year 和区 districtCode（a plan needs its year and district）");
    }
    requireMayWrite(user, request.districtCode());
    validate(request);
    long id =
        guarded(
            () ->
                transactions.execute(
                    status -> {
                      long planId =
                          jdbc.sql(sql.get("insert_plan"))
                              .param("year", request.year())
                              .param("district", request.districtCode())
                              .param("batch", request.batch() == null ? 1 : request.batch())
                              .param("name", request.name().trim())
                              .param("target_demolish_mu", request.targetDemolishMu())
                              .param("target_floor_area_m2", request.targetFloorAreaM2())
                              .param("document_number", blankToNull(request.documentNumber()))
                              .param("user", user.username())
                              .query(Long.class)
                              .single();
                      setParks(planId, request.parkIds());
                      return planId;
                    }));
    return get(id);
  }

  /** Replaces a plan's name, targets, document and parks; year, district and batch stay. */
  Plan update(AppUser user, long id, int version, PlanRequest request) {
    Plan current = get(id);
    requireMayWrite(user, current.districtCode());
    validate(request);
    guarded(
        () ->
            transactions.execute(
                status -> {
                  int n =
                      jdbc.sql(sql.get("update_plan"))
                          .param("id", id)
                          .param("version", version)
                          .param("name", request.name().trim())
                          .param("target_demolish_mu", request.targetDemolishMu())
                          .param("target_floor_area_m2", request.targetFloorAreaM2())
                          .param("document_number", blankToNull(request.documentNumber()))
                          .param("user", user.username())
                          .update();
                  if (n == 0) {
                    Plan now = get(id);
                    throw ApiException.preconditionFailed(
                        "stale-version",
                        "年度计划「"
                            + now.name()
                            + "」已被 "
                            + now.updatedBy()
                            + " 改为第 "
                            + now.version()
                            + " 版（你读取的是第 "
                            + version
                            + " 版）：请重新加载后再改（plan "
                            + id
                            + " is at version "
                            + now.version()
                            + ", not "
                            + version
                            + ": it changed since you loaded it. Load it again, then decide.）");
                  }
                  jdbc.sql(sql.get("delete_plan_parks")).param("id", id).update();
                  setParks(id, request.parkIds());
                  return n;
                }));
    return get(id);
  }

  private void setParks(long planId, List<Long> parkIds) {
    if (parkIds == null || parkIds.isEmpty()) {
      return;
    }
    LinkedHashSet<Long> unique = new LinkedHashSet<>(parkIds);
    List<String> unplanned =
        jdbc.sql(sql.get("select_unplanned_parks"))
            .param("parks", unique.toArray(new Long[0]))
            .query(String.class)
            .list();
    if (!unplanned.isEmpty()) {
      throw unprocessable(
          "park-not-planned",
          "村级工业园 "
              + String.join("、", unplanned)
              + " 尚未列入改造计划（未计划）：先为它们确定改造类型、计划年度和改造后用途，再列入计划（these parks"
              + " are NOT_PLANNED: plan them first — type, year, target use — then put them in a"
              + " plan）");
    }
    int n =
        jdbc.sql(sql.get("insert_plan_parks"))
            .param("id", planId)
            .param("parks", unique.toArray(new Long[0]))
            .update();
    if (n != unique.size()) {
      throw unprocessable(
          "unknown-park",
          "计划中有 "
              + (unique.size() - n)
              + " 个园区编号不存在（"
              + (unique.size() - n)
              + " of the plan's parkIds name no village park）");
    }
  }

  private static void validate(PlanRequest request) {
    List<String> missing = new ArrayList<>();
    if (request.name() == null || request.name().isBlank()) {
      missing.add("计划名称 name");
    }
    if (request.targetDemolishMu() == null || request.targetDemolishMu().signum() < 0) {
      missing.add("目标拆除面积 targetDemolishMu（≥ 0 亩）");
    }
    if (request.targetFloorAreaM2() == null || request.targetFloorAreaM2().signum() < 0) {
      missing.add("目标新建建筑面积 targetFloorAreaM2（≥ 0 m²）");
    }
    if (!missing.isEmpty()) {
      throw ApiException.unprocessable(
          "plan-incomplete",
          "年度计划不完整 Plan incomplete",
          "年度计划还需要：" + String.join("、", missing) + "（the plan needs these）",
          Map.of("missing", missing));
    }
    TextLimits.check(request.name().trim(), TextLimits.NAME, "计划名称", "name");
    TextLimits.check(request.documentNumber(), TextLimits.DOCUMENT_NUMBER, "文号", "documentNumber");
  }

  /** The bureau writes every plan; a district officer only their own district's. */
  static void requireMayWrite(AppUser user, String district) {
    boolean may =
        user.role().commits()
            || (user.role() == Role.DISTRICT && user.districtCode().equals(district));
    if (!may) {
      throw ApiException.forbidden(
          user.role() == Role.DISTRICT
              ? "区级用户只能编制本区（"
                  + user.districtCode()
                  + "）的年度计划（a district officer writes only their own district's plans）"
              : "此角色不能编制年度计划（a " + user.role() + " may not write plans）");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  static ApiException unprocessable(String slug, String detail) {
    return ApiException.unprocessable(slug, detail);
  }

  /**
   * What the database refuses (a park in two plans of a year, in another district) as a 422/409.
   */
  private static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict(
          "duplicate",
          "已有同一年度、区和批次的计划，或某园区已在本年度另一计划中（already there: a plan of"
              + " this year, district and batch exists, or a park is already in another plan of the"
              + " year）");
    } catch (DataAccessException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      throw unprocessable(
          "rejected-by-database", cn.foshan.redline.system.DatabaseRefusals.explain(e));
    }
  }
}
