package quebec.balises.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner a command line gets: with none named, the Flink runner on its embedded cluster ({@code
 * [local]}), exactly as if {@code --runner=FlinkRunner --flinkMaster=[local]} were given, task
 * slots included. So a run with those two options is the default run, and the end-to-end tests
 * ({@code RunnersTest}) need not run the job a third time to compare them.
 */
class DefaultRunnerTest {
  @TempDir Path work;

  private static final List<String> COMMON =
      List.of("--input=in/*", "--output=out", "--asOf=2026-11-01");

  private static String[] args(String... more) {
    return Stream.concat(COMMON.stream(), Arrays.stream(more)).toArray(String[]::new);
  }

  /** What decides where and how a run runs: its runner, Flink master and task slots. */
  private static List<Object> placement(String[] args, List<String> inputs) {
    RunOptions options = JobOptions.parse(args);
    JobOptions.slotsForTheEmbeddedCluster(options, args, inputs);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    return List.of(options.getRunner(), flink.getFlinkMaster(), flink.getParallelism());
  }

  @Test
  void theDefaultIsTheFlinkRunnerNamedWithItsEmbeddedCluster() throws Exception {
    // An input of two slots' worth on a machine of at least two cores gets two slots either way.
    Path big = work.resolve("big.ndjson");
    try (var file =
        Files.newByteChannel(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      file.position(JobOptions.BYTES_PER_SLOT);
      file.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
    for (List<String> inputs : List.of(List.<String>of(), List.of(big.toString()))) {
      List<Object> standard = placement(args(), inputs);
      int slots =
          JobOptions.slots(
              inputs.isEmpty() ? 0 : JobOptions.BYTES_PER_SLOT + 1,
              Runtime.getRuntime().availableProcessors());
      assertEquals(List.of(FlinkRunner.class, "[local]", slots), standard);
      assertEquals(
          standard,
          placement(args("--runner=FlinkRunner", "--flinkMaster=[local]"), inputs),
          inputs.toString());
    }
  }

  @Test
  void aNamedParallelismOrMasterIsKept() {
    assertEquals(
        List.of(FlinkRunner.class, "[local]", 3), placement(args("--parallelism=3"), List.of()));
    assertEquals(
        List.of(FlinkRunner.class, "[local]", 3),
        placement(
            args("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=3"), List.of()));
    assertEquals(
        List.of(FlinkRunner.class, "localhost:8081", -1),
        placement(args("--flinkMaster=localhost:8081"), List.of()));
  }

  @Test
  void theDirectRunnerSkipsTheElementChecksOfTests() {
    RunOptions options = JobOptions.parse(args("--runner=DirectRunner"));
    assertEquals(DirectRunner.class, options.getRunner());
    DirectOptions direct = options.as(DirectOptions.class);
    assertEquals(false, direct.isEnforceImmutability());
    assertEquals(false, direct.isEnforceEncodability());
  }
}
