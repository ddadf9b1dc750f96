package quebec.balises.indicators;

import java.io.Serializable;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.stats.Interval;
import quebec.balises.stats.MeanInterval;
import quebec.balises.stats.ProportionInterval;
import quebec.balises.stats.SmallCellRule;

/**
 * One published figure of an indicator: n, numerator (proportions), value and 95 % interval —
 * Wilson for a proportion, Student t for a mean — or, when a count is small, no value and no
 * interval with the {@code suppressed} flag (the first publication guard; complementary suppression
 * comes with the publication stage).
 */
public record Figure(
    long n,
    @Nullable Long numerator,
    @Nullable Double value,
    @Nullable Double lower,
    @Nullable Double upper,
    boolean suppressed)
    implements Serializable {

  public static final double CONFIDENCE = 0.95;

  public static Figure of(
      IndicatorDefinition.Scoring scoring, CellAccumulator cell, SmallCellRule rule) {
    if (scoring == IndicatorDefinition.Scoring.PROPORTION) {
      long x = cell.numerator();
      long n = cell.n();
      if (n == 0) {
        return new Figure(0, 0L, null, null, null, false);
      }
      if (rule.suppress(x, n)) {
        return new Figure(n, null, null, null, null, true);
      }
      Interval ci = ProportionInterval.wilson(x, n, CONFIDENCE);
      return new Figure(n, x, (double) x / n, ci.lower(), ci.upper(), false);
    }
    long n = cell.n();
    if (n == 0) {
      return new Figure(0, null, null, null, null, false);
    }
    if (rule.suppress(n)) {
      return new Figure(n, null, null, null, null, true);
    }
    Optional<Interval> ci = MeanInterval.student(n, cell.mean(), cell.sd(), CONFIDENCE);
    return new Figure(
        n,
        null,
        cell.mean(),
        ci.map(Interval::lower).orElse(null),
        ci.map(Interval::upper).orElse(null),
        false);
  }
}
