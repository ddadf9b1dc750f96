package quebec.balises.model;

import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.publish.Dataset;

/**
 * The FHIR resource types Balises reads, each with what the job does with it: the restricted
 * dataset its accepted records go to, and the label it is counted under in the tally and the
 * manifest. Any other type is counted under its own name and not kept.
 */
public enum ResourceKind {
  // Declaration order is the order messages list the types in.
  QUESTIONNAIRE_RESPONSE("QuestionnaireResponse", Dataset.RESPONSES),
  PATIENT("Patient", Dataset.PATIENTS),
  EPISODE_OF_CARE("EpisodeOfCare", Dataset.CARE_EPISODES),
  ORGANIZATION("Organization", Dataset.ESTABLISHMENTS),
  /** Read only to link a response to its episode; no dataset of its own. */
  ENCOUNTER("Encounter", null),
  /** The population of a region by sex and age band in a year (docs/decisions/0023). */
  GROUP("Group", Dataset.POPULATION);

  private final String fhirType;
  private final @Nullable Dataset dataset;

  ResourceKind(String fhirType, @Nullable Dataset dataset) {
    this.fhirType = fhirType;
    this.dataset = dataset;
  }

  /** The type's name in FHIR ({@code resourceType}, the {@code Type} of {@code Type/id}). */
  public String fhirType() {
    return fhirType;
  }

  /** The restricted dataset that holds each accepted record of this type, if any. */
  public Optional<Dataset> dataset() {
    return Optional.ofNullable(dataset);
  }

  /** What the tally and the manifest count this type's records under: its FHIR name. */
  public String label() {
    return fhirType;
  }

  /** The kind whose FHIR type name is {@code fhirType}; empty for a type Balises does not read. */
  public static Optional<ResourceKind> of(@Nullable String fhirType) {
    for (ResourceKind kind : values()) {
      if (kind.fhirType.equals(fhirType)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** Whether the tally label names a type Balises reads. */
  public static boolean isRead(String label) {
    return of(label).isPresent();
  }
}
