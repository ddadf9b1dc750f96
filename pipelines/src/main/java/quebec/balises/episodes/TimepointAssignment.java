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
    ScoredResponse response,
    @Nullable String timepoint,
    long daysFromAnchor,
    TimepointOutcome outcome)
    implements Serializable {}
