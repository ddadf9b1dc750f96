package quebec.balises.episodes;

import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.Fixtures;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoreStatus;
import quebec.balises.scoring.ScoredResponse;

class PairTimepointsTest {
  private static final List<ParsedResource> CONTEXT =
      Fixtures.parsed(
          Fixtures.patient("p1"),
          Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
          Fixtures.organization("o1", "11045101"));
  private static final LinkedEpisode EPISODE =
      new LinkedEpisode(
          (EpisodeRecord) CONTEXT.get(1).payload(),
          (PatientRecord) CONTEXT.get(0).payload(),
          (EstablishmentRecord) CONTEXT.get(2).payload(),
          CONTEXT.get(1).source());
  // The fixture episode's anchor (surgery) is 2025-03-01.
  private static final LocalDate SURGERY = LocalDate.of(2025, 3, 1);

  private static ScoredResponse hoosJr(String id, int daysFromSurgery, double interval) {
    ResponseRecord response =
        new ResponseRecord(
            id,
            "p1",
            "e1",
            "https://balises.quebec/fhir/Questionnaire/hoos-jr",
            "1.0.0",
            "HOOS_JR",
            "completed",
            SURGERY.plusDays(daysFromSurgery),
            null,
            List.of(),
            null,
            null);
    return new ScoredResponse(
        new LinkedResponse(response, EPISODE, SourceRef.line("t.ndjson", 1)),
        List.of(Score.of("interval", interval, ScoreStatus.VALID, "HOOS_JR_LYMAN2016")));
  }

  @Test
  void pairsTheKeptFollowUpsWithTheBaselineAndAccountsForEveryResponse() {
    TestPipeline p = BeamTesting.pipeline();
    List<ScoredResponse> scored =
        List.of(
            hoosJr("base", -20, 48.0),
            hoosJr("six-late", 200, 70.0),
            hoosJr("six", 180, 78.0),
            hoosJr("way-late", 600, 90.0));

    PCollectionTuple paired =
        p.apply(Create.of(scored).withCoder(SerializableCoder.of(ScoredResponse.class)))
            .apply(new PairTimepoints(TimepointPlan.bundled()));

    PAssert.that(
            paired
                .get(PairTimepoints.PAIRS)
                .apply(
                    "Pairs",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.timepoint()
                                    + " "
                                    + r.baselineResponseId()
                                    + "→"
                                    + r.followupResponseId()
                                    + " change "
                                    + r.change())))
        .containsInAnyOrder("6m base→six change 30.0", "12m base→null change null");
    PAssert.that(
            paired
                .get(PairTimepoints.ASSIGNMENTS)
                .apply(
                    "Assignments",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            a ->
                                a.response().linked().response().id()
                                    + " "
                                    + a.timepoint()
                                    + " "
                                    + a.outcome())))
        .containsInAnyOrder(
            "base baseline kept",
            "six 6m kept",
            "six-late 6m not_kept_same_timepoint",
            "way-late null after_last_window");
    p.run().waitUntilFinish();
  }
}
