package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact linear algebra for the disclosure check, in the integers modulo the prime p = 2⁶¹ − 1: the
 * relations have small integer coefficients, so their rank and row space are found without
 * rounding, by Gaussian elimination that touches only non-zero entries (the relations are sparse).
 * It replaced a dense singular value decomposition that took most of a run's time
 * (docs/performance.md).
 *
 * <p>Why modulo p is safe: elimination over the integers mod p finds the same rank as over the
 * rationals unless p divides every minor of that rank, which for ±1 relation matrices of this size
 * (whose minors are far smaller than p in practice) does not happen; and where it could, the rank
 * mod p would be smaller, which makes a cell look less determined. The attacker in the tests
 * ({@code disclosure/Attacker}) solves the published tables in exact rationals, independently.
 */
final class Modular {
  static final long P = (1L << 61) - 1;

  private Modular() {}

  static long add(long a, long b) {
    long sum = a + b;
    return sum >= P ? sum - P : sum;
  }

  static long subtract(long a, long b) {
    long difference = a - b;
    return difference < 0 ? difference + P : difference;
  }

  static long multiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    // a·b = high·2⁶⁴ + low, and 2⁶¹ ≡ 1 (mod p).
    long reduced = (low & P) + ((low >>> 61) | (high << 3));
    while (reduced >= P) {
      reduced -= P;
    }
    return reduced;
  }

  static long inverse(long a) {
    long result = 1;
    long base = a;
    for (long exponent = P - 2; exponent > 0; exponent >>= 1) {
      if ((exponent & 1) == 1) {
        result = multiply(result, base);
      }
      base = multiply(base, base);
    }
    return result;
  }

  /**
   * The columns c whose unit vector e_c lies in the row space of {@code rows} (entries mod p): the
   * pivot columns of the reduced row echelon form whose row has no other non-zero entry. Such a
   * cell is a fixed combination of published values; every other cell can vary along the null
   * space. The rows are overwritten.
   */
  static List<Integer> unitVectorsInRowSpace(long[][] rows, int columns) {
    int[] pivotRowOf = new int[columns];
    java.util.Arrays.fill(pivotRowOf, -1);
    boolean[] used = new boolean[rows.length];
    for (int col = 0; col < columns; col++) {
      int pivot = -1;
      for (int r = 0; r < rows.length && pivot < 0; r++) {
        if (!used[r] && rows[r][col] != 0) {
          pivot = r;
        }
      }
      if (pivot < 0) {
        continue; // a free column: the cell varies with the null space
      }
      used[pivot] = true;
      pivotRowOf[col] = pivot;
      long[] pivotRow = rows[pivot];
      long scale = inverse(pivotRow[col]);
      List<Integer> nonZero = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        if (pivotRow[c] != 0) {
          pivotRow[c] = multiply(pivotRow[c], scale);
          nonZero.add(c);
        }
      }
      for (int r = 0; r < rows.length; r++) {
        long factor = rows[r][col];
        if (r == pivot || factor == 0) {
          continue;
        }
        long[] row = rows[r];
        for (int c : nonZero) {
          row[c] = subtract(row[c], multiply(factor, pivotRow[c]));
        }
      }
    }
    List<Integer> determined = new ArrayList<>();
    for (int col = 0; col < columns; col++) {
      int pivot = pivotRowOf[col];
      if (pivot < 0) {
        continue;
      }
      boolean alone = true;
      for (int c = 0; c < columns && alone; c++) {
        alone = c == col || rows[pivot][c] == 0;
      }
      if (alone) {
        determined.add(col);
      }
    }
    return determined;
  }
}
