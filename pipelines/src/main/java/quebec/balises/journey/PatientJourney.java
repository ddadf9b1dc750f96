package quebec.balises.journey;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointAssignment;
import quebec.balises.episodes.TimepointPairing;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.ingest.EpisodeLinkage;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.scoring.ResponseScore;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoredResponse;

/**
 * Everything that happens to one patient's records, from parsed resources to the rows of the
 * restricted datasets: plain Java, no Beam. The pipeline hands it each patient's records (one group
 * per {@link JourneyKey}) and writes what it returns.
 *
 * <ol>
 *   <li>Versions: one version of each resource is kept ({@link CurrentVersions}, by {@code
 *       VersionOrder}); the others, and a kept version whose content has a problem, are dead
 *       letters.
 *   <li>Episodes: an episode needs its patient (here, or nowhere) and its establishment (from the
 *       establishments every journey reads); a birth date after the anchor is implausible.
 *   <li>Responses: a response's episode is named, found through its Encounter, or inferred from the
 *       patient's episodes ({@link EpisodeLinkage}); two candidates are ambiguous. A response whose
 *       episode is not among this patient's linked episodes is {@link Followed#unresolved}: the
 *       pipeline then tells a missing episode (dangling) from another patient's ({@link
 *       #unresolved}).
 *   <li>Scoring ({@link InstrumentRegistry}); a response is accepted once scored.
 *   <li>Timepoints and pairs ({@link TimepointPairing}), and one score row per scale.
 * </ol>
 *
 * Every rule, reason code and message is the one the stages it replaces had (ingest/LinkReferences,
 * SelectCurrentVersions, ScoreResponses, PairTimepoints; docs/decisions/0019).
 */
public final class PatientJourney implements Serializable {
  private final TimepointPlan plan;
  private final InstrumentRegistry registry;

  public PatientJourney(TimepointPlan plan, InstrumentRegistry registry) {
    this.plan = plan;
    this.registry = registry;
  }

  /** A response whose episode is not linked in its journey, and that episode's id. */
  public record Unresolved(String episodeId, ParsedResource response) implements Serializable {}

  /** What one journey comes to. */
  public record Followed(
      List<ParsedResource> patients,
      List<ParsedResource> encounters,
      List<LinkedEpisode> episodes,
      List<LinkedResponse> responses,
      List<ScoredResponse> scored,
      List<ResponseScore> scores,
      List<EpisodeScale> pairs,
      List<TimepointAssignment> assignments,
      List<Rejection> rejected,
      List<Rejection> derived,
      List<Unresolved> unresolved) {}

  /**
   * Follows one journey's records.
   *
   * @param verdicts the verdict of a record whose resource lies in several journeys ({@link
   *     VersionSplits}), null for every other record
   * @param establishments the accepted establishments, by Organization id
   */
  public Followed follow(
      Iterable<ParsedResource> records,
      Function<SourceRef, CurrentVersions.@Nullable Verdict> verdicts,
      Map<String, EstablishmentRecord> establishments) {
    List<Rejection> rejected = new ArrayList<>();
    List<Rejection> derived = new ArrayList<>();
    CurrentVersions.Sorted sorted = CurrentVersions.of(records, verdicts);
    rejected.addAll(sorted.rejected());

    Map<String, ParsedResource> patients = new TreeMap<>();
    Map<String, ParsedResource> encounters = new TreeMap<>();
    List<ParsedResource> episodes = new ArrayList<>();
    List<ParsedResource> responses = new ArrayList<>();
    for (ParsedResource current : sorted.current()) {
      switch (current.kind()) {
        case PATIENT -> patients.put(current.id(), current);
        case ENCOUNTER -> encounters.put(current.id(), current);
        case EPISODE_OF_CARE -> episodes.add(current);
        case QUESTIONNAIRE_RESPONSE -> responses.add(current);
        case ORGANIZATION ->
            throw new IllegalStateException(
                current.reference() + " joined a patient's journey; establishments join none");
      }
    }

    Map<String, LinkedEpisode> linked = new TreeMap<>();
    for (ParsedResource episode : episodes) {
      Object outcome = linkEpisode(episode, patients, establishments);
      if (outcome instanceof LinkedEpisode e) {
        linked.put(e.episode().id(), e);
      } else {
        rejected.add((Rejection) outcome);
      }
    }

    List<LinkedResponse> linkedResponses = new ArrayList<>();
    List<Unresolved> unresolved = new ArrayList<>();
    for (ParsedResource response : responses) {
      Object outcome = linkResponse(response, encounters, linked);
      if (outcome instanceof LinkedResponse r) {
        linkedResponses.add(r);
      } else if (outcome instanceof Unresolved u) {
        unresolved.add(u);
      } else {
        rejected.add((Rejection) outcome);
      }
    }

    // Scoring is the last step that takes one input record at a time: a response is accepted once
    // it is scored, so that one whose scoring fails ends as a dead letter only.
    List<LinkedResponse> accepted = new ArrayList<>();
    List<ScoredResponse> scored = new ArrayList<>();
    for (LinkedResponse response : linkedResponses) {
      List<ScoredResponse> one = new ArrayList<>(1);
      Throwable failure =
          Failsafe.run(
              held -> {
                List<Score> scores = registry.score(response.response());
                one.add(ScoredResponse.of(response, scores));
              });
      if (failure != null) {
        rejected.add(Failsafe.rejection(response, "ScoreResponses", failure));
      } else {
        accepted.add(response);
        scored.addAll(one);
      }
    }

    List<ResponseScore> scores = new ArrayList<>();
    for (ScoredResponse response : scored) {
      List<ResponseScore> rows = new ArrayList<>();
      Throwable failure = Failsafe.run(held -> rows.addAll(response.rows()));
      if (failure != null) {
        derived.add(
            Failsafe.derived(
                response.linked().source(), response, "ScoreResponses.OneRowPerScale", failure));
      } else {
        scores.addAll(rows);
      }
    }

    TimepointPairing.Paired paired = new TimepointPairing(plan).pair(scored);
    derived.addAll(paired.failed());

    return new Followed(
        List.copyOf(patients.values()),
        List.copyOf(encounters.values()),
        List.copyOf(linked.values()),
        accepted,
        scored,
        scores,
        paired.pairs(),
        paired.assignments(),
        rejected,
        derived,
        unresolved);
  }

  /**
   * An episode with its patient and establishment ({@link LinkedEpisode}), or its dead letter: the
   * patient or the establishment is not accepted, or the patient was born after the anchor.
   */
  static Object linkEpisode(
      ParsedResource episode,
      Map<String, ParsedResource> patients,
      Map<String, EstablishmentRecord> establishments) {
    EpisodeRecord record = episode.episode();
    ParsedResource patient = patients.get(record.patientId());
    EstablishmentRecord site = establishments.get(record.organizationId());
    if (patient == null) {
      return dangling(episode, "Patient/" + record.patientId());
    }
    if (site == null) {
      return dangling(episode, "Organization/" + record.organizationId());
    }
    LocalDate birth = patient.patient().birthDate();
    if (bornAfter(birth, record.anchorDate())) {
      // A negative age cannot be true: the episode or the birth date is wrong, and no indicator
      // may count an age that is not one.
      return Rejection.of(
          episode,
          RejectReason.IMPLAUSIBLE_DATE,
          "the anchor period.start "
              + record.anchorDate()
              + " is before the birthDate "
              + birth
              + " of Patient/"
              + record.patientId()
              + " (the age at the anchor would be negative)");
    }
    return new LinkedEpisode(record, patient.patient(), site, episode.source());
  }

  /**
   * A response with its episode ({@link LinkedResponse}), its dead letter, or {@link Unresolved}
   * when the episode it names or finds is not one of the journey's linked episodes.
   */
  Object linkResponse(
      ParsedResource response,
      Map<String, ParsedResource> encounters,
      Map<String, LinkedEpisode> linked) {
    ResponseRecord record = response.response();
    String episodeId = record.episodeId();
    if (episodeId == null && record.encounterId() != null) {
      ParsedResource encounter = encounters.get(record.encounterId());
      EpisodeLinkage.Outcome outcome =
          EpisodeLinkage.byEncounter(
              record.encounterId(), encounter == null ? null : encounter.encounter().episodeIds());
      if (outcome instanceof EpisodeLinkage.Linked found) {
        episodeId = found.episodeId();
      } else if (outcome instanceof EpisodeLinkage.Ambiguous ambiguous) {
        return ambiguous(response, ambiguous);
      } else if (record.patientId() == null) {
        return Rejection.of(
            response,
            RejectReason.MISSING_REFERENCE,
            ((EpisodeLinkage.NotFound) outcome).why()
                + ", and the contained Patient cannot be matched to an episode");
      }
    }
    if (episodeId == null) {
      List<EpisodeLinkage.Candidate> candidates = new ArrayList<>();
      for (LinkedEpisode episode : linked.values()) {
        if (episode.episode().patientId().equals(record.patientId())) {
          candidates.add(
              new EpisodeLinkage.Candidate(
                  episode.episode().id(),
                  episode.episode().trajectory(),
                  episode.episode().anchorDate()));
        }
      }
      EpisodeLinkage.Outcome outcome =
          EpisodeLinkage.infer(candidates, record.instrument(), record.authoredDate(), plan);
      if (outcome instanceof EpisodeLinkage.Linked found) {
        episodeId = found.episodeId();
      } else if (outcome instanceof EpisodeLinkage.Ambiguous ambiguous) {
        return ambiguous(response, ambiguous);
      } else {
        return Rejection.of(
            response,
            RejectReason.MISSING_REFERENCE,
            "the response names no episode of care (extension "
                + BalisesProfile.EPISODE_OF_CARE_EXTENSION
                + (record.encounterId() == null
                    ? ", no encounter"
                    : ", and Encounter/" + record.encounterId() + " is absent or names none")
                + ") and there is "
                + ((EpisodeLinkage.NotFound) outcome).why());
      }
    }
    ParsedResource withEpisode = withEpisode(response, episodeId);
    LinkedEpisode episode = linked.get(episodeId);
    if (episode == null) {
      return new Unresolved(episodeId, withEpisode);
    }
    return linkTo(withEpisode, episode);
  }

  /** A response whose episode was found, linked to it unless it names another patient. */
  private static Object linkTo(ParsedResource response, LinkedEpisode episode) {
    ResponseRecord record = response.response();
    if (record.patientId() != null && !episode.episode().patientId().equals(record.patientId())) {
      return mismatch(response, episode.episode().patientId());
    }
    return new LinkedResponse(record, episode, response.source());
  }

  /**
   * The dead letter of a response whose episode was not among its journey's linked episodes, given
   * the patient of that episode when some other journey linked it (null when none did): the episode
   * belongs to another patient, or it is absent or was not accepted.
   */
  public static Rejection unresolved(Unresolved response, @Nullable String episodePatientId) {
    ParsedResource record = response.response();
    if (episodePatientId == null) {
      return dangling(record, "EpisodeOfCare/" + response.episodeId());
    }
    if (record.response().patientId() == null) {
      // A contained Patient takes its episode's, and the response joined the journey of the
      // resource that led to the episode: had it named the episode, it would be in the episode's
      // journey; so it went through its Encounter, whose journey is not the episode's.
      return Rejection.of(
          record,
          RejectReason.PATIENT_MISMATCH,
          "the subject is a contained Patient, and EpisodeOfCare/"
              + response.episodeId()
              + " (Patient/"
              + episodePatientId
              + ") is not an episode of the patient of Encounter/"
              + record.response().encounterId()
              + " (docs/decisions/0019)");
    }
    return mismatch(record, episodePatientId);
  }

  private static Rejection mismatch(ParsedResource response, String episodePatientId) {
    ResponseRecord record = response.response();
    return Rejection.of(
        response,
        RejectReason.PATIENT_MISMATCH,
        "subject Patient/"
            + record.patientId()
            + " is not the patient of EpisodeOfCare/"
            + record.episodeId()
            + " (Patient/"
            + episodePatientId
            + ")");
  }

  private static ParsedResource withEpisode(ParsedResource response, String episodeId) {
    ResponseRecord record = response.response();
    if (episodeId.equals(record.episodeId())) {
      return response;
    }
    return new ParsedResource(
        response.source(),
        response.kind(),
        response.id(),
        response.patientId(),
        response.versionId(),
        response.lastUpdatedMillis(),
        response.status(),
        response.problem(),
        record.withEpisode(episodeId),
        response.rawRecord());
  }

  private static Rejection ambiguous(ParsedResource response, EpisodeLinkage.Ambiguous ambiguous) {
    return Rejection.of(
        response,
        RejectReason.AMBIGUOUS_EPISODE,
        "the response names no episode of care and "
            + ambiguous.why()
            + ": "
            + ambiguous.candidates()
            + "; name the episode with the extension "
            + BalisesProfile.EPISODE_OF_CARE_EXTENSION
            + " or through encounter");
  }

  /** Whether a patient born on {@code birth} is not yet born on {@code anchor}. */
  static boolean bornAfter(@Nullable LocalDate birth, LocalDate anchor) {
    return birth != null && birth.isAfter(anchor);
  }

  private static Rejection dangling(ParsedResource resource, String reference) {
    return Rejection.of(
        resource,
        RejectReason.DANGLING_REFERENCE,
        reference + " is absent from the input or was not accepted (see its own dead letter)");
  }
}
