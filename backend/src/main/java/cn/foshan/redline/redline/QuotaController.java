package cn.foshan.redline.redline;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Red line", description = "The industrial-land red line and its quota")
class QuotaController {

  private final JdbcClient jdbc;
  private final QuotaProperties properties;
  private final String quotaSql = SqlFiles.load("redline/select_quota.sql");
  private final String pendingSql = SqlFiles.load("redline/select_pending_red_line.sql");
  private final String pendingProposalsSql = SqlFiles.load("redline/select_pending_proposals.sql");
  private final Clock clock;

  QuotaController(JdbcClient jdbc, QuotaProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** OK, WARNING (within the warning margin above the minimum) or BELOW_MINIMUM. */
  enum Status {
    OK,
    WARNING,
    BELOW_MINIMUM
  }

  record CityQuota(
      String code,
      String name,
      String nameEn,
      double redLineKm2,
      double redLineMu,
      double minimumKm2,
      double marginKm2,
      double marginMu,
      boolean compliant,
      Status status) {}

  record DistrictQuota(
      String code,
      String name,
      String nameEn,
      double redLineKm2,
      double redLineMu,
      double minimumKm2,
      double marginKm2,
      double marginMu,
      boolean compliant,
      Status status,
      int polygons,
      int pendingProposals,
      double pendingDeltaKm2,
      double pendingDeltaMu,
      double marginIfApprovedKm2,
      double marginIfApprovedMu) {}

  record Quota(CityQuota city, List<DistrictQuota> districts, double warningMarginRatio) {}

  private record Row(
      String cityCode,
      String cityName,
      String cityNameEn,
      double cityMinimumKm2,
      String code,
      String name,
      String nameEn,
      double minimumKm2,
      double redLineM2,
      int polygons) {}

  private record Pending(int proposals, double deltaM2) {}

  /** The most pending proposals a statement lists (the count is always whole). */
  static final int STATEMENT_PROPOSALS = 50;

  /** A proposal waiting for the bureau, with what its red-line edits would change. */
  record PendingProposal(
      long id,
      String author,
      String reason,
      String documentNumber,
      OffsetDateTime submittedAt,
      int edits,
      double deltaKm2,
      double deltaMu) {}

  /**
   * The figures of a district's compliance statement 达标说明: its quota row and the city's, as GET
   * /api/quota answers them at this moment, and its pending proposals (at most 50 listed).
   */
  record Statement(
      DistrictQuota district,
      CityQuota city,
      double warningMarginRatio,
      List<PendingProposal> pendingProposals,
      OffsetDateTime asOf) {}

  @GetMapping("/api/quota/districts/{code}/statement")
  @Operation(
      summary = "The figures of a district's compliance statement 达标说明 (compliance.html prints it)",
      description =
          "The district's red line against its minimum and its margin (km² and mu), the city's,"
              + " and the proposals waiting for the bureau with their effect, as GET /api/quota"
              + " computes them. A district officer reads their own district's only (403 for"
              + " another); the bureau and the administrator any; 401 without a login; 404 for an"
              + " unknown district.")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the statement's figures"),
    @ApiResponse(responseCode = "401", description = "not logged in"),
    @ApiResponse(
        responseCode = "403",
        description = "a district officer asking for another district, or a planner"),
    @ApiResponse(responseCode = "404", description = "no such district")
  })
  Statement statement(@PathVariable String code) {
    AppUser user = UserAccounts.require();
    Quota quota = quota();
    DistrictQuota district =
        quota.districts().stream()
            .filter(d -> d.code().equals(code))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "district-not-found",
                        "没有这个区：" + code + "（no district with code " + code + "）"));
    boolean allowed =
        switch (user.role()) {
          case ADMIN, BUREAU -> true;
          case DISTRICT -> code.equals(user.districtCode());
          case PLANNER -> false;
        };
    if (!allowed) {
      throw ApiException.forbidden(
          "只能打印本区的达标说明，"
              + district.name()
              + "的达标说明由该区或市局打印（a district officer prints their own district's"
              + " compliance statement only）");
    }
    List<PendingProposal> proposals =
        jdbc.sql(pendingProposalsSql)
            .param("code", code)
            .param("limit", STATEMENT_PROPOSALS)
            .query(
                (rs, n) -> {
                  double m2 = rs.getDouble("delta_m2");
                  return new PendingProposal(
                      rs.getLong("id"),
                      rs.getString("author"),
                      rs.getString("reason"),
                      rs.getString("document_number"),
                      rs.getObject("submitted_at", OffsetDateTime.class),
                      rs.getInt("edits"),
                      Area.km2(m2),
                      Area.mu(m2));
                })
            .list();
    return new Statement(
        district, quota.city(), quota.warningMarginRatio(), proposals, OffsetDateTime.now(clock));
  }

  @GetMapping("/api/quota")
  @Operation(
      summary =
          "Red line per district and for the city against the minimums (ellipsoidal km² and mu)",
      description =
          "The margin is the red line above the minimum (negative below it), in km² and mu (1 km² ="
              + " 1,500 mu). Per district also the proposals waiting for the bureau"
              + " (pendingProposals: its officers' change sets submitted, not yet approved or"
              + " rejected), what their red-line edits would change (pendingDeltaKm2, pendingDeltaMu:"
              + " shapes written less the red line they replace or delete) and the margin if all"
              + " were approved as they stand (marginIfApprovedKm2, marginIfApprovedMu).")
  Quota quota() {
    Map<String, Pending> pending = new HashMap<>();
    jdbc.sql(pendingSql)
        .query(
            (rs, n) ->
                pending.put(
                    rs.getString("code"),
                    new Pending(rs.getInt("proposals"), rs.getDouble("delta_m2"))))
        .list();
    List<Row> rows =
        jdbc.sql(quotaSql)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString("city_code"),
                        rs.getString("city_name"),
                        rs.getString("city_name_en"),
                        rs.getDouble("city_minimum_km2"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("name_en"),
                        rs.getDouble("red_line_minimum_km2"),
                        rs.getDouble("red_line_m2"),
                        rs.getInt("polygons")))
            .list();
    List<DistrictQuota> districts = new ArrayList<>();
    double total = 0;
    for (Row r : rows) {
      if (r.code() == null) {
        continue; // no districts yet
      }
      total += r.redLineM2();
      double km2 = Area.km2(r.redLineM2());
      double marginM2 = r.redLineM2() - r.minimumKm2() * 1e6;
      Pending p = pending.getOrDefault(r.code(), new Pending(0, 0));
      districts.add(
          new DistrictQuota(
              r.code(),
              r.name(),
              r.nameEn(),
              km2,
              Area.mu(r.redLineM2()),
              r.minimumKm2(),
              Area.km2(marginM2),
              Area.mu(marginM2),
              km2 >= r.minimumKm2(),
              status(r.redLineM2() / 1e6, r.minimumKm2()),
              r.polygons(),
              p.proposals(),
              Area.km2(p.deltaM2()),
              Area.mu(p.deltaM2()),
              Area.km2(marginM2 + p.deltaM2()),
              Area.mu(marginM2 + p.deltaM2())));
    }
    Row first = rows.get(0);
    double km2 = Area.km2(total);
    CityQuota city =
        new CityQuota(
            first.cityCode(),
            first.cityName(),
            first.cityNameEn(),
            km2,
            Area.mu(total),
            first.cityMinimumKm2(),
            Area.km2(total - first.cityMinimumKm2() * 1e6),
            Area.mu(total - first.cityMinimumKm2() * 1e6),
            km2 >= first.cityMinimumKm2(),
            status(total / 1e6, first.cityMinimumKm2()));
    return new Quota(city, districts, properties.warningMarginRatio());
  }

  private Status status(double km2, double minimumKm2) {
    if (km2 < minimumKm2) {
      return Status.BELOW_MINIMUM;
    }
    return km2 - minimumKm2 < minimumKm2 * properties.warningMarginRatio()
        ? Status.WARNING
        : Status.OK;
  }
}
