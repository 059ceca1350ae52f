package cn.foshan.redline.contiguity;

import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.ByLayerRevisions;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.Times;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The patches of the red line or of the industrial land per district or cluster (select_patches.sql
 * says how a patch is made), now (kept by the layers' revisions: one computation per change of the
 * layer), as of a moment, and at the end of each year the history holds.
 */
@Component
class Contiguity implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Contiguity.class);

  /** The layers measured: the API's name, the table, the revision that moves when it changes. */
  enum Layer {
    RED_LINE("red_line", "red_line"),
    INDUSTRIAL("industrial", "parcel");

    final String id;
    final String table;

    Layer(String id, String table) {
      this.id = id;
      this.table = table;
    }

    /** The versioned layer's id (layer_revision, layer_as_of): the table's name for both. */
    String versioned() {
      return table;
    }
  }

  /** The units reported under: the column of the layer that names them. */
  enum By {
    DISTRICT("district", "district_code"),
    CLUSTER("cluster", "cluster_id");

    final String id;
    final String column;

    By(String id, String column) {
      this.id = id;
      this.column = column;
    }
  }

  /**
   * One unit's patches: their number, the pieces (polygons) in them, the area in mu, the mean and
   * the largest patch, the area in big blocks (patches ≥ the big block size) and its share of the
   * area (0–1).
   */
  record UnitPatches(
      String code,
      String name,
      String nameEn,
      int patches,
      int pieces,
      double areaMu,
      double meanPatchMu,
      double largestPatchMu,
      double bigBlockAreaMu,
      double bigBlockShare) {}

  /** The measure of a layer by unit at a moment (null: now), with the settings it used. */
  record Answer(
      String layer,
      String by,
      OffsetDateTime asOf,
      double gapM,
      double bigBlockMu,
      UnitPatches total,
      List<UnitPatches> units) {}

  /** The measure at the end of each year the history holds (the current year: now). */
  record Point(int year, OffsetDateTime asOf, UnitPatches total, List<UnitPatches> units) {}

  /**
   * The measure at each year end kept (V60), the last point now; {@code making}: the years whose
   * end is still being made from the history (in the background: ask again).
   */
  record Trend(
      String layer,
      String by,
      double gapM,
      double bigBlockMu,
      OffsetDateTime historySince,
      List<Point> points,
      List<Integer> making) {}

  private final JdbcClient jdbc;
  private final ContiguityProperties properties;
  private final String patchesSql = SqlFiles.load("contiguity/select_patches.sql");
  private final String jitOffSql = SqlFiles.load("contiguity/set_jit_off.sql");
  private final String jitResetSql = SqlFiles.load("contiguity/reset_jit.sql");
  private final String unitsSql = SqlFiles.load("contiguity/select_units.sql");
  private final String historyStartSql = SqlFiles.load("contiguity/select_history_start.sql");
  private final String keptSql = SqlFiles.load("contiguity/select_kept_patches.sql");
  private final String keptGapSql = SqlFiles.load("contiguity/select_kept_gap.sql");
  private final String keptYearsSql = SqlFiles.load("contiguity/select_kept_years.sql");
  private final String keepYearSql = SqlFiles.load("contiguity/keep_year.sql");
  private final Map<String, ByLayerRevisions<Answer>> kept = new ConcurrentHashMap<>();

  private final TransactionTemplate transactions;

  /** Transactions allowed the long statement timeout: a past year end made and kept (V60). */
  private final TransactionTemplate keeping;

  /** One year end made at a time, in the background; the year ends being made, by key. */
  private final ExecutorService keeper =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "contiguity-years");
            t.setDaemon(true);
            return t;
          });

  private final Map<String, Future<?>> making = new ConcurrentHashMap<>();

  @Autowired
  Contiguity(
      JdbcClient jdbc,
      ContiguityProperties properties,
      TransactionTemplate transactions,
      DatabaseLimits limits) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.transactions = transactions;
    this.keeping = limits.longRunning(transactions);
  }

  /** Without the long statement timeout for the year ends it keeps (tests). */
  Contiguity(JdbcClient jdbc, ContiguityProperties properties, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.transactions = transactions;
    this.keeping = transactions;
  }

  @Override
  public void destroy() {
    keeper.shutdownNow();
  }

  ContiguityProperties properties() {
    return properties;
  }

  /** Now, kept until the layer (or, by cluster, the clusters) changes. */
  Answer now(Layer layer, By by) {
    return kept.computeIfAbsent(
            layer + "/" + by, k -> new ByLayerRevisions<>(jdbc, revised(layer, by)))
        .get(() -> compute(layer, by, null));
  }

  /**
   * As of a moment (null: now). Now is read from the labels the database keeps (V51, maintained in
   * every writer's transaction: what a change set's preview reads after its edits), unless they are
   * made with another gap than this service's; a past moment is computed afresh from the history.
   */
  Answer compute(Layer layer, By by, OffsetDateTime asOf) {
    if (asOf == null
        && jdbc.sql(keptGapSql).query(Double.class).single().doubleValue() == properties.gapM()) {
      return answer(layer, by, null, statement(keptSql, layer, by));
    }
    return clustered(layer, by, asOf);
  }

  /** As of a moment (null: now), clustered afresh with ST_ClusterDBSCAN (select_patches.sql). */
  Answer clustered(Layer layer, By by, OffsetDateTime asOf) {
    return answer(layer, by, asOf, statement(patchesSql, layer, by).param("as_of", asOf));
  }

  /**
   * A statement about a layer by a kind of unit, with this service's gap and big-block size: the
   * one way every statement here is given them (:layer, :kind, :gap_m, :big_m2; a statement reads
   * those it names).
   */
  private JdbcClient.StatementSpec statement(String sql, Layer layer, By by) {
    return jdbc.sql(sql)
        .param("layer", layer.table)
        .param("kind", by.id)
        .param("gap_m", properties.gapM())
        .param("big_m2", bigM2());
  }

  private double bigM2() {
    return properties.bigBlockMu() * Area.SQUARE_METRES_PER_MU;
  }

  private Answer answer(
      Layer layer, By by, OffsetDateTime asOf, JdbcClient.StatementSpec statement) {
    // in a transaction (the caller's, a preview's, or its own) so that JIT stays off for it alone
    List<Row> found =
        transactions.execute(
            status -> {
              jdbc.sql(jitOffSql).update();
              List<Row> rows = patches(statement);
              jdbc.sql(jitResetSql).update();
              return rows;
            });
    return answer(layer, by, asOf, found);
  }

  private Answer answer(Layer layer, By by, OffsetDateTime asOf, List<Row> found) {
    Map<String, Row> rows = new LinkedHashMap<>();
    Row sum = new Row(null, 0, 0, 0, 0, 0);
    for (Row r : found) {
      rows.put(r.unit(), r);
      sum =
          new Row(
              null,
              sum.patches() + r.patches(),
              sum.pieces() + r.pieces(),
              sum.m2() + r.m2(),
              Math.max(sum.largestM2(), r.largestM2()),
              sum.bigM2() + r.bigM2());
    }
    List<UnitPatches> units = new ArrayList<>();
    for (Unit u : units(by)) {
      units.add(figures(u.code(), u.name(), u.nameEn(), rows.remove(u.id())));
    }
    // what no current unit names: land outside every cluster, or a unit since removed
    for (Row r : rows.values()) {
      units.add(
          r.unit() == null
              ? figures(null, "集聚区外", "Outside clusters", r)
              : figures(r.unit(), r.unit(), r.unit(), r));
    }
    return new Answer(
        layer.id,
        by.id,
        asOf,
        properties.gapM(),
        properties.bigBlockMu(),
        figures(null, "合计", "Total", sum),
        units);
  }

  /**
   * At the end of each year since the history starts (at most trendYears), the last one now (the
   * kept labels). A past year end's figures never change (V60): they are made once from the
   * history, in the background (one year at a time, with the long statement timeout: about 30 s a
   * year at a million parcels), and kept by the database; the service starts making those it lacks
   * at start ({@link #makeMissingYearEnds()}). The trend starts the making of the year ends it
   * still lacks, waits for those it started at most {@link #WAIT}, then answers with those kept and
   * names the others as being made.
   */
  Trend trend(Layer layer, By by) {
    int thisYear = LocalDate.now(Times.FOSHAN).getYear();
    OffsetDateTime since = historyStart();
    List<Point> points = new ArrayList<>();
    List<Integer> making = new ArrayList<>();
    if (since != null) {
      int first = firstYear(since, thisYear);
      Map<OffsetDateTime, KeptYear> years = keptYears(layer, by);
      List<Future<?>> waits = makeMissing(layer, by, first, thisYear, years);
      if (!waits.isEmpty()) {
        long until = System.nanoTime() + WAIT.toNanos();
        for (Future<?> f : waits) {
          try {
            f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (TimeoutException | ExecutionException e) {
            // still being made, or failed (logged; made again on the next request)
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        years = keptYears(layer, by);
      }
      for (int y = first; y < thisYear; y++) {
        OffsetDateTime end = yearEnd(y);
        KeptYear k = years.get(end);
        if (k == null) {
          making.add(y);
        } else {
          Answer a = answer(layer, by, end, k.rows());
          points.add(new Point(y, end, a.total(), a.units()));
        }
      }
      Answer a = now(layer, by);
      points.add(new Point(thisYear, null, a.total(), a.units()));
    }
    return new Trend(
        layer.id, by.id, properties.gapM(), properties.bigBlockMu(), since, points, making);
  }

  /**
   * At start (ContiguityYearsOnStart): the making of every past year end of the trend not kept yet,
   * of both layers by both kinds of unit, started in the background; the makings started. Nothing
   * waits for them: a trend asked meanwhile lists them in {@code making}.
   */
  List<Future<?>> makeMissingYearEnds() {
    int thisYear = LocalDate.now(Times.FOSHAN).getYear();
    OffsetDateTime since = historyStart();
    List<Future<?>> started = new ArrayList<>();
    if (since != null) {
      int first = firstYear(since, thisYear);
      for (Layer layer : Layer.values()) {
        for (By by : By.values()) {
          started.addAll(makeMissing(layer, by, first, thisYear, keptYears(layer, by)));
        }
      }
    }
    return started;
  }

  /** The first committed change set's time (the history holds nothing before it), or null. */
  private OffsetDateTime historyStart() {
    return jdbc.sql(historyStartSql).query(OffsetDateTime.class).optional().orElse(null);
  }

  /** The trend's first year: the history's, or trendYears back from this one. */
  private int firstYear(OffsetDateTime since, int thisYear) {
    return Math.max(
        since.atZoneSameInstant(Times.FOSHAN).getYear(), thisYear - properties.trendYears() + 1);
  }

  /**
   * The one piece of code that decides which past year ends to make: each of first..thisYear-1 that
   * is not kept, or kept unsettled with its day passed, is made in the background; the makings this
   * call started (not those under way already).
   */
  private List<Future<?>> makeMissing(
      Layer layer, By by, int first, int thisYear, Map<OffsetDateTime, KeptYear> years) {
    List<Future<?>> started = new ArrayList<>();
    for (int y = first; y < thisYear; y++) {
      OffsetDateTime end = yearEnd(y);
      KeptYear k = years.get(end);
      if (k == null
          || (!k.settled() && end.plusDays(1).isBefore(OffsetDateTime.now(ZoneOffset.UTC)))) {
        Future<?> f = make(layer, by, end);
        if (f != null) {
          started.add(f);
        }
      }
    }
    return started;
  }

  /** How long a trend request waits for the year ends being made before it answers without them. */
  static final Duration WAIT = Duration.ofSeconds(5);

  /** The end of the year y in Foshan: 1 January y+1, 00:00 China Standard Time. */
  private static OffsetDateTime yearEnd(int y) {
    return LocalDate.of(y + 1, 1, 1)
        .atStartOfDay(Times.FOSHAN)
        .toOffsetDateTime()
        .withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** A kept year end's figures per unit, and whether they are final. */
  private record KeptYear(boolean settled, List<Row> rows) {}

  private Map<OffsetDateTime, KeptYear> keptYears(Layer layer, By by) {
    Map<OffsetDateTime, KeptYear> years = new LinkedHashMap<>();
    statement(keptYearsSql, layer, by)
        .query(
            (rs, n) -> {
              KeptYear k =
                  years.computeIfAbsent(
                      rs.getObject("year_end", OffsetDateTime.class)
                          .withOffsetSameInstant(ZoneOffset.UTC),
                      e -> {
                        try {
                          return new KeptYear(rs.getBoolean("settled"), new ArrayList<>());
                        } catch (java.sql.SQLException x) {
                          throw new IllegalStateException(x);
                        }
                      });
              if (rs.getObject("patches") != null) {
                k.rows().add(row(rs));
              }
              return null;
            })
        .list();
    return years;
  }

  /**
   * The year end made and kept by the database in the background (keep_contiguity_year): its
   * making, or null when it was being made already (the request that started it waits for it, a
   * later one does not). A making is known only while it runs: it is forgotten as it ends, done or
   * failed, so that what is known stays bounded by what is being made.
   */
  Future<?> make(Layer layer, By by, OffsetDateTime end) {
    String key = layer + "/" + by + "/" + end + "/" + properties.gapM() + "/" + bigM2();
    List<CompletableFuture<Void>> started = new ArrayList<>(1);
    making.computeIfAbsent(
        key,
        k -> {
          CompletableFuture<Void> f =
              CompletableFuture.runAsync(() -> keep(layer, by, end), keeper);
          started.add(f);
          return f;
        });
    if (started.isEmpty()) {
      return null;
    }
    CompletableFuture<Void> f = started.get(0);
    // outside computeIfAbsent: a making already ended removes itself here, at once
    var unused = f.whenComplete((done, failed) -> making.remove(key, f));
    return f;
  }

  /** The year ends being made now (tests: none once their makings have ended). */
  int beingMade() {
    return making.size();
  }

  private void keep(Layer layer, By by, OffsetDateTime end) {
    try {
      keeping.execute(
          status -> statement(keepYearSql, layer, by).param("year_end", end).query().listOfRows());
    } catch (RuntimeException e) {
      log.warn("集聚连片 {} {} 年末数据未能计算（contiguity year end {} not kept）", layer, by, end, e);
      throw e;
    }
  }

  private static List<Row> patches(JdbcClient.StatementSpec statement) {
    return statement.query((rs, n) -> row(rs)).list();
  }

  private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Row(
        rs.getString("unit"),
        rs.getInt("patches"),
        rs.getInt("pieces"),
        rs.getDouble("total_m2"),
        rs.getDouble("largest_m2"),
        rs.getDouble("big_m2"));
  }

  private static List<String> revised(Layer layer, By by) {
    return by == By.CLUSTER ? List.of(layer.versioned(), "cluster") : List.of(layer.versioned());
  }

  /** A row of select_patches.sql (m²). */
  private record Row(
      String unit, int patches, int pieces, double m2, double largestM2, double bigM2) {}

  private record Unit(String id, String code, String name, String nameEn) {}

  private List<Unit> units(By by) {
    List<Unit> units = new ArrayList<>();
    jdbc.sql(unitsSql)
        .query(
            (rs, n) -> {
              if (by.id.equals(rs.getString("kind"))) {
                units.add(
                    new Unit(
                        rs.getString("id"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("name_en")));
              }
              return null;
            })
        .list();
    return units;
  }

  private static UnitPatches figures(String code, String name, String nameEn, Row r) {
    if (r == null) {
      return new UnitPatches(code, name, nameEn, 0, 0, 0, 0, 0, 0, 0);
    }
    return new UnitPatches(
        code,
        name,
        nameEn,
        r.patches(),
        r.pieces(),
        Area.mu(r.m2()),
        r.patches() == 0 ? 0 : Area.mu(r.m2() / r.patches()),
        Area.mu(r.largestM2()),
        Area.mu(r.bigM2()),
        r.m2() > 0 ? Math.round(r.bigM2() / r.m2() * 1e6) / 1e6 : 0);
  }
}
