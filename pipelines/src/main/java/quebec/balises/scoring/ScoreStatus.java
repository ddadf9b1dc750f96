package quebec.balises.scoring;

/** How a score was obtained, written beside every value (and instead of it when it has none). */
public enum ScoreStatus {
  /** Every item the rule needs was answered. */
  VALID,
  /** Computed from fewer items than the scale has, as the instrument's missing-item rule allows. */
  PRORATED,
  /** Too many items missing for the instrument's rule: no value. */
  INSUFFICIENT_ITEMS,
  /** A value outside the scale's documented range (for example a VAS of 140): not used. */
  OUT_OF_RANGE;

  public String code() {
    return name().toLowerCase();
  }
}
