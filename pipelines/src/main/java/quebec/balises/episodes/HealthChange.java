package quebec.balises.episodes;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Paretian Classification of Health Change (Devlin, Parkin and Browne, Health Econ
 * 2010;19(8):886–905; docs/methods.md §1.8) of two EQ-5D health-state profiles of one patient,
 * baseline then follow-up, each five digits (mobility, self-care, usual activities,
 * pain/discomfort, anxiety/depression; 1 = no problems). It needs no value set: a state is better
 * than another only if it is at least as good on every dimension.
 */
public enum HealthChange {
  /** Better on at least one dimension and worse on none. */
  IMPROVE,
  /** Worse on at least one dimension and better on none. */
  WORSEN,
  /** Better on at least one dimension and worse on at least one. */
  MIXED,
  /** The same profile at both times, with some problem. */
  NO_CHANGE,
  /** 11111 at both times: no problems on any dimension, nothing that could improve. */
  NO_PROBLEMS;

  /** The value written to the restricted episodes and read by the criteria: {@code improve}… */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Classifies a pair of profiles; null when either is missing or is not five levels (digits 1 to
   * 5, the 3L using 1 to 3).
   */
  public static @Nullable HealthChange classify(
      @Nullable String baseline, @Nullable String followup) {
    if (!isProfile(baseline) || !isProfile(followup)) {
      return null;
    }
    boolean better = false;
    boolean worse = false;
    for (int i = 0; i < 5; i++) {
      int before = baseline.charAt(i);
      int after = followup.charAt(i);
      better |= after < before;
      worse |= after > before;
    }
    if (better) {
      return worse ? MIXED : IMPROVE;
    }
    if (worse) {
      return WORSEN;
    }
    return baseline.equals("11111") ? NO_PROBLEMS : NO_CHANGE;
  }

  private static boolean isProfile(@Nullable String profile) {
    return profile != null && profile.matches("[1-5]{5}");
  }
}
