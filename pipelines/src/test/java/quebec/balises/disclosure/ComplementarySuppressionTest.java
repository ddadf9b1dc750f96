package quebec.balises.disclosure;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.Cell;

/** Complementary suppression against an attacker who solves the published margins exactly. */
class ComplementarySuppressionTest {

  private static List<Integer> attack(List<int[]> relations, BitSet hidden, int cells) {
    List<Integer> unknowns = hidden.stream().boxed().toList();
    List<BigFraction[]> equations = new ArrayList<>();
    for (int[] relation : relations) {
      BigFraction[] equation = new BigFraction[unknowns.size()];
      Arrays.fill(equation, BigFraction.ZERO);
      for (int m = 0; m < relation.length; m++) {
        int c = unknowns.indexOf(relation[m]);
        if (c >= 0) {
          equation[c] = equation[c].add(m == 0 ? BigFraction.ONE : BigFraction.MINUS_ONE);
        }
      }
      equations.add(equation);
    }
    return Attacker.determinedColumns(equations, unknowns.size()).stream()
        .map(unknowns::get)
        .toList();
  }

  private static BitSet bits(int... cells) {
    BitSet set = new BitSet();
    Arrays.stream(cells).forEach(set::set);
    return set;
  }

  @Test
  void aLoneWithheldPartGetsTheLightestPublishedPartAsComplement() {
    // Total 0 = parts 1, 2, 3 with n 20 = 7 + 3 + 10: part 2 (n 3) is withheld; part 1 (n 7)
    // is the lightest published part.
    List<int[]> relations = List.<int[]>of(new int[] {0, 1, 2, 3});
    BitSet result = ComplementarySuppression.protect(new long[] {20, 7, 3, 10}, relations, bits(2));
    assertThat(result, is(bits(1, 2)));
    assertThat(attack(relations, result, 4), is(empty()));
  }

  @Test
  void aCellTiedToTwoSafeCyclesByOneLineIsStillFoundAndProtected() {
    // A 4 × 4 table with row and column totals. Withheld: the 2 × 2 cycles (r1,r2)×(c1,c2) and
    // (r3,r4)×(c3,c4), and (r1,c3). Every row and column has two or more withheld cells, so the
    // one-per-line rule is satisfied, yet (r1,c3) is a bridge between the cycles: determined.
    int[][] cell = new int[4][4];
    int next = 0;
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        cell[r][c] = next++;
      }
    }
    List<int[]> relations = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      relations.add(new int[] {next++, cell[r][0], cell[r][1], cell[r][2], cell[r][3]});
    }
    for (int c = 0; c < 4; c++) {
      relations.add(new int[] {next++, cell[0][c], cell[1][c], cell[2][c], cell[3][c]});
    }
    BitSet hidden =
        bits(
            cell[0][0],
            cell[0][1],
            cell[1][0],
            cell[1][1],
            cell[2][2],
            cell[2][3],
            cell[3][2],
            cell[3][3],
            cell[0][2]);
    assertThat(attack(relations, hidden, next), is(List.of(cell[0][2])));
    assertThat(ComplementarySuppression.determined(relations, hidden), is(bits(cell[0][2])));

    long[] weight = new long[next];
    Arrays.fill(weight, 10);
    BitSet result = ComplementarySuppression.protect(weight, relations, hidden);
    assertThat(attack(relations, result, next), is(empty()));
    BitSet kept = (BitSet) hidden.clone();
    kept.andNot(result);
    assertThat("every withheld cell stays withheld", kept.isEmpty(), is(true));
  }

  /**
   * Random tables with the real shape — establishments in RLS in regions in the province, two
   * stratifiers, four quarters and the year — and random small counts: after primary suppression of
   * 1–4 and complementary suppression, the attacker recovers no withheld cell.
   */
  @Property(tries = 60)
  void noWithheldCellCanBeRecoveredFromARandomTable(
      @ForAll @IntRange(min = 1, max = 2) int regions,
      @ForAll @IntRange(min = 1, max = 2) int rlsPerRegion,
      @ForAll @IntRange(min = 1, max = 3) int sitesPerRls,
      @ForAll @IntRange(min = 1, max = 4) int quarters,
      @ForAll @IntRange(min = 0, max = 9) int spread,
      @ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    String[] sexes = {"female", "male"};
    String[] ages = {"55-64", "65-74", "75-84"};
    java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
    java.util.Map<String, Cell> cells = new java.util.TreeMap<>();
    for (int g = 0; g < regions; g++) {
      for (int l = 0; l < rlsPerRegion; l++) {
        for (int s = 0; s < sitesPerRls; s++) {
          String region = "R" + g;
          String rls = region + "L" + l;
          String site = rls + "S" + s;
          for (int q = 1; q <= quarters; q++) {
            for (String sex : sexes) {
              for (String age : ages) {
                long n = random.nextInt(spread + 1) * (random.nextInt(3) == 0 ? 0 : 1);
                if (n == 0) {
                  continue;
                }
                for (String[] unit :
                    new String[][] {
                      {Cell.PROVINCE, "QC", "", ""},
                      {Cell.REGION, region, region, ""},
                      {Cell.RLS, rls, region, rls},
                      {Cell.ESTABLISHMENT, site, region, rls}
                    }) {
                  for (String[] period :
                      new String[][] {{"quarter", "2025-Q" + q}, {"year", "2025"}}) {
                    for (String[] stratum :
                        new String[][] {{"all", "all"}, {"sex", sex}, {"age-band", age}}) {
                      Cell cell =
                          new Cell(
                              "x",
                              period[0],
                              period[1],
                              unit[0],
                              unit[1],
                              unit[1],
                              unit[2],
                              unit[3],
                              stratum[0],
                              stratum[1]);
                      cells.put(cell.toString(), cell);
                      counts.computeIfAbsent(cell.toString(), k -> new long[1])[0] += n;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    List<Cell> table = new ArrayList<>(cells.values());
    long[] weight = new long[table.size()];
    BitSet primary = new BitSet();
    for (int i = 0; i < table.size(); i++) {
      weight[i] = counts.get(table.get(i).toString())[0];
      if (weight[i] >= 1 && weight[i] <= 4) {
        primary.set(i);
      }
    }
    BitSet result =
        ComplementarySuppression.protect(weight, AdditiveTable.relations(table, c -> c), primary);
    List<Attacker.Published> published = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      Cell c = table.get(i);
      published.add(
          new Attacker.Published(
              c.level(),
              c.unitCode(),
              c.regionCode(),
              c.rlsCode(),
              c.stratifier(),
              c.stratum(),
              c.periodType(),
              c.period(),
              result.get(i)));
    }
    assertThat(Attacker.recoverable(published).isEmpty(), is(true));
    BitSet lost = (BitSet) primary.clone();
    lost.andNot(result);
    assertThat(lost.isEmpty(), is(true));
  }
}
