package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.publish.IndicatorCsv;
import quebec.balises.publish.ReleaseChanges;

/**
 * Two runs into one output folder, the second with one late HOOS JR response: the first release's
 * changelog says it is the first and lists no change; the second's compares with the first, carries
 * its entry over, and lists in {@code changes.csv} exactly the figures whose released row differs,
 * as a plain SQL comparison of the two releases' {@code csv/indicators.csv} finds them.
 */
class ChangelogRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESPONSES = "QuestionnaireResponse.ndjson";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.NEVER)
  static Path work;

  private static Path output;
  private static String firstChangelog;
  private static String firstChanges;
  private static String firstRunId;
  private static Path firstFigures;

  @BeforeAll
  static void aReleaseThenOneWithALateResponse() throws Exception {
    Path generated = work.resolve("generated");
    Jobs.execute("generate", "--patients=200", "--seed=31", "--output=" + generated);
    Path before = Files.createDirectories(work.resolve("before"));
    Path late = Files.createDirectories(work.resolve("late"));
    try (Stream<Path> files = Files.list(generated)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals(RESPONSES)) {
          Files.copy(file, before.resolve(file.getFileName()));
        }
      }
    }
    // The late response: the 12-month HOOS JR follow-up of a hip episode whose baseline is in
    // 2024, a period final on the as-of date, so that its figures are published in both runs.
    List<String> lines = Files.readAllLines(generated.resolve(RESPONSES));
    Map<String, List<Integer>> byEpisode = new java.util.TreeMap<>();
    Map<String, Integer> ids = new java.util.HashMap<>();
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      JsonNode response;
      try {
        response = JSON.readTree(line);
      } catch (java.io.IOException e) {
        response = null; // the generator writes some malformed lines on purpose
      }
      parsed.add(response);
      if (response != null) {
        ids.merge(response.path("id").asText(), 1, Integer::sum);
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      JsonNode response = parsed.get(i);
      if (response != null
          && response.path("questionnaire").asText().contains("/hoos-jr")
          && "completed".equals(response.path("status").asText())
          && ids.get(response.path("id").asText()) == 1) {
        String episode =
            response.path("extension").path(0).path("valueReference").path("reference").asText();
        byEpisode.computeIfAbsent(episode, e -> new ArrayList<>()).add(i);
      }
    }
    List<Integer> followups = new ArrayList<>();
    for (List<Integer> responses : byEpisode.values()) {
      responses.sort(java.util.Comparator.comparing(i -> parsed.get(i).path("authored").asText()));
      java.time.LocalDate baseline = authored(parsed.get(responses.get(0)));
      int last = responses.get(responses.size() - 1);
      // The 12-month window opens 304 days after the anchor; the 6-month response is earlier.
      if (baseline.getYear() == 2024
          && authored(parsed.get(last)).isAfter(baseline.plusDays(300))) {
        followups.add(last);
      }
    }
    int held = followups.get(followups.size() / 2);
    List<String> kept = new ArrayList<>(lines);
    String lateLine = kept.remove(held);
    Files.write(before.resolve(RESPONSES), kept);
    Files.write(late.resolve("QuestionnaireResponse-late.ndjson"), List.of(lateLine));

    Path key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    output = work.resolve("out");
    Jobs.execute(runArgs(before + "/*", key));
    Path published = output.resolve("public");
    firstChangelog = Files.readString(published.resolve(ReleaseChanges.CHANGELOG));
    firstChanges = Files.readString(published.resolve(ReleaseChanges.CHANGES));
    firstRunId = JSON.readTree(published.resolve("release.json").toFile()).path("runId").asText();
    firstFigures = Files.copy(published.resolve(IndicatorCsv.ALL), work.resolve("first.csv"));
    Jobs.execute(runArgs(before + "/*," + late + "/*", key));
  }

  private static java.time.LocalDate authored(JsonNode response) {
    return java.time.LocalDate.parse(response.path("authored").asText().substring(0, 10));
  }

  private static String[] runArgs(String input, Path key) {
    return new String[] {
      "run",
      "--input=" + input,
      "--output=" + output,
      "--pseudonymKeyFile=" + key,
      "--asOf=2026-11-01",
      "--progressIntervalSeconds=0"
    };
  }

  @Test
  void theFirstReleaseSaysItIsTheFirstAndListsNoChange() {
    assertThat(firstChangelog, containsString("\n## 2026-11-01 · " + firstRunId + "\n"));
    assertThat(
        firstChangelog, containsString("First release: no earlier release to compare with."));
    assertThat(firstChangelog.split("\n## ", -1).length, is(2));
    assertThat(firstChanges, is("\uFEFF" + String.join(",", ReleaseChanges.COLUMNS) + "\n"));
  }

  @Test
  void theSecondComparesWithTheFirstAndCarriesItsEntryOver() throws Exception {
    Path published = output.resolve("public");
    String changelog = Files.readString(published.resolve(ReleaseChanges.CHANGELOG));
    String runId = JSON.readTree(published.resolve("release.json").toFile()).path("runId").asText();
    assertThat(changelog, startsWith("# Journal des modifications"));
    String[] entries = changelog.split("\n## ", -1);
    assertThat(entries.length, is(3));
    assertThat(entries[1], startsWith("2026-11-01 · " + runId + "\n"));
    assertThat(
        entries[1],
        containsString("- Comparée à | Compared with: `" + firstRunId + "` (données au"));
    assertThat(entries[1], containsString("| **Total** |"));
    assertThat(
        "the first release's entry, carried over whole",
        changelog.endsWith(firstChangelog.substring(firstChangelog.indexOf("\n## "))),
        is(true));
  }

  @Test
  void changesListExactlyTheFiguresWhoseReleasedRowDiffers() throws Exception {
    Path changes = output.resolve("public").resolve(ReleaseChanges.CHANGES);
    String text = Files.readString(changes, StandardCharsets.UTF_8);
    assertThat(text, startsWith("\uFEFF" + "indicator_id,level,"));
    String read =
        "read_csv('%s', header = true, all_varchar = true)"; // text as released, compared as text
    String old = read.formatted(firstFigures);
    String now = read.formatted(output.resolve("public").resolve(IndicatorCsv.ALL).toRealPath());
    String figure =
        "coalesce(n,'')||'|'||coalesce(numerator,'')||'|'||coalesce(value,'')||'|'"
            + "||coalesce(ci_lower,'')||'|'||coalesce(ci_upper,'')||'|'"
            + "||coalesce(adjusted_value,'')||'|'||coalesce(adjusted_ci_lower,'')||'|'"
            + "||coalesce(adjusted_ci_upper,'')";
    // The same comparison in SQL: figures compared as the released text, row by row.
    String expected =
        "select indicator_id, level, unit_code, stratum, period,"
            + " case when coalesce(b_s,'true') = 'false' and coalesce(a_s,'true') <> 'false'"
            + "        then 'published'"
            + "      when a_s = 'false' and b_s is null then 'removed'"
            + "      when a_s = 'false' and b_s <> 'false' then 'withheld'"
            + "      when a_s = 'false' and a_f <> b_f then 'revised' end as change"
            + " from (select indicator_id, level, unit_code, stratifier, stratum, period_type,"
            + " period, suppressed as a_s, "
            + figure
            + " as a_f from "
            + old
            + ") full outer join (select indicator_id, level, unit_code, stratifier, stratum,"
            + " period_type, period, suppressed as b_s, "
            + figure
            + " as b_f from "
            + now
            + ") using (indicator_id, level, unit_code, stratifier, stratum, period_type, period)";
    List<Map<String, Object>> sql =
        DuckDb.query(
            "select indicator_id, level, unit_code, stratum, period, change from ("
                + expected
                + ") where change is not null order by all");
    List<Map<String, Object>> written =
        DuckDb.query(
            "select indicator_id, level, unit_code, stratum, period, change from "
                + read.formatted(changes)
                + " order by all");
    assertThat(written.size(), greaterThan(0));
    assertThat(written, is(sql));
    // By hand: one HOOS JR response touches only hip indicators, and moves any n by at most one.
    for (Map<String, Object> row :
        DuckDb.query("select indicator_id, old_n, new_n, change from " + read.formatted(changes))) {
      assertThat(row.toString(), (String) row.get("indicator_id"), startsWith("hip-"));
      if ("revised".equals(row.get("change"))) {
        long step =
            Math.abs(
                Long.parseLong((String) row.get("new_n"))
                    - Long.parseLong((String) row.get("old_n")));
        assertThat(row.toString(), step, lessThanOrEqualTo(1L));
      }
    }
    assertThat(
        DuckDb.count(
            "select count(*) from " + read.formatted(changes) + " where change = 'revised'"),
        greaterThan(0L));
    // By hand: the late 12-month follow-up completes one more episode of 2024 in the province's
    // yearly completion rate: same denominator, numerator one higher.
    List<Map<String, Object>> completion =
        DuckDb.query(
            "select old_value, new_value, old_n, new_n from "
                + read.formatted(changes)
                + " where indicator_id = 'hip-followup-completion-12m' and level = 'province'"
                + " and stratum = 'all' and period = '2024' and change = 'revised'");
    assertThat(completion.size(), is(1));
    Map<String, Object> rate = completion.get(0);
    long n = Long.parseLong((String) rate.get("old_n"));
    assertThat(rate.get("new_n"), is(rate.get("old_n")));
    long before = Math.round(Double.parseDouble((String) rate.get("old_value")) * n);
    long after = Math.round(Double.parseDouble((String) rate.get("new_value")) * n);
    assertThat(after - before, is(1L));
  }
}
