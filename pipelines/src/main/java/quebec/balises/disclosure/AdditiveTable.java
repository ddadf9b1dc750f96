package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Period;

/**
 * The additive relations that hold between the cells of one indicator in one calendar year, which
 * is what an attacker can difference: a unit is the sum of the units inside it (establishments in
 * their RLS, RLS in their region, regions in the province), everyone is the sum of the strata of
 * each stratifier, and a year is the sum of its quarters. Each relation holds for counts (n,
 * numerator) and for sums (mean × n) alike. A unit or stratum with no row has no cell; it is a
 * known zero and drops out of its relations.
 */
public final class AdditiveTable {
  private AdditiveTable() {}

  /**
   * The relations among {@code cells}, each as {@code {total, part, part, …}} indices into the
   * list; a relation with one part says that part equals its total.
   */
  public static <T> List<int[]> relations(List<T> cells, Function<T, Cell> cellOf) {
    return relations(cells, cellOf, true);
  }

  /**
   * As {@link #relations(List, Function)}; without the quarters-to-year relations when {@code
   * quartersAddUp} is false (Measures that count each person once per period, docs/methods.md §3.1,
   * whose year is not the sum of its quarters).
   */
  public static <T> List<int[]> relations(
      List<T> cells, Function<T, Cell> cellOf, boolean quartersAddUp) {
    Map<Position, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      index.put(Position.of(cellOf.apply(cells.get(i))), i);
    }
    Map<Relation, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      Cell cell = cellOf.apply(cells.get(i));
      Integer geographic = geographicParent(cell, index);
      if (geographic != null) {
        groups
            .computeIfAbsent(
                new Relation(Relation.GEOGRAPHY, "", geographic), k -> seed(geographic))
            .add(i);
      }
      if (!cell.isWholeUnit()) {
        Integer whole =
            index.get(
                new Position(cell.level(), cell.unitCode(), Cell.ALL, Cell.ALL, cell.period()));
        if (whole != null) {
          groups
              .computeIfAbsent(
                  new Relation(Relation.STRATA, cell.stratifier(), whole), k -> seed(whole))
              .add(i);
        }
      }
      if (quartersAddUp && Period.QUARTER.equals(cell.periodType())) {
        Integer year =
            index.get(
                new Position(
                    cell.level(),
                    cell.unitCode(),
                    cell.stratifier(),
                    cell.stratum(),
                    cell.period().substring(0, 4)));
        if (year != null) {
          groups.computeIfAbsent(new Relation(Relation.TIME, "", year), k -> seed(year)).add(i);
        }
      }
    }
    List<int[]> relations = new ArrayList<>();
    for (List<Integer> members : groups.values()) {
      relations.add(members.stream().mapToInt(Integer::intValue).toArray());
    }
    return relations;
  }

  private static List<Integer> seed(int total) {
    List<Integer> members = new ArrayList<>();
    members.add(total);
    return members;
  }

  /** The nearest enclosing unit that has a cell: an RLS, else the region, else the province. */
  private static Integer geographicParent(Cell cell, Map<Position, Integer> index) {
    List<String[]> ancestors = new ArrayList<>();
    switch (cell.level()) {
      case Cell.ESTABLISHMENT:
        ancestors.add(new String[] {Cell.RLS, cell.rlsCode()});
        ancestors.add(new String[] {Cell.REGION, cell.regionCode()});
        ancestors.add(new String[] {Cell.PROVINCE, Cell.PROVINCE_CODE});
        break;
      case Cell.RLS:
        ancestors.add(new String[] {Cell.REGION, cell.regionCode()});
        ancestors.add(new String[] {Cell.PROVINCE, Cell.PROVINCE_CODE});
        break;
      case Cell.REGION:
        ancestors.add(new String[] {Cell.PROVINCE, Cell.PROVINCE_CODE});
        break;
      default:
        return null;
    }
    Position position = Position.of(cell);
    for (String[] ancestor : ancestors) {
      Integer found = index.get(position.inUnit(ancestor[0], ancestor[1]));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * One relation, by what it adds up and its total's index: the units inside a unit, the strata of
   * one stratifier inside everyone, the quarters inside a year.
   */
  private record Relation(String kind, String stratifier, int total) {
    static final String GEOGRAPHY = "geography";
    static final String STRATA = "strata";
    static final String TIME = "time";
  }
}
