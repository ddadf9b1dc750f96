package quebec.balises.disclosure;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.CellAccumulator;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.Period;
import quebec.balises.indicators.PublicationRules;

/**
 * The release of one trajectory on crafted figures: a complete grid, final periods only, and
 * Measures that share a population protected as one table.
 */
class TrajectoryReleaseTest {
  private static final IndicatorCatalog CATALOG = IndicatorCatalog.bundled();
  private static final String COMPLETENESS = "hip-hoos-jr-completeness-12m";
  private static final String PASS = "hip-hoos-jr-pass-12m";

  private static IndicatorDefinition indicator(String id) {
    return CATALOG.indicators().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  private static ReleasePolicy policy(LocalDate asOf, String... ids) {
    Map<String, IndicatorDefinition> indicators = new TreeMap<>();
    Map<String, Integer> finalAfter = new TreeMap<>();
    for (String id : ids) {
      indicators.put(id, indicator(id));
      finalAfter.put(id, 0);
    }
    return new ReleasePolicy(asOf, 5, indicators, finalAfter);
  }

  /** Units: {level, code, region, rls}. Two establishments in one RLS in one region. */
  private static final String[][] UNITS = {
    {Cell.PROVINCE, Cell.PROVINCE_CODE, "", ""},
    {Cell.REGION, "03", "03", ""},
    {Cell.RLS, "0311", "03", "0311"},
    {Cell.ESTABLISHMENT, "E1", "03", "0311"},
    {Cell.ESTABLISHMENT, "E2", "03", "0311"},
  };

  /**
   * The figures of one proportion in one quarter (and its year, which holds only that quarter):
   * {@code counts} gives {n, numerator} for E1 and E2; the units above add them up, and every
   * person's sex, age and quintiles are unknown (so each stratifier's "unknown" stratum holds
   * everyone).
   */
  private static List<IndicatorFigure> figures(String id, String quarter, long[][] counts) {
    IndicatorDefinition indicator = indicator(id);
    long n = counts[0][0] + counts[1][0];
    long x = counts[0][1] + counts[1][1];
    List<IndicatorFigure> figures = new ArrayList<>();
    for (String[] period :
        new String[][] {{"quarter", quarter}, {"year", quarter.substring(0, 4)}}) {
      for (String[] unit : UNITS) {
        if (period[0].equals("quarter") && !Cell.QUARTER_LEVELS.contains(unit[0])) {
          continue;
        }
        long[] c =
            switch (unit[1]) {
              case "E1" -> counts[0];
              case "E2" -> counts[1];
              default -> new long[] {n, x};
            };
        figures.add(figure(indicator, period, unit, Cell.ALL, Cell.ALL, c));
        if (unit[0].equals(Cell.PROVINCE)) {
          for (String stratifier : indicator.stratifiers().keySet()) {
            if (!stratifier.equals("region") && !stratifier.equals("rls")) {
              figures.add(figure(indicator, period, unit, stratifier, Cell.UNKNOWN, c));
            }
          }
        }
      }
    }
    return figures;
  }

  private static IndicatorFigure figure(
      IndicatorDefinition indicator,
      String[] period,
      String[] unit,
      String stratifier,
      String stratum,
      long[] counts) {
    CellAccumulator accumulator = new CellAccumulator();
    for (long i = 0; i < counts[0]; i++) {
      accumulator.addProportion(i < counts[1]);
    }
    Cell cell =
        new Cell(
            indicator.id(),
            period[0],
            period[1],
            unit[0],
            unit[1],
            unit[1].equals(Cell.PROVINCE_CODE) ? Cell.PROVINCE_NAME : "Unit " + unit[1],
            unit[2],
            unit[3],
            stratifier,
            stratum);
    return IndicatorFigure.of(indicator, cell, accumulator, null, null, PublicationRules.DEFAULT);
  }

  private static IndicatorFigure find(
      List<IndicatorFigure> figures, String id, String period, String unit) {
    return figures.stream()
        .filter(
            f ->
                f.indicatorId().equals(id)
                    && f.cell().period().equals(period)
                    && f.cell().unitCode().equals(unit)
                    && f.cell().isWholeUnit())
        .findFirst()
        .orElseThrow();
  }

  /**
   * Rebuilt from a finding on the sample: completeness counted 36 follow-ups at an establishment
   * with 32 complete (its 4 incomplete withheld), while PASS, whose n is exactly the complete
   * follow-ups, published n = 32. Protected as one table, PASS's n there is withheld too, and the
   * integer attacker finds nothing.
   */
  @Test
  void measuresSharingAPopulationAreProtectedAsOneTable() {
    List<IndicatorFigure> computed = new ArrayList<>();
    computed.addAll(figures(COMPLETENESS, "2025-Q1", new long[][] {{36, 32}, {40, 30}}));
    computed.addAll(figures(PASS, "2025-Q1", new long[][] {{32, 20}, {30, 18}}));
    assertThat(find(computed, PASS, "2025", "E1").figure().n(), is(32L));
    assertThat(find(computed, COMPLETENESS, "2025", "E1").figure().suppressed(), is(true));

    TrajectoryRelease.Outcome outcome =
        TrajectoryRelease.release(
            "hip-arthroplasty", computed, policy(LocalDate.of(2026, 6, 1), COMPLETENESS, PASS));
    List<IndicatorFigure> released = outcome.figures();
    IndicatorFigure pass = find(released, PASS, "2025", "E1");
    assertThat("PASS's n is completeness's numerator", pass.figure().n(), is(nullValue()));
    assertThat(pass.figure().value(), is(nullValue()));
    assertThat(released.stream().map(IndicatorFigure::counts).toList(), everyItem(nullValue()));
    assertThat(attack(released).disclosed(), is(empty()));
    assertThat(
        "without the link, the attacker would find the 4",
        attack(computed).disclosed(),
        is(not(empty())));
  }

  /**
   * Every unit and stratum of every period of the year has a row, n = 0 where nobody counted, so
   * that a row's presence says nothing; a quarter not yet final at the as-of date has none.
   */
  @Test
  void theGridIsCompleteAndOnlyFinalPeriodsArePublished() {
    List<IndicatorFigure> computed =
        figures(COMPLETENESS, "2025-Q1", new long[][] {{36, 32}, {40, 30}});
    // As of mid-May 2025: Q1 is final (no follow-up window to wait for here), Q2 and the year not.
    TrajectoryRelease.Outcome early =
        TrajectoryRelease.release(
            "hip-arthroplasty", computed, policy(LocalDate.of(2025, 5, 15), COMPLETENESS));
    assertThat(
        early.figures().stream().map(f -> f.cell().period()).distinct().toList(),
        is(List.of("2025-Q1")));
    assertThat(
        "the year's figures wait",
        early.notYetFinal(),
        is(computed.stream().filter(f -> f.cell().period().equals("2025")).count()));

    TrajectoryRelease.Outcome late =
        TrajectoryRelease.release(
            "hip-arthroplasty", computed, policy(LocalDate.of(2026, 6, 1), COMPLETENESS));
    IndicatorFigure emptyQuarter = find(late.figures(), COMPLETENESS, "2025-Q3", "03");
    assertThat(emptyQuarter.figure().n(), is(0L));
    assertThat(emptyQuarter.figure().value(), is(nullValue()));
    long provinceStrata =
        late.figures().stream()
            .filter(f -> f.cell().period().equals("2025") && !f.cell().isWholeUnit())
            .count();
    // sex 4, age bands 9, two quintiles 6 each: every stratum, known or not.
    assertThat(provinceStrata, is(4L + 9 + 6 + 6));
    assertThat(
        "the first quarter is the same in both releases",
        find(late.figures(), COMPLETENESS, "2025-Q1", "03"),
        is(find(early.figures(), COMPLETENESS, "2025-Q1", "03")));
    assertThat(find(late.figures(), COMPLETENESS, "2025", "E2").figure().n(), is(notNullValue()));
  }

  /** Every withheld figure gives the one reason, whatever withheld it. */
  @Test
  void oneReasonForEveryWithheldFigure() {
    List<IndicatorFigure> computed =
        figures(COMPLETENESS, "2025-Q1", new long[][] {{3, 1}, {7, 6}});
    TrajectoryRelease.Outcome outcome =
        TrajectoryRelease.release(
            "hip-arthroplasty", computed, policy(LocalDate.of(2026, 6, 1), COMPLETENESS));
    assertThat(
        outcome.figures().stream()
            .map(f -> f.figure().suppression())
            .filter(r -> r != null)
            .distinct()
            .toList(),
        is(List.of(Figure.SUPPRESSED)));
    assertThat(attack(outcome.figures()).disclosed(), is(empty()));
  }

  static IntegerAttacker.Result attack(List<IndicatorFigure> figures) {
    List<IntegerAttacker.Row> rows = new ArrayList<>();
    for (IndicatorFigure f : figures) {
      Cell c = f.cell();
      rows.add(
          new IntegerAttacker.Row(
              f.indicatorId(),
              f.scoring().equals("proportion"),
              c.level(),
              c.unitCode(),
              c.regionCode(),
              c.rlsCode(),
              c.stratifier(),
              c.stratum(),
              c.periodType(),
              c.period(),
              f.figure().n(),
              f.figure().numerator()));
    }
    return IntegerAttacker.attack(rows);
  }

  /**
   * Hip episodes anchored in March 2026, their baselines in 2026-Q1. Follow-up completion at 12
   * months counts by baseline date and its windows run from 90 days before surgery to 426 after, so
   * a period is final 426 + 90 = 516 days after its last day: 2026-Q1 (ends 2026-03-31) on
   * 2027-08-30, the year 2026 on 2028-05-31. With --asOf=2026-06-30 neither is published, and even
   * 2025-Q1 (final on 2026-08-30) waits, while 2024-Q4 (2026-06-01) is final. Once past 2028-05-31
   * both are published, each row saying the day its period became final.
   */
  @Test
  void followUpCompletionOfMarch2026IsNotFinalAtTheEndOfJune2026() {
    String completion = "hip-followup-completion-12m";
    ReleasePolicy june =
        ReleasePolicy.of(
            CATALOG, quebec.balises.episodes.TimepointPlan.bundled(), LocalDate.of(2026, 6, 30), 5);
    Period q1 = Period.parse(Period.QUARTER, "2026-Q1");
    Period year = Period.parse(Period.YEAR, "2026");
    assertThat(june.finalAfterDays().get(completion), is(516));
    assertThat(june.isFinal(completion, q1), is(false));
    assertThat(june.isFinal(completion, year), is(false));
    assertThat(june.finalOn(completion, q1), is(LocalDate.of(2027, 8, 30)));
    assertThat(june.finalOn(completion, year), is(LocalDate.of(2028, 5, 31)));
    assertThat(june.isFinal(completion, Period.parse(Period.QUARTER, "2025-Q1")), is(false));
    assertThat(june.isFinal(completion, Period.parse(Period.QUARTER, "2024-Q4")), is(true));

    List<IndicatorFigure> computed =
        figures(completion, "2026-Q1", new long[][] {{30, 21}, {25, 20}});
    TrajectoryRelease.Outcome early = TrajectoryRelease.release("hip-arthroplasty", computed, june);
    assertThat(
        "nothing of 2026 is published in June 2026",
        early.figures().stream().anyMatch(f -> f.cell().period().startsWith("2026")),
        is(false));
    assertThat(early.notYetFinal(), is((long) computed.size()));

    ReleasePolicy later =
        ReleasePolicy.of(
            CATALOG, quebec.balises.episodes.TimepointPlan.bundled(), LocalDate.of(2028, 6, 1), 5);
    TrajectoryRelease.Outcome done = TrajectoryRelease.release("hip-arthroplasty", computed, later);
    IndicatorFigure quarter = find(done.figures(), completion, "2026-Q1", Cell.PROVINCE_CODE);
    assertThat(quarter.figure().n(), is(55L));
    assertThat(quarter.finalOn(), is(LocalDate.of(2027, 8, 30)));
    assertThat(
        find(done.figures(), completion, "2026", Cell.PROVINCE_CODE).finalOn(),
        is(LocalDate.of(2028, 5, 31)));
  }
}
