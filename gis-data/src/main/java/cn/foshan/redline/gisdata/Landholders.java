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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Parcels 宗地 and who holds them: enterprises (some on several parcels, several in one 商品厂房), three
 * years of indicators drawn from realistic distributions, supervision agreements for the land
 * granted since 2018 (some kept, some late, some idle), and the commercial factory buildings.
 *
 * <p>Parcels are written as they are made; what the later tables need of them is kept in compact
 * arrays, so a city of a million parcels fits in memory comfortably.
 */
final class Landholders {

  static final List<String> DISTRICTS = List.of("440604", "440605", "440606", "440607", "440608");
  static final String[] FACTORY_STAGES = {
    "INDUSTRY_INTRODUCTION", "APPROVAL", "CONSTRUCTION", "SALES", "OPERATION", "ASSESSMENT"
  };
  private static final String[] INDUSTRIES = {
    "38", "33", "30", "21", "29", "34", "35", "39", "32", "17", "18", "26", "27", "36", "14", "13",
    "15", "22", "23", "24", "19", "20", "31", "40", "41", "42", "37", "28", "25", "43", "44", "45",
    "46", "59"
  };
  private static final double[] INDUSTRY_WEIGHTS = {
    18, 14, 8, 7, 7, 7, 6, 6, 5, 3, 3, 3, 1.5, 2, 2, 1.5, 0.8, 1.5, 1, 1.5, 1, 0.8, 1.5, 1, 0.8,
    0.5, 0.5, 0.3, 0.2, 0.5, 0.4, 0.2, 0.3, 2
  };
  private static final LocalDate AGREEMENTS_SINCE = LocalDate.of(2018, 1, 1);
  private static final int NONE = Integer.MIN_VALUE;

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

  /** Writes the lots as parcels, then one parcel for each reserve piece already supplied. */
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
        if (reserve == null) {
          geom = lots.get(i).geom();
          clusterId = lots.get(i).redLine().clusterId();
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
        } else if (rng.chance(0.62)) {
          granted = LocalDate.of(1995, 1, 1).plusDays(rng.integer(0, 23 * 365 - 1));
        } else {
          granted =
              AGREEMENTS_SINCE.plusDays(
                  rng.integer(0, (int) (City.AS_OF.toEpochDay() - AGREEMENTS_SINCE.toEpochDay())));
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
        if (reserve == null
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
    } else if (granted.isBefore(AGREEMENTS_SINCE)) {
      started = granted.plusDays(rng.integer(30, 400));
      completed = started.plusDays(rng.integer(300, 900));
      production = completed.plusDays(rng.integer(20, 240));
    } else {
      LocalDate[] due = dueDates(granted, daysToStart);
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

  /** The agreement's dates: start of works, completion, start of production. */
  private static LocalDate[] dueDates(LocalDate granted, int daysToStart) {
    LocalDate start = granted.plusDays(daysToStart);
    LocalDate complete = start.plusDays(730);
    return new LocalDate[] {start, complete, complete.plusDays(180)};
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
        if (factoryStage(i) >= 3) {
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

  /** Stage of the factory building on a parcel, from its milestones (index into FACTORY_STAGES). */
  private int factoryStage(int parcel) {
    Rng rng = Rng.of(seed, "factory-stage", parcel);
    if (completedOn[parcel] == NONE) {
      return rng.integer(0, 2);
    }
    long since = City.AS_OF.toEpochDay() - completedOn[parcel];
    if (since < 365) {
      return 3;
    }
    return rng.chance(0.6) ? 4 : 5;
  }

  void writeEnterprises() throws SQLException, IOException {
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
        double[] last = indicators(e, City.INDICATOR_YEARS[City.INDICATOR_YEARS.length - 1]);
        String suffix = rng.chance(0.12) ? "股份有限公司" : "有限公司";
        copy.integer(e + 1)
            .text(creditCode(e, t.districtCode()))
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

  long writeIndicators() throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "annual_indicator",
            "enterprise_id, year, tax_10k_cny, output_10k_cny, value_added_10k_cny, revenue_10k_cny,"
                + " fixed_asset_investment_10k_cny, energy_tce, emissions_t, employees,"
                + " rd_expense_10k_cny")) {
      for (int e = 0; e < enterprises; e++) {
        for (int year : City.INDICATOR_YEARS) {
          double[] v = indicators(e, year);
          if (v == null) {
            continue;
          }
          copy.integer(e + 1)
              .integer(year)
              .decimal(v[0], 2)
              .decimal(v[1], 2)
              .decimal(v[2], 2)
              .decimal(v[3], 2)
              .decimal(v[4], 2)
              .decimal(v[5], 2)
              .decimal(v[6], 3)
              .integer(Math.round(v[7]))
              .decimal(v[8], 2)
              .end();
        }
      }
      return copy.rows();
    }
  }

  /**
   * An enterprise's figures for a year, or null when it was not producing: tax, output, value
   * added, revenue, cumulative fixed-asset investment (万元), energy (tce), emissions (t), employees,
   * R&amp;D (万元). Drawn per enterprise, so each year is the same whichever table asks for it.
   */
  double[] indicators(int e, int year) {
    int p = firstParcel[e];
    long start = productionOn[p];
    if (start == NONE || landMu[e] <= 0) {
      return null;
    }
    if (factoryParcels.containsKey(p + 1)) {
      start = Math.max(start, completedOn[p] + 180L);
    }
    start = Math.max(start, founded[e]);
    long yearStart = LocalDate.of(year, 1, 1).toEpochDay();
    long yearEnd = LocalDate.of(year, 12, 31).toEpochDay();
    if (start > yearEnd) {
      return null;
    }
    double active = Math.min(1, (yearEnd - Math.max(start, yearStart) + 1) / 365.0);
    Rng rng = Rng.of(seed, "indicators", e);
    double taxPerMu = rng.chance(0.07) ? rng.uniform(0, 1.5) : rng.logNormal(24, 0.85);
    double outputPerTax = rng.uniform(12, 30);
    double valueAddedShare = rng.uniform(0.18, 0.32);
    double revenueFactor = rng.uniform(0.95, 1.15);
    double investmentPerMu = rng.logNormal(340, 0.3);
    double energyPerValueAdded = rng.logNormal(0.25, 0.6);
    double emissionsPerTce = rng.logNormal(0.004, 0.5);
    double outputPerEmployee = rng.uniform(60, 160);
    double rdShare = rng.uniform(0, 0.05);
    double level = 1;
    double taxNoise = 1;
    for (int y = City.INDICATOR_YEARS[0]; y <= year; y++) {
      if (y > City.INDICATOR_YEARS[0]) {
        level *= 1 + rng.normal(0.04, 0.10);
      }
      taxNoise = rng.uniform(0.85, 1.15);
    }
    double mu = landMu[e];
    double tax = taxPerMu * mu * level * taxNoise * active;
    if (rng.chance(0.01)) {
      tax = -tax * 0.1; // refunds exceeding payments
    }
    double output = Math.min(5000, taxPerMu * outputPerTax) * mu * level * active;
    double valueAdded = output * valueAddedShare;
    double revenue = output * revenueFactor;
    double investment =
        investmentPerMu
            * mu
            * (1 - 0.04 * (City.INDICATOR_YEARS[City.INDICATOR_YEARS.length - 1] - year));
    double energy = valueAdded * energyPerValueAdded;
    return new double[] {
      tax,
      output,
      valueAdded,
      revenue,
      investment,
      energy,
      energy * emissionsPerTce,
      Math.max(1, output / outputPerEmployee / Math.max(active, 0.25)),
      revenue * rdShare
    };
  }

  long writeAgreements() throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "supervision_agreement",
            "parcel_id, contract_number, signed_on, investment_per_mu, output_per_mu, tax_per_mu,"
                + " plot_ratio_min, start_works_by, complete_by, start_production_by, change_set_id")) {
      int[] sequence = new int[DISTRICTS.size()];
      for (int i = 0; i < parcels; i++) {
        LocalDate granted = LocalDate.ofEpochDay(grantedOn[i]);
        if (granted.isBefore(AGREEMENTS_SINCE)) {
          continue;
        }
        Rng rng = Rng.of(seed, "agreement", i);
        ReserveLand reserve = reserveParcels.get(i + 1);
        LocalDate[] due = dueDates(granted, daysToStart[i]);
        int seq = ++sequence[district[i]];
        copy.integer(i + 1)
            .text(String.format("JG%s-%d-%05d", DISTRICTS.get(district[i]), granted.getYear(), seq))
            .date(granted)
            .decimal(
                reserve != null
                    ? reserve.investmentPerMu()
                    : Reserves.round(rng.uniform(250, 480), 10),
                2)
            .decimal(
                reserve != null ? reserve.outputPerMu() : Reserves.round(rng.uniform(300, 700), 10),
                2)
            .decimal(
                reserve != null ? reserve.taxPerMu() : Reserves.round(rng.uniform(15, 35), 1), 2)
            .decimal(
                reserve != null
                    ? reserve.plotRatioMin()
                    : Reserves.round(rng.uniform(1.0, 2.5), 0.1),
                2)
            .date(due[0])
            .date(due[1])
            .date(due[2])
            .integer(changeSetId)
            .end();
      }
      return copy.rows();
    }
  }

  long writeFactoryBuildings() throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "factory_building",
            "id, code, name, parcel_id, developer, stage, stage_since, floor_area_m2, sold_area_m2,"
                + " leased_area_m2, sale_price_cny_m2, rent_cny_m2_month, geom, change_set_id")) {
      int[] sequence = new int[DISTRICTS.size()];
      List<Integer> ids = new ArrayList<>(factoryParcels.keySet());
      ids.sort(Integer::compare);
      int id = 0;
      for (int parcelId : ids) {
        int i = parcelId - 1;
        Rng rng = Rng.of(seed, "factory", i);
        Geometry footprint = Shapes.largest(factoryParcels.get(parcelId).buffer(-6));
        if (footprint.isEmpty()) {
          footprint = factoryParcels.get(parcelId);
        }
        int stage = factoryStage(i);
        double floor = areaMu[i] * Geodesy.SQUARE_METRES_PER_MU * rng.uniform(2.5, 4.5);
        double taken =
            switch (stage) {
              case 3 -> rng.uniform(0.2, 0.6);
              case 4 -> rng.uniform(0.6, 0.97);
              case 5 -> rng.uniform(0.7, 0.98);
              default -> 0;
            };
        double soldShare = rng.uniform(0.3, 0.7);
        double price = rng.uniform(4000, 9500) * (rng.chance(0.05) ? 1.6 : 1);
        double rent = rng.uniform(14, 32) * (rng.chance(0.05) ? 1.7 : 1);
        LocalDate since =
            stage >= 3 && completedOn[i] != NONE
                ? LocalDate.ofEpochDay(completedOn[i])
                    .plusDays(stage == 3 ? 0 : rng.integer(200, 600))
                : LocalDate.ofEpochDay(grantedOn[i]).plusDays(rng.integer(0, 300));
        if (since.isAfter(City.AS_OF)) {
          since = City.AS_OF;
        }
        String brand = Names.brand(rng);
        int seq = ++sequence[district[i]];
        copy.integer(++id)
            .text(String.format("SP%s-%03d", DISTRICTS.get(district[i]), seq))
            .text(brand + new String[] {"智造产业园", "科技园", "工业园", "创新园"}[rng.integer(0, 3)])
            .integer(parcelId)
            .text("佛山市" + brand + "产业园开发有限公司")
            .text(FACTORY_STAGES[stage])
            .date(since)
            .decimal(floor, 1)
            .decimal(floor * taken * soldShare, 1)
            .decimal(floor * taken * (1 - soldShare), 1)
            .decimal(stage >= 3 ? price : null, 2)
            .decimal(stage >= 3 ? rent : null, 2)
            .geometry(footprint)
            .integer(changeSetId)
            .end();
      }
      return copy.rows();
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

  private static final String CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] CREDIT_WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  /**
   * A unified social credit code (统一社会信用代码, GB 32100-2015): 91 (enterprise), the admin code, a
   * nine-character organisation code made unique from the enterprise number, and the check
   * character.
   */
  static String creditCode(int enterprise, String districtCode) {
    char[] org = new char[9];
    long n = enterprise + 31L * 31 * 31 * 31;
    for (int k = 8; k >= 0; k--) {
      org[k] = CREDIT_CHARS.charAt((int) (n % 31));
      n /= 31;
    }
    String body = "91" + districtCode + new String(org);
    int sum = 0;
    for (int k = 0; k < 17; k++) {
      sum += CREDIT_CHARS.indexOf(body.charAt(k)) * CREDIT_WEIGHTS[k];
    }
    int check = (31 - sum % 31) % 31;
    return body + CREDIT_CHARS.charAt(check);
  }
}
