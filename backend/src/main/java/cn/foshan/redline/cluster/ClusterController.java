package cn.foshan.redline.cluster;

import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.ByLayerRevisions;
import cn.foshan.redline.system.SqlFiles;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Clusters", description = "The industrial clusters 工业集聚区")
class ClusterController {

  private final JdbcClient jdbc;
  private final String listSql = SqlFiles.load("cluster/list_clusters.sql");

  /**
   * Made again when a cluster, a district or the red line changes (the districts of each cluster
   * and its label point are ~200 ms of PostGIS; the leading industries' names change only by
   * migration).
   */
  private final ByLayerRevisions<List<Cluster>> kept;

  ClusterController(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.kept = new ByLayerRevisions<>(jdbc, List.of("cluster", "district", "red_line"));
  }

  /**
   * A cluster; areas are ellipsoidal; leadingIndustries are {code, name, nameEn} (GB/T 4754); bbox
   * is [west, south, east, north] and labelPoint [lon, lat], in degrees.
   */
  record Cluster(
      long id,
      String code,
      String name,
      String nameEn,
      List<String> districts,
      @JsonRawValue String leadingIndustries,
      boolean flagship,
      double areaKm2,
      double areaMu,
      double redLineKm2,
      double redLineMu,
      List<Double> bbox,
      List<Double> labelPoint) {}

  @GetMapping("/api/clusters")
  @Operation(summary = "The industrial clusters, with their areas, red line and districts")
  List<Cluster> clusters() {
    return kept.get(this::list);
  }

  private List<Cluster> list() {
    return jdbc.sql(listSql)
        .query(
            (rs, row) ->
                new Cluster(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("name_en"),
                    strings(rs, "district_codes"),
                    rs.getString("leading_industries"),
                    rs.getBoolean("flagship"),
                    Area.km2(rs.getDouble("area_m2")),
                    Area.mu(rs.getDouble("area_m2")),
                    Area.km2(rs.getDouble("red_line_m2")),
                    Area.mu(rs.getDouble("red_line_m2")),
                    List.of(
                        rs.getDouble("west"),
                        rs.getDouble("south"),
                        rs.getDouble("east"),
                        rs.getDouble("north")),
                    List.of(rs.getDouble("label_lon"), rs.getDouble("label_lat"))))
        .list();
  }

  private static List<String> strings(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
