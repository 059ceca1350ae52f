package cn.foshan.redline.io;

import cn.foshan.redline.io.ImportMapping.FileField;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The staging of an import: the file's layers as GDAL opens them, the one to read, ogr2ogr into a
 * staging table of the scratch schema (V14), a CSV's or XLSX's WKT column read as the shapes, the
 * check that they are polygons, and the staged shapes in CGCS2000 with their validity and repairs
 * (a second table, {@code <staging>_shapes}). The tables are named {@code import_s<random>} while
 * the file is read, and after their job once it is made ({@code import_<id>}); a failed staging
 * drops them.
 */
@Component
class ImportStaging {

  private static final Logger log = LoggerFactory.getLogger(ImportStaging.class);

  private static final List<String> WKT_NAMES =
      List.of("wkt", "geometry", "geom", "the_geom", "shape", "geometrie");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final TransactionTemplate longJob;
  private final Gdal gdal;
  private final ImportCrs crs;
  private final IoProperties properties;
  private final String selectColumns = SqlFiles.load("io/select_staging_columns.sql");
  private final String sessionAlive = SqlFiles.load("io/select_session_alive.sql");
  private final SqlTemplate selectGeometryTypes =
      SqlTemplate.load("io/select_staging_geometry_types.sql", "staging");
  private final SqlTemplate createShapes =
      SqlTemplate.load("io/create_staging_shapes.sql", "staging", "shapes");
  private final SqlTemplate wktToGeometry =
      SqlTemplate.load("io/wkt_to_geometry.sql", "staging", "wkt");
  private final SqlTemplate renameTables =
      SqlTemplate.load("io/rename_staging_tables.sql", "staging", "shapes", "name", "shapes_name");
  private final SqlTemplate dropTables =
      SqlTemplate.load("io/drop_staging_tables.sql", "staging", "shapes");

  ImportStaging(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Gdal gdal,
      ImportCrs crs,
      IoProperties properties,
      DatabaseLimits limits) {
    this.jdbc = jdbc;
    this.crs = crs;
    // reading and repairing a file's shapes: a long job (DatabaseLimits)
    this.longJob = limits.longRunning(transactions);
    this.gdal = gdal;
    this.properties = properties;
  }

  /** The table of a staging table's shapes (schema-qualified as the staging table is). */
  static String shapes(String staging) {
    return staging + "_shapes";
  }

  /** A new staging table's name, not yet schema-qualified. */
  static String newTable() {
    return "import_s" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
  }

  /** A staging table by its schema-qualified name (staged tables are not among the data). */
  String staged(String table) {
    return gdal.staged(table);
  }

  /**
   * A layer of a file, as GDAL opens it: its name, and its CRS as GDAL reads it (WKT, or
   * "(unknown)"; null when not read, see {@link #layers}).
   */
  record FileLayer(String name, String crsWkt) {}

  /** The most of the layers' CRSs kept (chars of WKT); the layers after that come without. */
  static final int MAX_CRS_CHARS = 1 << 20;

  /**
   * The file's layers, as GDAL opens them (none: a 422 problem), each with its CRS: one ogrinfo,
   * the summary of every layer, read line by line. Past {@link #MAX_CRS_CHARS} of WKT (a file of
   * thousands of layers) the layers come with their names only, their CRS then read as before
   * (ImportCrs).
   */
  private List<FileLayer> layers(Uploads.Source source, Path work) {
    List<FileLayer> layers = gdal.runLines(work, summary(source, null), ImportStaging::summarized);
    if (layers.isEmpty()) {
      throw Uploads.unreadable("The file holds no layer GDAL can read");
    }
    return layers;
  }

  /**
   * ogrinfo's summary of a file's layer ({@code null}: of every layer), read by {@link
   * #summarized}.
   */
  static List<String> summary(Uploads.Source source, String layer) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ogrinfo",
                "-ro",
                "-so",
                "-nomd",
                "-nocount",
                "-noextent",
                source.file().toString()));
    command.add(layer == null ? "-al" : layer);
    return command;
  }

  /**
   * The layers of ogrinfo's summary ({@code -so -al}): each {@code Layer name:} after an empty line
   * (as ogrinfo starts a layer; a field named "Layer name: …" is listed after other lines), with
   * the WKT under its first {@code Layer SRS WKT:} (the first line, then the indented ones) while
   * the WKT kept stays within {@link #MAX_CRS_CHARS}.
   */
  static List<FileLayer> summarized(Stream<String> summary) {
    List<FileLayer> layers = new ArrayList<>();
    String name = null;
    StringBuilder wkt = null;
    boolean inWkt = false;
    int kept = 0;
    boolean afterEmpty = false;
    for (String line : (Iterable<String>) summary::iterator) {
      boolean layerStarts = afterEmpty && line.startsWith("Layer name: ");
      afterEmpty = line.isEmpty();
      if (layerStarts) {
        if (name != null) {
          layers.add(new FileLayer(name, wkt == null ? null : wkt.toString()));
        }
        name = line.substring("Layer name: ".length());
        wkt = null;
        inWkt = false;
      } else if (name != null && wkt == null && line.startsWith("Layer SRS WKT:")) {
        wkt = new StringBuilder();
        inWkt = true;
      } else if (inWkt && (wkt.isEmpty() || line.startsWith(" "))) {
        kept += line.length() + 1;
        if (kept > MAX_CRS_CHARS) {
          wkt = null; // too much: this layer and the rest without their CRS
          inWkt = false;
        } else {
          wkt.append(line).append('\n');
        }
      } else {
        inWkt = false;
      }
    }
    if (name != null) {
      layers.add(new FileLayer(name, wkt == null ? null : wkt.toString()));
    }
    return layers;
  }

  /**
   * The layer to read: the one asked for (which must be one of the file's), or the file's only one.
   * A file of several layers without a choice, or with a choice it does not hold, is a 422 problem
   * listing its layers ({@code layers}).
   */
  static FileLayer chooseLayer(List<FileLayer> fileLayers, String asked) {
    List<String> layers = fileLayers.stream().map(FileLayer::name).toList();
    String wanted = asked == null || asked.isBlank() ? null : asked.strip();
    if (wanted == null && layers.size() == 1) {
      return fileLayers.get(0);
    }
    if (wanted != null && layers.contains(wanted)) {
      if (wanted.startsWith("-")) {
        // GDAL's tools would read such a name as an option
        throw Uploads.unreadable(
            "The layer '" + wanted + "' cannot be read: its name begins with '-'; rename it");
      }
      return fileLayers.get(layers.indexOf(wanted));
    }
    String list = String.join(", ", layers.subList(0, Math.min(50, layers.size())));
    throw ApiException.unprocessable(
        "choose-layer",
        "Choose a layer",
        (wanted == null
                ? "The file holds " + layers.size() + " layers"
                : "The file holds no layer '" + wanted + "'; its layers are")
            + ": "
            + list
            + (layers.size() > 50 ? ", …" : "")
            + ". Name the one to import with fileLayer=",
        Map.of("layers", layers.subList(0, Math.min(1000, layers.size()))));
  }

  /**
   * What {@link #read} read: the file's layer, its name as given to GDAL (null: the file's only
   * layer, read as it is), and the CRS of its shapes (an EPSG code).
   */
  record Read(FileLayer layer, String named, int srid) {}

  /**
   * The SRID a file loaded before its CRS is known is staged with: its shapes are taken in the CRS
   * found after ({@link Read#srid}; the statements reading a staging table's shapes set it).
   */
  private static final int STAND_IN_SRID = 4490;

  /**
   * Reads a file's layer into the staging table {@code table}: the file's layers (ogrinfo), the one
   * to read ({@code fileLayer}, or the only one), its CRS (stated, else the file's: ImportCrs),
   * ogr2ogr. A file GDAL reads as one layer by its format (a Shapefile, GeoJSON, CSV) whose CRS may
   * be known is loaded while ogrinfo reads it, two processes at once, its shapes with a stand-in
   * SRID; what ogrinfo finds decides as before: a refused file's load is stopped (its table is the
   * caller's to drop, as on any failure), and a file that holds several layers is read again, the
   * chosen one.
   */
  Read read(
      Uploads.Source source,
      String fileLayer,
      Integer statedSrid,
      String encoding,
      String table,
      Path work) {
    Gdal.Running loading =
        source.format().oneLayer() && ImportCrs.missing(source, statedSrid) == null
            ? startLoad(
                source,
                null,
                statedSrid == null ? STAND_IN_SRID : statedSrid,
                encoding,
                table,
                work)
            : null;
    try {
      List<FileLayer> layers = layers(source, work);
      FileLayer read = chooseLayer(layers, fileLayer);
      // a file of several layers: the chosen one is named to GDAL; one layer is read as it is
      String named = layers.size() > 1 ? read.name() : null;
      int srid = crs.sourceSrid(source, named, read.crsWkt(), statedSrid, work);
      if (loading != null && named == null) {
        loading.await();
      } else {
        if (loading != null) {
          stopLoading(loading, table);
          drop(gdal.staged(table));
        }
        load(source, named, srid, encoding, table, work);
      }
      return new Read(read, named, srid);
    } finally {
      if (loading != null) {
        // stopped (a refused file) before what it wrote is dropped
        stopLoading(loading, table);
      }
    }
  }

  /** ogr2ogr into the staging table, by COPY. */
  private void load(
      Uploads.Source source, String named, int srid, String encoding, String staging, Path work) {
    gdal.run(work, loadCommand(source, named, srid, encoding, staging));
  }

  /**
   * ogr2ogr into the staging table, started to run beside the caller's work: {@link
   * Gdal.Running#await} it, and {@link #stopLoading} it in any case.
   */
  private Gdal.Running startLoad(
      Uploads.Source source, String named, int srid, String encoding, String staging, Path work) {
    return gdal.start(work, loadCommand(source, named, srid, encoding, staging));
  }

  /**
   * Stops a load started by {@link #startLoad} if it still runs, and then waits (at most {@link
   * #SESSION_END}) until its database session has ended: a killed ogr2ogr's session may still be
   * committing, and a drop of the staging table must come after that, not before.
   */
  private void stopLoading(Gdal.Running loading, String staging) {
    boolean stopped = loading.stop();
    loading.close();
    if (!stopped) {
      return;
    }
    long end = System.nanoTime() + SESSION_END.toNanos();
    while (jdbc.sql(sessionAlive).param("name", session(staging)).query(Boolean.class).single()) {
      if (System.nanoTime() > end) {
        // dropped by the next start's recovery if it commits after all (ImportRecovery)
        log.warn("the session loading {} has not ended after {}", staging, SESSION_END);
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The most a stopped load's session is waited for. */
  private static final java.time.Duration SESSION_END = java.time.Duration.ofSeconds(10);

  /** The name ogr2ogr's database session carries while it loads a staging table. */
  private static String session(String staging) {
    return "redline load " + staging;
  }

  private List<String> loadCommand(
      Uploads.Source source, String named, int srid, String encoding, String staging) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            "--config",
            "PG_USE_COPY",
            "YES",
            gdal.postgres(session(staging)),
            source.file().toString()));
    if (named != null) {
      command.add(named);
    }
    command.addAll(
        List.of(
            "-nln",
            staging,
            "-lco",
            "GEOMETRY_NAME=geom",
            "-lco",
            "FID=fid",
            "-lco",
            "SPATIAL_INDEX=NONE",
            "-lco",
            "LAUNDER=NO",
            "-lco",
            "PRECISION=NO",
            "-lco",
            "SCHEMA=" + gdal.stagingSchema()));
    if (source.format() != Uploads.Format.XLSX) {
      command.addAll(List.of("-nlt", "PROMOTE_TO_MULTI", "-a_srs", "EPSG:" + srid));
    }
    if (source.format() == Uploads.Format.DXF) {
      // blocks are inlined: nested inserts make more features than the file holds entities, so
      // reading stops one past the most a reference layer keeps (which is then refused)
      command.addAll(List.of("-limit", String.valueOf(properties.maxReferenceFeatures() + 1)));
      if (encoding != null) {
        command.addAll(List.of("--config", "DXF_ENCODING", encoding));
      }
    }
    if (source.format() == Uploads.Format.SHAPEFILE && encoding != null) {
      command.addAll(List.of("-oo", "ENCODING=" + encoding));
    }
    if (source.format() == Uploads.Format.XLSX) {
      // the first row names the columns, even when every cell is text (GDAL 3.6 reads this
      // as a configuration option, not an open option)
      command.addAll(List.of("--config", "OGR_XLSX_HEADERS", "FORCE"));
    }
    if (source.format() == Uploads.Format.CSV) {
      command.addAll(
          List.of(
              "-oo",
              "GEOM_POSSIBLE_NAMES=" + String.join(",", WKT_NAMES),
              "-oo",
              "KEEP_GEOM_COLUMNS=NO"));
    }
    return command;
  }

  List<FileField> columns(String table) {
    return jdbc.sql(selectColumns)
        .param("schema", gdal.stagingSchema())
        .param("table", table)
        .query((rs, n) -> new FileField(rs.getString("name"), rs.getString("type")))
        .list();
  }

  /** A CSV or XLSX file's WKT column read as the shapes. */
  void wktToGeometry(String staging, List<FileField> fields, int srid) {
    FileField wkt =
        fields.stream()
            .filter(f -> WKT_NAMES.contains(f.name().toLowerCase(Locale.ROOT)))
            .findFirst()
            .orElseThrow(
                () ->
                    Uploads.unreadable(
                        "The file has no column of shapes as WKT (named WKT, geometry or geom)"));
    try {
      for (String statement :
          SqlFiles.statements(
              wktToGeometry
                  .identifier("staging", staging)
                  // the file's own column name, which may need quoting: ident quotes it
                  .sql("wkt", "s." + ImportMapping.ident(wkt.name()))
                  .sql())) {
        jdbc.sql(statement).param("srid", srid).update();
      }
    } catch (DataAccessException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      log.info("WKT that PostGIS could not read: {}", rootMessage(e));
      throw Uploads.unreadable(
          "列 "
              + wkt.name()
              + " 中有值不是可读的 WKT（a value of column "
              + wkt.name()
              + " is not readable WKT, e.g. POLYGON((113.1 23.0, …))）");
    }
  }

  /**
   * The staged shapes in CGCS2000, two-dimensional, with their validity, reasons and repairs: the
   * table {@code <staging>_shapes}. The staged shapes are in the file's CRS, {@code srid} (whatever
   * SRID ogr2ogr gave them).
   */
  void makeShapes(String staging, int srid) {
    String shapes =
        createShapes.identifier("staging", staging).identifier("shapes", shapes(staging)).sql();
    longJob.executeWithoutResult(
        status -> {
          for (String statement : SqlFiles.statements(shapes)) {
            jdbc.sql(statement)
                .param("srid", srid)
                .param("max_points", properties.maxShapePoints())
                .param("max_repair_points", properties.maxRepairPoints())
                .update();
          }
        });
  }

  /** Refuses a file without features, with features without shapes, or with other than polygons. */
  void checkShapes(String staging, String layer) {
    var types =
        jdbc.sql(selectGeometryTypes.identifier("staging", staging).sql())
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getLong("features"),
                      rs.getLong("empty"),
                      rs.getString("other_types"),
                      rs.getLong("others")
                    })
            .single();
    if ((long) types[0] == 0) {
      throw Uploads.unreadable("The file holds no features");
    }
    if ((long) types[1] > 0) {
      throw Uploads.unreadable(types[1] + " of the file's features have no shape");
    }
    if ((long) types[3] > 0) {
      throw ApiException.unprocessable(
          "not-polygons",
          "Not polygons",
          types[3]
              + " of the file's features are not polygons ("
              + types[2]
              + "): the layer "
              + layer
              + " holds polygons only");
    }
  }

  void rename(String staging, String to) {
    String rename =
        renameTables
            .identifier("staging", staging)
            .identifier("shapes", shapes(staging))
            .identifier("name", to)
            .identifier("shapes_name", to + "_shapes")
            .sql();
    for (String statement : SqlFiles.statements(rename)) {
      jdbc.sql(statement).update();
    }
  }

  /** After a failed staging: its tables (the draft and the job went with the transaction). */
  void cleanUp(String staging) {
    try {
      drop(staging);
    } catch (RuntimeException e) {
      log.warn("could not clean up import staging {}", staging, e);
    }
  }

  void drop(String staging) {
    jdbc.sql(dropTables.identifier("staging", staging).identifier("shapes", shapes(staging)).sql())
        .update();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    int where = m.indexOf("\n  Where:");
    return where > 0 ? m.substring(0, where) : m;
  }

  // ---- reading, mapping, commit, discard
}
