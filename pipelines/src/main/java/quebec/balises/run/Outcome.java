package quebec.balises.run;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/** How one input record ended: accepted into a dataset, or rejected with a reason code. */
public record Outcome(String file, String resourceType, @Nullable String reason)
    implements Serializable {
  public static final String UNKNOWN_TYPE = "unknown";

  public boolean accepted() {
    return reason == null;
  }
}
