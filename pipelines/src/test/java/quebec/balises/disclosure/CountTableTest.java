package quebec.balises.disclosure;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The count audit on tables small enough to work out by hand: what a reader who reasons with whole
 * numbers, bounds and every relation can derive, and what {@link CountTable#protect} hides so that
 * they cannot.
 */
class CountTableTest {
  private static BitSet bits(int... cells) {
    BitSet bits = new BitSet();
    for (int cell : cells) {
      bits.set(cell);
    }
    return bits;
  }

  private static BitSet all(int size) {
    BitSet bits = new BitSet();
    bits.set(0, size);
    return bits;
  }

  /**
   * A region of 5 people (cell 0) and its five material-deprivation quintiles (cells 1–5, one
   * person each, all withheld) plus "unknown" (cell 6, nobody, published as 0). A reader who knows
   * only that withheld counts are whole numbers ≥ 0 can put all 5 in any quintile: each could be 0
   * and could be 5. Protected as it is.
   */
  @Test
  void fiveSmallStrataOfAPublishedFiveStayOpenToZeroAndToFive() {
    List<int[]> relations = List.of(new int[] {0, 1, 2, 3, 4, 5, 6});
    CountTable table = new CountTable(7, relations, all(7), 5);
    int n = table.add(new long[] {5, 1, 1, 1, 1, 1, 0}, bits(1, 2, 3, 4, 5));
    assertThat(CountAudit.unprotected(table), is(empty()));
    assertThat(table.protect(), is(0));
    assertThat(table.hidden(n), is(bits(1, 2, 3, 4, 5)));
  }

  /**
   * A year of 14 published, its Q1 of 6 published, and three withheld quarters of 4, 1 and 3: they
   * share 8 people, so each could be 0 and each could be 5 or more. Protected.
   */
  @Test
  void threeWithheldQuartersSharingEightAreProtected() {
    List<int[]> relations = List.of(new int[] {0, 1, 2, 3, 4});
    CountTable table = new CountTable(5, relations, all(5), 5);
    table.add(new long[] {14, 6, 4, 1, 3}, bits(2, 3, 4));
    assertThat(CountAudit.unprotected(table), is(empty()));
  }

  /**
   * Two withheld quarters of 1 and 3 in a year of 14 with 6 and 4 published: 1 + 3 = 4 leaves each
   * below 5, which the linear check alone does not see (two unknowns, one equation). The audit sees
   * it and hides a published quarter too.
   */
  @Test
  void aSmallSumOfWithheldCountsIsWidened() {
    List<int[]> relations = List.of(new int[] {0, 1, 2, 3, 4});
    CountTable table = new CountTable(5, relations, all(5), 5);
    int n = table.add(new long[] {14, 6, 4, 1, 3}, bits(3, 4));
    assertThat(ComplementarySuppression.determined(relations, bits(3, 4)).isEmpty(), is(true));
    assertThat(CountAudit.unprotected(table), is(not(empty())));
    table.protect();
    assertThat("the lightest published quarter joins them", table.hidden(n), is(bits(2, 3, 4)));
    assertThat(CountAudit.unprotected(table), is(empty()));
  }

  /**
   * Numerators within their denominators: a province with 36 of 60 (published) and three
   * establishments A (n 10, numerator 2, withheld), B (n 20, numerator 19: its complement 1 is
   * small, withheld) and C (n 30, numerator 15, published). A and B share 21, and B holds at most
   * 20, so A holds at least 1: never 0. The audit hides C's numerator as well; then A can be 0.
   */
  @Test
  void aDenominatorBoundCanPinANumeratorAwayFromZero() {
    List<int[]> relations = List.of(new int[] {0, 1, 2, 3});
    CountTable table = new CountTable(4, relations, all(4), 5);
    int n = table.add(new long[] {60, 10, 20, 30}, new BitSet());
    int x = table.add(new long[] {36, 2, 19, 15}, bits(1, 2));
    table.bound(x, n);
    table.hideWith(n, x);
    assertThat(ComplementarySuppression.determined(relations, bits(1, 2)).isEmpty(), is(true));
    List<CountAudit.Item> unprotected = CountAudit.unprotected(table);
    assertThat(unprotected, is(List.of(new CountAudit.Item(x, -1, 1))));
    table.protect();
    assertThat(table.hidden(x), is(bits(1, 2, 3)));
    assertThat(table.hidden(n), is(new BitSet()));
    assertThat(CountAudit.unprotected(table), is(empty()));
  }

  /**
   * A quarter released earlier (cells 1–4 fixed: Q1 withheld with 3 people, the others published)
   * and the year now (cell 0, free): the year would give Q1 away, so the year is withheld; the
   * quarters stay as they were released.
   */
  @Test
  void onlyFreeCellsAreHidden() {
    List<int[]> relations = List.of(new int[] {0, 1, 2, 3, 4});
    CountTable table = new CountTable(5, relations, bits(0), 5);
    int n = table.add(new long[] {40, 3, 12, 10, 15}, bits(1));
    table.protect();
    assertThat(table.hidden(n), is(bits(0, 1)));
  }

  /** Withholding a denominator withholds its numerator (no rate without its n). */
  @Test
  void aWithheldDenominatorTakesItsNumeratorWithIt() {
    List<int[]> relations = List.of(new int[] {0, 1, 2});
    CountTable table = new CountTable(3, relations, all(3), 5);
    int n = table.add(new long[] {30, 3, 27}, bits(1));
    int x = table.add(new long[] {20, 2, 18}, new BitSet());
    table.bound(x, n);
    table.hideWith(n, x);
    table.protect();
    assertThat(table.hidden(n), is(bits(1, 2)));
    assertThat(table.hidden(x), is(bits(1, 2)));
  }

  /**
   * Small complements are given room in the numerator, not in the n: A (n 10, numerator 9) and B (n
   * 6, numerator 5) have complements of 1, withheld; C (n 30, numerator 15) and the total (46, 29)
   * are published. A and B share 14 and B holds at most 6, so A holds at least 8: its complement is
   * at most 2, never 5. Withholding C's numerator gives A room down to 0 (C takes the rest, within
   * its 30), and every n stays published: withholding an n would withhold every figure drawn on it.
   */
  @Test
  void aSmallComplementIsWidenedInItsNumerator() {
    List<int[]> relations = List.of(new int[] {0, 1, 2, 3});
    CountTable table = new CountTable(4, relations, all(4), 5);
    int n = table.add(new long[] {46, 10, 6, 30}, new BitSet());
    int x = table.add(new long[] {29, 9, 5, 15}, bits(1, 2));
    table.bound(x, n);
    table.hideWith(n, x);
    assertThat(CountAudit.unprotected(table), is(List.of(new CountAudit.Item(n, x, 1))));
    table.protect();
    assertThat(table.hidden(n), is(new BitSet()));
    assertThat(table.hidden(x), is(bits(1, 2, 3)));
    assertThat(CountAudit.unprotected(table), is(empty()));
  }
}
