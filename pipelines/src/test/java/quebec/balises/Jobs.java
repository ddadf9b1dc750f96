package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import quebec.balises.publish.ReleaseChanges;
import quebec.balises.run.ExitCode;

/** Runs the command line in this JVM, and reads what a run published, for end-to-end tests. */
final class Jobs {
  private Jobs() {}

  /** Runs {@code balises ARGS} and fails the test, with what it printed, unless it exits 0. */
  static void execute(String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    ExitCode code = Balises.execute(args, out, out);
    assertThat(
        String.join(" ", args) + "\n" + printed.toString(StandardCharsets.UTF_8),
        code,
        is(ExitCode.OK));
  }

  /**
   * {@code balises ARGS} in a JVM of its own, on this test's class path, with no key in its
   * environment (tests pass it as a file).
   */
  static ProcessBuilder separateJvm(String... args) {
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("BALISES_PSEUDONYM_KEY");
    return builder;
  }

  /**
   * {@code java} running {@code Balises} on this test's class path, compiled by the JIT's first
   * tier only: a test's run lasts seconds, and on a small machine the optimising compiler's work
   * for so short a life costs more CPU than it saves (about half the CPU of a run of a small input,
   * docs/testing.md). What is run, and so what is written, does not depend on the flag.
   */
  static List<String> javaCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        Balises.class.getName());
  }

  /**
   * SHA-256 of every file under {@code OUTPUT/public/}, by path, read through the links, except
   * {@code release.json}, which names the run (its id) and so differs between two runs of the same
   * input.
   */
  static Map<String, String> publicFiles(Path output) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    Path root = output.resolve("public").toRealPath();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(file).toString();
        // release.json names the run. CHANGELOG.md names it too and carries the history of every
        // release published in that output folder, and changes.csv compares with the previous
        // one: both depend on what was published before, not only on the input.
        if (relative.equals("release.json")
            || relative.equals(ReleaseChanges.CHANGELOG)
            || relative.equals(ReleaseChanges.CHANGES)) {
          continue;
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        hashes.put(root.relativize(file).toString(), HexFormat.of().formatHex(digest));
      }
    }
    return hashes;
  }
}
