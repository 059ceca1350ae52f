package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The years with indicators, and the year a request asks for (checked) with its active model. */
@Component
class EfficiencyYears {

  private final JdbcClient jdbc;
  private final Recompute recompute;
  private final String selectYears = SqlFiles.load("efficiency/select_years.sql");

  EfficiencyYears(JdbcClient jdbc, Recompute recompute) {
    this.jdbc = jdbc;
    this.recompute = recompute;
  }

  /** The years with indicators, oldest first. */
  List<Integer> all() {
    return jdbc.sql(selectYears).query(Integer.class).list();
  }

  /** The year asked for, checked; or the latest year with indicators. */
  int year(Integer year) {
    List<Integer> years = all();
    if (year == null) {
      if (years.isEmpty()) {
        throw ApiException.notFound(
            "no-indicators", "There are no indicators yet: import a year's figures first");
      }
      return years.get(years.size() - 1);
    }
    if (!years.contains(year)) {
      throw ApiException.badRequest(
          "invalid-year",
          "There are no indicators of " + year + "; years with indicators: " + years);
    }
    return year;
  }

  /** The id of the year's active grading model, or -1 when it has none. */
  long activeModel(int year) {
    return recompute.activeModel(year).orElse(-1L);
  }
}
