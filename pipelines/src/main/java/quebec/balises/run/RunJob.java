package quebec.balises.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.ingest.InputFiles;
import quebec.balises.model.RejectReason;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.publish.ReleaseChanges;

/**
 * {@code balises.jar run}: checks the options, runs the pipeline with a progress line, reads the
 * counts back, reconciles them and writes {@code manifest.json}. Every failure ends as one line on
 * standard error and an {@link ExitCode}.
 *
 * <p>This class tells the job's story and owns what spans it (the stage a signal reports, the
 * decision to publish); each step is its own class: {@link JobOptions} (options and the runner's
 * defaults), {@link RunInputs} (inputs, key and as-of date), {@link BundledCatalogs}, {@link
 * OutputFolder}, {@link ProgressTicker}, {@link PublicDictionaryStep}, {@link ManifestWriter} and
 * {@link RunSummary}.
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
    // The JVM runs every shutdown hook at once: Flink's remove its temporary folders while its
    // tasks still read them, and those tasks then log errors. The run says why it stopped, in one
    // line, on the stream it was given; what the libraries write to standard error after the
    // signal is the shutdown's own noise, and goes nowhere.
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
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

  /**
   * The job's story: check the options and what the run reads, load the catalogs, prepare the
   * output, run the pipeline, describe {@code public/}, write the manifest, and publish only a run
   * whose counts reconcile and where nothing failed.
   */
  private Tally runJob(String[] args) {
    Instant started = Instant.now();
    CompletableFuture<BundledCatalogs.Fixed> fixedCatalogs =
        BundledCatalogs.loadFixedInBackground();
    RunOptions options = JobOptions.parse(args);
    PseudonymKeySource keySource = RunInputs.key(options);
    LocalDate asOf = RunInputs.asOf(options);
    FileSystems.setDefaultPipelineOptions(options);
    InputFiles.Listed listed = RunInputs.checkInputs(options.getInput());
    JobOptions.slotsForTheEmbeddedCluster(options, args, listed.files());
    List<String> inputs = listed.files();
    String output = OutputFolder.stripTrailingSlash(options.getOutput());
    BundledCatalogs.Fixed fixed = BundledCatalogs.await(fixedCatalogs);
    IndicatorCatalog catalog = fixed.catalog();
    TargetCatalog targets = fixed.targets();
    PublicationRules rules = JobOptions.publicationRules(options);
    Path localOutput = OutputFolder.localFolder(output);
    PublishedRuns runs =
        localOutput == null
            ? null
            : PublishedRuns.begin(localOutput, options.getKeepRuns(), started);
    try {
      // On a local disk the run writes into its own folder and is published atomically at the end;
      // elsewhere (object stores) it writes in place, replacing the previous run's datasets.
      String target = runs == null ? output : runs.folder().toString();
      // The release now published, for the changelog: read before an in-place run replaces it.
      ReleaseChanges.Previous previous = PublicDictionaryStep.previousRelease(output);
      stage = "preparing the output";
      OutputFolder.prepare(target, runs == null);

      BalisesPipeline.Settings settings =
          new BalisesPipeline.Settings(
              inputs,
              target,
              asOf,
              BundledCatalogs.loadRegistry(options.getMappings()),
              fixed.timepoints(),
              keySource,
              options.getMaxRawRecordBytes(),
              catalog,
              targets,
              fixed.actionPlans(),
              rules,
              options.getMaxRecordBytes());
      listed.matched().stream()
          .filter(m -> !m.read())
          .forEach(m -> err.println("balises run: not read: " + m.path() + ": " + m.outcome()));
      Pipeline pipeline = Pipeline.create(options);
      BalisesPipeline.build(pipeline, settings);
      stage = "running the pipeline";
      PipelineResult result = ProgressTicker.run(pipeline, options, started, out);
      stage = "writing the manifest";

      Tally tally = Tally.parse(OutputFolder.readTally(target + "/" + TallyOutcomes.TALLY_FILE));
      String runId = runs == null ? UUID.randomUUID().toString() : runs.id();
      PublicDictionaryStep.write(
          target, catalog, targets, runId, asOf, settings.timepoints().version(), previous);
      List<String> unreconciled = tally.unreconciledFiles();
      long internalErrors =
          tally.rejectedByReason().getOrDefault(RejectReason.INTERNAL_ERROR.name(), 0L);
      long derivedFailures = tally.derivedFailures();
      String outcome =
          !unreconciled.isEmpty()
              ? "failed_reconciliation"
              : internalErrors + derivedFailures > 0 ? "failed_internal_error" : "succeeded";
      List<String> rowMismatches =
          ManifestWriter.write(
              new ManifestWriter.Run(runId, runs != null, started),
              options,
              settings,
              new ManifestWriter.Findings(listed, tally, result, unreconciled.isEmpty(), outcome));
      OutputFolder.deleteRunFolder(target);
      JobFailure unpublishable =
          unpublishable(
              unreconciled,
              rowMismatches,
              internalErrors,
              derivedFailures,
              runs == null ? "" : " (it is in " + runs.folder() + ")");
      if (unpublishable != null) {
        RunSummary.print(out, tally, Duration.between(started, Instant.now()));
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
      RunSummary.print(out, tally, Duration.between(started, Instant.now()));
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
}
