package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.ingest.EpisodeLinkage.Candidate;

class EpisodeLinkageTest {
  private static final TimepointPlan PLAN = TimepointPlan.bundled();
  private static final LocalDate SURGERY = LocalDate.of(2025, 6, 1);
  private static final Candidate HIP = new Candidate("hip", "hip-arthroplasty", SURGERY);
  private static final Candidate COPD = new Candidate("copd", "copd", SURGERY);
  private static final Candidate KNEE =
      new Candidate("knee", "knee-arthroplasty", SURGERY.plusDays(30));

  private static EpisodeLinkage.Outcome link(
      String extension, String encounter, List<String> encounterEpisodes, List<Candidate> all) {
    return EpisodeLinkage.link(
        extension,
        encounter,
        encounterEpisodes,
        all,
        "PROMIS_GLOBAL10",
        SURGERY.plusDays(183),
        PLAN);
  }

  @Test
  void theExtensionComesFirst() {
    assertThat(
        link("named", "enc", List.of("other"), List.of(HIP)),
        is(new EpisodeLinkage.Linked("named", EpisodeLinkage.Route.EXTENSION)));
  }

  @Test
  void thenTheEncountersEpisode() {
    assertThat(
        link(null, "enc", List.of("from-encounter"), List.of(HIP)),
        is(new EpisodeLinkage.Linked("from-encounter", EpisodeLinkage.Route.ENCOUNTER)));
    assertThat(
        link(null, "enc", List.of("a", "b"), List.of(HIP)),
        instanceOf(EpisodeLinkage.Ambiguous.class));
  }

  @Test
  void thenThePatientsOneEpisodeThatCollectsTheInstrumentAtThatDate() {
    // The COPD trajectory does not collect PROMIS-10; an absent Encounter falls through.
    assertThat(
        link(null, "absent", null, List.of(HIP, COPD)),
        is(new EpisodeLinkage.Linked("hip", EpisodeLinkage.Route.INFERRED)));
  }

  @Test
  void twoCandidatesAreAmbiguousNeverAGuess() {
    EpisodeLinkage.Outcome outcome = link(null, null, null, List.of(HIP, KNEE));
    assertThat(outcome, instanceOf(EpisodeLinkage.Ambiguous.class));
    assertThat(
        ((EpisodeLinkage.Ambiguous) outcome).candidates(),
        is(List.of("EpisodeOfCare/hip", "EpisodeOfCare/knee")));
  }

  @Test
  void noEpisodeWhoseWindowsHoldTheDateIsNotFound() {
    EpisodeLinkage.Outcome outcome =
        EpisodeLinkage.infer(List.of(HIP), "PROMIS_GLOBAL10", SURGERY.plusDays(93), PLAN);
    assertThat(outcome, instanceOf(EpisodeLinkage.NotFound.class));
    assertThat(((EpisodeLinkage.NotFound) outcome).why(), containsString("2025-09-02"));
  }
}
