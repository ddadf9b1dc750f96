package quebec.balises.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.fhir.FhirPackage;
import quebec.balises.indicators.ActionPlanCatalog;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.ingest.InputFiles;
import quebec.balises.ingest.InputListing;
import quebec.balises.model.Counters;
import quebec.balises.model.Quebec;
import quebec.balises.model.RejectReason;
import quebec.balises.model.ResourceKind;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.IndicatorCsv;
import quebec.balises.publish.PublicDictionary;
import quebec.balises.publish.ReleaseChanges;
import quebec.balises.publish.WriteDataset;
import quebec.balises.publish.WrittenRows;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.stats.SmallCellRule;

/**
 * {@code balises.jar run}: checks the options, runs the pipeline with a progress line, reads the
 * counts back, reconciles them and writes {@code manifest.json}. Every failure ends as one line on
 * standard error and an {@link ExitCode}.
 */
public final class RunJob {
  private final PrintStream out;
  private final PrintStream err;

  /** Where the run stands, for the line a signal leaves on standard error. */
  private volatile String stage = "starting";

  /** Set once the JVM has begun to shut down during a run; guarded by {@code this}. */
  private boolean stopping;

  private static volatile boolean signalled;

  /**
   * Whether a signal (or another shutdown of the JVM) stopped a run; its line is already on
   * standard error, and nothing more should be printed.
   */
  public static boolean signalled() {
    return signalled;
  }

  public RunJob(PrintStream out) {
    this(out, System.err);
  }

  public RunJob(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the job; throws {@link JobFailure} with the reason and exit code on failure. */
  public Tally run(String[] args) {
    Thread onSignal = new Thread(this::stoppedBySignal, "balises-shutdown");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      return runUnlessDiskFull(args);
    } finally {
      stage = "finished";
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook runs, and says so.
      }
    }
  }

  /**
   * The one line that SIGTERM or SIGINT (or any other shutdown of the JVM during a run) leaves on
   * standard error. The run's own folder is left as it is; the next run removes it.
   */
  private void stoppedBySignal() {
    String now;
    synchronized (this) {
      now = stage;
      if (now.equals("finished")) {
        return;
      }
      stopping = true;
      signalled = true;
    }
    err.println(
        "balises run: stopped by a signal (SIGTERM or SIGINT) while "
            + now
            + (now.equals("publishing")
                ? "; current points at the previous run or at this one, whole either way"
                : "; nothing was published, the published run is unchanged"));
    err.flush();
  }

  /** A full disk is an output failure (exit 4) wherever it surfaces, with its cause. */
  private Tally runUnlessDiskFull(String[] args) {
    try {
      return runJob(args);
    } catch (RuntimeException e) {
      Throwable full = Failures.diskFull(e);
      if (full == null || (e instanceof JobFailure f && f.exitCode() == ExitCode.OUTPUT)) {
        throw e;
      }
      throw new JobFailure(
          ExitCode.OUTPUT,
          "a disk is full or over its quota ("
              + full.getClass().getSimpleName()
              + ": "
              + full.getMessage()
              + ") while "
              + stage
              + (stage.equals("publishing") ? "" : "; nothing was published"),
          e);
    }
  }

  private Tally runJob(String[] args) {
    Instant started = Instant.now();
    RunOptions options = parseOptions(args);
    PseudonymKeySource keySource = PseudonymKeySource.of(options.getPseudonymKeyFile());
    try {
      keySource.read();
    } catch (PseudonymKeySource.MissingKeyException e) {
      throw new JobFailure(ExitCode.USAGE, e.getMessage());
    }
    LocalDate asOf = asOf(options);
    FileSystems.setDefaultPipelineOptions(options);
    InputFiles.Listed listed = checkInputs(options.getInput());
    slotsForTheEmbeddedCluster(options, args, listed.files());
    List<String> inputs = listed.files();
    String output = stripTrailingSlash(options.getOutput());
    IndicatorCatalog catalog = loadCatalog();
    TargetCatalog targets = loadTargets(catalog);
    ActionPlanCatalog actionPlans = loadActionPlans(catalog, targets);
    PublicationRules rules = publicationRules(options);
    Path localOutput = localFolder(output);
    PublishedRuns runs =
        localOutput == null
            ? null
            : PublishedRuns.begin(localOutput, options.getKeepRuns(), started);
    try {
      // On a local disk the run writes into its own folder and is published atomically at the end;
      // elsewhere (object stores) it writes in place, replacing the previous run's datasets.
      String target = runs == null ? output : runs.folder().toString();
      // The release now published, for the changelog: read before an in-place run replaces it.
      ReleaseChanges.Previous previous = previousRelease(output);
      stage = "preparing the output";
      prepareOutput(target, runs == null);

      BalisesPipeline.Settings settings =
          new BalisesPipeline.Settings(
              inputs,
              target,
              asOf,
              loadRegistry(options.getMappings()),
              loadTimepoints(),
              keySource,
              options.getMaxRawRecordBytes(),
              catalog,
              targets,
              actionPlans,
              rules,
              options.getMaxRecordBytes());
      listed.matched().stream()
          .filter(m -> !m.read())
          .forEach(m -> err.println("balises run: not read: " + m.path() + ": " + m.outcome()));
      Pipeline pipeline = Pipeline.create(options);
      BalisesPipeline.build(pipeline, settings);
      stage = "running the pipeline";
      PipelineResult result = runWithProgress(pipeline, options, started);
      stage = "writing the manifest";

      Tally tally = Tally.parse(readLines(target + "/" + TallyOutcomes.TALLY_FILE));
      String runId = runs == null ? UUID.randomUUID().toString() : runs.id();
      writePublicDictionary(
          target, catalog, targets, runId, asOf, settings.timepoints().version(), previous);
      List<String> unreconciled = tally.unreconciledFiles();
      long internalErrors =
          tally.rejectedByReason().getOrDefault(RejectReason.INTERNAL_ERROR.name(), 0L);
      long derivedFailures = tally.derivedFailures();
      List<String> rowMismatches =
          writeManifest(
              catalog,
              settings.registry(),
              settings.timepoints().version(),
              target,
              runId,
              runs != null,
              options,
              asOf,
              started,
              tally,
              result,
              listed,
              unreconciled.isEmpty(),
              !unreconciled.isEmpty()
                  ? "failed_reconciliation"
                  : internalErrors + derivedFailures > 0 ? "failed_internal_error" : "succeeded");
      deleteRunFolder(target);
      JobFailure unpublishable =
          unpublishable(
              unreconciled,
              rowMismatches,
              internalErrors,
              derivedFailures,
              runs == null ? "" : " (it is in " + runs.folder() + ")");
      if (unpublishable != null) {
        printSummary(tally, Duration.between(started, Instant.now()));
        throw unpublishable;
      }
      if (runs != null) {
        synchronized (this) {
          if (stopping) {
            throw new JobFailure(ExitCode.RUN_FAILED, "stopped by a signal; not published");
          }
          stage = "publishing";
        }
        runs.publish();
      }
      stage = "finished";
      printSummary(tally, Duration.between(started, Instant.now()));
      return tally;
    } finally {
      if (runs != null) {
        runs.close();
      }
    }
  }

  /**
   * Why a finished run must not be published, or null when it may be: counts that do not reconcile
   * (exit 5), or records or derived elements that ended as {@link RejectReason#INTERNAL_ERROR}
   * (exit 1). Those are counted and reconcile, but a record a stage could not judge may be a good
   * one, and a derived element that failed is missing from its dataset: the night fails loudly
   * rather than publishing without them.
   */
  static JobFailure unpublishable(
      List<String> unreconciled,
      List<String> rowMismatches,
      long internalErrors,
      long derivedFailures,
      String where) {
    if (!unreconciled.isEmpty() || !rowMismatches.isEmpty()) {
      return new JobFailure(
          ExitCode.RECONCILIATION,
          "counts do not reconcile ("
              + (unreconciled.isEmpty() ? "" : "read != accepted + rejected for " + unreconciled)
              + (unreconciled.isEmpty() || rowMismatches.isEmpty() ? "" : "; ")
              + (rowMismatches.isEmpty()
                  ? ""
                  : "the rows in the files are not the rows counted: "
                      + String.join(", ", rowMismatches))
              + "); the run was not published"
              + where);
    }
    if (internalErrors + derivedFailures > 0) {
      return new JobFailure(
          ExitCode.RUN_FAILED,
          internalErrors
              + " record(s)"
              + (derivedFailures == 0
                  ? ""
                  : " and "
                      + derivedFailures
                      + " derived element(s) (pairs, indicator cells, rows)")
              + " failed with an internal error (reason "
              + RejectReason.INTERNAL_ERROR.name()
              + " in restricted/rejected names the exception and its stack trace); the run was"
              + " not published"
              + where);
    }
    return null;
  }

  /** The output as a local folder, or null when it is on another Beam filesystem. */
  private static Path localFolder(String output) {
    if (output.startsWith("file://")) {
      return Path.of(java.net.URI.create(output)).toAbsolutePath();
    }
    if (output.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return null;
    }
    return Path.of(output).toAbsolutePath();
  }

  private static PublicationRules publicationRules(RunOptions options) {
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
   * The instrument registry with the mappings of these comma-separated folders; a broken file fails
   * here, naming it.
   */
  public static InstrumentRegistry loadRegistry(String mappingFolders) {
    InstrumentRegistry registry;
    try {
      registry = InstrumentRegistry.bundled();
    } catch (RuntimeException e) {
      throw new JobFailure(
          ExitCode.RUN_FAILED, "invalid instrument registry: " + e.getMessage(), e);
    }
    if (mappingFolders == null || mappingFolders.isBlank()) {
      return registry;
    }
    try {
      return registry.withMappingFolders(
          java.util.Arrays.stream(mappingFolders.split(","))
              .map(String::trim)
              .filter(f -> !f.isEmpty())
              .map(Path::of)
              .toList());
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.USAGE, "--mappings: " + e.getMessage(), e);
    }
  }

  /** The indicator catalog; a Measure the engine cannot use fails here, naming file and field. */
  private static IndicatorCatalog loadCatalog() {
    try {
      return IndicatorCatalog.bundled();
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid indicator catalog: " + e.getMessage(), e);
    }
  }

  /** The co-constructed targets; a Goal the job cannot apply fails here, naming file and field. */
  private static TargetCatalog loadTargets(IndicatorCatalog catalog) {
    try {
      return TargetCatalog.bundled(catalog);
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid targets: " + e.getMessage(), e);
    }
  }

  /** The agreed improvement actions; a Task the job cannot publish fails here, naming the field. */
  private static ActionPlanCatalog loadActionPlans(
      IndicatorCatalog catalog, TargetCatalog targets) {
    try {
      return ActionPlanCatalog.bundled(catalog, targets);
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid action plans: " + e.getMessage(), e);
    }
  }

  private static TimepointPlan loadTimepoints() {
    try {
      return TimepointPlan.bundled();
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid timepoints: " + e.getMessage(), e);
    }
  }

  private static RunOptions parseOptions(String[] args) {
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
    return options;
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

  private static LocalDate asOf(RunOptions options) {
    if (options.getAsOf() == null || options.getAsOf().isBlank()) {
      return LocalDate.now(Quebec.ZONE);
    }
    try {
      return LocalDate.parse(options.getAsOf());
    } catch (DateTimeParseException e) {
      throw new JobFailure(
          ExitCode.USAGE, "--asOf=" + options.getAsOf() + " is not a date (YYYY-MM-DD)");
    }
  }

  /**
   * Lists the input globs once (see {@link InputFiles}), for a run and for {@code check} alike: a
   * glob that matches no file to read, or a matched file that cannot be named or listed, stops the
   * job before it starts, naming what it matched instead.
   */
  public static InputFiles.Listed listInputs(String input) {
    List<String> patterns = new ArrayList<>();
    for (String pattern : input.split(",")) {
      if (!pattern.isBlank()) {
        patterns.add(pattern.trim());
      }
    }
    if (patterns.isEmpty()) {
      throw new JobFailure(ExitCode.USAGE, "--input names no pattern");
    }
    InputFiles.Listed listed;
    try {
      listed = InputFiles.list(patterns);
    } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new JobFailure(ExitCode.INPUT, "cannot list --input=" + input + ": " + e.getMessage());
    }
    if (!listed.empty().isEmpty()) {
      String pattern = listed.empty().get(0);
      List<String> notRead =
          listed.matched().stream()
              .filter(m -> m.pattern().equals(pattern))
              .map(m -> m.path() + " (" + m.outcome() + ")")
              .toList();
      throw new JobFailure(
          ExitCode.INPUT,
          "no file matches --input pattern '"
              + pattern
              + "'"
              + (notRead.isEmpty() ? "" : "; it matches only " + String.join(", ", notRead)));
    }
    List<String> lost =
        listed.matched().stream()
            .filter(InputFiles.Matched::lostFile)
            .map(m -> m.path() + " (" + m.outcome() + ")")
            .toList();
    if (!lost.isEmpty()) {
      // Going on would judge or publish a night without these files' records, and say nothing.
      throw new JobFailure(
          ExitCode.INPUT, "input files that cannot be read: " + String.join(", ", lost));
    }
    return listed;
  }

  /** The listed inputs, each opened once before the run starts. */
  private static InputFiles.Listed checkInputs(String input) {
    InputFiles.Listed listed = listInputs(input);
    openEach(listed.files());
    return listed;
  }

  /**
   * Opens each listed input once, so that a file that cannot be read (no permission, or no longer a
   * file) fails the run before it starts, naming it (exit 3). Only regular files are listed, so
   * this never blocks on a FIFO.
   */
  static void openEach(List<String> files) {
    for (String file : files) {
      try {
        FileSystems.open(FileSystems.matchNewResource(file, false)).close();
      } catch (IOException e) {
        throw new JobFailure(
            ExitCode.INPUT, "cannot read input file " + file + ": " + Failures.why(e));
      }
    }
  }

  /** Checks the folder is writable and removes what an earlier run wrote, so reruns are clean. */
  private static void prepareOutput(String output, boolean inPlace) {
    String probe = output + "/.balises-run/write-probe";
    try {
      ResourceId probeId = FileSystems.matchNewResource(probe, false);
      try (OutputStream stream =
          Channels.newOutputStream(FileSystems.create(probeId, "text/plain"))) {
        stream.write('.');
      }
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write to --output=" + output + ": " + Failures.why(e), e);
    } catch (RuntimeException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write to --output=" + output + ": " + e.getMessage(), e);
    }
    deleteRunFolder(output);
    if (inPlace) {
      for (Dataset dataset : Dataset.values()) {
        delete(output + "/" + dataset.folder() + "/**");
      }
      delete(output + "/" + ExportMeasureReports.FOLDER + "/**");
      delete(output + "/public/dictionary/**");
      delete(output + "/public/datapackage.json");
      delete(output + "/public/release.json");
      delete(output + "/public/" + ReleaseChanges.CHANGELOG);
      delete(output + "/public/" + ReleaseChanges.CHANGES);
      delete(output + "/public/" + PublicDictionary.FHIR_PACKAGE);
      delete(output + "/public/csv/**");
      delete(output + "/public/docs/**");
      delete(output + "/manifest.json");
    }
  }

  /**
   * Removes the run's scratch folder ({@code .balises-run/}: the tally and sink temp files). On
   * object stores folders do not exist once their files are gone; on a local disk the empty folders
   * are removed too.
   */
  private static void deleteRunFolder(String output) {
    delete(output + "/.balises-run/**");
    Path local = Path.of(output, ".balises-run");
    if (Files.isDirectory(local)) {
      try (Stream<Path> paths = Files.walk(local)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new JobFailure(ExitCode.OUTPUT, "cannot clean " + local + ": " + e.getMessage());
      }
    }
  }

  private static void delete(String pattern) {
    try {
      List<ResourceId> found = new ArrayList<>();
      for (MatchResult match : FileSystems.match(List.of(pattern))) {
        if (match.status() == MatchResult.Status.OK) {
          match.metadata().forEach(m -> found.add(m.resourceId()));
        }
      }
      FileSystems.delete(found, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new JobFailure(ExitCode.OUTPUT, "cannot clean " + pattern + ": " + e.getMessage());
    }
  }

  private PipelineResult runWithProgress(Pipeline pipeline, RunOptions options, Instant started) {
    LiveProgress.reset();
    int interval = options.getProgressIntervalSeconds();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon());
    if (interval > 0) {
      ticker.scheduleAtFixedRate(
          () -> out.println("progress " + progressLine(started)),
          interval,
          interval,
          TimeUnit.SECONDS);
    }
    try {
      PipelineResult result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new JobFailure(ExitCode.RUN_FAILED, "the pipeline ended in state " + state);
      }
      return result;
    } catch (JobFailure e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new JobFailure(
          ExitCode.RUN_FAILED,
          "the pipeline failed: " + root.getClass().getSimpleName() + ": " + root.getMessage(),
          e);
    } finally {
      ticker.shutdownNow();
    }
  }

  private static ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "balises-progress");
      thread.setDaemon(true);
      return thread;
    };
  }

  private static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> counters = new TreeMap<>();
    try {
      MetricQueryResults metrics =
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.inNamespace(Counters.NAMESPACE))
                      .build());
      for (MetricResult<Long> counter : metrics.getCounters()) {
        counters.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
      }
    } catch (UnsupportedOperationException e) {
      // A runner without live metrics: progress shows elapsed time only.
    }
    return counters;
  }

  private static String progressLine(Instant started) {
    return String.format(
        "%s  read %,d  accepted %,d  rejected %,d",
        elapsed(Duration.between(started, Instant.now())),
        LiveProgress.READ.get(),
        LiveProgress.ACCEPTED.get(),
        LiveProgress.REJECTED.get());
  }

  private static String elapsed(Duration d) {
    return String.format("%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }

  private void printSummary(Tally tally, Duration took) {
    out.printf(
        "done %s  files %d  read %,d  accepted %,d  rejected %,d%n",
        elapsed(took),
        tally.files().size(),
        tally.total().read(),
        tally.total().accepted(),
        tally.total().rejected());
    tally
        .byType()
        .forEach(
            (type, c) ->
                out.printf(
                    "  %-22s accepted %,9d  rejected %,7d%n", type, c.accepted(), c.rejected()));
    tally
        .rejectedByReason()
        .forEach((reason, n) -> out.printf("  rejected %-30s %,7d%n", reason, n));
  }

  private static List<String> readLines(String file) {
    List<String> lines = new ArrayList<>();
    try {
      ResourceId id = FileSystems.matchSingleFileSpec(file).resourceId();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  Channels.newInputStream(FileSystems.open(id)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "cannot read the run's tally " + file, e);
    }
    return lines;
  }

  /**
   * Writes {@code manifest.json}; returns the datasets whose rows in the files differ from the rows
   * counted (each "folder: counted N, in files M"), which fail reconciliation.
   */
  private static List<String> writeManifest(
      IndicatorCatalog catalog,
      InstrumentRegistry registry,
      String timepointsVersion,
      String output,
      String runId,
      boolean atomically,
      RunOptions options,
      LocalDate asOf,
      Instant started,
      Tally tally,
      PipelineResult result,
      InputFiles.Listed listed,
      boolean reconciled,
      String outcome) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode manifest = json.createObjectNode();
    Instant finished = Instant.now();
    manifest.put("runId", runId);
    manifest.put(
        "published",
        atomically ? "atomically, as " + PublishedRuns.RUNS + "/" + runId : "in place");
    manifest.put("balisesVersion", Versions.balises());
    manifest.put("startedAt", started.toString());
    manifest.put("finishedAt", finished.toString());
    manifest.put("durationSeconds", Duration.between(started, finished).toMillis() / 1000.0);
    manifest.put("outcome", outcome);
    ObjectNode opts = manifest.putObject("options");
    opts.put("input", options.getInput());
    opts.put("output", options.getOutput());
    opts.put("asOf", asOf.toString());
    opts.put("runner", options.getRunner().getSimpleName());
    // The key file's path is recorded, never the key.
    opts.put(
        "pseudonymKey",
        options.getPseudonymKeyFile() != null
            ? "file " + options.getPseudonymKeyFile()
            : "environment " + PseudonymKeySource.ENVIRONMENT_VARIABLE);
    opts.put("maxRawRecordBytes", options.getMaxRawRecordBytes());
    opts.put("maxRecordBytes", options.getMaxRecordBytes());
    manifest.put("timepointsVersion", timepointsVersion);
    var measures = manifest.putArray("indicatorCatalog");
    for (IndicatorDefinition indicator : catalog.indicators()) {
      measures
          .addObject()
          .put("id", indicator.id())
          .put("version", indicator.version())
          .put("file", indicator.file())
          .put("sha256", indicator.sha256());
    }

    opts.put("mappings", options.getMappings());
    // Every instrument mapping of the run, with its digest and how many scored responses it read.
    Map<String, Long> counted = counters(result);
    var mappings = manifest.putArray("instrumentMappings");
    for (quebec.balises.fhir.InstrumentMapping mapping : registry.catalog().mappings().all()) {
      mappings
          .addObject()
          .put("id", mapping.id())
          .put("file", mapping.file())
          .put("sha256", mapping.sha256())
          .put("target", mapping.target())
          .put("responsesScored", counted.getOrDefault(Counters.mappedResponses(mapping.id()), 0L));
    }

    var files = manifest.putArray("inputs");
    tally
        .files()
        .forEach(
            (name, file) -> {
              ObjectNode node = files.addObject();
              node.put("file", name);
              node.put("sha256", file.sha256());
              node.put("bytes", file.bytes());
              putCounts(node, file.total());
              node.put("blankLines", file.blankLines());
              ObjectNode types = node.putObject("byResourceType");
              file.byType().forEach((type, c) -> putCounts(types.putObject(type), c));
            });
    // Every entry the globs matched, read or not, and why not: nothing is skipped silently.
    var matched = manifest.putArray("inputListing");
    for (InputFiles.Matched entry : listed.matched()) {
      matched
          .addObject()
          .put("pattern", entry.pattern())
          .put("path", entry.path())
          .put("outcome", entry.outcome());
    }
    ObjectNode totals = manifest.putObject("totals");
    tally.byType().forEach((type, c) -> putCounts(totals.putObject(type), c));
    putCounts(totals.putObject("all"), tally.total());
    // Resource types Balises does not read, counted per type (their raw records are not kept).
    ObjectNode notRead = manifest.putObject("resourceTypesNotRead");
    tally
        .byType()
        .forEach(
            (type, c) -> {
              if (!ResourceKind.isRead(type) && !type.equals(Outcome.UNKNOWN_TYPE)) {
                notRead.put(type, c.read());
              }
            });
    ObjectNode reasons = manifest.putObject("rejectedByReason");
    tally.rejectedByReason().forEach(reasons::put);
    if (tally.derivedFailures() > 0) {
      // Rows of restricted/rejected that are not input records (a pair, a cell): outside the
      // counts above, and written only when there are some, so a good run's manifest is unchanged.
      manifest.put("derivedFailures", tally.derivedFailures());
    }

    ObjectNode datasets = manifest.putObject("datasets");
    Map<String, Long> metricValues = counters(result);
    Map<Dataset, Long> rows = datasetRows(tally);
    for (Dataset dataset : Dataset.values()) {
      if (dataset.derived()) {
        // Derived rows are not input records: the sink's own row counter counts them.
        rows.put(dataset, metricValues.getOrDefault(WriteDataset.rowsMetric(dataset), 0L));
      }
    }
    List<String> mismatches = new ArrayList<>();
    for (Dataset dataset : Dataset.values()) {
      ObjectNode node = datasets.putObject(dataset.folder());
      long countedRows = rows.getOrDefault(dataset, 0L);
      node.put("rows", countedRows);
      node.put("schemaVersion", dataset.schemaVersion());
      Map<String, Long> written = writtenRows(output, dataset);
      long inFiles = written.values().stream().mapToLong(Long::longValue).sum();
      node.put("rowsInFiles", inFiles);
      String mismatch = rowMismatch(dataset, countedRows, inFiles);
      if (mismatch != null) {
        mismatches.add(mismatch);
      }
      if (written.keySet().stream().anyMatch(partition -> !partition.isEmpty())) {
        ObjectNode partitions = node.putObject("partitions");
        written.forEach(partitions::put);
      }
    }
    ObjectNode reports = datasets.putObject(ExportMeasureReports.FOLDER);
    reports.put("rows", metricValues.getOrDefault(ExportMeasureReports.REPORTS_METRIC, 0L));
    reports.put("format", "application/fhir+ndjson");
    ObjectNode metrics = manifest.putObject("metrics");
    metricValues.forEach(metrics::put);
    if (!mismatches.isEmpty()) {
      manifest.put("outcome", "failed_reconciliation");
      var mismatchList = manifest.putArray("rowMismatches");
      mismatches.forEach(mismatchList::add);
    }
    manifest.put("reconciled", reconciled && mismatches.isEmpty());
    try {
      ResourceId id = FileSystems.matchNewResource(output + "/manifest.json", false);
      try (OutputStream stream =
          Channels.newOutputStream(FileSystems.create(id, "application/json"))) {
        json.writeValue(stream, manifest);
      }
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write " + output + "/manifest.json: " + Failures.why(e), e);
    }
    return mismatches;
  }

  /**
   * Why a dataset's files do not hold the rows counted, or null when they do. The datasets of input
   * records are counted from the tally, exactly: their files must hold those rows. Derived rows are
   * counted by runner metrics, which a retry may inflate, so they are reported, not checked.
   */
  static String rowMismatch(Dataset dataset, long counted, long inFiles) {
    if (dataset.derived() || counted == inFiles) {
      return null;
    }
    return dataset.folder() + ": counted " + counted + ", in files " + inFiles;
  }

  /** Writes the data dictionary and the Data Package that describe what {@code public/} holds. */
  private static void writePublicDictionary(
      String output,
      IndicatorCatalog catalog,
      TargetCatalog targets,
      String runId,
      LocalDate asOf,
      String timepointsVersion,
      ReleaseChanges.@Nullable Previous previous) {
    String publicRoot = output + "/public/";
    Map<Dataset, List<String>> files = new LinkedHashMap<>();
    try {
      for (Dataset dataset : Dataset.values()) {
        if (dataset.isPublic()) {
          List<String> paths = new ArrayList<>();
          for (MatchResult.Metadata file :
              FileSystems.match(output + "/" + dataset.folder() + "/**.parquet").metadata()) {
            String path = file.resourceId().toString();
            paths.add(path.substring(path.indexOf(publicRoot) + publicRoot.length()));
          }
          Collections.sort(paths);
          files.put(dataset, paths);
        }
      }
      List<String> measureReports = new ArrayList<>();
      for (MatchResult.Metadata file :
          FileSystems.match(output + "/" + ExportMeasureReports.FOLDER + "/*.ndjson").metadata()) {
        String path = file.resourceId().toString();
        measureReports.add(path.substring(path.indexOf(publicRoot) + publicRoot.length()));
      }
      Collections.sort(measureReports);
      IndicatorCsv.Written csv = IndicatorCsv.write(publicRoot);
      SortedMap<String, Long> counts = new TreeMap<>();
      counts.put("indicatorRows", csv.rows());
      counts.put("withheldRows", csv.withheld());
      counts.put("publishedRows", csv.rows() - csv.withheld());
      counts.put("indicatorFiles", (long) csv.files().size());
      counts.put("measureReportFiles", (long) measureReports.size());
      PublicDictionary.Release release =
          new PublicDictionary.Release(
              runId, asOf, Versions.balises(), timepointsVersion, csv.files(), counts);
      ResourceId fhirPackage =
          FileSystems.matchNewResource(publicRoot + PublicDictionary.FHIR_PACKAGE, false);
      try (OutputStream stream =
          Channels.newOutputStream(FileSystems.create(fhirPackage, "application/gzip"))) {
        stream.write(FhirPackage.tgz());
      }
      String released = readText(publicRoot + IndicatorCsv.ALL);
      ReleaseChanges.Files changes =
          ReleaseChanges.of(
              PublicDictionary.changelog(catalog, release),
              previous,
              ReleaseChanges.figures(released == null ? "" : released));
      for (Map.Entry<String, String> file :
          PublicDictionary.files(catalog, targets, files, measureReports, release, changes)
              .entrySet()) {
        ResourceId id = FileSystems.matchNewResource(publicRoot + file.getKey(), false);
        try (OutputStream stream = Channels.newOutputStream(FileSystems.create(id, "text/plain"))) {
          stream.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write the public data dictionary: " + Failures.why(e), e);
    }
  }

  /**
   * The release published under {@code output}, as the changelog compares with it: its run id and
   * date ({@code public/release.json}), its figures ({@code public/csv/indicators.csv}) and its
   * changelog. Null when nothing was published there yet, or by a version that wrote no CSV.
   */
  static ReleaseChanges.@Nullable Previous previousRelease(String output) {
    String publicRoot = output + "/public/";
    try {
      String release = readText(publicRoot + "release.json");
      String figures = readText(publicRoot + IndicatorCsv.ALL);
      if (release == null || figures == null) {
        return null;
      }
      com.fasterxml.jackson.databind.JsonNode node = new ObjectMapper().readTree(release);
      return new ReleaseChanges.Previous(
          node.path("runId").asText(),
          node.path("asOf").asText(),
          ReleaseChanges.figures(figures),
          readText(publicRoot + ReleaseChanges.CHANGELOG));
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT,
          "cannot read the published release in " + publicRoot + ": " + Failures.why(e),
          e);
    } catch (RuntimeException e) {
      throw new JobFailure(
          ExitCode.OUTPUT,
          "cannot compare with the published release in " + publicRoot + ": " + e.getMessage(),
          e);
    }
  }

  /** A whole text file, or null when it does not exist. */
  private static @Nullable String readText(String file) throws IOException {
    MatchResult match = FileSystems.match(file);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return null;
    }
    try (java.io.InputStream in =
        Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Rows per partition as the dataset's Parquet footers record them (empty without files). */
  private static Map<String, Long> writtenRows(String output, Dataset dataset) {
    try {
      return WrittenRows.byPartition(output + "/" + dataset.folder());
    } catch (IOException e) {
      throw new JobFailure(ExitCode.OUTPUT, "cannot read back " + dataset.folder(), e);
    }
  }

  private static Map<Dataset, Long> datasetRows(Tally tally) {
    Map<Dataset, Long> rows = new TreeMap<>();
    tally
        .byType()
        .forEach(
            (type, counts) ->
                ResourceKind.of(type)
                    .flatMap(ResourceKind::dataset)
                    .ifPresent(dataset -> rows.merge(dataset, counts.accepted(), Long::sum)));
    rows.put(Dataset.REJECTED, tally.total().rejected() + tally.derivedFailures());
    return rows;
  }

  private static void putCounts(ObjectNode node, Tally.Counts counts) {
    node.put("read", counts.read());
    node.put("accepted", counts.accepted());
    node.put("rejected", counts.rejected());
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }
}
