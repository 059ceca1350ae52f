package cn.foshan.redline.security;

/** What a user may do. */
public enum Role {
  ADMIN,
  BUREAU,
  DISTRICT,
  PLANNER;

  /** Commits change sets and reviews proposals. */
  public boolean commits() {
    return this == ADMIN || this == BUREAU;
  }

  /** Makes change sets (committed by the bureau, proposed by a district officer). */
  public boolean edits() {
    return this != PLANNER;
  }
}
