package cn.foshan.redline.efficiency;

import cn.foshan.redline.efficiency.FigureRows.Cells;
import cn.foshan.redline.efficiency.FigureRows.Line;
import cn.foshan.redline.efficiency.FigureRows.Lines;
import cn.foshan.redline.efficiency.FigureRows.Pending;
import cn.foshan.redline.efficiency.FigureRows.RowError;
import cn.foshan.redline.io.XlsxReader;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
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

  private static final int CHUNK = 1000;

  /** The most rows with a negative tax listed in a report (all are counted). */
  static final int NEGATIVE_TAX_LISTED = 100;

  /** What a report says of rows with a negative tax (refunds): the data check's explanation. */
  static final String NEGATIVE_TAX_NOTE =
      "这些企业本年度税收为负：退税（如增值税留抵退税）多于当年缴纳的税款。数据可以提交；评价时其亩均税收"
          + "和单位电耗税收按 0 计（评价模型的 negativeTax = ZERO），不因退税排在未缴税的企业之后，也不拉低"
          + "其他企业的得分；请核实退税凭证，必要时由企业在公示期内提出异议（these enterprises' tax of the"
          + " year is negative: refunds, e.g. VAT credit refunds, exceeded the taxes paid. The figures"
          + " may be committed; grading counts their tax per mu and tax per electricity as 0"
          + " (the model's negativeTax = ZERO), so a refund neither ranks them below a firm that"
          + " paid nothing nor moves the others' scores; check the refund records)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Recompute recompute;
  private final XlsxReader xlsx;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "insert_import",
          "count_year_figures",
          "select_enterprise_ids",
          "select_parcel_holders",
          "insert_import_row",
          "update_import_report",
          "select_import",
          "select_import_to_commit",
          "insert_figures_history",
          "delete_year_figures",
          "insert_figures",
          "select_progress_parcels",
          "upsert_progress",
          "update_import_committed",
          "select_import_status",
          "delete_import_rows",
          "update_import_discarded");

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

  static void requireBureau(AppUser user) {
    user.requireCommits("只有市自然资源局可以导入企业数据（only the bureau imports figures）");
  }

  /**
   * Validates a file of figures: a .csv (UTF-8) or the first worksheet of an .xlsx, read into the
   * same rows and checked by the same rules. A workbook that cannot be read is a 4xx problem and
   * nothing is kept; a CSV is read as it is checked, and what cannot be read is in the report.
   */
  Report validate(AppUser user, int year, String fileName, InputStream file) {
    requireBureau(user);
    recompute.checkedOn(year);
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
      throw ApiException.unsupportedMediaType(
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
              jdbc.sql(sql.get("insert_import"))
                  .param("y", year)
                  .param("f", fileName)
                  .param("by", user.username())
                  .query(Long.class)
                  .single();
          int rows = 0;
          BigDecimal tax = BigDecimal.ZERO;
          BigDecimal output = BigDecimal.ZERO;
          long negativeTax = 0;
          List<Map<String, Object>> negativeRows = new ArrayList<>();
          try {
            Line first = lines.next();
            long headerRow = first == null ? 1 : first.number();
            List<String> header = first == null ? List.of() : first.cells();
            Map<String, Integer> columns = FigureRows.columns(header, headerRow, errors);
            if (!errors.isEmpty()) {
              return store(id, rows, errors, Map.of());
            }
            List<Pending> chunk = new ArrayList<>();
            for (Line line = lines.next(); line != null; line = lines.next()) {
              if (line.cells().stream().allMatch(String::isEmpty)) {
                continue; // a row of blank cells
              }
              rows++;
              Pending p =
                  FigureRows.parse(new Cells(columns, line.cells()), line.number(), year, errors);
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
              if (p.values().get(0).signum() < 0) {
                negativeTax++;
                if (negativeRows.size() < NEGATIVE_TAX_LISTED) {
                  Map<String, Object> r = new LinkedHashMap<>();
                  r.put("row", line.number());
                  r.put("creditCode", p.creditCode());
                  r.put("tax10kCny", p.values().get(0));
                  negativeRows.add(r);
                }
              }
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
              jdbc.sql(sql.get("count_year_figures")).param("y", year).query(Long.class).single();
          Map<String, Object> summary = new LinkedHashMap<>();
          summary.put("enterprises", seen.size());
          summary.put("taxTotal10kCny", tax);
          summary.put("outputTotal10kCny", output);
          summary.put("replacesRows", replacing);
          // the data check: a negative tax (refunds) is no error, but is flagged and explained
          summary.put("negativeTax", negativeTax);
          if (negativeTax > 0) {
            summary.put("negativeTaxRows", negativeRows);
            summary.put("negativeTaxNote", NEGATIVE_TAX_NOTE);
          }
          return store(id, rows, errors, summary);
        });
  }

  /** Looks up a chunk's enterprises (and parcels), reports the unknown, stores the rest. */
  private void flush(long id, List<Pending> chunk, List<RowError> errors) {
    if (chunk.isEmpty()) {
      return;
    }
    Map<String, Long> ids = new HashMap<>();
    jdbc.sql(sql.get("select_enterprise_ids"))
        .param("codes", chunk.stream().map(Pending::creditCode).toList())
        .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2)))
        .list();
    Set<String> links = new HashSet<>();
    Set<String> parcels = new HashSet<>();
    List<String> asked = chunk.stream().flatMap(p -> p.parcels().stream()).distinct().toList();
    if (!asked.isEmpty()) {
      jdbc.sql(sql.get("select_parcel_holders"))
          .param("codes", asked)
          .query(
              (rs, n) -> {
                parcels.add(rs.getString(1));
                return links.add(rs.getString(1) + "\t" + rs.getString(2));
              })
          .list();
    }
    Map<String, double[]> progressParcels = new HashMap<>();
    List<String> reporting =
        chunk.stream()
            .filter(p -> p.progress() != null)
            .flatMap(p -> p.parcels().stream())
            .distinct()
            .toList();
    if (!reporting.isEmpty()) {
      jdbc.sql(sql.get("select_progress_parcels"))
          .param("codes", reporting)
          .query(
              (rs, n) ->
                  progressParcels.put(
                      rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3)}))
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
      Long progressParcel = null;
      if (ok && p.progress() != null) {
        double[] parcel = progressParcels.get(p.parcels().get(0));
        progressParcel = (long) parcel[0];
        BigDecimal developed = p.progress().developedAreaM2();
        if (developed != null && developed.doubleValue() > parcel[1] + 0.05) {
          errors.add(
              new RowError(
                  p.row(),
                  FigureRows.DEVELOPED,
                  String.format(
                      Locale.ROOT,
                      "已开发面积 %s m² 大于宗地 %s 的面积 %.1f m²（the developed area exceeds the"
                          + " parcel's）",
                      developed.toPlainString(),
                      p.parcels().get(0),
                      parcel[1])));
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      FigureRows.Progress progress = p.progress();
      List<BigDecimal> v = p.values();
      jdbc.sql(sql.get("insert_import_row"))
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
          .param("v9", v.get(9))
          .param("exports", p.exports())
          .param("progress_parcel", progressParcel)
          .param("developed", progress == null ? null : progress.developedAreaM2())
          .param("invested", progress == null ? null : progress.invested10kCny())
          .param("stopped", progress == null ? null : progress.stoppedOn())
          .update();
    }
  }

  private Report store(long id, int rows, List<RowError> errors, Map<String, Object> summary) {
    errors.sort(java.util.Comparator.comparingLong(RowError::row));
    jdbc.sql(sql.get("update_import_report"))
        .param("rows", rows)
        .param("errors", JSON.writeValueAsString(errors))
        .param("summary", JSON.writeValueAsString(summary))
        .param("id", id)
        .update();
    return get(id);
  }

  Report get(long id) {
    return jdbc.sql(sql.get("select_import"))
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
              jdbc.sql(sql.get("select_import_to_commit"))
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
            throw ApiException.conflict(
                "import-closed", "Import " + id + " is " + r.status() + ": import the file again");
          }
          if (!r.valid()) {
            throw ApiException.conflict(
                "import-has-errors",
                "Import "
                    + id
                    + " has "
                    + r.rows()
                    + " errors: correct the file and import it again");
          }
          int year = r.year();
          jdbc.sql(sql.get("insert_figures_history"))
              .param("id", id)
              .param("by", user.username())
              .param("y", year)
              .update();
          jdbc.sql(sql.get("delete_year_figures")).param("y", year).update();
          jdbc.sql(sql.get("insert_figures")).param("y", year).param("id", id).update();
          jdbc.sql(sql.get("upsert_progress")).param("y", year).param("id", id).update();
          jdbc.sql(sql.get("update_import_committed"))
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
              jdbc.sql(sql.get("select_import_status"))
                  .param("id", id)
                  .query(String.class)
                  .optional()
                  .orElseThrow(
                      () -> ApiException.notFound("unknown-import", "There is no import " + id));
          if (!s.equals("VALIDATED")) {
            throw ApiException.conflict("import-closed", "Import " + id + " is " + s);
          }
          jdbc.sql(sql.get("delete_import_rows")).param("id", id).update();
          jdbc.sql(sql.get("update_import_discarded")).param("id", id).update();
        });
  }
}
