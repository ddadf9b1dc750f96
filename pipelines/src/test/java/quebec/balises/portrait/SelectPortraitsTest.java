package quebec.balises.portrait;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.Fixtures;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.ingest.PortraitParsingTest;
import quebec.balises.ingest.ResourceParser;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/**
 * The portraits' stage: each record in ends as one portrait kept or one dead letter — six in, two
 * kept, four dead letters (docs/decisions/0022).
 */
class SelectPortraitsTest {
  private static final ResourceParser PARSER =
      new ResourceParser(QuestionnaireCatalog.builder().build(), LocalDate.of(2026, 6, 1));

  private static ParsedResource parse(long line, String json) {
    ResourceParser.Result result =
        PARSER.parse(new SourceRecord(SourceRef.line("in.ndjson", line), json));
    if (result instanceof ResourceParser.Portrait portrait) {
      return portrait.resource();
    }
    return ((ResourceParser.Parsed) result).resource();
  }

  private static String portrait(String id, String organization, String committees) {
    return PortraitParsingTest.portrait(
        id,
        "Organization/" + organization,
        PortraitParsingTest.CANONICAL,
        "\"valueInteger\":" + committees);
  }

  @Test
  void everyPortraitEndsKeptOrAsOneDeadLetter() {
    List<ParsedResource> sites =
        List.of(
            parse(1, Fixtures.organization("o1", "11045101")),
            parse(2, Fixtures.organization("o2", "11045102")));
    List<ParsedResource> portraits = new ArrayList<>();
    portraits.add(parse(3, portrait("pr-ok", "o1", "12")));
    portraits.add(
        parse(
            4,
            portrait("pr-early", "o1", "12")
                .replace("2026-03-15T10:00:00-04:00", "2026-03-01T10:00:00-05:00")));
    portraits.add(parse(5, portrait("pr-o2", "o2", "9")));
    portraits.add(parse(6, portrait("pr-dangling", "o-absent", "12")));
    // Version 2 breaks a rule (8 committees, 9 with partners): it is judged, version 1 replaced.
    portraits.add(
        parse(7, Fixtures.withMeta(portrait("pr-v", "o2", "12"), "1", "2026-03-15T00:00:00Z")));
    portraits.add(
        parse(8, Fixtures.withMeta(portrait("pr-v", "o2", "8"), "2", "2026-03-16T00:00:00Z")));

    TestPipeline p = BeamTesting.pipeline();
    PCollection<ParsedResource> establishments =
        p.apply("Sites", Create.of(sites).withCoder(RecordCoder.of(ParsedResource.class)));
    PCollectionTuple selected =
        p.apply("Portraits", Create.of(portraits).withCoder(RecordCoder.of(ParsedResource.class)))
            .apply(new SelectPortraits(establishments));
    PAssert.that(
            selected
                .get(SelectPortraits.PORTRAITS)
                .apply(
                    "DescribeKept",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            k ->
                                k.portrait().id()
                                    + " "
                                    + k.establishment().code()
                                    + " "
                                    + k.portrait().year())))
        .containsInAnyOrder("pr-ok 11045101 2025", "pr-o2 11045102 2025");
    PAssert.that(
            selected
                .get(SelectPortraits.REJECTED)
                .apply(
                    "DescribeRejected",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.resourceId() + "@" + r.source().line() + " " + r.reason())))
        .containsInAnyOrder(
            "pr-early@4 SUPERSEDED",
            "pr-dangling@6 DANGLING_REFERENCE",
            "pr-v@7 SUPERSEDED",
            "pr-v@8 INVALID_VALUE");
    p.run().waitUntilFinish();
  }
}
