package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.ApiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The indicators by their API names, each with its column (the allow-list for SQL). The last two
 * are kept per enterprise and parcel only (V30): not every firm reports emissions or electricity,
 * and a district's ratio of sums over the firms that do would mislead.
 */
enum Indicator {
  TAX_PER_MU("taxPerMu", "tax_per_mu", true),
  OUTPUT_PER_MU("outputPerMu", "output_per_mu", true),
  VALUE_ADDED_PER_MU("valueAddedPerMu", "value_added_per_mu", true),
  INVESTMENT_PER_MU("investmentPerMu", "investment_per_mu", true),
  VALUE_ADDED_PER_ENERGY("valueAddedPerEnergy", "value_added_per_energy", true),
  LABOUR_PRODUCTIVITY("labourProductivity", "labour_productivity", true),
  RD_SHARE("rdShare", "rd_share", true),
  VALUE_ADDED_PER_EMISSION("valueAddedPerEmission", "value_added_per_emission", false),
  TAX_PER_ELECTRICITY("taxPerElectricity", "tax_per_electricity", false);

  final String key;
  final String column;
  private final boolean inUnits;

  Indicator(String key, String column, boolean inUnits) {
    this.key = key;
    this.column = column;
    this.inUnits = inUnits;
  }

  /** This indicator, for a figure of districts, clusters, towns or industries; 400 otherwise. */
  Indicator ofUnits() {
    if (!inUnits) {
      throw ApiException.badRequest(
          "unknown-indicator",
          key
              + " 只按企业和宗地计算，不按区、集聚区汇总（并非每家企业都报送排放和用电） is kept per"
              + " enterprise and parcel only: not every firm reports emissions or electricity");
    }
    return this;
  }

  static String names() {
    return Arrays.stream(values()).map(i -> i.key).collect(Collectors.joining(", "));
  }

  /** The indicator of an API name; a 400 problem for any other. */
  static Indicator of(String key) {
    for (Indicator i : values()) {
      if (i.key.equals(key)) {
        return i;
      }
    }
    throw ApiException.badRequest(
        "unknown-indicator", "Unknown indicator '" + key + "': use one of " + names());
  }
}
