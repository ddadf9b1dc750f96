package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import quebec.balises.indicators.AgeBand;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.IndicatorPeriod;
import quebec.balises.indicators.Period;
import quebec.balises.model.Engagement;

/**
 * The release of one trajectory's figures, as a reader will see them: no more and no less than can
 * be shown without disclosing anyone. Plain Java, no Beam; {@link ProtectPublicFigures} calls it
 * once per trajectory.
 *
 * <ol>
 *   <li><b>A complete grid.</b> Every Measure of the trajectory gets a row for every unit (every
 *       establishment, RLS and region the trajectory has anywhere), every stratum of its
 *       stratifiers' full domains (at the province and the regions) and every period of every year
 *       the trajectory has data in: n = 0 included. Whether a row exists then says nothing.
 *   <li><b>Final periods only</b> ({@link ReleasePolicy}): no figure is published that a later
 *       response could still revise.
 *   <li><b>Tables protected in release order.</b> The Measures counted on the same date form one
 *       table per period, so that Measures sharing a population are protected as one: two counts
 *       equal in every cell (one Measure's n and another's numerator, say) are one quantity whose
 *       withheld cells are the union of both. Each quarter is protected on its own, as soon as it
 *       is final; the year then only adds withheld cells to the year's own rows, so a quarter once
 *       released is never changed. Counts (n, numerators) are protected by {@link CountTable}'s
 *       audit; sums behind means by {@link ComplementarySuppression}.
 *   <li><b>No side channel.</b> A unit's funnel is dropped when the provincial value it is drawn
 *       around is withheld.
 * </ol>
 */
public final class TrajectoryRelease {
  private TrajectoryRelease() {}

  /**
   * The published values of the stratifiers' fields, besides {@link Cell#UNKNOWN}: the equity
   * stratifiers, and a partner's engagement (sphere, level, tier), whose codes the parser accepts
   * from these lists only (ADR 0021).
   */
  static final Map<String, List<String>> STRATUM_DOMAINS =
      Map.of(
          "sex", List.of("female", "male", "other"),
          "age_at_anchor", AgeBand.BANDS,
          "material_deprivation_quintile", List.of("1", "2", "3", "4", "5"),
          "social_deprivation_quintile", List.of("1", "2", "3", "4", "5"),
          "engagement_sphere", Engagement.SPHERES,
          "engagement_level", Engagement.LEVELS,
          "engagement_body", Engagement.BODIES);

  private static final Set<String> GEOGRAPHIC_FIELDS =
      Set.of("region_code", "rls_code", "establishment_code");

  /** What the release did, for the run's metrics. */
  public record Outcome(
      List<IndicatorFigure> figures, long primary, long complementary, long notYetFinal) {}

  /**
   * The released figures of one trajectory.
   *
   * @param computed every figure the indicator stage computed for the trajectory (cells with at
   *     least one person), with their true counts
   */
  public static Outcome release(
      String trajectory, List<IndicatorFigure> computed, ReleasePolicy policy) {
    List<IndicatorDefinition> indicators =
        policy.indicators().values().stream()
            .filter(indicator -> indicator.trajectory().equals(trajectory))
            .toList();
    Map<CellKey, IndicatorFigure> byCell = new HashMap<>();
    for (IndicatorFigure figure : computed) {
      byCell.put(CellKey.of(figure.cell()), figure);
    }
    Grid grid = Grid.of(computed);
    long notYetFinal = 0;
    // (period basis, counting, year) → the figures of every final period of that year, grid
    // complete.
    Map<String, List<IndicatorFigure>> tables = new TreeMap<>();
    for (IndicatorDefinition indicator : indicators) {
      List<String[]> strata = strata(indicator, computed);
      for (int year : grid.years) {
        for (Period period : periods(year)) {
          if (Period.QUARTER.equals(period.type()) && indicator.yearsOnly()) {
            continue;
          }
          boolean isFinal = policy.isFinal(indicator.id(), period);
          for (String[] unit : grid.units.values()) {
            if (Period.QUARTER.equals(period.type()) && !Cell.QUARTER_LEVELS.contains(unit[0])) {
              continue;
            }
            if (!policy.publishes(indicator.id(), unit[0], period.type())) {
              continue;
            }
            for (String[] stratum : strata) {
              if (!stratum[0].equals(Cell.ALL) && !Cell.EQUITY_LEVELS.contains(unit[0])) {
                continue;
              }
              Cell cell = Cell.at(indicator, period, unit, stratum);
              IndicatorFigure figure = byCell.remove(CellKey.of(cell));
              if (!isFinal) {
                notYetFinal += figure == null ? 0 : 1;
                continue;
              }
              // Measures that count each person once per period are a table of their own: their
              // quarters do not add up to the year, other Measures' do (data quality, say).
              tables
                  .computeIfAbsent(
                      indicator.periodBasis() + "|" + indicator.latestPerPerson() + "|" + year,
                      k -> new ArrayList<>())
                  .add(figure != null ? figure : IndicatorFigure.empty(indicator, cell));
            }
          }
        }
      }
    }
    if (!byCell.isEmpty()) {
      throw new IllegalStateException(
          "figures outside the grid of " + trajectory + ": " + byCell.keySet());
    }
    List<IndicatorFigure> released = new ArrayList<>();
    long primary = 0;
    long complementary = 0;
    for (List<IndicatorFigure> table : tables.values()) {
      List<IndicatorFigure> protectedTable = protectTable(table, policy);
      for (int i = 0; i < table.size(); i++) {
        if (table.get(i).figure().suppressed()) {
          primary++;
        } else if (protectedTable.get(i).figure().suppressed()) {
          complementary++;
        }
      }
      released.addAll(protectedTable);
    }
    released = withoutLeakingFunnels(released);
    released.replaceAll(
        figure ->
            figure
                .released()
                .finalOn(
                    policy.finalOn(
                        figure.indicatorId(),
                        Period.parse(figure.cell().periodType(), figure.cell().period()))));
    return new Outcome(released, primary, complementary, notYetFinal);
  }

  /** One table (a period basis and year) protected, funnels aside. */
  private static List<IndicatorFigure> protectTable(
      List<IndicatorFigure> table, ReleasePolicy policy) {
    // A Measure that counts each person once per period does not add its quarters up to its
    // year (a person answering in two quarters counts once in the year): its tables have no
    // quarter-to-year relation. The catalog keeps such Measures apart from the others
    // (IndicatorCatalog), so a table is one kind or the other.
    boolean quartersAddUp =
        table.stream().noneMatch(f -> policy.indicators().get(f.indicatorId()).latestPerPerson());
    return protectYear(table, policy.threshold(), quartersAddUp);
  }

  /** The quarters and the year. */
  private static List<Period> periods(int year) {
    List<Period> periods = new ArrayList<>();
    for (int quarter = 1; quarter <= 4; quarter++) {
      periods.add(Period.parse(Period.QUARTER, year + "-Q" + quarter));
    }
    periods.add(Period.parse(Period.YEAR, Integer.toString(year)));
    return periods;
  }

  /** {@code {stratifier, stratum}} pairs: everyone, then each stratum of each equity stratifier. */
  private static List<String[]> strata(
      IndicatorDefinition indicator, List<IndicatorFigure> computed) {
    List<String[]> strata = new ArrayList<>();
    strata.add(new String[] {Cell.ALL, Cell.ALL});
    for (Map.Entry<String, String> stratifier : indicator.stratifiers().entrySet()) {
      if (GEOGRAPHIC_FIELDS.contains(stratifier.getValue())) {
        continue;
      }
      Set<String> values =
          new TreeSet<>(STRATUM_DOMAINS.getOrDefault(stratifier.getValue(), List.of()));
      for (IndicatorFigure figure : computed) {
        if (figure.cell().stratifier().equals(stratifier.getKey())) {
          values.add(figure.cell().stratum());
        }
      }
      values.add(Cell.UNKNOWN);
      for (String value : values) {
        strata.add(new String[] {stratifier.getKey(), value});
      }
    }
    return strata;
  }

  /** The units and years of a trajectory: wherever and whenever any of its Measures counted. */
  private record Grid(Map<String, String[]> units, TreeSet<Integer> years) {
    static Grid of(List<IndicatorFigure> computed) {
      Map<String, String[]> units = new TreeMap<>();
      units.put(
          Cell.PROVINCE + "|" + Cell.PROVINCE_CODE,
          new String[] {Cell.PROVINCE, Cell.PROVINCE_CODE, Cell.PROVINCE_NAME, "", ""});
      TreeSet<Integer> years = new TreeSet<>();
      for (IndicatorFigure figure : computed) {
        Cell cell = figure.cell();
        units.putIfAbsent(
            cell.level() + "|" + cell.unitCode(),
            new String[] {
              cell.level(), cell.unitCode(), cell.unitName(), cell.regionCode(), cell.rlsCode()
            });
        years.add(Integer.parseInt(cell.period().substring(0, 4)));
      }
      TreeSet<Integer> span = new TreeSet<>();
      if (!years.isEmpty()) {
        for (int year = years.first(); year <= years.last(); year++) {
          span.add(year);
        }
      }
      return new Grid(units, span);
    }
  }

  /**
   * One period basis and year: each final quarter protected on its own, then the year with the
   * quarters as released. Returns the figures in the same order.
   */
  static List<IndicatorFigure> protectYear(List<IndicatorFigure> figures, long threshold) {
    return protectYear(figures, threshold, true);
  }

  /**
   * @param quartersAddUp whether the year's counts are the sums of its quarters' (false for
   *     Measures that count each person once per period)
   */
  static List<IndicatorFigure> protectYear(
      List<IndicatorFigure> figures, long threshold, boolean quartersAddUp) {
    List<IndicatorFigure> result = new ArrayList<>(figures);
    TreeMap<String, List<Integer>> quarters = new TreeMap<>();
    List<Integer> yearRows = new ArrayList<>();
    for (int i = 0; i < figures.size(); i++) {
      Cell cell = figures.get(i).cell();
      if (Period.QUARTER.equals(cell.periodType())) {
        quarters.computeIfAbsent(cell.period(), k -> new ArrayList<>()).add(i);
      } else {
        yearRows.add(i);
      }
    }
    for (List<Integer> quarter : quarters.values()) {
      protectStage(result, quarter, List.of(), threshold, quartersAddUp);
    }
    if (!yearRows.isEmpty()) {
      List<Integer> released = new ArrayList<>();
      quarters.values().forEach(released::addAll);
      protectStage(result, yearRows, released, threshold, quartersAddUp);
    }
    return result;
  }

  /**
   * Protects the rows {@code free} of {@code figures} (in place), with the rows {@code fixed}
   * released already and known to every reader.
   */
  private static void protectStage(
      List<IndicatorFigure> figures,
      List<Integer> free,
      List<Integer> fixed,
      long threshold,
      boolean quartersAddUp) {
    // Positions: (level, unit, stratifier, stratum, period) shared by the Measures.
    Map<Position, Integer> positions = new LinkedHashMap<>();
    List<Cell> positionCells = new ArrayList<>();
    BitSet freePositions = new BitSet();
    List<Integer> rows = new ArrayList<>(free);
    rows.addAll(fixed);
    for (int row : rows) {
      Cell cell = figures.get(row).cell();
      Position key = Position.of(cell);
      if (!positions.containsKey(key)) {
        positions.put(key, positions.size());
        positionCells.add(cell);
      }
    }
    for (int row : free) {
      freePositions.set(positions.get(Position.of(figures.get(row).cell())));
    }
    int size = positions.size();
    List<int[]> relations = AdditiveTable.relations(positionCells, c -> c, quartersAddUp);

    // One n (and one numerator, for a proportion) per Measure, over the positions.
    Map<String, Quantities> byIndicator = new TreeMap<>();
    for (int row : rows) {
      IndicatorFigure figure = figures.get(row);
      Quantities q =
          byIndicator.computeIfAbsent(
              figure.indicatorId(), k -> new Quantities(size, figure.scoring()));
      int p = positions.get(Position.of(figure.cell()));
      q.rows[p] = row;
      q.n[p] = figure.counts().n();
      q.x[p] = figure.counts().numerator();
      if (figure.figure().n() == null) {
        q.nHidden.set(p);
      }
      if (figure.figure().suppressed()) {
        q.valueHidden.set(p);
      }
    }
    for (Quantities q : byIndicator.values()) {
      // A position the Measure lacks is unknown to a reader, and tells nothing.
      for (int p = 0; p < size; p++) {
        if (q.rows[p] < 0) {
          q.nHidden.set(p);
          q.valueHidden.set(p);
        }
      }
    }

    // Counts equal in every position are one quantity: a reader who knows two Measures share a
    // population sees one count published twice. Only Measures with rows at the same positions:
    // a position one Measure lacks is withheld for it, and must not withhold the other's count
    // there (a data-quality rate published for regions only, say).
    Map<String, Integer> classes = new HashMap<>();
    List<long[]> classValues = new ArrayList<>();
    List<BitSet> classHidden = new ArrayList<>();
    for (Quantities q : byIndicator.values()) {
      BitSet present = q.present();
      q.nClass = classOf(q.n, present, q.nHidden, classes, classValues, classHidden);
      if (q.isProportion) {
        q.xClass = classOf(q.x, present, q.valueHidden, classes, classValues, classHidden);
      }
    }
    CountTable table = new CountTable(size, relations, freePositions, threshold);
    for (int c = 0; c < classValues.size(); c++) {
      table.add(classValues.get(c), classHidden.get(c));
    }
    for (Quantities q : byIndicator.values()) {
      if (q.isProportion && q.xClass != q.nClass) {
        table.bound(q.xClass, q.nClass);
        table.hideWith(q.nClass, q.xClass);
      }
    }
    table.protect();

    for (Quantities q : byIndicator.values()) {
      BitSet nHidden = table.hidden(q.nClass);
      BitSet valueHidden = (BitSet) nHidden.clone();
      valueHidden.or(q.valueHidden);
      if (q.isProportion) {
        valueHidden.or(table.hidden(q.xClass));
      } else {
        // The sums behind the means: linear relations only (no bound a reader could use). A
        // cell whose n is published as 0 has a known sum of 0: withholding it protects nothing.
        BitSet sumsFree = (BitSet) freePositions.clone();
        for (int p = sumsFree.nextSetBit(0); p >= 0; p = sumsFree.nextSetBit(p + 1)) {
          if (q.n[p] == 0 && !nHidden.get(p)) {
            sumsFree.clear(p);
          }
        }
        sumsFree = ComplementarySuppression.worthHiding(relations, valueHidden, sumsFree);
        valueHidden = ComplementarySuppression.protect(q.n, relations, valueHidden, sumsFree);
      }
      for (int p = 0; p < size; p++) {
        int row = q.rows[p];
        if (row < 0 || !freePositions.get(p)) {
          continue;
        }
        IndicatorFigure figure = figures.get(row);
        boolean hideN = nHidden.get(p);
        boolean hideValue = valueHidden.get(p);
        if (hideN && figure.figure().n() != null || hideValue && !figure.figure().suppressed()) {
          figures.set(row, figure.withheld(hideN));
        }
      }
    }
  }

  private static int classOf(
      long[] values,
      BitSet present,
      BitSet hidden,
      Map<String, Integer> classes,
      List<long[]> classValues,
      List<BitSet> classHidden) {
    String key = Arrays.toString(values) + present;
    Integer existing = classes.get(key);
    if (existing != null) {
      classHidden.get(existing).or(hidden);
      return existing;
    }
    classes.put(key, classValues.size());
    classValues.add(values);
    classHidden.add((BitSet) hidden.clone());
    return classValues.size() - 1;
  }

  /** A Measure's counts over a stage's positions, and where its rows are. */
  private static final class Quantities {
    final boolean isProportion;
    final int[] rows;
    final long[] n;
    final long[] x;
    final BitSet nHidden = new BitSet();
    final BitSet valueHidden = new BitSet();
    int nClass = -1;
    int xClass = -1;

    /** The positions where the Measure has a row. */
    BitSet present() {
      BitSet present = new BitSet();
      for (int p = 0; p < rows.length; p++) {
        if (rows[p] >= 0) {
          present.set(p);
        }
      }
      return present;
    }

    Quantities(int size, String scoring) {
      this.isProportion = IndicatorDefinition.Scoring.PROPORTION.code().equals(scoring);
      this.rows = new int[size];
      Arrays.fill(rows, -1);
      this.n = new long[size];
      this.x = new long[size];
    }
  }

  /**
   * Drops the funnel of every unit whose provincial value (the funnel's target) is withheld in the
   * same period: the target would publish it.
   */
  private static List<IndicatorFigure> withoutLeakingFunnels(List<IndicatorFigure> figures) {
    Set<IndicatorPeriod> withheldProvince = new java.util.HashSet<>();
    for (IndicatorFigure figure : figures) {
      Cell cell = figure.cell();
      if (cell.isProvince() && cell.isWholeUnit() && figure.figure().suppressed()) {
        withheldProvince.add(cell.provinceKey());
      }
    }
    List<IndicatorFigure> result = new ArrayList<>(figures.size());
    for (IndicatorFigure figure : figures) {
      boolean leaks =
          figure.funnel() != null && withheldProvince.contains(figure.cell().provinceKey());
      result.add(leaks ? figure.withoutFunnel() : figure);
    }
    return result;
  }

  /** A figure's cell as the grid knows it: its Measure and its position. */
  private record CellKey(String indicatorId, Position position) {
    static CellKey of(Cell cell) {
      return new CellKey(cell.indicatorId(), Position.of(cell));
    }
  }
}
