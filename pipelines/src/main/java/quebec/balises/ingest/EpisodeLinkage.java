package quebec.balises.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.TimepointPlan;

/**
 * Finds the episode of care a questionnaire response belongs to, as real systems send it, in this
 * order:
 *
 * <ol>
 *   <li>the standard extension {@code workflow-episodeOfCare};
 *   <li>{@code QuestionnaireResponse.encounter} → that Encounter's {@code episodeOfCare} (one);
 *   <li>when neither names an episode: the patient's one episode of care whose trajectory collects
 *       the response's instrument and one of whose timepoint windows holds the authored date.
 * </ol>
 *
 * Two or more candidates at a step are {@link Ambiguous}, never a guess. Plain Java, no Beam: the
 * pipeline calls its steps as the data arrives (encounters, then the patient's episodes).
 */
public final class EpisodeLinkage {
  private EpisodeLinkage() {}

  /** How a response's episode was found. */
  public enum Route {
    EXTENSION,
    ENCOUNTER,
    INFERRED
  }

  /** What linkage found. */
  public sealed interface Outcome extends Serializable {}

  public record Linked(String episodeId, Route route) implements Outcome {}

  public record Ambiguous(List<String> candidates, String why) implements Outcome {}

  public record NotFound(String why) implements Outcome {}

  /** An accepted episode of the response's patient, as inference needs it. */
  public record Candidate(String episodeId, String trajectory, LocalDate anchor)
      implements Serializable {}

  /**
   * Step 2: the episodes an Encounter names ({@code Encounter.episodeOfCare}).
   *
   * @param encounterEpisodes the Encounter's episode ids; null when the Encounter is not in the
   *     input
   */
  public static Outcome byEncounter(String encounterId, @Nullable List<String> encounterEpisodes) {
    if (encounterEpisodes == null) {
      return new NotFound("Encounter/" + encounterId + " is not in the input");
    }
    List<String> distinct = List.copyOf(new TreeSet<>(encounterEpisodes));
    if (distinct.isEmpty()) {
      return new NotFound("Encounter/" + encounterId + " names no episodeOfCare");
    }
    if (distinct.size() > 1) {
      return new Ambiguous(
          distinct.stream().map(id -> "EpisodeOfCare/" + id).toList(),
          "Encounter/" + encounterId + " names more than one episodeOfCare");
    }
    return new Linked(distinct.get(0), Route.ENCOUNTER);
  }

  /** Step 3: the patient's one episode whose trajectory collects the instrument at that date. */
  public static Outcome infer(
      List<Candidate> patientEpisodes, String instrument, LocalDate authored, TimepointPlan plan) {
    List<String> matches = new ArrayList<>();
    for (Candidate episode : patientEpisodes) {
      if (plan.instruments(episode.trajectory()).contains(instrument)
          && plan.assign(episode.trajectory(), episode.anchor(), authored)
              instanceof TimepointPlan.InWindow) {
        matches.add(episode.episodeId());
      }
    }
    matches.sort(null);
    if (matches.size() == 1) {
      return new Linked(matches.get(0), Route.INFERRED);
    }
    String described =
        "episode of care of the patient whose trajectory collects "
            + instrument
            + " and whose timepoint windows hold "
            + authored
            + " ("
            + patientEpisodes.size()
            + " accepted episode(s) of the patient in the input)";
    if (matches.isEmpty()) {
      return new NotFound("no " + described);
    }
    return new Ambiguous(
        matches.stream().map(id -> "EpisodeOfCare/" + id).toList(),
        matches.size() + " candidates: each is an " + described);
  }

  /**
   * All steps at once, for callers that hold everything (the pre-flight check, tests).
   *
   * @param encounterEpisodes the referenced Encounter's episode ids, null when it is absent
   */
  public static Outcome link(
      @Nullable String extensionEpisode,
      @Nullable String encounterId,
      @Nullable List<String> encounterEpisodes,
      List<Candidate> patientEpisodes,
      String instrument,
      LocalDate authored,
      TimepointPlan plan) {
    if (extensionEpisode != null) {
      return new Linked(extensionEpisode, Route.EXTENSION);
    }
    if (encounterId != null) {
      Outcome byEncounter = byEncounter(encounterId, encounterEpisodes);
      if (!(byEncounter instanceof NotFound)) {
        return byEncounter;
      }
    }
    return infer(patientEpisodes, instrument, authored, plan);
  }
}
