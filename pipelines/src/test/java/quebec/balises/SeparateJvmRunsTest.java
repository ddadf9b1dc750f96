package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the command line, each in its own JVM, as a scheduler starts them. The same input, {@code
 * --asOf} and key publish the same bytes under {@code public/} from two JVMs: within one JVM,
 * identity hash codes (and so the iteration order of hash sets of enums) repeat, and only two
 * processes show what varies from one night's run to the next. A run stopped by SIGTERM says so in
 * one line on standard error and leaves the published run as it was.
 */
class SeparateJvmRunsTest {
  @TempDir static Path work;
  private static Path input;
  private static Path key;
  private static Path first;

  @BeforeAll
  static void generateAndPublishOnce() throws Exception {
    input = work.resolve("in");
    key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    Jobs.execute("generate", "--patients=120", "--seed=11", "--output=" + input);
    first = work.resolve("first");
    Process run = start(first, work.resolve("first.out"), work.resolve("first.err"));
    finish(run, work.resolve("first.out"), work.resolve("first.err"));
  }

  @Test
  void twoRunsInTwoJvmsPublishIdenticalBytes() throws Exception {
    Path second = work.resolve("second");
    Process run = start(second, work.resolve("second.out"), work.resolve("second.err"));
    finish(run, work.resolve("second.out"), work.resolve("second.err"));

    Map<String, String> published = Jobs.publicFiles(first);
    assertThat(
        "the runs published Parquet",
        published.keySet().stream().filter(f -> f.endsWith(".parquet")).count() > 1,
        is(true));
    Map<String, String> again = Jobs.publicFiles(second);
    List<String> different =
        published.keySet().stream()
            .filter(file -> !published.get(file).equals(again.get(file)))
            .toList();
    assertThat("files whose bytes differ", different, is(List.of()));
    assertThat(again.keySet(), is(published.keySet()));
  }

  @Test
  void sigtermLeavesOneLineOnStandardErrorAndThePublishedRunUntouched() throws Exception {
    Path current = Files.readSymbolicLink(first.resolve("current"));
    Map<String, String> published = Jobs.publicFiles(first);
    Path out = work.resolve("signalled.out");
    Path err = work.resolve("signalled.err");
    Process run = start(first, out, err, 1);
    // Stopped once its progress line shows records read: a step the run has observably reached
    // inside the pipeline, never a time, so that a faster or slower machine stops it alike.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (run.isAlive() && !hasRead(out) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat("the run showed records read", hasRead(out), is(true));
    assertThat("the run was still running when stopped", run.isAlive(), is(true));
    run.destroy(); // SIGTERM
    assertThat(run.waitFor(2, TimeUnit.MINUTES), is(true));

    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    // Libraries may log warnings before the signal (Beam's coder notices); what Balises itself
    // says after a signal is one line.
    List<String> lines =
        stderr
            .lines()
            .filter(line -> !line.isBlank())
            .filter(line -> !line.matches("^\\[[^\\]]+\\] (WARN|INFO) .*"))
            .toList();
    assertThat(stderr, lines.size(), is(1));
    assertThat(lines.get(0), containsString("balises run: stopped by a signal"));
    assertThat(lines.get(0), containsString("the published run is unchanged"));
    assertThat(Files.readSymbolicLink(first.resolve("current")), is(current));
    assertThat(Jobs.publicFiles(first), is(published));
  }

  /** The progress line, whose counts are grouped by the locale's separator. */
  private static final Pattern PROGRESS = Pattern.compile("^progress \\S+  read ([^ ]+)  .*$");

  /** Whether the run's standard output has a progress line with records read. */
  private static boolean hasRead(Path out) throws IOException {
    if (!Files.exists(out)) {
      return false;
    }
    return Files.readString(out, StandardCharsets.UTF_8)
        .lines()
        .map(PROGRESS::matcher)
        .anyMatch(m -> m.matches() && !m.group(1).replaceAll("\\D", "").matches("0*"));
  }

  private static Process start(Path output, Path out, Path err) throws IOException {
    return start(output, out, err, 0);
  }

  private static Process start(Path output, Path out, Path err, int progressSeconds)
      throws IOException {
    ProcessBuilder builder =
        Jobs.separateJvm(
            "run",
            "--input=" + input + "/*",
            "--output=" + output,
            "--pseudonymKeyFile=" + key,
            "--asOf=2026-11-01",
            "--progressIntervalSeconds=" + progressSeconds);
    return builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
  }

  private static void finish(Process run, Path out, Path err) throws Exception {
    if (!run.waitFor(10, TimeUnit.MINUTES)) {
      run.destroyForcibly().waitFor();
    }
    assertThat(
        Files.readString(out, StandardCharsets.UTF_8)
            + Files.readString(err, StandardCharsets.UTF_8),
        run.exitValue(),
        is(0));
  }
}
