package quebec.balises.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Tells whether two runs of the job wrote the same data: for every dataset folder under {@code
 * restricted/} (and {@code public/}, when there is one), the row count and an order-independent sum
 * of row hashes read with DuckDB; and the manifest's counts (totals, reasons, dataset rows). Run
 * ids, times and options are not compared. Exit 0 when equal, 1 when not.
 *
 * <p>Usage: {@code CompareOutputs OUTPUT_A OUTPUT_B}. Both runs must use the same pseudonymisation
 * key, input and {@code --asOf}.
 */
public final class CompareOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COUNTS = List.of("totals", "rejectedByReason", "datasets");

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CompareOutputs OUTPUT_A OUTPUT_B");
      System.exit(2);
    }
    Path a = Path.of(args[0]);
    Path b = Path.of(args[1]);
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
        String left = digest(duckdb, a.resolve(dataset));
        String right = digest(duckdb, b.resolve(dataset));
        boolean same = left.equals(right);
        System.out.printf(
            "  %-34s %s%n", dataset, same ? "equal (" + left + ")" : left + " vs " + right);
        equal &= same;
      }
    }
    System.out.println(equal ? "COMPARE equal" : "COMPARE different");
    System.exit(equal ? 0 : 1);
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

  /** Rows and the sum of their hashes: equal for equal multisets of rows, in any order. */
  static String digest(Connection duckdb, Path dataset) throws Exception {
    File[] parts = dataset.toFile().listFiles((d, name) -> name.endsWith(".parquet"));
    if (parts == null || parts.length == 0) {
      return "no parquet";
    }
    String query =
        "SELECT count(*), coalesce(sum(hash(CAST(t AS VARCHAR))::HUGEINT), 0)"
            + " FROM read_parquet('"
            + dataset.toAbsolutePath()
            + "/*.parquet') t";
    try (Statement sql = duckdb.createStatement();
        ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1) + " rows, hash " + row.getString(2);
    }
  }
}
