package cn.foshan.redline.redline;

import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Red line", description = "The industrial-land red line and its quota")
class QuotaController {

  private final JdbcClient jdbc;
  private final QuotaProperties properties;
  private final String quotaSql = SqlFiles.load("redline/select_quota.sql");

  QuotaController(JdbcClient jdbc, QuotaProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
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
      boolean compliant,
      Status status,
      int polygons) {}

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

  @GetMapping("/api/quota")
  @Operation(
      summary =
          "Red line per district and for the city against the minimums (ellipsoidal km² and mu)")
  Quota quota() {
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
      districts.add(
          new DistrictQuota(
              r.code(),
              r.name(),
              r.nameEn(),
              km2,
              Area.mu(r.redLineM2()),
              r.minimumKm2(),
              Area.km2(r.redLineM2() - r.minimumKm2() * 1e6),
              km2 >= r.minimumKm2(),
              status(r.redLineM2() / 1e6, r.minimumKm2()),
              r.polygons()));
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
