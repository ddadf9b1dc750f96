package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listed input that cannot be read stops the run before it starts, naming it (exit 3). A file
 * without read permission is the usual cause, but root reads any file whatever its mode, and CI
 * runs as root; so the input here is one that nobody can open as a file: a name listed as a file
 * that is a folder by the time it is opened (as after a rename between listing and reading). It
 * takes the same path through the job as a permission problem, as any user.
 */
class UnreadableInputTest {
  @Test
  void aListedInputThatCannotBeOpenedStopsTheRunWithExit3NamingIt(@TempDir Path work)
      throws Exception {
    Path readable = Files.writeString(work.resolve("a.ndjson"), "{}\n");
    Path unreadable = Files.createDirectory(work.resolve("b.ndjson"));

    JobFailure failure =
        assertThrows(
            JobFailure.class,
            () -> RunInputs.openEach(List.of(readable.toString(), unreadable.toString())));

    assertThat(failure.exitCode(), is(ExitCode.INPUT));
    assertThat(failure.exitCode().code(), is(3));
    assertThat(failure.getMessage(), startsWith("cannot read input file " + unreadable + ": "));
  }

  @Test
  void readableInputsAreOpenedAndClosedWithoutAWord(@TempDir Path work) throws Exception {
    Path a = Files.writeString(work.resolve("a.ndjson"), "{}\n");
    Path b = Files.writeString(work.resolve("b.ndjson"), "");

    RunInputs.openEach(List.of(a.toString(), b.toString()));

    // Opening changed nothing: the files are still there, whole.
    assertThat(Files.readString(a), is("{}\n"));
    assertThat(Files.size(b), is(0L));
  }
}
