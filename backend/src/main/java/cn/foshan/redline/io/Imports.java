package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits;
import cn.foshan.redline.editing.BulkEdits.LayerField;
import cn.foshan.redline.editing.ChangeSets;
import cn.foshan.redline.io.ImportJobs.Job;
import cn.foshan.redline.io.ImportMapping.FieldSource;
import cn.foshan.redline.io.ImportMapping.FileField;
import cn.foshan.redline.io.ImportReport.Report;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ActingDataSource;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.RawJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * what a crash leaves is put right at start (ImportRecovery). The stages have a class each: staging
 * (ImportStaging), the CRS (ImportCrs), the encoding (Encodings), the mapping (ImportMapping), the
 * preview (ImportReport) and the jobs (ImportJobs); this one runs them, each in its transaction.
 */
@Service
class Imports {

  private final TransactionTemplate transactions;
  private final IoProperties properties;
  private final ChangeSets changeSets;
  private final BulkEdits bulk;
  private final ObjectMapper json;
  private final ImportStaging staging;
  private final ImportReport reports;
  private final ImportJobs jobs;

  Imports(
      TransactionTemplate transactions,
      IoProperties properties,
      ChangeSets changeSets,
      BulkEdits bulk,
      ObjectMapper json,
      ImportStaging staging,
      ImportReport reports,
      ImportJobs jobs) {
    this.transactions = transactions;
    this.properties = properties;
    this.changeSets = changeSets;
    this.bulk = bulk;
    this.json = json;
    this.staging = staging;
    this.reports = reports;
    this.jobs = jobs;
  }

  /** A change of the attribute mapping, and whether the repaired shapes are accepted. */
  record MappingRequest(Map<String, FieldSource> fields, Boolean repairInvalid) {}

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

  /**
   * A file to import and how: the layer, the file's layer (a GeoPackage of several), its CRS and
   * encoding when it does not say, the change set's reason and document, and whether the repairs of
   * its invalid shapes are accepted at once.
   */
  record Upload(
      InputStream in,
      String fileName,
      long size,
      String layer,
      String fileLayer,
      String crs,
      String encoding,
      String reason,
      String documentNumber,
      boolean repairInvalid) {}

  /** What a file imported at once came to: the import, and its commit (or proposal). */
  record Committed(long id, BulkEdits.Preview result) {}

  /**
   * Reads a file into a staging table and previews it as a draft change set of the user's. A file
   * with several layers (a GeoPackage) needs {@code fileLayer}, the name of the one to read.
   */
  ImportView stage(AppUser user, Upload upload) {
    return jobs.view(jobs.find(staged(user, upload, true)));
  }

  /**
   * Reads a file and commits it (the bureau) or proposes it (a district officer) at once, as one
   * change set, without a preview to look at first: the edits are applied once, and the rules are
   * the database's at COMMIT as for any commit. All or nothing: when the file, its mapping (by the
   * fields' names), its shapes or the rules refuse it, the import is discarded with its draft and
   * staging tables, and the problem says why (the rules broken, as a preview lists them).
   */
  Committed stageAndCommit(AppUser user, Upload upload) {
    long id = staged(user, upload, false);
    try {
      return new Committed(id, commit(user, id));
    } catch (RuntimeException e) {
      try {
        discard(user, id);
      } catch (RuntimeException notDiscarded) {
        // left staged: discarded with the stale ones (discardStale)
        e.addSuppressed(notDiscarded);
      }
      throw e;
    }
  }

  /** Stages a file as a draft change set and its job (previewed, if asked): the job's id. */
  private long staged(AppUser user, Upload file, boolean preview) {
    String layer = file.layer();
    if (!user.role().edits()) {
      throw ApiException.forbidden("A " + user.role() + " may not import");
    }
    List<LayerField> layerFields = bulk.fields(layer);
    if (file.size() > properties.maxUpload().toBytes()) {
      throw tooLarge();
    }
    Integer statedSrid =
        file.crs() == null || file.crs().isBlank() ? null : ImportCrs.srid(file.crs());
    String statedEncoding =
        file.encoding() == null || file.encoding().isBlank()
            ? null
            : Encodings.named(file.encoding());
    discardStale();
    String name =
        file.fileName() == null || file.fileName().isBlank() ? "upload" : file.fileName().strip();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    String table = ImportStaging.newTable();
    String stagingTable = staging.staged(table);
    Path work = null;
    // until the file is read: the encoding stated (GDAL's own when none)
    Encodings.Reading reading = new Encodings.Reading(statedEncoding, null);
    try {
      work = Gdal.workDirectory("import");
      Uploads.Source source =
          Uploads.prepare(
              file.in(),
              name,
              work,
              properties.maxUnzipped().toBytes(),
              properties.maxZipRatio(),
              properties.maxZipEntries(),
              false);
      reading = Encodings.read(source, statedEncoding);
      ImportStaging.Read read =
          staging.read(source, file.fileLayer(), statedSrid, reading.readAs(), table, work);
      int srid = read.srid();
      List<FileField> fields = staging.columns(table);
      if (source.format() == Uploads.Format.XLSX) {
        staging.wktToGeometry(stagingTable, fields, srid);
        fields = staging.columns(table);
      }
      staging.checkShapes(stagingTable, layer);
      staging.makeShapes(stagingTable, srid);
      List<FileField> fileFields = fields;
      Map<String, FieldSource> mapping = ImportMapping.defaultMapping(layerFields, fileFields);
      String why =
          file.reason() == null || file.reason().isBlank() ? "导入 import: " + name : file.reason();
      String shownName = name;
      String encodingUsed = Encodings.used(source, statedEncoding, reading.found());
      // the draft, its edits, the job with its preview, and the staging tables named after it:
      // one
      // transaction, so that a crash leaves all of them or none (but the staging tables under
      // their first name, which the next start drops: ImportRecovery)
      long id =
          transactions.execute(
              status -> {
                long cs = changeSets.create(user, why, file.documentNumber()).id();
                Report report =
                    reports.report(
                        user,
                        cs,
                        layer,
                        stagingTable,
                        layerFields,
                        fileFields,
                        mapping,
                        file.repairInvalid(),
                        srid,
                        preview);
                long job =
                    jobs.insert(
                        user,
                        layer,
                        shownName,
                        read.layer().name(),
                        source.format(),
                        srid,
                        encodingUsed,
                        cs,
                        fileFields,
                        mapping,
                        file.repairInvalid(),
                        report);
                staging.rename(stagingTable, "import_" + job);
                return job;
              });
      return id;
    } catch (IOException e) {
      staging.cleanUp(stagingTable);
      throw new UncheckedIOException(e);
    } catch (Gdal.GdalException e) {
      staging.cleanUp(stagingTable);
      if (Encodings.notUtf8(e)) {
        // the text is not in the encoding it was read in (stated, the .cpg's, or detected)
        throw Encodings.notReadableIn(reading.readAs());
      }
      throw Uploads.unreadable("GDAL cannot read the file: " + e.getMessage());
    } catch (RuntimeException e) {
      staging.cleanUp(stagingTable);
      throw e;
    } finally {
      Gdal.deleteTree(work);
    }
  }

  private static ApiException tooLarge() {
    return ApiException.tooLarge(
        "file-too-large", "File too large", "The file is larger than we accept");
  }

  ImportView get(AppUser user, long id) {
    return jobs.view(jobs.visible(user, id));
  }

  /** A new mapping (and the answer about repairs): the draft is filled again and previewed. */
  ImportView remap(AppUser user, long id, MappingRequest request) {
    // the draft's new edits, the new mapping and its preview: all or nothing
    transactions.executeWithoutResult(
        status -> mapAgain(user, jobs.lockedOwnStaged(user, id), request));
    return jobs.view(jobs.find(id));
  }

  private void mapAgain(AppUser user, Job job, MappingRequest request) {
    long id = job.id();
    Map<String, FieldSource> mapping =
        request.fields() == null ? job.mapping() : new LinkedHashMap<>(request.fields());
    List<LayerField> layerFields = bulk.fields(job.layer());
    for (String property : mapping.keySet()) {
      if (layerFields.stream().noneMatch(f -> f.property().equals(property))) {
        throw ApiException.badRequest(
            "invalid-mapping", property + " is not a field of the layer " + job.layer());
      }
    }
    boolean repair =
        request.repairInvalid() == null ? job.repairInvalid() : request.repairInvalid();
    Report report = refresh(user, job, mapping, repair);
    jobs.update(id, mapping, repair, report);
  }

  private Report refresh(AppUser user, Job job, Map<String, FieldSource> mapping, boolean repair) {
    return reports.report(
        user,
        job.changeSetId(),
        job.layer(),
        staging.staged(job.staging()),
        bulk.fields(job.layer()),
        job.fields(),
        mapping,
        repair,
        job.srid(),
        true);
  }

  /** Commits the import as its one change set (bureau), or proposes it (district officer). */
  BulkEdits.Preview commit(AppUser user, long id) {
    Job job = jobs.ownStaged(user, id);
    JsonNode report = json.readTree(job.preview());
    List<String> mappingErrors = new ArrayList<>();
    report.path("mappingErrors").forEach(e -> mappingErrors.add(e.asString()));
    if (!mappingErrors.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid-mapping",
          "Invalid mapping",
          "The attribute mapping is incomplete: " + String.join("; ", mappingErrors),
          Map.of("mappingErrors", mappingErrors));
    }
    long unchanged = report.path("unchanged").asLong(0);
    if (unchanged > 0 && unchanged == report.at("/shapes/features").asLong()) {
      throw ApiException.conflict(
          "nothing-changed",
          "文件中的 "
              + unchanged
              + " 个要素与图层现状相同，没有要导入的修改（all "
              + unchanged
              + " features of the file are as the layer has them now: nothing to import）");
    }
    long invalid = report.at("/shapes/invalid").asLong();
    if (invalid > 0 && !job.repairInvalid()) {
      throw ApiException.unprocessable(
          "invalid-geometry",
          "Invalid shapes",
          invalid
              + " shapes of the file are invalid: accept their repairs (repairInvalid: true, with"
              + " the file or in the mapping) or correct the file",
          Map.of("invalid", new RawJson(report.at("/shapes/items").toString())));
    }
    // the job is committed (or proposed) with its change set, in its transaction (V19); then its
    // staging tables go (after a crash between the two, at the next start: ImportRecovery)
    BulkEdits.Preview result = bulk.commit(user, job.changeSetId());
    staging.drop(staging.staged(job.staging()));
    return result;
  }

  /**
   * Discards a staged import: its draft change set (and with it the job, V19) and its staging
   * tables, in one transaction.
   */
  void discard(AppUser user, long id) {
    transactions.executeWithoutResult(
        status -> {
          Job job = jobs.lockedOwnStaged(user, id);
          changeSets.discard(user, job.changeSetId());
          staging.drop(staging.staged(job.staging()));
        });
  }

  /** Discards the imports staged and left alone longer than the configured time. */
  void discardStale() {
    for (ImportJobs.Stale s : jobs.stale(properties.staleAfter())) {
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
            jobs.lock(id)
                .ifPresent(
                    cs -> {
                      bulk.discardAbandoned(cs);
                      staging.drop(staging.staged("import_" + id));
                    }));
    return null;
  }
}
