package quebec.balises.run;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import quebec.balises.ingest.InputFiles;
import quebec.balises.model.Quebec;
import quebec.balises.privacy.PseudonymKeySource;

/**
 * What a run reads, checked before it starts: the input files (listed once, each opened once), the
 * pseudonymisation key and the as-of date. A pattern that matches nothing, a file that cannot be
 * read, a missing key or a date that is not one stops the job before the pipeline is built.
 */
public final class RunInputs {
  private RunInputs() {}

  /**
   * The pseudonymisation key, read once now so that a missing or short key is a usage failure (exit
   * 2) before anything runs.
   */
  static PseudonymKeySource key(RunOptions options) {
    PseudonymKeySource keySource = PseudonymKeySource.of(options.getPseudonymKeyFile());
    try {
      keySource.read();
    } catch (PseudonymKeySource.MissingKeyException e) {
      throw new JobFailure(ExitCode.USAGE, e.getMessage());
    }
    return keySource;
  }

  static LocalDate asOf(RunOptions options) {
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
  static InputFiles.Listed checkInputs(String input) {
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
}
