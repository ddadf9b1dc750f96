package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.model.Trajectory;
import quebec.balises.publish.Dataset;

/**
 * The same job on the same input gives the same results on both runners: the default (the Flink
 * runner on its embedded cluster, the same options as {@code --runner=FlinkRunner
 * --flinkMaster=[local]}, which {@code run/DefaultRunnerTest} checks without a run) and the
 * DirectRunner, Beam's reference runner. The input is a generated export of 8 patients with every
 * kind of bad record and every trajectory, since the DirectRunner's time grows with the patients
 * (it needs minutes for the committed sample). Every dataset is read back with DuckDB and compared
 * row for row, in any order; doubles are compared with a 1e-9 relative tolerance, though the exact
 * sums of cells and fits ({@code stats/ExactSum}) make them equal.
 */
class RunnersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOLERANCE = 1e-9;

  @TempDir static Path work;
  private static Path standard;
  private static Path direct;

  @BeforeAll
  static void runTheJobOnEachRunner() throws Exception {
    Path input = work.resolve("fhir");
    // Small, because the DirectRunner's time grows with the patients where Flink's hardly does:
    // the smallest export found whose run has every trajectory, more than ten rejected records
    // and rows in more than seven datasets (the tests below check all three).
    Jobs.execute("generate", "--patients=8", "--seed=23", "--gzip", "--output=" + input.toString());
    Path key = work.resolve("key");
    Files.writeString(key, "a-test-key-of-at-least-32-bytes-long!");
    standard = work.resolve("default");
    direct = work.resolve("direct");
    Map<Path, List<String>> runners =
        Map.of(
            standard, List.of(),
            direct, List.of("--runner=DirectRunner"));
    for (Map.Entry<Path, List<String>> run : runners.entrySet()) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  "--input=" + input + "/*",
                  "--output=" + run.getKey(),
                  "--pseudonymKeyFile=" + key,
                  "--asOf=2026-11-01",
                  "--progressIntervalSeconds=0"));
      args.addAll(run.getValue());
      Jobs.execute(args.toArray(String[]::new));
    }
  }

  @Test
  void theInputHasEveryTrajectory() {
    String episodes = source(standard.resolve(Dataset.EPISODES.folder()));
    List<String> trajectories = new ArrayList<>();
    for (Map<String, Object> row :
        DuckDb.query("select distinct trajectory from " + episodes + " order by 1")) {
      trajectories.add(String.valueOf(row.get("trajectory")));
    }
    assertThat(
        trajectories, is(Stream.of(Trajectory.values()).map(Trajectory::code).sorted().toList()));
  }

  @Test
  void bothRunnersCountTheSameRecordsAndRows() throws Exception {
    JsonNode a = JSON.readTree(standard.resolve("manifest.json").toFile());
    JsonNode b = JSON.readTree(direct.resolve("manifest.json").toFile());
    assertThat(a.get("options").get("runner").asText(), is("FlinkRunner"));
    assertThat(b.get("options").get("runner").asText(), is("DirectRunner"));
    for (String field : List.of("totals", "rejectedByReason", "datasets")) {
      assertThat(field, a.get(field), is(b.get(field)));
    }
    assertThat(a.get("totals").get("all").get("rejected").asLong(), greaterThan(10L));
  }

  @Test
  void bothRunnersWriteTheSameRowsInEveryDataset() throws Exception {
    int compared = 0;
    for (Dataset dataset : Dataset.values()) {
      Path left = standard.resolve(dataset.folder());
      Path right = direct.resolve(dataset.folder());
      assertThat(dataset.folder(), hasParquet(left), is(hasParquet(right)));
      if (!hasParquet(left)) {
        continue;
      }
      long rows = DuckDb.count("select count(*) from " + source(left));
      assertThat(dataset.folder(), DuckDb.count("select count(*) from " + source(right)), is(rows));
      assertThat(
          dataset.folder() + ": rows without an equal",
          unmatched(source(left), source(right)),
          is(0L));
      compared += rows > 0 ? 1 : 0;
    }
    assertThat("datasets with rows", compared, greaterThan(7));
  }

  @Test
  void theComparisonSeesAMissingRowAndAChangedScoreButNotRoundingNoise() {
    String scores = source(standard.resolve(Dataset.SCORES.folder()));
    String allButOne =
        "(select * from " + scores + " limit (select count(*) - 1 from " + scores + "))";
    String shifted = "(select * replace (value + 1e-6 as value) from " + scores + ")";
    String noisy = "(select * replace (value * (1 + 1e-13) as value) from " + scores + ")";
    assertThat(unmatched(scores, allButOne), is(1L));
    assertThat(unmatched(scores, shifted), greaterThan(100L));
    assertThat(unmatched(scores, noisy), is(0L));
  }

  /**
   * Rows of one output with no equal row in the other: rows are matched on every column that is not
   * floating point (numbered, so that duplicate rows pair one to one); their doubles must then
   * agree within the tolerance.
   */
  private static long unmatched(String left, String right) {
    List<String> keys = new ArrayList<>();
    List<String> doubles = new ArrayList<>();
    for (Map<String, Object> column : DuckDb.query("describe select * from " + left)) {
      String name = "\"" + column.get("column_name") + "\"";
      String type = String.valueOf(column.get("column_type"));
      (type.equals("DOUBLE") || type.equals("FLOAT") ? doubles : keys).add(name);
    }
    String key =
        "concat_ws('|', "
            + String.join(
                ", ", keys.stream().map(k -> "coalesce(cast(" + k + " as varchar), '-')").toList())
            + ")";
    String order = doubles.isEmpty() ? "1" : String.join(", ", doubles);
    String picked = doubles.isEmpty() ? "" : ", " + String.join(", ", doubles);
    List<String> differs = new ArrayList<>(List.of("x.k is null", "y.k is null"));
    for (String d : doubles) {
      differs.add(
          ("not ((x.%1$s is null and y.%1$s is null)"
                  + " or abs(x.%1$s - y.%1$s) <= %2$s * greatest(1, abs(x.%1$s)))")
              .formatted(d, TOLERANCE));
    }
    String numbered =
        "select %s as k, row_number() over (partition by %s order by %s) as r %s from "
            .formatted(key, key, order, picked);
    return DuckDb.count(
        "with x as ("
            + numbered
            + left
            + "), y as ("
            + numbered
            + right
            + ") select count(*) from x full join y using (k, r) where "
            + String.join(" or ", differs));
  }

  private static boolean hasParquet(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(f -> f.toString().endsWith(".parquet"));
    }
  }

  private static String source(Path folder) {
    return DuckDb.parquet(folder);
  }
}
