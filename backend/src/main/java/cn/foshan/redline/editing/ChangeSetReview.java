package cn.foshan.redline.editing;

import static cn.foshan.redline.editing.ChangeSetProblems.conflict;
import static cn.foshan.redline.editing.ChangeSetProblems.explain;
import static cn.foshan.redline.editing.ChangeSetProblems.forbidden;
import static cn.foshan.redline.editing.ChangeSetProblems.refused;

import cn.foshan.redline.editing.ChangeSets.Preview;
import cn.foshan.redline.editing.EditApplier.Applied;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A change set's way to the layers: the bureau commits its own draft, or approves a district
 * officer's proposal (committed through the same rules) or rejects it.
 */
@Service
class ChangeSetReview {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ChangeSets changeSets;
  private final EditApplier applier;
  private final Map<String, String> sql = SqlFiles.loadAll("editing", "reject_change_set");

  ChangeSetReview(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      ChangeSets changeSets,
      EditApplier applier) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.changeSets = changeSets;
    this.applier = applier;
  }

  /**
   * The bureau commits its own draft: all edits or none, through the rules; the answer with the
   * effects asked for by name ({@link EditApplier#include}) besides those always worked out.
   */
  public Preview commit(AppUser user, long id, Set<String> include) {
    ChangeSet cs = changeSets.get(user, id);
    if (!user.role().commits()) {
      throw forbidden(
          "Only the bureau commits; a district officer submits the change set as a proposal");
    }
    if (!cs.author().equals(user.username()) || !cs.status().equals("DRAFT")) {
      throw conflict("Only your own draft can be committed; a proposal is approved");
    }
    return applyAndCommit(user, cs, null, include);
  }

  /** The bureau approves a proposal: it is committed through the same rules. */
  public Preview approve(AppUser user, long id, String comment, Set<String> include) {
    ChangeSet cs = changeSets.get(user, id);
    if (!user.role().commits()) {
      throw forbidden("Only the bureau approves proposals");
    }
    if (!cs.status().equals("PROPOSED")) {
      throw conflict("Change set " + id + " is " + cs.status() + ", not a proposal");
    }
    TextLimits.check(comment, TextLimits.COMMENT, "审核意见", "comment");
    return applyAndCommit(user, cs, comment, include);
  }

  public ChangeSet reject(AppUser user, long id, String comment) {
    ChangeSet cs = changeSets.get(user, id);
    if (!user.role().commits()) {
      throw forbidden("Only the bureau rejects proposals");
    }
    if (comment == null || comment.isBlank()) {
      throw Shapes.unprocessable("comment-required", "Say why the proposal is rejected");
    }
    TextLimits.check(comment.trim(), TextLimits.COMMENT, "审核意见", "comment");
    int n =
        jdbc.sql(sql.get("reject_change_set"))
            .param("cs", cs.id())
            .param("reviewer", user.username())
            .param("comment", comment.trim())
            .update();
    if (n == 0) {
      throw conflict("Change set " + id + " is " + cs.status() + ", not a proposal");
    }
    return changeSets.find(id);
  }

  /**
   * Applies the edits and marks the change set committed, in one transaction whose COMMIT the
   * database lets through only if the change set keeps every rule (V14's check, run once, there).
   * The edits are read once, in that transaction; the change set as committed is returned by the
   * statement that marks it. When the database refuses, the change set is previewed to say which
   * rules and why.
   */
  private Preview applyAndCommit(AppUser user, ChangeSet cs, String comment, Set<String> include) {
    Preview result;
    try {
      result =
          transactions.execute(
              status -> {
                List<EditApplier.Edit> edits = applier.edits(cs.id());
                if (edits.isEmpty()) {
                  throw conflict("Change set " + cs.id() + " has no edits");
                }
                Applied applied =
                    applier.apply(cs.id(), EditApplier.Purpose.COMMIT, edits, include);
                if (!applied.stale().isEmpty()) {
                  status.setRollbackOnly();
                  return new Preview(cs, false, edits, applied);
                }
                return new Preview(
                    changeSets.markCommitted(cs.id(), user, comment), true, edits, applied);
              });
    } catch (DataAccessException refusal) {
      throw explain(refusal, () -> changeSets.preview(user, cs.id(), include));
    }
    if (!result.valid()) {
      throw refused(result);
    }
    return result;
  }
}
