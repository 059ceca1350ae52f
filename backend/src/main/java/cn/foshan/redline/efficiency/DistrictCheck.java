package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The district a request names, checked against the district table (the one list of the city's
 * districts, not a copy of it here).
 */
@Component
class DistrictCheck {

  private final JdbcClient jdbc;
  private final String selectCodes = SqlFiles.load("efficiency/select_district_codes.sql");

  DistrictCheck(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The districts' codes, in order. */
  List<String> codes() {
    return jdbc.sql(selectCodes).query(String.class).list();
  }

  /**
   * The district asked for (stripped), or null when left out; a 400 problem when there is no such
   * district. {@code more} ends the problem's detail (e.g. " (or left out)").
   */
  String check(String district, String more) {
    String d = PlannerQuery.blank(district);
    if (d == null) {
      return null;
    }
    List<String> codes = codes();
    if (!codes.contains(d)) {
      throw ApiException.badRequest("unknown-district", "district must be one of " + codes + more);
    }
    return d;
  }
}
