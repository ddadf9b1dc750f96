package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnpublishableTest {
  @Test
  void aReconciledRunWithoutInternalErrorsIsPublished() {
    assertThat(RunJob.unpublishable(List.of(), List.of(), 0, 0, ""), nullValue());
  }

  @Test
  void anInternalErrorFailsTheRunWithExit1EvenWhenItReconciles() {
    JobFailure failure = RunJob.unpublishable(List.of(), List.of(), 2, 0, " (it is in .runs/r1)");
    assertThat(failure.exitCode(), is(ExitCode.RUN_FAILED));
    assertThat(
        failure.getMessage(),
        is(
            "2 record(s) failed with an internal error (reason INTERNAL_ERROR in"
                + " restricted/rejected names the exception and its stack trace); the run was not"
                + " published (it is in .runs/r1)"));
  }

  @Test
  void countsThatDoNotReconcileComeFirstWithExit5() {
    JobFailure failure =
        RunJob.unpublishable(
            List.of("a.ndjson"), List.of("restricted/patients: counted 2, in files 1"), 1, 0, "");
    assertThat(failure.exitCode(), is(ExitCode.RECONCILIATION));
    assertThat(
        failure.getMessage(),
        is(
            "counts do not reconcile (read != accepted + rejected for [a.ndjson]; the rows in the"
                + " files are not the rows counted: restricted/patients: counted 2, in files 1);"
                + " the run was not published"));
  }
}
