package quebec.balises.run;

import java.io.PrintStream;
import java.time.Duration;

/** The lines a finished run prints: its time, files, records and rejections by type and reason. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintStream out, Tally tally, Duration took) {
    out.printf(
        "done %s  files %d  read %,d  accepted %,d  rejected %,d%n",
        ProgressTicker.elapsed(took),
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
}
