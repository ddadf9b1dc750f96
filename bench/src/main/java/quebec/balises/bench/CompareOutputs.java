package quebec.balises.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Tells whether two runs of the job wrote the same data: for every dataset folder under {@code
 * restricted/} (and {@code public/}, when there is one), the row count and an order-independent sum
 * of row hashes read with DuckDB; and the manifest's counts (totals, reasons, dataset rows). Run
 * ids, times and options are not compared. Exit 0 when equal, 1 when not.
 *
 * <p>Usage: {@code CompareOutputs [--exact] OUTPUT_A OUTPUT_B}. Both runs must use the same
 * pseudonymisation key, input and {@code --asOf}.
 *
 * <p>With {@code --exact}, for two runs on the same runner and parallelism (a change that must not
 * change the output): every file under {@code public/} must be byte for byte the same, except
 * {@code release.json}, {@code CHANGELOG.md} and {@code changes.csv}, which name the run or compare
 * with the previous release; and every dataset under {@code restricted/} must hold the same rows,
 * counted with their duplicates ({@code EXCEPT ALL} both ways, doubles compared exactly).
 */
public final class CompareOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COUNTS = List.of("totals", "rejectedByReason", "datasets");

  /** Files under {@code public/} that name the run, so differ between any two runs. */
  static final List<String> NAME_THE_RUN = List.of("release.json", "CHANGELOG.md", "changes.csv");

  public static void main(String[] args) throws Exception {
    boolean exact = args.length == 3 && args[0].equals("--exact");
    if (args.length != 2 && !exact) {
      System.err.println("usage: CompareOutputs [--exact] OUTPUT_A OUTPUT_B");
      System.exit(2);
    }
    Path a = Path.of(args[exact ? 1 : 0]);
    Path b = Path.of(args[exact ? 2 : 1]);
    if (exact) {
      boolean equal = exactlyEqual(a, b);
      System.out.println(equal ? "COMPARE equal" : "COMPARE different");
      System.exit(equal ? 0 : 1);
    }
    boolean equal = true;
    JsonNode manifestA = JSON.readTree(a.resolve("manifest.json").toFile());
    JsonNode manifestB = JSON.readTree(b.resolve("manifest.json").toFile());
    for (String field : COUNTS) {
      boolean same = manifestA.path(field).equals(manifestB.path(field));
      System.out.printf("  manifest %-22s %s%n", field, same ? "equal" : "DIFFERENT");
      equal &= same;
    }
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String dataset : datasets(a, b)) {
        String verdict = compare(duckdb, a.resolve(dataset), b.resolve(dataset));
        System.out.printf("  %-34s %s%n", dataset, verdict);
        equal &= verdict.startsWith("equal");
      }
    }
    System.out.println(equal ? "COMPARE equal" : "COMPARE different");
    System.exit(equal ? 0 : 1);
  }

  /** The {@code --exact} comparison; prints one line per file or dataset that differs. */
  static boolean exactlyEqual(Path a, Path b) throws Exception {
    boolean equal = true;
    TreeSet<String> files = new TreeSet<>();
    files.addAll(publicFiles(a));
    files.addAll(publicFiles(b));
    int same = 0;
    for (String file : files) {
      Path left = a.resolve("public").resolve(file);
      Path right = b.resolve("public").resolve(file);
      if (!Files.isRegularFile(left) || !Files.isRegularFile(right)) {
        System.out.println("  public/" + file + " only in " + (Files.isRegularFile(left) ? a : b));
        equal = false;
      } else if (Files.mismatch(left, right) != -1) {
        System.out.println("  public/" + file + " DIFFERENT");
        equal = false;
      } else {
        same++;
      }
    }
    System.out.printf(
        "  public/: %d files the same, byte for byte (%s aside)%n", same, NAME_THE_RUN);
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String dataset : datasets(a, b)) {
        if (!dataset.startsWith("restricted/")) {
          continue;
        }
        String verdict = exceptBothWays(duckdb, a.resolve(dataset), b.resolve(dataset));
        System.out.printf("  %-34s %s%n", dataset, verdict);
        equal &= verdict.startsWith("equal");
      }
    }
    return equal;
  }

  /** Every file under {@code public/}, as a path relative to it, except those that name the run. */
  private static List<String> publicFiles(Path output) throws Exception {
    Path root = output.resolve("public").toRealPath();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> !NAME_THE_RUN.contains(f.getFileName().toString()))
          .map(f -> root.relativize(f).toString())
          .toList();
    }
  }

  /** Rows of one dataset in one run and not the other, duplicates counted, each way. */
  static String exceptBothWays(Connection duckdb, Path left, Path right) throws Exception {
    if (!hasParquet(left) || !hasParquet(right)) {
      return hasParquet(left) == hasParquet(right) ? "equal (no rows)" : "only in one output";
    }
    String a = source(left);
    String b = source(right);
    String query =
        """
        SELECT (SELECT count(*) FROM %1$s), (SELECT count(*) FROM %2$s),
               (SELECT count(*) FROM (SELECT * FROM %1$s EXCEPT ALL SELECT * FROM %2$s)),
               (SELECT count(*) FROM (SELECT * FROM %2$s EXCEPT ALL SELECT * FROM %1$s))
        """
            .formatted(a, b);
    try (Statement sql = duckdb.createStatement();
        ResultSet row = sql.executeQuery(query)) {
      row.next();
      long onlyA = row.getLong(3);
      long onlyB = row.getLong(4);
      if (onlyA == 0 && onlyB == 0 && row.getLong(1) == row.getLong(2)) {
        return "equal (" + row.getLong(1) + " rows, exactly)";
      }
      return "DIFFERENT: "
          + row.getLong(1)
          + " vs "
          + row.getLong(2)
          + " rows; "
          + onlyA
          + " only in the first, "
          + onlyB
          + " only in the second";
    }
  }

  private static TreeSet<String> datasets(Path... outputs) throws Exception {
    TreeSet<String> names = new TreeSet<>();
    for (Path output : outputs) {
      for (String area : List.of("restricted", "public")) {
        Path folder = output.resolve(area);
        if (!Files.isDirectory(folder)) {
          continue;
        }
        try (Stream<Path> children = Files.list(folder)) {
          children.filter(Files::isDirectory).forEach(d -> names.add(area + "/" + d.getFileName()));
        }
      }
    }
    return names;
  }

  /**
   * Compares one dataset of two runs as multisets of rows, in any order. Rows are matched on their
   * columns that are not floating point; their doubles must then agree within a relative {@value
   * #TOLERANCE}: sums merged in another order (more workers, another runner) differ in their last
   * bits. Says whether the rows are equal exactly (same hash of every row) or within the tolerance.
   */
  static String compare(Connection duckdb, Path left, Path right) throws Exception {
    if (!hasParquet(left) || !hasParquet(right)) {
      return hasParquet(left) == hasParquet(right) ? "equal (no rows)" : "only in one output";
    }
    String a = source(left);
    String b = source(right);
    List<String> keys = new ArrayList<>();
    List<String> doubles = new ArrayList<>();
    try (Statement sql = duckdb.createStatement();
        ResultSet described = sql.executeQuery("DESCRIBE SELECT * FROM " + a)) {
      while (described.next()) {
        String name = "\"" + described.getString(1).replace("\"", "\"\"") + "\"";
        String type = described.getString(2);
        (type.equals("DOUBLE") || type.equals("FLOAT") ? doubles : keys).add(name);
      }
    }
    String key =
        "concat_ws('|', "
            + String.join(
                ", ", keys.stream().map(k -> "coalesce(CAST(" + k + " AS VARCHAR), '-')").toList())
            + ")";
    String order = doubles.isEmpty() ? "1" : String.join(", ", doubles);
    String picked = doubles.isEmpty() ? "" : ", " + String.join(", ", doubles);
    List<String> differs = new ArrayList<>(List.of("x.k IS NULL", "y.k IS NULL"));
    for (String d : doubles) {
      differs.add(
          "NOT ((x.%1$s IS NULL AND y.%1$s IS NULL) OR abs(x.%1$s - y.%1$s) <= %2$s * greatest(1, abs(x.%1$s)))"
              .formatted(d, TOLERANCE));
    }
    String query =
        """
        WITH x AS (SELECT %1$s AS k, row_number() OVER (PARTITION BY %1$s ORDER BY %2$s) AS r %3$s FROM %4$s),
             y AS (SELECT %1$s AS k, row_number() OVER (PARTITION BY %1$s ORDER BY %2$s) AS r %3$s FROM %5$s)
        SELECT (SELECT count(*) FROM x), (SELECT count(*) FROM y),
               (SELECT count(*) FROM x FULL JOIN y USING (k, r) WHERE %6$s),
               (SELECT sum(hash(CAST(t AS VARCHAR))::HUGEINT) FROM %4$s t)
                 = (SELECT sum(hash(CAST(t AS VARCHAR))::HUGEINT) FROM %5$s t)
        """
            .formatted(key, order, picked, a, b, String.join(" OR ", differs));
    try (Statement sql = duckdb.createStatement();
        ResultSet row = sql.executeQuery(query)) {
      row.next();
      long rowsA = row.getLong(1);
      long rowsB = row.getLong(2);
      long different = row.getLong(3);
      boolean exact = row.getBoolean(4);
      if (different == 0 && rowsA == rowsB) {
        return "equal ("
            + rowsA
            + " rows"
            + (exact ? ", exactly" : ", doubles within " + TOLERANCE)
            + ")";
      }
      return "DIFFERENT: " + rowsA + " vs " + rowsB + " rows, " + different + " unmatched";
    }
  }

  private static boolean hasParquet(Path dataset) throws Exception {
    if (!Files.isDirectory(dataset)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dataset)) {
      return files.anyMatch(f -> f.toString().endsWith(".parquet"));
    }
  }

  /** Every part file at any depth: some datasets are partitioned into key=value folders. */
  private static String source(Path dataset) {
    return "read_parquet('"
        + dataset.toAbsolutePath()
        + "/**/*.parquet', hive_partitioning = true)";
  }

  static final double TOLERANCE = 1e-9;
}
