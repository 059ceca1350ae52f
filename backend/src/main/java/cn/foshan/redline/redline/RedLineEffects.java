package cn.foshan.redline.redline;

import cn.foshan.redline.editing.ChangeSetEffects;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The red line in a change set's preview: every district's red line before and after, against its
 * minimum (the quota, red_line_quota() as the database rule reads it), and the city's.
 */
@Component
@Order(1)
class RedLineEffects implements ChangeSetEffects {

  private final JdbcClient jdbc;
  private final String totalsSql = SqlFiles.load("redline/select_red_line_totals.sql");

  RedLineEffects(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Object> none() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("redLine", List.of());
    figures.put("cityBeforeKm2", 0.0);
    figures.put("cityAfterKm2", 0.0);
    return figures;
  }

  @Override
  public After before(long changeSet, Detail detail) {
    Map<String, Double> before = totals();
    return cs -> detail == Detail.FEATURES ? features(before) : sums(before);
  }

  /** A map edit's figures: the city's km² summed from the districts', to the m². */
  private Map<String, Object> features(Map<String, Double> before) {
    List<DistrictFigures> districts = districtFigures(before);
    double cityBefore = 0;
    double cityAfter = 0;
    for (DistrictFigures d : districts) {
      cityBefore += d.beforeKm2();
      cityAfter += d.afterKm2();
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("redLine", districts);
    figures.put("cityBeforeKm2", round(cityBefore));
    figures.put("cityAfterKm2", round(cityAfter));
    return figures;
  }

  /** A bulk change set's figures: the city's before and after, and the change in mu. */
  private Map<String, Object> sums(Map<String, Double> before) {
    List<DistrictFigures> districts = districtFigures(before);
    double[] city = {0, 0};
    for (DistrictFigures d : districts) {
      city[0] += d.beforeKm2() * 1e6;
      city[1] += d.afterKm2() * 1e6;
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("redLine", districts);
    figures.put("cityBeforeKm2", Area.km2(city[0]));
    figures.put("cityAfterKm2", Area.km2(city[1]));
    figures.put("cityDeltaMu", Area.mu(city[1] - city[0]));
    return figures;
  }

  private static double round(double km2) {
    return Math.round(km2 * 1e6) / 1e6;
  }

  /** The red line per district now (m²). */
  private Map<String, Double> totals() {
    Map<String, Double> totals = new LinkedHashMap<>();
    jdbc.sql(totalsSql)
        .query((rs, n) -> totals.put(rs.getString("code"), rs.getDouble("m2")))
        .list();
    return totals;
  }

  /** Every district's figures now, against the red line {@code before} (m²). */
  private List<DistrictFigures> districtFigures(Map<String, Double> before) {
    List<DistrictFigures> figures = new ArrayList<>();
    jdbc.sql(totalsSql)
        .query(
            (rs, n) -> {
              double b = before.getOrDefault(rs.getString("code"), 0.0);
              double a = rs.getDouble("m2");
              double minimum = rs.getDouble("minimum_km2");
              return figures.add(
                  new DistrictFigures(
                      rs.getString("code"),
                      rs.getString("name"),
                      rs.getString("name_en"),
                      Area.km2(b),
                      Area.km2(a),
                      Area.km2(a - b),
                      Area.mu(a - b),
                      minimum,
                      Area.km2(a - minimum * 1e6)));
            })
        .list();
    return figures;
  }
}
