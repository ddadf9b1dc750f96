package quebec.balises.episodes;

/**
 * What became of a scored response at pairing, as {@code restricted/timepoint_assignments} names it
 * in its {@code outcome} column: the one vocabulary of the placement in windows ({@link
 * TimepointPlan#assign}) and of the choice among the responses of one timepoint ({@link
 * TimepointPairing}).
 */
public enum TimepointOutcome {
  /** Kept for at least one scale of its instrument. */
  KEPT("kept"),
  /** Not kept for any scale: for each, a response at least as close with a score was kept. */
  NOT_KEPT_SAME_TIMEPOINT("not_kept_same_timepoint"),
  /**
   * Not kept for any scale, and passed over for at least one although it was closer to the target:
   * it had no score for that scale, and a farther response with one was kept.
   */
  NOT_KEPT_UNSCORABLE("not_kept_unscorable"),
  /** Authored before the first window of its trajectory opens (baseline included). */
  BEFORE_FIRST_WINDOW("before_first_window"),
  /** Authored between two windows of its trajectory, in neither. */
  BETWEEN_WINDOWS("between_windows"),
  /** Authored after the last window of its trajectory closes. */
  AFTER_LAST_WINDOW("after_last_window");

  private final String code;

  TimepointOutcome(String code) {
    this.code = code;
  }

  /** The code written in the datasets. */
  public String code() {
    return code;
  }

  /** Whether the response was placed outside every window of its trajectory. */
  public boolean outsideEveryWindow() {
    return this == BEFORE_FIRST_WINDOW || this == BETWEEN_WINDOWS || this == AFTER_LAST_WINDOW;
  }
}
