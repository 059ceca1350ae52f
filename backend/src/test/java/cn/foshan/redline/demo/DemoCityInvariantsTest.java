package cn.foshan.redline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo city holds the plan's invariants: counts, sizes, quotas, containment, no overlaps, valid
 * shapes, realistic distributions. Overlap means interiors sharing area (DE-9IM 2********); shapes
 * that only touch do not overlap.
 */
class DemoCityInvariantsTest extends DemoCityTest {

  private static final double MU = 10000.0 / 15.0;

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private double number(String sql) {
    return jdbc.sql(sql).query(Double.class).single();
  }

  @Test
  void fiftyFourClustersOfOverTenThousandMu() {
    assertThat(count("SELECT count(*) FROM industrial_cluster")).isEqualTo(54);
    assertThat(number("SELECT min(area_m2) FROM industrial_cluster") / MU).isGreaterThan(10_000);
  }

  @Test
  void everyDistrictKeepsItsRedLineMinimumAndOneIsCloseToIt() {
    List<Map<String, Object>> rows =
        jdbc.sql(
                "SELECT d.code, d.red_line_minimum_km2::float8 AS minimum, sum(r.area_m2) / 1e6 AS km2"
                    + " FROM district d JOIN red_line r ON r.district_code = d.code GROUP BY d.code")
            .query()
            .listOfRows();
    assertThat(rows).hasSize(5);
    int close = 0;
    for (Map<String, Object> row : rows) {
      double km2 = ((Number) row.get("km2")).doubleValue();
      double minimum = ((Number) row.get("minimum")).doubleValue();
      assertThat(km2).as("red line of %s", row.get("code")).isGreaterThanOrEqualTo(minimum);
      if (km2 - minimum < 0.05 * minimum) {
        close++;
      }
    }
    assertThat(close).as("districts within 5% of their minimum").isGreaterThanOrEqualTo(1);
    assertThat(number("SELECT sum(area_m2) / 1e6 FROM red_line")).isGreaterThanOrEqualTo(450);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "industrial_cluster",
        "red_line",
        "reserve_land",
        "village_park",
        "parcel",
        "factory_building"
      })
  void noTwoFeaturesOfALayerOverlap(String table) {
    assertThat(
            count(
                "SELECT count(*) FROM "
                    + table
                    + " a JOIN "
                    + table
                    + " b ON a.id < b.id"
                    + " AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '2********')"))
        .isZero();
  }

  @Test
  void townsCoverTheirDistrictWithoutOverlapBeyondRounding() {
    // Towns are Voronoi cells cut by the district boundary: shared edges agree to ~1e-9 degrees.
    assertThat(
            number(
                "SELECT coalesce(max(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0)"
                    + " FROM town a JOIN town b ON a.code < b.code AND a.geom && b.geom"))
        .isLessThan(1.0);
    assertThat(
            number(
                "SELECT max(abs(t.m2 - d.area_m2)) FROM district d JOIN"
                    + " (SELECT district_code, sum(area_m2) AS m2 FROM town GROUP BY district_code) t"
                    + " ON t.district_code = d.code"))
        .isLessThan(100.0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "district",
        "town",
        "planning_zone",
        "industrial_cluster",
        "red_line",
        "reserve_land",
        "village_park",
        "parcel",
        "factory_building"
      })
  void everyShapeIsAValidNonEmptyMultiPolygonInCgcs2000(String table) {
    assertThat(
            count(
                "SELECT count(*) FROM "
                    + table
                    + " WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)"
                    + " OR ST_SRID(geom) <> 4490 OR GeometryType(geom) <> 'MULTIPOLYGON'"))
        .isZero();
  }

  @Test
  void everyParcelLiesInItsDistrictAndInTheRedLineButTheOldScatteredPlots() {
    assertThat(
            count(
                "SELECT count(*) FROM parcel p JOIN district d ON d.code = p.district_code"
                    + " WHERE NOT ST_Covers(d.geom, p.geom)"))
        .isZero();
    // a parcel of a cluster lies in the red line; an old scattered plot in no cluster at all
    assertThat(
            count(
                "SELECT count(*) FROM parcel p WHERE p.cluster_id IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM red_line r WHERE r.geom && p.geom AND ST_Covers(r.geom, p.geom))"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM parcel p WHERE p.cluster_id IS NULL AND EXISTS (SELECT 1"
                    + " FROM industrial_cluster c WHERE c.geom && p.geom AND ST_Intersects(c.geom, p.geom))"))
        .isZero();
    // about 12 % of the lots, granted before 2012, none with an agreement or a factory building
    long old = count("SELECT count(*) FROM parcel WHERE cluster_id IS NULL");
    assertThat(old).isBetween(2_200L, 2_500L);
    assertThat(
            count(
                "SELECT count(*) FROM parcel p WHERE p.cluster_id IS NULL AND (p.granted_on >= '2012-01-01'"
                    + " OR EXISTS (SELECT 1 FROM factory_building f WHERE f.parcel_id = p.id))"))
        .isZero();
    // every old plot has its town and producing enterprises, poorer per mu than the clusters' ones
    assertThat(count("SELECT count(*) FROM parcel WHERE cluster_id IS NULL AND town_code IS NULL"))
        .isZero();
    double inside =
        number(
            "SELECT sum(i.output_10k_cny) / sum(p.area_m2) FROM annual_indicator i"
                + " JOIN parcel_enterprise pe ON pe.enterprise_id = i.enterprise_id"
                + " JOIN parcel p ON p.id = pe.parcel_id WHERE i.year = 2025 AND p.cluster_id IS NOT NULL");
    double outside =
        number(
            "SELECT sum(i.output_10k_cny) / sum(p.area_m2) FROM annual_indicator i"
                + " JOIN parcel_enterprise pe ON pe.enterprise_id = i.enterprise_id"
                + " JOIN parcel p ON p.id = pe.parcel_id WHERE i.year = 2025 AND p.cluster_id IS NULL");
    assertThat(outside / inside).isBetween(0.2, 0.6);
  }

  @Test
  void bothReadingsOfIndustrialConcentrationHaveSomethingToShowAndNoneExceedsAll() {
    // the service computed the demo's years at start
    for (Map<String, Object> row :
        jdbc.sql(
                "SELECT district_code, sum(output) FILTER (WHERE cluster_id IS NOT NULL) / sum(output) AS o,"
                    + " sum(parcel_m2 + village_park_m2) FILTER (WHERE cluster_id IS NOT NULL)"
                    + " / sum(parcel_m2 + village_park_m2) AS l,"
                    + " sum(red_line_m2 + village_park_red_line_m2) / sum(parcel_m2 + village_park_m2) AS r"
                    + " FROM cluster_district_efficiency WHERE year = 2025 GROUP BY district_code")
            .query()
            .listOfRows()) {
      assertThat((Double) row.get("o")).as("output reading " + row).isBetween(0.75, 0.995);
      assertThat((Double) row.get("l")).as("land reading " + row).isBetween(0.35, 0.9);
      assertThat((Double) row.get("r")).as("red-line reading " + row).isBetween(0.3, 0.9);
    }
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT cd.district_code, sum(cd.output) / max(d.output) AS share"
                    + " FROM cluster_district_efficiency cd JOIN (SELECT district_code, sum(output) AS output"
                    + " FROM cluster_district_efficiency WHERE year = 2025 GROUP BY 1) d USING (district_code)"
                    + " WHERE cd.year = 2025 AND cd.cluster_id IS NOT NULL GROUP BY 1) x WHERE share > 1"))
        .isZero();
    assertThat(count("SELECT count(*) FROM annual_indicator WHERE export_10k_cny > 0"))
        .isGreaterThan(count("SELECT count(*) FROM annual_indicator") / 4);
  }

  @Test
  void theRenovationAndFactoryLedgersFollowEachRowToItsPresentState() {
    // every park under renovation has a ledger on its path that ends at its status and its date
    assertThat(
            count(
                "SELECT count(*) FROM village_park v WHERE v.status <> 'NOT_PLANNED' AND NOT EXISTS"
                    + " (SELECT 1 FROM (SELECT DISTINCT ON (s.village_park_id) s.status, s.entered_on"
                    + " FROM village_park_status s WHERE s.village_park_id = v.id ORDER BY s.village_park_id, s.id DESC) l"
                    + " WHERE l.status = v.status AND l.entered_on = v.status_since)"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM village_park WHERE (renovation_type <> 'FULL' AND status = 'DEMOLITION')"
                    + " OR (renovation_type = 'COMPREHENSIVE' AND status = 'PRODUCTION')"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM village_park_status a JOIN village_park_status b"
                    + " ON b.village_park_id = a.village_park_id AND b.id > a.id WHERE b.entered_on < a.entered_on"))
        .isZero();
    assertThat(count("SELECT count(*) FROM village_park_status"))
        .isGreaterThan(
            2 * count("SELECT count(*) FROM village_park WHERE status <> 'NOT_PLANNED'"));
    assertThat(count("SELECT count(*) FROM village_park_status WHERE entered_on > '2026-06-30'"))
        .isZero();
    // every factory building: one row per stage up to its own, the last on its stage date
    assertThat(
            count(
                "SELECT count(*) FROM factory_building b WHERE (SELECT count(*) FROM factory_building_stage s"
                    + " WHERE s.factory_building_id = b.id) <> factory_stage_rank(b.stage)"
                    + " OR (SELECT s.entered_on FROM factory_building_stage s WHERE s.factory_building_id = b.id"
                    + " ORDER BY s.id DESC LIMIT 1) <> b.stage_since"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM factory_building_stage a JOIN factory_building_stage b"
                    + " ON b.factory_building_id = a.factory_building_id AND b.id > a.id WHERE b.entered_on < a.entered_on"))
        .isZero();
  }

  @Test
  void redLineLiesInItsClusterAndItsDistrict() {
    assertThat(
            count(
                "SELECT count(*) FROM red_line r JOIN industrial_cluster c ON c.id = r.cluster_id"
                    + " JOIN district d ON d.code = r.district_code"
                    + " WHERE NOT ST_Covers(c.geom, r.geom) OR NOT ST_Covers(d.geom, r.geom)"))
        .isZero();
  }

  @Test
  void reserveLandIsContiguousInsideTheRedLineInEveryStage() {
    assertThat(
            count(
                "SELECT count(*) FROM reserve_land p WHERE ST_NumGeometries(geom) <> 1 OR NOT EXISTS"
                    + " (SELECT 1 FROM red_line r WHERE r.geom && p.geom AND ST_Covers(r.geom, p.geom))"))
        .isZero();
    assertThat(
            jdbc.sql("SELECT DISTINCT stage FROM reserve_land ORDER BY 1")
                .query(String.class)
                .list())
        .containsExactly("ACQUIRED", "PREPARING", "READY", "STARTED", "SUPPLIED");
    assertThat(number("SELECT sum(area_m2) FROM reserve_land") / MU).isBetween(27_000.0, 33_000.0);
    // the plan's rolling reserve: at least 17,000 mu ready to supply, city-wide
    assertThat(number("SELECT sum(area_m2) FROM reserve_land WHERE stage = 'READY'") / MU)
        .isGreaterThanOrEqualTo(17_000.0);
  }

  @Test
  void suppliedReserveLandHasBecomeAParcelWithAnAgreement() {
    assertThat(
            count(
                "SELECT count(*) FROM reserve_land r WHERE r.stage IN ('SUPPLIED', 'STARTED')"
                    + " AND NOT EXISTS (SELECT 1 FROM parcel p JOIN supervision_agreement a ON a.parcel_id = p.id"
                    + "   WHERE ST_Equals(p.geom, r.geom) AND a.investment_per_mu = r.investment_per_mu)"))
        .isZero();
  }

  @Test
  void twentyThousandParcelsWithEnterprisesAndThreeYearsOfIndicators() {
    assertThat(count("SELECT count(*) FROM parcel")).isEqualTo(20_000);
    assertThat(count("SELECT count(DISTINCT year) FROM annual_indicator")).isEqualTo(3);
    // some enterprises hold several parcels; some parcels (factory buildings) several enterprises
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT enterprise_id FROM parcel_enterprise GROUP BY 1"
                    + " HAVING count(*) > 1) x"))
        .isGreaterThan(100);
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT parcel_id FROM parcel_enterprise GROUP BY 1"
                    + " HAVING count(*) > 1) x"))
        .isGreaterThan(50);
  }

  @Test
  void perMuFiguresFollowRealisticDistributions() {
    // tax per mu of each enterprise-year: median 20–30 万元/亩, a long tail, some near zero
    String perMu =
        "SELECT i.tax_10k_cny / l.mu AS tax, i.fixed_asset_investment_10k_cny / l.mu AS inv"
            + " FROM annual_indicator i JOIN (SELECT pe.enterprise_id, sum(p.area_m2 * pe.floor_area_share) / "
            + MU
            + " AS mu FROM parcel_enterprise pe JOIN parcel p ON p.id = pe.parcel_id GROUP BY 1) l"
            + " ON l.enterprise_id = i.enterprise_id WHERE i.year = 2025";
    double median =
        number("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY tax) FROM (" + perMu + ") x");
    double p95 =
        number("SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY tax) FROM (" + perMu + ") x");
    double nearZero = number("SELECT avg((tax < 2)::int) FROM (" + perMu + ") x");
    double investment =
        number("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY inv) FROM (" + perMu + ") x");
    assertThat(median).isBetween(18.0, 32.0);
    assertThat(p95).isGreaterThan(2.5 * median);
    assertThat(nearZero).isBetween(0.02, 0.2);
    assertThat(investment).isBetween(250.0, 500.0);
  }

  @Test
  void agreementsCoverTheLandGrantedSince2018AndSomeAreBreached() {
    assertThat(
            count(
                "SELECT count(*) FROM parcel p LEFT JOIN supervision_agreement a ON a.parcel_id = p.id"
                    + " WHERE (p.granted_on >= '2018-01-01') <> (a.id IS NOT NULL)"))
        .isZero();
    long late =
        count(
            "SELECT count(*) FROM supervision_agreement a JOIN parcel p ON p.id = a.parcel_id"
                + " WHERE p.works_started_on > a.start_works_by");
    long idle =
        count(
            "SELECT count(*) FROM supervision_agreement a JOIN parcel p ON p.id = a.parcel_id"
                + " WHERE p.works_started_on IS NULL AND a.start_works_by < '2026-06-30'");
    long kept =
        count(
            "SELECT count(*) FROM supervision_agreement a JOIN parcel p ON p.id = a.parcel_id"
                + " WHERE p.works_started_on <= a.start_works_by");
    assertThat(late).isGreaterThan(100);
    assertThat(idle).isGreaterThan(50);
    assertThat(kept).isGreaterThan(late);
  }

  @Test
  void aThousandVillageParksInEveryStateAndThirtyThreeModernOnes() {
    assertThat(count("SELECT count(*) FROM village_park")).isEqualTo(1000);
    assertThat(count("SELECT count(DISTINCT status) FROM village_park")).isEqualTo(6);
    assertThat(
            count(
                "SELECT count(*) FROM village_park WHERE modern_park AND area_m2 >= 1000 * " + MU))
        .isEqualTo(33);
    long crossing =
        count(
            "SELECT count(*) FROM village_park v WHERE EXISTS (SELECT 1 FROM industrial_cluster c"
                + " WHERE c.geom && v.geom AND ST_Intersects(c.geom, v.geom) AND NOT ST_Covers(c.geom, v.geom))");
    long inside =
        count(
            "SELECT count(*) FROM village_park v WHERE EXISTS (SELECT 1 FROM industrial_cluster c"
                + " WHERE c.geom && v.geom AND ST_Covers(c.geom, v.geom))");
    assertThat(crossing).as("parks across a cluster boundary").isGreaterThan(5);
    assertThat(inside).as("parks inside a cluster").isGreaterThan(100);
  }

  @Test
  void aFewHundredFactoryBuildingsInsideTheirParcels() {
    assertThat(count("SELECT count(*) FROM factory_building")).isBetween(150L, 600L);
    assertThat(
            count(
                "SELECT count(*) FROM factory_building f JOIN parcel p ON p.id = f.parcel_id"
                    + " WHERE NOT ST_Covers(p.geom, f.geom)"))
        .isZero();
  }

  @Test
  void namedClustersLieInTheirRealDistricts() {
    assertThat(districtsOf("佛北战新产业园")).containsExactly("440605", "440607");
    assertThat(districtsOf("三龙湾高端创新集聚区")).contains("440604", "440606");
    assertThat(districtsOf("云东海生物港")).containsExactly("440607");
    assertThat(districtsOf("丹灶新能源产业基地")).containsExactly("440605");
    assertThat(districtsOf("北滘智能家电产业园")).containsExactly("440606");
    assertThat(districtsOf("高明沧江工业园")).containsExactly("440608");
  }

  private List<String> districtsOf(String cluster) {
    return jdbc.sql(
            "SELECT DISTINCT r.district_code FROM red_line r JOIN industrial_cluster c ON c.id = r.cluster_id"
                + " WHERE c.name = :name ORDER BY 1")
        .param("name", cluster)
        .query(String.class)
        .list();
  }

  @Test
  void theDemoCityIsRecordedAsOneChangeSetAndDescribed() {
    // the city in change set 1; its planning zones, a plan of their own, in change set 2
    assertThat(count("SELECT count(*) FROM change_set")).isEqualTo(2);
    assertThat(count("SELECT count(DISTINCT change_set_id) FROM parcel")).isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT DISTINCT change_set_id FROM planning_zone").query(Long.class).single())
        .isEqualTo(2L);
    assertThat(
            jdbc.sql("SELECT value FROM dataset_info WHERE key = 'kind'")
                .query(String.class)
                .single())
        .isEqualTo("demo");
    assertThat(number("SELECT min(revision) FROM layer_revision")).isGreaterThan(0);
  }

  @Test
  void eachDistrictHasAMajorProjectHoldingReadyPiecesOfItsOwnDistrict() {
    // one project per district, each with a land demand and its level
    assertThat(count("SELECT count(DISTINCT district_code) FROM major_project")).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM major_project WHERE level = 'PROVINCIAL'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM major_project WHERE enterprise_id IS NOT NULL"))
        .isEqualTo(2);
    // the pieces kept: READY, of the project's district, each for one project
    assertThat(count("SELECT count(*) FROM major_project_piece")).isGreaterThanOrEqualTo(6);
    assertThat(
            count(
                "SELECT count(*) FROM major_project_piece a JOIN major_project p ON p.id = a.project_id"
                    + " JOIN reserve_land r ON r.id = a.reserve_land_id"
                    + " WHERE r.stage <> 'READY' OR r.district_code <> p.district_code"
                    + " OR a.released_on IS NOT NULL"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT reserve_land_id FROM major_project_piece"
                    + " GROUP BY 1 HAVING count(*) > 1) t"))
        .isZero();
    // pieces that fit each project's demand, as a bureau assigns them: every project holds some,
    // none more than 110% of its demand (三水's 600 mu project holds 562 mu, not its district's
    // largest piece of 1,348), and a project is short of 90% only when no free READY piece of its
    // district fits in the room left under 110%
    assertThat(count("SELECT count(*) FROM major_project_land WHERE pieces = 0")).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM major_project p JOIN major_project_land l ON l.project_id = p.id"
                    + " WHERE l.assigned_m2 * 15 / 10000 > 1.1 * p.land_demand_mu"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM major_project p JOIN major_project_land l ON l.project_id = p.id"
                    + " WHERE l.assigned_m2 * 15 / 10000 < 0.9 * p.land_demand_mu"
                    + " AND EXISTS (SELECT 1 FROM reserve_land r WHERE r.district_code = p.district_code"
                    + " AND r.stage = 'READY'"
                    + " AND (l.assigned_m2 + r.area_m2) * 15 / 10000 <= 1.1 * p.land_demand_mu"
                    + " AND NOT EXISTS (SELECT 1 FROM major_project_piece a WHERE a.reserve_land_id = r.id))"))
        .isZero();
  }
}
