package quebec.balises.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailsafeTest {
  private static ParsedResource patient(String id, long line) {
    return new ParsedResource(
        SourceRef.line("night.ndjson", line),
        ResourceKind.PATIENT,
        id,
        id,
        null,
        null,
        null,
        null,
        null,
        "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}");
  }

  @Test
  void completedWorkReleasesItsOutputsInOrder() {
    List<String> out = new ArrayList<>();

    Throwable failure =
        Failsafe.run(
            held -> {
              held.output(out::add, "a");
              held.output(out::add, "b");
              // Nothing is released while the work runs.
              assertThat(out, empty());
            });

    assertThat(failure, nullValue());
    assertThat(out, contains("a", "b"));
  }

  @Test
  void workThatThrowsHalfWayReleasesNothing() {
    List<String> out = new ArrayList<>();

    Throwable failure =
        Failsafe.run(
            held -> {
              held.output(out::add, "accepted before the bug");
              throw new IllegalStateException("boom");
            });

    assertThat(failure, instanceOf(IllegalStateException.class));
    assertThat(failure.getMessage(), is("boom"));
    // The record emitted before the failure must not also be accepted: it is a dead letter only.
    assertThat(out, empty());
  }

  @Test
  void eachRecordOfAFailedElementBecomesOneInternalErrorWithItsStackTrace() {
    List<String> accepted = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    List<ParsedResource> group = List.of(patient("p1", 3), patient("p2", 7));

    boolean completed =
        Failsafe.run(
            group,
            "LinkReferences.LinkEpisodes",
            rejected::add,
            held -> {
              held.output(accepted::add, "p1");
              Object missing = null;
              missing.hashCode();
            });

    assertThat(completed, is(false));
    assertThat(accepted, empty());
    assertThat(rejected.size(), is(2));
    Rejection first = rejected.get(0);
    assertThat(first.reason(), is(RejectReason.INTERNAL_ERROR));
    assertThat(first.source(), is(SourceRef.line("night.ndjson", 3)));
    assertThat(first.resourceType(), is("Patient"));
    assertThat(first.resourceId(), is("p1"));
    assertThat(first.rawRecord(), is("{\"resourceType\":\"Patient\",\"id\":\"p1\"}"));
    assertThat(
        first.message(),
        startsWith(
            "LinkReferences.LinkEpisodes failed unexpectedly: java.lang.NullPointerException"));
    assertThat(first.stackTrace(), startsWith("java.lang.NullPointerException"));
    assertThat(first.stackTrace().contains("at quebec.balises.model.FailsafeTest"), is(true));
    assertThat(rejected.get(1).resourceId(), is("p2"));
    assertThat(rejected.get(1).stackTrace(), is(first.stackTrace()));
  }

  @Test
  void aRuleMadeRejectionHasNoStackTrace() {
    Rejection rule = Rejection.of(patient("p1", 1), RejectReason.MISSING_ID, "no id");
    assertThat(rule.stackTrace(), nullValue());
  }

  @Test
  void theStackTraceIsCutAtItsBound() {
    // printStackTrace writes the class, ": ", the message, then the frames: 20,000 characters of
    // message alone are past the bound.
    String trace = Failsafe.stackTrace(new IllegalStateException("x".repeat(20_000)));

    assertThat(trace.length(), is(Failsafe.MAX_STACK_TRACE_CHARS));
    assertThat(trace, startsWith("java.lang.IllegalStateException: xxx"));
    assertThat(trace, endsWith("\t... (cut at 8192 characters)"));
  }

  @Test
  void aShortStackTraceIsKeptWhole() {
    IllegalArgumentException failure = new IllegalArgumentException("short");
    String trace = Failsafe.stackTrace(failure);

    assertThat(trace, startsWith("java.lang.IllegalArgumentException: short\n\tat "));
    assertThat(trace.length() < Failsafe.MAX_STACK_TRACE_CHARS, is(true));
    assertThat(trace.contains("(cut at"), is(false));
  }

  @Test
  void aStackOverflowCostsTheElementButAnOutOfMemoryErrorIsTheRunnersToHandle() {
    assertThat(
        Failsafe.run(
            held -> {
              throw new StackOverflowError();
            }),
        instanceOf(StackOverflowError.class));
    assertThrows(
        OutOfMemoryError.class,
        () ->
            Failsafe.run(
                held -> {
                  throw new OutOfMemoryError("heap");
                }));
  }

  @Test
  void aDerivedElementIsNamedByTheRecordItComesFromOrElseAsDerived() {
    IllegalStateException failure = new IllegalStateException("no model");

    Rejection fromEpisode =
        Failsafe.derived(
            SourceRef.line("episodes.ndjson", 12), "cell A", "FigureEachCell", failure);
    Rejection fromNothing =
        Failsafe.derived(null, "y".repeat(5_000), "ExportMeasureReports", failure);

    assertThat(fromEpisode.source(), is(SourceRef.line("episodes.ndjson", 12)));
    assertThat(fromEpisode.rawRecord(), is("cell A"));
    assertThat(fromEpisode.resourceType(), nullValue());
    assertThat(fromEpisode.reason(), is(RejectReason.INTERNAL_ERROR));
    assertThat(
        fromEpisode.message(),
        is("FigureEachCell failed unexpectedly: java.lang.IllegalStateException: no model"));
    assertThat(fromNothing.source(), is(SourceRef.wholeFile("(derived)")));
    assertThat(fromNothing.rawRecord().length(), is(4_096 + 3));
  }
}
