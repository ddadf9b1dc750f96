package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.run.ExitCode;

/**
 * The nightly job's promises to a data team: a run killed with {@code kill -9} at any point leaves
 * the last published output intact and readable, the next run succeeds without clean-up, and the
 * same input publishes byte-identical public Parquet.
 */
class AtomicPublishTest {
  @TempDir Path work;

  private ExitCode balises(String... args) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
    ExitCode code = Balises.execute(args, out, out);
    assertThat(sink.toString(StandardCharsets.UTF_8), code, is(ExitCode.OK));
    return code;
  }

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

  /** SHA-256 of every file under {@code public/}, by path, read through the links. */
  private static Map<String, String> publicFiles(Path output) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    Path root = output.resolve("public").toRealPath();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        hashes.put(root.relativize(file).toString(), HexFormat.of().formatHex(digest));
      }
    }
    return hashes;
  }

  private static List<Path> runFolders(Path output) throws IOException {
    try (Stream<Path> list = Files.list(output.resolve(".runs"))) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Test
  void aKilledRunLeavesThePublishedOneAndTheNextRunPublishesTheSameBytes() throws Exception {
    Path input = work.resolve("in");
    Path output = work.resolve("out");
    Path key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    balises("generate", "--patients=300", "--seed=7", "--output=" + input);

    balises(runArgs(input, output, key));
    Path published = Files.readSymbolicLink(output.resolve("current"));
    Map<String, String> before = publicFiles(output);
    assertThat(before.keySet().stream().anyMatch(f -> f.endsWith(".parquet")), is(true));
    assertThat(Files.isRegularFile(output.resolve("manifest.json")), is(true));

    // A second run in its own JVM, killed (SIGKILL) while it writes.
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Balises.class.getName()));
    command.addAll(List.of(runArgs(input, output, key)));
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (runFolders(output).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(6_000);
    assertThat("the second run was still running when killed", run.isAlive(), is(true));
    run.destroyForcibly().waitFor();
    assertThat(runFolders(output).size(), is(2));

    assertThat(Files.readSymbolicLink(output.resolve("current")), is(published));
    assertThat(publicFiles(output), is(before));
    long rows =
        DuckDb.count(
            "select count(*) from read_parquet('"
                + output.resolve("public/indicators").toAbsolutePath()
                + "/**/*.parquet', hive_partitioning = true)");
    assertThat(rows, greaterThan(0L));

    // The next run needs no clean-up, publishes, and removes the killed run's folder.
    balises(runArgs(input, output, key));
    assertThat(Files.readSymbolicLink(output.resolve("current")), is(not(published)));
    assertThat(runFolders(output).size(), is(2));
    assertThat("same input, same public bytes", publicFiles(output), is(before));
  }
}
