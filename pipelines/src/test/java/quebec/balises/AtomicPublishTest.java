package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job's promises to a data team: a run killed with {@code kill -9} at any point leaves
 * the last published output intact and readable, the next run succeeds without clean-up, and the
 * same input publishes byte-identical public Parquet.
 */
class AtomicPublishTest {
  @TempDir Path work;

  private String[] runArgs(Path input, Path output, Path key) {
    return runArgs(input, output, key, 0);
  }

  private String[] runArgs(Path input, Path output, Path key, int progressSeconds) {
    return new String[] {
      "run",
      "--input=" + input + "/*",
      "--output=" + output,
      "--pseudonymKeyFile=" + key,
      "--asOf=2026-11-01",
      "--progressIntervalSeconds=" + progressSeconds
    };
  }

  private static List<Path> runFolders(Path output) throws IOException {
    try (Stream<Path> list = Files.list(output.resolve(".runs"))) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** What a killed run has shown of its progress: its folder, and its last progress line. */
  record Progress(Path folder, long read, long accepted) {}

  /** The progress line; its numbers are grouped by the locale's separator, which is dropped. */
  private static final Pattern PROGRESS =
      Pattern.compile("^progress \\S+  read (.+?)  accepted (.+?)  rejected .+$");

  /**
   * Kills a run of the same job, in its own JVM, with SIGKILL as soon as {@code killWhen} holds for
   * what it has shown: its run folder (polled every 50 ms) and its progress line (every second).
   * Each point is a step the run has observably reached, never a time, so that a faster or slower
   * machine kills it at the same step.
   */
  private void startAndKill(Path input, Path output, Path key, Predicate<Progress> killWhen)
      throws Exception {
    List<String> command = new ArrayList<>(Jobs.javaCommand());
    command.addAll(List.of(runArgs(input, output, key, 1)));
    List<Path> before = runFolders(output);
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    long[] counts = {0, 0};
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  Matcher progress = PROGRESS.matcher(line);
                  if (progress.matches()) {
                    synchronized (counts) {
                      counts[0] = Long.parseLong(progress.group(1).replaceAll("\\D", ""));
                      counts[1] = Long.parseLong(progress.group(2).replaceAll("\\D", ""));
                    }
                  }
                }
              } catch (IOException e) {
                // The run was killed: its output ends here.
              }
            },
            "killed-run-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    boolean reached = false;
    while (run.isAlive() && System.nanoTime() < deadline) {
      List<Path> now = new ArrayList<>(runFolders(output));
      now.removeAll(before);
      if (!now.isEmpty()) {
        Progress progress;
        synchronized (counts) {
          progress = new Progress(now.get(0), counts[0], counts[1]);
        }
        if (killWhen.test(progress)) {
          reached = true;
          break;
        }
      }
      Thread.sleep(50);
    }
    assertThat("the run reached the kill point", reached, is(true));
    assertThat("the run was still running when killed", run.isAlive(), is(true));
    run.destroyForcibly().waitFor();
  }

  /** Start-up: as soon as the run's folder exists. */
  private static boolean started(Progress progress) {
    return true;
  }

  /** Reading: the progress line counts records read. */
  private static boolean reading(Progress progress) {
    return progress.read() > 0;
  }

  /** Computing: records have been read, linked and scored, and are being counted as accepted. */
  private static boolean computing(Progress progress) {
    return progress.accepted() > 0;
  }

  /** The sinks have begun: their temporary files are being written. */
  private static boolean writingDatasets(Progress progress) {
    return Files.isDirectory(progress.folder().resolve(".balises-run/sink-temp"));
  }

  @Test
  void aKilledRunLeavesThePublishedOneAndTheNextRunPublishesTheSameBytes() throws Exception {
    Path input = work.resolve("in");
    Path output = work.resolve("out");
    Path key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    Jobs.execute("generate", "--patients=300", "--seed=7", "--output=" + input);

    Jobs.execute(runArgs(input, output, key));
    Path published = Files.readSymbolicLink(output.resolve("current"));
    Map<String, String> before = Jobs.publicFiles(output);
    assertThat(before.keySet().stream().anyMatch(f -> f.endsWith(".parquet")), is(true));
    assertThat(Files.isRegularFile(output.resolve("manifest.json")), is(true));

    // Runs killed at several points: as soon as their folder exists (start-up), while reading and
    // computing, and once their sinks have begun to write datasets.
    List<Predicate<Progress>> points =
        List.of(
            AtomicPublishTest::started,
            AtomicPublishTest::reading,
            AtomicPublishTest::computing,
            AtomicPublishTest::writingDatasets);
    for (Predicate<Progress> point : points) {
      startAndKill(input, output, key, point);
      assertThat(Files.readSymbolicLink(output.resolve("current")), is(published));
      assertThat(Jobs.publicFiles(output), is(before));
      long rows =
          DuckDb.count(
              "select count(*) from " + DuckDb.parquet(output.resolve("public/indicators")));
      assertThat(rows, greaterThan(0L));
    }
    assertThat("each killed run left its folder", runFolders(output).size(), is(1 + points.size()));

    // The next run needs no clean-up, publishes, and removes the killed runs' folders.
    Jobs.execute(runArgs(input, output, key));
    assertThat(Files.readSymbolicLink(output.resolve("current")), is(not(published)));
    assertThat(runFolders(output).size(), is(2));
    assertThat("same input, same public bytes", Jobs.publicFiles(output), is(before));
  }
}
