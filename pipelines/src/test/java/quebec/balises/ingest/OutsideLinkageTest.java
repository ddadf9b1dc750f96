package quebec.balises.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
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
import quebec.balises.ExportFixtures;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.journey.FollowPatients;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * Episode linkage on outside-shaped exports: the extension, an Encounter's episodeOfCare, the
 * patient's one episode (inferred), two candidates (ambiguous), a contained Patient and absolute
 * references.
 */
class OutsideLinkageTest {
  private static List<ParsedResource> parsed(String... files) {
    ResourceParser parser =
        new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 1, 1));
    List<ParsedResource> all = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String file : files) {
      int line = 0;
      for (String json : ExportFixtures.resources(file)) {
        ParsedResource resource =
            ((ResourceParser.Parsed)
                    parser.parse(new SourceRecord(SourceRef.line(file, ++line), json)))
                .resource();
        // The files share an establishment; the test keeps one version of it.
        if (seen.add(resource.reference())) {
          all.add(resource);
        }
      }
    }
    return all;
  }

  @Test
  void linksThroughTheExtensionTheEncounterOrThePatientsOneEpisode() {
    TestPipeline p = BeamTesting.pipeline();
    List<ParsedResource> input =
        parsed(
            "loinc-promis10.json",
            "encounter-linked.json",
            "no-episode.json",
            "absolute-references.ndjson");
    PCollectionTuple linked =
        p.apply(Create.of(input).withCoder(SerializableCoder.of(ParsedResource.class)))
            .apply(new FollowPatients(TimepointPlan.bundled(), InstrumentRegistry.bundled()));
    PAssert.that(
            linked
                .get(FollowPatients.RESPONSES)
                .apply(
                    "ResponseEpisodes",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.response().id() + "->" + r.episode().episode().id())))
        .containsInAnyOrder(
            "lhc-best->eoc-lhc",
            "lhc-mid->eoc-lhc",
            "lhc-encounter->eoc-enc",
            "lhc-inferred->eoc-inf",
            "lhc-contained->eoc-lhc");
    PAssert.that(
            linked
                .get(FollowPatients.REJECTED)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.resourceId() + ":" + r.reason())))
        .containsInAnyOrder("lhc-ambiguous:AMBIGUOUS_EPISODE");
    PAssert.that(
            linked
                .get(FollowPatients.ENCOUNTERS)
                .apply(
                    "EncounterIds", MapElements.into(TypeDescriptors.strings()).via(r -> r.id())))
        .containsInAnyOrder("enc-1");
    p.run().waitUntilFinish();
  }
}
