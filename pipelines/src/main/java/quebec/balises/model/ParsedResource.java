package quebec.balises.model;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A resource that HAPI parsed, reduced to what the pipeline uses. Version metadata is kept apart
 * from the payload because the latest version of a resource is chosen before its content is judged:
 * an {@code entered-in-error} version must win over the version it retracts.
 *
 * @param problem why the content is not usable, found at parse time and applied only if this
 *     version is the one kept; null when the content is usable
 * @param payload the typed content ({@link ResponseRecord}, {@link PatientRecord}, {@link
 *     EpisodeRecord} or {@link EstablishmentRecord}); null when {@code problem} is set
 */
public record ParsedResource(
    SourceRef source,
    String type,
    String id,
    @Nullable String versionId,
    @Nullable Long lastUpdatedMillis,
    @Nullable String status,
    @Nullable Problem problem,
    @Nullable Serializable payload,
    String rawRecord)
    implements Serializable {

  /** A reason the resource's content cannot be accepted. */
  public record Problem(RejectReason reason, String message) implements Serializable {}

  public String reference() {
    return type + "/" + id;
  }
}
