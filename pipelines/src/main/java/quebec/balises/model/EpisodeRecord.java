package quebec.balises.model;

import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An accepted EpisodeOfCare: one patient's passage through one care trajectory at one
 * establishment, anchored on the event that the trajectory's timepoints count from.
 *
 * @param engagement the partner's engagement, on an episode of the partnership trajectory; null on
 *     every other trajectory
 */
public record EpisodeRecord(
    String id,
    String patientId,
    String organizationId,
    String trajectory,
    LocalDate anchorDate,
    String status,
    @Nullable Engagement engagement)
    implements Payload {

  /** An episode that is not a partner's engagement. */
  public EpisodeRecord(
      String id,
      String patientId,
      String organizationId,
      String trajectory,
      LocalDate anchorDate,
      String status) {
    this(id, patientId, organizationId, trajectory, anchorDate, status, null);
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.EPISODE_OF_CARE;
  }
}
