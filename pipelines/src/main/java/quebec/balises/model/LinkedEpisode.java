package quebec.balises.model;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.Period;
import org.checkerframework.checker.nullness.qual.Nullable;

/** An episode whose patient and establishment were both found and accepted. */
public record LinkedEpisode(
    EpisodeRecord episode,
    PatientRecord patient,
    EstablishmentRecord establishment,
    SourceRef source)
    implements Serializable {

  /** Age in whole years on the anchor date, or null when the birth date is unknown. */
  public @Nullable Integer ageAtAnchor() {
    LocalDate birth = patient.birthDate();
    return birth == null ? null : Period.between(birth, episode.anchorDate()).getYears();
  }
}
