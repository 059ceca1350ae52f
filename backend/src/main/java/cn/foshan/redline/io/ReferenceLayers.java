package cn.foshan.redline.io;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reference layers (参考图层): a file the import accepts, read by the same steps (the upload made safe,
 * its encoding and CRS found or stated, never guessed; GDAL into a staging table of the scratch
 * schema), kept as a read-only layer the bureau names, with its provenance (file name, SHA-256, CRS
 * found, who and when, feature count, a note on the source). Its features keep their shape in
 * CGCS2000 and their attributes as a JSON object. Bounded: at most {@code
 * redline.io.max-reference-features} features, each of at most {@code max-shape-points} points and
 * 8 KB of attributes; a file beyond is refused with a 4xx and nothing is written. Only the bureau
 * and administrators load, rename and delete them (and the database holds to it: V35).
 */
@Service
class ReferenceLayers {

  /** The most reference layers listed (there are a handful in practice). */
  static final int MAX_LAYERS = 500;

  private final JdbcClient jdbc;
  private final TransactionTemplate longJob;
  private final IoProperties properties;
  private final ImportStaging staging;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "io",
          "insert_reference_layer",
          "select_reference_layers",
          "update_reference_layer",
          "delete_reference_layer");
  private final SqlTemplate check = SqlTemplate.load("io/select_reference_staging.sql", "staging");
  private final SqlTemplate insertFeatures =
      SqlTemplate.load("io/insert_reference_features.sql", "staging");
  private final SqlTemplate drawingExtent =
      SqlTemplate.load("io/select_drawing_extent.sql", "staging");
  private final SqlTemplate placeDrawing = SqlTemplate.load("io/place_drawing.sql", "staging");

  ReferenceLayers(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      DatabaseLimits limits,
      IoProperties properties,
      ImportStaging staging) {
    this.jdbc = jdbc;
    // reading a file's features into the layer: a long job (DatabaseLimits)
    this.longJob = limits.longRunning(transactions);
    this.properties = properties;
    this.staging = staging;
  }

  /** A reference layer as the API shows it; bbox is [west, south, east, north] in CGCS2000. */
  record ReferenceLayer(
      long id,
      String name,
      String fileName,
      String sha256,
      String fileLayer,
      String crs,
      String geometryType,
      int featureCount,
      String sourceNote,
      String createdBy,
      OffsetDateTime createdAt,
      String updatedBy,
      OffsetDateTime updatedAt,
      List<Double> bbox,
      String tiles) {}

  /** A new name and note. */
  record Change(String name, String sourceNote) {}

  /** What a file read into staging holds. */
  private record Found(
      long features,
      long empty,
      long tooLarge,
      long tooManyAttributes,
      String dimensions,
      double west,
      double south,
      double east,
      double north) {}

  private static void mayChange(AppUser user) {
    user.requireCommits(
        "只有市局和管理员可以管理参考图层（only the bureau and administrators manage reference layers）");
  }

  static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 100) {
      throw ApiException.badRequest(
          "invalid-name", "请为参考图层起一个 1–100 字的名称（name the reference layer: 1–100 characters）");
    }
    return n;
  }

  static String note(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    if (note.strip().length() > 1000) {
      throw ApiException.badRequest(
          "invalid-note", "来源说明最多 1000 字（the source note has at most 1,000 characters）");
    }
    return note.strip();
  }

  /** Loads a file as a new reference layer; its description. */
  ReferenceLayer load(
      AppUser user,
      InputStream upload,
      String fileName,
      long size,
      String layerName,
      String sourceNote,
      String fileLayer,
      String crsName,
      String encoding) {
    mayChange(user);
    String name = name(layerName);
    String note = note(sourceNote);
    if (size > properties.maxUpload().toBytes()) {
      throw ApiException.tooLarge(
          "file-too-large", "File too large", "文件过大（the file is larger than we accept）");
    }
    Integer statedSrid = crsName == null || crsName.isBlank() ? null : ImportCrs.srid(crsName);
    String statedEncoding =
        encoding == null || encoding.isBlank() ? null : Encodings.named(encoding);
    String shownName = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
    if (shownName.length() > 200) {
      shownName = shownName.substring(0, 200);
    }
    // a DXF drawing says no CRS: it must be named, before anything is read
    SurveyCoordinates.Crs drawingCrs =
        Uploads.extension(shownName).equals(Uploads.Format.DXF.extension)
            ? DxfDrawing.statedCrs(crsName)
            : null;
    String stagingTable = staging.staged(ImportStaging.newTable());
    Path work = null;
    // until the file is read: the encoding stated (GDAL's own when none)
    Encodings.Reading reading = new Encodings.Reading(statedEncoding, null);
    MessageDigest sha256 = sha256();
    try {
      work = Gdal.workDirectory("import");
      Uploads.Source source =
          Uploads.prepare(
              new DigestInputStream(upload, sha256),
              shownName,
              work,
              properties.maxUnzipped().toBytes(),
              properties.maxZipRatio(),
              properties.maxZipEntries(),
              true);
      String checksum = HexFormat.of().formatHex(sha256.digest());
      reading = Encodings.read(source, statedEncoding);
      String table = stagingTable.substring(stagingTable.indexOf('.') + 1);
      // a drawing's CRS is the one named for it (it says none)
      ImportStaging.Read read =
          staging.read(
              source,
              fileLayer,
              drawingCrs != null ? Integer.valueOf(drawingCrs.srid) : statedSrid,
              reading.readAs(),
              table,
              work);
      String named = read.named();
      int srid = read.srid();
      if (drawingCrs != null) {
        place(stagingTable, drawingCrs);
      }
      if (source.format() == Uploads.Format.XLSX) {
        staging.wktToGeometry(stagingTable, staging.columns(table), srid);
      }
      Found f = check(stagingTable, srid);
      String geometryType = geometryType(f.dimensions());
      return longJob.execute(
          status -> {
            long id;
            try {
              id =
                  jdbc.sql(sql.get("insert_reference_layer"))
                      .param("name", name)
                      .param("file_name", shownName(fileName))
                      .param("sha256", checksum)
                      .param("file_layer", named)
                      .param("crs", "EPSG:" + srid)
                      .param("geometry_type", geometryType)
                      .param("features", (int) f.features())
                      .param("note", note)
                      .param("west", f.west())
                      .param("south", f.south())
                      .param("east", f.east())
                      .param("north", f.north())
                      .query(Long.class)
                      .single();
            } catch (DuplicateKeyException e) {
              throw taken(name);
            }
            jdbc.sql(insertFeatures.identifier("staging", stagingTable).sql())
                .param("layer_id", id)
                .param("srid", srid)
                .param("max_repair_points", properties.maxRepairPoints())
                .update();
            return find(id);
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Gdal.GdalException e) {
      if (Encodings.notUtf8(e)) {
        throw Encodings.notReadableIn(reading.readAs());
      }
      throw Uploads.unreadable("GDAL 无法读取该文件（GDAL cannot read the file）: " + e.getMessage());
    } finally {
      staging.cleanUp(stagingTable);
      Gdal.deleteTree(work);
    }
  }

  /**
   * A drawing read into staging, placed in its CRS as the survey path places one ({@link
   * DxfDrawing#eastingShift}): the zone number taken off its eastings, its closed polylines made
   * polygons, entities without a shape left out.
   */
  private void place(String stagingTable, SurveyCoordinates.Crs drawingCrs) {
    Map<String, Object> box =
        jdbc.sql(drawingExtent.identifier("staging", stagingTable).sql()).query().singleRow();
    double dx = 0;
    if (box.get("west") != null) {
      try {
        dx =
            DxfDrawing.eastingShift(
                ((Number) box.get("west")).doubleValue(),
                ((Number) box.get("south")).doubleValue(),
                ((Number) box.get("east")).doubleValue(),
                ((Number) box.get("north")).doubleValue(),
                drawingCrs);
      } catch (SurveyCoordinates.Problem e) {
        throw Uploads.unreadable(e.getMessage());
      }
    }
    for (String statement :
        SqlFiles.statements(placeDrawing.identifier("staging", stagingTable).sql())) {
      jdbc.sql(statement).param("dx", dx).update();
    }
  }

  private static String shownName(String fileName) {
    String n = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
    return n.length() > 200 ? n.substring(0, 200) : n;
  }

  private static ApiException taken(String name) {
    return ApiException.conflict(
        "name-taken", "已有名为“" + name + "”的参考图层（a reference layer named '" + name + "' exists）");
  }

  private Found check(String stagingTable, int srid) {
    Found f =
        jdbc.sql(check.identifier("staging", stagingTable).sql())
            .param("srid", srid)
            .param("max_points", properties.maxShapePoints())
            .query(
                (rs, n) ->
                    new Found(
                        rs.getLong("features"),
                        rs.getLong("empty"),
                        rs.getLong("too_large"),
                        rs.getLong("too_many_attributes"),
                        rs.getString("dimensions"),
                        rs.getDouble("west"),
                        rs.getDouble("south"),
                        rs.getDouble("east"),
                        rs.getDouble("north")))
            .single();
    if (f.features() == 0) {
      throw Uploads.unreadable("文件中没有要素（the file holds no features）");
    }
    if (f.features() > properties.maxReferenceFeatures()) {
      throw ApiException.unprocessable(
          "too-many-features",
          "Too many features",
          "文件有 "
              + f.features()
              + " 个要素，参考图层最多 "
              + properties.maxReferenceFeatures()
              + " 个（the file holds "
              + f.features()
              + " features; a reference layer at most "
              + properties.maxReferenceFeatures()
              + ": split it or clip it to the city）");
    }
    if (f.empty() > 0) {
      throw Uploads.unreadable(
          "文件中有 " + f.empty() + " 个要素没有图形（" + f.empty() + " of the file's features have no shape）");
    }
    if (f.tooLarge() > 0) {
      throw ApiException.unprocessable(
          "too-many-vertices",
          "Too many vertices",
          f.tooLarge()
              + " 个要素的顶点超过 "
              + properties.maxShapePoints()
              + " 个（"
              + f.tooLarge()
              + " features have more than "
              + properties.maxShapePoints()
              + " vertices）");
    }
    if (f.tooManyAttributes() > 0) {
      throw ApiException.unprocessable(
          "too-many-attributes",
          "Attributes too large",
          f.tooManyAttributes()
              + " 个要素的属性超过 8 KB（"
              + f.tooManyAttributes()
              + " features have more than 8 KB of attributes）");
    }
    return f;
  }

  private static String geometryType(String dimensions) {
    return switch (dimensions) {
      case "0" -> "POINT";
      case "1" -> "LINE";
      case "2" -> "POLYGON";
      default -> "MIXED";
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  List<ReferenceLayer> list() {
    return select(null);
  }

  ReferenceLayer find(long id) {
    List<ReferenceLayer> found = select(id);
    if (found.isEmpty()) {
      throw ApiException.notFound(
          "no-reference-layer", "没有编号为 " + id + " 的参考图层（there is no reference layer " + id + "）");
    }
    return found.get(0);
  }

  private List<ReferenceLayer> select(Long id) {
    return jdbc.sql(sql.get("select_reference_layers"))
        .param("id", id)
        .param("limit", MAX_LAYERS)
        .query(
            (rs, n) ->
                new ReferenceLayer(
                    rs.getLong("id"),
                    rs.getString("name"),
                    rs.getString("file_name"),
                    rs.getString("file_sha256"),
                    rs.getString("file_layer"),
                    rs.getString("source_crs"),
                    rs.getString("geometry_type"),
                    rs.getInt("feature_count"),
                    rs.getString("source_note"),
                    rs.getString("created_by"),
                    rs.getObject("created_at", OffsetDateTime.class),
                    rs.getString("updated_by"),
                    rs.getObject("updated_at", OffsetDateTime.class),
                    List.of(
                        rs.getDouble("west"),
                        rs.getDouble("south"),
                        rs.getDouble("east"),
                        rs.getDouble("north")),
                    "/tiles/reference/" + rs.getLong("id") + "/{z}/{x}/{y}.mvt"))
        .list();
  }

  ReferenceLayer change(AppUser user, long id, Change change) {
    mayChange(user);
    ReferenceLayer layer = find(id);
    String name = change.name() == null ? layer.name() : name(change.name());
    String note = change.sourceNote() == null ? layer.sourceNote() : note(change.sourceNote());
    try {
      jdbc.sql(sql.get("update_reference_layer"))
          .param("id", id)
          .param("name", name)
          .param("note", note)
          .update();
    } catch (DuplicateKeyException e) {
      throw taken(name);
    }
    return find(id);
  }

  void delete(AppUser user, long id) {
    mayChange(user);
    find(id);
    jdbc.sql(sql.get("delete_reference_layer")).param("id", id).update();
  }
}
