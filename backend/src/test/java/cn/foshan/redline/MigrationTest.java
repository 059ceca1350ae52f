package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The migrations on an empty schema: every layer's geometry is a MultiPolygon in EPSG:4490,
 * GiST-indexed, and the database itself refuses invalid, empty or wrongly referenced shapes.
 */
class MigrationTest {

  private static final String SCHEMA = TestDatabase.schema("migration");
  private static final List<String> LAYERS =
      List.of(
          "district",
          "town",
          "planning_zone",
          "industrial_cluster",
          "red_line",
          "reserve_land",
          "village_park",
          "parcel",
          "factory_building");

  private static Connection c;

  @BeforeAll
  static void migrate() throws SQLException {
    TestDatabase.migrate(SCHEMA);
    c = TestDatabase.connect(SCHEMA);
  }

  @AfterAll
  static void drop() throws SQLException {
    c.close();
    TestDatabase.drop(SCHEMA);
  }

  @BeforeEach
  void empty() throws SQLException {
    execute("TRUNCATE district, change_set RESTART IDENTITY CASCADE");
    execute(
        "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES ('440604',"
            + " '禅城区', 'Chancheng', 21, ST_Multi(ST_GeomFromText('POLYGON((113 23, 113.1 23,"
            + " 113.1 23.1, 113 23.1, 113 23))', 4490)))");
    execute("INSERT INTO change_set (author, reason, committed_at) VALUES ('test', 'test', now())");
  }

  @Test
  void everyLayerIsATypedIndexedMultiPolygonColumn() throws SQLException {
    Map<String, String> types = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT f_table_name, type || ':' || srid FROM geometry_columns"
                + " WHERE f_table_schema = ? AND f_geometry_column = 'geom'")) {
      ps.setString(1, SCHEMA);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    for (String layer : LAYERS) {
      assertThat(types).containsEntry(layer, "MULTIPOLYGON:4490");
      assertThat(
              query(
                  "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
                      + " AND tablename = '"
                      + layer
                      + "' AND indexdef LIKE '%USING gist (geom)%'"))
          .as("GiST index on %s.geom", layer)
          .isEqualTo("1");
    }
  }

  @Test
  void aSelfIntersectingRingIsRefused() {
    // a bow tie: the ring crosses itself
    assertThatThrownBy(
            () ->
                insertCluster(
                    "MULTIPOLYGON(((113 23, 113.01 23.01, 113.01 23, 113 23.01, 113 23)))", 4490))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("industrial_cluster_geom_valid");
  }

  @Test
  void anEmptyGeometryIsRefused() {
    assertThatThrownBy(() -> insertCluster("MULTIPOLYGON EMPTY", 4490))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("industrial_cluster_geom_valid");
  }

  @ParameterizedTest
  @ValueSource(ints = {4326, 4547})
  void aGeometryInAnotherCrsIsRefused(int srid) {
    assertThatThrownBy(
            () -> insertCluster("MULTIPOLYGON(((113 23, 113.01 23, 113.01 23.01, 113 23)))", srid))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("SRID");
  }

  @Test
  void aPointIsRefusedWhereAPolygonBelongs() {
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO red_line (code, district_code, designated_on, geom, change_set_id)"
                        + " VALUES ('x', '440604', now(), ST_GeomFromText('POINT(113 23)', 4490), 1)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("MultiPolygon");
  }

  @Test
  void areasAreEllipsoidalAndComputedByTheDatabase() throws SQLException {
    insertCluster("MULTIPOLYGON(((113 23, 113.01 23, 113.01 23.01, 113 23.01, 113 23)))", 4490);
    double stored = Double.parseDouble(query("SELECT area_m2 FROM industrial_cluster"));
    double geodesic =
        Double.parseDouble(query("SELECT ST_Area(geom::geography, true) FROM industrial_cluster"));
    assertThat(stored).isEqualTo(geodesic);
    assertThatThrownBy(() -> execute("UPDATE industrial_cluster SET area_m2 = 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("generated");
  }

  @Test
  void writingALayerRaisesItsRevision() throws SQLException {
    long before =
        Long.parseLong(query("SELECT revision FROM layer_revision WHERE layer = 'cluster'"));
    insertCluster("MULTIPOLYGON(((113 23, 113.01 23, 113.01 23.01, 113 23.01, 113 23)))", 4490);
    execute(
        "INSERT INTO change_set (author, reason, committed_at) VALUES ('test', 'rename', now())");
    execute("UPDATE industrial_cluster SET name = 'renamed', change_set_id = 2");
    assertThat(Long.parseLong(query("SELECT revision FROM layer_revision WHERE layer = 'cluster'")))
        .isEqualTo(before + 2);
  }

  /**
   * The district of a shape, and whether a shape lies in a district, come from the districts cut in
   * pieces (district_piece and district_tolerance_piece, for speed), which follow every write to
   * district: a district drawn anew is found where it now is, and not where it was.
   */
  @Test
  void theDistrictOfAShapeFollowsTheDistricts() throws SQLException {
    String inside = "ST_GeomFromText('POINT(113.05 23.05)', 4490)";
    String movedTo = "ST_GeomFromText('POINT(113.25 23.05)', 4490)";
    assertThat(query("SELECT district_at(" + inside + ")")).isEqualTo("440604");
    assertThat(query("SELECT district_at(" + movedTo + ")")).isNull();
    assertThat(query("SELECT in_district_tolerance('440604', " + inside + ")")).isEqualTo("t");
    assertThat(query("SELECT in_district_tolerance('440604', " + movedTo + ")")).isEqualTo("f");
    execute("UPDATE district SET geom = ST_Translate(geom, 0.2, 0)");
    assertThat(query("SELECT district_at(" + inside + ")")).isNull();
    assertThat(query("SELECT district_at(" + movedTo + ")")).isEqualTo("440604");
    assertThat(query("SELECT in_district_tolerance('440604', " + inside + ")")).isEqualTo("f");
    assertThat(query("SELECT in_district_tolerance('440604', " + movedTo + ")")).isEqualTo("t");
    execute("TRUNCATE district CASCADE");
    assertThat(query("SELECT count(*) FROM district_piece")).isEqualTo("0");
    assertThat(query("SELECT count(*) FROM district_tolerance_piece")).isEqualTo("0");
  }

  /**
   * A parcel written without its places gets them from its shape (V66: one point, one lookup of
   * those left empty); the places a writer gives are kept; where no town or cluster lies, none.
   */
  @Test
  void placesLeftEmptyFollowFromTheShape() throws SQLException {
    execute(
        "INSERT INTO town (code, name, name_en, district_code, geom) VALUES"
            + " ('440604001', '甲街道', 'Jia', '440604', ST_Multi(ST_GeomFromText('POLYGON((113 23,"
            + " 113.05 23, 113.05 23.1, 113 23.1, 113 23))', 4490))),"
            + " ('440604002', '乙街道', 'Yi', '440604', ST_Multi(ST_GeomFromText('POLYGON((113.05 23,"
            + " 113.1 23, 113.1 23.1, 113.05 23.1, 113.05 23))', 4490)))");
    insertCluster("MULTIPOLYGON(((113 23, 113.01 23, 113.01 23.01, 113 23.01, 113 23)))", 4490);
    String cluster = query("SELECT max(id) FROM industrial_cluster");
    String square =
        "ST_Multi(ST_GeomFromText('POLYGON((113.001 23.001, 113.002 23.001, 113.002"
            + " 23.002, 113.001 23.002, 113.001 23.001))', 4490))";
    execute(
        "INSERT INTO parcel (code, land_use, grant_type, granted_on, geom, change_set_id) VALUES"
            + " ('P3', '0601', 'GRANT', '2020-01-01', "
            + square
            + ", 1)");
    assertThat(
            query(
                "SELECT district_code || ' ' || town_code || ' ' || cluster_id FROM parcel"
                    + " WHERE code = 'P3'"))
        .isEqualTo("440604 440604001 " + cluster);
    execute(
        "INSERT INTO parcel (code, town_code, land_use, grant_type, granted_on, geom, change_set_id)"
            + " VALUES ('P4', '440604002', '0601', 'GRANT', '2020-01-01', ST_Translate("
            + square
            + ", 0.07, 0.05), 1)");
    assertThat(
            query(
                "SELECT district_code || ' ' || town_code || ' ' || coalesce(cluster_id::text,"
                    + " 'none') FROM parcel WHERE code = 'P4'"))
        .isEqualTo("440604 440604002 none");
    // a writer's empty place on a later change is derived again, from the shape as it is then
    execute(
        "INSERT INTO change_set (author, reason, committed_at) VALUES ('test', 'moved', now())");
    execute(
        "UPDATE parcel SET town_code = NULL, geom = ST_Translate(geom, -0.06, 0), change_set_id ="
            + " (SELECT max(id) FROM change_set) WHERE code = 'P4'");
    assertThat(query("SELECT town_code FROM parcel WHERE code = 'P4'")).isEqualTo("440604001");
  }

  @Test
  void triggersWorkWhateverTheSessionsSearchPath() throws SQLException {
    // pg_dump and psql scripts write with an empty search path
    long before =
        Long.parseLong(query("SELECT revision FROM layer_revision WHERE layer = 'district'"));
    try {
      execute("SET search_path TO ''");
      execute("UPDATE " + SCHEMA + ".district SET name = name");
    } finally {
      execute("SET search_path TO " + SCHEMA + ", public");
    }
    assertThat(
            Long.parseLong(query("SELECT revision FROM layer_revision WHERE layer = 'district'")))
        .isEqualTo(before + 1);
  }

  @Test
  void aTemporaryTableCannotStandInForTheSchemasTablesInItsFunctions() throws SQLException {
    // any session may create temporary tables; were pg_temp searched first (it is, unless a
    // function's path names it), the revision trigger would raise the temporary table's revision
    long before =
        Long.parseLong(query("SELECT revision FROM layer_revision WHERE layer = 'district'"));
    try {
      execute("CREATE TEMPORARY TABLE layer_revision (LIKE " + SCHEMA + ".layer_revision)");
      execute("UPDATE " + SCHEMA + ".district SET name = name");
    } finally {
      execute("DROP TABLE IF EXISTS pg_temp.layer_revision");
    }
    assertThat(
            Long.parseLong(query("SELECT revision FROM layer_revision WHERE layer = 'district'")))
        .isEqualTo(before + 1);
    // and every function that names its search path names pg_temp last (V31: a migration that
    // adds functions ends with SELECT pin_search_paths())
    assertThat(
            query(
                "SELECT coalesce(string_agg(p.proname, ', ' ORDER BY p.proname), '') FROM pg_proc p"
                    + " CROSS JOIN LATERAL unnest(p.proconfig) c(cfg) WHERE p.pronamespace = '"
                    + SCHEMA
                    + "'::regnamespace AND c.cfg LIKE 'search_path=%' AND c.cfg NOT LIKE '%pg_temp'"))
        .isEmpty();
  }

  @Test
  void floorAreaSharesOfAParcelNeverExceedOne() throws SQLException {
    execute(
        "INSERT INTO parcel (id, code, district_code, land_use, grant_type, granted_on, geom, change_set_id)"
            + " VALUES (1, 'P1', '440604', '0601', 'GRANT', '2020-01-01',"
            + " ST_Multi(ST_GeomFromText('POLYGON((113 23, 113.001 23, 113.001 23.001, 113 23.001, 113 23))', 4490)), 1)");
    execute(
        "INSERT INTO enterprise (id, credit_code, name, industry_code, district_code, founded_on) VALUES"
            + " (1, '914406040000000001', 'A', '38', '440604', '2010-01-01'),"
            + " (2, '914406040000000002', 'B', '38', '440604', '2010-01-01')");
    execute("INSERT INTO parcel_enterprise VALUES (1, 1, 0.6, '2020-01-01')");
    assertThatThrownBy(
            () -> execute("INSERT INTO parcel_enterprise VALUES (1, 2, 0.5, '2020-01-01')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("add up to more than 1");
    execute("INSERT INTO parcel_enterprise VALUES (1, 2, 0.4, '2020-01-01')");
  }

  @Test
  void readyReserveLandMustBeStateOwnedWithStandardLandConditions() {
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO reserve_land (code, name, district_code, stage, stage_since, ownership, geom,"
                        + " change_set_id) VALUES ('R1', 'r', '440604', 'READY', '2025-01-01', 'COLLECTIVE',"
                        + " ST_Multi(ST_GeomFromText('POLYGON((113 23, 113.01 23, 113.01 23.01, 113 23))', 4490)), 1)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("reserve_land_ready_conditions");
  }

  @Test
  void parcelMilestonesFollowEachOther() {
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on, completed_on,"
                        + " geom, change_set_id) VALUES ('P2', '440604', '0601', 'GRANT', '2020-01-01', '2021-01-01',"
                        + " ST_Multi(ST_GeomFromText('POLYGON((113 23, 113.001 23, 113.001 23.001, 113 23))', 4490)), 1)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("parcel_milestones_in_order");
  }

  private static void insertCluster(String wkt, int srid) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id)"
                + " VALUES ('C' || nextval(pg_get_serial_sequence('industrial_cluster', 'id')), 'c', 'c',"
                + " ST_GeomFromText(?, ?), 1)")) {
      ps.setString(1, wkt);
      ps.setInt(2, srid);
      ps.executeUpdate();
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String query(String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
