package quebec.balises.model;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An Encounter, read only to link a response that names it ({@code
 * QuestionnaireResponse.encounter}) to its episode of care ({@code Encounter.episodeOfCare}).
 * Nothing else of it is kept.
 */
public record EncounterRecord(String id, @Nullable String patientId, List<String> episodeIds)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.ENCOUNTER;
  }
}
