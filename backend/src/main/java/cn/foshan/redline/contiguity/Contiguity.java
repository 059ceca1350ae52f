package cn.foshan.redline.contiguity;

import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.ByLayerRevisions;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import cn.foshan.redline.system.Times;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The patches of the red line or of the industrial land per district or cluster (select_patches.sql
 * says how a patch is made), now (kept by the layers' revisions: one computation per change of the
 * layer), as of a moment, and at the end of each year the history holds.
 */
@Component
class Contiguity {

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

  record Trend(
      String layer,
      String by,
      double gapM,
      double bigBlockMu,
      OffsetDateTime historySince,
      List<Point> points) {}

  private final JdbcClient jdbc;
  private final ContiguityProperties properties;
  private final SqlTemplate patchesSql =
      SqlTemplate.load("contiguity/select_patches.sql", "pieces", "unit");
  private final SqlTemplate piecesSql = SqlTemplate.load("contiguity/select_pieces.sql", "table");
  private final SqlTemplate piecesAsOfSql =
      SqlTemplate.load("contiguity/select_pieces_as_of.sql", "table");
  private final String jitOffSql = SqlFiles.load("contiguity/set_jit_off.sql");
  private final String jitResetSql = SqlFiles.load("contiguity/reset_jit.sql");
  private final String unitsSql = SqlFiles.load("contiguity/select_units.sql");
  private final String historyStartSql = SqlFiles.load("contiguity/select_history_start.sql");
  private final String keptSql = SqlFiles.load("contiguity/select_kept_patches.sql");
  private final String keptGapSql = SqlFiles.load("contiguity/select_kept_gap.sql");
  private final Map<String, ByLayerRevisions<Answer>> kept = new ConcurrentHashMap<>();
  private final Map<String, ByLayerRevisions<Trend>> keptTrends = new ConcurrentHashMap<>();

  private final TransactionTemplate transactions;

  Contiguity(JdbcClient jdbc, ContiguityProperties properties, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.transactions = transactions;
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
      return answer(
          layer,
          by,
          null,
          jdbc.sql(keptSql)
              .param("layer", layer.table)
              .param("kind", by.id)
              .param("big_m2", properties.bigBlockMu() * Area.SQUARE_METRES_PER_MU));
    }
    return clustered(layer, by, asOf);
  }

  /** As of a moment (null: now), clustered afresh with ST_ClusterDBSCAN (select_patches.sql). */
  Answer clustered(Layer layer, By by, OffsetDateTime asOf) {
    String pieces =
        (asOf == null ? piecesSql : piecesAsOfSql).identifier("table", layer.table).sql();
    var query =
        jdbc.sql(patchesSql.fill().sql("pieces", pieces).identifier("unit", by.column).sql())
            .param("gap_m", properties.gapM())
            .param("big_m2", properties.bigBlockMu() * Area.SQUARE_METRES_PER_MU);
    if (asOf != null) {
      query = query.param("layer", layer.versioned()).param("at", asOf);
    }
    return answer(layer, by, asOf, query);
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

  /** At the end of each year since the history starts (at most trendYears), the last one now. */
  Trend trend(Layer layer, By by) {
    int year = LocalDate.now(Times.FOSHAN).getYear();
    return keptTrends
        .computeIfAbsent(
            layer + "/" + by + "/" + year, k -> new ByLayerRevisions<>(jdbc, revised(layer, by)))
        .get(() -> makeTrend(layer, by, year));
  }

  private Trend makeTrend(Layer layer, By by, int thisYear) {
    OffsetDateTime since =
        jdbc.sql(historyStartSql).query(OffsetDateTime.class).optional().orElse(null);
    List<Point> points = new ArrayList<>();
    if (since != null) {
      int first = since.atZoneSameInstant(Times.FOSHAN).getYear();
      first = Math.max(first, thisYear - properties.trendYears() + 1);
      for (int y = first; y < thisYear; y++) {
        // the end of the year y in Foshan: 1 January y+1, 00:00 China Standard Time
        OffsetDateTime end =
            LocalDate.of(y + 1, 1, 1)
                .atStartOfDay(Times.FOSHAN)
                .toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
        Answer a = compute(layer, by, end);
        points.add(new Point(y, end, a.total(), a.units()));
      }
      Answer a = compute(layer, by, null);
      points.add(new Point(thisYear, null, a.total(), a.units()));
    }
    return new Trend(layer.id, by.id, properties.gapM(), properties.bigBlockMu(), since, points);
  }

  private static List<Row> patches(JdbcClient.StatementSpec statement) {
    return statement
        .query(
            (rs, n) ->
                new Row(
                    rs.getString("unit"),
                    rs.getInt("patches"),
                    rs.getInt("pieces"),
                    rs.getDouble("total_m2"),
                    rs.getDouble("largest_m2"),
                    rs.getDouble("big_m2")))
        .list();
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
