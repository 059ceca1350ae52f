package cn.foshan.redline.editing;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bulk path of editing, for change sets of many features (a file import): the edits go into the
 * draft in one statement from a relation, and are applied with one UPDATE and one INSERT … SELECT
 * per change set instead of one edit at a time. The rest is the editing system's: the draft is a
 * change set like any other, the triggers keep every previous version in feature_history, the rules
 * are check_change_set (run here for the preview, and again by the database at COMMIT), a district
 * officer's change set becomes a proposal, and a committed one can be reverted.
 *
 * <p>The preview reports counts and sums, not every feature before and after, so that it stays
 * small for 100,000 features.
 */
@Component
public class BulkEdits {

  /** At most this many violations come back with their shapes (all are counted). */
  static final int VIOLATION_LIMIT = 500;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  /**
   * Filling and previewing a draft: a transaction of their own, or, called inside a caller's (an
   * import staged or mapped again together with its bookkeeping), a savepoint in it, so that a
   * refusal or a preview's rollback undoes their work only.
   */
  private final TransactionTemplate nested;

  private final ChangeSets changeSets;
  private final List<ChangeSetEffects> effects;
  private final EditableLayers layers;
  private final BulkApplication application;
  private final Previews previews;
  private final Map<String, String> sql;

  BulkEdits(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      ChangeSets changeSets,
      List<ChangeSetEffects> effects,
      DatabaseLimits limits,
      EditableLayers layers,
      BulkApplication application,
      Previews previews) {
    this.layers = layers;
    this.previews = previews;
    this.application = application;
    this.jdbc = jdbc;
    // an import's bulk writes: long jobs (DatabaseLimits); fill and preview nest in a caller's
    // transaction as savepoints
    this.transactions = limits.longRunning(transactions);
    TransactionTemplate nesting = new TransactionTemplate(transactions.getTransactionManager());
    nesting.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.nested = limits.longRunning(transactions.getTransactionManager(), nesting);
    this.changeSets = changeSets;
    this.effects = List.copyOf(effects);
    this.sql =
        SqlFiles.loadAll(
            "editing",
            "bulk_delete_edits",
            "bulk_invalid_codes",
            "bulk_select_violations",
            "bulk_count_edits",
            "bulk_analyze_edits",
            "set_change_set",
            "commit_change_set",
            "submit_change_set",
            "delete_draft");
  }

  private final SqlTemplate outsideDistrict =
      SqlTemplate.load("editing/bulk_outside_district.sql", "relation", "table");
  private final SqlTemplate insertEdits =
      SqlTemplate.load("editing/bulk_insert_edits.sql", "relation", "table", "unchanged");
  private final SqlTemplate lockUpdates =
      SqlTemplate.load("editing/bulk_lock_updates.sql", "table");

  /** An attribute of an editable layer, as another capability may read it. */
  public record LayerField(
      String property,
      String column,
      String type,
      boolean required,
      List<String> allowed,
      boolean derived) {}

  /** The attributes of an editable layer (a 400 problem for a layer that is not editable). */
  public List<LayerField> fields(String layer) {
    return layers.get(layer).fields().stream()
        .map(
            (cn.foshan.redline.maps.LayerField f) ->
                new LayerField(
                    f.property(),
                    f.column(),
                    f.type().name(),
                    f.required(),
                    f.allowed(),
                    f.derived()))
        .toList();
  }

  public record Stale(long featureId, int baseVersion, Integer currentVersion) {}

  /**
   * What a bulk change set does, or would do: edits by kind, their area; the features changed since
   * the draft was made (stale); the rules broken (the first {@value #VIOLATION_LIMIT}, and how
   * many); the capabilities' sums before and after ({@link ChangeSetEffects}: the red line per
   * district and for the city, the ready reserve); and what the database refused, if it refused a
   * value.
   */
  public record Preview(
      long changeSetId,
      String status,
      boolean valid,
      long creates,
      long updates,
      double areaMu,
      List<Stale> stale,
      long violationCount,
      List<Violation> violations,
      @JsonAnyGetter Map<String, Object> figures,
      String refusal) {}

  /**
   * Fills the user's draft with one edit per row of a relation (columns {@code ord}, {@code geom}:
   * a valid MultiPolygon in EPSG:4490, {@code properties}: jsonb of the layer's columns, checked by
   * the caller), replacing the edits it had. A row whose {@code code} names a feature of the layer
   * updates it (against its version now), unless it would change nothing (the same shape, {@code
   * same_shape}: its vertices within about 0.1 mm; and the same values for the fields it gives: no
   * edit, no new version); any other row creates a feature. A district officer's edits must lie in
   * their district. Returns the number of edits. In the caller's transaction, if there is one.
   */
  public long fill(
      AppUser user, long cs, String layerId, String relationSql, Map<String, Object> params) {
    ChangeSet draft = changeSets.ownDraft(user, cs);
    EditableLayer layer = layers.get(layerId);
    long edits =
        ChangeSetProblems.guarded(
            () ->
                nested.execute(
                    status -> {
                      if (draft.districtCode() != null) {
                        long outside =
                            jdbc.sql(
                                    outsideDistrict
                                        .sql("relation", relationSql)
                                        .identifier("table", layer.table())
                                        .sql())
                                .param("district", draft.districtCode())
                                .params(params)
                                .query(Long.class)
                                .single();
                        if (outside > 0) {
                          throw ChangeSetProblems.forbidden(
                              "区级用户只在本区内提出修改：其中 "
                                  + outside
                                  + " 个要素的大部分面积在本区以外（"
                                  + outside
                                  + " of the features lie mostly outside your district, "
                                  + draft.districtCode()
                                  + ": a district officer proposes changes in their own district"
                                  + " only）");
                        }
                      }
                      jdbc.sql(sql.get("bulk_delete_edits")).param("cs", cs).update();
                      long n =
                          jdbc.sql(
                                  insertEdits
                                      .sql("relation", relationSql)
                                      .identifier("table", layer.table())
                                      .sql("unchanged", sameValues(layer))
                                      .sql())
                              .param("cs", cs)
                              .param("layer", layer.id())
                              .params(params)
                              .update();
                      refuseInvalidCodes(cs);
                      return n;
                    }));
    jdbc.sql(sql.get("bulk_analyze_edits")).query().listOfRows();
    return edits;
  }

  /**
   * Whether a row of the relation ({@code src}) gives the feature ({@code t}) only values it has:
   * each field the row gives, compared as JSON with the feature's (equal JSON; a list must be the
   * same list).
   */
  private static String sameValues(EditableLayer layer) {
    return layer.fields().stream()
        .map(
            f ->
                "(src.properties -> '"
                    + f.column()
                    + "' IS NULL OR src.properties -> '"
                    + f.column()
                    + "' = to_jsonb(t."
                    + f.column()
                    + "))")
        .collect(Collectors.joining(" AND ", "(", ")"));
  }

  /** A 422 problem naming the invalid codes (FeatureCodes) of the draft's edits, if any. */
  private void refuseInvalidCodes(long cs) {
    record Invalid(String code, long total) {}
    List<Invalid> invalid =
        jdbc.sql(sql.get("bulk_invalid_codes"))
            .param("cs", cs)
            .param("pattern", FeatureCodes.REGEX)
            .query((rs, n) -> new Invalid(rs.getString("code"), rs.getLong("total")))
            .list();
    if (invalid.isEmpty()) {
      return;
    }
    List<String> errors =
        invalid.stream().map(i -> "code: " + i.code() + " — " + FeatureCodes.RULE).toList();
    throw ApiException.unprocessable(
        "invalid-attributes",
        "Invalid attributes",
        invalid.get(0).total()
            + " 个要素的编码不合规（"
            + invalid.get(0).total()
            + " features have an invalid code）: "
            + String.join("; ", errors),
        Map.of("errors", errors));
  }

  /**
   * What the change set would do now: applied in a transaction that is rolled back (in the caller's
   * transaction, if there is one, to a savepoint); for a layer that allows it (V28), applied to a
   * copy of the rows it changes, with the same statements, constraints and rules.
   */
  public Preview preview(AppUser user, long cs) {
    ChangeSet set = changeSets.get(user, cs);
    if (!set.status().equals("DRAFT") && !set.status().equals("PROPOSED")) {
      throw ChangeSetProblems.conflict(
          "Change set " + cs + " is " + set.status() + ": nothing to preview");
    }
    return nested.execute(
        status -> {
          status.setRollbackOnly();
          return apply(set, false, true, status);
        });
  }

  /**
   * Commits the user's draft (the bureau), or proposes it (a district officer, who needs the rules
   * kept now): all edits or none. A 412 problem when features changed since the draft was made, a
   * 422 with the rules broken.
   */
  public Preview commit(AppUser user, long cs) {
    ChangeSet draft = changeSets.ownDraft(user, cs);
    if (user.role() == Role.PLANNER) {
      throw ChangeSetProblems.forbidden("A planner may not edit");
    }
    boolean commits = user.role().commits();
    Preview result;
    try {
      result =
          transactions.execute(
              status -> {
                // the bureau's change set is checked by the database as it commits (the rules
                // run once); a district officer's proposal is checked here, as it stays a draft
                Preview applied = apply(draft, commits, !commits, status);
                if (!applied.valid() || !commits) {
                  status.setRollbackOnly();
                  return applied;
                }
                jdbc.sql(sql.get("commit_change_set"))
                    .param("cs", cs)
                    .param("reviewer", user.username())
                    .param("comment", null)
                    .query(ChangeSet::from)
                    .list();
                return applied;
              });
    } catch (DataAccessException | TransactionException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      // refused as it committed: the rules it breaks, as the preview lists them
      Preview why = preview(user, cs);
      if (!why.valid()) {
        throw refused(why);
      }
      throw Shapes.unprocessable(
          "rejected-by-database", cn.foshan.redline.system.DatabaseRefusals.explain(e));
    }
    if (!result.valid()) {
      throw refused(result);
    }
    if (result.creates() + result.updates() == 0) {
      throw ChangeSetProblems.conflict("Change set " + cs + " has no edits");
    }
    if (!commits) {
      jdbc.sql(sql.get("submit_change_set")).param("cs", cs).update();
    }
    ChangeSet after = changeSets.find(cs);
    return new Preview(
        cs,
        after.status(),
        true,
        result.creates(),
        result.updates(),
        result.areaMu(),
        result.stale(),
        0,
        List.of(),
        result.figures(),
        null);
  }

  /** Deletes a draft nobody finished (an abandoned import), with its edits. */
  public void discardAbandoned(long cs) {
    jdbc.sql(sql.get("delete_draft")).param("cs", cs).update();
  }

  /**
   * Applies the edits, set-based, in the caller's transaction, and reports what they did, with the
   * rules' verdict when asked for it. Without {@code lock} (a preview, a district officer's check)
   * the transaction is rolled back after, and says so to the database first ({@link Previews}).
   */
  private Preview apply(ChangeSet set, boolean lock, boolean checkRules, TransactionStatus status) {
    if (!lock) {
      previews.begin();
    }
    long cs = set.id();
    String[] layerOf = {null};
    long[] counts =
        jdbc.sql(sql.get("bulk_count_edits"))
            .param("cs", cs)
            .query(
                (rs, n) -> {
                  layerOf[0] = rs.getString("layer");
                  return new long[] {
                    rs.getLong("creates"),
                    rs.getLong("updates"),
                    Math.round(rs.getDouble("area_mu") * 100)
                  };
                })
            .single();
    String layerId = layerOf[0];
    List<ChangeSetEffects.After> before =
        effects.stream().map(e -> e.before(cs, ChangeSetEffects.Detail.SUMS)).toList();
    if (layerId == null) {
      return figures(set, counts, List.of(), 0, List.of(), before, null);
    }
    EditableLayer layer = layers.get(layerId);
    jdbc.sql(sql.get("set_change_set")).param("cs", cs).query(String.class).single();
    List<Stale> stale =
        jdbc.sql(lockUpdates.identifier("table", layer.table()).sql())
            .param("cs", cs)
            .query(
                (rs, n) ->
                    new Stale(
                        rs.getLong("feature_id"),
                        rs.getInt("base_version"),
                        (Integer) rs.getObject("current_version")))
            .list();
    if (!stale.isEmpty()) {
      return figures(set, counts, stale, 0, List.of(), before, null);
    }
    Object savepoint = status.createSavepoint();
    try {
      application.apply(cs, layer);
    } catch (DataAccessException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      if (!lock) {
        // a preview reports what the database refused; a commit fails with it
        status.rollbackToSavepoint(savepoint);
        return figures(
            set,
            counts,
            stale,
            0,
            List.of(),
            before,
            cn.foshan.redline.system.DatabaseRefusals.explain(e));
      }
      throw e;
    }
    List<Violation> violations = new ArrayList<>();
    long[] total = {0};
    if (!checkRules) {
      return figures(set, counts, stale, 0, violations, before, null);
    }
    jdbc.sql(sql.get("bulk_select_violations"))
        .param("lock", lock)
        .param("cs", cs)
        .param("limit", VIOLATION_LIMIT)
        .query(
            (rs, n) -> {
              total[0] = rs.getLong("total");
              return violations.add(Violation.from(rs));
            })
        .list();
    return figures(set, counts, stale, total[0], violations, before, null);
  }

  private Preview figures(
      ChangeSet set,
      long[] counts,
      List<Stale> stale,
      long violationCount,
      List<Violation> violations,
      List<ChangeSetEffects.After> before,
      String refusal) {
    return new Preview(
        set.id(),
        set.status(),
        stale.isEmpty() && violationCount == 0 && refusal == null,
        counts[0],
        counts[1],
        counts[2] / 100.0,
        stale,
        violationCount,
        violations,
        EditApplier.after(set.id(), before),
        refusal);
  }

  private static ApiException refused(Preview preview) {
    if (!preview.stale().isEmpty()) {
      return IfMatch.stale(
          preview.stale().size()
              + " features changed since the import was staged; stage it again: "
              + preview.stale(),
          Map.of("stale", preview.stale()));
    }
    if (preview.refusal() != null) {
      return Shapes.unprocessable(
          "rejected-by-database", "The database refused the change: " + preview.refusal());
    }
    return ApiException.unprocessable(
        "rule-violation",
        "Rule violation",
        preview.violationCount()
            + " rule violations, such as: "
            + preview.violations().stream()
                .limit(5)
                .map(Violation::message)
                .collect(Collectors.joining("; ")),
        Map.of("violations", preview.violations(), "preview", preview));
  }
}
