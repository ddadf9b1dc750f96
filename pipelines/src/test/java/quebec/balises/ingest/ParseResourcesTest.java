package quebec.balises.ingest;

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
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

class ParseResourcesTest {
  @Test
  void parsesReadableRecordsAndDeadLettersTheRestWithTheirOrigin() {
    TestPipeline p = BeamTesting.pipeline();
    List<SourceRecord> records =
        List.of(
            new SourceRecord(SourceRef.line("a.ndjson", 1), Fixtures.patient("p1")),
            new SourceRecord(SourceRef.line("a.ndjson", 2), "{not json"),
            new SourceRecord(SourceRef.entry("b.json", 0), Fixtures.response("r1", "p1", "e1")));

    PCollectionTuple parsed =
        p.apply(Create.of(records).withCoder(SerializableCoder.of(SourceRecord.class)))
            .apply(new ParseResources(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 1, 1)));

    PAssert.that(
            parsed
                .get(ParseResources.PARSED)
                .apply(
                    "References",
                    MapElements.into(TypeDescriptors.strings()).via(r -> r.reference())))
        .containsInAnyOrder("Patient/p1", "QuestionnaireResponse/r1");
    PAssert.that(
            parsed
                .get(ParseResources.REJECTED)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.source() + " " + r.reason())))
        .containsInAnyOrder("a.ndjson:2 MALFORMED_JSON");
    p.run().waitUntilFinish();
  }
}
