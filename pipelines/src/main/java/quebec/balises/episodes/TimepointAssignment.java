package quebec.balises.episodes;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.scoring.ScoredResponse;

/**
 * What became of one scored response at pairing: kept for its timepoint (for at least one of its
 * scales), set aside because another response of the same episode, instrument and timepoint was
 * kept, or outside every window (with the reason). Data quality, per establishment and period.
 */
public record TimepointAssignment(
    ScoredResponse response, @Nullable String timepoint, long daysFromAnchor, String outcome)
    implements Serializable {
  /** Kept for at least one scale of its instrument. */
  public static final String KEPT = "kept";

  /** Not kept for any scale: for each, a response at least as close with a score was kept. */
  public static final String NOT_KEPT_SAME_TIMEPOINT = "not_kept_same_timepoint";

  /**
   * Not kept for any scale, and passed over for at least one although it was closer to the target:
   * it had no score for that scale, and a farther response with one was kept.
   */
  public static final String NOT_KEPT_UNSCORABLE = "not_kept_unscorable";
}
