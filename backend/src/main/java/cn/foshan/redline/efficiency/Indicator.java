package cn.foshan.redline.efficiency;

import cn.foshan.redline.system.ApiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The indicators by their API names, each with its column (the allow-list for SQL). */
enum Indicator {
  TAX_PER_MU("taxPerMu", "tax_per_mu"),
  OUTPUT_PER_MU("outputPerMu", "output_per_mu"),
  VALUE_ADDED_PER_MU("valueAddedPerMu", "value_added_per_mu"),
  INVESTMENT_PER_MU("investmentPerMu", "investment_per_mu"),
  VALUE_ADDED_PER_ENERGY("valueAddedPerEnergy", "value_added_per_energy"),
  LABOUR_PRODUCTIVITY("labourProductivity", "labour_productivity"),
  RD_SHARE("rdShare", "rd_share");

  final String key;
  final String column;

  Indicator(String key, String column) {
    this.key = key;
    this.column = column;
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
