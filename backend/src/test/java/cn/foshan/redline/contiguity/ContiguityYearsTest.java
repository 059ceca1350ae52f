package cn.foshan.redline.contiguity;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.Eventually;
import cn.foshan.redline.RedlineApplication;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.contiguity.Contiguity.By;
import cn.foshan.redline.contiguity.Contiguity.Layer;
import cn.foshan.redline.contiguity.Contiguity.Point;
import cn.foshan.redline.contiguity.Contiguity.Trend;
import cn.foshan.redline.contiguity.Contiguity.UnitPatches;
import cn.foshan.redline.system.OwnerDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The trend's past year ends kept by the database (V60), on a real PostGIS, in the city of {@link
 * ContiguityCity}: in 南海, A and B touching (one patch), C 10 m east of B, and D's two parts 50 m
 * apart: four patches with the gap of 5 m, three with 15 m (C joins A and B). The history starts
 * with a change set committed at the start of 2024, so the trend has the ends of 2024, 2025, … and
 * now.
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

  private ContiguityCity city;

  @BeforeEach
  void city() {
    city = new ContiguityCity(jdbc);
    city.build();
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
      assertThat(nanhai(p.units()).patches()).isEqualTo(4);
    }
  }

  /**
   * Issue 15: the past year ends are made at start, not on the first trend request. A second
   * service started on this city (its history from 2024, no year end kept) with {@code
   * redline.contiguity.keep-years-on-start=false} starts nothing; started with the default, it
   * makes every past year end of both layers by both kinds of unit by itself, with no request made
   * to it or to this one; they are a fresh clustering of the history, and a trend asked afterwards
   * makes none again.
   */
  @Test
  void aServiceStartedOnAHistoryMakesItsPastYearEndsWithoutARequest() throws Exception {
    int years = thisYear() - 2024;
    assertThat(kept("true")).isZero();
    try (ConfigurableApplicationContext off = service(false)) {
      // the start's making is started within run(): nothing started is nothing to wait for
      assertThat(off.getBean(Contiguity.class).beingMade()).isZero();
    }
    assertThat(kept("true")).isZero();
    try (ConfigurableApplicationContext on = service(true)) {
      Eventually.until(
          "every past year end kept", Duration.ofMinutes(3), () -> kept("true") == 4 * years);
    }
    OffsetDateTime made =
        jdbc.sql("SELECT max(computed_at) FROM contiguity_year")
            .query(OffsetDateTime.class)
            .single();
    for (By by : By.values()) {
      Trend trend = contiguity.trend(Layer.RED_LINE, by);
      assertThat(trend.making()).isEmpty();
      for (Point p : trend.points().subList(0, trend.points().size() - 1)) {
        var fresh = contiguity.clustered(Layer.RED_LINE, by, p.asOf());
        assertThat(p.units()).as(by + " at the end of " + p.year()).isEqualTo(fresh.units());
      }
    }
    assertThat(kept("true")).isEqualTo(4 * years);
    assertThat(
            jdbc.sql("SELECT max(computed_at) FROM contiguity_year")
                .query(OffsetDateTime.class)
                .single())
        .isEqualTo(made);
  }

  /** The whole service again, on this class's schema (its migrations applied already). */
  private static ConfigurableApplicationContext service(boolean keepYearsOnStart) {
    return new SpringApplicationBuilder(RedlineApplication.class)
        .run(
            TestDatabase.serviceArguments(
                SCHEMA,
                "--server.port=0",
                "--redline.demo.enabled=false",
                "--redline.efficiency.compute-on-start=false",
                "--redline.contiguity.keep-years-on-start=" + keepYearsOnStart));
  }

  /**
   * The makings of year ends are known only while they run: once the trend has its year ends, the
   * service holds none of them (it held every finished one, for good, before).
   */
  @Test
  void aYearEndMadeIsNoLongerHeldAsBeingMade() throws Exception {
    Trend trend = contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    assertThat(trend.making()).isEmpty();
    assertThat(kept("true")).isEqualTo(thisYear() - 2024);
    Eventually.until(
        "the ended makings forgotten", Duration.ofSeconds(30), () -> contiguity.beingMade() == 0);
    contiguity.trend(Layer.RED_LINE, By.CLUSTER);
    assertThat(kept("true")).isEqualTo(2 * (thisYear() - 2024));
    Eventually.until(
        "the ended makings forgotten", Duration.ofSeconds(30), () -> contiguity.beingMade() == 0);
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
        .param("wkt", city.rectangle(1200, 0, 1500, 300))
        .update();
    Trend trend = contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    List<Point> points = trend.points();
    assertThat(nanhai(points.get(points.size() - 1).units()).patches()).isEqualTo(3);
    for (Point p : points.subList(0, points.size() - 1)) {
      assertThat(nanhai(p.units()).patches()).as("the end of " + p.year()).isEqualTo(4);
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
        new Contiguity(
            jdbc, new ContiguityProperties(15.0, 1000.0, 10, false), owner.transactions());
    try {
      contiguity.trend(Layer.RED_LINE, By.DISTRICT);
      Trend trend = wider.trend(Layer.RED_LINE, By.DISTRICT);
      assertThat(trend.making()).isEmpty();
      assertThat(kept("gap_m = 5")).isEqualTo(thisYear() - 2024);
      assertThat(kept("gap_m = 15")).isEqualTo(thisYear() - 2024);
      // at 15 m C joins A and B at every year end
      assertThat(nanhai(trend.points().get(0).units()).patches()).isEqualTo(3);
      assertThat(
              nanhai(contiguity.trend(Layer.RED_LINE, By.DISTRICT).points().get(0).units())
                  .patches())
          .isEqualTo(4);
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
    // an insert dated in 2025 (as an import of a history may): the ends of 2025 on are forgotten;
    // E lies in K1, 100 m from B and 200 m from C: a patch of its own
    city.redLine("E", "K1", city.rectangle(1300, 500, 1400, 600), "2025-03-01T00:00+08");
    assertThat(kept("layer = 'red_line'")).isEqualTo(2);
    assertThat(kept("year_end = '2025-01-01T00:00+08'")).isEqualTo(2);
    Trend trend = contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    assertThat(nanhai(trend.points().get(0).units()).patches()).isEqualTo(4);
    if (years > 1) {
      assertThat(nanhai(trend.points().get(1).units()).patches()).isEqualTo(5);
    }
    // the owner writing the history by hand: everything is forgotten
    jdbc.sql("UPDATE feature_history SET valid_to = valid_to WHERE false").update();
    assertThat(kept("true")).isZero();
  }

  @Test
  void theServiceLoginCannotWriteTheKeptFigures() throws Exception {
    contiguity.trend(Layer.RED_LINE, By.DISTRICT);
    try (Connection c = TestDatabase.actingFor(SCHEMA, "")) {
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
        .isEqualTo(4);
  }

  /**
   * The big-block size is bounded as the gap is (V63), by the database and by the service's setting
   * alike: the largest size the setting takes (6,000,000 mu, 4e9 m²) the database keeps figures
   * for; a larger one, or infinity, both refuse.
   */
  @Test
  void theBigBlockSizeIsBoundedAsTheGapIs() throws Exception {
    ContiguityProperties largest =
        new ContiguityProperties(5.0, ContiguityProperties.MAX_BIG_BLOCK_MU, 10, false);
    Contiguity big = new Contiguity(jdbc, largest, owner.transactions());
    try {
      Trend trend = big.trend(Layer.RED_LINE, By.DISTRICT);
      assertThat(trend.making()).isEmpty();
      assertThat(kept("big_m2 = 4e9")).isEqualTo(thisYear() - 2024);
      assertThat(nanhai(trend.points().get(0).units()).bigBlockShare()).isZero();
    } finally {
      big.destroy();
    }
    for (double mu : new double[] {6_000_001, Double.POSITIVE_INFINITY, Double.NaN, 0, -1}) {
      assertThatThrownBy(() -> new ContiguityProperties(5.0, mu, 10, false))
          .as("big-block-mu " + mu)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("集聚连片设置有误");
    }
    try (Connection c = TestDatabase.actingFor(SCHEMA, "")) {
      for (String m2 : new String[] {"4000000001", "'Infinity'", "'NaN'", "0"}) {
        refused(
            c,
            "SELECT keep_contiguity_year('red_line', 'district', '2025-01-01T00:00+08', 5, "
                + m2
                + ")",
            "big block");
      }
    }
    assertThat(kept("big_m2 > 4e9 OR big_m2 <= 0 OR big_m2 = 'NaN'")).isZero();
  }
}
