package cn.foshan.redline.editing;

import java.util.Map;

/**
 * What a capability adds to a change set's preview, so that the editing engine knows no layer's
 * meaning: the red line its quota before and after, the reserve its ready reserve, the clusters
 * those the edits touch. The engine asks every such bean before it applies the edits (in the same
 * transaction) and the answer again after them; the figures join the preview's JSON under their own
 * names, in the beans' order ({@link org.springframework.core.annotation.Order}). An effect that
 * names itself ({@link #includedAs}) is asked only when the caller includes it.
 */
public interface ChangeSetEffects {

  /** How much a preview says. */
  enum Detail {
    /** A change set from the map or the API: every figure, the features touched. */
    FEATURES,
    /** A bulk change set (a file import): sums only, so that it stays small. */
    SUMS
  }

  /**
   * The name a caller asks for this effect by (the {@code include} of a preview or a commit), for
   * one that is only worked out when asked for; null (the default): always part of the answer.
   */
  default String includedAs() {
    return null;
  }

  /** The figures, named as in the preview, when nothing could be applied (stale features). */
  Map<String, Object> none();

  /** Reads what it compares before the edits are applied; the answer reads it again after them. */
  After before(long changeSet, Detail detail);

  /** The second half of an effect: the figures once the edits are applied. */
  @FunctionalInterface
  interface After {
    /** The figures, by their names in the preview's JSON, in the order shown. */
    Map<String, Object> after(long changeSet);
  }
}
