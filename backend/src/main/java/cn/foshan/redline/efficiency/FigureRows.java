package cn.foshan.redline.efficiency;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a file of a year's figures per enterprise, read and checked: the header (unknown,
 * duplicate or missing columns) and each row (credit code, year, numbers that are not, negative or
 * implausible ones), every problem reported as a {@link RowError}. What is checked against the
 * database (enterprises, parcels) and what is written is {@link IndicatorImports}'.
 */
final class FigureRows {

  private FigureRows() {}

  /**
   * The columns of a file: credit code, the figures (units in the name), optional year, parcels.
   */
  static final List<String> FIGURES =
      List.of(
          "tax_10k_cny",
          "output_10k_cny",
          "value_added_10k_cny",
          "revenue_10k_cny",
          "fixed_asset_investment_10k_cny",
          "energy_tce",
          "emissions_t",
          "employees",
          "rd_expense_10k_cny",
          "electricity_10k_kwh");

  /** 出口创汇 export earnings, 万元: optional (older files have none); blank is "not reported". */
  static final String EXPORTS = "export_10k_cny";

  /**
   * Construction progress of the row's one parcel (V33, for idle land): area developed (m²),
   * investment made (万元, cumulative) and the day works stopped (blank: not stopped). Optional.
   */
  static final String DEVELOPED = "developed_area_m2";

  static final String INVESTED = "invested_10k_cny";
  static final String STOPPED = "works_stopped_on";

  /** Columns a file may leave out. */
  private static final Set<String> OPTIONAL =
      Set.of("year", "parcel_codes", "electricity_10k_kwh", EXPORTS, DEVELOPED, INVESTED, STOPPED);

  /** Figures a row may leave blank (not reported): graded by the model's missing-data rule. */
  private static final Set<String> MAY_BE_BLANK = Set.of("emissions_t", "electricity_10k_kwh");

  /** 10 billion CNY (1,000,000 万元) or more in a year is taken for a unit error (元 for 万元). */
  private static final BigDecimal IMPLAUSIBLE = new BigDecimal("1000000");

  /** A problem of a file: its row (0 for the whole file), column and what is wrong. */
  record RowError(long row, String column, String message) {}

  /** One parsed row waiting for its enterprise to be looked up; exports null when not reported. */
  record Pending(
      long row,
      String creditCode,
      List<BigDecimal> values,
      BigDecimal exports,
      List<String> parcels,
      Progress progress) {}

  /** The progress a row reports for its one parcel (null fields: not reported). */
  record Progress(BigDecimal developedAreaM2, BigDecimal invested10kCny, LocalDate stoppedOn) {}

  /** A row of a file as text: its number in the file (the header is row 1 in a CSV) and cells. */
  record Line(long number, List<String> cells) {}

  /** A file's rows, the header first; null at the end. */
  @FunctionalInterface
  interface Lines {
    Line next() throws IOException;
  }

  /**
   * The columns of a header by name; a column named twice, unknown or missing is an error of the
   * header's row.
   */
  static Map<String, Integer> columns(List<String> header, long headerRow, List<RowError> errors) {
    Map<String, Integer> columns = new HashMap<>();
    Set<String> known = new HashSet<>(FIGURES);
    known.addAll(OPTIONAL);
    known.add("credit_code");
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      if (columns.putIfAbsent(h, i) != null) {
        errors.add(new RowError(headerRow, h, "duplicate column " + h));
      } else if (!known.contains(h)) {
        errors.add(
            new RowError(
                headerRow,
                h,
                "unknown column '"
                    + h
                    + "': the columns are credit_code, "
                    + String.join(", ", FIGURES)
                    + " (money in 万元, energy in tce, emissions in t, electricity in 万kWh), and"
                    + " optionally year, parcel_codes, "
                    + EXPORTS
                    + " (出口创汇, 万元), "
                    + DEVELOPED
                    + " (已开发面积, m²), "
                    + INVESTED
                    + " (已投资额, 万元) and "
                    + STOPPED
                    + " (停工日期, yyyy-mm-dd)"));
      }
    }
    for (String required : concat("credit_code", FIGURES)) {
      if (!columns.containsKey(required) && !OPTIONAL.contains(required)) {
        errors.add(new RowError(headerRow, required, "missing column " + required));
      }
    }
    return columns;
  }

  /** A row's cells by column name: "" for a blank cell or one the row does not reach. */
  record Cells(Map<String, Integer> columns, List<String> cells) {
    boolean has(String column) {
      return columns.containsKey(column);
    }

    String get(String column) {
      Integer i = columns.get(column);
      return i == null || i >= cells.size() ? "" : cells.get(i);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  static Pending parse(Cells record, long row, int year, List<RowError> errors) {
    int before = errors.size();
    String code = record.get("credit_code");
    if (!code.matches("[0-9A-Z]{18}")) {
      errors.add(
          new RowError(row, "credit_code", "'" + code + "' is not an 18-character credit code"));
    }
    if (record.has("year")
        && !record.get("year").isEmpty()
        && !record.get("year").equals(Integer.toString(year))) {
      errors.add(
          new RowError(
              row, "year", "the row is for " + record.get("year") + ", the import for " + year));
    }
    BigDecimal[] values = new BigDecimal[FIGURES.size()];
    for (int i = 0; i < FIGURES.size(); i++) {
      String column = FIGURES.get(i);
      String text = record.get(column);
      if (text.isEmpty() && MAY_BE_BLANK.contains(column)) {
        continue; // not reported
      }
      try {
        values[i] = new BigDecimal(text);
      } catch (NumberFormatException e) {
        errors.add(new RowError(row, column, "'" + text + "' is not a number"));
        continue;
      }
      if (values[i].signum() < 0 && !column.equals("tax_10k_cny")) {
        errors.add(new RowError(row, column, "must not be negative"));
      } else if (values[i].abs().compareTo(IMPLAUSIBLE) >= 0) {
        errors.add(
            new RowError(
                row,
                column,
                values[i].toPlainString()
                    + " is implausible for one enterprise in a year: money is in 万元, energy in"
                    + " tce, emissions in t"));
      } else if (column.equals("employees") && values[i].stripTrailingZeros().scale() > 0) {
        errors.add(new RowError(row, column, "employees is a whole number"));
      }
    }
    BigDecimal exports = null;
    String exportText = record.get(EXPORTS).strip();
    if (!exportText.isEmpty()) {
      try {
        exports = new BigDecimal(exportText);
        if (exports.signum() < 0) {
          errors.add(new RowError(row, EXPORTS, "出口创汇不能为负（export earnings must not be negative）"));
        } else if (exports.compareTo(IMPLAUSIBLE) >= 0) {
          errors.add(
              new RowError(
                  row,
                  EXPORTS,
                  exports.toPlainString()
                      + " is implausible for one enterprise in a year: money is in 万元"));
        }
      } catch (NumberFormatException e) {
        errors.add(new RowError(row, EXPORTS, "'" + exportText + "' is not a number"));
      }
    }
    if (errors.size() == before && values[2].compareTo(values[1]) > 0) {
      errors.add(new RowError(row, "value_added_10k_cny", "value added is larger than the output"));
    }
    List<String> parcels = new ArrayList<>();
    if (record.has("parcel_codes") && !record.get("parcel_codes").isEmpty()) {
      for (String p : record.get("parcel_codes").split(";", -1)) {
        if (!p.isBlank()) {
          parcels.add(p.strip());
        }
      }
    }
    Progress progress = progress(record, row, year, parcels, errors);
    return errors.size() == before
        ? new Pending(
            row,
            code,
            java.util.Collections.unmodifiableList(Arrays.asList(values)),
            exports,
            parcels,
            progress)
        : null;
  }

  /**
   * The row's construction progress, or null when it reports none: numbers not negative, a stop
   * date (yyyy-mm-dd) not after the import's year, and exactly one parcel in parcel_codes to hold
   * it.
   */
  private static Progress progress(
      Cells record, long row, int year, List<String> parcels, List<RowError> errors) {
    String developedText = record.get(DEVELOPED).strip();
    String investedText = record.get(INVESTED).strip();
    String stoppedText = record.get(STOPPED).strip();
    if (developedText.isEmpty() && investedText.isEmpty() && stoppedText.isEmpty()) {
      return null;
    }
    int before = errors.size();
    BigDecimal developed = amount(developedText, row, DEVELOPED, "已开发面积", errors);
    BigDecimal invested = amount(investedText, row, INVESTED, "已投资额", errors);
    LocalDate stopped = null;
    if (!stoppedText.isEmpty()) {
      try {
        stopped = LocalDate.parse(stoppedText);
        if (stopped.getYear() > year) {
          errors.add(
              new RowError(
                  row,
                  STOPPED,
                  "停工日期 "
                      + stoppedText
                      + " 晚于导入年度 "
                      + year
                      + "（the stop date is after the import's year）"));
        }
      } catch (java.time.format.DateTimeParseException e) {
        errors.add(
            new RowError(
                row,
                STOPPED,
                "停工日期 '" + stoppedText + "' 不是 yyyy-mm-dd 格式的日期（not a date such as 2025-03-31）"));
      }
    }
    if (parcels.size() != 1) {
      errors.add(
          new RowError(
              row,
              "parcel_codes",
              "填写开发进度（已开发面积、已投资额、停工日期）的行须在 parcel_codes 中恰好写一宗地，本行写了 "
                  + parcels.size()
                  + " 宗（a row with construction progress names exactly one parcel）"));
    }
    return errors.size() == before ? new Progress(developed, invested, stopped) : null;
  }

  private static BigDecimal amount(
      String text, long row, String column, String zh, List<RowError> errors) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      BigDecimal v = new BigDecimal(text);
      if (v.signum() < 0) {
        errors.add(new RowError(row, column, zh + "不能为负（must not be negative）"));
      } else if (v.compareTo(new BigDecimal("10000000000")) >= 0) {
        errors.add(new RowError(row, column, zh + " " + v.toPlainString() + " 不合理（implausible）"));
      } else {
        return v;
      }
    } catch (NumberFormatException e) {
      errors.add(new RowError(row, column, zh + " '" + text + "' 不是数字（not a number）"));
    }
    return null;
  }
}
