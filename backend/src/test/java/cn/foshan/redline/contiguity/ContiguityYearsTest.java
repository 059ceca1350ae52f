package cn.foshan.redline.contiguity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.contiguity.Contiguity.By;
import cn.foshan.redline.contiguity.Contiguity.Layer;
import cn.foshan.redline.contiguity.Contiguity.Point;
import cn.foshan.redline.contiguity.Contiguity.Trend;
import cn.foshan.redline.contiguity.Contiguity.UnitPatches;
import cn.foshan.redline.system.OwnerDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The trend's past year ends kept by the database (V60), on a real PostGIS. In Nanhai, red line
 * drawn in 2024 (metres east and north of 113°E 23°N on EPSG:4547): A [0, 900] × [0, 900] and B
 * [900, 1200] × [0, 900] touching (one patch), C [1210, 1510] × [0, 300] 10 m east of B: two
 * patches with the gap of 5 m, one with 15 m. The history starts with a change set committed at the
 * start of 2024, so the trend has the ends of 2024, 2025, … and now.
 */
class ContiguityYearsTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("contiguity_years");

  @Autowired private Contiguity contiguity;
  @Autowired private OwnerDatabase owner;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  private String rectangle(double x0, double y0, double x1, double y1) {
    return jdbc.sql(
            "WITH o AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(113.0, 23.0), 4490), 4547) AS p)"
                + " SELECT ST_AsText(ST_Transform(ST_MakeEnvelope(ST_X(p) + :x0, ST_Y(p) + :y0,"
                + " ST_X(p) + :x1, ST_Y(p) + :y1, 4547), 4490), 12) FROM o")
        .param("x0", x0)
        .param("y0", y0)
        .param("x1", x1)
        .param("y1", y1)
        .query(String.class)
        .single();
  }

  private void redLine(String code, String wkt, String updatedAt) {
    jdbc.sql(
            "INSERT INTO red_line (code, district_code, cluster_id, designated_on, geom,"
                + " change_set_id, updated_at) VALUES (:code, '440605', (SELECT id FROM"
                + " industrial_cluster WHERE code = 'K1'), '2024-06-01',"
                + " ST_Multi(ST_GeomFromText(:wkt, 4490)), 1, CAST(:at AS timestamptz))")
        .param("code", code)
        .param("wkt", wkt)
        .param("at", updatedAt)
        .update();
  }

  @BeforeEach
  void city() {
    jdbc.sql("TRUNCATE district, change_set, feature_history RESTART IDENTITY CASCADE").update();
    jdbc.sql(
            "INSERT INTO change_set (author, reason, committed_at) VALUES"
                + " ('test', 'test', '2024-01-01T00:00+08'), ('test', 'move C', now())")
        .update();
    jdbc.sql("UPDATE city SET red_line_minimum_km2 = 0").update();
    jdbc.sql(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                + " ('440605', '南海区', 'Nanhai', 0,"
                + " ST_Multi(ST_MakeEnvelope(112.9, 22.9, 113.2, 23.2, 4490)))")
        .update();
    // one industrial cluster around all of it (the red line lies in clusters)
    jdbc.sql(
            "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                + " ('K1', 'K1集聚区', 'K1', ST_Multi(ST_GeomFromText(:wkt, 4490)), 1)")
        .param("wkt", rectangle(-100, -100, 4000, 4000))
        .update();
    redLine("A", rectangle(0, 0, 900, 900), "2024-06-01T00:00+08");
    redLine("B", rectangle(900, 0, 1200, 900), "2024-06-01T00:00+08");
    redLine("C", rectangle(1210, 0, 1510, 300), "2024-06-01T00:00+08");
  }

  private static int thisYear() {
    return LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
  }

  private static UnitPatches nanhai(List<UnitPatches> units) {
    return units.stream().filter(u -> "440605".equals(u.code())).findFirst().orElseThrow();
  }

  private int kept(String where) {
    return jdbc.sql("SELECT count(*) FROM contiguity_year WHERE " + where)
        .query(Integer.class)
        .single();
  }

  @Test
  void aKeptYearEndIsAFreshClusteringOfItsHistory() {
    assertThat(kept("true")).isZero();
    Trend trend = contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    assertThat(trend.making()).isEmpty();
    assertThat(trend.points()).hasSize(thisYear() - 2024 + 1);
    assertThat(kept("layer = 'red_line' AND kind = 'district' AND gap_m = 5"))
        .isEqualTo(thisYear() - 2024);
    for (Point p : trend.points().subList(0, trend.points().size() - 1)) {
      var fresh = contiguity.clustered(Layer.RED_LINE, By.DISTRICT, p.asOf());
      assertThat(p.units()).as("the end of " + p.year()).isEqualTo(fresh.units());
      assertThat(p.total()).isEqualTo(fresh.total());
      assertThat(nanhai(p.units()).patches()).isEqualTo(2);
    }
  }

  @Test
  void anEditAfterTheYearEndMovesTheCurrentPointOnly() {
    contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    OffsetDateTime made =
        jdbc.sql("SELECT max(computed_at) FROM contiguity_year")
            .query(OffsetDateTime.class)
            .single();
    // C moved to touch B, now: A, B and C one patch
    jdbc.sql(
            "UPDATE red_line SET change_set_id = 2, geom = ST_Multi(ST_GeomFromText(:wkt, 4490))"
                + " WHERE code = 'C'")
        .param("wkt", rectangle(1200, 0, 1500, 300))
        .update();
    Trend trend = contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    List<Point> points = trend.points();
    assertThat(nanhai(points.get(points.size() - 1).units()).patches()).isEqualTo(1);
    for (Point p : points.subList(0, points.size() - 1)) {
      assertThat(nanhai(p.units()).patches()).as("the end of " + p.year()).isEqualTo(2);
    }
    // the past year ends were neither forgotten nor made again
    assertThat(kept("true")).isEqualTo(thisYear() - 2024);
    assertThat(
            jdbc.sql("SELECT max(computed_at) FROM contiguity_year")
                .query(OffsetDateTime.class)
                .single())
        .isEqualTo(made);
  }

  @Test
  void anotherGapIsAnotherKey() throws Exception {
    Contiguity wider =
        new Contiguity(jdbc, new ContiguityProperties(15.0, 1000.0, 10), owner.transactions());
    try {
      contiguity.trend(Layer.RED_LINE, By.DISTRICT);
      Trend trend = wider.trend(Layer.RED_LINE, By.DISTRICT);
      assertThat(trend.making()).isEmpty();
      assertThat(kept("gap_m = 5")).isEqualTo(thisYear() - 2024);
      assertThat(kept("gap_m = 15")).isEqualTo(thisYear() - 2024);
      // at 15 m C joins A and B at every year end
      assertThat(nanhai(trend.points().get(0).units()).patches()).isEqualTo(1);
      assertThat(
              nanhai(contiguity.trend(Layer.RED_LINE, By.DISTRICT).points().get(0).units())
                  .patches())
          .isEqualTo(2);
    } finally {
      wider.destroy();
    }
  }

  @Test
  void aRowWrittenIntoThePastForgetsTheYearEndsAfterIt() {
    contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    contiguity.trend(Layer.RED_LINE, By.CLUSTER);
    int years = thisYear() - 2024;
    assertThat(kept("layer = 'red_line'")).isEqualTo(2 * years);
    // an insert dated in 2025 (as an import of a history may): the ends of 2025 on are forgotten
    redLine("E", rectangle(3000, 3000, 3100, 3100), "2025-03-01T00:00+08");
    assertThat(kept("layer = 'red_line'")).isEqualTo(2);
    assertThat(kept("year_end = '2025-01-01T00:00+08'")).isEqualTo(2);
    Trend trend = contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    assertThat(nanhai(trend.points().get(0).units()).patches()).isEqualTo(2);
    if (years > 1) {
      assertThat(nanhai(trend.points().get(1).units()).patches()).isEqualTo(3);
    }
    // the owner writing the history by hand: everything is forgotten
    jdbc.sql("UPDATE feature_history SET valid_to = valid_to WHERE false").update();
    assertThat(kept("true")).isZero();
  }

  @Test
  void theServiceLoginCannotWriteTheKeptFigures() throws Exception {
    contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    try (Connection c =
        DriverManager.getConnection(
            TestDatabase.url(SCHEMA), TestDatabase.SERVICE_USER, TestDatabase.SERVICE_PASSWORD)) {
      refused(c, "UPDATE contiguity_year_unit SET patches = 1", "permission denied");
      refused(c, "DELETE FROM contiguity_year", "permission denied");
      refused(
          c,
          "INSERT INTO contiguity_year (layer, kind, year_end, gap_m, big_m2, computed_at)"
              + " VALUES ('red_line', 'district', '2020-01-01T00:00+08', 7, 1, now())",
          "permission denied");
      refused(
          c,
          "INSERT INTO contiguity_year_unit SELECT layer, kind, year_end, gap_m, big_m2, 'x', 1,"
              + " 1, 1, 1, 1 FROM contiguity_year",
          "permission denied");
      refused(c, "SELECT forget_contiguity_years()", "permission denied");
      // the one function it may call makes the figures from the history itself, at year ends only
      refused(
          c,
          "SELECT keep_contiguity_year('red_line', 'district', '2024-06-01T00:00+08', 5, 666667)",
          "not a past year end");
      refused(
          c,
          "SELECT keep_contiguity_year('red_line', 'district', '2999-01-01T00:00+08', 5, 666667)",
          "not a past year end");
      try (Statement st = c.createStatement()) {
        st.execute(
            "SELECT keep_contiguity_year('red_line', 'district', '2025-01-01T00:00+08', 7, 1)");
      }
    }
    assertThat(
            jdbc.sql(
                    "SELECT patches FROM contiguity_year_unit WHERE gap_m = 7 AND year_end ="
                        + " '2025-01-01T00:00+08' AND unit = '440605'")
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  private static void refused(Connection c, String sql, String says) {
    assertThatThrownBy(
            () -> {
              try (Statement st = c.createStatement()) {
                st.execute(sql);
              }
            })
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(says);
  }
}
