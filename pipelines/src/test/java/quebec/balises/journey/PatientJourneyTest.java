package quebec.balises.journey;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.ingest.ResourceParser;
import quebec.balises.ingest.VersionOrder;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * Hand-worked journeys: what one patient's records come to, and the cases where a record's patient
 * is missing, contained, or not the same in all its versions (docs/decisions/0019). The journeys
 * are run by {@link InMemoryJourneys}, which does what the pipeline does, in plain Java.
 */
class PatientJourneyTest {
  private static final String DELETE = "DELETE ";

  /**
   * Records as lines 1, 2, … of {@code t.ndjson}, parsed on 2026-01-01; one that starts with
   * {@value #DELETE} is the request to delete the {@code Type/id} that follows.
   */
  static List<ParsedResource> parsed(String... records) {
    ResourceParser parser =
        new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 1, 1));
    List<ParsedResource> parsed = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      SourceRef source = SourceRef.line("t.ndjson", i + 1);
      SourceRecord record =
          records[i].startsWith(DELETE)
              ? SourceRecord.deletion(
                  source,
                  "{\"request\":{\"method\":\"DELETE\",\"url\":\""
                      + records[i].substring(DELETE.length())
                      + "\"}}")
              : new SourceRecord(source, records[i]);
      parsed.add(((ResourceParser.Parsed) parser.parse(record)).resource());
    }
    return parsed;
  }

  /** An EQ-5D-5L response authored on {@code day} (the fixture's answers: mobility and VAS). */
  private static String response(String id, String patient, String episode, String day) {
    return Fixtures.response(
        id, patient, episode, Fixtures.EQ5D, day + "T09:30:00-05:00", "completed");
  }

  /** The response, with a contained Patient as its subject instead of a Patient reference. */
  private static String containedSubject(String json, String patient) {
    return json.replace(
        "\"subject\":{\"reference\":\"Patient/" + patient + "\"}",
        "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"pat\"}],"
            + "\"subject\":{\"reference\":\"#pat\"}");
  }

  /** The response, naming its episode through an Encounter instead of the extension. */
  private static String throughEncounter(String json, String episode, String encounter) {
    return json.replace(
            "\"extension\":[{\"url\":\""
                + quebec.balises.fhir.BalisesProfile.EPISODE_OF_CARE_EXTENSION
                + "\",\"valueReference\":{\"reference\":\"EpisodeOfCare/"
                + episode
                + "\"}}],",
            "")
        .replace(
            "\"questionnaire\":",
            "\"encounter\":{\"reference\":\"Encounter/" + encounter + "\"},\"questionnaire\":");
  }

  private static String encounter(String id, String subject, String episode) {
    return "{\"resourceType\":\"Encounter\",\"id\":\""
        + id
        + "\",\"status\":\"finished\""
        + (subject == null ? "" : ",\"subject\":{\"reference\":\"Patient/" + subject + "\"}")
        + ",\"episodeOfCare\":[{\"reference\":\"EpisodeOfCare/"
        + episode
        + "\"}]}";
  }

  private static Rejection rejection(InMemoryJourneys.All all, String id, RejectReason reason) {
    return all.rejected().stream()
        .filter(r -> id.equals(r.resourceId()) && r.reason() == reason)
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + ":" + reason + " not in " + all.reasons()));
  }

  @Test
  void linksResponsesThroughTheirEpisodeAndRejectsWhatCannotBeLinked() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.patient("p2"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                Fixtures.episode("e-no-patient", "p-absent", "o1", "copd"),
                Fixtures.episode("e-no-site", "p2", "o-absent", "copd"),
                Fixtures.response("r-ok", "p1", "e1"),
                Fixtures.response("r-no-episode", "p1", "e-absent"),
                Fixtures.response("r-episode-rejected", "p-absent", "e-no-patient"),
                Fixtures.response("r-other-patient", "p2", "e1")));

    assertThat(all.journeys().keySet(), contains("p-absent", "p1", "p2"));
    assertThat(all.responses(), contains("r-ok->e1"));
    assertThat(all.episodes(), contains("e1"));
    assertThat(
        all.reasons(),
        containsInAnyOrder(
            "e-no-patient@5:DANGLING_REFERENCE",
            "e-no-site@6:DANGLING_REFERENCE",
            "r-no-episode@8:DANGLING_REFERENCE",
            "r-episode-rejected@9:DANGLING_REFERENCE",
            "r-other-patient@10:PATIENT_MISMATCH"));
    // Its episode is another patient's, found after the journeys, worded as before.
    assertThat(
        rejection(all, "r-other-patient", RejectReason.PATIENT_MISMATCH).message(),
        is("subject Patient/p2 is not the patient of EpisodeOfCare/e1 (Patient/p1)"));
    assertThat(
        rejection(all, "e-no-site", RejectReason.DANGLING_REFERENCE).message(),
        is(
            "Organization/o-absent is absent from the input or was not accepted (see its own dead"
                + " letter)"));
    assertThat(
        rejection(all, "r-no-episode", RejectReason.DANGLING_REFERENCE).message(),
        is(
            "EpisodeOfCare/e-absent is absent from the input or was not accepted (see its own"
                + " dead letter)"));
  }

  @Test
  void anEpisodeAnchoredBeforeItsPatientWasBornIsRejectedAndItsNeighboursKept() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                // Born 2025-06-01, after the anchor 2025-03-01: the age would be -1.
                Fixtures.patient("p-late").replace("1950-06-15", "2025-06-01"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                Fixtures.episode("e-unborn", "p-late", "o1", "hip-arthroplasty"),
                Fixtures.response("r-ok", "p1", "e1"),
                Fixtures.response("r-unborn", "p-late", "e-unborn")));

    assertThat(all.episodes(), contains("e1"));
    assertThat(all.responses(), contains("r-ok->e1"));
    assertThat(
        all.reasons(),
        containsInAnyOrder("e-unborn@5:IMPLAUSIBLE_DATE", "r-unborn@7:DANGLING_REFERENCE"));
    assertThat(
        rejection(all, "e-unborn", RejectReason.IMPLAUSIBLE_DATE).message(),
        is(
            "the anchor period.start 2025-03-01 is before the birthDate 2025-06-01 of"
                + " Patient/p-late (the age at the anchor would be negative)"));
  }

  @Test
  void keepsTheLatestUsableVersionAndDeadLettersEveryOtherRecord() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.withMeta(
                    Fixtures.response("retracted", "p", "e"), "1", "2025-02-11T00:00:00Z"),
                Fixtures.withMeta(
                    Fixtures.response(
                        "retracted", "p", "e", Fixtures.EQ5D, "2025-02-10", "entered-in-error"),
                    "2",
                    "2025-02-12T00:00:00Z"),
                Fixtures.withMeta(
                    Fixtures.response("amended", "p", "e"), "1", "2025-02-11T00:00:00Z"),
                Fixtures.withMeta(
                    Fixtures.response("amended", "p", "e", Fixtures.EQ5D, "2025-02-10", "amended"),
                    "2",
                    "2025-02-12T00:00:00Z"),
                Fixtures.response("twice", "p", "e"),
                Fixtures.response("twice", "p", "e"),
                Fixtures.response("future", "p", "e", Fixtures.EQ5D, "2030-01-01", "completed"),
                Fixtures.patient("p"),
                Fixtures.episode("e", "p", "o1", "hip-arthroplasty"),
                Fixtures.organization("o1", "11045101")));

    // All in one journey: the versions are chosen there, as VersionOrder chooses them.
    assertThat(all.journeys().keySet(), contains("p"));
    assertThat(all.responses(), containsInAnyOrder("amended->e", "twice->e"));
    assertThat(
        all.reasons(),
        containsInAnyOrder(
            "retracted@1:SUPERSEDED",
            "retracted@2:ENTERED_IN_ERROR",
            "amended@3:SUPERSEDED",
            "twice@6:DUPLICATE",
            "future@7:FUTURE_DATE"));
  }

  /**
   * An episode moved to another patient: version 1 names p1, version 2 names p2. The two versions
   * join different journeys; the choice is made once, among both, on their metadata: version 2 is
   * kept (in p2's journey), version 1 is superseded in the words VersionOrder gives it with both at
   * hand, and the episode is accepted once. A response of p1 that names it is then another
   * patient's, as it would be had the export held version 2 only.
   */
  @Test
  void versionsThatNameDifferentPatientsAreChosenOnceAmongAllOfThem() {
    String v1 =
        Fixtures.withMeta(
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"), "1", "2025-03-02T00:00:00Z");
    String v2 =
        Fixtures.withMeta(
            Fixtures.episode("e1", "p2", "o1", "hip-arthroplasty"), "2", "2025-03-03T00:00:00Z");
    List<ParsedResource> input =
        parsed(
            Fixtures.organization("o1", "11045101"),
            Fixtures.patient("p1"),
            Fixtures.patient("p2"),
            v1,
            v2,
            Fixtures.response("r-p1", "p1", "e1"),
            Fixtures.response("r-p2", "p2", "e1"));
    InMemoryJourneys.All all = InMemoryJourneys.follow(input);

    assertThat(all.journeys().get("p1"), hasItem(input.get(3)));
    assertThat(all.journeys().get("p2"), hasItem(input.get(4)));
    assertThat(all.episodes(), contains("e1"));
    assertThat(all.responses(), contains("r-p2->e1"));
    assertThat(all.reasons(), containsInAnyOrder("e1@4:SUPERSEDED", "r-p1@6:PATIENT_MISMATCH"));
    Rejection superseded = rejection(all, "e1", RejectReason.SUPERSEDED);
    assertThat(
        superseded.message(),
        is(VersionOrder.choose(List.of(input.get(3), input.get(4))).replaced().get(0).message()));
    assertThat(
        superseded.message(),
        is("replaced by the later version at t.ndjson:5 (versionId 2, status finished)"));
    assertThat(superseded.rawRecord(), is(v1));
    assertThat(
        rejection(all, "r-p1", RejectReason.PATIENT_MISMATCH).message(),
        is("subject Patient/p1 is not the patient of EpisodeOfCare/e1 (Patient/p2)"));
  }

  /**
   * The later version has no readable subject: it joins a journey of its own resource, the earlier
   * one p1's. The later version is kept, and rejected for its missing reference; the earlier one is
   * superseded: as VersionOrder decides with both at hand.
   */
  @Test
  void aVersionWhosePatientReferenceIsMissingIsStillChosenAmongAllVersions() {
    String v1 = Fixtures.withMeta(Fixtures.response("r1", "p1", "e1"), "1", "2025-02-11T00:00:00Z");
    String v2 =
        Fixtures.withMeta(Fixtures.response("r1", "p1", "e1"), "2", "2025-02-12T00:00:00Z")
            .replace("\"subject\":{\"reference\":\"Patient/p1\"},", "");
    List<ParsedResource> input =
        parsed(
            Fixtures.organization("o1", "11045101"),
            Fixtures.patient("p1"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            v1,
            v2);
    assertThat(input.get(4).patientId(), is((String) null));
    InMemoryJourneys.All all = InMemoryJourneys.follow(input);

    assertThat(all.journeys().keySet(), contains("\u0000QuestionnaireResponse/r1", "p1"));
    assertThat(all.responses(), empty());
    assertThat(all.reasons(), containsInAnyOrder("r1@4:SUPERSEDED", "r1@5:MISSING_REFERENCE"));
  }

  /**
   * A deletion request names no patient: it joins a journey of its own resource. It still removes
   * the versions in the patient's journey, and a request for a resource that is not in the input is
   * recorded as applied, as before.
   */
  @Test
  void aDeletionRequestRemovesVersionsInThePatientsJourney() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                Fixtures.response("r1", "p1", "e1"),
                Fixtures.response("r2", "p1", "e1"),
                DELETE + "QuestionnaireResponse/r1",
                DELETE + "QuestionnaireResponse/never-sent"));

    assertThat(all.responses(), contains("r2->e1"));
    assertThat(
        all.reasons(),
        containsInAnyOrder(
            "r1@4:DELETED", "r1@6:DELETION_REQUEST", "never-sent@7:DELETION_REQUEST"));
    assertThat(
        rejection(all, "r1", RejectReason.DELETED).message(),
        is("deleted by the request at t.ndjson:6"));
    assertThat(
        rejection(all, "never-sent", RejectReason.DELETION_REQUEST).message(),
        is("deletion of QuestionnaireResponse/never-sent applied"));
  }

  /** A Patient's deletion names its patient: it joins that journey, and removes the Patient. */
  @Test
  void aPatientsDeletionJoinsThePatientsJourney() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                DELETE + "Patient/p1"));

    assertThat(all.journeys().keySet(), contains("p1"));
    assertThat(
        all.reasons(),
        containsInAnyOrder("p1@2:DELETED", "p1@4:DELETION_REQUEST", "e1@3:DANGLING_REFERENCE"));
  }

  /**
   * Organizations join no journey: their versions are chosen apart, and every journey reads the
   * establishments kept.
   */
  @Test
  void establishmentsAreChosenApartAndReadByEveryJourney() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.withMeta(
                    Fixtures.organization("o1", "11045101"), "1", "2025-01-01T00:00:00Z"),
                Fixtures.withMeta(
                    Fixtures.organization("o1", "11045102"), "2", "2025-01-02T00:00:00Z"),
                DELETE + "Organization/o2",
                Fixtures.organization("o2", "11045103"),
                Fixtures.patient("p1"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                Fixtures.episode("e2", "p1", "o2", "hip-arthroplasty")));

    assertThat(all.journeys().keySet(), contains("p1"));
    assertThat(all.establishments().stream().map(r -> r.id()).toList(), contains("o1"));
    assertThat(all.establishments().get(0).establishment().code(), is("11045102"));
    assertThat(all.episodes(), contains("e1"));
    assertThat(
        all.reasons(),
        containsInAnyOrder(
            "o1@1:SUPERSEDED", "o2@3:DELETION_REQUEST", "o2@4:DELETED", "e2@7:DANGLING_REFERENCE"));
  }

  /**
   * An episode whose patient reference names no Patient (a Group) is rejected in a journey of its
   * own; a response that names it finds no episode.
   */
  @Test
  void anEpisodeWithoutAReadablePatientHasAJourneyOfItsOwn() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty")
                    .replace("Patient/p1", "Group/g1"),
                Fixtures.response("r1", "p1", "e1")));

    assertThat(all.journeys().keySet(), contains("\u0000EpisodeOfCare/e1", "p1"));
    assertThat(
        all.reasons(), containsInAnyOrder("e1@3:MISSING_REFERENCE", "r1@4:DANGLING_REFERENCE"));
  }

  /**
   * A response whose subject is a contained Patient takes its episode's patient: it joins the
   * journey of its episode, and is paired there with the patient's other responses.
   */
  @Test
  void aContainedSubjectJoinsItsEpisodesJourneyAndIsPairedThere() {
    List<ParsedResource> input =
        parsed(
            Fixtures.organization("o1", "11045101"),
            Fixtures.patient("p1"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            response("r-base", "p1", "e1", "2025-02-10"),
            containedSubject(response("r-six", "p1", "e1", "2025-09-01"), "p1"));
    assertThat(input.get(4).patientId(), is((String) null));
    InMemoryJourneys.All all = InMemoryJourneys.follow(input);

    assertThat(all.journeys().keySet(), contains("p1"));
    assertThat(all.responses(), containsInAnyOrder("r-base->e1", "r-six->e1"));
    assertThat(all.rejected(), empty());
    List<String> pairs = new ArrayList<>();
    all.followed()
        .forEach(
            f ->
                f.pairs()
                    .forEach(
                        p ->
                            pairs.add(
                                p.timepoint()
                                    + " "
                                    + p.scale()
                                    + " "
                                    + p.baselineResponseId()
                                    + "→"
                                    + p.followupResponseId())));
    assertThat(pairs, hasItem("6m vas r-base→r-six"));
  }

  /** A contained subject whose episode is not in the input has no journey to join but its own. */
  @Test
  void aContainedSubjectWhoseEpisodeIsAbsentIsDangling() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                containedSubject(response("r1", "p1", "e-absent", "2025-02-10"), "p1")));
    assertThat(all.journeys().keySet(), contains("\u0000QuestionnaireResponse/r1"));
    assertThat(all.reasons(), contains("r1@2:DANGLING_REFERENCE"));
  }

  /**
   * A response and its Encounter share their patient: the Encounter is in the journey, and leads to
   * the episode.
   */
  @Test
  void aResponseFindsItsEpisodeThroughItsEncounter() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                Fixtures.episode("e2", "p1", "o1", "knee-arthroplasty"),
                encounter("enc-1", "p1", "e2"),
                throughEncounter(response("r1", "p1", "e1", "2025-02-10"), "e1", "enc-1"),
                containedSubject(
                    throughEncounter(response("r2", "p1", "e1", "2025-02-11"), "e1", "enc-1"),
                    "p1")));

    assertThat(all.journeys().keySet(), contains("p1"));
    assertThat(all.responses(), containsInAnyOrder("r1->e2", "r2->e2"));
    assertThat(all.rejected(), empty());
  }

  /**
   * Decided in docs/decisions/0019: an Encounter belongs to its subject's journey, so a response
   * reaches only an Encounter of its own patient. One of another patient is, to the response, not
   * there: it falls back to inference from its patient's episodes, as it would without the
   * Encounter (before, the Encounter led to p2's episode and the response was a mismatch).
   */
  @Test
  void anEncounterOfAnotherPatientIsNotInTheResponsesJourney() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.patient("p2"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                Fixtures.episode("e2", "p2", "o1", "hip-arthroplasty"),
                encounter("enc-2", "p2", "e2"),
                throughEncounter(response("r1", "p1", "e1", "2025-02-10"), "e1", "enc-2")));

    assertThat(all.responses(), contains("r1->e1"));
    assertThat(all.rejected(), empty());
  }

  /**
   * Decided in docs/decisions/0019: a contained subject that reaches its episode only through an
   * Encounter joins the Encounter's journey (its subject's). When the episode is another patient's,
   * the response's patient cannot be its episode's: a mismatch (before, the episode's patient was
   * taken and the response accepted).
   */
  @Test
  void aContainedSubjectWhoseEncounterLeadsToAnotherPatientsEpisodeIsAMismatch() {
    InMemoryJourneys.All all =
        InMemoryJourneys.follow(
            parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.patient("p2"),
                Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
                encounter("enc-x", "p2", "e1"),
                containedSubject(
                    throughEncounter(response("r1", "p1", "e1", "2025-02-10"), "e1", "enc-x"),
                    "p1")));

    assertThat(all.journeys().keySet(), contains("p1", "p2"));
    assertThat(all.responses(), empty());
    assertThat(all.reasons(), contains("r1@6:PATIENT_MISMATCH"));
    assertThat(
        rejection(all, "r1", RejectReason.PATIENT_MISMATCH).message(),
        is(
            "the subject is a contained Patient, and EpisodeOfCare/e1 (Patient/p1) is not an"
                + " episode of the patient of Encounter/enc-x (docs/decisions/0019)"));
  }

  /** The plain class on its own: one journey, without the pipeline around it. */
  @Test
  void oneJourneyOnItsOwn() {
    List<ParsedResource> input =
        parsed(
            Fixtures.patient("p1"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.response("r1", "p1", "e1"),
            Fixtures.response("r2", "p1", "e-elsewhere"));
    PatientJourney.Followed followed =
        new PatientJourney(TimepointPlan.bundled(), InstrumentRegistry.bundled())
            .follow(
                input,
                source -> null,
                Map.of(
                    "o1", parsed(Fixtures.organization("o1", "11045101")).get(0).establishment()));

    assertThat(followed.patients(), contains(input.get(0)));
    assertThat(followed.episodes().get(0).establishment().code(), is("11045101"));
    assertThat(followed.responses().get(0).response().id(), is("r1"));
    assertThat(followed.scored().get(0).linked().response().answers(), empty());
    assertThat(followed.responses().get(0).response().answers().size(), is(2));
    assertThat(followed.scores().size(), is(4));
    assertThat(followed.assignments().size(), is(1));
    assertThat(followed.rejected(), empty());
    assertThat(followed.unresolved().size(), is(1));
    assertThat(followed.unresolved().get(0).episodeId(), is("e-elsewhere"));
    assertThat(
        PatientJourney.unresolved(followed.unresolved().get(0), null).reason(),
        is(RejectReason.DANGLING_REFERENCE));
    assertThat(
        PatientJourney.unresolved(followed.unresolved().get(0), "p9").message(),
        is("subject Patient/p1 is not the patient of EpisodeOfCare/e-elsewhere (Patient/p9)"));
  }
}
