package cn.foshan.redline.factory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * What the dashboards read instead of the big tables (V27: land supplied per district and year,
 * each factory building's district, agreement and output per year) is what the big tables say,
 * after the demo city's load and after writes of every kind by plain SQL (as psql or an import
 * would write), in the writer's own transaction. Everything here is rolled back: the city is shared
 * with the other editing tests.
 */
class DashboardSummariesTest extends EditingTest {

  /** The rows where the kept table and the same figures computed from the big tables differ. */
  private static final String SUPPLY_DIFFERS =
      "SELECT count(*) FROM ("
          + " (SELECT district_code, year, parcels, round(area_m2, 3) FROM parcel_supply"
          + "  EXCEPT SELECT district_code, extract(year FROM granted_on)::smallint, count(*),"
          + "  round(sum(area_m2::numeric), 3) FROM parcel GROUP BY 1, 2)"
          + " UNION ALL"
          + " (SELECT district_code, extract(year FROM granted_on)::smallint, count(*),"
          + "  round(sum(area_m2::numeric), 3) FROM parcel GROUP BY 1, 2"
          + "  EXCEPT SELECT district_code, year, parcels, round(area_m2, 3) FROM parcel_supply)) d";

  private static final String LIVE_CONTEXT =
      "SELECT f.id, p.district_code, sa.output_per_mu FROM factory_building f"
          + " JOIN parcel p ON p.id = f.parcel_id"
          + " LEFT JOIN supervision_agreement sa ON sa.parcel_id = f.parcel_id";

  private static final String KEPT_CONTEXT =
      "SELECT factory_building_id, district_code, agreement_output_per_mu"
          + " FROM factory_building_context";

  private static final String LIVE_OUTPUT =
      "SELECT pe.year, f.id, pe.output_per_mu FROM factory_building f"
          + " JOIN parcel_efficiency pe ON pe.parcel_id = f.parcel_id";

  private static final String KEPT_OUTPUT =
      "SELECT year, factory_building_id, output_per_mu FROM factory_building_output";

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long differences(Statement st, String kept, String live) throws SQLException {
    return count(
        st,
        "SELECT count(*) FROM (("
            + kept
            + " EXCEPT "
            + live
            + ") UNION ALL ("
            + live
            + " EXCEPT "
            + kept
            + ")) d");
  }

  private static void assertKept(Statement st, String after) throws SQLException {
    assertThat(count(st, SUPPLY_DIFFERS)).as("parcel_supply after %s", after).isZero();
    assertThat(differences(st, KEPT_CONTEXT, LIVE_CONTEXT))
        .as("factory_building_context after %s", after)
        .isZero();
    assertThat(differences(st, KEPT_OUTPUT, LIVE_OUTPUT))
        .as("factory_building_output after %s", after)
        .isZero();
  }

  /** A committed change set of its own for each statement changing parcels. */
  private static long changeSet(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'kept figures', 'COMMITTED', now()) RETURNING id")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void theKeptFiguresAreTheBigTablesFiguresAfterEveryKindOfWrite() throws Exception {
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        // the demo city, loaded and its efficiency computed before the service started
        assertThat(count(st, "SELECT count(*) FROM parcel_supply")).isPositive();
        assertThat(count(st, "SELECT count(*) FROM factory_building_context"))
            .isEqualTo(count(st, "SELECT count(*) FROM factory_building"));
        assertThat(count(st, "SELECT count(*) FROM factory_building_output")).isPositive();
        assertKept(st, "the load");

        // parcels granted in another year, shrunk (another area), one moved to another district
        st.executeUpdate(
            "UPDATE parcel SET granted_on = granted_on - 400, change_set_id = "
                + changeSet(st)
                + " WHERE id IN (SELECT id FROM parcel ORDER BY id LIMIT 40)");
        st.executeUpdate(
            "UPDATE parcel SET geom = ST_Multi(ST_Scale(geom, ST_MakePoint(0.99, 0.99), ST_Centroid(geom))),"
                + " change_set_id = "
                + changeSet(st)
                + " WHERE id IN (SELECT id FROM parcel ORDER BY id DESC LIMIT 5)");
        st.executeUpdate(
            "UPDATE parcel SET district_code = (SELECT min(code) FROM district"
                + " WHERE code <> parcel.district_code), change_set_id = "
                + changeSet(st)
                + " WHERE id = (SELECT min(parcel_id) FROM factory_building)");
        assertKept(st, "parcels granted, shrunk and moved");

        // agreements changed and removed on the parcels of buildings
        st.executeUpdate(
            "UPDATE supervision_agreement SET output_per_mu = coalesce(output_per_mu, 0) + 1"
                + " WHERE parcel_id IN (SELECT parcel_id FROM factory_building ORDER BY id"
                + " LIMIT 10)");
        st.executeUpdate(
            "DELETE FROM supervision_agreement WHERE parcel_id IN (SELECT parcel_id FROM"
                + " factory_building ORDER BY id DESC LIMIT 3)");
        assertKept(st, "agreements changed and removed");

        // a year's parcel figures removed and written again, as a recomputation does
        st.execute(
            "CREATE TEMP TABLE saved ON COMMIT DROP AS SELECT * FROM parcel_efficiency"
                + " WHERE year = (SELECT max(year) FROM parcel_efficiency)");
        st.executeUpdate(
            "DELETE FROM parcel_efficiency WHERE year = (SELECT max(year) FROM parcel_efficiency)");
        assertKept(st, "a year's figures deleted");
        st.executeUpdate(
            "INSERT INTO parcel_efficiency (year, parcel_id, district_code, town_code, cluster_id,"
                + " industry_code, area_mu, enterprises, tax, output, value_added, revenue,"
                + " investment, energy, emissions, employees, rd)"
                + " SELECT year, parcel_id, district_code, town_code, cluster_id, industry_code,"
                + " area_mu, enterprises, tax, output * 0.5, value_added, revenue, investment,"
                + " energy, emissions, employees, rd FROM saved");
        assertKept(st, "a year's figures written again");
        st.executeUpdate("UPDATE parcel_efficiency SET output = output * 2");
        assertKept(st, "figures updated");
      } finally {
        c.rollback();
      }
    }
  }
}
