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

  @Test
  void aTabOrNewlineInAFileNameCannotCorruptTheCounts(@TempDir Path out) throws Exception {
    TestPipeline p = BeamTesting.pipeline();
    String tabbed = "night\tA.ndjson";
    String newline = "night\nB.ndjson";
    List<Outcome> outcomes =
        List.of(
            new Outcome(tabbed, "Patient", null),
            new Outcome(tabbed, "unknown", "DELETION_REQUEST"),
            new Outcome(newline, "Patient", "INVALID_VALUE"),
            new Outcome("night", "A.ndjson\tPatient", null));
    List<FileSummary> files =
        List.of(
            new FileSummary(tabbed, "aa", 10, 2, 0),
            new FileSummary(newline, "bb", 5, 1, 0),
            new FileSummary("night", "cc", 5, 1, 0));

    PCollectionTuple.of(
            TallyOutcomes.OUTCOMES,
            p.apply("Outcomes", Create.of(outcomes).withCoder(OutcomeCoder.of())))
        .and(
            TallyOutcomes.FILES,
            p.apply("Files", Create.of(files).withCoder(SerializableCoder.of(FileSummary.class))))
        .apply(new TallyOutcomes(out.toString()));
    p.run().waitUntilFinish();

    Tally tally = Tally.parse(Files.readAllLines(out.resolve(TallyOutcomes.TALLY_FILE)));
    assertThat(tally.files().keySet(), contains("night", tabbed, newline));
    assertThat(tally.files().get(tabbed).total().accepted(), is(1L));
    assertThat(tally.files().get(tabbed).total().rejected(), is(1L));
    assertThat(tally.files().get(newline).total().rejected(), is(1L));
    assertThat(tally.rejectedByReason().get("INVALID_VALUE"), is(1L));
    assertThat(tally.byType().get("A.ndjson\tPatient").accepted(), is(1L));
    assertThat(tally.unreconciledFiles(), is(List.of()));
  }

  @Test
  void theOutcomeCoderIsDeterministicAndRoundTrips() throws Exception {
    org.apache.beam.sdk.testing.CoderProperties.coderDeterministic(
        OutcomeCoder.of(),
        new Outcome("a\tb", "Patient", null),
        new Outcome("a\tb", "Patient", null));
    org.apache.beam.sdk.testing.CoderProperties.coderDecodeEncodeEqual(
        OutcomeCoder.of(), new Outcome("a\tb", "Patient", "INVALID_ID"));
    org.apache.beam.sdk.testing.CoderProperties.coderDecodeEncodeEqual(
        OutcomeCoder.of(), new Outcome("", "", null));
    org.apache.beam.sdk.testing.CoderProperties.coderDecodeEncodeEqual(
        OutcomeCoder.of(), new Outcome("a", "Patient", "INTERNAL_ERROR", Outcome.Kind.WITHDRAWN));
    OutcomeCoder.of().verifyDeterministic();
  }
}
