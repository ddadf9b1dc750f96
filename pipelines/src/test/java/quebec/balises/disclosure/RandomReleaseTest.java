package quebec.balises.disclosure;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.CellAccumulator;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;

/**
 * Random tables with the real shape — establishments in RLS in regions in the province, province
 * strata by sex and age band, quarters and the year, a proportion and a mean on the same people —
 * released as the job releases them: the integer attacker derives no small count, and no figure the
 * publication rules withheld is shown.
 */
class RandomReleaseTest {
  private static final IndicatorCatalog CATALOG = IndicatorCatalog.bundled();
  private static final String[] SEXES = {"female", "male"};
  private static final String[] AGES = {"55-64", "65-74", "75-84"};

  private static IndicatorDefinition indicator(String id) {
    return CATALOG.indicators().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  @Property(tries = 40)
  void theIntegerAttackerFindsNothingInARandomRelease(
      @ForAll @IntRange(min = 1, max = 2) int regions,
      @ForAll @IntRange(min = 1, max = 2) int sitesPerRegion,
      @ForAll @IntRange(min = 1, max = 4) int quarters,
      @ForAll @IntRange(min = 1, max = 8) int spread,
      @ForAll long seed) {
    Random random = new Random(seed);
    IndicatorDefinition proportion = indicator("copd-cat-improvement-3m");
    IndicatorDefinition mean = indicator("copd-cat-mean-change-3m");
    // cell key → {n, numerator}, for every cell of the grid (zeros included)
    Map<String, Cell> cells = new TreeMap<>();
    Map<String, long[]> counts = new TreeMap<>();
    List<String[]> units = new ArrayList<>();
    units.add(new String[] {Cell.PROVINCE, "QC", "", ""});
    for (int g = 0; g < regions; g++) {
      String region = "R" + g;
      units.add(new String[] {Cell.REGION, region, region, ""});
      units.add(new String[] {Cell.RLS, region + "L", region, region + "L"});
      for (int s = 0; s < sitesPerRegion; s++) {
        units.add(new String[] {Cell.ESTABLISHMENT, region + "S" + s, region, region + "L"});
      }
    }
    for (String[] unit : units) {
      for (int q = 1; q <= 4; q++) {
        for (String period : new String[] {"2025-Q" + q, "2025"}) {
          if (period.length() > 4 && !Cell.QUARTER_LEVELS.contains(unit[0])) {
            continue;
          }
          for (String[] stratum : strata(unit[0])) {
            Cell cell = cell(period, unit, stratum);
            cells.put(key(cell), cell);
            counts.put(key(cell), new long[2]);
          }
        }
      }
    }
    for (String[] site : units) {
      if (!site[0].equals(Cell.ESTABLISHMENT)) {
        continue;
      }
      for (int q = 1; q <= quarters; q++) {
        for (String sex : SEXES) {
          for (String age : AGES) {
            long n = random.nextInt(3) == 0 ? 0 : random.nextInt(spread + 1);
            long x = n == 0 ? 0 : random.nextInt((int) n + 1);
            for (String[] unit : units) {
              boolean contains =
                  unit[0].equals(Cell.PROVINCE)
                      || unit[1].equals(site[1])
                      || unit[0].equals(Cell.REGION) && unit[1].equals(site[2])
                      || unit[0].equals(Cell.RLS) && unit[1].equals(site[3]);
              if (!contains) {
                continue;
              }
              for (String period : new String[] {"2025-Q" + q, "2025"}) {
                for (String[] stratum :
                    new String[][] {{"all", "all"}, {"sex", sex}, {"age-band", age}}) {
                  long[] c = counts.get(key(cell(period, unit, stratum)));
                  if (c != null) {
                    c[0] += n;
                    c[1] += x;
                  }
                }
              }
            }
          }
        }
      }
    }
    List<IndicatorFigure> figures = new ArrayList<>();
    for (IndicatorDefinition indicator : List.of(proportion, mean)) {
      for (Map.Entry<String, Cell> entry : cells.entrySet()) {
        long[] c = counts.get(entry.getKey());
        Cell cell = withIndicator(entry.getValue(), indicator.id());
        figures.add(figure(indicator, cell, c));
      }
    }
    List<IndicatorFigure> released = new ArrayList<>(TrajectoryRelease.protectYear(figures, 5));
    for (int i = 0; i < figures.size(); i++) {
      if (figures.get(i).figure().n() == null) {
        assertThat(released.get(i).figure().n() == null, is(true));
      }
      if (figures.get(i).figure().suppressed()) {
        assertThat(released.get(i).figure().suppressed(), is(true));
      }
    }
    released.replaceAll(IndicatorFigure::released);
    assertThat(TrajectoryReleaseTest.attack(released).disclosed(), is(empty()));
  }

  private static String[][] strata(String level) {
    if (!level.equals(Cell.PROVINCE)) {
      return new String[][] {{"all", "all"}};
    }
    List<String[]> strata = new ArrayList<>();
    strata.add(new String[] {"all", "all"});
    for (String sex : SEXES) {
      strata.add(new String[] {"sex", sex});
    }
    strata.add(new String[] {"sex", Cell.UNKNOWN});
    for (String age : AGES) {
      strata.add(new String[] {"age-band", age});
    }
    strata.add(new String[] {"age-band", Cell.UNKNOWN});
    return strata.toArray(String[][]::new);
  }

  private static Cell cell(String period, String[] unit, String[] stratum) {
    return new Cell(
        "",
        period.length() == 4 ? "year" : "quarter",
        period,
        unit[0],
        unit[1],
        unit[1],
        unit[2],
        unit[3],
        stratum[0],
        stratum[1]);
  }

  private static Cell withIndicator(Cell c, String id) {
    return new Cell(
        id,
        c.periodType(),
        c.period(),
        c.level(),
        c.unitCode(),
        c.unitName(),
        c.regionCode(),
        c.rlsCode(),
        c.stratifier(),
        c.stratum());
  }

  private static String key(Cell c) {
    return String.join("|", c.period(), c.level(), c.unitCode(), c.stratifier(), c.stratum());
  }

  private static IndicatorFigure figure(IndicatorDefinition indicator, Cell cell, long[] counts) {
    if (counts[0] == 0) {
      return IndicatorFigure.empty(indicator, cell);
    }
    CellAccumulator accumulator = new CellAccumulator();
    for (long i = 0; i < counts[0]; i++) {
      if (indicator.scoring() == IndicatorDefinition.Scoring.PROPORTION) {
        accumulator.addProportion(i < counts[1]);
      } else {
        accumulator.addObservation(i % 7);
      }
    }
    return IndicatorFigure.of(indicator, cell, accumulator, null, null, PublicationRules.DEFAULT);
  }
}
