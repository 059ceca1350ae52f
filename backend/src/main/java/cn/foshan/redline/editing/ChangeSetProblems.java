package cn.foshan.redline.editing;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.IfMatch;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * The problems of the change-set engine, built in one place: what the database refused, in words a
 * person understands; a refused change set (412 when features changed since they were edited, else
 * 422 with the rules broken); a write in the wrong state or by the wrong role.
 */
final class ChangeSetProblems {

  private ChangeSetProblems() {}

  /**
   * The problem for a commit the database refused: the rules broken, as a preview of the same edits
   * finds them (so that the answer lists them all, as a preview does); else, if the preview finds
   * nothing wrong now (another change came and went between) or fails itself, what the database
   * said, in words a person understands.
   */
  static ApiException explain(
      DataAccessException refusal, java.util.function.Supplier<ChangeSets.Preview> preview) {
    if (DatabaseLimits.overLimit(refusal)) {
      return DatabaseLimits.problem(refusal);
    }
    ChangeSets.Preview again;
    try {
      again = preview.get();
    } catch (ApiException | DataAccessException e) {
      again = null;
    }
    if (again != null && !again.valid()) {
      return refused(again);
    }
    return Shapes.unprocessable(
        "rejected-by-database", cn.foshan.redline.system.DatabaseRefusals.explain(refusal));
  }

  /** Runs database work, turning what the database refuses into a problem a person understands. */
  static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException | TransactionException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      throw Shapes.unprocessable(
          "rejected-by-database", cn.foshan.redline.system.DatabaseRefusals.explain(e));
    }
  }

  /** 412 when features changed since the edits were made, else 422 with the rules broken. */
  static ApiException refused(ChangeSets.Preview preview) {
    if (!preview.effects().stale().isEmpty()) {
      return IfMatch.stale(
          "所编辑的 "
              + preview.effects().stale().size()
              + " 个要素已被他人修改，请重新加载后重做修改（features changed since they were edited:"
              + " reload them, then edit again）",
          Map.of("stale", preview.effects().stale()));
    }
    return ApiException.unprocessable(
        "rule-violation",
        "Rule violation",
        preview.effects().violations().stream()
            .map(Violation::message)
            .reduce((a, b) -> a + "; " + b)
            .orElse(""),
        Map.of("violations", preview.effects().violations(), "preview", preview));
  }

  static ApiException forbidden(String detail) {
    return ApiException.forbidden(detail);
  }

  static ApiException conflict(String detail) {
    return ApiException.conflict("wrong-state", detail);
  }
}
