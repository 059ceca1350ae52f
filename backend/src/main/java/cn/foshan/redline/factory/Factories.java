package cn.foshan.redline.factory;

import cn.foshan.redline.editing.ChangeSets;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.SqlFiles;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes of commercial factory buildings and their units. Not a map layer edited through change
 * sets, but every write still records who, why and which document (a committed change set of its
 * own), is checked for the role on the server (the bureau anywhere, a district officer in their
 * district, a planner never) and names the version it was made against (412 when stale).
 */
@Service
class Factories {

  static final List<String> STAGES =
      List.of(
          "INDUSTRY_INTRODUCTION", "APPROVAL", "CONSTRUCTION", "SALES", "OPERATION", "ASSESSMENT");

  /** The stages' names, as people say them (the layer's code list says the same). */
  static final Map<String, String> LABELS =
      Map.of(
          "INDUSTRY_INTRODUCTION", "产业导入",
          "APPROVAL", "开发报建",
          "CONSTRUCTION", "施工建设",
          "SALES", "宣传销售",
          "OPERATION", "使用运营",
          "ASSESSMENT", "产出考核");

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ChangeSets changeSets;
  private final Map<String, String> sql;
  private final Clock clock;

  Factories(JdbcClient jdbc, TransactionTemplate transactions, ChangeSets changeSets, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.changeSets = changeSets;
    this.clock = clock;
    this.sql =
        SqlFiles.loadAll(
            "factory",
            "select_building",
            "select_units",
            "select_stages",
            "update_stage",
            "insert_unit",
            "update_unit");
  }

  record Building(
      long id,
      String code,
      String name,
      String developer,
      String stage,
      LocalDate stageSince,
      double floorAreaM2,
      double soldAreaM2,
      double leasedAreaM2,
      Double salePriceCnyM2,
      Double rentCnyM2Month,
      long parcelId,
      String parcelCode,
      String districtCode,
      int version,
      OffsetDateTime updatedAt) {}

  record Unit(
      long id,
      String unitNo,
      double floorAreaM2,
      String deal,
      String occupant,
      boolean occupantIndustrial,
      String industryCode,
      Double priceCnyM2,
      Double rentCnyM2Month,
      LocalDate dealOn,
      int version) {}

  record StageEntry(
      String stage,
      LocalDate enteredOn,
      String actor,
      String documentNumber,
      long changeSetId,
      String reason) {}

  /** A stage move as a client asks for it. */
  record StageRequest(String stage, LocalDate date, String reason, String documentNumber) {}

  /** A unit sold or leased as a client writes it. */
  record UnitRequest(
      String unitNo,
      BigDecimal floorAreaM2,
      String deal,
      String occupant,
      Boolean occupantIndustrial,
      String industryCode,
      BigDecimal priceCnyM2,
      BigDecimal rentCnyM2Month,
      LocalDate dealOn,
      String reason,
      String documentNumber) {}

  Building building(long id) {
    return jdbc.sql(sql.get("select_building"))
        .param("id", id)
        .query(
            (rs, n) ->
                new Building(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("developer"),
                    rs.getString("stage"),
                    rs.getObject("stage_since", LocalDate.class),
                    rs.getDouble("floor_area_m2"),
                    rs.getDouble("sold_area_m2"),
                    rs.getDouble("leased_area_m2"),
                    (Double) rs.getObject("sale_price_cny_m2"),
                    (Double) rs.getObject("rent_cny_m2_month"),
                    rs.getLong("parcel_id"),
                    rs.getString("parcel_code"),
                    rs.getString("district_code"),
                    rs.getInt("version"),
                    rs.getObject("updated_at", OffsetDateTime.class)))
        .optional()
        .orElseThrow(
            () -> ApiException.notFound("unknown-factory", "There is no factory building " + id));
  }

  List<Unit> units(long building) {
    return jdbc.sql(sql.get("select_units"))
        .param("id", building)
        .query(
            (rs, n) ->
                new Unit(
                    rs.getLong("id"),
                    rs.getString("unit_no"),
                    rs.getDouble("floor_area_m2"),
                    rs.getString("deal"),
                    rs.getString("occupant"),
                    rs.getBoolean("occupant_industrial"),
                    rs.getString("industry_code"),
                    (Double) rs.getObject("price_cny_m2"),
                    (Double) rs.getObject("rent_cny_m2_month"),
                    rs.getObject("deal_on", LocalDate.class),
                    rs.getInt("version")))
        .list();
  }

  List<StageEntry> stages(long building) {
    return jdbc.sql(sql.get("select_stages"))
        .param("id", building)
        .query(
            (rs, n) ->
                new StageEntry(
                    rs.getString("stage"),
                    rs.getObject("entered_on", LocalDate.class),
                    rs.getString("actor"),
                    rs.getString("document_number"),
                    rs.getLong("change_set_id"),
                    rs.getString("reason")))
        .list();
  }

  /** Moves a building one stage forward. */
  Building advance(AppUser user, long id, int version, StageRequest request) {
    Building b = building(id);
    requireMayWrite(user, b);
    LocalDate today = LocalDate.now(clock);
    String stage = stage(request);
    List<String> reasons = refusals(b, request, today);
    if (!reasons.isEmpty()) {
      throw ApiException.unprocessable(
          "transition-refused",
          "阶段变更被拒绝 Transition refused",
          String.join("; ", reasons),
          Map.of("reasons", reasons, "from", b.stage()));
    }
    guarded(
        () ->
            transactions.execute(
                status -> {
                  long cs =
                      changeSets.createCommitted(user, request.reason(), request.documentNumber());
                  int n =
                      jdbc.sql(sql.get("update_stage"))
                          .param("id", id)
                          .param("version", version)
                          .param("stage", stage)
                          .param("since", request.date() == null ? today : request.date())
                          .param("cs", cs)
                          .update();
                  if (n == 0) {
                    throw stale("factory building " + id, building(id).version(), version);
                  }
                  return n;
                }));
    return building(id);
  }

  private static String stage(StageRequest request) {
    return request.stage() == null ? "" : request.stage().trim().toUpperCase(Locale.ROOT);
  }

  /**
   * Why a building may not move as asked (none: it may): it moves one stage forward at a time, on a
   * date (if given) between its current stage's and today — Foshan's today, read from the service's
   * clock by the caller.
   */
  static List<String> refusals(Building b, StageRequest request, LocalDate today) {
    List<String> reasons = new ArrayList<>();
    String stage = stage(request);
    int from = STAGES.indexOf(b.stage());
    int to = STAGES.indexOf(stage);
    if (to < 0) {
      reasons.add(
          "未知阶段 '"
              + request.stage()
              + "'，须为 "
              + String.join("、", STAGES.stream().map(LABELS::get).toList())
              + " 之一（unknown stage; one of "
              + STAGES
              + "）");
    } else if (to != from + 1) {
      reasons.add(
          "商品厂房 "
              + b.code()
              + " 现处于"
              + LABELS.get(b.stage())
              + "阶段，只能推进到"
              + (from + 1 < STAGES.size() ? LABELS.get(STAGES.get(from + 1)) : "（已是最后阶段）")
              + "（a building moves one stage forward at a time: from "
              + b.stage()
              + " only to "
              + (from + 1 < STAGES.size() ? STAGES.get(from + 1) : "nothing")
              + "）");
    }
    if (request.date() != null
        && (request.date().isAfter(today) || request.date().isBefore(b.stageSince()))) {
      reasons.add(
          "日期 "
              + request.date()
              + " 须在 "
              + b.stageSince()
              + " 与今天之间（the stage date must lie between the previous stage's and today）");
    }
    return reasons;
  }

  /** Records a unit sold or leased, against the building's version. */
  Unit addUnit(AppUser user, long buildingId, int version, UnitRequest request) {
    Building b = building(buildingId);
    requireMayWrite(user, b);
    validate(request);
    if (request.unitNo() == null || request.unitNo().isBlank()) {
      throw unprocessable("unit-incomplete", "单元须有编号（a unit needs its unitNo）");
    }
    long id =
        guarded(
            () ->
                transactions.execute(
                    status -> {
                      long cs =
                          changeSets.createCommitted(
                              user, request.reason(), request.documentNumber());
                      return bindUnit(jdbc.sql(sql.get("insert_unit")), request, cs)
                          .param("building", buildingId)
                          .param("version", version)
                          .param("unit_no", request.unitNo().trim())
                          .query(Long.class)
                          .optional()
                          .orElseThrow(
                              () ->
                                  stale(
                                      "factory building " + buildingId,
                                      building(buildingId).version(),
                                      version));
                    }));
    return unit(buildingId, id);
  }

  /** Changes a unit (a resale, a new tenant, a new rent), against the unit's version. */
  Unit updateUnit(AppUser user, long buildingId, long unitId, int version, UnitRequest request) {
    Building b = building(buildingId);
    requireMayWrite(user, b);
    Unit current = unit(buildingId, unitId);
    validate(request);
    guarded(
        () ->
            transactions.execute(
                status -> {
                  long cs =
                      changeSets.createCommitted(user, request.reason(), request.documentNumber());
                  int n =
                      bindUnit(jdbc.sql(sql.get("update_unit")), request, cs)
                          .param("id", unitId)
                          .param("building", buildingId)
                          .param("version", version)
                          .update();
                  if (n == 0) {
                    throw stale("unit " + unitId, current.version(), version);
                  }
                  return n;
                }));
    return unit(buildingId, unitId);
  }

  private Unit unit(long building, long id) {
    return units(building).stream()
        .filter(u -> u.id() == id)
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-unit", "Factory building " + building + " has no unit " + id));
  }

  private static JdbcClient.StatementSpec bindUnit(
      JdbcClient.StatementSpec spec, UnitRequest r, long cs) {
    String deal = r.deal().trim().toUpperCase(Locale.ROOT);
    return spec.param("floor_area_m2", r.floorAreaM2())
        .param("deal", deal)
        .param("occupant", r.occupant().trim())
        .param("occupant_industrial", r.occupantIndustrial())
        .param("industry_code", r.industryCode())
        .param("price", deal.equals("SOLD") ? r.priceCnyM2() : null)
        .param("rent", deal.equals("LEASED") ? r.rentCnyM2Month() : null)
        .param("deal_on", r.dealOn())
        .param("cs", cs);
  }

  private static void validate(UnitRequest r) {
    List<String> missing = new ArrayList<>();
    String deal = r.deal() == null ? "" : r.deal().trim().toUpperCase(Locale.ROOT);
    if (!deal.equals("SOLD") && !deal.equals("LEASED")) {
      missing.add("成交方式 deal (SOLD 出售 or LEASED 出租)");
    }
    if (r.floorAreaM2() == null || r.floorAreaM2().signum() <= 0) {
      missing.add("面积 floorAreaM2 (> 0 m²)");
    }
    if (r.occupant() == null || r.occupant().isBlank()) {
      missing.add("使用者 occupant (the buyer or tenant)");
    }
    if (r.occupantIndustrial() == null) {
      missing.add("是否工业企业 occupantIndustrial (true for an industrial enterprise)");
    } else if (r.occupantIndustrial() && r.industryCode() == null) {
      missing.add("行业代码 industryCode (GB/T 4754 division) of an industrial occupant");
    }
    if (deal.equals("SOLD") && r.priceCnyM2() == null) {
      missing.add("售价 priceCnyM2 of a sale");
    }
    if (deal.equals("LEASED") && r.rentCnyM2Month() == null) {
      missing.add("租金 rentCnyM2Month of a lease");
    }
    if (r.dealOn() == null) {
      missing.add("成交日期 dealOn");
    }
    if (!missing.isEmpty()) {
      throw unprocessable(
          "unit-incomplete",
          "单元信息不全，缺："
              + String.join("、", missing)
              + "（the unit needs "
              + String.join(", ", missing)
              + "）");
    }
  }

  /** The bureau writes any building; a district officer those in their district. */
  static void requireMayWrite(AppUser user, Building b) {
    boolean may =
        user.role().commits()
            || (user.role() == Role.DISTRICT && user.districtCode().equals(b.districtCode()));
    if (!may) {
      throw ApiException.forbidden(
          user.role() == Role.DISTRICT
              ? "商品厂房 "
                  + b.code()
                  + " 不在本区，区级用户只能修改本区的厂房（factory building "
                  + b.code()
                  + " lies in district "
                  + b.districtCode()
                  + ", not yours ("
                  + user.districtCode()
                  + ")）"
              : "此角色不能修改商品厂房（a " + user.role() + " may not write factory buildings）");
    }
  }

  private static ApiException stale(String what, int now, int given) {
    return ApiException.preconditionFailed(
        "stale-version",
        "已被他人修改：现为第 "
            + now
            + " 版，不是您载入的第 "
            + given
            + " 版，请重新载入后再操作（"
            + what
            + " is at version "
            + now
            + ", not "
            + given
            + ": it changed since you loaded it. Load it again, then decide.）");
  }

  static ApiException unprocessable(String slug, String detail) {
    return ApiException.unprocessable(slug, detail);
  }

  private static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("duplicate", "单元编号已被使用（that unit number is taken）");
    } catch (DataAccessException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      throw unprocessable(
          "rejected-by-database", cn.foshan.redline.system.DatabaseRefusals.explain(e));
    }
  }
}
