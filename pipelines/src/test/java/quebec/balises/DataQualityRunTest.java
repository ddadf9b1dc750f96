package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.disclosure.IntegerAttacker;
import quebec.balises.episodes.Timepoint;
import quebec.balises.episodes.TimepointPlan;

/**
 * One run of a generated export, read back with DuckDB: every count published in {@code
 * public/data_quality} equals the same count written in SQL over the restricted datasets of the
 * run, a count equal to an indicator's is withheld in the same cells in both datasets, and the
 * integer attacker, holding both datasets, discloses no small count.
 */
class DataQualityRunTest {
  @TempDir static Path work;
  private static Path output;
  private static Path open;

  @BeforeAll
  static void run() throws Exception {
    Path input = work.resolve("export");
    Jobs.execute(
        "generate",
        "--patients=400",
        "--seed=11",
        "--anchorsFrom=2023-01-01",
        "--anchorsTo=2024-06-30",
        "--output=" + input);
    Path key = work.resolve("key");
    Files.writeString(key, "a key for the data-quality test, not for production use");
    output = work.resolve("out");
    Jobs.execute(
        "run",
        "--input=" + input.resolve("*"),
        "--output=" + output,
        "--pseudonymKeyFile=" + key,
        "--asOf=2026-06-01",
        "--progressIntervalSeconds=0");
    // The same export with nothing withheld: the truth that the attacker's findings are judged by.
    open = work.resolve("open");
    Jobs.execute(
        "run",
        "--input=" + input.resolve("*"),
        "--output=" + open,
        "--pseudonymKeyFile=" + key,
        "--asOf=2026-06-01",
        "--minimumCellCount=1",
        "--minimumPublishedN=1",
        "--minimumAdjustedN=1",
        "--progressIntervalSeconds=0");
  }

  private static String restricted(String dataset) {
    return DuckDb.parquet(output.resolve("restricted/" + dataset));
  }

  private static String published() {
    return DuckDb.parquet(output.resolve("public/data_quality"));
  }

  /** The baseline timepoint of each trajectory, as a SQL list of (trajectory, name). */
  private static String baselines() {
    TimepointPlan plan = TimepointPlan.bundled();
    List<String> pairs = new ArrayList<>();
    for (String trajectory :
        List.of(
            "hip-arthroplasty",
            "knee-arthroplasty",
            "copd",
            "aire-ouverte",
            "hospital-at-home",
            "partnership")) {
      plan.baseline(trajectory)
          .map(Timepoint::name)
          .ifPresent(name -> pairs.add("('" + trajectory + "', '" + name + "')"));
    }
    return String.join(", ", pairs);
  }

  /**
   * Every count of the restricted datasets, one row per counted thing, as docs/methods.md §1.7
   * defines it: the measure, what it is counted for, the date that places it, its unit and whether
   * it is in the numerator.
   */
  private static String tallies() {
    String measures =
        "(select distinct trajectory, measure, instrument, scale, timepoint from "
            + published()
            + ")";
    return "with m as "
        + measures
        + ", sites as (select establishment_code, rls_code, region_code from "
        + restricted("establishments")
        + "), baselines(trajectory, name) as (values "
        + baselines()
        + "), kept as (select distinct a.episode_key from "
        + restricted("timepoint_assignments")
        + " a join baselines b on a.trajectory = b.trajectory and a.timepoint = b.name"
        + " where a.outcome = 'kept'), t as ("
        // Follow-up response: rows with a baseline, by baseline date; received in the numerator.
        + "select e.trajectory, 'followup_response' measure, e.instrument, e.scale, e.timepoint,"
        + " null code, e.baseline_date d, e.region_code, e.rls_code, e.establishment_code,"
        + " e.followup_date is not null x from "
        + restricted("episodes")
        + " e join m on m.measure = 'followup_response' and m.trajectory = e.trajectory"
        + " and m.instrument = e.instrument and m.scale = e.scale and m.timepoint = e.timepoint"
        + " where e.baseline_date is not null"
        // Completeness: rows with a follow-up, by follow-up date; scorable in the numerator.
        + " union all select e.trajectory, 'completeness', e.instrument, e.scale, e.timepoint,"
        + " null, e.followup_date, e.region_code, e.rls_code, e.establishment_code,"
        + " e.followup_value is not null from "
        + restricted("episodes")
        + " e join m on m.measure = 'completeness' and m.trajectory = e.trajectory"
        + " and m.instrument = e.instrument and m.scale = e.scale and m.timepoint = e.timepoint"
        + " where e.followup_date is not null"
        // Participation: care episodes by anchor date; with a kept baseline in the numerator.
        + " union all select c.trajectory, 'participation', null, null, null, null,"
        + " c.anchor_date, c.region_code, c.rls_code, c.establishment_code,"
        + " c.episode_key in (select episode_key from kept) from "
        + restricted("care_episodes")
        + " c where c.trajectory in (select trajectory from baselines)"
        + " and c.trajectory in (select trajectory from m)"
        // Timepoint outcomes: each scored response by its date.
        + " union all select a.trajectory, 'timepoint_outcome', null, null, null, a.outcome,"
        + " a.authored_date, s.region_code, s.rls_code, a.establishment_code, true from "
        + restricted("timepoint_assignments")
        + " a join sites s using (establishment_code)"
        + " where a.trajectory in (select trajectory from m)"
        + "), units as ("
        + "select *, 'province' level, 'QC' unit_code from t"
        + " union all select *, 'region', region_code from t"
        + " union all select *, 'rls', rls_code from t"
        + " union all select *, 'establishment', establishment_code from t"
        + "), periods as ("
        + "select *, 'year' period_type, strftime(d, '%Y') period from units"
        + " union all select *, 'quarter', strftime(d, '%Y') || '-Q' || quarter(d) from units"
        + " where level in ('province', 'region'))"
        + " select trajectory, measure, coalesce(instrument, '') instrument,"
        + " coalesce(scale, '') scale, coalesce(timepoint, '') timepoint,"
        + " coalesce(code, '') code, level, unit_code, period_type, period,"
        + " count(*) n, count(*) filter (where x) x from periods group by all";
  }

  @Test
  void everyPublishedCountIsTheCountOfTheRestrictedRows() {
    String compared =
        "select p.trajectory, p.measure, p.instrument, p.scale, p.timepoint, p.code, p.level,"
            + " p.unit_code, p.period, p.n, p.numerator, coalesce(r.n, 0) expected_n,"
            + " coalesce(r.x, 0) expected_x from "
            + published()
            + " p left join ("
            + tallies()
            + ") r on r.trajectory = p.trajectory and r.measure = p.measure"
            + " and r.instrument = coalesce(p.instrument, '') and r.scale = coalesce(p.scale, '')"
            + " and r.timepoint = coalesce(p.timepoint, '') and r.code = coalesce(p.code, '')"
            + " and r.level = p.level and r.unit_code = p.unit_code"
            + " and r.period_type = p.period_type and r.period = p.period"
            + " where p.stratifier = 'all' and p.period_type <> 'run'";
    List<Map<String, Object>> rows = DuckDb.query(compared);
    List<String> wrong = new ArrayList<>();
    int published = 0;
    for (Map<String, Object> row : rows) {
      Long n = (Long) row.get("n");
      Long numerator = (Long) row.get("numerator");
      long expectedN = ((Number) row.get("expected_n")).longValue();
      long expectedX = ((Number) row.get("expected_x")).longValue();
      boolean count = "timepoint_outcome".equals(row.get("measure"));
      if (n != null) {
        published++;
        if (n != expectedN) {
          wrong.add(row + " n");
        }
      }
      if (!count && numerator != null && numerator != expectedX) {
        wrong.add(row + " numerator");
      }
    }
    assertThat(wrong, is(empty()));
    assertThat("published counts compared", published, greaterThan(500));
    // Every measure kind has published, non-zero counts, so the comparison can tell.
    assertThat(
        DuckDb.query(
                "select distinct measure from "
                    + published()
                    + " where n > 0 and period_type <> 'run'")
            .size(),
        is(4));
  }

  @Test
  void rejectedRecordsAreCountedByReasonForTheRun() {
    List<Map<String, Object>> rows =
        DuckDb.query(
            "select p.code, p.n, coalesce(r.n, 0) expected from "
                + published()
                + " p left join (select reason_code, count(*) n from "
                + restricted("rejected")
                + " group by all) r on r.reason_code = p.code where p.measure = 'rejected'");
    int published = 0;
    for (Map<String, Object> row : rows) {
      long expected = ((Number) row.get("expected")).longValue();
      Long n = (Long) row.get("n");
      if (n == null) {
        assertThat(row.toString(), expected >= 1 && expected <= 4, is(true));
      } else {
        published++;
        assertThat(row.toString(), n, is(expected));
      }
    }
    // One row per reason code, 0 included, but for the data's history (superseded and deleted).
    assertThat(
        rows.size(),
        is(
            quebec.balises.model.RejectReason.values().length
                - quebec.balises.quality.RejectedByReason.HISTORY.size()));
    assertThat(
        rows.stream().map(row -> (String) row.get("code")).toList(),
        not(hasItem(quebec.balises.model.RejectReason.SUPERSEDED.name())));
    assertThat(published, greaterThan(0));
  }

  @Test
  void aCountEqualToAnIndicatorsIsWithheldInTheSameCells() {
    // hip-followup-completion-12m counts what its follow-up response counts, in every cell.
    // HOOS JR's completeness is published by hip-hoos-jr-completeness-12m only, not copied.
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + published()
                + " where measure = 'completeness' and instrument = 'HOOS_JR'"),
        is(0L));
    assertThat(
        DuckDb.count("select count(*) from " + published() + " where measure = 'completeness'"),
        greaterThan(0L));
    String[][] pairs = {
      {"hip-followup-completion-12m", "followup_response"},
      {"knee-followup-completion-12m", "followup_response"}
    };
    for (String[] pair : pairs) {
      String trajectory = pair[0].startsWith("hip") ? "hip-arthroplasty" : "knee-arthroplasty";
      String instrument = pair[0].startsWith("hip") ? "HOOS_JR" : "KOOS_JR";
      List<Map<String, Object>> differ =
          DuckDb.query(
              "select i.level, i.unit_code, i.stratifier, i.stratum, i.period,"
                  + " i.n i_n, d.n d_n, i.numerator i_x, d.numerator d_x from "
                  + DuckDb.parquet(output.resolve("public/indicators"))
                  + " i join "
                  + published()
                  + " d using (level, unit_code, stratifier, stratum, period_type, period)"
                  + " where i.indicator_id = '"
                  + pair[0]
                  + "' and d.trajectory = '"
                  + trajectory
                  + "' and d.measure = '"
                  + pair[1]
                  + "' and d.instrument = '"
                  + instrument
                  + "' and d.scale = 'interval' and d.timepoint = '12m'"
                  + " and (i.n is distinct from d.n or i.numerator is distinct from d.numerator)");
      assertThat(pair[0], differ, is(empty()));
      assertThat(
          pair[0] + " has withheld cells, so the test can tell",
          DuckDb.count(
              "select count(*) from "
                  + DuckDb.parquet(output.resolve("public/indicators"))
                  + " where indicator_id = '"
                  + pair[0]
                  + "' and suppressed"),
          greaterThan(0L));
    }
  }

  /**
   * The attacker holds both datasets. From the relations alone (totals, margins, strata, periods,
   * counts that are one quantity, whole numbers) it finds no small count. It may also guess that
   * two series that agree wherever both are published are one population: each finding of that
   * guess is checked against the truth of an open run, and the data-quality rows make no guess
   * right that the indicators alone did not (decision record 0012 records the indicators' own).
   */
  @Test
  void theIntegerAttackerHoldingBothDatasetsDisclosesNoOne() {
    Map<String, IntegerAttacker.Row> truth = new TreeMap<>();
    IntegerAttacker.readPublic(open)
        .values()
        .forEach(rows -> rows.forEach(row -> truth.put(row.key(), row)));
    int withheld = 0;
    List<String> derived = new ArrayList<>();
    List<String> rightWithQuality = new ArrayList<>();
    List<String> rightWithout = new ArrayList<>();
    int guessed = 0;
    for (Map.Entry<String, List<IntegerAttacker.Row>> trajectory :
        IntegerAttacker.readPublic(output).entrySet()) {
      List<IntegerAttacker.Row> both = trajectory.getValue();
      IntegerAttacker.Result relations = IntegerAttacker.attack(both, false);
      withheld += relations.withheld();
      relations.disclosed().forEach(f -> derived.add(trajectory.getKey() + " " + f));
      List<IntegerAttacker.Finding> guesses = IntegerAttacker.attack(both, true).disclosed();
      guessed += guesses.size();
      IntegerAttacker.confirmedBy(guesses, truth)
          .forEach(f -> rightWithQuality.add(f.row().key() + " " + f.what()));
      List<IntegerAttacker.Row> indicatorsOnly =
          both.stream().filter(row -> !row.indicator().startsWith("data-quality:")).toList();
      IntegerAttacker.confirmedBy(IntegerAttacker.attack(indicatorsOnly, true).disclosed(), truth)
          .forEach(f -> rightWithout.add(f.row().key() + " " + f.what()));
    }
    System.out.println(
        "guessed links: "
            + guessed
            + " findings; right with the data-quality rows "
            + rightWithQuality
            + "; right with the indicators alone "
            + rightWithout);
    assertThat(derived, is(empty()));
    List<String> added = new ArrayList<>(rightWithQuality);
    added.removeAll(rightWithout);
    assertThat("true small counts the data-quality rows let a guess find", added, is(empty()));
    assertThat(withheld, greaterThan(100));
  }
}
