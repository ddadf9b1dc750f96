package quebec.balises.model;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A dead letter: the record that was not accepted, where it came from, and why. It travels with the
 * raw record so that a data team can fix the source and rerun.
 */
public record Rejection(
    SourceRef source,
    @Nullable String resourceType,
    @Nullable String resourceId,
    RejectReason reason,
    String message,
    String rawRecord)
    implements Serializable {

  public static Rejection of(ParsedResource resource, RejectReason reason, String message) {
    return new Rejection(
        resource.source(), resource.type(), resource.id(), reason, message, resource.rawRecord());
  }
}
