package quebec.balises.ingest;

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
import quebec.balises.model.ParsedResource;

class LinkReferencesTest {
  @Test
  void linksResponsesThroughTheirEpisodeAndRejectsWhatCannotBeLinked() {
    TestPipeline p = BeamTesting.pipeline();
    List<ParsedResource> input =
        Fixtures.parsed(
            Fixtures.organization("o1", "11045101"),
            Fixtures.patient("p1"),
            Fixtures.patient("p2"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.episode("e-no-patient", "p-absent", "o1", "copd"),
            Fixtures.episode("e-no-site", "p2", "o-absent", "copd"),
            Fixtures.response("r-ok", "p1", "e1"),
            Fixtures.response("r-no-episode", "p1", "e-absent"),
            Fixtures.response("r-episode-rejected", "p-absent", "e-no-patient"),
            Fixtures.response("r-other-patient", "p2", "e1"));

    PCollectionTuple linked =
        p.apply(Create.of(input).withCoder(SerializableCoder.of(ParsedResource.class)))
            .apply(new LinkReferences());

    PAssert.that(
            linked
                .get(LinkReferences.RESPONSES)
                .apply(
                    "ResponseIds",
                    MapElements.into(TypeDescriptors.strings()).via(r -> r.response().id())))
        .containsInAnyOrder("r-ok");
    PAssert.that(
            linked
                .get(LinkReferences.EPISODES)
                .apply(
                    "EpisodeIds",
                    MapElements.into(TypeDescriptors.strings())
                        .via(e -> e.episode().id() + "@" + e.establishment().code())))
        .containsInAnyOrder("e1@11045101");
    PAssert.that(
            linked
                .get(LinkReferences.REJECTED)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.resourceId() + ":" + r.reason())))
        .containsInAnyOrder(
            "e-no-patient:DANGLING_REFERENCE",
            "e-no-site:DANGLING_REFERENCE",
            "r-no-episode:DANGLING_REFERENCE",
            "r-episode-rejected:DANGLING_REFERENCE",
            "r-other-patient:PATIENT_MISMATCH");
    PAssert.that(
            linked
                .get(LinkReferences.PATIENTS)
                .apply("PatientIds", MapElements.into(TypeDescriptors.strings()).via(r -> r.id())))
        .containsInAnyOrder("p1", "p2");
    p.run().waitUntilFinish();
  }

  @Test
  void anEpisodeAnchoredBeforeItsPatientWasBornIsRejectedAndItsNeighboursKept() {
    TestPipeline p = BeamTesting.pipeline();
    List<ParsedResource> input =
        Fixtures.parsed(
            Fixtures.organization("o1", "11045101"),
            Fixtures.patient("p1"),
            // Born 2025-06-01, after the anchor 2025-03-01: the age would be -1.
            Fixtures.patient("p-late").replace("1950-06-15", "2025-06-01"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.episode("e-unborn", "p-late", "o1", "hip-arthroplasty"),
            Fixtures.response("r-ok", "p1", "e1"),
            Fixtures.response("r-unborn", "p-late", "e-unborn"));

    PCollectionTuple linked =
        p.apply(Create.of(input).withCoder(SerializableCoder.of(ParsedResource.class)))
            .apply(new LinkReferences());

    PAssert.that(
            linked
                .get(LinkReferences.EPISODES)
                .apply(
                    "EpisodeIds",
                    MapElements.into(TypeDescriptors.strings()).via(e -> e.episode().id())))
        .containsInAnyOrder("e1");
    PAssert.that(
            linked
                .get(LinkReferences.REJECTED)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.source() + " " + r.resourceId() + ":" + r.reason())))
        .containsInAnyOrder(
            "t.ndjson:5 e-unborn:IMPLAUSIBLE_DATE", "t.ndjson:7 r-unborn:DANGLING_REFERENCE");
    PAssert.that(
            linked
                .get(LinkReferences.RESPONSES)
                .apply(
                    "ResponseIds",
                    MapElements.into(TypeDescriptors.strings()).via(r -> r.response().id())))
        .containsInAnyOrder("r-ok");
    p.run().waitUntilFinish();
  }
}
