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
  private final String touchedSql = SqlFiles.load("redline/select_red_line_touched.sql");

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
    List<Total> before = totals();
    return cs -> detail == Detail.FEATURES ? features(cs, before) : sums(cs, before);
  }

  /** A district's red line as read (m²), with its minimum (km²). */
  private record Total(String code, String name, String nameEn, double minimumKm2, double m2) {}

  /** A map edit's figures: the city's km² summed from the districts', to the m². */
  private Map<String, Object> features(long cs, List<Total> before) {
    List<DistrictFigures> districts = districtFigures(cs, before);
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
  private Map<String, Object> sums(long cs, List<Total> before) {
    List<DistrictFigures> districts = districtFigures(cs, before);
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

  /** The red line per district now. */
  private List<Total> totals() {
    return jdbc.sql(totalsSql)
        .query(
            (rs, n) ->
                new Total(
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("name_en"),
                    rs.getDouble("minimum_km2"),
                    rs.getDouble("m2")))
        .list();
  }

  /**
   * Every district's figures now, against the red line {@code before}. When the change set wrote
   * and ended no red line (in this transaction), the red line now is the one before: it is not
   * summed again (nor would a commit of someone else's in between count as this change set's).
   */
  private List<DistrictFigures> districtFigures(long cs, List<Total> before) {
    boolean touched = jdbc.sql(touchedSql).param("cs", cs).query(Boolean.class).single();
    Map<String, Double> was = new LinkedHashMap<>();
    before.forEach(t -> was.put(t.code(), t.m2()));
    List<DistrictFigures> figures = new ArrayList<>();
    for (Total now : touched ? totals() : before) {
      double b = was.getOrDefault(now.code(), 0.0);
      double a = now.m2();
      double minimum = now.minimumKm2();
      figures.add(
          new DistrictFigures(
              now.code(),
              now.name(),
              now.nameEn(),
              Area.km2(b),
              Area.km2(a),
              Area.km2(a - b),
              Area.mu(a - b),
              minimum,
              Area.km2(a - minimum * 1e6)));
    }
    return figures;
  }
}
