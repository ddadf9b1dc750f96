package quebec.balises.model;

import java.io.Serializable;

/** An episode whose patient and establishment were both found and accepted. */
public record LinkedEpisode(
    EpisodeRecord episode,
    PatientRecord patient,
    EstablishmentRecord establishment,
    SourceRef source)
    implements Serializable {}
