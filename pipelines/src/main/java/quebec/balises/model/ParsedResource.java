package quebec.balises.model;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A resource that HAPI parsed, reduced to what the pipeline uses. Version metadata is kept apart
 * from the payload because the latest version of a resource is chosen before its content is judged:
 * an {@code entered-in-error} version must win over the version it retracts.
 *
 * @param kind the resource's type
 * @param patientId the Patient the record belongs to, as the record itself names it, read whatever
 *     its content's problems: a Patient's own id, an EpisodeOfCare's {@code patient}, a
 *     QuestionnaireResponse's or an Encounter's {@code subject}; for a deletion request, the id of
 *     the Patient it deletes. Null when the record names no Patient that can be read (absent, of
 *     another type, a contained Patient) and for an Organization. It is the key of the record's
 *     patient journey ({@code journey/JourneyKey}), never a sign that the Patient was accepted
 * @param problem why the content is not usable, found at parse time and applied only if this
 *     version is the one kept; null when the content is usable
 * @param payload the typed content, of the payload type of {@code kind}; null when {@code problem}
 *     is set
 */
public record ParsedResource(
    SourceRef source,
    ResourceKind kind,
    String id,
    @Nullable String patientId,
    @Nullable String versionId,
    @Nullable Long lastUpdatedMillis,
    @Nullable String status,
    @Nullable Problem problem,
    @Nullable Payload payload,
    String rawRecord)
    implements Serializable {

  public ParsedResource {
    if (payload != null && payload.kind() != kind) {
      throw new IllegalArgumentException(
          "a " + payload.kind().fhirType() + " payload cannot be the content of a " + kind);
    }
  }

  /** A reason the resource's content cannot be accepted. */
  public record Problem(RejectReason reason, String message) implements Serializable {}

  /** {@code Type/id}, as a FHIR reference names the resource. */
  public String reference() {
    return kind.fhirType() + "/" + id;
  }

  /** The content of a QuestionnaireResponse. */
  public ResponseRecord response() {
    if (payload instanceof ResponseRecord response) {
      return response;
    }
    throw noContent(ResourceKind.QUESTIONNAIRE_RESPONSE);
  }

  /** The content of an establishment's portrait (a QuestionnaireResponse about an Organization). */
  public PortraitRecord portrait() {
    if (payload instanceof PortraitRecord portrait) {
      return portrait;
    }
    throw noContent(ResourceKind.QUESTIONNAIRE_RESPONSE);
  }

  /** The content of a population estimate (a Group, docs/decisions/0023). */
  public PopulationRecord population() {
    if (payload instanceof PopulationRecord population) {
      return population;
    }
    throw noContent(ResourceKind.GROUP);
  }

  /** The content of a Patient. */
  public PatientRecord patient() {
    if (payload instanceof PatientRecord patient) {
      return patient;
    }
    throw noContent(ResourceKind.PATIENT);
  }

  /** The content of an EpisodeOfCare. */
  public EpisodeRecord episode() {
    if (payload instanceof EpisodeRecord episode) {
      return episode;
    }
    throw noContent(ResourceKind.EPISODE_OF_CARE);
  }

  /** The content of an Encounter. */
  public EncounterRecord encounter() {
    if (payload instanceof EncounterRecord encounter) {
      return encounter;
    }
    throw noContent(ResourceKind.ENCOUNTER);
  }

  /** The content of an Organization. */
  public EstablishmentRecord establishment() {
    if (payload instanceof EstablishmentRecord establishment) {
      return establishment;
    }
    throw noContent(ResourceKind.ORGANIZATION);
  }

  private IllegalStateException noContent(ResourceKind wanted) {
    return new IllegalStateException(
        reference()
            + " has no "
            + wanted.fhirType()
            + " content"
            + (problem == null ? "" : " (" + problem.reason() + ")"));
  }
}
