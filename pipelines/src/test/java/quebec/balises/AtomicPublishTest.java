package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job's promises to a data team, with runs of the command line in JVMs of their own, as
 * a scheduler starts them: a run killed with {@code kill -9} at any point leaves the last published
 * output intact and readable; a run stopped by SIGTERM says so in one line on standard error and
 * leaves it as well; the next run succeeds without clean-up; and the same input, {@code --asOf} and
 * key publish the same bytes under {@code public/} from two JVMs (this test's, which publishes
 * first, and the next run's). Within one JVM, identity hash codes (and so the iteration order of
 * hash sets of enums) repeat, and only two processes show what varies from one night's run to the
 * next. The tests run in order on one output folder.
 *
 * <p>That next run is started as cron, systemd or a container often start a nightly job, with no
 * locale ({@code LANG} unset, {@code LC_ALL=C}): the JVM then decodes file names as ASCII, and a
 * file named {@code Établissements.ndjson} could neither be matched nor opened. The export's
 * establishments are in a file of that name; the run must still read it, as it does under a UTF-8
 * locale, and accept its establishments.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AtomicPublishTest {
  @TempDir static Path work;
  private static Path input;
  private static Path output;
  private static Path key;
  private static Path published;
  private static Map<String, String> before;
  private static String accented;
  private static JsonNode nextManifest;

  /** The runs stopped so far, each of which leaves its folder until the next run. */
  private static int stopped;

  @BeforeAll
  static void generateAndPublishOnce() throws Exception {
    input = work.resolve("in");
    output = work.resolve("out");
    key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    Jobs.execute("generate", "--patients=120", "--seed=11", "--output=" + input);
    Path organizations;
    try (Stream<Path> files = Files.list(input)) {
      organizations =
          files
              .filter(f -> f.getFileName().toString().startsWith("Organization."))
              .findFirst()
              .orElseThrow();
    }
    accented =
        "Établissements"
            + organizations.getFileName().toString().substring("Organization".length());
    Files.move(organizations, input.resolve(accented));
    Jobs.execute(runArgs(0));
    published = Files.readSymbolicLink(output.resolve("current"));
    before = Jobs.publicFiles(output);
    assertThat(
        "the run published Parquet",
        before.keySet().stream().filter(f -> f.endsWith(".parquet")).count() > 1,
        is(true));
    assertThat(Files.isRegularFile(output.resolve("manifest.json")), is(true));
  }

  private static String[] runArgs(int progressSeconds) {
    return new String[] {
      "run",
      "--input=" + input + "/*",
      "--output=" + output,
      "--pseudonymKeyFile=" + key,
      "--asOf=2026-11-01",
      "--progressIntervalSeconds=" + progressSeconds
    };
  }

  private static List<Path> runFolders() throws IOException {
    try (Stream<Path> list = Files.list(output.resolve(".runs"))) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** What a stopped run has shown of its progress: its folder, and its last progress line. */
  record Progress(Path folder, long read, long accepted) {}

  /** The progress line; its numbers are grouped by the locale's separator, which is dropped. */
  private static final Pattern PROGRESS =
      Pattern.compile("^progress \\S+  read (.+?)  accepted (.+?)  rejected .+$");

  /**
   * Stops a run of the same job, in its own JVM, with SIGKILL ({@code forcibly}) or SIGTERM as soon
   * as {@code stopWhen} holds for what it has shown: its run folder (polled every 50 ms) and its
   * progress line (every second). Each point is a step the run has observably reached, never a
   * time, so that a faster or slower machine stops it at the same step. Returns what the run wrote
   * on standard error.
   */
  private static String startAndStop(Predicate<Progress> stopWhen, boolean forcibly)
      throws Exception {
    List<Path> folders = runFolders();
    Path err = work.resolve("stopped-" + stopped + ".err");
    Process run = Jobs.separateJvm(runArgs(1)).redirectError(err.toFile()).start();
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
                // The run was stopped: its output ends here.
              }
            },
            "stopped-run-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    boolean reached = false;
    while (run.isAlive() && System.nanoTime() < deadline) {
      List<Path> now = new ArrayList<>(runFolders());
      now.removeAll(folders);
      if (!now.isEmpty()) {
        Progress progress;
        synchronized (counts) {
          progress = new Progress(now.get(0), counts[0], counts[1]);
        }
        if (stopWhen.test(progress)) {
          reached = true;
          break;
        }
      }
      Thread.sleep(50);
    }
    assertThat("the run reached the point where it is stopped", reached, is(true));
    assertThat("the run was still running when stopped", run.isAlive(), is(true));
    stopped++;
    if (forcibly) {
      run.destroyForcibly().waitFor();
    } else {
      run.destroy(); // SIGTERM
      assertThat(run.waitFor(2, TimeUnit.MINUTES), is(true));
    }
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** The published run is the one published first, whole, and readable. */
  private static void publishedRunUntouched() throws Exception {
    assertThat(Files.readSymbolicLink(output.resolve("current")), is(published));
    assertThat(Jobs.publicFiles(output), is(before));
    long rows =
        DuckDb.count("select count(*) from " + DuckDb.parquet(output.resolve("public/indicators")));
    assertThat(rows, greaterThan(0L));
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
  @Order(1)
  void aRunKilledAtAnyPointLeavesThePublishedOneIntact() throws Exception {
    // Runs killed at several points: as soon as their folder exists (start-up), while reading and
    // computing, and once their sinks have begun to write datasets.
    List<Predicate<Progress>> points =
        List.of(
            AtomicPublishTest::started,
            AtomicPublishTest::reading,
            AtomicPublishTest::computing,
            AtomicPublishTest::writingDatasets);
    for (Predicate<Progress> point : points) {
      startAndStop(point, true);
      publishedRunUntouched();
    }
    assertThat("each killed run left its folder", runFolders().size(), is(1 + stopped));
  }

  @Test
  @Order(2)
  void sigtermLeavesOneLineOnStandardErrorAndThePublishedRunUntouched() throws Exception {
    // Stopped once its progress line shows records read, a step inside the pipeline.
    String stderr = startAndStop(AtomicPublishTest::reading, false);
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
    publishedRunUntouched();
    assertThat("the stopped run left its folder", runFolders().size(), is(1 + stopped));
  }

  @Test
  @Order(3)
  void theNextRunInAnotherJvmNeedsNoCleanUpAndPublishesTheSameBytes() throws Exception {
    assertThat("runs were stopped before this one", stopped, greaterThan(0));
    Path out = work.resolve("next.out");
    Path err = work.resolve("next.err");
    ProcessBuilder builder = Jobs.separateJvm(runArgs(0));
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
    environment.put("LC_ALL", "C");
    Process run = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!run.waitFor(10, TimeUnit.MINUTES)) {
      run.destroyForcibly().waitFor();
    }
    assertThat(
        Files.readString(out, StandardCharsets.UTF_8)
            + Files.readString(err, StandardCharsets.UTF_8),
        run.exitValue(),
        is(0));
    nextManifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    // It published, and removed the stopped runs' folders.
    assertThat(Files.readSymbolicLink(output.resolve("current")), is(not(published)));
    assertThat(runFolders().size(), is(2));

    // Same input, same public bytes, from another JVM.
    Map<String, String> again = Jobs.publicFiles(output);
    List<String> different =
        before.keySet().stream().filter(file -> !before.get(file).equals(again.get(file))).toList();
    assertThat("files whose bytes differ", different, is(List.of()));
    assertThat(again.keySet(), is(before.keySet()));
  }

  @Test
  @Order(4)
  void aFileWithAnAccentedNameIsReadWithTheLocaleUnset() {
    assertThat("the next run wrote its manifest", nextManifest != null, is(true));
    JsonNode listed = null;
    for (JsonNode entry : nextManifest.path("inputListing")) {
      if (entry.path("path").asText().endsWith("/" + accented)) {
        listed = entry;
      }
    }
    assertThat("the accented file is listed: " + nextManifest.path("inputListing"), listed != null);
    assertThat(listed.path("outcome").asText(), is("read"));
    JsonNode counted = null;
    for (JsonNode file : nextManifest.path("inputs")) {
      if (file.path("file").asText().endsWith("/" + accented)) {
        counted = file;
      }
    }
    assertThat("the accented file is counted: " + nextManifest.path("inputs"), counted != null);
    assertThat(counted.path("accepted").asLong(), greaterThan(0L));
  }
}
