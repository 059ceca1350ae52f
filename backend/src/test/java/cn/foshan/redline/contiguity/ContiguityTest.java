package cn.foshan.redline.contiguity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.contiguity.Contiguity.By;
import cn.foshan.redline.contiguity.Contiguity.Layer;
import cn.foshan.redline.contiguity.Contiguity.UnitPatches;
import cn.foshan.redline.system.OwnerDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * 集聚连片 on hand-drawn red line ({@link ContiguityCity}), on a real PostGIS. With the gap tolerance
 * of 5 m: 4 patches of 5 pieces, 1,875 mu in all, mean 468.75 mu, largest 1,620 mu (A and B); in
 * patches of ≥ 1,000 mu: 1,620 mu, a share of 1,620 / 1,875 = 0.864. With 15 m, C joins A and B: 3
 * patches, the largest 1,755 mu, share 1,755 / 1,875 = 0.936. A, B, C lie in cluster K1 (2 patches
 * at 5 m: 1,620 and 135 mu, share 1,620 / 1,755 = 0.923077), D in K2 (2 patches of 60 mu, share 0).
 * (1 mu = 10000/15 m².)
 *
 * <p>Areas are ellipsoidal: the projection's scale at 113°E, 23°N is k = 1 + (Δλ cos φ)²/2 = 1 +
 * (0.017453 × 0.920505)²/2 = 1.000129, so the planar m² above overstate the ellipsoidal by k² =
 * 1.000258: 1,620 mu planar is 1,619.58 mu on the ellipsoid. The areas are checked to 0.01% of
 * that; the shares are ratios of areas within 1.5 km of each other, where k² is the same to 1e-6.
 */
class ContiguityTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("contiguity");

  /** A person's own PostgreSQL login (a member of redline_editor), as in psql. */
  private static final String PERSON = "redline_test_person";

  /** Planar 4547 m² → ellipsoidal mu at 113°E 23°N. */
  private static final double K2 = 1.000258;

  @Autowired private OwnerDatabase owner;
  @Autowired private ContiguityProperties properties;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  private static double mu(double planarM2) {
    return planarM2 / K2 * 15 / 10000;
  }

  private ContiguityCity city;

  @BeforeEach
  void city() {
    city = new ContiguityCity(jdbc);
    city.build();
  }

  private static JsonNode unit(JsonNode answer, String code) {
    for (JsonNode u : answer.get("units")) {
      if (code.equals(u.get("code").asText(null))) {
        return u;
      }
    }
    throw new AssertionError(code + " not in " + answer);
  }

  private static void assertMu(JsonNode value, double planarM2) {
    assertThat(value.asDouble()).isCloseTo(mu(planarM2), within(mu(planarM2) * 1e-4 + 0.01));
  }

  @Test
  void piecesWithinFiveMetresArePatchesPerDistrict() throws Exception {
    JsonNode answer = getJson("/api/contiguity?layer=red_line&by=district");
    assertThat(answer.get("gapM").asDouble()).isEqualTo(5.0);
    assertThat(answer.get("bigBlockMu").asDouble()).isEqualTo(1000.0);
    JsonNode nanhai = unit(answer, "440605");
    assertThat(nanhai.get("patches").asInt()).isEqualTo(4);
    assertThat(nanhai.get("pieces").asInt()).isEqualTo(5);
    assertMu(nanhai.get("areaMu"), 1_250_000);
    assertMu(nanhai.get("meanPatchMu"), 1_250_000 / 4.0);
    assertMu(nanhai.get("largestPatchMu"), 1_080_000);
    assertMu(nanhai.get("bigBlockAreaMu"), 1_080_000);
    assertThat(nanhai.get("bigBlockShare").asDouble()).isCloseTo(0.864, within(1e-5));
    // a district without red line: no patches, no share
    JsonNode shunde = unit(answer, "440606");
    assertThat(shunde.get("patches").asInt()).isZero();
    assertThat(shunde.get("bigBlockShare").asDouble()).isZero();
    assertThat(answer.at("/total/patches").asInt()).isEqualTo(4);
    assertThat(answer.at("/total/bigBlockShare").asDouble()).isCloseTo(0.864, within(1e-5));
  }

  @Test
  void byClusterEachClusterHasItsPatches() throws Exception {
    JsonNode answer = getJson("/api/contiguity?layer=red_line&by=cluster");
    JsonNode k1 = unit(answer, "K1");
    assertThat(k1.get("patches").asInt()).isEqualTo(2);
    assertMu(k1.get("largestPatchMu"), 1_080_000);
    assertThat(k1.get("bigBlockShare").asDouble()).isCloseTo(1620.0 / 1755, within(1e-5));
    JsonNode k2 = unit(answer, "K2");
    assertThat(k2.get("patches").asInt()).isEqualTo(2);
    assertMu(k2.get("largestPatchMu"), 40_000);
    assertThat(k2.get("bigBlockShare").asDouble()).isZero();
  }

  @Test
  void aWiderToleranceJoinsThePieceTenMetresAway() {
    TransactionTemplate transactions = owner.transactions();
    Contiguity wider =
        new Contiguity(jdbc, new ContiguityProperties(15.0, 1000.0, 10, false), transactions);
    UnitPatches nanhai =
        wider.compute(Layer.RED_LINE, By.DISTRICT, null).units().stream()
            .filter(u -> "440605".equals(u.code()))
            .findFirst()
            .orElseThrow();
    assertThat(nanhai.patches()).isEqualTo(3);
    assertThat(nanhai.largestPatchMu()).isCloseTo(mu(1_170_000), within(mu(1_170_000) * 1e-4));
    assertThat(nanhai.bigBlockShare()).isCloseTo(0.936, within(1e-5));
  }

  @Test
  void theTrendReadsTheHistoryAtEachYearsEnd() throws Exception {
    // C moved to touch B (a change set committed now): A, B and C become one patch
    jdbc.sql(
            "UPDATE red_line SET change_set_id = 2, geom = ST_Multi(ST_GeomFromText(:wkt, 4490))"
                + " WHERE code = 'C'")
        .param("wkt", city.rectangle(1200, 0, 1500, 300))
        .update();
    JsonNode now = getJson("/api/contiguity?layer=red_line&by=district");
    assertThat(unit(now, "440605").get("patches").asInt()).isEqualTo(3);
    JsonNode then =
        getJson("/api/contiguity?layer=red_line&by=district&asOf=2025-06-30T00:00:00%2B08:00");
    assertThat(unit(then, "440605").get("patches").asInt()).isEqualTo(4);

    JsonNode trend = getJson("/api/contiguity/trend?layer=red_line&by=district");
    int thisYear = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
    JsonNode points = trend.get("points");
    // the history starts with the first change set, committed at the start of 2024
    assertThat(points).hasSize(thisYear - 2024 + 1);
    for (int i = 0; i < points.size(); i++) {
      JsonNode p = points.get(i);
      assertThat(p.get("year").asInt()).isEqualTo(2024 + i);
      int patches = unit(p, "440605").get("patches").asInt();
      assertThat(patches)
          .as("patches at the end of " + (2024 + i))
          .isEqualTo(i < points.size() - 1 ? 4 : 3);
    }
    assertThat(points.get(0).get("asOf").asText()).isEqualTo("2024-12-31T16:00:00Z");
  }

  /**
   * An import of a 10 × 10 grid of 100 m parcels (G{i}-{j}: x from 103 i, y from 110 j), 3 m apart
   * along a row and 10 m between rows, the western five in K1 and the rest outside every cluster:
   * 10 patches (the rows) of 10 pieces. Then, by plain SQL, each compared with a fresh
   * ST_ClusterDBSCAN (the figures of every unit, and every patch's pieces and area, both ways):
   *
   * <pre>
   *   move   G0-0 7 m north: 3 m from G0-1, rows 0 and 1 merge       9 patches, 100 pieces
   *   split  G5-3 into x 515–560 and 570–615 (10 m): row 3 splits   10 patches, 101 pieces
   *   delete G2-7 (106 m between G1-7 and G3-7): row 7 splits       11 patches, 100 pieces
   *   two parts 500 m north of the grid, 50 m apart                 13 patches, 102 pieces
   *   G4-8 out of K1 (by cluster only), an attribute alone (nothing), the red line's C moved onto
   *   B (A, B, C one patch: 3 patches) and A moved 10 m west of B (4 patches)
   * </pre>
   */
  @Test
  void theKeptLabelsAreThoseOfAFreshClusteringAfterWritesOfEveryKind() {
    grid("G", 10, 10, 103, 5);
    assertKeptAsFresh(10, 100);

    jdbc.sql("UPDATE parcel SET change_set_id = 2, geom = ST_GeomFromEWKT(:g) WHERE code = 'G0-0'")
        .param("g", city.multi(0, 3007, 100, 3107))
        .update();
    assertKeptAsFresh(9, 100);

    // a split as the editor writes it: the parcel's new shape and a new parcel, in one transaction
    owner
        .transactions()
        .executeWithoutResult(
            status -> {
              jdbc.sql(
                      "UPDATE parcel SET change_set_id = 2, geom = ST_GeomFromEWKT(:g) WHERE code = 'G5-3'")
                  .param("g", city.multi(515, 3330, 560, 3430))
                  .update();
              jdbc.sql(
                      "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on,"
                          + " geom, change_set_id) VALUES ('G5-3b', '440605', '0601', 'GRANT',"
                          + " DATE '2020-01-01', ST_GeomFromEWKT(:g), 2)")
                  .param("g", city.multi(570, 3330, 615, 3430))
                  .update();
            });
    assertKeptAsFresh(10, 101);

    owner
        .transactions()
        .executeWithoutResult(
            status -> {
              jdbc.sql("SET LOCAL redline.change_set_id = 2").update();
              jdbc.sql("DELETE FROM parcel WHERE code = 'G2-7'").update();
            });
    assertKeptAsFresh(11, 100);

    String part1 = city.rectangle(0, 4600, 100, 4700).replace("POLYGON", "");
    String part2 = city.rectangle(150, 4600, 250, 4700).replace("POLYGON", "");
    jdbc.sql(
            "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on, geom,"
                + " change_set_id) VALUES ('M', '440605', '0601', 'GRANT', DATE '2020-01-01',"
                + " ST_GeomFromText(:wkt, 4490), 1)")
        .param("wkt", "MULTIPOLYGON(" + part1 + "," + part2 + ")")
        .update();
    assertKeptAsFresh(13, 102);

    jdbc.sql("UPDATE parcel SET change_set_id = 2, cluster_id = NULL WHERE code = 'G4-8'").update();
    jdbc.sql("UPDATE parcel SET change_set_id = 2, floor_area_m2 = 1000 WHERE change_set_id = 1")
        .update();
    assertKeptAsFresh(13, 102);

    jdbc.sql("UPDATE red_line SET change_set_id = 2, geom = ST_GeomFromEWKT(:g) WHERE code = 'C'")
        .param("g", city.multi(1200, 0, 1500, 300))
        .update();
    assertThat(redLinePatches()).isEqualTo(3);
    jdbc.sql("UPDATE red_line SET change_set_id = 2, geom = ST_GeomFromEWKT(:g) WHERE code = 'A'")
        .param("g", city.multi(-10, 0, 890, 900))
        .update();
    assertThat(redLinePatches()).isEqualTo(4);
    assertKeptAsFresh(13, 102);
  }

  /**
   * V54's cheap paths, on the same grid (G{i}-{j}: x 103 i to 103 i + 100, y 3000 + 110 j to 3100 +
   * 110 j; rows 3 m apart inside, 10 m between rows; i &lt; 5 in K1): a write whose new shape makes
   * every link its old shape made carries its label (no clustering); a lost link clusters that
   * patch again; new pieces join what they reach. Each step compared with a fresh ST_ClusterDBSCAN:
   *
   * <pre>
   *   G0-5 moved 1 cm east: carried, and its patch keeps G0-5's old piece id as its label  10 patches, 100 pieces
   *   row 2 moved 1 m east in one statement (every link between two moved pieces)          10, 100
   *   G3-4 moved 2.5 m east: 5.5 m from G2-4, row 4 splits                                 11, 100
   *   N, x 0–100, y 3872–3878: 2 m from rows 7 and 8, joins them                          10, 101
   *   P1, P2 in one statement, 4 m apart, 3 km east of the grid: one new patch             11, 103
   *   G9-0 moved 7 m north (G8-0 still 3 m west): carried, and joins row 1                 10, 103
   *   one statement: row 9 moved 1 cm, and G5-6 cut to x 520–615 (8 m from G4-6): splits  11, 103
   * </pre>
   */
  @Test
  void movesThatKeepTheirLinksCarryTheirLabelsAndNewPiecesJoinWhatTheyReach() {
    grid("G", 10, 10, 103, 5);
    assertKeptAsFresh(10, 100);
    long g05 =
        jdbc.sql(
                "SELECT c.id FROM contiguity_piece c JOIN parcel t ON t.id = c.feature_id"
                    + " WHERE c.layer = 'parcel' AND t.code = 'G0-5'")
            .query(Long.class)
            .single();

    move("code = 'G0-5'", 0.01, 0);
    assertKeptAsFresh(10, 100);
    assertThat(
            jdbc.sql(
                    "SELECT DISTINCT c.district_patch FROM contiguity_piece c JOIN parcel t ON"
                        + " t.id = c.feature_id WHERE c.layer = 'parcel' AND t.code LIKE 'G%-5'")
                .query(Long.class)
                .list())
        .as("row 5 is one patch, labelled as before the move (G0-5's old piece, now gone)")
        .containsExactly(g05);

    move("code LIKE 'G%-2'", 1, 0);
    assertKeptAsFresh(10, 100);
    move("code = 'G3-4'", 2.5, 0);
    assertKeptAsFresh(11, 100);

    insertParcel("N", city.multi(0, 3872, 100, 3878));
    assertKeptAsFresh(10, 101);
    rectangles(
        "VALUES ('P1', NULL::bigint, 3000, 3000, 3100, 3100), ('P2', NULL, 3104, 3000, 3204, 3100)",
        Map.of());
    assertKeptAsFresh(11, 103);

    move("code = 'G9-0'", 0, 7);
    assertKeptAsFresh(10, 103);

    jdbc.sql(
            "UPDATE parcel SET change_set_id = 2, geom = CASE WHEN code = 'G5-6' THEN"
                + " ST_GeomFromEWKT(:cut) ELSE ST_Multi(ST_Transform(ST_Translate(ST_Transform("
                + "geom, 4547), 0.01, 0), 4490)) END WHERE code = 'G5-6' OR code LIKE 'G%-9'")
        .param("cut", city.multi(520, 3660, 615, 3760))
        .update();
    assertKeptAsFresh(11, 103);
  }

  /**
   * A statement of more than 500 features takes V51's way (the stale patches and the new pieces
   * clustered together): a grid of 26 × 20 = 520 parcels (rows of 26, 3 m apart; rows 10 m apart)
   * is 20 patches; all of it moved 1 cm in one statement, with H7-4 cut to x 728–821 (7 m from
   * H6-4) in the same statement, 21 patches; compared with a fresh ST_ClusterDBSCAN.
   */
  @Test
  void aStatementOfManyFeaturesIsClusteredAgainWhole() {
    grid("H", 26, 20, 103, 0);
    assertKeptAsFresh(20, 520);
    jdbc.sql(
            "UPDATE parcel SET change_set_id = 2, geom = CASE WHEN code = 'H7-4' THEN"
                + " ST_GeomFromEWKT(:cut) ELSE ST_Multi(ST_Transform(ST_Translate(ST_Transform("
                + "geom, 4547), 0.01, 0), 4490)) END WHERE code LIKE 'H%'")
        .param("cut", city.multi(728, 3440, 821, 3540))
        .update();
    assertKeptAsFresh(21, 520);
  }

  /**
   * A statement of more than 500 features joins the patches its new shapes reach, of the unit of
   * each kind (V67 finds them before the pieces change): the grid of 26 × 20 parcels, Z 8 m east of
   * row 0's last parcel (outside every cluster, as the grid) and Z2 8 m east of row 1's (in K1), 22
   * patches; the grid moved 4 m east in one statement: Z joins row 0 by district and by cluster, Z2
   * row 1 by district only (20 patches of 南海), compared with a fresh ST_ClusterDBSCAN.
   */
  @Test
  void aStatementOfManyFeaturesJoinsThePatchesItReaches() {
    grid("H", 26, 20, 103, 0);
    rectangles(
        "VALUES ('Z', NULL::bigint, 2683, 3000, 2783, 3100), ('Z2', (SELECT id FROM"
            + " industrial_cluster WHERE code = 'K1'), 2683, 3110, 2783, 3210)",
        Map.of());
    assertKeptAsFresh(22, 522);
    move("code LIKE 'H%'", 4, 0);
    assertKeptAsFresh(20, 522);
  }

  /**
   * A join of more than 1,000 links (V54's contiguity_join: a fresh group or a carried piece to a
   * patch within the gap) takes V51's way: the patches it links and the new pieces clustered
   * together, each labelled by its smallest piece. A grid of 101 × 10 parcels 10 m apart every way
   * (I{i}-{j}: x 110 i to 110 i + 100, y 3000 + 110 j to 3100 + 110 j), 1,010 patches of one piece,
   * and Q1, Q2 3 m apart, 13 m east of row 0 (one patch of two, labelled by Q1's piece). Then, in
   * one statement, five strips 4 m high in the gaps between rows 0 and 1, 2 and 3, … 8 and 9 (3 m
   * from each), the first reaching Q1 and Q2: 5 × 202 + 1 = 1,011 links, 5 patches (4 of 203
   * pieces, one of 205), compared with a fresh ST_ClusterDBSCAN. A join would have labelled the
   * first by Q1's piece (the largest patch it joins); V51's way labels it by I0-0's, as every
   * patch.
   */
  @Test
  void aJoinOfMoreThanAThousandLinksIsClusteredAgainWhole() {
    grid("I", 101, 10, 110, 0);
    rectangles(
        "VALUES ('Q1', NULL::bigint, 11113, 3000, 11213, 3100), ('Q2', NULL, 11216, 3000, 11316, 3100)",
        Map.of());
    assertKeptAsFresh(1011, 1012);
    rectangles(
        "SELECT 'S' || k, NULL::bigint, 0, 3103 + 220 * k, CASE WHEN k = 0 THEN 11213 ELSE 11100"
            + " END, 3107 + 220 * k FROM generate_series(0, 4) k",
        Map.of());
    assertKeptAsFresh(5, 1017);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM (SELECT district_patch AS label, min(id) AS smallest"
                        + " FROM contiguity_piece WHERE layer = 'parcel' GROUP BY district_patch"
                        + " UNION ALL SELECT cluster_patch, min(id) FROM contiguity_piece"
                        + " WHERE layer = 'parcel' GROUP BY cluster_patch) l"
                        + " WHERE label <> smallest")
                .query(Long.class)
                .single())
        .as("patches not labelled by their smallest piece (a join's labels, not V51's)")
        .isZero();
  }

  /**
   * A grid of columns × rows parcels of 100 m in 南海, in one statement (an import): {prefix}{i}-{j}
   * from x = step × i, y = 3000 + 110 j (rows 10 m apart), the first k1Columns columns in K1.
   */
  private void grid(String prefix, int columns, int rows, double step, int k1Columns) {
    rectangles(
        "SELECT :prefix || i || '-' || j, CASE WHEN i < :k1Columns THEN (SELECT id FROM"
            + " industrial_cluster WHERE code = 'K1') END, :step * i, 3000 + 110 * j, :step * i"
            + " + 100, 3100 + 110 * j FROM generate_series(0, :columns - 1) i,"
            + " generate_series(0, :rows - 1) j",
        Map.of(
            "prefix",
            prefix,
            "k1Columns",
            k1Columns,
            "step",
            step,
            "columns",
            columns,
            "rows",
            rows));
  }

  /**
   * Parcels in 南海 in one statement, one a row of {@code select} (code, cluster id, x0, y0, x1, y1):
   * rectangles x0..x1 × y0..y1 metres from 113°E 23°N (EPSG:4547).
   */
  private void rectangles(String select, Map<String, ?> params) {
    jdbc.sql(
            "INSERT INTO parcel (code, district_code, cluster_id, land_use, grant_type, granted_on,"
                + " geom, change_set_id) SELECT r.code, '440605', r.cluster, '0601', 'GRANT',"
                + " DATE '2020-01-01', ST_Multi(ST_Transform(ST_MakeEnvelope(ST_X(p) + r.x0,"
                + " ST_Y(p) + r.y0, ST_X(p) + r.x1, ST_Y(p) + r.y1, 4547), 4490)), 1 FROM (SELECT"
                + " ST_Transform(ST_SetSRID(ST_MakePoint(113.0, 23.0), 4490), 4547) AS p) o, ("
                + select
                + ") r(code, cluster, x0, y0, x1, y1)")
        .params(params)
        .update();
  }

  /** The parcels matching {@code where} moved dx, dy metres (EPSG:4547) in one statement. */
  private void move(String where, double dx, double dy) {
    jdbc.sql(
            "UPDATE parcel SET change_set_id = 2, geom = ST_Multi(ST_Transform(ST_Translate("
                + "ST_Transform(geom, 4547), :dx, :dy), 4490)) WHERE "
                + where)
        .param("dx", dx)
        .param("dy", dy)
        .update();
  }

  private void insertParcel(String code, String ewkt) {
    jdbc.sql(
            "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on, geom,"
                + " change_set_id) VALUES (:code, '440605', '0601', 'GRANT', DATE '2020-01-01',"
                + " ST_GeomFromEWKT(:g), 1)")
        .param("code", code)
        .param("g", ewkt)
        .update();
  }

  private int redLinePatches() {
    Contiguity contiguity = new Contiguity(jdbc, properties, owner.transactions());
    return contiguity.compute(Layer.RED_LINE, By.DISTRICT, null).units().stream()
        .filter(u -> "440605".equals(u.code()))
        .findFirst()
        .orElseThrow()
        .patches();
  }

  /**
   * The kept figures equal the fresh ones for both layers and both kinds of unit, every patch kept
   * is one of the fresh (its unit, pieces and area to the mm²), and 南海's parcels are in the patches
   * and pieces given.
   */
  private void assertKeptAsFresh(int nanhaiParcelPatches, int nanhaiParcelPieces) {
    Contiguity contiguity = new Contiguity(jdbc, properties, owner.transactions());
    for (Layer layer : Layer.values()) {
      for (By by : By.values()) {
        var kept = contiguity.compute(layer, by, null);
        var fresh = contiguity.clustered(layer, by, null);
        assertThat(kept.units()).hasSameSizeAs(fresh.units());
        for (int i = 0; i < kept.units().size(); i++) {
          UnitPatches k = kept.units().get(i);
          UnitPatches f = fresh.units().get(i);
          String what = layer + " by " + by + " " + f.name();
          assertThat(k.code()).as(what).isEqualTo(f.code());
          assertThat(k.patches()).as(what).isEqualTo(f.patches());
          assertThat(k.pieces()).as(what).isEqualTo(f.pieces());
          assertThat(k.areaMu()).as(what).isCloseTo(f.areaMu(), within(1e-6));
          assertThat(k.largestPatchMu()).as(what).isCloseTo(f.largestPatchMu(), within(1e-6));
          assertThat(k.bigBlockAreaMu()).as(what).isCloseTo(f.bigBlockAreaMu(), within(1e-6));
          assertThat(k.bigBlockShare()).as(what).isCloseTo(f.bigBlockShare(), within(1e-6));
        }
      }
    }
    // every patch, both ways: (unit, pieces, m² to the mm²)
    KeptPatches.assertAsFresh(jdbc);
    UnitPatches nanhai =
        contiguity.compute(Layer.INDUSTRIAL, By.DISTRICT, null).units().stream()
            .filter(u -> "440605".equals(u.code()))
            .findFirst()
            .orElseThrow();
    assertThat(nanhai.patches()).isEqualTo(nanhaiParcelPatches);
    assertThat(nanhai.pieces()).isEqualTo(nanhaiParcelPieces);
  }

  /**
   * A preview's transaction (V61's begin_preview): it cannot commit, for a person in psql (an
   * editor's login) or the service, also with the constraints set immediate, and none of them can
   * read or undo the mark. In it the parcels' labels are not kept (no preview reads them) and the
   * red line's are (the preview's fragmentation figures read them); rolled back, every label is as
   * a fresh clustering. A transaction whose savepoint undid a preview commits its own writes with
   * their labels kept.
   */
  @Test
  void aPreviewsTransactionCannotCommitAndKeepsOnlyTheRedLinesLabels() throws Exception {
    grid("G", 10, 10, 103, 5);
    assertKeptAsFresh(10, 100);
    String[][] logins = {
      {PERSON, PERSON}, {TestDatabase.SERVICE_USER, TestDatabase.SERVICE_PASSWORD}
    };
    for (String[] login : logins) {
      try (Connection c =
          DriverManager.getConnection(TestDatabase.url(SCHEMA), login[0], login[1])) {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("SELECT begin_preview()");
          st.execute("SELECT begin_preview()"); // again: still one
        }
        assertThatThrownBy(c::commit)
            .as(login[0])
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("预览的事务不能提交");
        try (Statement st = c.createStatement()) {
          st.execute("SELECT begin_preview()");
          assertThatThrownBy(() -> st.execute("SET CONSTRAINTS ALL IMMEDIATE"))
              .as(login[0])
              .hasMessageContaining("预览的事务不能提交");
        }
        c.rollback();
        c.setAutoCommit(true);
        for (String sql :
            new String[] {
              "SELECT * FROM preview_transaction",
              "DELETE FROM preview_transaction",
              "TRUNCATE preview_transaction",
              "INSERT INTO preview_transaction VALUES (pg_current_xact_id())",
              "ALTER TABLE preview_transaction DISABLE TRIGGER ALL",
              "SET session_replication_role = replica"
            }) {
          try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql))
                .as(login[0] + ": " + sql)
                .isInstanceOf(SQLException.class)
                .hasMessageMatching("(?s).*(permission denied|must be owner).*");
          }
        }
      }
    }
    String labels =
        "SELECT string_agg(concat_ws(':', id, feature_id, district_patch, cluster_patch), ','"
            + " ORDER BY id) FROM contiguity_piece WHERE layer = 'parcel'";
    String redLinePatches =
        "SELECT patches FROM contiguity_unit"
            + " WHERE layer = 'red_line' AND kind = 'district' AND unit = '440605'";
    String keptBefore = jdbc.sql(labels).query(String.class).single();
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SELECT begin_preview()");
      // G0-0 away from its row, G1-1 gone, a parcel more; C onto B (A, B, C one patch)
      st.execute(
          "UPDATE parcel SET change_set_id = 2, geom = ST_GeomFromEWKT('"
              + city.multi(0, 3007, 100, 3107)
              + "') WHERE code = 'G0-0'");
      st.execute("SET LOCAL redline.change_set_id = 2");
      st.execute("DELETE FROM parcel WHERE code = 'G1-1'");
      st.execute(
          "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on, geom,"
              + " change_set_id) VALUES ('N', '440605', '0601', 'GRANT', DATE '2020-01-01',"
              + " ST_GeomFromEWKT('"
              + city.multi(0, 4600, 100, 4700)
              + "'), 2)");
      st.execute(
          "UPDATE red_line SET change_set_id = 2, geom = ST_GeomFromEWKT('"
              + city.multi(1200, 0, 1500, 300)
              + "') WHERE code = 'C'");
      try (ResultSet rs = st.executeQuery(labels)) {
        rs.next();
        assertThat(rs.getString(1)).as("the parcels' labels, not kept").isEqualTo(keptBefore);
      }
      try (ResultSet rs = st.executeQuery(redLinePatches)) {
        rs.next();
        assertThat(rs.getInt(1)).as("the red line's patches, kept").isEqualTo(3);
      }
      c.rollback();
    }
    assertThat(jdbc.sql(labels).query(String.class).single()).isEqualTo(keptBefore);
    assertKeptAsFresh(10, 100);

    // a preview to a savepoint, rolled back; then the transaction's own write, committed
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL redline.change_set_id = 2");
      st.execute("SAVEPOINT preview");
      st.execute("SELECT begin_preview()");
      st.execute("DELETE FROM parcel WHERE code = 'G1-1'");
      st.execute("ROLLBACK TO SAVEPOINT preview");
      st.execute(
          "UPDATE parcel SET change_set_id = 2, geom = ST_GeomFromEWKT('"
              + city.multi(0, 3007, 100, 3107)
              + "') WHERE code = 'G0-0'");
      c.commit();
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM parcel WHERE code = 'G1-1'").query(Long.class).single())
        .isEqualTo(1);
    assertKeptAsFresh(9, 100);
  }

  @Test
  void anUnknownLayerOrUnitIsABadRequest() throws Exception {
    var client = new cn.foshan.redline.ServiceClient(port);
    var response = client.send("GET", "/api/contiguity?layer=roads", null, null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("red_line");
    assertThat(client.send("GET", "/api/contiguity/trend?by=town", null, null).statusCode())
        .isEqualTo(400);
  }
}
