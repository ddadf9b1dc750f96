package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.BeamTesting;
import quebec.balises.model.FileSummary;

class TallyOutcomesTest {
  @Test
  void countsOutcomesPerFileTypeAndReasonBesideWhatEachFileHeld(@TempDir Path out)
      throws Exception {
    TestPipeline p = BeamTesting.pipeline();
    List<Outcome> outcomes =
        List.of(
            new Outcome("a.ndjson", "Patient", null),
            new Outcome("a.ndjson", "Patient", null),
            new Outcome("a.ndjson", "unknown", "MALFORMED_JSON"),
            new Outcome("b.ndjson", "Patient", null));
    List<FileSummary> files =
        List.of(
            new FileSummary("a.ndjson", "aa", 10, 3, 0),
            new FileSummary("b.ndjson", "bb", 5, 2, 0));

    PCollectionTuple.of(
            TallyOutcomes.OUTCOMES,
            p.apply("Outcomes", Create.of(outcomes).withCoder(SerializableCoder.of(Outcome.class))))
        .and(
            TallyOutcomes.FILES,
            p.apply("Files", Create.of(files).withCoder(SerializableCoder.of(FileSummary.class))))
        .apply(new TallyOutcomes(out.toString()));
    p.run().waitUntilFinish();

    Tally tally = Tally.parse(Files.readAllLines(out.resolve(TallyOutcomes.TALLY_FILE)));
    assertThat(tally.files().get("a.ndjson").total().accepted(), is(2L));
    assertThat(tally.rejectedByReason().get("MALFORMED_JSON"), is(1L));
    // b.ndjson held 2 records but only one outcome came back: the run must not reconcile.
    assertThat(tally.unreconciledFiles(), contains("b.ndjson"));
  }
}
