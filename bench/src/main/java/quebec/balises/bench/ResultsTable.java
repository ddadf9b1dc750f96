package quebec.balises.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the benchmark's table from what {@code bench/run.sh} measured: for each variant, the wall
 * time, peak RSS and exit status that {@code /usr/bin/time -v} wrote, and the heap that the JVM's
 * GC log shows (the largest heap in use before a collection, and the largest left after one: the
 * live data). Throughput is the input's QuestionnaireResponses and bytes over the wall time. Ratios
 * are wall-time ratios against the variants named {@code a} (the floor) and {@code b} (DuckDB).
 *
 * <p>Usage: {@code ResultsTable --results=RESULTS_TSV --responses=N --bytes=B}; each line of the
 * results file is {@code id TAB description TAB time_file TAB gc_log}.
 */
public final class ResultsTable {
  private static final Pattern ELAPSED =
      Pattern.compile(
          "Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):([\\d.]+)");
  private static final Pattern RSS =
      Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern EXIT = Pattern.compile("Exit status: (\\d+)");
  private static final Pattern HEAP =
      Pattern.compile("Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** One measured run. */
  record Row(
      String id,
      String description,
      double wallSeconds,
      long rssKb,
      int exit,
      long heapBeforeGcMb,
      long heapAfterGcMb) {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = DuckDbIndicator.options(args);
    long responses = Long.parseLong(options.get("responses"));
    long bytes = Long.parseLong(options.get("bytes"));
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(options.get("results")))) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      rows.add(measure(f[0], f[1], Path.of(f[2]), f[3].isEmpty() ? null : Path.of(f[3])));
    }
    System.out.print(table(rows, responses, bytes));
  }

  static Row measure(String id, String description, Path timeFile, Path gcLog) throws IOException {
    String time = Files.readString(timeFile);
    Matcher elapsed = ELAPSED.matcher(time);
    double wall = -1;
    if (elapsed.find()) {
      double hours = elapsed.group(1) == null ? 0 : Double.parseDouble(elapsed.group(1));
      wall =
          hours * 3600
              + Double.parseDouble(elapsed.group(2)) * 60
              + Double.parseDouble(elapsed.group(3));
    }
    Matcher rss = RSS.matcher(time);
    Matcher exit = EXIT.matcher(time);
    long before = -1;
    long after = -1;
    if (gcLog != null && Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher heap = HEAP.matcher(line);
        if (heap.find()) {
          before = Math.max(before, megabytes(heap.group(1), heap.group(2)));
          after = Math.max(after, megabytes(heap.group(3), heap.group(4)));
        }
      }
    }
    return new Row(
        id,
        description,
        wall,
        rss.find() ? Long.parseLong(rss.group(1)) : -1,
        exit.find() ? Integer.parseInt(exit.group(1)) : -1,
        before,
        after);
  }

  private static long megabytes(String value, String unit) {
    long v = Long.parseLong(value);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }

  static String table(List<Row> rows, long responses, long bytes) {
    Row floor = rows.stream().filter(r -> r.id().equals("a")).findFirst().orElse(null);
    Row duckdb = rows.stream().filter(r -> r.id().equals("b")).findFirst().orElse(null);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Input: %,d QuestionnaireResponses, %.1f MB.%n%n",
            responses,
            bytes / 1e6));
    out.append(
        "| | variant | wall time | responses/s | MB/s | peak RSS | peak heap in use | max heap"
            + " after GC | time / (a) | time / (b) | exit |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f s | %,.0f | %.1f | %.2f GB | %s | %s | %s | %s | %d |%n",
              r.id(),
              r.description(),
              r.wallSeconds(),
              responses / r.wallSeconds(),
              bytes / 1e6 / r.wallSeconds(),
              r.rssKb() / 1024.0 / 1024.0,
              r.heapBeforeGcMb() < 0 ? "–" : r.heapBeforeGcMb() + " MB",
              r.heapAfterGcMb() < 0 ? "–" : r.heapAfterGcMb() + " MB",
              ratio(r, floor),
              ratio(r, duckdb),
              r.exit()));
    }
    return out.toString();
  }

  private static String ratio(Row r, Row reference) {
    if (reference == null || reference.wallSeconds() <= 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", r.wallSeconds() / reference.wallSeconds());
  }
}
