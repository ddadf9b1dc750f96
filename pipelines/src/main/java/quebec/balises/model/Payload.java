package quebec.balises.model;

import java.io.Serializable;

/**
 * The typed content of a {@link ParsedResource}: one record type per {@link ResourceKind}, and
 * {@link PortraitRecord}, a QuestionnaireResponse about an establishment rather than a person.
 * Sealed, so that a payload's type is one of these seven and {@link RecordCoder} codes it by its
 * place in the list rather than by its class name.
 */
public sealed interface Payload extends Serializable
    permits ResponseRecord,
        PatientRecord,
        EpisodeRecord,
        EncounterRecord,
        EstablishmentRecord,
        PortraitRecord,
        PopulationRecord {
  /** The resource type this content is read from. */
  ResourceKind kind();
}
