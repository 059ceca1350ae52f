package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The park assessment (园区考核) as the seed lists it: 工业集中度 in its two readings (output, land), 产业集聚度,
 * investment intensity, sales revenue, tax, export earnings and jobs, per cluster and per district.
 * The sums are SQL's ({@code select_parks}, {@code select_concentration}, over the year's {@code
 * cluster_district_efficiency}); this class only groups a cluster's district rows.
 */
@Component
class ParkAssessment {

  private final JdbcClient jdbc;
  private final EfficiencyProperties properties;
  private final Map<String, String> sql =
      SqlFiles.loadAll("efficiency", "select_parks", "select_concentration");

  ParkAssessment(JdbcClient jdbc, EfficiencyProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /**
   * A cluster's part in one district: its output and its share of the district's (工业集中度), its
   * industrial land (mu) and its share of the district's.
   */
  record Part(
      String district,
      String districtName,
      double output,
      Double industrialConcentration,
      double landMu,
      Double landConcentration) {}

  /**
   * A park of a year. industrialConcentration: its output ÷ that of the districts it spans (or of
   * the city); landConcentration: its industrial land ÷ that of the same area; redLineShare: the
   * part of its industrial land inside the red line.
   */
  record Park(
      int year,
      long clusterId,
      String name,
      String district,
      double areaMu,
      double output,
      Double industrialConcentration,
      Double landConcentration,
      Double landMu,
      Double redLineShare,
      String leadingIndustry,
      String leadingIndustryName,
      Double industryAgglomeration,
      Double investmentPerMu,
      Double taxPerMu,
      double tax,
      double revenue,
      Double exports,
      double employees,
      List<Part> districts) {}

  List<Park> parks(List<Integer> years, String cluster) {
    Map<String, Park> parks = new LinkedHashMap<>();
    jdbc.sql(sql.get("select_parks"))
        .param("years", years.toArray(new Integer[0]))
        .param("cluster", cluster)
        .param("denominator", properties.concentrationDenominator())
        .query(
            (rs, n) -> {
              String key = rs.getInt("year") + "/" + rs.getLong("cluster_id");
              Park park = parks.get(key);
              if (park == null) {
                park =
                    new Park(
                        rs.getInt("year"),
                        rs.getLong("cluster_id"),
                        rs.getString("name"),
                        rs.getString("district_code"),
                        rs.getDouble("area_mu"),
                        rs.getDouble("output"),
                        UnitFigures.value(rs, "industrial_concentration"),
                        UnitFigures.value(rs, "land_concentration"),
                        UnitFigures.value(rs, "land_mu"),
                        UnitFigures.value(rs, "red_line_share"),
                        rs.getString("leading_industry"),
                        rs.getString("leading_industry_name"),
                        UnitFigures.value(rs, "industry_agglomeration"),
                        UnitFigures.value(rs, "investment_per_mu"),
                        UnitFigures.value(rs, "tax_per_mu"),
                        rs.getDouble("tax"),
                        rs.getDouble("revenue"),
                        UnitFigures.value(rs, "exports"),
                        rs.getDouble("employees"),
                        new ArrayList<>());
                parks.put(key, park);
              }
              String district = rs.getString("part_district");
              if (district != null) {
                park.districts()
                    .add(
                        new Part(
                            district,
                            rs.getString("part_district_name"),
                            rs.getDouble("part_output"),
                            UnitFigures.value(rs, "part_industrial_concentration"),
                            rs.getDouble("part_land_mu"),
                            UnitFigures.value(rs, "part_land_concentration")));
              }
              return null;
            })
        .list();
    return List.copyOf(parks.values());
  }

  /**
   * 工业集中度 of a district (or the city, district null) in a year: output in the clusters ÷ all
   * output; industrial land in the clusters, and in the red line, ÷ all industrial land (mu).
   */
  record Area(
      int year,
      String district,
      String name,
      Double outputInClusters,
      Double output,
      Double industrialConcentration,
      double landInClustersMu,
      double landInRedLineMu,
      double landMu,
      double villageParkMu,
      Double landConcentration,
      Double redLineConcentration) {}

  List<Area> concentration(List<Integer> years) {
    return jdbc.sql(sql.get("select_concentration"))
        .param("years", years.toArray(new Integer[0]))
        .query(
            (rs, n) ->
                new Area(
                    rs.getInt("year"),
                    rs.getString("district_code"),
                    rs.getString("name"),
                    UnitFigures.value(rs, "output_in_clusters"),
                    UnitFigures.value(rs, "output"),
                    UnitFigures.value(rs, "industrial_concentration"),
                    rs.getDouble("land_in_clusters_mu"),
                    rs.getDouble("land_in_red_line_mu"),
                    rs.getDouble("land_mu"),
                    rs.getDouble("village_park_mu"),
                    UnitFigures.value(rs, "land_concentration"),
                    UnitFigures.value(rs, "red_line_concentration")))
        .list();
  }
}
