package quebec.balises.run;

import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How one input record ended: accepted into a dataset, or rejected with a reason code; or, for the
 * two kinds of late failure that {@link quebec.balises.model.Failsafe} catches, how to correct the
 * count.
 */
@DefaultCoder(OutcomeCoder.class)
public record Outcome(String file, String resourceType, @Nullable String reason, Kind kind)
    implements Serializable {
  public static final String UNKNOWN_TYPE = "unknown";

  /** What an outcome counts. */
  public enum Kind {
    /** One input record, accepted (no reason) or rejected (a reason). */
    RECORD,
    /**
     * An input record that was already counted as accepted and then failed while its row was built:
     * it is moved from accepted to rejected for its reason, so that it still counts once.
     */
    WITHDRAWN,
    /**
     * A derived element (a pair of timepoints, an indicator cell) whose computation failed. It is
     * not an input record: its inputs were accepted and stay counted as such, so it is counted
     * apart from the reconciliation, but it fails the run.
     */
    DERIVED
  }

  /** An input record's outcome. */
  public Outcome(String file, String resourceType, @Nullable String reason) {
    this(file, resourceType, reason, Kind.RECORD);
  }

  public boolean accepted() {
    return reason == null;
  }
}
