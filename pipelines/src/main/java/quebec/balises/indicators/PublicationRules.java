package quebec.balises.indicators;

import java.io.Serializable;
import quebec.balises.stats.SmallCellRule;

/**
 * The thresholds a figure must pass before its value is published (docs/methods.md §2 and §8.7; the
 * catalog's Measures state them in their {@code guidance}): no count of 1–4 anywhere (denominator,
 * numerator or complement), no value or interval below {@code minimumN} people, and no
 * case-mix-adjusted figure or funnel flag below {@code minimumAdjustedN}.
 *
 * @param smallCells which counts are small (1–4 by default) and never shown
 * @param minimumN the smallest n whose value and interval are shown (10 by default)
 * @param minimumAdjustedN the smallest n (modelled episodes, for an adjusted figure) that gets an
 *     adjusted value or an outlier flag (30 by default)
 */
public record PublicationRules(SmallCellRule smallCells, long minimumN, long minimumAdjustedN)
    implements Serializable {

  public static final PublicationRules DEFAULT =
      new PublicationRules(SmallCellRule.DEFAULT, 10, 30);

  public PublicationRules {
    if (minimumN < smallCells.threshold()) {
      throw new IllegalArgumentException(
          "the minimum n to publish ("
              + minimumN
              + ") cannot be below the small-cell threshold ("
              + smallCells.threshold()
              + ")");
    }
    if (minimumAdjustedN < minimumN) {
      throw new IllegalArgumentException(
          "the minimum n for adjusted figures and funnels ("
              + minimumAdjustedN
              + ") cannot be below the minimum n to publish ("
              + minimumN
              + ")");
    }
  }
}
