package quebec.balises.disclosure;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.CellAccumulator;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.Engagement;

/**
 * The release grid of a partnership Measure holds every sphere, every level and every tier of the
 * code systems (ADR 0021), n = 0 included: whether a row exists then says nothing, and the
 * disclosure audit sees the whole table.
 */
class EngagementGridTest {
  private static final String ID = "partnership-take-part-again-top-box";

  private static IndicatorFigure figure(
      IndicatorDefinition indicator, String stratifier, String stratum, long n, long x) {
    CellAccumulator accumulator = new CellAccumulator();
    for (long i = 0; i < n; i++) {
      accumulator.addProportion(i < x);
    }
    Cell cell =
        new Cell(
            indicator.id(),
            "year",
            "2025",
            Cell.PROVINCE,
            Cell.PROVINCE_CODE,
            Cell.PROVINCE_NAME,
            "",
            "",
            stratifier,
            stratum);
    return IndicatorFigure.of(indicator, cell, accumulator, null, null, PublicationRules.DEFAULT);
  }

  @Test
  void everySphereLevelAndTierHasARowWhenOnlyOneHasPartners() {
    IndicatorDefinition indicator =
        IndicatorCatalog.bundled().indicators().stream()
            .filter(i -> i.id().equals(ID))
            .findFirst()
            .orElseThrow();
    // 30 partners in 2025, all in governance at the consultation level, at Santé Québec.
    List<IndicatorFigure> computed = new ArrayList<>();
    computed.add(figure(indicator, Cell.ALL, Cell.ALL, 30, 20));
    computed.add(figure(indicator, "engagement-sphere", "governance", 30, 20));
    computed.add(figure(indicator, "engagement-level", "consultation", 30, 20));
    computed.add(figure(indicator, "engagement-body", "sante-quebec", 30, 20));
    ReleasePolicy policy =
        new ReleasePolicy(LocalDate.of(2026, 6, 1), 5, Map.of(ID, indicator), Map.of(ID, 0));

    List<IndicatorFigure> released =
        TrajectoryRelease.release("partnership", computed, policy).figures();

    Map<String, TreeSet<String>> strata = new TreeMap<>();
    for (IndicatorFigure f : released) {
      if (f.cell().period().equals("2025") && f.cell().stratifier().startsWith("engagement-")) {
        strata.computeIfAbsent(f.cell().stratifier(), k -> new TreeSet<>()).add(f.cell().stratum());
        if (!List.of("governance", "consultation", "sante-quebec").contains(f.cell().stratum())) {
          assertThat(f.cell().toString(), f.figure().n(), is(0L));
        }
      }
    }
    TreeSet<String> spheres = new TreeSet<>(Engagement.SPHERES);
    spheres.add(Cell.UNKNOWN);
    TreeSet<String> levels = new TreeSet<>(Engagement.LEVELS);
    levels.add(Cell.UNKNOWN);
    assertThat(strata.get("engagement-sphere"), contains(spheres.toArray()));
    assertThat(strata.get("engagement-level"), contains(levels.toArray()));
    // Four tiers: the three of the code system and unknown, written out rather than read from it.
    assertThat(
        strata.get("engagement-body"),
        contains("establishment", "ministry", "sante-quebec", Cell.UNKNOWN));
    assertThat(
        strata.keySet(), contains("engagement-body", "engagement-level", "engagement-sphere"));
  }
}
