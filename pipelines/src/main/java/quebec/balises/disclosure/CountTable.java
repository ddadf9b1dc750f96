package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Counts to protect together: one or more quantities (a Measure's denominators, its numerators…)
 * over the same cells, tied by the same additive relations ({@link AdditiveTable}), with what a
 * reader knows besides: every count is a whole number ≥ 0, a numerator is at most its denominator
 * ({@link #bound}), and a withheld denominator withholds the numerator with it ({@link #hideWith}).
 *
 * <p>{@link #protect} hides more cells until every sensitive withheld count keeps its protection
 * interval ({@link CountAudit}): a count of 1 to {@code threshold − 1} — and the complement of a
 * numerator in its denominator — must stay compatible with 0 and with {@code threshold} or more,
 * under every relation, bound and published value. Only cells in {@code free} may be hidden: cells
 * already released in an earlier stage (the quarters, when the year is protected) are fixed.
 */
public final class CountTable {
  private final int cells;
  private final List<int[]> relations;
  private final Map<Integer, List<int[]>> relationsByCell;
  private final BitSet free;
  private final long threshold;
  private final List<long[]> values = new ArrayList<>();
  private final List<BitSet> hidden = new ArrayList<>();

  /** Per quantity, the free cells worth hiding: not those whose value follows from fixed cells. */
  private final List<BitSet> freeOf = new ArrayList<>();

  private final List<int[]> bounds = new ArrayList<>();
  private final List<int[]> implications = new ArrayList<>();

  /**
   * @param cells the number of cells; each quantity has a value per cell
   * @param relations {@code {total, part, …}} cell indices, as {@link AdditiveTable} gives them
   * @param free the cells that may be hidden now
   * @param threshold the smallest count that may be shown (5: counts 1–4 are small)
   */
  public CountTable(int cells, List<int[]> relations, BitSet free, long threshold) {
    this.cells = cells;
    this.relations = relations;
    this.relationsByCell = ComplementarySuppression.byCell(relations);
    this.free = free;
    this.threshold = threshold;
  }

  /**
   * Adds a quantity: its true count per cell and the cells withheld so far.
   *
   * @return its index
   */
  public int add(long[] counts, BitSet withheld) {
    if (counts.length != cells) {
      throw new IllegalArgumentException("expected " + cells + " counts, got " + counts.length);
    }
    values.add(counts);
    hidden.add((BitSet) withheld.clone());
    freeOf.add(ComplementarySuppression.worthHiding(relations, withheld, free));
    return values.size() - 1;
  }

  /** A reader knows that {@code part} ≤ {@code whole} in every cell (a numerator and its n). */
  public void bound(int part, int whole) {
    bounds.add(new int[] {part, whole});
  }

  /** Withholding {@code from} in a cell withholds {@code to} there too (no rate without its n). */
  public void hideWith(int from, int to) {
    implications.add(new int[] {from, to});
  }

  public BitSet hidden(int quantity) {
    return hidden.get(quantity);
  }

  int cells() {
    return cells;
  }

  List<int[]> relations() {
    return relations;
  }

  List<int[]> relationsOf(int cell) {
    return relationsByCell.getOrDefault(cell, List.of());
  }

  long threshold() {
    return threshold;
  }

  int quantities() {
    return values.size();
  }

  long value(int quantity, int cell) {
    return values.get(quantity)[cell];
  }

  boolean isHidden(int quantity, int cell) {
    return hidden.get(quantity).get(cell);
  }

  List<int[]> bounds() {
    return bounds;
  }

  /**
   * Hides complements until the audit finds every sensitive count protected.
   *
   * @return how many cells were hidden, over all quantities
   */
  public int protect() {
    int before = hiddenCount();
    Map<List<Long>, List<CountAudit.Item>> audited = new java.util.HashMap<>();
    while (true) {
      boolean changed = applyImplications();
      for (int q = 0; q < values.size(); q++) {
        BitSet widened =
            ComplementarySuppression.protect(
                values.get(q), relations, hidden.get(q), freeOf.get(q));
        if (!widened.equals(hidden.get(q))) {
          hidden.set(q, widened);
          changed = true;
        }
      }
      if (changed) {
        continue;
      }
      List<List<CountAudit.Item>> unprotected = CountAudit.unprotectedByGroup(this, audited);
      if (unprotected.isEmpty()) {
        return hiddenCount() - before;
      }
      int hiddenBefore = hiddenCount();
      // One complement per group of linked counts, then audit again: one more withheld cell
      // usually protects the whole group.
      for (List<CountAudit.Item> group : unprotected) {
        CountAudit.Item item = group.get(0);
        int hiddenBeforeGroup = hiddenCount();
        // A small complement is first given room in its numerator: withholding the n would
        // withhold the numerator with it, and every other figure drawn on that n.
        int first = item.minus() >= 0 ? item.minus() : item.plus();
        widen(first, item.cell());
        if (item.minus() >= 0 && hiddenCount() == hiddenBeforeGroup) {
          widen(item.plus(), item.cell());
        }
      }
      if (hiddenCount() == hiddenBefore && !widenTiedQuantities(unprotected)) {
        // Every free cell that relations or bounds tie to them is withheld already: what still
        // pins them was released by an earlier stage, and nothing this stage withholds can help.
        // (Cells outside their relations tell nothing about them: withholding those would only
        // cost figures.)
        return hiddenCount() - before;
      }
    }
  }

  /**
   * When an unprotected count's own quantity has nothing free left to hide, the published value
   * that pins it is in a quantity it is bounded by (its n, a numerator of the same n): hides the
   * nearest free published cell of those, one per group, starting from the count's own cell.
   *
   * @return whether any cell was hidden
   */
  private boolean widenTiedQuantities(List<List<CountAudit.Item>> unprotected) {
    boolean widened = false;
    for (List<CountAudit.Item> group : unprotected) {
      CountAudit.Item item = group.get(0);
      BitSet tied = tiedTo(item);
      for (int q = tied.nextSetBit(0); q >= 0; q = tied.nextSetBit(q + 1)) {
        if (q == item.plus() || q == item.minus()) {
          continue;
        }
        int complement = nearestFreePublished(q, item.cell());
        if (complement >= 0) {
          hidden.get(q).set(complement);
          widened = true;
          break;
        }
      }
    }
    applyImplications();
    return widened;
  }

  /** The quantities an item's count is tied to through bounds, transitively, itself included. */
  private BitSet tiedTo(CountAudit.Item item) {
    BitSet tied = new BitSet();
    tied.set(item.plus());
    if (item.minus() >= 0) {
      tied.set(item.minus());
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int[] bound : bounds) {
        if (tied.get(bound[0]) != tied.get(bound[1])) {
          tied.set(bound[0]);
          tied.set(bound[1]);
          grew = true;
        }
      }
    }
    return tied;
  }

  /** The cell itself when it is free and published in {@code quantity}, else the nearest one. */
  private int nearestFreePublished(int quantity, int cell) {
    if (freeOf.get(quantity).get(cell) && !hidden.get(quantity).get(cell)) {
      return cell;
    }
    return ComplementarySuppression.nearestPublished(
        cell, relationsByCell, values.get(quantity), hidden.get(quantity), freeOf.get(quantity));
  }

  private boolean applyImplications() {
    boolean changed = false;
    boolean again = true;
    while (again) {
      again = false;
      for (int[] implication : implications) {
        BitSet to = hidden.get(implication[1]);
        BitSet missing = (BitSet) hidden.get(implication[0]).clone();
        missing.andNot(to);
        if (!missing.isEmpty()) {
          to.or(missing);
          again = true;
          changed = true;
        }
      }
    }
    return changed;
  }

  /**
   * Gives an unprotected count more room: hides the lightest free published cell in its nearest
   * relation, searching outwards through the relations; nothing when none is left.
   */
  private void widen(int quantity, int cell) {
    int complement =
        ComplementarySuppression.nearestPublished(
            cell,
            relationsByCell,
            values.get(quantity),
            hidden.get(quantity),
            freeOf.get(quantity));
    if (complement >= 0) {
      hidden.get(quantity).set(complement);
    }
  }

  private int hiddenCount() {
    int count = 0;
    for (BitSet h : hidden) {
      count += h.cardinality();
    }
    return count;
  }
}
