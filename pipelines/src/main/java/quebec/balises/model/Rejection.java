package quebec.balises.model;

import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A dead letter: the record that was not accepted, where it came from, and why. It travels with the
 * raw record so that a data team can fix the source and rerun.
 *
 * @param stackTrace where an unexpected exception was thrown, for {@link
 *     RejectReason#INTERNAL_ERROR} only (bounded by {@link Failsafe#MAX_STACK_TRACE_CHARS})
 */
@DefaultCoder(RecordCoder.class)
public record Rejection(
    SourceRef source,
    @Nullable String resourceType,
    @Nullable String resourceId,
    RejectReason reason,
    String message,
    String rawRecord,
    @Nullable String stackTrace)
    implements Serializable {

  /**
   * A dead letter with no stack trace: every rejection a rule makes. Only {@link Failsafe} gives
   * one, for an exception that no rule expected.
   */
  public Rejection(
      SourceRef source,
      @Nullable String resourceType,
      @Nullable String resourceId,
      RejectReason reason,
      String message,
      String rawRecord) {
    this(source, resourceType, resourceId, reason, message, rawRecord, null);
  }

  public static Rejection of(ParsedResource resource, RejectReason reason, String message) {
    return new Rejection(
        resource.source(),
        resource.kind().label(),
        resource.id(),
        reason,
        message,
        resource.rawRecord());
  }
}
