package cn.foshan.redline.editing;

import static cn.foshan.redline.editing.ChangeSetProblems.conflict;
import static cn.foshan.redline.editing.ChangeSetProblems.explain;
import static cn.foshan.redline.editing.ChangeSetProblems.forbidden;
import static cn.foshan.redline.editing.ChangeSetProblems.guarded;
import static cn.foshan.redline.editing.ChangeSetProblems.refused;

import cn.foshan.redline.editing.EditApplier.Applied;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Change sets: made by an editor, filled with edits, previewed, then committed by the bureau (all
 * edits in one transaction, through the rules) or proposed by a district officer for the bureau to
 * approve or reject. Every method checks who may do it.
 */
@Service
public class ChangeSets {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final EditApplier applier;
  private final Shapes shapes;
  private final DistrictGuard guard;
  private final EditableLayers layers;
  private final Map<String, String> sql;

  ChangeSets(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      EditApplier applier,
      Shapes shapes,
      DistrictGuard guard,
      EditableLayers layers) {
    this.layers = layers;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.applier = applier;
    this.shapes = shapes;
    this.guard = guard;
    this.sql =
        SqlFiles.loadAll(
            "editing",
            "insert_change_set",
            "insert_committed_change_set",
            "select_change_sets",
            "upsert_edit",
            "delete_edit",
            "delete_draft",
            "submit_change_set",
            "reject_change_set",
            "commit_change_set");
  }

  /** An edit as a client asks for it: action create, update or delete. */
  public record EditRequest(
      String layer,
      String action,
      Long featureId,
      Integer baseVersion,
      JsonNode geometry,
      String crs,
      JsonNode properties) {}

  /** What a change set would do, or did. */
  public record Preview(
      ChangeSet changeSet, boolean valid, List<EditApplier.Edit> edits, Applied effects) {}

  // ---- reading

  ChangeSet find(long id) {
    return jdbc.sql(sql.get("select_change_sets"))
        .param("id", id)
        .param("status", null)
        .param("any", true)
        .param("author", "")
        .param("others", false)
        .param("limit", 1)
        .query(ChangeSet::from)
        .optional()
        .orElseThrow(
            () -> ApiException.notFound("unknown-change-set", "There is no change set " + id));
  }

  /**
   * The change set, if this user may see it: their own, or any that is not a draft (not for a
   * district officer, who sees their own).
   */
  public ChangeSet get(AppUser user, long id) {
    ChangeSet cs = find(id);
    boolean own = cs.author().equals(user.username());
    boolean visible =
        own
            || (!cs.status().equals("DRAFT")
                && (user.role() != Role.DISTRICT || cs.status().equals("COMMITTED")));
    if (!visible) {
      throw ApiException.notFound("unknown-change-set", "There is no change set " + id);
    }
    return cs;
  }

  public List<ChangeSet> list(AppUser user, String status, int limit) {
    return jdbc.sql(sql.get("select_change_sets"))
        .param("id", null)
        .param("status", status)
        .param("any", false)
        .param("author", user.username())
        .param("others", user.role() != Role.DISTRICT)
        .param("limit", Math.max(1, Math.min(limit, 500)))
        .query(ChangeSet::from)
        .list();
  }

  public List<EditApplier.Edit> edits(AppUser user, long id) {
    get(user, id);
    return applier.edits(id);
  }

  // ---- a change set for one request

  /** Adds a request's edits to its change set (given the change set's id). */
  @FunctionalInterface
  public interface RequestEdits {
    void addTo(long changeSetId);
  }

  /**
   * What a request's change set came to: committed (with the features written, in the order of its
   * edits, and each as a GeoJSON Feature as committed, null for a removed one), or proposed for the
   * bureau's review (no features yet).
   */
  public record Outcome(
      ChangeSet changeSet, boolean committed, List<Long> featureIds, List<RawJson> features) {}

  /**
   * A change set of its own for one request (the feature API, a stage or status transition): made
   * with the reason and document number, filled by {@code edits}, then committed for the bureau or
   * submitted as a proposal for a district officer, all through the same rules. A request refused
   * on the way leaves no draft behind.
   *
   * <p>For the bureau it is one transaction: the draft, its edits, applying them and marking the
   * change set committed; the database's check at COMMIT is the rules' verdict (they run once), and
   * a refusal rolls it all back. Only then, to say which rules and why, are the same edits applied
   * again in a transaction that is rolled back, with every rule's verdict (a preview).
   */
  public Outcome forRequest(
      AppUser user, String reason, String documentNumber, RequestEdits edits) {
    if (user.role().commits()) {
      try {
        return transactions.execute(
            status -> {
              long id = insertDraft(user, reason, documentNumber);
              filling(id, edits);
              Applied applied = applier.apply(id, EditApplier.Purpose.REQUEST);
              if (!applied.stale().isEmpty()) {
                throw refused(new Preview(find(id), false, List.of(), applied));
              }
              if (applied.features().isEmpty()) {
                throw conflict("Change set " + id + " has no edits");
              }
              ChangeSet committed = markCommitted(id, user, null);
              return new Outcome(
                  committed,
                  true,
                  applied.features().stream().map(EditApplier.FeatureChange::featureId).toList(),
                  applied.features().stream().map(EditApplier.FeatureChange::after).toList());
            });
      } catch (DataAccessException refusal) {
        throw explain(
            refusal,
            () ->
                transactions.execute(
                    status -> {
                      status.setRollbackOnly();
                      long id = insertDraft(user, reason, documentNumber);
                      filling(id, edits);
                      Applied applied = applier.apply(id, EditApplier.Purpose.PREVIEW);
                      return new Preview(
                          find(id),
                          applied.stale().isEmpty() && applied.violations().isEmpty(),
                          applier.edits(id),
                          applied);
                    }));
      }
    }
    ChangeSet cs = create(user, reason, documentNumber);
    try {
      edits.addTo(cs.id());
      return new Outcome(submit(user, cs.id()), false, List.of(), List.of());
    } catch (RuntimeException e) {
      discard(user, cs.id());
      throw e;
    }
  }

  /**
   * The draft a request's own change set is being filled in, on this thread: made by the request's
   * user in the same transaction a moment before, so neither its author nor its status needs to be
   * read back before each edit (one statement less per edit; the database holds both anyway).
   */
  private static final ThreadLocal<Long> FILLING = new ThreadLocal<>();

  private static void filling(long id, RequestEdits edits) {
    Long before = FILLING.get();
    FILLING.set(id);
    try {
      edits.addTo(id);
    } finally {
      if (before == null) {
        FILLING.remove();
      } else {
        FILLING.set(before);
      }
    }
  }

  // ---- making and filling a draft

  public ChangeSet create(AppUser user, String reason, String documentNumber) {
    return create(user, reason, documentNumber, null);
  }

  /**
   * A new draft made with its first action (an edit, a split, a merge: {@code first}, given the
   * draft's id), in one transaction: an action refused leaves no draft behind.
   */
  public ChangeSet createWith(
      AppUser user, String reason, String documentNumber, java.util.function.LongConsumer first) {
    return transactions.execute(
        status -> {
          long id = insertDraft(user, reason, documentNumber);
          first.accept(id);
          return find(id);
        });
  }

  ChangeSet create(AppUser user, String reason, String documentNumber, Long reverts) {
    return find(insertDraft(user, reason, documentNumber, reverts));
  }

  private long insertDraft(AppUser user, String reason, String documentNumber) {
    return insertDraft(user, reason, documentNumber, null);
  }

  /** A new draft of the user's: its id. */
  private long insertDraft(AppUser user, String reason, String documentNumber, Long reverts) {
    if (!user.role().edits()) {
      throw forbidden("A " + user.role() + " may not edit");
    }
    return provenance(sql.get("insert_change_set"), user, reason, documentNumber)
        .param("reverts", reverts)
        .query(Long.class)
        .single();
  }

  /**
   * A change set committed at once, for a write outside the map's drafts and proposals (a factory
   * building or unit; the caller has checked that the user may make it): its id.
   */
  public long createCommitted(AppUser user, String reason, String documentNumber) {
    return provenance(sql.get("insert_committed_change_set"), user, reason, documentNumber)
        .query(Long.class)
        .single();
  }

  /** Who, why (required) and under which document, as a change set records them. */
  private JdbcClient.StatementSpec provenance(
      String insert, AppUser user, String reason, String documentNumber) {
    if (reason == null || reason.isBlank()) {
      throw Shapes.unprocessable(
          "reason-required", "每个修改都要写明修改原因（every change set needs a reason）");
    }
    TextLimits.check(reason.trim(), TextLimits.REASON, "修改原因", "reason");
    TextLimits.check(
        documentNumber == null ? null : documentNumber.trim(),
        TextLimits.DOCUMENT_NUMBER,
        "文号",
        "documentNumber");
    return jdbc.sql(insert)
        .param("author", user.username())
        .param("reason", reason.trim())
        .param(
            "document_number",
            documentNumber == null || documentNumber.isBlank() ? null : documentNumber.trim())
        .param("district_code", user.role() == Role.DISTRICT ? user.districtCode() : null);
  }

  /** Adds (or replaces) an edit of a feature in the user's draft; returns its sequence number. */
  public int addEdit(AppUser user, long id, EditRequest request) {
    Long filling = FILLING.get();
    // a request's own new draft is the user's, with the user's district (insertDraft)
    String draftDistrict =
        filling != null && filling == id
            ? (user.role() == Role.DISTRICT ? user.districtCode() : null)
            : ownDraft(user, id).districtCode();
    EditableLayer layer = layers.get(request.layer());
    String action =
        request.action() == null ? "" : request.action().trim().toUpperCase(java.util.Locale.ROOT);
    String geometry = null;
    ObjectNode columns;
    switch (action) {
      case "CREATE" -> {
        if (request.featureId() != null) {
          throw ApiException.badRequest("invalid-edit", "A new feature has no featureId");
        }
        geometry =
            shapes.check(
                request.geometry(),
                request.crs(),
                layer.editing().maxAreaM2(),
                layer.editing().maxPoints());
        columns = Attributes.toColumns(layer, request.properties(), true);
      }
      case "UPDATE" -> {
        requireTarget(request);
        if (request.geometry() != null && !request.geometry().isNull()) {
          geometry =
              shapes.check(
                  request.geometry(),
                  request.crs(),
                  layer.editing().maxAreaM2(),
                  layer.editing().maxPoints());
        }
        columns = Attributes.toColumns(layer, request.properties(), false);
      }
      case "DELETE" -> {
        requireTarget(request);
        columns = Attributes.toColumns(layer, null, false);
      }
      default ->
          throw ApiException.badRequest(
              "invalid-edit",
              "action must be create, update or delete, not '" + request.action() + "'");
    }
    if (draftDistrict != null) {
      guard.requireInDistrict(draftDistrict, layer, request.featureId(), geometry);
    }
    return jdbc.sql(sql.get("upsert_edit"))
        .param("cs", id)
        .param("layer", layer.id())
        .param("action", action)
        .param("feature_id", request.featureId())
        .param("base_version", request.baseVersion())
        .param("geojson", geometry)
        .param("properties", columns.toString())
        .query(Integer.class)
        .single();
  }

  /** Adds an edit already made (split, merge, revert) to the user's draft. */
  int addPrepared(
      long id,
      String layer,
      String action,
      Long featureId,
      Integer baseVersion,
      String geojson,
      String properties) {
    return jdbc.sql(sql.get("upsert_edit"))
        .param("cs", id)
        .param("layer", layer)
        .param("action", action)
        .param("feature_id", featureId)
        .param("base_version", baseVersion)
        .param("geojson", geojson)
        .param("properties", properties)
        .query(Integer.class)
        .single();
  }

  private static void requireTarget(EditRequest request) {
    if (request.featureId() == null) {
      throw ApiException.badRequest("invalid-edit", "featureId is required to " + request.action());
    }
    if (request.baseVersion() == null) {
      throw IfMatch.versionRequired(
          "baseVersion (the version you edited, the feature's ETag) is required, so that nobody's"
              + " change is overwritten unseen");
    }
  }

  /**
   * Refuses (403; 404 if there is no such feature) a district officer's write of a feature that
   * lies mostly outside their district, before the request's content is looked at ({@link
   * DistrictGuard}).
   */
  public void requireMayWrite(AppUser user, String layer, long featureId) {
    guard.requireMayWrite(user, layer, featureId);
  }

  /** A feature as it is now; a 404 problem if there is none. */
  JsonNode feature(String layer, long id) {
    return applier.current(layer, id);
  }

  public void removeEdit(AppUser user, long id, int seq) {
    ownDraft(user, id);
    jdbc.sql(sql.get("delete_edit")).param("cs", id).param("seq", seq).update();
  }

  public void discard(AppUser user, long id) {
    ownDraft(user, id);
    jdbc.sql(sql.get("delete_draft")).param("cs", id).update();
  }

  ChangeSet ownDraft(AppUser user, long id) {
    ChangeSet cs = get(user, id);
    if (!cs.author().equals(user.username())) {
      throw forbidden("Only its author changes a draft");
    }
    if (!cs.status().equals("DRAFT")) {
      throw conflict("Change set " + id + " is " + cs.status() + ", no longer a draft");
    }
    return cs;
  }

  // ---- preview, commit, review

  /** What the change set would do now, applied in a transaction that is then rolled back. */
  public Preview preview(AppUser user, long id) {
    return preview(user, id, Set.of());
  }

  /**
   * The same, with the effects asked for by name ({@link EditApplier#include}) besides those always
   * worked out.
   */
  public Preview preview(AppUser user, long id, Set<String> include) {
    ChangeSet cs = get(user, id);
    if (!cs.status().equals("DRAFT") && !cs.status().equals("PROPOSED")) {
      throw conflict("Change set " + id + " is " + cs.status() + ": there is nothing to preview");
    }
    List<EditApplier.Edit> edits = applier.edits(id);
    Applied effects =
        transactions.execute(
            status -> {
              status.setRollbackOnly();
              return guarded(() -> applier.apply(id, EditApplier.Purpose.PREVIEW, edits, include));
            });
    return new Preview(
        cs, effects.stale().isEmpty() && effects.violations().isEmpty(), edits, effects);
  }

  /** A district officer proposes their draft to the bureau; it must keep the rules now. */
  public ChangeSet submit(AppUser user, long id) {
    ChangeSet cs = ownDraft(user, id);
    Preview preview = preview(user, id);
    if (!preview.valid()) {
      throw refused(preview);
    }
    if (preview.edits().isEmpty()) {
      throw conflict("Change set " + id + " has no edits");
    }
    jdbc.sql(sql.get("submit_change_set")).param("cs", cs.id()).update();
    return find(id);
  }

  /**
   * Marks the change set committed (by the bureau; the reviewer of a proposal): the change set as
   * committed, returned by the same statement.
   */
  ChangeSet markCommitted(long id, AppUser user, String comment) {
    return jdbc.sql(sql.get("commit_change_set"))
        .param("cs", id)
        .param("reviewer", user.username())
        .param("comment", comment)
        .query(ChangeSet::from)
        .optional()
        .orElseThrow(() -> conflict("Change set " + id + " is no longer a draft or a proposal"));
  }
}
