package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An enterprise's profile (企业画像, issue 16 "Planner's page"): one enterprise across its parcels and
 * years. Its identity and the parcels it uses are what the map shows anyone (the popup lists the
 * enterprises on a parcel); its figures — per-mu figures per year, grades under every model with
 * their publication and objections, its parcels' supervision agreements and breaches, and the cases
 * (C/D grade cases, idle land, liquidated damages) — only to a reader whose figure scope (V39,
 * {@link FigureScope}) covers the district the enterprise is registered in. Anyone else gets the
 * identity with a {@code figureScope} note saying why there are no figures, as a list restricted by
 * the scope says which district it keeps to. Everything is bounded: at most {@link #PARCEL_LIMIT}
 * parcels (the answer says how many there are), {@link #YEAR_LIMIT} years, {@link #GRADE_LIMIT}
 * grades, {@link #BREACH_LIMIT} breaches and {@link #CASE_LIMIT} cases of each kind.
 */
@RestController
@Tag(name = "Enterprises", description = "An enterprise's profile 企业画像")
class EnterpriseProfileController {

  /** The most parcels listed (and whose agreements, breaches and cases are read). */
  static final int PARCEL_LIMIT = 50;

  /** The most years of figures. */
  static final int YEAR_LIMIT = 20;

  /** The most grades (one per model that graded the enterprise). */
  static final int GRADE_LIMIT = 40;

  /** The most breaches (one per parcel and year). */
  static final int BREACH_LIMIT = 100;

  /** The most cases of each kind. */
  static final int CASE_LIMIT = 20;

  private final JdbcClient jdbc;
  private final FigureScope figures;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_profile_enterprise",
          "select_profile_parcels",
          "select_profile_years",
          "select_profile_grades",
          "select_profile_agreements",
          "select_profile_breaches",
          "select_profile_cases");

  EnterpriseProfileController(JdbcClient jdbc, FigureScope figures) {
    this.jdbc = jdbc;
    this.figures = figures;
  }

  /** Who the enterprise is: public (the map's popup and search show it). */
  record Enterprise(
      long id,
      String creditCode,
      String name,
      String industryCode,
      String industryName,
      String industryNameEn,
      String districtCode,
      String districtName,
      String townCode,
      String townName,
      LocalDate foundedOn,
      boolean aboveScale) {}

  /** A parcel the enterprise uses, with its floor-area share there; bbox [w, s, e, n] EPSG:4490. */
  record Parcel(
      long id,
      String code,
      String districtCode,
      String districtName,
      String townCode,
      String townName,
      Long clusterId,
      String clusterCode,
      String clusterName,
      double areaMu,
      double floorAreaShare,
      LocalDate since,
      List<Double> bbox) {}

  /**
   * The figures, for a reader whose scope covers the enterprise: each list of rows as the SQL of
   * its section names them (camel case).
   */
  record Figures(
      List<Map<String, Object>> years,
      List<Map<String, Object>> grades,
      List<Map<String, Object>> agreements,
      List<Map<String, Object>> breaches,
      List<Map<String, Object>> cases) {}

  record Profile(
      Enterprise enterprise,
      List<Parcel> parcels,
      long parcelsTotal,
      int parcelsLimit,
      String parcelsNote,
      Map<String, Object> figureScope,
      Figures figures) {}

  @GetMapping("/api/enterprises/{key}/profile")
  @Operation(
      summary =
          "An enterprise's profile: its parcels, and to readers of its figures its years,"
              + " grades, agreements, breaches and cases",
      description =
          "The enterprise by id or by its 18-character unified social credit code (统一社会信用代码)."
              + " Always: enterprise (identity, industry, district) and parcels (code, district,"
              + " cluster, ellipsoidal mu, floor-area share, since, bbox), the first 50 by code with"
              + " parcelsTotal and a parcelsNote when there are more. figures (null unless the"
              + " reader's figure scope covers the district the enterprise is registered in:"
              + " figureScope.readable, with a Chinese-first note when false — a visitor, a role"
              + " reading none, a district officer of another district): years (newest first, at"
              + " most 20: land mu = Σ parcel mu × share, tax, output, … and taxPerMu, outputPerMu,"
              + " valueAddedPerMu, investmentPerMu, … as ratios of sums, with the grade of the"
              + " year's active model; negativeTax when the year's tax is negative, i.e. refunds),"
              + " grades (every model that graded it, newest first, at most 40: version, active,"
              + " score, grade, rank or notGraded, and its publication: period, 文号, state"
              + " PUBLISHED or FINAL, publishedGrade, objections with decisions), agreements of"
              + " the listed parcels, breaches (at most 100, newest first) and cases (GRADE 帮扶整治"
              + "/淘汰关停, IDLE_LAND 闲置土地, DAMAGES 违约金; at most 20 of each).")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the profile"),
    @ApiResponse(
        responseCode = "400",
        description = "neither an id nor an 18-character credit code",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "404",
        description = "no such enterprise",
        content = @Content(mediaType = "application/problem+json"))
  })
  Profile profile(
      @Parameter(description = "the enterprise's id, or its unified social credit code")
          @PathVariable
          String key) {
    Enterprise e = find(key);
    long total =
        jdbc.sql("SELECT count(*) FROM parcel_enterprise WHERE enterprise_id = :e")
            .param("e", e.id())
            .query(Long.class)
            .single();
    List<Parcel> parcels =
        jdbc.sql(sql.get("select_profile_parcels"))
            .param("enterprise", e.id())
            .param("limit", PARCEL_LIMIT)
            .query(EnterpriseProfileController::parcel)
            .list();
    String parcelsNote =
        total > parcels.size()
            ? String.format(
                Locale.ROOT,
                "该企业使用 %d 宗地，此处列出按宗地编号排序的前 %d 宗；其协议、履约核查和案件只读这 %d 宗"
                    + "（the enterprise uses %d parcels: the first %d by code are listed, and their"
                    + " agreements, breaches and cases only are read）",
                total,
                parcels.size(),
                parcels.size(),
                total,
                parcels.size())
            : null;
    FigureScope.Scope scope = figures.current();
    boolean readable =
        scope.all()
            || (!scope.none()
                && scope.district() != null
                && scope.district().equals(e.districtCode()));
    Map<String, Object> described = new LinkedHashMap<>(scope.describe());
    described.put("readable", readable);
    described.put("note", note(scope, readable, e, parcels));
    Figures f = readable ? figures(e.id(), parcels) : null;
    return new Profile(e, parcels, total, PARCEL_LIMIT, parcelsNote, described, f);
  }

  private Enterprise find(String key) {
    String k = key == null ? "" : key.strip().toUpperCase(Locale.ROOT);
    Long id = null;
    String code = null;
    if (k.matches("[0-9A-Z]{18}")) {
      code = k;
    } else if (k.matches("[0-9]{1,15}")) {
      id = Long.parseLong(k);
    } else {
      throw ApiException.badRequest(
          "invalid-enterprise",
          "请以企业编号或 18 位统一社会信用代码指明企业，'"
              + (k.length() > 40 ? k.substring(0, 40) + "…" : k)
              + "' 两者都不是（name the enterprise by its id or its 18-character unified social"
              + " credit code）");
    }
    String asked = code == null ? "编号 " + id : "统一社会信用代码 " + code;
    return jdbc.sql(sql.get("select_profile_enterprise"))
        .param("id", id)
        .param("code", code)
        .query(
            (rs, n) ->
                new Enterprise(
                    rs.getLong("id"),
                    rs.getString("credit_code"),
                    rs.getString("name"),
                    rs.getString("industry_code"),
                    rs.getString("industry_name"),
                    rs.getString("industry_name_en"),
                    rs.getString("district_code").strip(),
                    rs.getString("district_name"),
                    rs.getString("town_code") == null ? null : rs.getString("town_code").strip(),
                    rs.getString("town_name"),
                    rs.getObject("founded_on", LocalDate.class),
                    rs.getBoolean("above_scale")))
        .optional()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown-enterprise", "没有" + asked + " 的企业（there is no such enterprise）"));
  }

  /** Why there are no figures, or what of them is left out; null when nothing is. */
  private static String note(
      FigureScope.Scope scope, boolean readable, Enterprise e, List<Parcel> parcels) {
    if (readable) {
      boolean elsewhere =
          !scope.all()
              && parcels.stream().anyMatch(p -> !p.districtCode().equals(scope.district()));
      return elsewhere
          ? "你的角色只能查看本区（"
              + scope.districtName()
              + "）的数据：该企业在其他区的宗地的履约核查、闲置土地和违约金不在此列（your role reads only its"
              + " own district's figures: the checks and cases of the enterprise's parcels in other"
              + " districts are left out）"
          : null;
    }
    if (UserAccounts.current().isEmpty()) {
      return "企业的税收、亩均、评价、履约和案件数据须登录后按角色查看；此处只显示企业名称和所用宗地（an"
          + " enterprise's figures, grades, breaches and cases are read after logging in, by role;"
          + " shown here are its name and parcels only）";
    }
    if (scope.none()) {
      return "你的角色不能查看企业的税收、亩均等数据（系统管理员的设置）；此处只显示企业名称和所用宗地（your role"
          + " does not read enterprises' figures, by the administrator's setting）";
    }
    if (scope.district() == null) {
      return "你的角色只能查看本区的企业数据，但你的账号没有所属区（your role reads only its own district's"
          + " figures, and your account has no district）";
    }
    return "你的角色只能查看本区（"
        + scope.districtName()
        + "）的企业数据，该企业登记在"
        + e.districtName()
        + "；此处只显示企业名称和所用宗地（your role reads only its own district's figures; the"
        + " enterprise is registered in "
        + e.districtName()
        + " "
        + e.districtCode()
        + "）";
  }

  private Figures figures(long enterprise, List<Parcel> parcels) {
    Long[] ids = parcels.stream().map(Parcel::id).toArray(Long[]::new);
    return new Figures(
        jdbc.sql(sql.get("select_profile_years"))
            .param("enterprise", enterprise)
            .param("limit", YEAR_LIMIT)
            .query(YEARS)
            .list(),
        jdbc.sql(sql.get("select_profile_grades"))
            .param("enterprise", enterprise)
            .param("limit", GRADE_LIMIT)
            .query(GRADES)
            .list(),
        jdbc.sql(sql.get("select_profile_agreements")).param("parcels", ids).query(ROWS).list(),
        jdbc.sql(sql.get("select_profile_breaches"))
            .param("parcels", ids)
            .param("limit", BREACH_LIMIT)
            .query(ROWS)
            .list(),
        jdbc.sql(sql.get("select_profile_cases"))
            .param("enterprise", enterprise)
            .param("parcels", ids)
            .param("limit", CASE_LIMIT)
            .query(ROWS)
            .list());
  }

  private static Parcel parcel(ResultSet rs, int n) throws SQLException {
    return new Parcel(
        rs.getLong("id"),
        rs.getString("code"),
        rs.getString("district_code").strip(),
        rs.getString("district_name"),
        rs.getString("town_code") == null ? null : rs.getString("town_code").strip(),
        rs.getString("town_name"),
        rs.getObject("cluster_id", Long.class),
        rs.getString("cluster_code"),
        rs.getString("cluster_name"),
        rs.getDouble("area_mu"),
        rs.getDouble("floor_area_share"),
        rs.getObject("since", LocalDate.class),
        List.of(
            rs.getDouble("west"),
            rs.getDouble("south"),
            rs.getDouble("east"),
            rs.getDouble("north")));
  }

  /** A row as a map: camel-case keys, dates as dates, jsonb as JSON, arrays as lists. */
  private static final RowMapper<Map<String, Object>> ROWS =
      (rs, n) -> {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(camel(meta.getColumnLabel(i)), value(rs, i, meta.getColumnTypeName(i)));
        }
        return row;
      };

  /** A year's figures, with negativeTax: the year's tax is negative (refunds 退税). */
  private static final RowMapper<Map<String, Object>> YEARS =
      (rs, n) -> {
        Map<String, Object> row = ROWS.mapRow(rs, n);
        row.put("negativeTax", rs.getDouble("tax") < 0);
        return row;
      };

  /** A grade, with the state of its publication: PUBLISHED, FINAL (frozen), or null. */
  private static final RowMapper<Map<String, Object>> GRADES =
      (rs, n) -> {
        Map<String, Object> row = ROWS.mapRow(rs, n);
        Object frozen = row.remove("frozenAt");
        row.put(
            "publicationState",
            row.get("publicationId") == null ? null : frozen == null ? "PUBLISHED" : "FINAL");
        row.put("frozenAt", frozen);
        return row;
      };

  private static Object value(ResultSet rs, int i, String type) throws SQLException {
    Object v = rs.getObject(i);
    if (v == null) {
      return null;
    }
    switch (type) {
      case "jsonb", "json" -> {
        return new RawJson(rs.getString(i));
      }
      case "date" -> {
        return rs.getObject(i, LocalDate.class);
      }
      case "timestamptz", "timestamp" -> {
        return ((Timestamp) v).toInstant().atOffset(ZoneOffset.UTC);
      }
      case "bpchar" -> {
        return rs.getString(i).strip();
      }
      default -> {
        if (v instanceof Array a) {
          return new ArrayList<>(Arrays.asList((Object[]) a.getArray()));
        }
        return v;
      }
    }
  }

  private static String camel(String column) {
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (int i = 0; i < column.length(); i++) {
      char c = column.charAt(i);
      if (c == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return out.toString();
  }
}
