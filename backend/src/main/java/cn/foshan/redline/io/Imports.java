package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits;
import cn.foshan.redline.editing.BulkEdits.LayerField;
import cn.foshan.redline.editing.ChangeSets;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ActingDataSource;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Staged imports: a file read by GDAL into a staging table, its shapes brought to CGCS2000 and
 * checked, its fields mapped onto the layer's, and its features put as edits into a draft change
 * set (the editing system's bulk path) whose preview is kept with the import; then committed (or
 * proposed) as that one change set, or discarded. A failure at any step leaves nothing behind. The
 * job's state is written with its change set's, in the same transaction, by the database (V19); the
 * draft, its edits, the job and its preview are made in one transaction, and mapped again in one;
 * what a crash leaves is put right at start (ImportRecovery).
 */
@Service
class Imports {

  private static final Logger log = LoggerFactory.getLogger(Imports.class);

  /** The CRSs a file may come in (stated or found in it), by EPSG code. */
  /** 3-D geographic CRSs and the horizontal CRS of their first two axes. */
  private static final Map<Integer, Integer> HORIZONTAL = Map.of(4979, 4326, 4480, 4490);

  static final Map<Integer, String> CRS =
      Map.of(
          4490, "CGCS2000",
          4326, "WGS 84 (taken as CGCS2000: they agree to centimetres)",
          4547, "CGCS2000 / 3-degree Gauss-Kruger CM 114E",
          4546, "CGCS2000 / 3-degree Gauss-Kruger CM 111E");

  /** The encodings a file may be stated in, by the names people use. */
  static final Map<String, String> ENCODINGS =
      Map.of(
          "UTF-8", "UTF-8",
          "UTF8", "UTF-8",
          "GBK", "GBK",
          "CP936", "GBK",
          "GB2312", "GBK",
          "GB18030", "GB18030",
          "BIG5", "BIG5",
          "ISO-8859-1", "ISO-8859-1",
          "LATIN1", "ISO-8859-1");

  private static final Pattern EPSG = Pattern.compile("EPSG:(\\d+)");
  private static final Pattern LAYER_LINE = Pattern.compile("^\\d+: .*$", Pattern.MULTILINE);
  private static final List<String> WKT_NAMES =
      List.of("wkt", "geometry", "geom", "the_geom", "shape", "geometrie");
  private static final int INVALID_LIMIT = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final TransactionTemplate longJob;
  private final Gdal gdal;
  private final IoProperties properties;
  private final ChangeSets changeSets;
  private final BulkEdits bulk;
  private final ObjectMapper json;
  private final Map<String, String> sql;

  Imports(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Gdal gdal,
      IoProperties properties,
      ChangeSets changeSets,
      BulkEdits bulk,
      ObjectMapper json,
      DatabaseLimits limits) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    // reading and repairing a file's shapes: a long job (DatabaseLimits)
    this.longJob = limits.longRunning(transactions);
    this.gdal = gdal;
    this.properties = properties;
    this.changeSets = changeSets;
    this.bulk = bulk;
    this.json = json;
    this.sql =
        SqlFiles.loadAll(
            "io",
            "select_staging_columns",
            "select_staging_geometry_types",
            "create_staging_shapes",
            "wkt_to_geometry",
            "select_staging_report",
            "select_invalid_shapes",
            "insert_import_job",
            "select_import_job",
            "update_import_job",
            "lock_import_job",
            "select_stale_imports");
  }

  /** A file field: its name as in the file, and the type GDAL gave it in PostgreSQL. */
  record FileField(String name, String type) {}

  /** Where a layer field's values come from: a file field, and a default for empty values. */
  record FieldSource(String from, String defaultValue) {}

  /** A change of the attribute mapping, and whether the repaired shapes are accepted. */
  record MappingRequest(Map<String, FieldSource> fields, Boolean repairInvalid) {}

  /** An invalid shape of the file: its feature number, why, as given and as repaired. */
  record InvalidShape(long fid, String reason, RawJson original, RawJson repaired) {}

  /** What the staged shapes are like. */
  /**
   * The staged shapes: how many, their extent, how many are invalid, lie outside Foshan, or had
   * heights (Z) or measures (M), which the 2-D layers do not keep (the report says so).
   */
  record ShapeReport(
      long features,
      RawJson extent,
      long invalid,
      long outsideFoshan,
      long withHeights,
      List<InvalidShape> items) {}

  /** The preview of an import, as kept with it and shown. */
  record Report(
      ShapeReport shapes,
      List<String> warnings,
      List<String> mappingErrors,
      BulkEdits.Preview changes) {}

  /** An import as the API shows it. */
  record ImportView(
      long id,
      String author,
      String layer,
      String fileName,
      String fileLayer,
      String format,
      String crs,
      String encoding,
      String status,
      Long changeSetId,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      boolean repairInvalid,
      List<LayerField> layerFields,
      RawJson report,
      OffsetDateTime createdAt,
      OffsetDateTime finishedAt) {}

  private record Job(
      long id,
      String author,
      String layer,
      String fileName,
      String fileLayer,
      String format,
      int srid,
      String encoding,
      Long changeSetId,
      String status,
      List<FileField> fields,
      Map<String, FieldSource> mapping,
      boolean repairInvalid,
      String preview,
      OffsetDateTime createdAt,
      OffsetDateTime finishedAt) {

    String staging() {
      return "import_" + id;
    }
  }

  // ---- staging

  /** A staging table by its schema-qualified name (staged tables are not among the data). */
  private String staged(String table) {
    return gdal.staged(table);
  }

  /**
   * Reads a file into a staging table and previews it as a draft change set of the user's. A file
   * with several layers (a GeoPackage) needs {@code fileLayer}, the name of the one to read.
   */
  ImportView stage(
      AppUser user,
      InputStream upload,
      String fileName,
      long size,
      String layer,
      String fileLayer,
      String crs,
      String encoding,
      String reason,
      String documentNumber) {
    if (!user.role().edits()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "A " + user.role() + " may not import");
    }
    List<LayerField> layerFields = BulkEdits.fields(layer);
    if (size > properties.maxUpload().toBytes()) {
      throw tooLarge();
    }
    Integer statedSrid = crs == null || crs.isBlank() ? null : srid(crs);
    String statedEncoding = encoding == null || encoding.isBlank() ? null : encoding(encoding);
    discardStale();
    String name = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    String table = "import_s" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
    String staging = staged(table);
    Path work = null;
    Encodings.Found found = null;
    String readAs = statedEncoding;
    try {
      work = Gdal.workDirectory("import");
      Uploads.Source source =
          Uploads.prepare(
              upload,
              name,
              work,
              properties.maxUnzipped().toBytes(),
              properties.maxZipRatio(),
              properties.maxZipEntries());
      found = detectEncoding(source, statedEncoding);
      readAs = statedEncoding != null ? statedEncoding : found == null ? null : found.encoding();
      if (source.format() == Uploads.Format.CSV && readAs != null && !readAs.equals("UTF-8")) {
        Encodings.toUtf8(source.file(), Charset.forName(readAs));
      }
      List<String> layers = layers(source, work);
      String read = chooseLayer(layers, fileLayer);
      // a file of several layers: the chosen one is named to GDAL; one layer is read as it is
      String named = layers.size() > 1 ? read : null;
      int srid = sourceSrid(source, named, statedSrid, work);
      load(source, named, srid, readAs, table, work);
      List<FileField> fields = columns(table);
      if (source.format() == Uploads.Format.XLSX) {
        wktToGeometry(staging, fields, srid);
        fields = columns(table);
      }
      checkShapes(staging, layer);
      String shapes =
          sql.get("create_staging_shapes")
              .replace("/*shapes*/", staging + "_shapes")
              .replace("/*staging*/", staging);
      longJob.executeWithoutResult(
          status -> {
            for (String statement : SqlFiles.statements(shapes)) {
              jdbc.sql(statement)
                  .param("max_points", properties.maxShapePoints())
                  .param("max_repair_points", properties.maxRepairPoints())
                  .update();
            }
          });
      List<FileField> fileFields = fields;
      Map<String, FieldSource> mapping = defaultMapping(layerFields, fileFields);
      String why = reason == null || reason.isBlank() ? "导入 import: " + name : reason;
      String shownName = name;
      String encodingUsed = encodingUsed(source, statedEncoding, found);
      // the draft, its edits, the job with its preview, and the staging tables named after it: one
      // transaction, so that a crash leaves all of them or none (but the staging tables under
      // their first name, which the next start drops: ImportRecovery)
      long id =
          transactions.execute(
              status -> {
                long cs = changeSets.create(user, why, documentNumber).id();
                Report report =
                    report(user, cs, layer, staging, layerFields, fileFields, mapping, false, srid);
                long job =
                    jdbc.sql(sql.get("insert_import_job"))
                        .param("author", user.username())
                        .param("layer", layer)
                        .param("file_name", shownName)
                        .param("file_layer", read)
                        .param("format", source.format().name())
                        .param("srid", srid)
                        .param("encoding", encodingUsed)
                        .param("cs", cs)
                        .param("fields", json.writeValueAsString(fileFields))
                        .param("mapping", json.writeValueAsString(mapping))
                        .param("repair", false)
                        .param("preview", json.writeValueAsString(report))
                        .query(Long.class)
                        .single();
                rename(staging, "import_" + job);
                return job;
              });
      return view(find(id));
    } catch (IOException e) {
      cleanUp(staging);
      throw new UncheckedIOException(e);
    } catch (Gdal.GdalException e) {
      cleanUp(staging);
      if (e.getMessage().contains("Non UTF-8 content")) {
        // the text is not in the encoding it was read in (stated, the .cpg's, or detected)
        throw readAs != null ? Encodings.notIn(readAs) : Encodings.required("文件");
      }
      throw Uploads.unreadable("GDAL cannot read the file: " + e.getMessage());
    } catch (RuntimeException e) {
      cleanUp(staging);
      throw e;
    } finally {
      Gdal.deleteTree(work);
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "file-too-large",
        "File too large",
        "The file is larger than we accept");
  }

  static int srid(String crs) {
    Matcher m = EPSG.matcher(crs.trim().toUpperCase(Locale.ROOT));
    if (!m.matches() || !CRS.containsKey(Integer.parseInt(m.group(1)))) {
      throw ApiException.badRequest(
          "unsupported-crs",
          "crs must be one of " + crsList() + " (as EPSG:nnnn), not '" + crs + "'");
    }
    return Integer.parseInt(m.group(1));
  }

  private static String crsList() {
    return CRS.keySet().stream()
        .sorted()
        .map(c -> "EPSG:" + c)
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  static String encoding(String name) {
    String e = ENCODINGS.get(name.trim().toUpperCase(Locale.ROOT));
    if (e == null) {
      throw ApiException.badRequest(
          "unsupported-encoding",
          "encoding must be one of UTF-8, GBK, GB18030, BIG5, ISO-8859-1, not '" + name + "'");
    }
    return e;
  }

  /**
   * The encoding of a file that does not state it (a Shapefile without .cpg, a CSV), found from its
   * bytes; null when it is stated, or is for GDAL to read (a .cpg, a .dbf's language driver id, a
   * format whose encoding is defined).
   */
  private static Encodings.Found detectEncoding(Uploads.Source source, String stated)
      throws IOException {
    if (stated != null) {
      return null;
    }
    if (source.format() == Uploads.Format.SHAPEFILE && !source.hasCpg()) {
      return Encodings.ofDbf(source.file().resolveSibling("data.dbf"));
    }
    if (source.format() == Uploads.Format.CSV) {
      return Encodings.ofText(source.file());
    }
    return null;
  }

  private static String encodingUsed(Uploads.Source source, String stated, Encodings.Found found) {
    if (stated != null) {
      return stated;
    }
    if (found != null) {
      return found.encoding() + " (" + found.how() + ")";
    }
    if (source.format() == Uploads.Format.SHAPEFILE) {
      return source.hasCpg() ? "from .cpg" : "from the .dbf header (no .cpg)";
    }
    return "UTF-8";
  }

  /** The CRS: as stated, else as the file (or its layer {@code named}) says; never guessed. */
  private int sourceSrid(Uploads.Source source, String named, Integer stated, Path work) {
    if (stated != null) {
      return stated;
    }
    if (source.format().wkt()) {
      throw unknownCrs("A " + source.format() + " file does not say its CRS");
    }
    if (source.format() == Uploads.Format.SHAPEFILE && !source.hasPrj()) {
      throw unknownCrs("The Shapefile has no .prj");
    }
    String out;
    try {
      out =
          gdal.run(
              work,
              List.of(
                  "gdalsrsinfo",
                  "-o",
                  "epsg",
                  named == null ? source.file().toString() : layerCrs(source, named, work)));
    } catch (Gdal.GdalException e) {
      throw unknownCrs("Its CRS cannot be read (" + e.getMessage() + ")");
    }
    Matcher m = EPSG.matcher(out);
    if (!m.find()) {
      throw unknownCrs("Its CRS is not one with an EPSG code we can identify");
    }
    int code = Integer.parseInt(m.group(1));
    // a 3-D geographic CRS is its horizontal one with heights, which the import drops (and says
    // so): GDAL names GeoJSON with heights EPSG:4979, WGS 84 3-D; CGCS2000's is EPSG:4480
    code = HORIZONTAL.getOrDefault(code, code);
    if (!CRS.containsKey(code)) {
      throw unknownCrs("Its CRS is EPSG:" + code + ", which we do not take");
    }
    return code;
  }

  /**
   * The CRS of one layer of a file (gdalsrsinfo reads a file's first layer only), as a file of its
   * WKT for gdalsrsinfo to identify.
   */
  private String layerCrs(Uploads.Source source, String layer, Path work) {
    String info =
        gdal.run(
            work,
            List.of(
                "ogrinfo",
                "-ro",
                "-so",
                "-nomd",
                "-nocount",
                "-noextent",
                source.file().toString(),
                layer));
    StringBuilder wkt = new StringBuilder();
    boolean in = false;
    for (String line : info.lines().toList()) {
      if (line.startsWith("Layer SRS WKT:")) {
        in = true;
      } else if (in && (wkt.length() == 0 || line.startsWith(" "))) {
        wkt.append(line).append('\n');
      } else if (in) {
        break;
      }
    }
    if (wkt.length() == 0 || wkt.toString().strip().equals("(unknown)")) {
      throw unknownCrs("Its layer '" + layer + "' has no CRS");
    }
    try {
      Path file = work.resolve("layer-crs.wkt");
      Files.writeString(file, wkt, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiException unknownCrs(String why) {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "unknown-crs",
        "Unknown CRS",
        why
            + ". We never guess a CRS: state it with crs= (one of "
            + crsList()
            + "), or reproject the file.");
  }

  /** The names of the file's layers, as GDAL opens it (none: a 422 problem). */
  private List<String> layers(Uploads.Source source, Path work) {
    String out =
        gdal.run(work, List.of("ogrinfo", "-ro", "-q", "-nogeomtype", source.file().toString()));
    List<String> layers = new ArrayList<>();
    Matcher m = LAYER_LINE.matcher(out);
    while (m.find()) {
      layers.add(m.group().substring(m.group().indexOf(' ') + 1));
    }
    if (layers.isEmpty()) {
      throw Uploads.unreadable("The file holds no layer GDAL can read");
    }
    return layers;
  }

  /**
   * The layer to read: the one asked for (which must be one of the file's), or the file's only one.
   * A file of several layers without a choice, or with a choice it does not hold, is a 422 problem
   * listing its layers ({@code layers}).
   */
  static String chooseLayer(List<String> layers, String asked) {
    String wanted = asked == null || asked.isBlank() ? null : asked.strip();
    if (wanted == null && layers.size() == 1) {
      return layers.get(0);
    }
    if (wanted != null && layers.contains(wanted)) {
      if (wanted.startsWith("-")) {
        // GDAL's tools would read such a name as an option
        throw Uploads.unreadable(
            "The layer '" + wanted + "' cannot be read: its name begins with '-'; rename it");
      }
      return wanted;
    }
    String list = String.join(", ", layers.subList(0, Math.min(50, layers.size())));
    throw new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
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

  /** ogr2ogr into the staging table, by COPY. */
  private void load(
      Uploads.Source source, String named, int srid, String encoding, String staging, Path work) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            "--config",
            "PG_USE_COPY",
            "YES",
            gdal.postgres(),
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
    gdal.run(work, command);
  }

  private List<FileField> columns(String table) {
    return jdbc.sql(sql.get("select_staging_columns"))
        .param("schema", gdal.stagingSchema())
        .param("table", table)
        .query((rs, n) -> new FileField(rs.getString("name"), rs.getString("type")))
        .list();
  }

  /** A CSV or XLSX file's WKT column read as the shapes. */
  private void wktToGeometry(String staging, List<FileField> fields, int srid) {
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
              sql.get("wkt_to_geometry")
                  .replace("/*staging*/", staging)
                  .replace("/*wkt*/", "s." + ident(wkt.name())))) {
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

  /** Refuses a file without features, with features without shapes, or with other than polygons. */
  private void checkShapes(String staging, String layer) {
    var types =
        jdbc.sql(sql.get("select_staging_geometry_types").replace("/*staging*/", staging))
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
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
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

  /**
   * By name: a file field named as the layer field (property or column, any case, _ ignored), or
   * its first 10 characters (a Shapefile's limit).
   */
  static Map<String, FieldSource> defaultMapping(
      List<LayerField> layerFields, List<FileField> fileFields) {
    Map<String, FieldSource> mapping = new LinkedHashMap<>();
    for (LayerField f : layerFields) {
      for (FileField file : fileFields) {
        String n = normal(file.name());
        // a Shapefile cuts names to 10 characters: designatedOn arrives as designated
        boolean cut =
            file.name().length() == 10
                && f.property()
                    .toLowerCase(Locale.ROOT)
                    .startsWith(file.name().toLowerCase(Locale.ROOT));
        if (n.equals(normal(f.property())) || n.equals(normal(f.column())) || cut) {
          mapping.put(f.property(), new FieldSource(file.name(), null));
          break;
        }
      }
    }
    return mapping;
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
  }

  /** Checks the mapping, fills the draft from the staging table, and previews it. */
  private Report report(
      AppUser user,
      long cs,
      String layer,
      String staging,
      List<LayerField> layerFields,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      boolean repair,
      int srid) {
    ShapeReport shapes = shapes(staging);
    List<String> warnings = new ArrayList<>();
    if (shapes.outsideFoshan() > 0) {
      warnings.add(
          shapes.outsideFoshan()
              + " of "
              + shapes.features()
              + " features lie outside Foshan in EPSG:"
              + srid
              + ": is that the file's CRS? (state it with crs=)");
    }
    if (shapes.withHeights() > 0) {
      // survey files (DXF, Shapefile Z) often carry heights: the plan shapes are 2-D, so the import
      // keeps x and y and says what it left out, rather than refuse the whole file
      warnings.add(
          shapes.withHeights()
              + " 个要素的高程（Z）或量测值（M）未导入：图层是二维的，只保留平面坐标（the heights (Z) or"
              + " measures (M) of "
              + shapes.withHeights()
              + " of "
              + shapes.features()
              + " features are not imported: the layers are 2-D and keep x and y only）");
    }
    if (shapes.invalid() > 0 && !repair) {
      warnings.add(
          shapes.invalid()
              + " shapes are invalid; their repairs are shown: accept them (repairInvalid: true)"
              + " or correct the file");
    }
    List<String> errors = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    String relation = relation(staging, layerFields, fileFields, mapping, params, errors);
    BulkEdits.Preview changes = null;
    if (errors.isEmpty()) {
      try {
        bulk.fill(user, cs, layer, relation, params);
        changes = bulk.preview(user, cs);
      } catch (ApiException e) {
        if (e.status() == HttpStatus.UNPROCESSABLE_CONTENT) {
          errors.add(e.getMessage());
        } else {
          throw e;
        }
      }
    }
    return new Report(shapes, warnings, errors, changes);
  }

  private ShapeReport shapes(String staging) {
    List<InvalidShape> invalid =
        jdbc.sql(sql.get("select_invalid_shapes").replace("/*shapes*/", staging + "_shapes"))
            .param("limit", INVALID_LIMIT)
            .query(
                (rs, n) ->
                    new InvalidShape(
                        rs.getLong("fid"),
                        rs.getString("reason"),
                        new RawJson(rs.getString("original")),
                        new RawJson(rs.getString("repaired"))))
            .list();
    return jdbc.sql(sql.get("select_staging_report").replace("/*shapes*/", staging + "_shapes"))
        .param("max_points", properties.maxShapePoints())
        .param("max_repair_points", properties.maxRepairPoints())
        .query(
            (rs, n) -> {
              if (rs.getLong("too_many_points") > 0) {
                throw Uploads.unreadable(
                    rs.getLong("too_many_points")
                        + " 个图形的顶点超过 "
                        + properties.maxShapePoints()
                        + " 个，无法导入（"
                        + rs.getLong("too_many_points")
                        + " shapes have more than "
                        + properties.maxShapePoints()
                        + " vertices）");
              }
              if (rs.getLong("too_large_to_repair") > 0) {
                throw Uploads.unreadable(
                    rs.getLong("too_large_to_repair")
                        + " 个无效图形的顶点超过 "
                        + properties.maxRepairPoints()
                        + " 个，不自动修复：请在源数据中修正后再导入（"
                        + rs.getLong("too_large_to_repair")
                        + " invalid shapes have more than "
                        + properties.maxRepairPoints()
                        + " vertices and are not repaired automatically: fix them in the source"
                        + " data）");
              }
              if (rs.getLong("unrepairable") > 0) {
                throw Uploads.unreadable(
                    rs.getLong("unrepairable")
                        + " shapes are invalid and cannot be repaired into polygons");
              }
              return new ShapeReport(
                  rs.getLong("features"),
                  new RawJson(rs.getString("extent")),
                  rs.getLong("invalid"),
                  rs.getLong("outside"),
                  rs.getLong("with_heights"),
                  invalid);
            })
        .single();
  }

  /**
   * The staged features as the relation BulkEdits takes (ord, geom, properties): each layer field
   * from its file field (quoted: names come from the staging table's own columns) or its default (a
   * bound value), converted to the field's type.
   */
  private static String relation(
      String staging,
      List<LayerField> layerFields,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      Map<String, Object> params,
      List<String> errors) {
    List<String> pairs = new ArrayList<>();
    int i = 0;
    for (LayerField f : layerFields) {
      FieldSource source = mapping.get(f.property());
      String value = null;
      if (source != null && source.from() != null) {
        boolean known = fileFields.stream().anyMatch(x -> x.name().equals(source.from()));
        if (!known) {
          errors.add(f.property() + ": the file has no field '" + source.from() + "'");
          continue;
        }
        value = "nullif(btrim(CAST(s." + ident(source.from()) + " AS text)), '')";
      }
      if (source != null && source.defaultValue() != null) {
        String p = "d" + i++;
        params.put(p, source.defaultValue());
        value = value == null ? "CAST(:" + p + " AS text)" : "coalesce(" + value + ", :" + p + ")";
      }
      if (value == null) {
        if (f.required()) {
          errors.add(
              f.property() + ": required: map a field of the file to it or give a default value");
        }
        continue;
      }
      pairs.add("'" + f.column() + "', " + typed(f, value));
    }
    return "SELECT s.fid AS ord, g.shape AS geom, jsonb_strip_nulls(jsonb_build_object("
        + String.join(", ", pairs)
        + ")) AS properties FROM "
        + staging
        + " s JOIN "
        + staging
        + "_shapes g ON g.fid = s.fid";
  }

  /** A text value as JSON of the field's type (the database refuses what does not convert). */
  private static String typed(LayerField f, String text) {
    return switch (f.type()) {
      case "DATE" -> "to_jsonb(CAST(" + text + " AS date))";
      case "INTEGER" -> "to_jsonb(CAST(CAST(" + text + " AS numeric) AS bigint))";
      case "DECIMAL" -> "to_jsonb(CAST(" + text + " AS numeric))";
      case "BOOLEAN" -> "to_jsonb(CAST(" + text + " AS boolean))";
      case "TEXT_LIST" ->
          "(SELECT CASE WHEN v LIKE '[%' THEN CAST(v AS jsonb)"
              + " ELSE to_jsonb(regexp_split_to_array(v, '\\s*[,，、;；]\\s*')) END FROM (SELECT "
              + text
              + " AS v) x)";
      default -> "to_jsonb(" + text + ")";
    };
  }

  /** A name as an SQL identifier, quoted. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private void rename(String staging, String to) {
    jdbc.sql("ALTER TABLE " + staging + " RENAME TO " + to).update();
    jdbc.sql("ALTER TABLE " + staging + "_shapes RENAME TO " + to + "_shapes").update();
  }

  /** After a failed staging: its tables (the draft and the job went with the transaction). */
  private void cleanUp(String staging) {
    try {
      dropStaging(staging);
    } catch (RuntimeException e) {
      log.warn("could not clean up import staging {}", staging, e);
    }
  }

  private void dropStaging(String staging) {
    jdbc.sql("DROP TABLE IF EXISTS " + staging + ", " + staging + "_shapes").update();
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

  private Job find(long id) {
    return jdbc.sql(sql.get("select_import_job"))
        .param("id", id)
        .query(
            (rs, n) ->
                new Job(
                    rs.getLong("id"),
                    rs.getString("author"),
                    rs.getString("layer"),
                    rs.getString("file_name"),
                    rs.getString("file_layer"),
                    rs.getString("format"),
                    rs.getInt("source_srid"),
                    rs.getString("encoding"),
                    (Long) rs.getObject("change_set_id"),
                    rs.getString("status"),
                    List.of(json.readValue(rs.getString("fields"), FileField[].class)),
                    readMapping(rs.getString("mapping")),
                    rs.getBoolean("repair_invalid"),
                    rs.getString("preview"),
                    rs.getObject("created_at", OffsetDateTime.class),
                    rs.getObject("finished_at", OffsetDateTime.class)))
        .optional()
        .orElseThrow(() -> ApiException.notFound("unknown-import", "There is no import " + id));
  }

  private Map<String, FieldSource> readMapping(String text) {
    Map<String, FieldSource> mapping = new LinkedHashMap<>();
    JsonNode node = json.readTree(text);
    for (var e : node.properties()) {
      mapping.put(
          e.getKey(),
          new FieldSource(
              e.getValue().path("from").isString() ? e.getValue().path("from").asString() : null,
              e.getValue().path("defaultValue").isString()
                  ? e.getValue().path("defaultValue").asString()
                  : null));
    }
    return mapping;
  }

  /** The import, if it is this user's (the bureau sees every import). */
  private Job visible(AppUser user, long id) {
    Job job = find(id);
    if (!job.author().equals(user.username()) && !user.role().commits()) {
      throw ApiException.notFound("unknown-import", "There is no import " + id);
    }
    return job;
  }

  /** The user's staged import, its row locked until the transaction ends. */
  private Job lockedOwnStaged(AppUser user, long id) {
    jdbc.sql(sql.get("lock_import_job")).param("id", id).query(Long.class).optional();
    return ownStaged(user, id);
  }

  private Job ownStaged(AppUser user, long id) {
    Job job = visible(user, id);
    if (!job.author().equals(user.username())) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only its author changes an import");
    }
    if (!job.status().equals("STAGED")) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "wrong-state",
          "Conflict",
          "Import " + id + " is " + job.status() + ", no longer staged");
    }
    return job;
  }

  ImportView get(AppUser user, long id) {
    return view(visible(user, id));
  }

  private ImportView view(Job job) {
    return new ImportView(
        job.id(),
        job.author(),
        job.layer(),
        job.fileName(),
        job.fileLayer(),
        job.format(),
        "EPSG:" + job.srid(),
        job.encoding(),
        job.status(),
        job.changeSetId(),
        job.fields(),
        job.mapping(),
        job.repairInvalid(),
        BulkEdits.fields(job.layer()),
        job.preview() == null ? null : new RawJson(job.preview()),
        job.createdAt(),
        job.finishedAt());
  }

  /** A new mapping (and the answer about repairs): the draft is filled again and previewed. */
  ImportView remap(AppUser user, long id, MappingRequest request) {
    // the draft's new edits, the new mapping and its preview: all or nothing
    transactions.executeWithoutResult(status -> mapAgain(user, lockedOwnStaged(user, id), request));
    return view(find(id));
  }

  private void mapAgain(AppUser user, Job job, MappingRequest request) {
    long id = job.id();
    Map<String, FieldSource> mapping =
        request.fields() == null ? job.mapping() : new LinkedHashMap<>(request.fields());
    List<LayerField> layerFields = BulkEdits.fields(job.layer());
    for (String property : mapping.keySet()) {
      if (layerFields.stream().noneMatch(f -> f.property().equals(property))) {
        throw ApiException.badRequest(
            "invalid-mapping", property + " is not a field of the layer " + job.layer());
      }
    }
    boolean repair =
        request.repairInvalid() == null ? job.repairInvalid() : request.repairInvalid();
    Report report = refresh(user, job, mapping, repair);
    jdbc.sql(sql.get("update_import_job"))
        .param("id", id)
        .param("mapping", json.writeValueAsString(mapping))
        .param("repair", repair)
        .param("preview", json.writeValueAsString(report))
        .update();
  }

  private Report refresh(AppUser user, Job job, Map<String, FieldSource> mapping, boolean repair) {
    return report(
        user,
        job.changeSetId(),
        job.layer(),
        staged(job.staging()),
        BulkEdits.fields(job.layer()),
        job.fields(),
        mapping,
        repair,
        job.srid());
  }

  /** Commits the import as its one change set (bureau), or proposes it (district officer). */
  BulkEdits.Preview commit(AppUser user, long id) {
    Job job = ownStaged(user, id);
    JsonNode report = json.readTree(job.preview());
    List<String> mappingErrors = new ArrayList<>();
    report.path("mappingErrors").forEach(e -> mappingErrors.add(e.asString()));
    if (!mappingErrors.isEmpty()) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "invalid-mapping",
          "Invalid mapping",
          "The attribute mapping is incomplete: " + String.join("; ", mappingErrors),
          Map.of("mappingErrors", mappingErrors));
    }
    long invalid = report.at("/shapes/invalid").asLong();
    if (invalid > 0 && !job.repairInvalid()) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "invalid-geometry",
          "Invalid shapes",
          invalid
              + " shapes of the file are invalid: accept their repairs (POST the mapping with"
              + " repairInvalid: true) or correct the file",
          Map.of("invalid", new RawJson(report.at("/shapes/items").toString())));
    }
    // the job is committed (or proposed) with its change set, in its transaction (V19); then its
    // staging tables go (after a crash between the two, at the next start: ImportRecovery)
    BulkEdits.Preview result = bulk.commit(user, job.changeSetId());
    dropStaging(staged(job.staging()));
    return result;
  }

  /**
   * Discards a staged import: its draft change set (and with it the job, V19) and its staging
   * tables, in one transaction.
   */
  void discard(AppUser user, long id) {
    transactions.executeWithoutResult(
        status -> {
          Job job = lockedOwnStaged(user, id);
          changeSets.discard(user, job.changeSetId());
          dropStaging(staged(job.staging()));
        });
  }

  /** Discards the imports staged and left alone longer than the configured time. */
  void discardStale() {
    record Stale(long id, String author) {}
    for (Stale s :
        jdbc.sql(sql.get("select_stale_imports"))
            .param("age", properties.staleAfter().toSeconds() + " seconds")
            .query((rs, n) -> new Stale(rs.getLong("id"), rs.getString("author")))
            .list()) {
      discardAbandoned(s.id(), s.author());
    }
  }

  /**
   * Discards a staged import nobody will finish (left alone, or its staging tables lost): its draft
   * (and with it the job, V19) and its staging tables, in one transaction.
   */
  void discardAbandoned(long id, String author) {
    // on behalf of its author, whose draft it is: the database lets nobody else discard it (V14)
    ActingDataSource.actingAs(author, () -> discard(id));
  }

  private Void discard(long id) {
    transactions.executeWithoutResult(
        status ->
            jdbc.sql(sql.get("lock_import_job"))
                .param("id", id)
                .query(Long.class)
                .optional()
                .ifPresent(
                    cs -> {
                      bulk.discardAbandoned(cs);
                      dropStaging(staged("import_" + id));
                    }));
    return null;
  }
}
