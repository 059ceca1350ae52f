package cn.foshan.redline.efficiency;

import cn.foshan.redline.io.XlsxReader;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.RawJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * IndicatorImports of a year's figures per enterprise: a file (a .csv, or the first sheet of an
 * .xlsx read by io's XlsxReader into the same rows) is read and checked row by row (every bad row
 * reported: unknown enterprise or parcel, not a number, negative or implausible, duplicate, wrong
 * year, unknown or missing columns), kept as a validated import, and committed only when free of
 * errors: in one transaction the year's rows are copied to the history (who, when, which import),
 * replaced, and the year recomputed. Enterprises are looked up a thousand rows at a time, never by
 * loading the table.
 */
@Service
class IndicatorImports {

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
          "rd_expense_10k_cny");

  private static final Set<String> OPTIONAL = Set.of("year", "parcel_codes");

  /** 10 billion CNY (1,000,000 万元) or more in a year is taken for a unit error (元 for 万元). */
  private static final BigDecimal IMPLAUSIBLE = new BigDecimal("1000000");

  private static final int CHUNK = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Recompute recompute;
  private final XlsxReader xlsx;

  IndicatorImports(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Recompute recompute,
      XlsxReader xlsx,
      DatabaseLimits limits) {
    this.jdbc = jdbc;
    // an import of the year's figures: a long job (DatabaseLimits)
    this.transactions = limits.longRunning(transactions);
    this.recompute = recompute;
    this.xlsx = xlsx;
  }

  record RowError(long row, String column, String message) {}

  record Report(
      long id,
      int year,
      String fileName,
      String status,
      int rows,
      boolean valid,
      RawJson errors,
      RawJson summary,
      String createdBy,
      OffsetDateTime createdAt,
      String committedBy,
      OffsetDateTime committedAt) {}

  /** One parsed row waiting for its enterprise to be looked up. */
  private record Pending(
      long row, String creditCode, List<BigDecimal> values, List<String> parcels) {}

  static void requireBureau(AppUser user) {
    if (!user.role().commits()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only the bureau may import figures");
    }
  }

  /** A row of a file as text: its number in the file (the header is row 1 in a CSV) and cells. */
  private record Line(long number, List<String> cells) {}

  /** A file's rows, the header first; null at the end. */
  @FunctionalInterface
  private interface Lines {
    Line next() throws IOException;
  }

  /**
   * Validates a file of figures: a .csv (UTF-8) or the first worksheet of an .xlsx, read into the
   * same rows and checked by the same rules. A workbook that cannot be read is a 4xx problem and
   * nothing is kept; a CSV is read as it is checked, and what cannot be read is in the report.
   */
  Report validate(AppUser user, int year, String fileName, InputStream file) {
    requireBureau(user);
    Recompute.checkedOn(year);
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".xlsx")) {
      try (XlsxReader.Sheet sheet = xlsx.open(file)) {
        return validate(
            user,
            year,
            fileName,
            "XLSX",
            () -> {
              XlsxReader.Row row = sheet.next();
              return row == null ? null : new Line(row.number(), row.cells());
            });
      }
    }
    if (!name.endsWith(".csv")) {
      throw new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-file",
          "Unsupported file",
          "Send the figures as a .csv file (UTF-8) or an .xlsx workbook (its first sheet), with"
              + " a header row"
              + (name.endsWith(".xls")
                  ? "; an Excel 97–2003 .xls is not read: save it as .xlsx"
                  : "; not '" + fileName + "'"));
    }
    try (Reader reader =
            new InputStreamReader(
                BOMInputStream.builder().setInputStream(file).get(), StandardCharsets.UTF_8);
        CSVParser csv =
            CSVFormat.DEFAULT
                .builder()
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .get()
                .parse(reader)) {
      Iterator<CSVRecord> records = csv.iterator();
      return validate(
          user,
          year,
          fileName,
          "CSV",
          () -> {
            if (!records.hasNext()) {
              return null;
            }
            CSVRecord r = records.next();
            return new Line(r.getRecordNumber(), r.toList());
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Report validate(AppUser user, int year, String fileName, String format, Lines lines) {
    List<RowError> errors = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    return transactions.execute(
        status -> {
          long id =
              jdbc.sql(
                      "INSERT INTO indicator_import (year, file_name, rows, created_by)"
                          + " VALUES (:y, :f, 0, :by) RETURNING id")
                  .param("y", year)
                  .param("f", fileName)
                  .param("by", user.username())
                  .query(Long.class)
                  .single();
          int rows = 0;
          BigDecimal tax = BigDecimal.ZERO;
          BigDecimal output = BigDecimal.ZERO;
          try {
            Line first = lines.next();
            long headerRow = first == null ? 1 : first.number();
            List<String> header = first == null ? List.of() : first.cells();
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
                            + " (money in 万元, energy in tce, emissions in t), and optionally year"
                            + " and parcel_codes"));
              }
            }
            for (String required : concat("credit_code", FIGURES)) {
              if (!columns.containsKey(required)) {
                errors.add(new RowError(headerRow, required, "missing column " + required));
              }
            }
            if (!errors.isEmpty()) {
              return store(id, rows, errors, Map.of());
            }
            List<Pending> chunk = new ArrayList<>();
            for (Line line = lines.next(); line != null; line = lines.next()) {
              if (line.cells().stream().allMatch(String::isEmpty)) {
                continue; // a row of blank cells
              }
              rows++;
              Pending p = parse(new Cells(columns, line.cells()), line.number(), year, errors);
              if (p == null) {
                continue;
              }
              Long firstRow = seen.putIfAbsent(p.creditCode(), line.number());
              if (firstRow != null) {
                errors.add(
                    new RowError(
                        line.number(),
                        "credit_code",
                        "duplicate: enterprise "
                            + p.creditCode()
                            + " is already in row "
                            + firstRow));
                continue;
              }
              tax = tax.add(p.values().get(0));
              output = output.add(p.values().get(1));
              chunk.add(p);
              if (chunk.size() == CHUNK) {
                flush(id, chunk, errors);
                chunk.clear();
              }
            }
            flush(id, chunk, errors);
          } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            errors.add(
                new RowError(
                    0, null, "the file is not readable " + format + ": " + e.getMessage()));
          }
          long replacing =
              jdbc.sql("SELECT count(*) FROM annual_indicator WHERE year = :y")
                  .param("y", year)
                  .query(Long.class)
                  .single();
          Map<String, Object> summary = new LinkedHashMap<>();
          summary.put("enterprises", seen.size());
          summary.put("taxTotal10kCny", tax);
          summary.put("outputTotal10kCny", output);
          summary.put("replacesRows", replacing);
          return store(id, rows, errors, summary);
        });
  }

  /** A row's cells by column name: "" for a blank cell or one the row does not reach. */
  private record Cells(Map<String, Integer> columns, List<String> cells) {
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

  private static Pending parse(Cells record, long row, int year, List<RowError> errors) {
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
    return errors.size() == before ? new Pending(row, code, List.of(values), parcels) : null;
  }

  /** Looks up a chunk's enterprises (and parcels), reports the unknown, stores the rest. */
  private void flush(long id, List<Pending> chunk, List<RowError> errors) {
    if (chunk.isEmpty()) {
      return;
    }
    Map<String, Long> ids = new HashMap<>();
    jdbc.sql("SELECT credit_code, id FROM enterprise WHERE credit_code IN (:codes)")
        .param("codes", chunk.stream().map(Pending::creditCode).toList())
        .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2)))
        .list();
    Set<String> links = new HashSet<>();
    Set<String> parcels = new HashSet<>();
    List<String> asked = chunk.stream().flatMap(p -> p.parcels().stream()).distinct().toList();
    if (!asked.isEmpty()) {
      jdbc.sql(
              "SELECT p.code, e.credit_code FROM parcel p LEFT JOIN parcel_enterprise l ON"
                  + " l.parcel_id = p.id LEFT JOIN enterprise e ON e.id = l.enterprise_id"
                  + " WHERE p.code IN (:codes)")
          .param("codes", asked)
          .query(
              (rs, n) -> {
                parcels.add(rs.getString(1));
                return links.add(rs.getString(1) + "\t" + rs.getString(2));
              })
          .list();
    }
    for (Pending p : chunk) {
      Long enterprise = ids.get(p.creditCode());
      if (enterprise == null) {
        errors.add(
            new RowError(
                p.row(), "credit_code", "no enterprise has the credit code " + p.creditCode()));
        continue;
      }
      boolean ok = true;
      for (String parcel : p.parcels()) {
        if (!parcels.contains(parcel)) {
          errors.add(new RowError(p.row(), "parcel_codes", "there is no parcel " + parcel));
          ok = false;
        } else if (!links.contains(parcel + "\t" + p.creditCode())) {
          errors.add(
              new RowError(
                  p.row(),
                  "parcel_codes",
                  "enterprise " + p.creditCode() + " holds no floor area on parcel " + parcel));
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      List<BigDecimal> v = p.values();
      jdbc.sql(
              "INSERT INTO indicator_import_row (import_id, row_no, enterprise_id, tax_10k_cny,"
                  + " output_10k_cny, value_added_10k_cny, revenue_10k_cny,"
                  + " fixed_asset_investment_10k_cny, energy_tce, emissions_t, employees,"
                  + " rd_expense_10k_cny) VALUES (:id, :row, :e, :v0, :v1, :v2, :v3, :v4, :v5, :v6,"
                  + " :v7, :v8)")
          .param("id", id)
          .param("row", p.row())
          .param("e", enterprise)
          .param("v0", v.get(0))
          .param("v1", v.get(1))
          .param("v2", v.get(2))
          .param("v3", v.get(3))
          .param("v4", v.get(4))
          .param("v5", v.get(5))
          .param("v6", v.get(6))
          .param("v7", v.get(7).intValueExact())
          .param("v8", v.get(8))
          .update();
    }
  }

  private Report store(long id, int rows, List<RowError> errors, Map<String, Object> summary) {
    errors.sort(java.util.Comparator.comparingLong(RowError::row));
    jdbc.sql(
            "UPDATE indicator_import SET rows = :rows, errors = CAST(:errors AS jsonb),"
                + " summary = CAST(:summary AS jsonb) WHERE id = :id")
        .param("rows", rows)
        .param("errors", JSON.writeValueAsString(errors))
        .param("summary", JSON.writeValueAsString(summary))
        .param("id", id)
        .update();
    return get(id);
  }

  Report get(long id) {
    return jdbc.sql(
            "SELECT id, year, file_name, status, rows, jsonb_array_length(errors) = 0 AS valid,"
                + " errors::text AS errors, summary::text AS summary, created_by, created_at,"
                + " committed_by, committed_at FROM indicator_import WHERE id = :id")
        .param("id", id)
        .query(
            (rs, n) ->
                new Report(
                    rs.getLong("id"),
                    rs.getInt("year"),
                    rs.getString("file_name"),
                    rs.getString("status"),
                    rs.getInt("rows"),
                    rs.getBoolean("valid"),
                    new RawJson(rs.getString("errors")),
                    new RawJson(rs.getString("summary")),
                    rs.getString("created_by"),
                    rs.getObject("created_at", OffsetDateTime.class),
                    rs.getString("committed_by"),
                    rs.getObject("committed_at", OffsetDateTime.class)))
        .optional()
        .orElseThrow(() -> ApiException.notFound("unknown-import", "There is no import " + id));
  }

  /** Replaces the year's figures by the import's, keeping the old ones in the history. */
  Report commit(AppUser user, long id) {
    requireBureau(user);
    transactions.executeWithoutResult(
        status -> {
          Report r =
              jdbc.sql(
                      "SELECT status, jsonb_array_length(errors) AS errors, year FROM indicator_import WHERE id = :id FOR UPDATE")
                  .param("id", id)
                  .query(
                      (rs, n) ->
                          new Report(
                              id,
                              rs.getInt("year"),
                              null,
                              rs.getString("status"),
                              rs.getInt("errors"),
                              rs.getInt("errors") == 0,
                              null,
                              null,
                              null,
                              null,
                              null,
                              null))
                  .optional()
                  .orElseThrow(
                      () -> ApiException.notFound("unknown-import", "There is no import " + id));
          if (!r.status().equals("VALIDATED")) {
            throw new ApiException(
                HttpStatus.CONFLICT,
                "import-closed",
                "Conflict",
                "Import " + id + " is " + r.status() + ": import the file again");
          }
          if (!r.valid()) {
            throw new ApiException(
                HttpStatus.CONFLICT,
                "import-has-errors",
                "Conflict",
                "Import "
                    + id
                    + " has "
                    + r.rows()
                    + " errors: correct the file and import it again");
          }
          int year = r.year();
          jdbc.sql(
                  "INSERT INTO annual_indicator_history SELECT a.*, :id, :by, now()"
                      + " FROM annual_indicator a WHERE a.year = :y")
              .param("id", id)
              .param("by", user.username())
              .param("y", year)
              .update();
          jdbc.sql("DELETE FROM annual_indicator WHERE year = :y").param("y", year).update();
          jdbc.sql(
                  "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                      + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny,"
                      + " energy_tce, emissions_t, employees, rd_expense_10k_cny)"
                      + " SELECT enterprise_id, :y, tax_10k_cny, output_10k_cny, value_added_10k_cny,"
                      + " revenue_10k_cny, fixed_asset_investment_10k_cny, energy_tce, emissions_t,"
                      + " employees, rd_expense_10k_cny FROM indicator_import_row WHERE import_id = :id")
              .param("y", year)
              .param("id", id)
              .update();
          jdbc.sql(
                  "UPDATE indicator_import SET status = 'COMMITTED', committed_by = :by,"
                      + " committed_at = now() WHERE id = :id")
              .param("by", user.username())
              .param("id", id)
              .update();
          recompute.year(year, user.username());
        });
    return get(id);
  }

  /** Discards a validated import (its rows go; the report stays, DISCARDED). */
  void discard(AppUser user, long id) {
    requireBureau(user);
    transactions.executeWithoutResult(
        status -> {
          String s =
              jdbc.sql("SELECT status FROM indicator_import WHERE id = :id FOR UPDATE")
                  .param("id", id)
                  .query(String.class)
                  .optional()
                  .orElseThrow(
                      () -> ApiException.notFound("unknown-import", "There is no import " + id));
          if (!s.equals("VALIDATED")) {
            throw new ApiException(
                HttpStatus.CONFLICT, "import-closed", "Conflict", "Import " + id + " is " + s);
          }
          jdbc.sql("DELETE FROM indicator_import_row WHERE import_id = :id")
              .param("id", id)
              .update();
          jdbc.sql("UPDATE indicator_import SET status = 'DISCARDED' WHERE id = :id")
              .param("id", id)
              .update();
        });
  }
}
