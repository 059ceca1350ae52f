package cn.foshan.redline.efficiency;

import cn.foshan.redline.io.Exports;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Csv;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.ServedRows;
import cn.foshan.redline.system.SqlTemplate;
import cn.foshan.redline.system.XlsxSheet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Streams the rows of a query as JSON ({@code {"total", "items"}}), GeoJSON, CSV or XLSX, read
 * through a cursor (a few hundred rows at a time), so no export sits in memory. The query returns
 * {@code properties} (a JSON object as text, the item as the API shows it) and, for GeoJSON, {@code
 * geometry} (GeoJSON text); CSV and XLSX columns are picked from the properties by JSON pointer.
 */
@Component
class Export {

  /** A column of a table export: its header and where its value is in an item. */
  record Column(String header, String pointer) {}

  /** The formats GDAL writes through io.Exports: a zipped Shapefile, a GeoPackage, KML. */
  static final List<String> FILE_FORMATS = List.of("shp", "gpkg", "kml");

  /** Every format: the tables and GeoJSON written here, and the files GDAL writes. */
  static final List<String> FORMATS =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of("json", "csv", "xlsx", "geojson"), FILE_FORMATS.stream())
          .toList();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NamedParameterJdbcTemplate cursor;
  private final TransactionTemplate readOnly;
  private final Exports files;
  private final SqlTemplate selectParcels =
      SqlTemplate.load("efficiency/select_export_parcels.sql", "query");

  Export(ReadRouting reads, Exports files, DatabaseLimits limits) {
    this.files = files;
    // reads that may lag: a replica when one is fit (the tables and GeoJSON; GDAL's files read the
    // primary)
    JdbcTemplate jdbc = new JdbcTemplate(reads.mayLagDataSource());
    PlatformTransactionManager transactions = reads.mayLagTransactions();
    jdbc.setFetchSize(500);
    this.cursor = new NamedParameterJdbcTemplate(jdbc);
    // a whole table streamed: a long job (DatabaseLimits)
    TransactionTemplate definition = new TransactionTemplate(transactions);
    definition.setReadOnly(true);
    this.readOnly = limits.longRunning(transactions, definition);
  }

  static String format(String format) {
    String f = format == null || format.isBlank() ? "json" : format;
    if (!FORMATS.contains(f)) {
      throw ApiException.badRequest("invalid-format", "format must be one of " + FORMATS);
    }
    return f;
  }

  /**
   * The parcels of a query (items with a {@code parcelId}) as a file GDAL writes: a zipped
   * Shapefile (attributes in {@code encoding}: UTF-8 or GBK), a GeoPackage or KML, in {@code crs}
   * (EPSG:4490 by default, 4547 or 4546), each with the parcel's shape and the item's properties.
   */
  ResponseEntity<StreamingResponseBody> file(
      String format,
      String fileName,
      String sql,
      Map<String, Object> params,
      Exports.Options options) {
    String relation = selectParcels.sql("query", sql).sql();
    return files.response(relation, params, format, options, fileName);
  }

  /** The response of a query in a format; {@code total} is for JSON only. */
  ResponseEntity<StreamingResponseBody> respond(
      String format,
      String fileName,
      String sql,
      Map<String, ?> params,
      List<Column> columns,
      long total,
      Map<String, Object> head) {
    StreamingResponseBody body =
        out -> {
          try {
            readOnly.executeWithoutResult(
                status -> write(format, sql, params, columns, total, head, out));
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
        };
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    return switch (format) {
      case "csv" ->
          ok.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
              .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName, "csv"))
              .body(body);
      case "xlsx" ->
          ok.contentType(
                  MediaType.parseMediaType(
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
              .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName, "xlsx"))
              .body(body);
      case "geojson" ->
          ok.contentType(MediaType.parseMediaType("application/geo+json"))
              .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName, "geojson"))
              .body(body);
      default -> ok.contentType(MediaType.APPLICATION_JSON).body(body);
    };
  }

  /**
   * A download's file name, the same for every format of an export (as GDAL's files name it:
   * letters, digits and underscores, then the format's extension).
   */
  private static String attachment(String fileName, String extension) {
    return "attachment; filename=\"" + fileName + "." + extension + "\"";
  }

  private void write(
      String format,
      String sql,
      Map<String, ?> params,
      List<Column> columns,
      long total,
      Map<String, Object> head,
      OutputStream out) {
    long[] served = {0};
    try {
      switch (format) {
        case "csv" -> {
          text(out, "\uFEFF");
          text(out, Csv.line(columns.stream().map(Column::header).toList()));
          cursor.query(
              sql,
              params,
              rs -> {
                served[0]++;
                JsonNode item = JSON.readTree(rs.getString("properties"));
                text(out, Csv.line(columns.stream().map(c -> cell(item.at(c.pointer()))).toList()));
              });
        }
        case "xlsx" -> {
          try (XlsxSheet sheet = new XlsxSheet(out, fileSheet(head))) {
            sheet.row(columns.stream().map(Column::header).toArray());
            cursor.query(
                sql,
                params,
                rs -> {
                  served[0]++;
                  JsonNode item = JSON.readTree(rs.getString("properties"));
                  Object[] row = new Object[columns.size()];
                  for (int i = 0; i < row.length; i++) {
                    JsonNode v = item.at(columns.get(i).pointer());
                    row[i] =
                        v.isNumber()
                            ? (Object) v.doubleValue()
                            : v.isMissingNode() || v.isNull() ? null : cell(v);
                  }
                  try {
                    sheet.row(row);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
          }
        }
        case "geojson" -> {
          text(out, "{\"type\":\"FeatureCollection\",\"features\":[");
          boolean[] first = {true};
          cursor.query(
              sql,
              params,
              rs -> {
                served[0]++;
                text(
                    out,
                    (first[0] ? "" : ",")
                        + "{\"type\":\"Feature\",\"geometry\":"
                        + rs.getString("geometry")
                        + ",\"properties\":"
                        + rs.getString("properties")
                        + "}");
                first[0] = false;
              });
          text(out, "]}");
        }
        default -> {
          StringBuilder start = new StringBuilder("{");
          for (Map.Entry<String, Object> e : head.entrySet()) {
            start
                .append(JSON.writeValueAsString(e.getKey()))
                .append(':')
                .append(JSON.writeValueAsString(e.getValue()))
                .append(',');
          }
          text(out, start + "\"total\":" + total + ",\"items\":[");
          boolean[] first = {true};
          cursor.query(
              sql,
              params,
              rs -> {
                served[0]++;
                text(out, (first[0] ? "" : ",") + rs.getString("properties"));
                first[0] = false;
              });
          text(out, "]}");
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // the rows served, for the audit log
      ServedRows.add(served[0]);
    }
  }

  private static String fileSheet(Map<String, Object> head) {
    Object year = head.get("year");
    return year == null ? "data" : year.toString();
  }

  private static String cell(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "";
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder();
      for (JsonNode e : v) {
        if (!b.isEmpty()) {
          b.append(';');
        }
        b.append(e.isValueNode() ? e.asString() : e.toString());
      }
      return b.toString();
    }
    return v.isValueNode() ? v.asString() : v.toString();
  }

  private static void text(OutputStream out, String s) {
    try {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
