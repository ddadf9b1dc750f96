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

class SelectCurrentVersionsTest {
  @Test
  void keepsTheLatestUsableVersionAndDeadLettersEveryOtherRecord() {
    String[] records = {
      Fixtures.withMeta(Fixtures.response("retracted", "p", "e"), "1", "2025-02-11T00:00:00Z"),
      Fixtures.withMeta(
          Fixtures.response("retracted", "p", "e", Fixtures.EQ5D, "2025-02-10", "entered-in-error"),
          "2",
          "2025-02-12T00:00:00Z"),
      Fixtures.withMeta(Fixtures.response("amended", "p", "e"), "1", "2025-02-11T00:00:00Z"),
      Fixtures.withMeta(
          Fixtures.response("amended", "p", "e", Fixtures.EQ5D, "2025-02-10", "amended"),
          "2",
          "2025-02-12T00:00:00Z"),
      Fixtures.response("twice", "p", "e"),
      Fixtures.response("twice", "p", "e"),
      Fixtures.response("future", "p", "e", Fixtures.EQ5D, "2030-01-01", "completed"),
    };
    List<ParsedResource> parsed = Fixtures.parsed(records);
    TestPipeline p = BeamTesting.pipeline();

    PCollectionTuple chosen =
        p.apply(Create.of(parsed).withCoder(SerializableCoder.of(ParsedResource.class)))
            .apply(new SelectCurrentVersions());

    PAssert.that(
            chosen
                .get(SelectCurrentVersions.CURRENT)
                .apply(
                    "Kept",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.id() + "@" + r.source().line())))
        .containsInAnyOrder("amended@4", "twice@5");
    PAssert.that(
            chosen
                .get(SelectCurrentVersions.REJECTED)
                .apply(
                    "Dropped",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.resourceId() + "@" + r.source().line() + ":" + r.reason())))
        .containsInAnyOrder(
            "retracted@1:SUPERSEDED",
            "retracted@2:ENTERED_IN_ERROR",
            "amended@3:SUPERSEDED",
            "twice@6:DUPLICATE",
            "future@7:FUTURE_DATE");
    p.run().waitUntilFinish();
  }
}
