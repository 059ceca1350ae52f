package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits;
import cn.foshan.redline.editing.BulkEdits.LayerField;
import cn.foshan.redline.io.ImportMapping.FieldSource;
import cn.foshan.redline.io.ImportMapping.FileField;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The preview of an import, as kept with it and shown: what the staged shapes are like (how many,
 * their extent, the invalid ones and their repairs, those outside Foshan or with heights), the
 * warnings and mapping errors, and the effect of the draft change set filled from the staging table
 * (the editing system's preview). Shapes with too many points, or that cannot be repaired, refuse
 * the file.
 */
@Component
class ImportReport {

  private static final int INVALID_LIMIT = 100;

  private final JdbcClient jdbc;
  private final IoProperties properties;
  private final BulkEdits bulk;
  private final SqlTemplate selectReport =
      SqlTemplate.load("io/select_staging_report.sql", "shapes");
  private final SqlTemplate selectInvalid =
      SqlTemplate.load("io/select_invalid_shapes.sql", "shapes");
  private final SqlTemplate selectDuplicates =
      SqlTemplate.load("io/select_duplicate_codes.sql", "staging", "code");
  private final SqlTemplate selectFeatures =
      SqlTemplate.load("io/select_staged_features.sql", "staging", "shapes", "properties");

  ImportReport(JdbcClient jdbc, IoProperties properties, BulkEdits bulk) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.bulk = bulk;
  }

  /** An invalid shape of the file: its feature number, why, as given and as repaired. */
  record InvalidShape(long fid, String reason, RawJson original, RawJson repaired) {}

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

  /**
   * The preview of an import, as kept with it and shown; {@code unchanged}: how many of the file's
   * features are as the layer has them already (the same shape and values: left out of the change
   * set), null until the file is mapped without errors.
   */
  record Report(
      ShapeReport shapes,
      List<String> warnings,
      List<String> mappingErrors,
      Long unchanged,
      BulkEdits.Preview changes) {}

  /**
   * Checks the mapping, fills the draft from the staging table, and previews it (unless it is to be
   * committed at once: then the report has no changes).
   */
  Report report(
      AppUser user,
      long cs,
      String layer,
      String staging,
      List<LayerField> layerFields,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      boolean repair,
      int srid,
      boolean preview) {
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
    ImportMapping.Mapped mapped =
        ImportMapping.properties(layerFields, fileFields, mapping, params, errors);
    if (errors.isEmpty() && mapped.code() != null) {
      duplicateCodes(staging, mapped.code(), params).ifPresent(errors::add);
    }
    String relation =
        selectFeatures
            .identifier("staging", staging)
            .identifier("shapes", ImportStaging.shapes(staging))
            // the file's own column names, quoted (ident), and the fields' conversions
            .sql("properties", mapped.properties())
            .sql();
    BulkEdits.Preview changes = null;
    Long unchanged = null;
    if (errors.isEmpty()) {
      try {
        // one edit a feature of the file (a staged shape), but for those that change nothing
        unchanged = shapes.features() - bulk.fill(user, cs, layer, relation, params);
        changes = preview ? bulk.preview(user, cs) : null;
      } catch (ApiException e) {
        if (e.status() == HttpStatus.UNPROCESSABLE_CONTENT) {
          errors.add(e.getMessage());
        } else {
          throw e;
        }
      }
    }
    return new Report(shapes, warnings, errors, unchanged, changes);
  }

  /**
   * The problem of a file that names a feature more than once (two rows with one code: which of
   * them should it become?), with up to five of its codes; none when every code is once.
   */
  private java.util.Optional<String> duplicateCodes(
      String staging, String code, Map<String, Object> params) {
    record Duplicate(String code, long total) {}
    List<Duplicate> duplicates =
        jdbc.sql(selectDuplicates.identifier("staging", staging).sql("code", code).sql())
            .params(params)
            .query((rs, n) -> new Duplicate(rs.getString("code"), rs.getLong("total")))
            .list();
    if (duplicates.isEmpty()) {
      return java.util.Optional.empty();
    }
    String some = String.join("、", duplicates.stream().map(Duplicate::code).toList());
    long total = duplicates.get(0).total();
    return java.util.Optional.of(
        "code: 文件中有 "
            + total
            + " 个编码出现了不止一次（如 "
            + some
            + "）：每个要素在文件中只能出现一次（"
            + total
            + " codes appear more than once in the file, such as "
            + some.replace("、", ", ")
            + ": each feature once）");
  }

  private ShapeReport shapes(String staging) {
    List<InvalidShape> invalid =
        jdbc.sql(selectInvalid.identifier("shapes", ImportStaging.shapes(staging)).sql())
            .param("limit", INVALID_LIMIT)
            .query(
                (rs, n) ->
                    new InvalidShape(
                        rs.getLong("fid"),
                        rs.getString("reason"),
                        new RawJson(rs.getString("original")),
                        new RawJson(rs.getString("repaired"))))
            .list();
    return jdbc.sql(selectReport.identifier("shapes", ImportStaging.shapes(staging)).sql())
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
}
