package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.ServedRows;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Exports any relation of (id, geom, properties) — a layer's features, a query's results — as a
 * file GDAL writes: zipped Shapefile (.shp/.shx/.dbf/.prj/.cpg, UTF-8 or GBK), GeoPackage, GeoJSON,
 * KML or CSV (WKT), in CGCS2000 or one of its Gauss–Krüger zones. The relation runs once, with its
 * values bound, into a scratch table (each property a typed column, the shape in the CRS asked for)
 * that ogr2ogr then reads from the service's database; GeoJSON, KML and CSV stream from ogr2ogr to
 * the client as it writes them. The scratch table and files go when it is done.
 */
@Service
public class Exports {

  private static final Logger log = LoggerFactory.getLogger(Exports.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The formats of an export: GDAL's driver, the file's extension and media type. */
  public enum Format {
    SHP("ESRI Shapefile", "zip", "application/zip", false),
    GPKG("GPKG", "gpkg", "application/geopackage+sqlite3", false),
    GEOJSON("GeoJSON", "geojson", "application/geo+json", true),
    KML("KML", "kml", "application/vnd.google-earth.kml+xml", true),
    CSV("CSV", "csv", "text/csv;charset=UTF-8", true);

    final String driver;
    private final String extension;
    private final String mediaType;
    final boolean streams;

    Format(String driver, String extension, String mediaType, boolean streams) {
      this.driver = driver;
      this.extension = extension;
      this.mediaType = mediaType;
      this.streams = streams;
    }

    public String extension() {
      return extension;
    }

    public String mediaType() {
      return mediaType;
    }

    /** The format named in a request (shp, gpkg, geojson, kml, csv), or a 400 problem. */
    public static Format of(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw ApiException.badRequest(
            "unsupported-format",
            "format must be one of shp, gpkg, geojson, kml, csv, not '" + name + "'");
      }
    }
  }

  /** The CRS and a Shapefile's encoding of a file, as a request names them (query parameters). */
  public record Options(
      @Parameter(description = "EPSG:4490 (default), EPSG:4547 or EPSG:4546") String crs,
      @Parameter(description = "a Shapefile's attribute encoding: UTF-8 (default) or GBK")
          String encoding) {}

  /** The CRSs of an export, by EPSG code. */
  private static final Set<Integer> CRS = Set.of(4490, 4547, 4546);

  /** The SRID of a CRS named in a request (EPSG:4490 by default), or a 400 problem. */
  public static int crs(String name) {
    if (name == null || name.isBlank()) {
      return 4490;
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.startsWith("EPSG:")) {
      try {
        int code = Integer.parseInt(n.substring(5));
        if (CRS.contains(code)) {
          return code;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw ApiException.badRequest(
        "unsupported-crs", "crs must be EPSG:4490, EPSG:4547 or EPSG:4546, not '" + name + "'");
  }

  /** The encoding of a Shapefile's attributes: UTF-8 (default) or GBK. */
  public static String encoding(String name) {
    if (name == null || name.isBlank()) {
      return "UTF-8";
    }
    String e = Encodings.named(name);
    if (!e.equals("UTF-8") && !e.equals("GBK")) {
      throw ApiException.badRequest("unsupported-encoding", "encoding must be UTF-8 or GBK");
    }
    return e;
  }

  private final JdbcClient jdbc;
  private final Gdal gdal;
  private final SqlTemplate selectColumns =
      SqlTemplate.load("io/select_export_columns.sql", "relation");
  private final SqlTemplate createTable =
      SqlTemplate.load("io/create_export_table.sql", "scratch", "id_type", "srid", "columns");
  private final SqlTemplate insertRows =
      SqlTemplate.load("io/insert_export_rows.sql", "scratch", "columns", "relation");
  private final SqlTemplate dropTable = SqlTemplate.load("io/drop_scratch_table.sql", "table");
  private final TransactionTemplate longJob;

  Exports(JdbcClient jdbc, Gdal gdal, TransactionTemplate transactions, DatabaseLimits limits) {
    this.jdbc = jdbc;
    this.gdal = gdal;
    // a whole layer copied for GDAL: a long job (DatabaseLimits)
    this.longJob = limits.longRunning(transactions);
  }

  /**
   * The rows of a relation (columns id, geom in EPSG:4490, properties: a JSON object as text; its
   * values bound from params) as a file to download, named name (letters, digits and _ only): the
   * format, CRS and encoding the request names (null for the defaults) are checked now, so that a
   * wrong one is a 400 problem before anything is written; the file is written as it streams.
   */
  public ResponseEntity<StreamingResponseBody> response(
      String relationSql, Map<String, Object> params, String format, Options options, String name) {
    if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("export name " + name);
    }
    Format f = Format.of(format);
    int srid = crs(options.crs());
    String e = encoding(options.encoding());
    if (f == Format.KML && srid != 4490) {
      throw ApiException.badRequest(
          "unsupported-crs", "KML is always longitude/latitude: ask for EPSG:4490");
    }
    StreamingResponseBody body = out -> export(relationSql, params, f, srid, e, name, out);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(f.mediaType()))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"" + name + "." + f.extension() + "\"")
        .body(body);
  }

  /** Writes the file of {@link #response} to out. */
  private void export(
      String relationSql,
      Map<String, Object> params,
      Format format,
      int srid,
      String encoding,
      String name,
      OutputStream out) {
    String scratch = gdal.staged("export_" + HexFormat.of().formatHex(RANDOM.generateSeed(8)));
    Path work = null;
    try {
      work = Gdal.workDirectory("export");
      fill(scratch, relationSql, params, srid);
      List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", format.driver));
      Path file = work.resolve(name + "." + (format == Format.SHP ? "shp" : format.extension));
      command.add(format.streams ? "/vsistdout/" : file.toString());
      command.addAll(List.of(gdal.postgres(), scratch, "-nln", name));
      switch (format) {
        case SHP -> command.addAll(List.of("-lco", "ENCODING=" + encoding));
        case CSV -> command.addAll(List.of("-lco", "GEOMETRY=AS_WKT", "-lco", "WRITE_BOM=YES"));
        case GEOJSON -> command.addAll(List.of("-lco", "WRITE_NAME=NO"));
        default -> {}
      }
      if (format.streams) {
        Process p = gdal.stream(work, command);
        try (InputStream in = p.getInputStream()) {
          in.transferTo(out);
        }
        gdal.finish(p, command);
        if (p.exitValue() != 0) {
          throw new IllegalStateException("ogr2ogr failed: " + Gdal.errors(work));
        }
      } else {
        gdal.run(work, command);
        if (format == Format.SHP) {
          zip(work, name, out);
        } else {
          Files.copy(file, out);
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        jdbc.sql(dropTable.identifier("table", scratch).sql()).update();
      } catch (RuntimeException e) {
        log.warn("could not drop export scratch table {}", scratch, e);
      }
      Gdal.deleteTree(work);
    }
  }

  /** The scratch table: a typed column per property (names quoted), filled in one statement. */
  private void fill(String scratch, String relationSql, Map<String, Object> params, int srid) {
    // the relation: SQL of the callers' own (their templates), its values bound from params
    var keys = jdbc.sql(selectColumns.sql("relation", relationSql).sql());
    for (Map.Entry<String, Object> p : params.entrySet()) {
      keys = keys.param(p.getKey(), p.getValue());
    }
    List<String[]> columns =
        keys.query(
                (rs, n) ->
                    new String[] {
                      rs.getString("key"),
                      rs.getString("types") == null ? "" : rs.getString("types"),
                      rs.getString("id_type")
                    })
            .list();
    String idType =
        columns.isEmpty() || List.of("bigint", "integer").contains(columns.get(0)[2])
            ? "bigint"
            : "text";
    StringBuilder create = new StringBuilder();
    StringBuilder values = new StringBuilder();
    Set<String> used = new HashSet<>(List.of("id", "geom", "fid", "ogc_fid"));
    for (String[] c : columns) {
      String column = c[0];
      while (!used.add(column.toLowerCase(Locale.ROOT))) {
        column = column + "_";
      }
      String get = "j.p -> " + literal(c[0]);
      String type;
      String value;
      switch (c[1]) {
        case "number" -> {
          type = "double precision";
          value = "CAST(j.p ->> " + literal(c[0]) + " AS double precision)";
        }
        case "boolean" -> {
          type = "boolean";
          value = "CAST(j.p ->> " + literal(c[0]) + " AS boolean)";
        }
        case "string" -> {
          type = "text";
          value = "j.p ->> " + literal(c[0]);
        }
        default -> {
          type = "text";
          value =
              "CASE jsonb_typeof("
                  + get
                  + ") WHEN 'null' THEN NULL WHEN 'string' THEN j.p ->> "
                  + literal(c[0])
                  + " ELSE CAST("
                  + get
                  + " AS text) END";
        }
      }
      create.append(", ").append(ImportMapping.ident(column)).append(' ').append(type);
      values.append(", ").append(value);
    }
    jdbc.sql(
            createTable
                .identifier("scratch", scratch)
                .sql("id_type", idType)
                // a type modifier cannot be a bound value: the SRID, one of crs()'s codes
                .sql("srid", Integer.toString(srid))
                // the properties' columns, named by the JSON keys: quoted (ident)
                .sql("columns", create.toString())
                .sql())
        .update();
    var insert =
        jdbc.sql(
                insertRows
                    .identifier("scratch", scratch)
                    .sql("columns", values.toString())
                    .sql("relation", relationSql)
                    .sql())
            .param("srid", srid);
    for (Map.Entry<String, Object> p : params.entrySet()) {
      insert = insert.param(p.getKey(), p.getValue());
    }
    var rows = insert;
    Integer written = longJob.execute(status -> rows.update());
    // the rows exported, for the audit log
    ServedRows.add(written == null ? 0 : written);
  }

  /** A JSON key as an SQL string literal (keys come from the service's own SQL). */
  private static String literal(String key) {
    return "'" + key.replace("'", "''") + "'";
  }

  /** A Shapefile's parts as one zip. */
  private static void zip(Path work, String name, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
      Path part = work.resolve(name + "." + ext);
      if (Files.exists(part)) {
        zip.putNextEntry(new ZipEntry(name + "." + ext));
        Files.copy(part, zip);
        zip.closeEntry();
      }
    }
    zip.finish();
  }
}
