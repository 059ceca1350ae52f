package cn.foshan.redline.editing;

import cn.foshan.redline.editing.ChangeSets.EditRequest;
import cn.foshan.redline.editing.ChangeSets.Preview;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/change-sets")
@Tag(
    name = "Change sets",
    description =
        "Edits grouped in change sets: previewed, committed atomically through the rules, or proposed"
            + " by a district officer and reviewed by the bureau")
class ChangeSetController {

  private final ChangeSets changeSets;
  private final ChangeSetReview review;
  private final EditTools tools;
  private final StaleFeatures stale;
  private final EditApplier applier;

  ChangeSetController(
      ChangeSets changeSets,
      ChangeSetReview review,
      EditTools tools,
      StaleFeatures stale,
      EditApplier applier) {
    this.applier = applier;
    this.stale = stale;
    this.review = review;
    this.changeSets = changeSets;
    this.tools = tools;
  }

  /**
   * A draft's reason and 文号, and at most one first action (an edit, a split or a merge) made with
   * it in one transaction.
   */
  record NewChangeSet(
      String reason, String documentNumber, EditRequest edit, Split split, Merge merge) {}

  record Detail(ChangeSet changeSet, List<EditApplier.Edit> edits) {}

  record Split(String layer, Long featureId, Integer baseVersion, JsonNode line, String crs) {}

  record Merge(String layer, List<Long> featureIds, List<Integer> baseVersions) {}

  record Comment(String comment) {}

  record Reason(String reason) {}

  /** A revert's draft: why (optional: "撤销变更 N" if none) and its 文号 (optional), as any draft. */
  record Revert(String reason, String documentNumber) {}

  @GetMapping
  @Operation(
      summary = "Change sets the user may see, newest first (a district officer sees their own)")
  List<ChangeSet> list(
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit) {
    return changeSets.list(UserAccounts.require(), status, limit);
  }

  @PostMapping
  @Operation(
      summary = "A new draft change set; every change set needs a reason and may cite a 文号",
      description =
          "With at most one of edit, split or merge (the bodies of the draft's /edits, /split and"
              + " /merge), the draft is made with that first action in one transaction: when the"
              + " action is refused, no draft is made (the editor saves its first edit so).")
  ResponseEntity<ChangeSet> create(@RequestBody NewChangeSet body) {
    AppUser user = UserAccounts.require();
    long actions =
        java.util.stream.Stream.of(body.edit(), body.split(), body.merge())
            .filter(java.util.Objects::nonNull)
            .count();
    if (actions > 1) {
      throw ApiException.badRequest(
          "invalid-change-set",
          "新草稿只能带一个首项操作：edit、split 或 merge 之一（a new draft takes at most one first"
              + " action: edit, split or merge）");
    }
    ChangeSet cs =
        actions == 0
            ? changeSets.create(user, body.reason(), body.documentNumber())
            : changeSets.createWith(
                user,
                body.reason(),
                body.documentNumber(),
                id -> {
                  if (body.edit() != null) {
                    addEdit(user, id, body.edit());
                  } else if (body.split() != null) {
                    split(user, id, body.split());
                  } else {
                    merge(user, id, body.merge());
                  }
                });
    return ResponseEntity.created(URI.create("/api/change-sets/" + cs.id())).body(cs);
  }

  @GetMapping("/{id}")
  @Operation(summary = "A change set and its edits")
  Detail get(@PathVariable long id) {
    var user = UserAccounts.require();
    return new Detail(changeSets.get(user, id), changeSets.edits(user, id));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Discard a draft")
  void discard(@PathVariable long id) {
    changeSets.discard(UserAccounts.require(), id);
  }

  @PostMapping("/{id}/edits")
  @Operation(
      summary = "Add an edit to a draft: create, update (featureId, baseVersion) or delete",
      description =
          "The shape is GeoJSON (Polygon or MultiPolygon) in EPSG:4490 unless crs, or the"
              + " geometry's GeoJSON crs member, says otherwise (EPSG:4326/CRS84, EPSG:4547,"
              + " EPSG:4546; where both are given they must agree, else 422). A position is two"
              + " numbers: text or a height (Z) is a 422. An invalid shape is refused with the reason"
              + " and a repaired shape offered back; nothing is saved.")
  ResponseEntity<Map<String, Integer>> addEdit(
      @PathVariable long id, @RequestBody EditRequest body) {
    int seq = addEdit(UserAccounts.require(), id, body);
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("seq", seq));
  }

  private int addEdit(AppUser user, long id, EditRequest body) {
    requireCurrent(user, id, body.layer(), body.featureId(), body.baseVersion());
    return changeSets.addEdit(user, id, body);
  }

  @DeleteMapping("/{id}/edits/{seq}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove an edit from a draft")
  void removeEdit(@PathVariable long id, @PathVariable int seq) {
    changeSets.removeEdit(UserAccounts.require(), id, seq);
  }

  @PostMapping("/{id}/split")
  @Operation(summary = "Split a feature by a line (GeoJSON LineString) in a draft")
  ResponseEntity<Map<String, Integer>> split(@PathVariable long id, @RequestBody Split body) {
    int pieces = split(UserAccounts.require(), id, body);
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("pieces", pieces));
  }

  private int split(AppUser user, long id, Split body) {
    requireCurrent(user, id, body.layer(), body.featureId(), body.baseVersion());
    return tools.split(
        user, id, body.layer(), body.featureId(), body.baseVersion(), body.line(), body.crs());
  }

  @PostMapping("/{id}/merge")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Merge touching features into the first of them, in a draft")
  void merge(@PathVariable long id, @RequestBody Merge body) {
    merge(UserAccounts.require(), id, body);
  }

  private void merge(AppUser user, long id, Merge body) {
    if (body.featureIds() != null
        && body.baseVersions() != null
        && body.featureIds().size() == body.baseVersions().size()) {
      for (int i = 0; i < body.featureIds().size(); i++) {
        requireCurrent(
            user, id, body.layer(), body.featureIds().get(i), body.baseVersions().get(i));
      }
    }
    tools.merge(user, id, body.layer(), body.featureIds(), body.baseVersions());
  }

  /** What a caller may ask to be worked out besides the figures always there. */
  private static final String INCLUDE =
      "Figures worked out only when asked for (comma-separated or repeated): clusters — the"
          + " industrial clusters the change set touches (effects.clusters; absent when not"
          + " asked). Any other name is a 400.";

  @GetMapping("/{id}/preview")
  @Operation(
      summary =
          "What the change set would do: features before and after, red line per district and"
              + " city (Δ, margin to each minimum), ready reserve, contiguity, rules broken;"
              + " clusters touched with include=clusters")
  Preview preview(
      @PathVariable long id,
      @Parameter(description = INCLUDE) @RequestParam(required = false) List<String> include) {
    return changeSets.preview(UserAccounts.require(), id, applier.include(include));
  }

  @PostMapping("/{id}/commit")
  @Operation(
      summary =
          "Commit a draft (bureau): all edits or none; 412 if a feature changed, 422 if a rule is broken")
  Preview commit(
      @PathVariable long id,
      @Parameter(description = INCLUDE) @RequestParam(required = false) List<String> include) {
    AppUser user = UserAccounts.require();
    var asked = applier.include(include);
    return stale.told(() -> review.commit(user, id, asked));
  }

  @PostMapping("/{id}/submit")
  @Operation(summary = "Propose a draft to the bureau (district officer)")
  ChangeSet submit(@PathVariable long id) {
    return stale.told(() -> changeSets.submit(UserAccounts.require(), id));
  }

  @PostMapping("/{id}/approve")
  @Operation(summary = "Approve a proposal (bureau): it is committed through the same rules")
  Preview approve(
      @PathVariable long id,
      @RequestBody(required = false) Comment body,
      @Parameter(description = INCLUDE) @RequestParam(required = false) List<String> include) {
    AppUser user = UserAccounts.require();
    var asked = applier.include(include);
    return stale.told(() -> review.approve(user, id, body == null ? null : body.comment(), asked));
  }

  @PostMapping("/{id}/reject")
  @Operation(summary = "Reject a proposal with a comment (bureau)")
  ChangeSet reject(@PathVariable long id, @RequestBody Comment body) {
    return review.reject(UserAccounts.require(), id, body.comment());
  }

  @PostMapping("/{id}/revert")
  @Operation(
      summary =
          "A new draft that undoes a committed change set (preview and commit it as any other)")
  ResponseEntity<ChangeSet> revert(
      @PathVariable long id, @RequestBody(required = false) Revert body) {
    ChangeSet draft =
        tools.revert(
            UserAccounts.require(),
            id,
            body == null ? null : body.reason(),
            body == null ? null : body.documentNumber());
    return ResponseEntity.created(URI.create("/api/change-sets/" + draft.id())).body(draft);
  }

  /**
   * An edit of a feature whose version moved on is refused when it is saved (412), once the user is
   * known to own the draft and to be allowed to write the feature (who may not learns nothing).
   */
  private void requireCurrent(
      AppUser user, long cs, String layer, Long featureId, Integer baseVersion) {
    if (layer == null || featureId == null || baseVersion == null) {
      return;
    }
    changeSets.ownDraft(user, cs);
    changeSets.requireMayWrite(user, layer, featureId);
    stale.requireCurrent(layer, featureId, baseVersion);
  }
}
