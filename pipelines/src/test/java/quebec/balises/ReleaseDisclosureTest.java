package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.disclosure.IntegerAttacker;

/**
 * Two consecutive nightly releases of a sparse export (1,500 patients, follow-ups still arriving),
 * a week apart, as an attacker who keeps every release would hold them: each must resist the
 * integer attacker on its own, and no published figure may change between them — the second only
 * adds periods that have become final, so differencing the two finds no one.
 */
class ReleaseDisclosureTest {
  @TempDir static Path work;
  private static Path first;
  private static Path second;

  @BeforeAll
  static void twoReleases() throws Exception {
    Path input = work.resolve("export");
    Jobs.execute(
        "generate",
        "--patients=1500",
        "--seed=11",
        "--anchorsFrom=2024-01-01",
        "--anchorsTo=2024-12-31",
        // The establishments' portraits of 2024 and their regions' population, so that the
        // attacker also tries the Measures about establishments (docs/decisions/0023).
        "--portraitsThrough=2025-08-26",
        "--output=" + input);
    Path key = work.resolve("key");
    Files.writeString(key, "a key for the release test, not for production use");
    first = work.resolve("first");
    second = work.resolve("second");
    for (Object[] run : new Object[][] {{first, "2025-08-26"}, {second, "2025-09-02"}}) {
      Jobs.execute(
          "run",
          "--input=" + input.resolve("*"),
          "--output=" + run[0],
          "--pseudonymKeyFile=" + key,
          "--asOf=" + run[1],
          "--progressIntervalSeconds=0");
    }
  }

  private static List<Map<String, Object>> indicators(Path output) {
    return DuckDb.query(
        "select "
            + IntegerAttacker.PUBLISHED_COLUMNS
            + ", value, ci_lower, ci_upper, suppression_reason, adjusted_value, funnel_target,"
            + " outlier_flag from "
            + DuckDb.parquet(output.resolve("public/indicators"))
            + " order by all");
  }

  private static String key(Map<String, Object> row) {
    return String.join(
        "|",
        (String) row.get("indicator_id"),
        (String) row.get("period"),
        (String) row.get("level"),
        (String) row.get("unit_code"),
        (String) row.get("stratifier"),
        (String) row.get("stratum"));
  }

  @Test
  void eachReleaseResistsTheIntegerAttacker() {
    for (Path release : List.of(first, second)) {
      Map<String, List<IntegerAttacker.Row>> byTrajectory =
          IntegerAttacker.fromPublished(indicators(release));
      int withheld = 0;
      for (Map.Entry<String, List<IntegerAttacker.Row>> trajectory : byTrajectory.entrySet()) {
        IntegerAttacker.Result result = IntegerAttacker.attack(trajectory.getValue());
        withheld += result.withheld();
        assertThat(
            release.getFileName() + " " + trajectory.getKey(), result.disclosed(), is(empty()));
      }
      assertThat(withheld, greaterThan(100));
    }
  }

  /**
   * The attacker holding the indicators and the data-quality counts together derives no small count
   * from their relations (totals, margins, strata, periods, counts that are one quantity, whole
   * numbers). Its guesses of links between series that only agree are judged against the truth in
   * DataQualityRunTest, which runs an open twin of its export.
   */
  @Test
  void eachReleaseWithItsDataQualityResistsTheIntegerAttacker() {
    for (Path release : List.of(first, second)) {
      for (Map.Entry<String, List<IntegerAttacker.Row>> trajectory :
          IntegerAttacker.readPublic(release).entrySet()) {
        assertThat(
            release.getFileName() + " " + trajectory.getKey(),
            IntegerAttacker.attack(trajectory.getValue(), false).disclosed(),
            is(empty()));
      }
    }
  }

  @Test
  void noPublishedFigureChangesFromOneNightToTheNext() {
    Map<String, Map<String, Object>> before = new HashMap<>();
    for (Map<String, Object> row : indicators(first)) {
      before.put(key(row), row);
    }
    List<Map<String, Object>> after = indicators(second);
    int same = 0;
    int added = 0;
    List<String> changed = new ArrayList<>();
    for (Map<String, Object> row : after) {
      Map<String, Object> earlier = before.remove(key(row));
      if (earlier == null) {
        added++;
      } else if (earlier.equals(row)) {
        same++;
      } else {
        changed.add(key(row) + ": " + earlier + " -> " + row);
      }
    }
    assertThat("figures revised between releases", changed, is(empty()));
    assertThat("figures withdrawn between releases", before.keySet(), is(empty()));
    assertThat("the first release has figures", same, greaterThan(1000));
    assertThat("the week made a period final, so the test can tell", added, greaterThan(0));
  }
}
