package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
    return new String[] {
      "run",
      "--input=" + input + "/*",
      "--output=" + output,
      "--pseudonymKeyFile=" + key,
      "--asOf=2026-11-01",
      "--progressIntervalSeconds=0"
    };
  }

  private static List<Path> runFolders(Path output) throws IOException {
    try (Stream<Path> list = Files.list(output.resolve(".runs"))) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  /**
   * Kills a run of the same job, in its own JVM, with SIGKILL once {@code killWhen} holds for its
   * run folder (polled every 50 ms).
   */
  private void startAndKill(Path input, Path output, Path key, Predicate<Path> killWhen)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Balises.class.getName()));
    command.addAll(List.of(runArgs(input, output, key)));
    List<Path> before = runFolders(output);
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Path folder = null;
    while (run.isAlive() && System.nanoTime() < deadline) {
      List<Path> now = new ArrayList<>(runFolders(output));
      now.removeAll(before);
      folder = now.isEmpty() ? null : now.get(0);
      if (folder != null && killWhen.test(folder)) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat("the run was still running when killed", run.isAlive(), is(true));
    run.destroyForcibly().waitFor();
  }

  private static Predicate<Path> after(long millis) {
    long[] seen = {0};
    return folder -> {
      if (seen[0] == 0) {
        seen[0] = System.nanoTime();
      }
      return System.nanoTime() - seen[0] >= TimeUnit.MILLISECONDS.toNanos(millis);
    };
  }

  /** The sinks have begun: their temporary files are being written. */
  private static boolean writingDatasets(Path folder) {
    return Files.isDirectory(folder.resolve(".balises-run/sink-temp"));
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
    List<Predicate<Path>> points =
        List.of(after(0), after(3_000), after(6_000), AtomicPublishTest::writingDatasets);
    for (Predicate<Path> point : points) {
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
