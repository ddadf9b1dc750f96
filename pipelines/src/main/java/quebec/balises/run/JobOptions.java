package quebec.balises.run;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.ingest.InputListing;
import quebec.balises.stats.SmallCellRule;

/**
 * The options of {@code balises.jar run}, checked, with the runner's defaults filled in: the
 * embedded Flink cluster and its task slots unless the command line names a runner or a
 * parallelism, and the publication thresholds the options set. A bad option is a usage failure
 * (exit 2), with its reason.
 */
final class JobOptions {
  private JobOptions() {}

  static RunOptions parse(String[] args) {
    PipelineOptionsFactory.register(RunOptions.class);
    RunOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(RunOptions.class);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.usage(e, args);
    }
    if (InputListing.hasGlob(options.getOutput())) {
      // The output is cleaned and read back by pattern: a wildcard in it would reach other folders.
      throw new JobFailure(
          ExitCode.USAGE,
          "--output="
              + options.getOutput()
              + " holds a wildcard character (* ? [ ] { }); name the output folder without one");
    }
    if (options.getMaxRecordBytes() < 1024) {
      throw new JobFailure(
          ExitCode.USAGE,
          "--maxRecordBytes="
              + options.getMaxRecordBytes()
              + " must be at least 1024 (a FHIR resource is rarely under a kilobyte)");
    }
    if (options.getKeepRuns() < 1) {
      throw new JobFailure(
          ExitCode.USAGE,
          "--keepRuns="
              + options.getKeepRuns()
              + " must be at least 1 (the run just published is always kept)");
    }
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--runner="))) {
      // The embedded default: Flink's local mini-cluster, measured ~9x faster than the
      // DirectRunner on the sample (docs/decisions/0002-default-runner.md).
      options.setRunner(FlinkRunner.class);
      FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
      if (Arrays.stream(args).noneMatch(a -> a.startsWith("--flinkMaster="))) {
        flink.setFlinkMaster("[local]");
      }
    }
    if (options.getRunner() == DirectRunner.class) {
      // Element checks are for tests (TestPipeline keeps them on); a real run skips their cost.
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setEnforceImmutability(false);
      direct.setEnforceEncodability(false);
    }
    exchangeDataInBatches(options, args);
    return options;
  }

  /**
   * Flink's pipelined exchanges stall this graph: the data-quality counts join the indicators'
   * figures after both have been grouped from the same paired rows, and the embedded cluster then
   * waited with no task running (docs/decisions/0017). Blocking exchanges between stages, Flink's
   * {@code BATCH_FORCED}, run it to the end. An explicit {@code --executionModeForBatch} wins.
   */
  private static void exchangeDataInBatches(RunOptions options, String[] args) {
    if (options.getRunner() == FlinkRunner.class
        && Arrays.stream(args).noneMatch(a -> a.startsWith("--executionModeForBatch="))) {
      options.as(FlinkPipelineOptions.class).setExecutionModeForBatch("BATCH_FORCED");
    }
  }

  static PublicationRules publicationRules(RunOptions options) {
    try {
      return new PublicationRules(
          new SmallCellRule(options.getMinimumCellCount()),
          options.getMinimumPublishedN(),
          options.getMinimumAdjustedN());
    } catch (IllegalArgumentException e) {
      throw new JobFailure(ExitCode.USAGE, "publication thresholds: " + e.getMessage());
    }
  }

  /**
   * The task slots of the embedded Flink cluster, unless {@code --parallelism} is given: Beam's
   * default of one leaves all but one core to pipelining alone, and one slot per core was measured
   * faster on 100k responses (docs/decisions/0002-default-runner.md). On a small input the job's
   * time is its fixed cost instead: every slot runs its own copy of each of the graph's ~250
   * operators and ~60 sorters (threads, user code deserialised, memory for each sort), and on 2
   * cores the sample ran faster and with less CPU on one slot (docs/performance.md). So one slot
   * per {@value #BYTES_PER_SLOT} bytes of input, at least one, at most one per core.
   */
  static void slotsForTheEmbeddedCluster(RunOptions options, String[] args, List<String> inputs) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (options.getRunner() == FlinkRunner.class
        && "[local]".equals(flink.getFlinkMaster())
        && Arrays.stream(args).noneMatch(a -> a.startsWith("--parallelism="))) {
      flink.setParallelism(slots(inputBytes(inputs), Runtime.getRuntime().availableProcessors()));
    }
  }

  /**
   * Input per task slot: between the sample (about 45 MB of NDJSON, faster on one slot) and the
   * 100k workload (156 MB, faster on two).
   */
  static final long BYTES_PER_SLOT = 96L << 20;

  /**
   * A gzip file counts as this many times its size, about what FHIR NDJSON compresses by (the
   * synthetic sample compresses further).
   */
  static final int GZIP_RATIO = 10;

  static int slots(long inputBytes, int cores) {
    long wanted = Math.max(1, (inputBytes + BYTES_PER_SLOT - 1) / BYTES_PER_SLOT);
    return (int) Math.min(Math.max(1, cores), wanted);
  }

  /** The listed files' bytes as NDJSON, gzip files counted {@value #GZIP_RATIO} times. */
  private static long inputBytes(List<String> files) {
    long bytes = 0;
    for (String file : files) {
      try {
        long size = FileSystems.matchSingleFileSpec(file).sizeBytes();
        bytes += file.endsWith(".gz") ? size * GZIP_RATIO : size;
      } catch (IOException | RuntimeException e) {
        // Sizing is a hint: a file that cannot be sized now fails, naming itself, when read.
      }
    }
    return bytes;
  }
}
