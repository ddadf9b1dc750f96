package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void aFullDiskIsFoundWhereverItIsInTheChain() {
    IOException full = new IOException("No space left on device");
    RuntimeException pipeline =
        new RuntimeException("Job failed", new UncheckedIOException(new IOException("x", full)));
    assertThat(Failures.diskFull(pipeline), is(sameInstance(full)));
    RuntimeException wrapped =
        new RuntimeException("the pipeline failed: IOException: No space left on device", full);
    assertThat(
        "the deepest one, not a wrapper", Failures.diskFull(wrapped), is(sameInstance(full)));

    FileSystemException quota = new FileSystemException("/out/x", null, "Disk quota exceeded");
    RuntimeException closing = new RuntimeException("closing");
    closing.addSuppressed(quota);
    assertThat(Failures.diskFull(closing), is(sameInstance(quota)));

    assertThat(
        Failures.diskFull(new RuntimeException(new IOException("Broken pipe"))), nullValue());
  }

  @Test
  void reasonsNameTheProblemNotJustThePath() {
    assertThat(Failures.why(new AccessDeniedException("/out")), is("permission denied on /out"));
    assertThat(Failures.why(new NoSuchFileException("/out")), is("/out does not exist"));
    assertThat(
        Failures.why(new FileSystemException("/out/.runs", null, "Not a directory")),
        is("Not a directory (/out/.runs)"));
    assertThat(Failures.why(new IOException()), is("IOException"));
  }
}
