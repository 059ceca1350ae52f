package cn.foshan.redline.gisdata;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The enterprises' annual figures (年度指标): tax, output, value added, revenue, investment, energy,
 * emissions, employees and R&amp;D, for each year an enterprise was producing on its land. Each
 * enterprise draws its own levels once (tax per mu from a log-normal, a few near zero), then a
 * yearly growth and noise, so a year's figures are the same whichever table asks for them.
 */
final class Indicators {

  /**
   * Old scattered plots produce less per mu: the village parks and old plots held ~80 % of the
   * industrial land and gave ~20 % of the output (the plan's 2018 figures).
   */
  static final double OLD_PLOT_LEVEL = 0.35;

  private final long seed;
  private final Landholders holders;

  Indicators(long seed, Landholders holders) {
    this.seed = seed;
    this.holders = holders;
  }

  /** Electricity's standard-coal equivalent: 10,000 kWh = 1.229 tce (当量值, GB/T 2589). */
  private static final double TCE_PER_10K_KWH = 1.229;

  long write(Connection connection) throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "annual_indicator",
            "enterprise_id, year, tax_10k_cny, output_10k_cny, value_added_10k_cny, revenue_10k_cny,"
                + " fixed_asset_investment_10k_cny, energy_tce, emissions_t, employees,"
                + " rd_expense_10k_cny, electricity_10k_kwh, export_10k_cny")) {
      int lastYear = City.INDICATOR_YEARS[City.INDICATOR_YEARS.length - 1];
      for (int e = 0; e < holders.enterpriseCount(); e++) {
        double[] last = of(e, lastYear);
        boolean aboveScale = last != null && last[3] >= 2000; // as Landholders marks it
        for (int year : City.INDICATOR_YEARS) {
          double[] v = of(e, year);
          if (v == null) {
            continue;
          }
          // reported or not, and the electricity share of the energy, drawn on a stream of their
          // own so that the other figures stay as they were for the seed
          Rng reporting = Rng.of(seed, "reporting", e * 16L + year - lastYear + 8);
          boolean emissionsReported = !reporting.chance(aboveScale ? 0.03 : 0.3);
          Double electricity =
              reporting.chance(0.05) ? null : v[5] * reporting.uniform(0.45, 0.9) / TCE_PER_10K_KWH;
          copy.integer(e + 1)
              .integer(year)
              .decimal(v[0], 2)
              .decimal(v[1], 2)
              .decimal(v[2], 2)
              .decimal(v[3], 2)
              .decimal(v[4], 2)
              .decimal(v[5], 2)
              .decimal(emissionsReported ? v[6] : null, 3)
              .integer(Math.round(v[7]))
              .decimal(v[8], 2)
              .decimal(electricity, 2)
              .decimal(v[9], 2)
              .end();
        }
      }
      return copy.rows();
    }
  }

  /**
   * An enterprise's figures for a year, or null when it was not producing: tax, output, value
   * added, revenue, cumulative fixed-asset investment (万元), energy (tce), emissions (t), employees,
   * R&amp;D, export earnings (万元). Drawn per enterprise, so each year is the same whichever table
   * asks for it.
   */
  double[] of(int e, int year) {
    int p = holders.firstParcel(e);
    long start = holders.productionOn(p);
    if (start == Landholders.NONE || holders.landMu(e) <= 0) {
      return null;
    }
    if (holders.hasFactoryBuilding(p)) {
      start = Math.max(start, holders.completedOn(p) + 180L);
    }
    start = Math.max(start, holders.founded(e));
    long yearStart = LocalDate.of(year, 1, 1).toEpochDay();
    long yearEnd = LocalDate.of(year, 12, 31).toEpochDay();
    if (start > yearEnd) {
      return null;
    }
    double active = Math.min(1, (yearEnd - Math.max(start, yearStart) + 1) / 365.0);
    Rng rng = Rng.of(seed, "indicators", e);
    double taxPerMu = rng.chance(0.07) ? rng.uniform(0, 1.5) : rng.logNormal(24, 0.85);
    if (holders.oldPlot(p)) {
      taxPerMu *= OLD_PLOT_LEVEL;
    }
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
    double mu = holders.landMu(e);
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
    // export earnings from a stream of their own, so the other figures stay as they were: four in
    // ten export, 5–60 % of their revenue
    Rng exports = Rng.of(seed, "exports", e);
    double exportShare = exports.chance(0.4) ? exports.uniform(0.05, 0.6) : 0;
    return new double[] {
      tax,
      output,
      valueAdded,
      revenue,
      investment,
      energy,
      energy * emissionsPerTce,
      Math.max(1, output / outputPerEmployee / Math.max(active, 0.25)),
      revenue * rdShare,
      revenue * exportShare
    };
  }

  /**
   * What firms were, per year, for grading (enterprise_designation): high-tech (高新技术企业) and 专精特新
   * firms, mostly above scale, and a few in a banned industry or with a serious incident.
   */
  long writeDesignations(Connection connection) throws SQLException, IOException {
    String[][] kinds = {
      {"HIGH_TECH", "粤科高字"}, {"SPECIALIZED", "粤工信专精"},
      {"BANNED_INDUSTRY", "佛工信淘汰"}, {"SERIOUS_INCIDENT", "佛应急罚"}
    };
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "enterprise_designation",
            "enterprise_id, year, kind, document_number, recorded_by")) {
      int lastYear = City.INDICATOR_YEARS[City.INDICATOR_YEARS.length - 1];
      int numbered = 0;
      for (int e = 0; e < holders.enterpriseCount(); e++) {
        double[] last = of(e, lastYear);
        boolean aboveScale = last != null && last[3] >= 2000;
        Rng rng = Rng.of(seed, "designation", e);
        boolean highTech = rng.chance(aboveScale ? 0.12 : 0.03);
        boolean specialized = rng.chance(aboveScale ? 0.05 : 0.02);
        for (int year : City.INDICATOR_YEARS) {
          if (of(e, year) == null) {
            continue;
          }
          boolean[] has = {
            highTech,
            specialized && year >= City.INDICATOR_YEARS[1],
            rng.chance(0.004),
            rng.chance(0.003)
          };
          for (int k = 0; k < kinds.length; k++) {
            if (has[k]) {
              copy.integer(e + 1)
                  .integer(year)
                  .text(kinds[k][0])
                  .text(kinds[k][1] + "〔" + year + "〕" + ++numbered + "号")
                  .text("demo-generator")
                  .end();
            }
          }
        }
      }
      return copy.rows();
    }
  }
}
