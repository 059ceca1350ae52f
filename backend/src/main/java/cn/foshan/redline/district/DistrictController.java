package cn.foshan.redline.district;

import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.ByLayerRevisions;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Districts", description = "The five districts of Foshan")
class DistrictController {

  private final JdbcClient jdbc;
  private final String listSql = SqlFiles.load("district/list_districts.sql");

  /** Made again when a district or town changes (the label point is ~50 ms of PostGIS). */
  private final ByLayerRevisions<List<District>> kept;

  DistrictController(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.kept = new ByLayerRevisions<>(jdbc, List.of("district", "town"));
  }

  /**
   * A district; areas are ellipsoidal; bbox is [west, south, east, north] and labelPoint [lon, lat]
   * (the centre of the largest circle inside it), in degrees.
   */
  record District(
      String code,
      String name,
      String nameEn,
      double areaKm2,
      double areaMu,
      Double officialAreaKm2,
      double redLineMinimumKm2,
      int towns,
      List<Double> bbox,
      List<Double> labelPoint) {}

  @GetMapping("/api/districts")
  @Operation(summary = "The districts, with their ellipsoidal areas and red-line minimums")
  List<District> districts() {
    return kept.get(this::list);
  }

  private List<District> list() {
    return jdbc.sql(listSql)
        .query(
            (rs, row) ->
                new District(
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("name_en"),
                    Area.km2(rs.getDouble("area_m2")),
                    Area.mu(rs.getDouble("area_m2")),
                    rs.getObject("official_area_km2") == null
                        ? null
                        : rs.getDouble("official_area_km2"),
                    rs.getDouble("red_line_minimum_km2"),
                    rs.getInt("towns"),
                    List.of(
                        rs.getDouble("west"),
                        rs.getDouble("south"),
                        rs.getDouble("east"),
                        rs.getDouble("north")),
                    List.of(rs.getDouble("label_lon"), rs.getDouble("label_lat"))))
        .list();
  }
}
