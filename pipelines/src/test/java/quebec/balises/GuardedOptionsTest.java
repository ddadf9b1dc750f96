package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.run.ExitCode;

/**
 * Options that could destroy a publication or a user's files are refused before anything is
 * touched, with the option or the file named, and the exit code the README gives.
 */
class GuardedOptionsTest {
  @TempDir Path work;
  private Path input;
  private Path key;
  private String printed;

  @BeforeEach
  void oneInputFileAndAKey() throws Exception {
    input = Files.createDirectories(work.resolve("in"));
    Files.writeString(input.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\"}\n");
    key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
  }

  private ExitCode run(Path output, String... more) {
    String[] base = {
      "run",
      "--input=" + input + "/*",
      "--output=" + output,
      "--pseudonymKeyFile=" + key,
      "--asOf=2026-11-01",
      "--progressIntervalSeconds=0"
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ExitCode code = Balises.execute(args, stream, stream);
    printed = bytes.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void anOptionGivenTwiceIsNamed() {
    Path output = work.resolve("out-twice");
    assertThat(run(output, "--asOf=2026-11-02"), is(ExitCode.USAGE));
    assertThat(printed, containsString("--asOf is given 2 times (2026-11-01, 2026-11-02)"));
    assertThat("nothing created", Files.exists(output), is(false));
  }

  @Test
  void anOutputWithAWildcardIsRefusedBeforeItCanReachAnotherFolder() throws Exception {
    Path neighbour = Files.createDirectories(work.resolve("out-neighbour/restricted"));
    Files.writeString(neighbour.resolve("keep.txt"), "not Balises'");
    Path output = work.resolve("out-*");
    assertThat(run(output), is(ExitCode.USAGE));
    assertThat(printed, containsString("holds a wildcard character"));
    assertThat(Files.exists(neighbour.resolve("keep.txt")), is(true));
    assertThat("nothing created", Files.exists(output), is(false));
  }

  /**
   * A file whose name is Latin-1 (the byte E9 for "é") cannot be named by this JVM, which decodes
   * names as UTF-8: going on would publish the night without its records. The run stops before
   * anything is touched, naming it.
   */
  @Test
  void aFileWhoseNameCannotBeDecodedStopsTheRunNamingIt() throws Exception {
    Process touch =
        new ProcessBuilder("sh", "-c", "touch \"$(printf 'caf\\351.ndjson')\"")
            .directory(input.toFile())
            .start();
    assertThat(touch.waitFor(), is(0));
    Path output = work.resolve("out-latin1");
    assertThat(run(output), is(ExitCode.INPUT));
    assertThat(printed, containsString("input files that cannot be read"));
    assertThat(printed, containsString("caf"));
    assertThat(printed, containsString("cannot decode the file's name"));
    assertThat("nothing published", Files.exists(output.resolve("current")), is(false));
  }

  @Test
  void aGlobThatMatchesOnlyADirectoryOrABrokenLinkSaysSo() throws Exception {
    Files.createDirectories(work.resolve("only/folder.ndjson"));
    Files.createSymbolicLink(work.resolve("only/gone.ndjson"), work.resolve("nowhere"));
    String[] args = {
      "run",
      "--input=" + work.resolve("only") + "/*.ndjson",
      "--output=" + work.resolve("out-only"),
      "--pseudonymKeyFile=" + key,
      "--progressIntervalSeconds=0"
    };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(Balises.execute(args, stream, stream), is(ExitCode.INPUT));
    String said = bytes.toString(StandardCharsets.UTF_8);
    assertThat(said, containsString("folder.ndjson (not read: a directory)"));
    assertThat(
        said, containsString("gone.ndjson (not read: a symbolic link that leads to no file"));
  }

  @Test
  void keepRunsBelowOneIsAUsageErrorBeforeAnythingIsTouched() {
    for (String keep : new String[] {"0", "-1"}) {
      Path output = work.resolve("out" + keep);
      assertThat(run(output, "--keepRuns=" + keep), is(ExitCode.USAGE));
      assertThat(printed, containsString("--keepRuns=" + keep + " must be at least 1"));
      assertThat("nothing created", Files.exists(output), is(false));
    }
  }

  @Test
  void aUsersFileUnderPublicStopsTheFirstRunAndStaysWhereItIs() throws Exception {
    Path output = work.resolve("out");
    Path mine = Files.createDirectories(output.resolve("public")).resolve("notes.txt");
    Files.writeString(mine, "my notes");

    assertThat(run(output), is(ExitCode.OUTPUT));
    assertThat(printed, containsString("holds a file that Balises did not write"));
    assertThat(printed, containsString(mine.toString()));
    assertThat(Files.readString(mine), is("my notes"));
    assertThat("nothing created", Files.exists(output.resolve(".runs")), is(false));
    assertThat(Files.exists(output.resolve("current")), is(false));
  }

  @Test
  void anOutputThatCannotBeWrittenSaysWhy() throws Exception {
    Path file = Files.writeString(work.resolve("a-file"), "not a folder");

    assertThat(run(file), is(ExitCode.OUTPUT));
    assertThat(printed, containsString("cannot write to --output=" + file + ": "));
    assertThat(printed, containsString("Not a directory"));
    assertThat(Files.readString(file), is("not a folder"));
  }
}
