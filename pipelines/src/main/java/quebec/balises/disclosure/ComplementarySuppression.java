package quebec.balises.disclosure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Complementary suppression: hides more cells until no hidden cell can be worked out exactly from
 * the published ones through the table's additive relations ({@link AdditiveTable}).
 *
 * <p>First the classic rule, to a fixed point: a relation (a total and its parts) with exactly one
 * hidden member gives it away by subtraction, so a second member is hidden — the published one with
 * the smallest weight (n), parts before totals. That rule is necessary but not sufficient when
 * relations interlock (units × strata × quarters), so then an exact check: a hidden cell is
 * determined when its unit vector lies in the row space of the relations restricted to the hidden
 * cells, tested exactly by Gaussian elimination ({@link Modular}) per connected group of hidden
 * cells. Each determined cell gets one more complement and the whole is checked again. Hiding more
 * never makes a hidden cell determined, so the loop ends, at worst with everything hidden.
 */
public final class ComplementarySuppression {
  private ComplementarySuppression() {}

  /**
   * @param weight the published size of each cell (its n), to hide the least information
   * @param relations {@code {total, part, …}} indices, as {@link AdditiveTable} gives them
   * @param hidden the cells hidden already (primary suppression)
   * @return the cells to hide: {@code hidden} and its complements
   */
  public static BitSet protect(long[] weight, List<int[]> relations, BitSet hidden) {
    BitSet free = new BitSet();
    free.set(0, weight.length);
    return protect(weight, relations, hidden, free);
  }

  /**
   * As {@link #protect(long[], List, BitSet)}, hiding only cells in {@code free}: the others were
   * released already and stay as they are.
   */
  public static BitSet protect(long[] weight, List<int[]> relations, BitSet hidden, BitSet free) {
    BitSet result = (BitSet) hidden.clone();
    Map<Integer, List<int[]>> byCell = byCell(relations);
    while (true) {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int[] relation : relations) {
          int hiddenMembers = 0;
          for (int member : relation) {
            if (result.get(member)) {
              hiddenMembers++;
            }
          }
          if (hiddenMembers == 1) {
            int complement = lightestPublished(relation, weight, result, free);
            if (complement >= 0) {
              result.set(complement);
              changed = true;
            }
          }
        }
      }
      BitSet determined = determined(relations, result);
      if (determined.isEmpty()) {
        return result;
      }
      for (int cell = determined.nextSetBit(0); cell >= 0; cell = determined.nextSetBit(cell + 1)) {
        int complement = nearestPublished(cell, byCell, weight, result, free);
        if (complement < 0) {
          // Nothing near it may be hidden any more: hide every free cell, which tells no more
          // than the cells released before.
          result.or(worthHiding(relations, result, free));
          return result;
        }
        result.set(complement);
      }
    }
  }

  /** The hidden cells that the relations and the published cells determine exactly. */
  public static BitSet determined(List<int[]> relations, BitSet hidden) {
    // Group hidden cells that share a relation: each group is solved on its own.
    Map<Integer, Integer> parent = new HashMap<>();
    for (int cell = hidden.nextSetBit(0); cell >= 0; cell = hidden.nextSetBit(cell + 1)) {
      parent.put(cell, cell);
    }
    List<int[]> involved = new ArrayList<>();
    for (int[] relation : relations) {
      int first = -1;
      for (int member : relation) {
        if (hidden.get(member)) {
          if (first < 0) {
            first = member;
          } else {
            union(parent, first, member);
          }
        }
      }
      if (first >= 0) {
        involved.add(relation);
      }
    }
    Map<Integer, List<Integer>> groupCells = new HashMap<>();
    for (Integer cell : parent.keySet()) {
      groupCells.computeIfAbsent(find(parent, cell), k -> new ArrayList<>()).add(cell);
    }
    Map<Integer, List<int[]>> groupRelations = new HashMap<>();
    for (int[] relation : involved) {
      for (int member : relation) {
        if (hidden.get(member)) {
          groupRelations
              .computeIfAbsent(find(parent, member), k -> new ArrayList<>())
              .add(relation);
          break;
        }
      }
    }
    BitSet determined = new BitSet();
    for (Map.Entry<Integer, List<Integer>> group : groupCells.entrySet()) {
      List<Integer> cells = group.getValue();
      List<int[]> rows = groupRelations.getOrDefault(group.getKey(), List.of());
      if (rows.isEmpty()) {
        continue;
      }
      Map<Integer, Integer> column = new HashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        column.put(cells.get(c), c);
      }
      // The relations over the hidden cells: their row space holds every combination an
      // attacker can form from the published cells.
      long[][] relationRows = new long[rows.size()][cells.size()];
      for (int r = 0; r < rows.size(); r++) {
        int[] relation = rows.get(r);
        for (int m = 0; m < relation.length; m++) {
          Integer c = column.get(relation[m]);
          if (c != null) {
            relationRows[r][c] = Modular.add(relationRows[r][c], m == 0 ? 1 : Modular.P - 1);
          }
        }
      }
      for (int c : Modular.unitVectorsInRowSpace(relationRows, cells.size())) {
        determined.set(cells.get(c));
      }
    }
    return determined;
  }

  private static int lightestPublished(int[] relation, long[] weight, BitSet hidden, BitSet free) {
    int best = -1;
    // Parts first (index 1 on), the total only when every part is hidden.
    for (int m = 1; m < relation.length; m++) {
      int cell = relation[m];
      if (!hidden.get(cell) && free.get(cell) && (best < 0 || weight[cell] < weight[best])) {
        best = cell;
      }
    }
    if (best < 0 && !hidden.get(relation[0]) && free.get(relation[0])) {
      best = relation[0];
    }
    return best;
  }

  /**
   * The free cells worth withholding when every free cell is to be withheld: all but those whose
   * value follows from cells released already (a year whose quarters are all published, say), which
   * withholding would not hide.
   */
  static BitSet worthHiding(List<int[]> relations, BitSet hidden, BitSet free) {
    BitSet known = new BitSet();
    int size = Math.max(hidden.length(), free.length());
    for (int[] relation : relations) {
      for (int member : relation) {
        size = Math.max(size, member + 1);
      }
    }
    known.set(0, size);
    known.andNot(hidden);
    known.andNot(free);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int[] relation : relations) {
        int unknown = -1;
        int count = 0;
        for (int member : relation) {
          if (!known.get(member)) {
            unknown = member;
            count++;
          }
        }
        if (count == 1) {
          known.set(unknown);
          changed = true;
        }
      }
    }
    BitSet worth = (BitSet) free.clone();
    worth.andNot(known);
    return worth;
  }

  static Map<Integer, List<int[]>> byCell(List<int[]> relations) {
    Map<Integer, List<int[]>> byCell = new HashMap<>();
    for (int[] relation : relations) {
      for (int member : relation) {
        byCell.computeIfAbsent(member, k -> new ArrayList<>()).add(relation);
      }
    }
    return byCell;
  }

  /**
   * The lightest free published cell in the relations of {@code cell}, searching outward; -1 when
   * there is none. {@code byCell} maps a cell to its relations ({@link #byCell}).
   */
  static int nearestPublished(
      int cell, Map<Integer, List<int[]>> byCell, long[] weight, BitSet hidden, BitSet free) {
    Deque<Integer> queue = new ArrayDeque<>();
    BitSet seen = new BitSet();
    queue.add(cell);
    seen.set(cell);
    while (!queue.isEmpty()) {
      int current = queue.poll();
      int best = -1;
      for (int[] relation : byCell.getOrDefault(current, List.of())) {
        int candidate = lightestPublished(relation, weight, hidden, free);
        if (candidate >= 0 && (best < 0 || weight[candidate] < weight[best])) {
          best = candidate;
        }
      }
      if (best >= 0) {
        return best;
      }
      for (int[] relation : byCell.getOrDefault(current, List.of())) {
        for (int member : relation) {
          if (!seen.get(member)) {
            seen.set(member);
            queue.add(member);
          }
        }
      }
    }
    return -1;
  }

  private static int find(Map<Integer, Integer> parent, int cell) {
    int root = cell;
    while (parent.get(root) != root) {
      root = parent.get(root);
    }
    parent.put(cell, root);
    return root;
  }

  private static void union(Map<Integer, Integer> parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent.put(ra, rb);
    }
  }
}
