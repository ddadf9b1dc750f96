package quebec.balises.episodes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoreStatus;
import quebec.balises.scoring.ScoredResponse;

/** Hand-worked pairings (the cases of the former PairTimepointsTest), in plain Java. */
class TimepointPairingTest {
  private static final List<ParsedResource> CONTEXT =
      Fixtures.parsed(
          Fixtures.patient("p1"),
          Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
          Fixtures.organization("o1", "11045101"));
  private static final LinkedEpisode EPISODE =
      new LinkedEpisode(
          CONTEXT.get(1).episode(),
          CONTEXT.get(0).patient(),
          CONTEXT.get(2).establishment(),
          CONTEXT.get(1).source());
  // The fixture episode's anchor (surgery) is 2025-03-01.
  private static final LocalDate SURGERY = LocalDate.of(2025, 3, 1);

  private static ScoredResponse hoosJr(String id, int daysFromSurgery, double interval) {
    return response(
        id,
        "HOOS_JR",
        daysFromSurgery,
        Score.of("interval", interval, ScoreStatus.VALID, "HOOS_JR_LYMAN2016"));
  }

  /** A HOOS JR response with an item unanswered: no score (the instrument allows none missing). */
  private static ScoredResponse hoosJrItemMissing(String id, int daysFromSurgery) {
    return response(
        id,
        "HOOS_JR",
        daysFromSurgery,
        Score.missing("interval", ScoreStatus.INSUFFICIENT_ITEMS, "HOOS_JR_LYMAN2016"));
  }

  private static Score physical(Double t) {
    return t == null
        ? Score.missing("physical_t", ScoreStatus.INSUFFICIENT_ITEMS, "PROMIS_GH_V12_GPH_T")
        : Score.of("physical_t", t, ScoreStatus.VALID, "PROMIS_GH_V12_GPH_T");
  }

  private static Score mental(double t) {
    return Score.of("mental_t", t, ScoreStatus.VALID, "PROMIS_GH_V12_GMH_T");
  }

  private static ScoredResponse response(
      String id, String instrument, int daysFromSurgery, Score... scores) {
    ResponseRecord response =
        new ResponseRecord(
            id,
            "p1",
            "e1",
            "https://balises.quebec/fhir/Questionnaire/" + instrument.toLowerCase(),
            "1.0.0",
            instrument,
            "completed",
            SURGERY.plusDays(daysFromSurgery),
            null,
            List.of(),
            null,
            null);
    return new ScoredResponse(
        new LinkedResponse(response, EPISODE, SourceRef.line("t.ndjson", 1)), List.of(scores));
  }

  private static final TimepointPairing PAIRING = new TimepointPairing(TimepointPlan.bundled());

  private static String change(EpisodeScale r) {
    return r.change() == null ? "null" : String.format(Locale.ROOT, "%.3f", r.change());
  }

  private static List<String> assignments(TimepointPairing.Paired paired) {
    return paired.assignments().stream()
        .map(
            a ->
                a.response().linked().response().id()
                    + " "
                    + a.timepoint()
                    + " "
                    + a.outcome().code())
        .toList();
  }

  /** Pairs the responses and compares pairs and assignments, rendered as text. */
  private static void assertPairing(
      List<ScoredResponse> scored, List<String> pairs, List<String> assignments) {
    TimepointPairing.Paired paired = PAIRING.pair(scored);
    assertThat(
        paired.pairs().stream()
            .map(
                r ->
                    r.timepoint()
                        + " "
                        + r.scale()
                        + " "
                        + r.baselineResponseId()
                        + "→"
                        + r.followupResponseId()
                        + " change "
                        + change(r))
            .toList(),
        containsInAnyOrder(pairs.toArray()));
    assertThat(assignments(paired), containsInAnyOrder(assignments.toArray()));
    assertThat(paired.failed(), empty());
  }

  /**
   * Day 365 is closest to the 12-month target but has an item missing, so no HOOS JR score; day 380
   * is complete. The complete one is paired: HOOS JR raw 12 → 52.965 at baseline, raw 3 → 80.550 at
   * 12 months, a change of 27.585. The incomplete one is passed over as unscorable. At 6 months
   * neither response can be scored, so the closest (day 180, 2 days from 182) is kept as before,
   * and its pair has no change.
   */
  @Test
  void hoosJrKeepsTheClosestScorableResponseAtTwelveMonths() {
    assertPairing(
        List.of(
            hoosJr("base", -20, 52.965),
            hoosJrItemMissing("six-a", 180),
            hoosJrItemMissing("six-b", 200),
            hoosJrItemMissing("d365", 365),
            hoosJr("d380", 380, 80.550)),
        List.of("6m interval base→six-a change null", "12m interval base→d380 change 27.585"),
        List.of(
            "base baseline kept",
            "six-a 6m kept",
            "six-b 6m not_kept_same_timepoint",
            "d365 12m not_kept_unscorable",
            "d380 12m kept"));
  }

  /**
   * PROMIS-10 at 12 months: day 365 has its physical items incomplete (no GPH score) but a mental T
   * of 53.3 (raw 16); day 380 has both (physical raw 16 → 50.8, mental raw 17 → 56.0). Each scale
   * keeps its closest scorable response: physical from day 380 (50.8 − 39.8 = 11.0 over the
   * baseline's raw 12), mental from day 365 (53.3 − 48.3 = 5.0 over the baseline's raw 14). Both
   * responses are kept, each for one scale.
   */
  @Test
  void promisPhysicalComesFromTheClosestResponseWithAPhysicalScore() {
    assertPairing(
        List.of(
            response("base", "PROMIS_GLOBAL10", -10, physical(39.8), mental(48.3)),
            response("d365", "PROMIS_GLOBAL10", 365, physical(null), mental(53.3)),
            response("d380", "PROMIS_GLOBAL10", 380, physical(50.8), mental(56.0))),
        List.of(
            "6m mental_t base→null change null",
            "6m physical_t base→null change null",
            "12m mental_t base→d365 change 5.000",
            "12m physical_t base→d380 change 11.000"),
        List.of("base baseline kept", "d365 12m kept", "d380 12m kept"));
  }

  @Test
  void pairsTheKeptFollowUpsWithTheBaselineAndAccountsForEveryResponse() {
    TimepointPairing.Paired paired =
        PAIRING.pair(
            List.of(
                hoosJr("base", -20, 48.0),
                hoosJr("six-late", 200, 70.0),
                hoosJr("six", 180, 78.0),
                hoosJr("way-late", 600, 90.0)));

    assertThat(
        paired.pairs().stream()
            .map(
                r ->
                    r.timepoint()
                        + " "
                        + r.baselineResponseId()
                        + "→"
                        + r.followupResponseId()
                        + " change "
                        + r.change())
            .toList(),
        containsInAnyOrder("6m base→six change 30.0", "12m base→null change null"));
    assertThat(
        assignments(paired),
        containsInAnyOrder(
            "base baseline kept",
            "six 6m kept",
            "six-late 6m not_kept_same_timepoint",
            "way-late null after_last_window"));
  }

  /** Two instruments of one episode: each instrument is paired apart, with its own baseline. */
  @Test
  void eachInstrumentOfAnEpisodeIsPairedApart() {
    TimepointPairing.Paired paired =
        PAIRING.pair(
            List.of(
                hoosJr("base", -20, 48.0),
                hoosJr("six", 180, 78.0),
                response("promis-base", "PROMIS_GLOBAL10", -10, physical(39.8), mental(48.3))));
    assertThat(
        paired.pairs().stream()
            .map(r -> r.instrument() + " " + r.timepoint() + " " + r.scale() + " " + change(r))
            .toList(),
        containsInAnyOrder(
            "HOOS_JR 6m interval 30.000",
            "HOOS_JR 12m interval null",
            "PROMIS_GLOBAL10 6m mental_t null",
            "PROMIS_GLOBAL10 6m physical_t null",
            "PROMIS_GLOBAL10 12m mental_t null",
            "PROMIS_GLOBAL10 12m physical_t null"));
  }

  private static ScoredResponse eq5d(String id, int days, String profile, double index) {
    return response(
        id,
        "EQ5D5L",
        days,
        new Score("profile", null, profile, ScoreStatus.VALID, "EQ5D5L_PROFILE"),
        Score.of("index", index, ScoreStatus.VALID, "EQ5D5L_CA_XIE2016"));
  }

  /**
   * The EQ-5D index row carries the PCHC class of the same two responses' profiles: 21111 before
   * surgery and 11111 at 12 months is an improvement (mobility 2 → 1, nothing worse). The 6-month
   * row has no follow-up, hence no class. Canadian index values: 0.949 for 11111 and 0.949 − 0.0389
   * = 0.910 for 21111 (Xie 2016), a change of 0.039.
   */
  @Test
  void theEq5dIndexRowCarriesTheHealthChangeOfItsProfiles() {
    TimepointPairing.Paired paired =
        PAIRING.pair(
            List.of(eq5d("base", -5, "21111", 0.9101), eq5d("d360", 360, "11111", 0.9491)));
    assertThat(
        paired.pairs().stream()
            .map(
                r ->
                    r.timepoint()
                        + " "
                        + r.scale()
                        + " "
                        + String.format(
                            Locale.ROOT, "%.3f", r.change() == null ? Double.NaN : r.change())
                        + " "
                        + r.healthChange())
            .toList(),
        containsInAnyOrder("6m index NaN null", "12m index 0.039 improve"));
  }
}
