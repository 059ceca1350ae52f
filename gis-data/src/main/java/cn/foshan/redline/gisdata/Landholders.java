package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Cluster;
import cn.foshan.redline.gisdata.City.Lot;
import cn.foshan.redline.gisdata.City.ReserveLand;
import cn.foshan.redline.gisdata.City.StageEvent;
import cn.foshan.redline.gisdata.City.Town;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;

/**
 * Parcels 宗地 and who holds them: enterprises (some on several parcels, several in one 商品厂房), with
 * each parcel's grant and milestones (kept, late or not yet; the agreements of the land granted
 * since 2018 are {@link Agreements}), the parcels chosen for {@link FactoryBuildings}, and what the
 * {@link Indicators} of each enterprise depend on.
 *
 * <p>Parcels are written as they are made; what the later tables need of them is kept in compact
 * arrays, so a city of a million parcels fits in memory comfortably.
 */
final class Landholders {

  static final List<String> DISTRICTS = List.of("440604", "440605", "440606", "440607", "440608");
  private static final String[] INDUSTRIES = {
    "38", "33", "30", "21", "29", "34", "35", "39", "32", "17", "18", "26", "27", "36", "14", "13",
    "15", "22", "23", "24", "19", "20", "31", "40", "41", "42", "37", "28", "25", "43", "44", "45",
    "46", "59"
  };
  private static final double[] INDUSTRY_WEIGHTS = {
    18, 14, 8, 7, 7, 7, 6, 6, 5, 3, 3, 3, 1.5, 2, 2, 1.5, 0.8, 1.5, 1, 1.5, 1, 0.8, 1.5, 1, 0.8,
    0.5, 0.5, 0.3, 0.2, 0.5, 0.4, 0.2, 0.3, 2
  };

  /** A milestone not reached (yet), in the epoch-day arrays. */
  static final int NONE = Integer.MIN_VALUE;

  private final long seed;
  private final Connection connection;
  private final long changeSetId;
  private final List<Town> towns;
  private final Map<String, Integer> townIndex = new HashMap<>();
  private final Locator<Town> townAt;
  private final Map<Integer, Cluster> clusters = new HashMap<>();

  // What later tables need of each parcel, indexed by parcel id - 1.
  private int parcels;
  private byte[] district;
  private short[] town;
  private short[] cluster;
  private float[] areaMu;
  private int[] grantedOn;
  private int[] productionOn;
  private int[] completedOn;
  private byte[] landUse;
  private short[] daysToStart;
  private boolean[] old;
  private final Map<Integer, Geometry> factoryParcels = new HashMap<>();
  private final Map<Integer, ReserveLand> reserveParcels = new HashMap<>();

  // Enterprises, indexed by enterprise id - 1, and the parcel links.
  private int enterprises;
  private String[] industry;
  private int[] founded;
  private int[] firstParcel;
  private float[] landMu;
  private int links;
  private int[] linkParcel;
  private int[] linkEnterprise;
  private float[] linkShare;

  Landholders(
      long seed,
      Connection connection,
      long changeSetId,
      List<Town> towns,
      List<Cluster> clusters) {
    this.seed = seed;
    this.connection = connection;
    this.changeSetId = changeSetId;
    this.towns = towns;
    for (int i = 0; i < towns.size(); i++) {
      townIndex.put(towns.get(i).code(), i);
    }
    this.townAt = new Locator<>(towns, Town::geom);
    clusters.forEach(c -> this.clusters.put(c.id(), c));
  }

  int parcelCount() {
    return parcels;
  }

  int enterpriseCount() {
    return enterprises;
  }

  int linkCount() {
    return links;
  }

  // What the tables written later read of a parcel (by index, id - 1) and of an enterprise.

  int districtIndex(int parcel) {
    return district[parcel];
  }

  float areaMu(int parcel) {
    return areaMu[parcel];
  }

  /** Epoch days; completion and production {@link #NONE} when not (yet) reached. */
  int grantedOn(int parcel) {
    return grantedOn[parcel];
  }

  int completedOn(int parcel) {
    return completedOn[parcel];
  }

  int productionOn(int parcel) {
    return productionOn[parcel];
  }

  int daysToStart(int parcel) {
    return daysToStart[parcel];
  }

  /** The reserve piece the parcel was supplied from, or null. */
  ReserveLand reserveOn(int parcel) {
    return reserveParcels.get(parcel + 1);
  }

  /** An old scattered plot outside the clusters ({@link OldPlots}). */
  boolean oldPlot(int parcel) {
    return old[parcel];
  }

  boolean hasFactoryBuilding(int parcel) {
    return factoryParcels.containsKey(parcel + 1);
  }

  /** The parcels chosen for a factory building, by id in ascending order. */
  SortedMap<Integer, Geometry> factoryParcels() {
    return new TreeMap<>(factoryParcels);
  }

  int firstParcel(int enterprise) {
    return firstParcel[enterprise];
  }

  int founded(int enterprise) {
    return founded[enterprise];
  }

  float landMu(int enterprise) {
    return landMu[enterprise];
  }

  /**
   * Writes the lots as parcels (those of no red line being old scattered plots, granted 1992–2011),
   * then one parcel for each reserve piece already supplied.
   */
  void writeParcels(List<Lot> lots, List<ReserveLand> supplied) throws SQLException, IOException {
    int n = lots.size() + supplied.size();
    district = new byte[n];
    town = new short[n];
    cluster = new short[n];
    areaMu = new float[n];
    grantedOn = new int[n];
    productionOn = new int[n];
    completedOn = new int[n];
    landUse = new byte[n];
    daysToStart = new short[n];
    old = new boolean[n];
    int[] sequence = new int[towns.size()];
    // Factory buildings stand on the larger lots; "larger" is relative, as lot size follows the
    // count.
    double meanMu =
        lots.stream().mapToDouble(l -> l.geom().getArea()).average().orElse(0)
            / Geodesy.SQUARE_METRES_PER_MU;
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "parcel",
            "id, code, district_code, town_code, cluster_id, land_use, grant_type, granted_on,"
                + " grant_term_years, works_started_on, completed_on, production_started_on,"
                + " floor_area_m2, geom, change_set_id")) {
      for (int i = 0; i < n; i++) {
        int id = i + 1;
        Rng rng = Rng.of(seed, "parcel", i);
        Geometry geom;
        int clusterId;
        ReserveLand reserve = i < lots.size() ? null : supplied.get(i - lots.size());
        boolean oldPlot = reserve == null && lots.get(i).redLine() == null;
        if (reserve == null) {
          geom = lots.get(i).geom();
          clusterId = oldPlot ? 0 : lots.get(i).redLine().clusterId();
        } else {
          geom = reserve.geom();
          clusterId = reserve.clusterId() == null ? 0 : reserve.clusterId();
          reserveParcels.put(id, reserve);
        }
        Town t = townAt.at(geom.getInteriorPoint().getCoordinate());
        int ti = townIndex.get(t.code());
        double mu = Geodesy.area(Frame.toDegrees(geom)) / Geodesy.SQUARE_METRES_PER_MU;
        int seq = sequence[ti]++;

        boolean warehouse = reserve == null && rng.chance(0.08);
        String grantType =
            reserve != null
                ? "GRANT"
                : new String[] {"GRANT", "LEASE", "ALLOCATION"}
                    [rng.weighted(new double[] {90, 6, 4})];
        LocalDate granted;
        if (reserve != null) {
          granted = stageDate(reserve, "SUPPLIED");
        } else if (oldPlot) {
          granted = LocalDate.of(1992, 1, 1).plusDays(rng.integer(0, 20 * 365 - 1));
        } else if (rng.chance(0.62)) {
          granted = LocalDate.of(1995, 1, 1).plusDays(rng.integer(0, 23 * 365 - 1));
        } else {
          granted =
              Agreements.SINCE.plusDays(
                  rng.integer(0, (int) (City.AS_OF.toEpochDay() - Agreements.SINCE.toEpochDay())));
        }
        int toStart = reserve != null || rng.chance(0.5) ? 180 : 365;
        LocalDate[] milestones = milestones(rng, granted, toStart, reserve);
        Integer term =
            switch (grantType) {
              case "GRANT" -> 50;
              case "LEASE" -> rng.integer(5, 20);
              default -> null;
            };
        Double floor =
            milestones[1] == null
                ? null
                : mu
                    * Geodesy.SQUARE_METRES_PER_MU
                    * Math.min(4, Math.max(0.4, rng.logNormal(1.25, 0.35)));

        district[i] = (byte) DISTRICTS.indexOf(t.districtCode());
        town[i] = (short) ti;
        cluster[i] = (short) clusterId;
        areaMu[i] = (float) mu;
        grantedOn[i] = (int) granted.toEpochDay();
        completedOn[i] = milestones[1] == null ? NONE : (int) milestones[1].toEpochDay();
        productionOn[i] = milestones[2] == null ? NONE : (int) milestones[2].toEpochDay();
        landUse[i] = (byte) (warehouse ? 1 : 0);
        daysToStart[i] = (short) toStart;
        old[i] = oldPlot;
        if (reserve == null
            && !oldPlot
            && mu >= 0.8 * meanMu
            && mu <= 13 * meanMu
            && granted.getYear() >= 2010
            && rng.chance(0.045)) {
          factoryParcels.put(id, geom);
        }

        copy.integer(id)
            .text(t.code() + String.format("%03dGB%05d", seq / 100_000, seq % 100_000))
            .text(t.districtCode())
            .text(t.code())
            .integer(clusterId == 0 ? null : clusterId)
            .text(warehouse ? "0604" : "0601")
            .text(grantType)
            .date(granted)
            .integer(term)
            .date(milestones[0])
            .date(milestones[1])
            .date(milestones[2])
            .decimal(floor, 1)
            .geometry(geom)
            .integer(changeSetId)
            .end();
      }
    }
    parcels = n;
  }

  private static LocalDate stageDate(ReserveLand reserve, String stage) {
    for (StageEvent e : reserve.ledger()) {
      if (e.stage().equals(stage)) {
        return e.enteredOn();
      }
    }
    throw new IllegalStateException(reserve.code() + " never reached " + stage);
  }

  /** Start of works, completion, start of production: kept, late or not yet, never after AS_OF. */
  private static LocalDate[] milestones(
      Rng rng, LocalDate granted, int daysToStart, ReserveLand reserve) {
    LocalDate started;
    LocalDate completed;
    LocalDate production;
    if (reserve != null) {
      started = reserve.stage().equals("STARTED") ? stageDate(reserve, "STARTED") : null;
      completed = null;
      production = null;
    } else if (granted.isBefore(Agreements.SINCE)) {
      started = granted.plusDays(rng.integer(30, 400));
      completed = started.plusDays(rng.integer(300, 900));
      production = completed.plusDays(rng.integer(20, 240));
    } else {
      LocalDate[] due = Agreements.dueDates(granted, daysToStart);
      int kind = rng.weighted(new double[] {62, 26, 12});
      if (kind == 2) {
        started = null;
        completed = null;
        production = null;
      } else if (kind == 0) {
        started = later(granted.plusDays(15), due[0].minusDays(rng.integer(0, 150)));
        completed = later(started.plusDays(200), due[1].minusDays(rng.integer(0, 200)));
        production = later(completed.plusDays(10), due[2].minusDays(rng.integer(0, 120)));
      } else {
        started = due[0].plusDays(rng.integer(1, 400));
        completed = later(started.plusDays(300), due[1].plusDays(rng.integer(0, 500)));
        production = completed.plusDays(rng.integer(20, 400));
      }
    }
    LocalDate[] result = {started, completed, production};
    for (int k = 0; k < 3; k++) {
      if (result[k] != null && result[k].isAfter(City.AS_OF)) {
        for (int j = k; j < 3; j++) {
          result[j] = null;
        }
      }
    }
    return result;
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Gives every parcel its holder(s): one enterprise per parcel, some enterprises on two to four
   * nearby parcels, and several tenants with floor-area shares in each factory building that is
   * selling or in use.
   */
  void assignEnterprises() {
    int capacity = parcels + factoryParcels.size() * 12 + 16;
    industry = new String[capacity];
    founded = new int[capacity];
    firstParcel = new int[capacity];
    landMu = new float[capacity];
    linkParcel = new int[capacity];
    linkEnterprise = new int[capacity];
    linkShare = new float[capacity];
    int multi = -1;
    int multiLeft = 0;
    for (int i = 0; i < parcels; i++) {
      int id = i + 1;
      Rng rng = Rng.of(seed, "holder", i);
      if (factoryParcels.containsKey(id)) {
        if (FactoryBuildings.stage(seed, i, completedOn[i]) >= 3) {
          int tenants = rng.integer(3, 12);
          double occupied = rng.uniform(0.55, 0.98);
          double[] parts = new double[tenants];
          double sum = 0;
          for (int k = 0; k < tenants; k++) {
            parts[k] = rng.uniform(0.3, 1.7);
            sum += parts[k];
          }
          for (int k = 0; k < tenants; k++) {
            double share =
                Math.max(0.0001, Math.floor(parts[k] / sum * occupied * 10_000) / 10_000);
            int e = newEnterprise(rng, i, true);
            link(i, e, share);
          }
        }
        continue;
      }
      if (multiLeft > 0 && cluster[i] != 0 && cluster[i] == cluster[firstParcel[multi]]) {
        link(i, multi, 1.0);
        multiLeft--;
        continue;
      }
      int e = newEnterprise(rng, i, false);
      link(i, e, 1.0);
      if (reserveParcels.containsKey(id) || !rng.chance(0.07)) {
        multiLeft = 0;
      } else {
        multi = e;
        multiLeft = rng.integer(1, 3);
      }
    }
  }

  private int newEnterprise(Rng rng, int parcel, boolean tenant) {
    int e = enterprises++;
    Cluster c = clusters.get((int) cluster[parcel]);
    String code;
    if (landUse[parcel] == 1) {
      code = "59";
    } else if (c != null && rng.chance(tenant ? 0.4 : 0.7)) {
      code = rng.pick(c.industries());
    } else {
      code = INDUSTRIES[rng.weighted(INDUSTRY_WEIGHTS)];
    }
    industry[e] = code;
    LocalDate granted = LocalDate.ofEpochDay(grantedOn[parcel]);
    LocalDate foundedOn;
    if (tenant) {
      foundedOn = LocalDate.of(2003, 1, 1).plusDays(rng.integer(0, 22 * 365));
    } else if (rng.chance(0.04)) {
      foundedOn = City.AS_OF.minusDays(rng.integer(30, 700)); // young firms, not graded
    } else {
      foundedOn = granted.minusDays(rng.integer(0, 5 * 365));
    }
    founded[e] = (int) foundedOn.toEpochDay();
    firstParcel[e] = parcel;
    return e;
  }

  private void link(int parcel, int enterprise, double share) {
    linkParcel[links] = parcel;
    linkEnterprise[links] = enterprise;
    linkShare[links] = (float) share;
    landMu[enterprise] += (float) (areaMu[parcel] * share);
    links++;
  }

  void writeEnterprises(Indicators indicators) throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "enterprise",
            "id, credit_code, name, industry_code, district_code, town_code, founded_on, above_scale")) {
      for (int e = 0; e < enterprises; e++) {
        Rng rng = Rng.of(seed, "enterprise", e);
        int p = firstParcel[e];
        Town t = towns.get(town[p]);
        String districtName = districtName(t.districtCode());
        double[] last = indicators.of(e, City.INDICATOR_YEARS[City.INDICATOR_YEARS.length - 1]);
        String suffix = rng.chance(0.12) ? "股份有限公司" : "有限公司";
        copy.integer(e + 1)
            .text(CreditCode.of(e, t.districtCode()))
            .text("佛山市" + districtName + Names.brand(rng) + Names.trade(industry[e], rng) + suffix)
            .text(industry[e])
            .text(t.districtCode())
            .text(t.code())
            .date(LocalDate.ofEpochDay(founded[e]))
            .bool(last != null && last[3] >= 2000)
            .end();
      }
    }
  }

  void writeLinks() throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection, "parcel_enterprise", "parcel_id, enterprise_id, floor_area_share, since")) {
      for (int k = 0; k < links; k++) {
        int p = linkParcel[k];
        int e = linkEnterprise[k];
        long since = Math.max(grantedOn[p], founded[e]);
        copy.integer(p + 1)
            .integer(e + 1)
            .decimal(linkShare[k], 4)
            .date(LocalDate.ofEpochDay(since))
            .end();
      }
    }
  }

  private static String districtName(String code) {
    return switch (code) {
      case "440604" -> "禅城区";
      case "440605" -> "南海区";
      case "440606" -> "顺德区";
      case "440607" -> "三水区";
      default -> "高明区";
    };
  }
}
