package cn.foshan.redline.renovation;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.SqlFiles;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The village parks as the renovation page lists them: a bounded page, filtered by district,
 * status, renovation type, plan and a piece of the name, each park with the path of its type, its
 * next status and the data that move still needs (so the page asks for exactly that).
 */
final class VillageParks {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int MAX_OFFSET = 1_000_000;
  static final int MAX_QUERY = 100;
  static final List<String> TYPES = List.of("FULL", "LIGHT", "COMPREHENSIVE", "NONE");

  /** One park of the list. */
  record ParkRow(
      long id,
      String code,
      String name,
      String districtCode,
      String districtName,
      String townName,
      String ownerVillage,
      String renovationType,
      String status,
      LocalDate statusSince,
      Integer planYear,
      String targetUse,
      boolean modernPark,
      double areaMu,
      int version,
      BigDecimal floorAreaBeforeM2,
      BigDecimal plotRatioBefore,
      Integer enterprisesBefore,
      BigDecimal demolishedAreaM2,
      BigDecimal newFloorAreaM2,
      BigDecimal plotRatioAfter,
      Integer enterprisesAfter,
      List<Integer> planYears,
      List<String> path,
      String next,
      List<String> needs) {}

  /** A page: how many parks match, the page asked for, and its parks. */
  record ParkPage(long total, int limit, int offset, List<ParkRow> parks) {}

  /** The filters; null for "any". */
  record Filter(String district, String status, String type, String q, Long plan) {}

  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll("renovation", "select_parks", "count_parks");

  VillageParks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Checks the filters and the page (400 with what is wrong), then reads the page. */
  ParkPage page(Filter filter, int limit, int offset) {
    List<String> wrong = new ArrayList<>();
    if (filter.district() != null && !filter.district().matches("\\d{6}")) {
      wrong.add("区 district 是六位行政区划代码（如 440605 南海）");
    }
    if (filter.status() != null && !ParkTransitions.STATUSES.contains(filter.status())) {
      wrong.add("状态 status 是 " + String.join("、", ParkTransitions.STATUSES) + " 之一");
    }
    if (filter.type() != null && !TYPES.contains(filter.type())) {
      wrong.add("改造类型 type 是 FULL 全面改造、LIGHT 微改造、COMPREHENSIVE 综合整治 或 NONE 未定");
    }
    if (filter.q() != null && filter.q().length() > MAX_QUERY) {
      wrong.add("搜索词 q 最多 " + MAX_QUERY + " 个字符");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      wrong.add("每页 limit 为 1 到 " + MAX_LIMIT);
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      wrong.add("起始 offset 为 0 到 " + MAX_OFFSET);
    }
    if (!wrong.isEmpty()) {
      throw ApiException.badRequest("invalid-parameter", "村级工业园列表的参数有误：" + String.join("；", wrong));
    }
    String q = filter.q() == null || filter.q().isBlank() ? null : filter.q().trim();
    long total =
        jdbc.sql(sql.get("count_parks"))
            .param("district", filter.district())
            .param("status", filter.status())
            .param("type", filter.type())
            .param("q", q)
            .param("plan", filter.plan())
            .query(Long.class)
            .single();
    List<ParkRow> parks =
        total == 0
            ? List.of()
            : jdbc.sql(sql.get("select_parks"))
                .param("district", filter.district())
                .param("status", filter.status())
                .param("type", filter.type())
                .param("q", q)
                .param("plan", filter.plan())
                .param("limit", limit)
                .param("offset", offset)
                .query(VillageParks::row)
                .list();
    return new ParkPage(total, limit, offset, parks);
  }

  private static ParkRow row(ResultSet rs, int n) throws SQLException {
    String type = rs.getString("renovation_type");
    String status = rs.getString("status");
    Integer planYear = (Integer) rs.getObject("plan_year");
    String targetUse = rs.getString("target_use");
    BigDecimal demolished = rs.getBigDecimal("demolished_area_m2");
    BigDecimal newFloor = rs.getBigDecimal("new_floor_area_m2");
    BigDecimal ratioAfter = rs.getBigDecimal("plot_ratio_after");
    Integer enterprisesAfter = (Integer) rs.getObject("enterprises_after");
    List<Integer> years = new ArrayList<>();
    Array array = rs.getArray("plan_years");
    for (Object o : (Object[]) array.getArray()) {
      years.add(((Number) o).intValue());
    }
    String next = ParkTransitions.next(type, status);
    List<String> needs =
        next == null
            ? List.of()
            : ParkTransitions.missing(
                new ParkTransitions.State(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("district_code"),
                    status,
                    rs.getObject("status_since", LocalDate.class),
                    rs.getInt("version"),
                    type,
                    planYear,
                    demolished,
                    newFloor,
                    ratioAfter,
                    enterprisesAfter,
                    targetUse),
                new ParkTransitions.Transition(
                    next, null, null, null, null, null, null, null, null, null, null),
                next);
    return new ParkRow(
        rs.getLong("id"),
        rs.getString("code"),
        rs.getString("name"),
        rs.getString("district_code"),
        rs.getString("district_name"),
        rs.getString("town_name"),
        rs.getString("owner_village"),
        type,
        status,
        rs.getObject("status_since", LocalDate.class),
        planYear,
        targetUse,
        rs.getBoolean("modern_park"),
        Area.mu(rs.getDouble("area_m2")),
        rs.getInt("version"),
        rs.getBigDecimal("floor_area_before_m2"),
        rs.getBigDecimal("plot_ratio_before"),
        (Integer) rs.getObject("enterprises_before"),
        demolished,
        newFloor,
        ratioAfter,
        enterprisesAfter,
        years,
        type == null ? List.of("NOT_PLANNED", "PLANNED") : ParkTransitions.path(type),
        next,
        needs);
  }
}
