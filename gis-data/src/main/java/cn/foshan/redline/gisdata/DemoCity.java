package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Cluster;
import cn.foshan.redline.gisdata.City.District;
import cn.foshan.redline.gisdata.City.Lot;
import cn.foshan.redline.gisdata.City.RedLine;
import cn.foshan.redline.gisdata.City.ReserveLand;
import cn.foshan.redline.gisdata.City.StageEvent;
import cn.foshan.redline.gisdata.City.Town;
import cn.foshan.redline.gisdata.City.VillagePark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo city: Foshan's five real districts, and everything else generated around the real places
 * the plan names, deterministic from a seed and sized to the plan's totals. Loaded with COPY in one
 * transaction, as one change set: all of it or nothing.
 */
public final class DemoCity {

  private static final Logger log = LoggerFactory.getLogger(DemoCity.class);

  /**
   * Red line of each district in the demo city, km². Every district keeps its minimum (21, 190,
   * 111, 75, 53); 禅城 only just, so the quota warning shows.
   */
  static final Map<String, Double> RED_LINE_TARGET_KM2 =
      Map.of("440604", 21.4, "440605", 203.0, "440606", 118.0, "440607", 79.0, "440608", 56.0);

  private static final String GENERATOR_VERSION = "1";

  /** How big a city to make. */
  public record Options(long seed, int parcels) {
    public static final long DEFAULT_SEED = 2022;
    public static final int DEFAULT_PARCELS = 20_000;

    public Options {
      if (parcels < 100 || parcels > 20_000_000) {
        throw new IllegalArgumentException(
            "parcels must be between 100 and 20,000,000, not " + parcels);
      }
    }

    public static Options defaults() {
      return new Options(DEFAULT_SEED, DEFAULT_PARCELS);
    }
  }

  /** What was loaded: rows per table and the time it took. */
  public record Summary(long seed, int parcels, Map<String, Long> rows, long millis) {}

  private DemoCity() {}

  /**
   * Generates the city and loads it into the (migrated) schema the connection points at, in one
   * transaction. The real districts are loaded first if they are not there; everything else must be
   * empty.
   */
  public static Summary load(Connection connection, Options options) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    boolean committed = false;
    try {
      Summary summary = generate(connection, options);
      connection.commit();
      committed = true;
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!committed) {
        connection.rollback(); // whatever failed, Error included: nothing is left half-loaded
      }
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Summary generate(Connection c, Options options) throws SQLException, IOException {
    long started = System.currentTimeMillis();
    long seed = options.seed();
    Map<String, Long> rows = new LinkedHashMap<>();
    long changeSet = changeSet(c, options);

    List<District> districts = districts(c);
    rows.put("district", (long) districts.size());
    step("districts", started);

    List<Town> towns = Towns.generate(districts);
    rows.put("town", writeTowns(c, towns));
    List<Cluster> clusters = Clusters.generate(seed, districts, RED_LINE_TARGET_KM2);
    rows.put("industrial_cluster", writeClusters(c, clusters, changeSet));
    step("towns and clusters", started);

    List<RedLine> redLines = RedLines.generate(seed, districts, clusters, RED_LINE_TARGET_KM2);
    rows.put("red_line", writeRedLines(c, redLines, changeSet));
    step("red line", started);

    List<VillagePark> parks = VillageParks.generate(seed, districts, towns, clusters, redLines);
    rows.put("village_park", writeVillageParks(c, parks, changeSet));
    List<ReserveLand> reserve = Reserves.generate(seed, redLines, parks, towns);
    rows.put("reserve_land", writeReserve(c, reserve, changeSet));
    step("village parks and reserve land", started);

    List<ReserveLand> supplied =
        reserve.stream()
            .filter(r -> r.stage().equals("SUPPLIED") || r.stage().equals("STARTED"))
            .toList();
    int lotsWanted = options.parcels() - supplied.size();
    int oldWanted = (int) Math.round(lotsWanted * OldPlots.SHARE);
    List<Geometry> taken = new ArrayList<>();
    parks.forEach(p -> taken.add(p.geom().buffer(8)));
    reserve.forEach(r -> taken.add(r.geom().buffer(8)));
    List<Lot> lots =
        Lots.generate(seed, redLines, taken, (int) Math.ceil((lotsWanted - oldWanted) / 0.8));
    double meanLot = lots.stream().mapToDouble(l -> l.geom().getArea()).average().orElse(1000);
    List<Geometry> parkShapes = new ArrayList<>();
    parks.forEach(p -> parkShapes.add(p.geom()));
    List<Lot> old =
        OldPlots.generate(seed, districts, towns, clusters, parkShapes, oldWanted, meanLot);
    List<Lot> chosen = new ArrayList<>(choose(seed, lots, lotsWanted - old.size()));
    chosen.addAll(old);
    step(
        "lots ("
            + lots.size()
            + " cut, "
            + (chosen.size() - old.size())
            + " granted in the red line, "
            + old.size()
            + " old plots outside the clusters)",
        started);

    Landholders holders = new Landholders(seed, c, changeSet, towns, clusters);
    holders.writeParcels(chosen, supplied);
    rows.put("parcel", (long) holders.parcelCount());
    step("parcels", started);
    holders.assignEnterprises();
    Indicators indicators = new Indicators(seed, holders);
    holders.writeEnterprises(indicators);
    rows.put("enterprise", (long) holders.enterpriseCount());
    holders.writeLinks();
    rows.put("parcel_enterprise", (long) holders.linkCount());
    rows.put("annual_indicator", indicators.write(c));
    rows.put("enterprise_designation", indicators.writeDesignations(c));
    rows.put("supervision_agreement", Agreements.write(c, seed, changeSet, holders));
    FactoryBuildings factories = new FactoryBuildings(seed, c, changeSet);
    rows.put("factory_building", factories.writeBuildings(holders));
    rows.put("factory_building_stage", Ledgers.writeFactoryLedger(c));
    rows.put("renovation_plan", Ledgers.writeRenovationPlans(c));
    rows.put("factory_unit", factories.writeUnits());
    step("enterprises, indicators, agreements, factory buildings", started);

    finish(c, options);
    step("sequences and statistics", started);
    return new Summary(seed, holders.parcelCount(), rows, System.currentTimeMillis() - started);
  }

  private static void step(String what, long started) {
    log.info("demo city: {} done after {} ms", what, System.currentTimeMillis() - started);
  }

  private static long changeSet(Connection c, Options options) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('demo-generator', ?, 'COMMITTED', now()) RETURNING id")) {
      ps.setString(
          1,
          "示例数据：生成的演示城市（非官方数据） Demo city, generated, not official data: seed "
              + options.seed()
              + ", "
              + options.parcels()
              + " parcels");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The districts as stored, loading the real ones first when there are none. */
  private static List<District> districts(Connection c) throws SQLException, IOException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM district")) {
      rs.next();
      if (rs.getLong(1) == 0) {
        RealDistricts.load(c);
      }
    }
    List<District> districts = new ArrayList<>();
    WKBReader reader = new WKBReader();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT code, name, name_en, red_line_minimum_km2, official_area_km2,"
                    + " ST_AsBinary(geom) FROM district ORDER BY code")) {
      while (rs.next()) {
        Geometry lonLat = reader.read(rs.getBytes(6));
        districts.add(
            new District(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getDouble(4),
                rs.getDouble(5),
                lonLat,
                Frame.toMetres(lonLat)));
      }
    } catch (ParseException e) {
      throw new IllegalStateException("unreadable district geometry", e);
    }
    return districts;
  }

  private static long writeTowns(Connection c, List<Town> towns) throws SQLException, IOException {
    try (CopyWriter copy = new CopyWriter(c, "town", "code, name, name_en, district_code, geom")) {
      for (Town t : towns) {
        copy.text(t.code())
            .text(t.name())
            .text(t.nameEn())
            .text(t.districtCode())
            .lonLat(t.lonLat())
            .end();
      }
      return copy.rows();
    }
  }

  private static long writeClusters(Connection c, List<Cluster> clusters, long changeSet)
      throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            c,
            "industrial_cluster",
            "id, code, name, name_en, leading_industries, flagship, geom, change_set_id")) {
      for (Cluster cl : clusters) {
        copy.integer(cl.id())
            .text(cl.code())
            .text(cl.name())
            .text(cl.nameEn())
            .textArray(cl.industries())
            .bool(cl.flagship())
            .geometry(cl.geom())
            .integer(changeSet)
            .end();
      }
      return copy.rows();
    }
  }

  private static long writeRedLines(Connection c, List<RedLine> redLines, long changeSet)
      throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            c,
            "red_line",
            "id, code, district_code, cluster_id, designated_on, geom, change_set_id")) {
      for (RedLine r : redLines) {
        copy.integer(r.id())
            .text(r.code())
            .text(r.districtCode())
            .integer(r.clusterId())
            .date(LocalDate.of(2022, 9, 30))
            .geometry(r.geom())
            .integer(changeSet)
            .end();
      }
      return copy.rows();
    }
  }

  /**
   * The village parks, after their renovation ledgers: each status a park passed through before its
   * present one (the row of the present one is the database's: a park inserted with the date of its
   * status is recorded by the trigger of V6, so the ledger ends at the park's status_since).
   */
  private static long writeVillageParks(Connection c, List<VillagePark> parks, long changeSet)
      throws SQLException, IOException {
    Ledgers.writeVillageParkLedgers(c, parks, changeSet);
    try (CopyWriter copy =
        new CopyWriter(
            c,
            "village_park",
            "id, code, name, district_code, town_code, owner_village, renovation_type, plan_year,"
                + " status, floor_area_before_m2, plot_ratio_before, enterprises_before,"
                + " demolished_area_m2, new_floor_area_m2, plot_ratio_after, enterprises_after,"
                + " modern_park, target_use, status_since, geom, change_set_id")) {
      for (VillagePark p : parks) {
        copy.integer(p.id())
            .text(p.code())
            .text(p.name())
            .text(p.districtCode())
            .text(p.townCode())
            .text(p.ownerVillage())
            .text(p.renovationType())
            .integer(p.planYear())
            .text(p.status())
            .decimal(p.floorAreaBeforeM2(), 1)
            .decimal(p.plotRatioBefore(), 2)
            .integer(p.enterprisesBefore())
            .decimal(p.demolishedAreaM2(), 1)
            .decimal(p.newFloorAreaM2(), 1)
            .decimal(p.plotRatioAfter(), 2)
            .integer(p.enterprisesAfter())
            .bool(p.modernPark())
            .text(p.targetUse())
            .date(p.statusSince())
            .geometry(p.geom())
            .integer(changeSet)
            .end();
      }
      return copy.rows();
    }
  }

  private static long writeReserve(Connection c, List<ReserveLand> pieces, long changeSet)
      throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            c,
            "reserve_land",
            "id, code, name, district_code, stage, stage_since, ownership, investment_per_mu,"
                + " output_per_mu, tax_per_mu, plot_ratio_min, energy_per_10k_cny_tce,"
                + " environmental_terms, geom, change_set_id")) {
      for (ReserveLand r : pieces) {
        copy.integer(r.id())
            .text(r.code())
            .text(r.name())
            .text(r.districtCode())
            .text(r.stage())
            .date(r.stageSince())
            .text(r.ownership())
            .decimal(r.investmentPerMu(), 2)
            .decimal(r.outputPerMu(), 2)
            .decimal(r.taxPerMu(), 2)
            .decimal(r.plotRatioMin(), 2)
            .decimal(r.energyPer10kCny(), 4)
            .text(r.environmentalTerms())
            .geometry(r.geom())
            .integer(changeSet)
            .end();
      }
    }
    try (CopyWriter copy =
        new CopyWriter(
            c,
            "reserve_land_stage",
            "reserve_land_id, stage, entered_on, actor, document_number")) {
      for (ReserveLand r : pieces) {
        for (StageEvent e : r.ledger()) {
          copy.integer(r.id())
              .text(e.stage())
              .date(e.enteredOn())
              .text(e.actor())
              .text(e.documentNumber())
              .end();
        }
      }
    }
    return pieces.size();
  }

  /** Exactly the wanted number of lots, a deterministic random choice, in their original order. */
  private static List<Lot> choose(long seed, List<Lot> lots, int wanted) {
    Rng rng = Rng.of(seed, "choose-lots", 0);
    List<Integer> index = new ArrayList<>(lots.size());
    double[] key = new double[lots.size()];
    for (int i = 0; i < lots.size(); i++) {
      index.add(i);
      key[i] = rng.uniform();
    }
    index.sort(Comparator.comparingDouble(i -> key[i]));
    List<Integer> picked = new ArrayList<>(index.subList(0, Math.min(wanted, lots.size())));
    picked.sort(Integer::compare);
    List<Lot> chosen = new ArrayList<>(picked.size());
    picked.forEach(i -> chosen.add(lots.get(i)));
    return chosen;
  }

  private static void finish(Connection c, Options options) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String table :
          List.of(
              "industrial_cluster",
              "red_line",
              "reserve_land",
              "village_park",
              "parcel",
              "enterprise",
              "factory_building")) {
        st.execute(
            "SELECT setval(pg_get_serial_sequence('"
                + table
                + "', 'id'),"
                + " (SELECT coalesce(max(id), 0) + 1 FROM "
                + table
                + "), false)");
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO dataset_info (key, value) VALUES (?, ?)")) {
      Map<String, String> info = new LinkedHashMap<>();
      info.put("kind", "demo");
      info.put("seed", Long.toString(options.seed()));
      info.put("parcels", Integer.toString(options.parcels()));
      info.put("generator_version", GENERATOR_VERSION);
      info.put("as_of", City.AS_OF.toString());
      for (Map.Entry<String, String> e : info.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    // statistics of this schema's tables only: a bare ANALYZE inside this transaction would lock
    // every table of the database (other schemas' too) until it ends, and run the lock table out
    List<String> tables = new java.util.ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                    + " WHERE schemaname = current_schema() ORDER BY tablename")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    try (Statement st = c.createStatement()) {
      for (String table : tables) {
        st.execute("ANALYZE " + table);
      }
    }
  }
}
