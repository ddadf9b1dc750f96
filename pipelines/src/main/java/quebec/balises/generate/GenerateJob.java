package quebec.balises.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import quebec.balises.run.ExitCode;
import quebec.balises.run.JobFailure;
import quebec.balises.run.OptionErrors;

/** {@code balises.jar generate}: writes a synthetic FHIR export for tests, demos and benchmarks. */
public final class GenerateJob {
  private final PrintStream out;

  public GenerateJob(PrintStream out) {
    this.out = out;
  }

  public void run(String[] args) {
    PipelineOptionsFactory.register(GenerateOptions.class);
    GenerateOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(GenerateOptions.class);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.usage(e, args);
    }
    check(options);
    long started = System.nanoTime();
    SyntheticWorld.GenerationReport report;
    try {
      report = new SyntheticWorld(options).writeTo(Path.of(options.getOutput()));
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT,
          "cannot write to --output=" + options.getOutput() + ": " + e.getMessage());
    }
    out.printf(
        "generated in %.1f s into %s (seed %d)%n",
        (System.nanoTime() - started) / 1e9, options.getOutput(), options.getSeed());
    report.resources.forEach((type, n) -> out.printf("  %-22s %,9d%n", type, n));
    report.badRecords.forEach(
        (kind, n) -> out.printf("  bad %-30s %,6d  -> %s%n", kind, n, kind.expectedReason()));
  }

  private static void check(GenerateOptions options) {
    if (options.getPatients() < 1) {
      throw new JobFailure(ExitCode.USAGE, "--patients must be at least 1");
    }
    if (options.getBadRecordShare() < 0 || options.getBadRecordShare() > 0.5) {
      throw new JobFailure(ExitCode.USAGE, "--badRecordShare must be between 0 and 0.5");
    }
    if (options.getBundleShare() < 0 || options.getBundleShare() > 1) {
      throw new JobFailure(ExitCode.USAGE, "--bundleShare must be between 0 and 1");
    }
    try {
      if (!LocalDate.parse(options.getAnchorsFrom())
          .isBefore(LocalDate.parse(options.getAnchorsTo()))) {
        throw new JobFailure(ExitCode.USAGE, "--anchorsFrom must be before --anchorsTo");
      }
    } catch (DateTimeParseException e) {
      throw new JobFailure(
          ExitCode.USAGE, "--anchorsFrom and --anchorsTo must be dates (YYYY-MM-DD)");
    }
  }
}
