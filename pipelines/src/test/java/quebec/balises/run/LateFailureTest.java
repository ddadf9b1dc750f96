package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.BeamTesting;
import quebec.balises.DuckDb;
import quebec.balises.Fixtures;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.journey.FollowPatients;
import quebec.balises.model.FileSummary;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.RestrictedDatasets;
import quebec.balises.publish.RestrictedRows;
import quebec.balises.publish.RowMapper;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * An unexpected exception on one element, in a stage after parsing, costs that element's records
 * only: each becomes one INTERNAL_ERROR dead letter with its stack trace, every record still counts
 * once in the tally, and the run fails with exit 1.
 */
class LateFailureTest {
  private static final String FILE = "t.ndjson";

  @Test
  void aRecordLinkageCannotReadIsOneInternalErrorAndItsNeighboursAreKept(@TempDir Path out)
      throws Exception {
    List<ParsedResource> input =
        new ArrayList<>(
            Fixtures.parsed(
                Fixtures.organization("o1", "11045101"),
                Fixtures.patient("p1"),
                Fixtures.patient("p2")));
    // A response with neither content nor a problem: reading its content throws. The parser never
    // lets one through today; if a change ever did, it must cost this record's journey only (it
    // names no patient: a journey of its own).
    ParsedResource p2 = input.remove(2);
    input.add(
        new ParsedResource(
            p2.source(),
            ResourceKind.QUESTIONNAIRE_RESPONSE,
            "r1",
            null,
            p2.versionId(),
            p2.lastUpdatedMillis(),
            p2.status(),
            null,
            null,
            p2.rawRecord()));
    TestPipeline p = BeamTesting.pipeline();

    PCollectionTuple linked =
        p.apply(Create.of(input).withCoder(SerializableCoder.of(ParsedResource.class)))
            .apply(new FollowPatients(TimepointPlan.bundled(), InstrumentRegistry.bundled()));
    PCollection<Rejection> rejected = linked.get(FollowPatients.REJECTED);
    PAssert.that(rejected)
        .satisfies(
            all -> {
              List<Rejection> list = new ArrayList<>();
              all.forEach(list::add);
              assertThat(list.size(), is(1));
              Rejection r = list.get(0);
              assertThat(r.reason(), is(RejectReason.INTERNAL_ERROR));
              assertThat(r.resourceType(), is("QuestionnaireResponse"));
              assertThat(r.resourceId(), is("r1"));
              assertThat(r.source().line(), is(3L));
              assertThat(r.rawRecord(), is(p2.rawRecord()));
              assertThat(
                  r.message(),
                  is(
                      "PatientJourney failed unexpectedly:"
                          + " java.lang.IllegalStateException: QuestionnaireResponse/r1 has no"
                          + " QuestionnaireResponse content"));
              assertThat(
                  r.stackTrace(),
                  startsWith("java.lang.IllegalStateException: QuestionnaireResponse/r1 has no"));
              assertThat(r.stackTrace(), containsString("PatientJourney.linkResponse"));
              return null;
            });
    PCollection<Outcome> outcomes =
        PCollectionList.of(accepted(linked.get(FollowPatients.PATIENTS), "Patients"))
            .and(accepted(linked.get(FollowPatients.ESTABLISHMENTS), "Establishments"))
            .and(failed(rejected, Outcome.Kind.RECORD, "Rejected"))
            .apply(Flatten.pCollections());
    tally(p, outcomes, 3, out);
    p.run().waitUntilFinish();

    Tally tally = readTally(out);
    Tally.Counts file = tally.files().get(FILE).total();
    assertThat(file.read(), is(3L));
    assertThat(file.accepted(), is(2L));
    assertThat(file.rejected(), is(1L));
    assertThat(tally.unreconciledFiles(), is(List.of()));
    assertThat(tally.rejectedByReason().get("INTERNAL_ERROR"), is(1L));
    JobFailure failure = unpublishable(tally);
    assertThat(failure.exitCode(), is(ExitCode.RUN_FAILED));
    assertThat(failure.exitCode().code(), is(1));
    assertThat(failure.getMessage(), startsWith("1 record(s) failed with an internal error"));
  }

  @Test
  void aRecordWhoseRowCannotBeBuiltIsWithdrawnFromAcceptedAndCountsOnce(@TempDir Path out)
      throws Exception {
    Path key = Files.writeString(out.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    List<ParsedResource> patients =
        Fixtures.parsed(Fixtures.patient("p1"), Fixtures.patient("p2"), Fixtures.patient("p3"));
    RowMapper<ParsedResource> rows = RestrictedRows.patients();
    // A row builder with a bug on one patient: the patient was counted as accepted before its row
    // was built, so the failure must move it to rejected, not add a second outcome.
    RowMapper<ParsedResource> buggy =
        (patient, context) -> {
          if (patient.id().equals("p2")) {
            throw new IllegalStateException("row bug on " + patient.id());
          }
          return rows.toRow(patient, context);
        };
    TestPipeline p = BeamTesting.pipeline();

    PCollection<ParsedResource> accepted =
        p.apply(Create.of(patients).withCoder(SerializableCoder.of(ParsedResource.class)));
    RestrictedDatasets restricted =
        RestrictedDatasets.under(out.toString(), PseudonymKeySource.of(key.toString()));
    PCollection<Rejection> withdrawn = accepted.apply(restricted.rowsOf(Dataset.PATIENTS, buggy));
    p.apply(restricted.write());
    PAssert.that(withdrawn)
        .satisfies(
            all -> {
              Rejection r = all.iterator().next();
              assertThat(r.resourceId(), is("p2"));
              assertThat(r.reason(), is(RejectReason.INTERNAL_ERROR));
              assertThat(
                  r.message(),
                  is(
                      "DatasetSink.ToRows failed unexpectedly: java.lang.IllegalStateException:"
                          + " row bug on p2"));
              assertThat(r.stackTrace(), startsWith("java.lang.IllegalStateException: row bug"));
              return null;
            });
    PCollection<Outcome> outcomes =
        PCollectionList.of(accepted(accepted, "Patients"))
            .and(failed(withdrawn, Outcome.Kind.WITHDRAWN, "Withdrawn"))
            .apply(Flatten.pCollections());
    tally(p, outcomes, 3, out);
    p.run().waitUntilFinish();

    Tally tally = readTally(out);
    Tally.Counts file = tally.files().get(FILE).total();
    assertThat(file.read(), is(3L));
    assertThat(file.accepted(), is(2L));
    assertThat(file.rejected(), is(1L));
    assertThat(tally.byType().get("Patient").accepted(), is(2L));
    assertThat(tally.byType().get("Patient").rejected(), is(1L));
    assertThat(tally.unreconciledFiles(), is(List.of()));
    assertThat(tally.rejectedByReason().get("INTERNAL_ERROR"), is(1L));
    // The files hold the rows counted as accepted: the row check passes too.
    assertThat(
        DuckDb.query(
                "select count(*) as n from " + DuckDb.parquet(out.resolve("restricted/patients")))
            .get(0)
            .get("n"),
        is(2L));
    assertThat(unpublishable(tally).exitCode(), is(ExitCode.RUN_FAILED));
  }

  @Test
  void aDerivedFailureFailsTheRunWithoutTouchingTheInputCounts(@TempDir Path out) throws Exception {
    TestPipeline p = BeamTesting.pipeline();
    List<Outcome> outcomes =
        List.of(
            new Outcome(FILE, "Patient", null),
            new Outcome(FILE, "Patient", null),
            new Outcome(
                "(derived)", "unknown", RejectReason.INTERNAL_ERROR.name(), Outcome.Kind.DERIVED));
    tally(p, p.apply(Create.of(outcomes).withCoder(OutcomeCoder.of())), 2, out);
    p.run().waitUntilFinish();

    Tally tally = readTally(out);
    assertThat(tally.total().read(), is(2L));
    assertThat(tally.total().accepted(), is(2L));
    assertThat(tally.total().rejected(), is(0L));
    assertThat(tally.derivedFailures(), is(1L));
    assertThat(tally.unreconciledFiles(), is(List.of()));
    JobFailure failure = unpublishable(tally);
    assertThat(failure.exitCode(), is(ExitCode.RUN_FAILED));
    assertThat(
        failure.getMessage(),
        startsWith(
            "0 record(s) and 1 derived element(s) (pairs, indicator cells, rows) failed with an"
                + " internal error"));
  }

  private static PCollection<Outcome> accepted(PCollection<ParsedResource> records, String name) {
    return records.apply(
        name + "Outcomes",
        MapElements.into(TypeDescriptor.of(Outcome.class))
            .via(r -> new Outcome(r.source().file(), r.kind().label(), null)));
  }

  private static PCollection<Outcome> failed(
      PCollection<Rejection> rejections, Outcome.Kind kind, String name) {
    return rejections.apply(
        name + "Outcomes",
        MapElements.into(TypeDescriptor.of(Outcome.class))
            .via(r -> BalisesPipeline.failure(r, kind)));
  }

  private static void tally(TestPipeline p, PCollection<Outcome> outcomes, long records, Path out) {
    PCollectionTuple.of(TallyOutcomes.OUTCOMES, outcomes)
        .and(
            TallyOutcomes.FILES,
            p.apply(
                "Files",
                Create.of(new FileSummary(FILE, "aa", 100, records, 0))
                    .withCoder(SerializableCoder.of(FileSummary.class))))
        .apply(new TallyOutcomes(out.toString()));
  }

  private static Tally readTally(Path out) throws Exception {
    return Tally.parse(Files.readAllLines(out.resolve(TallyOutcomes.TALLY_FILE)));
  }

  private static JobFailure unpublishable(Tally tally) {
    return RunJob.unpublishable(
        tally.unreconciledFiles(),
        List.of(),
        tally.rejectedByReason().getOrDefault(RejectReason.INTERNAL_ERROR.name(), 0L),
        tally.derivedFailures(),
        "");
  }
}
