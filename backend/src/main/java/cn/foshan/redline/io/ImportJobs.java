package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits;
import cn.foshan.redline.io.ImportMapping.FieldSource;
import cn.foshan.redline.io.ImportMapping.FileField;
import cn.foshan.redline.io.Imports.ImportView;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The import jobs (table import_job): one per staged file, with its file's fields, its mapping and
 * its preview, read and written here; who may see and change one (its author; the bureau sees every
 * import); and its view in the API. Its state changes with its change set's, in the same
 * transaction, by the database (V19).
 */
@Component
class ImportJobs {

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final BulkEdits bulk;
  private final Map<String, String> sql;

  ImportJobs(JdbcClient jdbc, ObjectMapper json, BulkEdits bulk) {
    this.bulk = bulk;
    this.jdbc = jdbc;
    this.json = json;
    this.sql =
        SqlFiles.loadAll(
            "io",
            "insert_import_job",
            "select_import_job",
            "update_import_job",
            "lock_import_job",
            "select_stale_imports");
  }

  /** A job as stored. */
  record Job(
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

  /** A staged import abandoned, and its author. */
  record Stale(long id, String author) {}

  /** A new staged job, in the transaction of its draft change set; its id. */
  long insert(
      AppUser user,
      String layer,
      String fileName,
      String fileLayer,
      Uploads.Format format,
      int srid,
      String encoding,
      long cs,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      boolean repairInvalid,
      ImportReport.Report report) {
    return jdbc.sql(sql.get("insert_import_job"))
        .param("author", user.username())
        .param("layer", layer)
        .param("file_name", fileName)
        .param("file_layer", fileLayer)
        .param("format", format.name())
        .param("srid", srid)
        .param("encoding", encoding)
        .param("cs", cs)
        .param("fields", json.writeValueAsString(fileFields))
        .param("mapping", json.writeValueAsString(mapping))
        .param("repair", repairInvalid)
        .param("preview", json.writeValueAsString(report))
        .query(Long.class)
        .single();
  }

  /** A staged job's new mapping, answer about repairs, and preview. */
  void update(
      long id, Map<String, FieldSource> mapping, boolean repair, ImportReport.Report report) {
    jdbc.sql(sql.get("update_import_job"))
        .param("id", id)
        .param("mapping", json.writeValueAsString(mapping))
        .param("repair", repair)
        .param("preview", json.writeValueAsString(report))
        .update();
  }

  /** A staged job's row, locked until the transaction ends: its change set (none: not staged). */
  Optional<Long> lock(long id) {
    return jdbc.sql(sql.get("lock_import_job")).param("id", id).query(Long.class).optional();
  }

  /** The imports staged and left alone longer than {@code age}. */
  List<Stale> stale(Duration age) {
    return jdbc.sql(sql.get("select_stale_imports"))
        .param("age", age.toSeconds() + " seconds")
        .query((rs, n) -> new Stale(rs.getLong("id"), rs.getString("author")))
        .list();
  }

  Job find(long id) {
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
  Job visible(AppUser user, long id) {
    Job job = find(id);
    if (!job.author().equals(user.username()) && !user.role().commits()) {
      throw ApiException.notFound("unknown-import", "There is no import " + id);
    }
    return job;
  }

  /** The user's staged import, its row locked until the transaction ends. */
  Job lockedOwnStaged(AppUser user, long id) {
    lock(id);
    return ownStaged(user, id);
  }

  Job ownStaged(AppUser user, long id) {
    Job job = visible(user, id);
    if (!job.author().equals(user.username())) {
      throw ApiException.forbidden("Only its author changes an import");
    }
    if (!job.status().equals("STAGED")) {
      throw ApiException.conflict(
          "wrong-state", "Import " + id + " is " + job.status() + ", no longer staged");
    }
    return job;
  }

  ImportView view(Job job) {
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
        bulk.fields(job.layer()),
        job.preview() == null ? null : new RawJson(job.preview()),
        job.createdAt(),
        job.finishedAt());
  }
}
