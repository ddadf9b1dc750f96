package quebec.balises.model;

import java.time.LocalDate;

/**
 * An accepted EpisodeOfCare: one patient's passage through one care trajectory at one
 * establishment, anchored on the event that the trajectory's timepoints count from.
 */
public record EpisodeRecord(
    String id,
    String patientId,
    String organizationId,
    String trajectory,
    LocalDate anchorDate,
    String status)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.EPISODE_OF_CARE;
  }
}
