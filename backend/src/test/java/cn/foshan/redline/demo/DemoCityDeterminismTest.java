package cn.foshan.redline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.gisdata.DemoCity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The demo city is a function of its seed and size: the same seed gives the same city. */
class DemoCityDeterminismTest {

  private static final String A = TestDatabase.schema("determinism_a");
  private static final String B = TestDatabase.schema("determinism_b");

  /** A digest of every shape and every figure of the city. */
  private static final String DIGEST =
      "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
          + " SELECT 'c' || code || ST_AsEWKT(geom) AS x FROM industrial_cluster"
          + " UNION ALL SELECT 'r' || code || ST_AsEWKT(geom) FROM red_line"
          + " UNION ALL SELECT 'v' || code || status || ST_AsEWKT(geom) FROM village_park"
          + " UNION ALL SELECT 'b' || code || stage || ST_AsEWKT(geom) FROM reserve_land"
          + " UNION ALL SELECT 'p' || code || granted_on || coalesce(works_started_on::text, '') || ST_AsEWKT(geom) FROM parcel"
          + " UNION ALL SELECT 'e' || credit_code || name FROM enterprise"
          + " UNION ALL SELECT 'i' || enterprise_id || year || tax_10k_cny || output_10k_cny FROM annual_indicator"
          + ") t";

  @AfterAll
  static void drop() {
    TestDatabase.drop(A);
    TestDatabase.drop(B);
  }

  private static String load(String schema, long seed) throws Exception {
    TestDatabase.migrate(schema);
    try (Connection c = TestDatabase.connect(schema)) {
      DemoCity.Summary summary = DemoCity.load(c, new DemoCity.Options(seed, 1_500));
      assertThat(summary.rows()).containsEntry("parcel", 1_500L);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(DIGEST)) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameCityAndAnotherSeedAnotherOne() throws Exception {
    String first = load(A, 7);
    String again = load(B, 7);
    assertThat(again).isEqualTo(first);
    String other = load(B, 8);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aFailedLoadLeavesNothingBehind() throws Exception {
    TestDatabase.migrate(A);
    try (Connection c = TestDatabase.connect(A)) {
      try (Statement st = c.createStatement()) {
        // a district already there: the loader's own insert of it collides half-way
        st.execute(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES ('440606',"
                + " 'x', 'x', 1, ST_Multi(ST_MakeEnvelope(113, 22, 113.1, 22.1, 4490)))");
      }
      assertThatThrownBy(() -> DemoCity.load(c, new DemoCity.Options(7, 1_500)));
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT (SELECT count(*) FROM district) + (SELECT count(*) FROM change_set)"
                      + " + (SELECT count(*) FROM industrial_cluster)")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1); // only the row put there by the test
      }
    }
  }
}
