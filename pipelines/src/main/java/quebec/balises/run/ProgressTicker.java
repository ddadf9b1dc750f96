package quebec.balises.run;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs the pipeline with a progress line every {@code --progressIntervalSeconds} (records read,
 * accepted and rejected so far); a pipeline that fails or ends in another state than done is a run
 * failure (exit 1) naming its root cause.
 */
final class ProgressTicker {
  private ProgressTicker() {}

  static PipelineResult run(
      Pipeline pipeline, RunOptions options, Instant started, PrintStream out) {
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

  private static String progressLine(Instant started) {
    return String.format(
        "%s  read %,d  accepted %,d  rejected %,d",
        elapsed(Duration.between(started, Instant.now())),
        LiveProgress.READ.get(),
        LiveProgress.ACCEPTED.get(),
        LiveProgress.REJECTED.get());
  }

  static String elapsed(Duration d) {
    return String.format("%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
