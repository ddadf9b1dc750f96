package quebec.balises.journey;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.Fixtures;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.Rejection;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * The pipeline's {@link FollowPatients} gives what {@link InMemoryJourneys} gives, output by
 * output, on an input that holds every case of {@link PatientJourneyTest} at once: the hand-worked
 * cases hold for the pipeline.
 */
class FollowPatientsTest {
  private static final String CONTAINED =
      "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"pat\"}],"
          + "\"subject\":{\"reference\":\"#pat\"}";

  private static List<ParsedResource> everyCase() {
    return PatientJourneyTest.parsed(
        Fixtures.withMeta(Fixtures.organization("o1", "11045101"), "1", "2025-01-01T00:00:00Z"),
        Fixtures.withMeta(Fixtures.organization("o1", "11045101"), "2", "2025-01-02T00:00:00Z"),
        "DELETE Organization/o3",
        Fixtures.patient("p1"),
        Fixtures.patient("p2"),
        Fixtures.patient("p-late").replace("1950-06-15", "2025-06-01"),
        Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
        Fixtures.episode("e-no-patient", "p-absent", "o1", "copd"),
        Fixtures.episode("e-no-site", "p2", "o-absent", "copd"),
        Fixtures.episode("e-unborn", "p-late", "o1", "hip-arthroplasty"),
        Fixtures.episode("e-group", "p1", "o1", "copd").replace("Patient/p1", "Group/g"),
        Fixtures.withMeta(
            Fixtures.episode("e-moved", "p1", "o1", "knee-arthroplasty"),
            "1",
            "2025-03-02T00:00:00Z"),
        Fixtures.withMeta(
            Fixtures.episode("e-moved", "p2", "o1", "knee-arthroplasty"),
            "2",
            "2025-03-03T00:00:00Z"),
        Fixtures.response("r-ok", "p1", "e1"),
        Fixtures.response("r-no-episode", "p1", "e-absent"),
        Fixtures.response("r-episode-rejected", "p-absent", "e-no-patient"),
        Fixtures.response("r-other-patient", "p2", "e1"),
        Fixtures.response("r-unborn", "p-late", "e-unborn"),
        Fixtures.response("r-group", "p1", "e-group"),
        Fixtures.response("r-moved", "p2", "e-moved"),
        Fixtures.withMeta(Fixtures.response("r-v", "p1", "e1"), "1", "2025-02-11T00:00:00Z"),
        Fixtures.withMeta(Fixtures.response("r-v", "p1", "e1"), "2", "2025-02-12T00:00:00Z")
            .replace("\"subject\":{\"reference\":\"Patient/p1\"},", ""),
        Fixtures.response("r-deleted", "p1", "e1"),
        "DELETE QuestionnaireResponse/r-deleted",
        "DELETE QuestionnaireResponse/never-sent",
        Fixtures.response("r-six", "p1", "e1", Fixtures.EQ5D, "2025-09-01", "completed")
            .replace("\"subject\":{\"reference\":\"Patient/p1\"}", CONTAINED),
        Fixtures.response("r-lost", "p1", "e-absent")
            .replace("\"subject\":{\"reference\":\"Patient/p1\"}", CONTAINED),
        Fixtures.response("twice", "p1", "e1"),
        Fixtures.response("twice", "p1", "e1"));
  }

  // Lambdas, not Object::toString: javac shares one deserialised method reference between call
  // sites of different element types, which then fails its cast.
  private static <T> void assertSame(
      PCollectionTuple followed,
      TupleTag<T> tag,
      SerializableFunction<T, String> described,
      List<String> expected) {
    PCollection<String> actual =
        followed
            .get(tag)
            .apply(
                "Describe" + tag.getId().replaceAll("\\W", ""),
                MapElements.into(TypeDescriptors.strings()).via(described));
    PAssert.that(actual).containsInAnyOrder(expected);
  }

  private static <T> List<String> described(
      InMemoryJourneys.All all,
      Function<PatientJourney.Followed, List<T>> outputs,
      Function<T, String> described) {
    List<String> texts = new ArrayList<>();
    all.followed().forEach(f -> outputs.apply(f).forEach(o -> texts.add(described.apply(o))));
    return texts;
  }

  private static String rejection(Rejection r) {
    return r.resourceId() + "@" + r.source() + ":" + r.reason() + " " + r.message();
  }

  @Test
  void thePipelineFollowsEachPatientAsThePlainClassDoes() {
    List<ParsedResource> input = everyCase();
    InMemoryJourneys.All expected = InMemoryJourneys.follow(input);
    TestPipeline p = BeamTesting.pipeline();
    PCollectionTuple followed =
        p.apply(Create.of(input).withCoder(SerializableCoder.of(ParsedResource.class)))
            .apply(new FollowPatients(TimepointPlan.bundled(), InstrumentRegistry.bundled()));

    assertSame(
        followed,
        FollowPatients.REJECTED,
        FollowPatientsTest::rejection,
        expected.rejected().stream().map(FollowPatientsTest::rejection).toList());
    assertSame(
        followed,
        FollowPatients.RESPONSES,
        r -> r.response().id() + "->" + r.episode().episode().id() + " " + r.source(),
        described(
            expected,
            PatientJourney.Followed::responses,
            r -> r.response().id() + "->" + r.episode().episode().id() + " " + r.source()));
    assertSame(
        followed,
        FollowPatients.EPISODES,
        e -> e.episode().id() + " " + e.source(),
        described(
            expected, PatientJourney.Followed::episodes, e -> e.episode().id() + " " + e.source()));
    assertSame(
        followed,
        FollowPatients.PATIENTS,
        r -> r.id() + " " + r.source(),
        described(expected, PatientJourney.Followed::patients, r -> r.id() + " " + r.source()));
    assertSame(
        followed,
        FollowPatients.ESTABLISHMENTS,
        r -> r.id() + " " + r.source(),
        expected.establishments().stream().map(r -> r.id() + " " + r.source()).toList());
    assertSame(
        followed,
        FollowPatients.PAIRS,
        pair -> pair.toString(),
        described(expected, PatientJourney.Followed::pairs, Object::toString));
    assertSame(
        followed,
        FollowPatients.SCORES,
        score -> score.toString(),
        described(expected, PatientJourney.Followed::scores, Object::toString));
    assertSame(
        followed,
        FollowPatients.ASSIGNMENTS,
        assignment -> assignment.toString(),
        described(expected, PatientJourney.Followed::assignments, Object::toString));
    assertSame(followed, FollowPatients.DERIVED, failure -> failure.toString(), List.of());
    p.run().waitUntilFinish();

    // The input holds each case: a sanity check on the expectation itself.
    assertThat(
        expected.reasons(),
        containsInAnyOrder(
            "o1@1:SUPERSEDED",
            "o3@3:DELETION_REQUEST",
            "e-no-patient@8:DANGLING_REFERENCE",
            "e-no-site@9:DANGLING_REFERENCE",
            "e-unborn@10:IMPLAUSIBLE_DATE",
            "e-group@11:MISSING_REFERENCE",
            "e-moved@12:SUPERSEDED",
            "r-no-episode@15:DANGLING_REFERENCE",
            "r-episode-rejected@16:DANGLING_REFERENCE",
            "r-other-patient@17:PATIENT_MISMATCH",
            "r-unborn@18:DANGLING_REFERENCE",
            "r-group@19:DANGLING_REFERENCE",
            "r-v@21:SUPERSEDED",
            "r-v@22:MISSING_REFERENCE",
            "r-deleted@23:DELETED",
            "r-deleted@24:DELETION_REQUEST",
            "never-sent@25:DELETION_REQUEST",
            "r-lost@27:DANGLING_REFERENCE",
            "twice@29:DUPLICATE"));
    assertThat(
        expected.responses(),
        containsInAnyOrder("r-ok->e1", "r-moved->e-moved", "r-six->e1", "twice->e1"));
  }
}
