package cn.foshan.redline.district;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The district a request names, checked against the district table (the one list of the city's
 * districts, not a copy of it here). The districts are reference data, loaded at start-up and only
 * read by the service (V14), so their codes are read once, at the first request that names one.
 */
@Component
public class DistrictCodes {

  private final JdbcClient jdbc;
  private final String selectCodes = SqlFiles.load("district/select_district_codes.sql");
  private volatile List<String> codes;

  DistrictCodes(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The districts' codes, in order; read once (none yet is not remembered). */
  public List<String> codes() {
    List<String> known = codes;
    if (known == null) {
      known = List.copyOf(jdbc.sql(selectCodes).query(String.class).list());
      if (!known.isEmpty()) {
        codes = known;
      }
    }
    return known;
  }

  /**
   * The district asked for (stripped), or null when left out; a 400 problem when there is no such
   * district. {@code more} ends the problem's detail (e.g. " (or left out)").
   */
  public String check(String district, String more) {
    if (district == null || district.isBlank()) {
      return null;
    }
    String d = district.strip();
    List<String> codes = codes();
    if (!codes.contains(d)) {
      throw ApiException.badRequest("unknown-district", "district must be one of " + codes + more);
    }
    return d;
  }
}
