package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * An attacker with the published table only: it writes down every additive relation it can see from
 * the columns a reader has (a unit is the sum of the units inside it, everyone is the sum of each
 * stratifier's strata, a year is the sum of its quarters) and solves them exactly, in rationals,
 * for the withheld cells. Written independently of {@code AdditiveTable} and {@code
 * ComplementarySuppression}, so that a relation the production code forgets is one the attacker
 * still uses.
 */
public final class Attacker {
  /** One published row as a reader sees it. */
  public record Published(
      String level,
      String unit,
      String region,
      String rls,
      String stratifier,
      String stratum,
      String periodType,
      String period,
      boolean withheld) {
    String key() {
      return String.join("/", level, unit, stratifier, stratum, period);
    }
  }

  private Attacker() {}

  /** The withheld rows the published rows determine exactly: indices into {@code rows}. */
  public static BitSet recoverable(List<Published> rows) {
    return recoverable(rows, true);
  }

  /**
   * As {@link #recoverable(List)}; {@code quartersAddUp} false for a Measure that counts each
   * person once per period, whose year is not the sum of its quarters (its text says so).
   */
  public static BitSet recoverable(List<Published> rows, boolean quartersAddUp) {
    Map<String, Integer> byKey = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byKey.put(rows.get(i).key(), i);
    }
    Map<String, List<Integer>> sums = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Published row = rows.get(i);
      String parent = null;
      if (row.level().equals("establishment")) {
        parent = String.join("/", "rls", row.rls(), row.stratifier(), row.stratum(), row.period());
      } else if (row.level().equals("rls")) {
        parent =
            String.join("/", "region", row.region(), row.stratifier(), row.stratum(), row.period());
      } else if (row.level().equals("region")) {
        parent = String.join("/", "province", "QC", row.stratifier(), row.stratum(), row.period());
      }
      addPart(sums, byKey, "geo " + parent, parent, i);
      if (!row.stratifier().equals("all")) {
        String whole = String.join("/", row.level(), row.unit(), "all", "all", row.period());
        addPart(sums, byKey, "strata " + row.stratifier() + " " + whole, whole, i);
      }
      if (quartersAddUp && row.periodType().equals("quarter")) {
        String year =
            String.join(
                "/",
                row.level(),
                row.unit(),
                row.stratifier(),
                row.stratum(),
                row.period().substring(0, 4));
        addPart(sums, byKey, "time " + year, year, i);
      }
    }
    // Unknowns: the withheld rows. Each relation: total − Σ parts = 0, published terms known.
    List<Integer> unknowns = new ArrayList<>();
    Map<Integer, Integer> column = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).withheld()) {
        column.put(i, unknowns.size());
        unknowns.add(i);
      }
    }
    List<BigFraction[]> equations = new ArrayList<>();
    for (List<Integer> relation : sums.values()) {
      BigFraction[] equation = new BigFraction[unknowns.size()];
      java.util.Arrays.fill(equation, BigFraction.ZERO);
      boolean any = false;
      for (int m = 0; m < relation.size(); m++) {
        Integer c = column.get(relation.get(m));
        if (c != null) {
          equation[c] = equation[c].add(m == 0 ? BigFraction.ONE : BigFraction.MINUS_ONE);
          any = true;
        }
      }
      if (any) {
        equations.add(equation);
      }
    }
    BitSet recovered = new BitSet();
    for (int c : determinedColumns(equations, unknowns.size())) {
      recovered.set(unknowns.get(c));
    }
    return recovered;
  }

  private static void addPart(
      Map<String, List<Integer>> sums,
      Map<String, Integer> byKey,
      String relation,
      String totalKey,
      int part) {
    if (totalKey == null) {
      return;
    }
    Integer total = byKey.get(totalKey);
    if (total == null) {
      return;
    }
    sums.computeIfAbsent(
            relation,
            k -> {
              List<Integer> members = new ArrayList<>();
              members.add(total);
              return members;
            })
        .add(part);
  }

  /** Columns x_c fixed by the equations: reduced row echelon form has the row e_c. */
  static List<Integer> determinedColumns(List<BigFraction[]> equations, int columns) {
    List<BigFraction[]> rows = new ArrayList<>(equations);
    int pivotRow = 0;
    List<Integer> pivots = new ArrayList<>();
    for (int c = 0; c < columns && pivotRow < rows.size(); c++) {
      int found = -1;
      for (int r = pivotRow; r < rows.size(); r++) {
        if (!rows.get(r)[c].equals(BigFraction.ZERO)) {
          found = r;
          break;
        }
      }
      if (found < 0) {
        continue;
      }
      BigFraction[] pivot = rows.get(found);
      rows.set(found, rows.get(pivotRow));
      rows.set(pivotRow, pivot);
      BigFraction scale = pivot[c];
      for (int k = 0; k < columns; k++) {
        pivot[k] = pivot[k].divide(scale);
      }
      for (int r = 0; r < rows.size(); r++) {
        BigFraction[] row = rows.get(r);
        if (r != pivotRow && !row[c].equals(BigFraction.ZERO)) {
          BigFraction factor = row[c];
          for (int k = 0; k < columns; k++) {
            if (!pivot[k].equals(BigFraction.ZERO)) {
              row[k] = row[k].subtract(factor.multiply(pivot[k]));
            }
          }
        }
      }
      pivots.add(c);
      pivotRow++;
    }
    List<Integer> determined = new ArrayList<>();
    for (int r = 0; r < pivots.size(); r++) {
      BigFraction[] row = rows.get(r);
      int nonZero = 0;
      for (BigFraction value : row) {
        if (!value.equals(BigFraction.ZERO)) {
          nonZero++;
        }
      }
      if (nonZero == 1) {
        determined.add(pivots.get(r));
      }
    }
    return determined;
  }
}
