package quebec.balises.indicators;

import java.io.Serializable;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.stats.Interval;
import quebec.balises.stats.MeanInterval;
import quebec.balises.stats.ProportionInterval;

/**
 * One published figure of an indicator: n, numerator (proportions), value and 95 % interval —
 * Wilson for a proportion, Student t for a mean — or, when the {@link PublicationRules} forbid it,
 * no value and no interval with the reason in {@code suppression}. A small count (1–4) is never
 * shown, so a figure whose n is small has no n either; the complementary suppression of the
 * publication stage may withhold more.
 *
 * @param suppression null when the value is published, else {@link #SUPPRESSED}
 */
public record Figure(
    @Nullable Long n,
    @Nullable Long numerator,
    @Nullable Double value,
    @Nullable Double lower,
    @Nullable Double upper,
    @Nullable String suppression)
    implements Serializable {

  public static final double CONFIDENCE = 0.95;

  /**
   * The one reason given for every withheld figure, whatever withheld it: a small count, too few
   * people for a stable value, or the protection of another figure. One reason, so that the reason
   * tells nothing about the value (a reason per rule would narrow it: docs/decisions/0012).
   */
  public static final String SUPPRESSED = "suppressed";

  /** This figure withheld: no value or interval, and no n either when {@code hideN}. */
  public Figure withheld(boolean hideN) {
    return new Figure(hideN ? null : n, null, null, null, null, SUPPRESSED);
  }

  /** A cell with nobody in it: n = 0 (and a numerator of 0 for a proportion), and no value. */
  public static Figure empty(IndicatorDefinition.Scoring scoring) {
    return new Figure(
        0L, scoring == IndicatorDefinition.Scoring.PROPORTION ? 0L : null, null, null, null, null);
  }

  public boolean suppressed() {
    return suppression != null;
  }

  public static Figure of(
      IndicatorDefinition.Scoring scoring, CellAccumulator cell, PublicationRules rules) {
    long n = cell.n();
    if (n == 0) {
      throw new IllegalArgumentException("a figure needs at least one person");
    }
    Long shownN = rules.smallCells().isSmall(n) ? null : n;
    if (scoring == IndicatorDefinition.Scoring.PROPORTION) {
      long x = cell.numerator();
      if (rules.smallCells().suppress(x, n)) {
        return suppressed(shownN);
      }
      if (n < rules.minimumN()) {
        return suppressed(shownN);
      }
      Interval ci = ProportionInterval.wilson(x, n, CONFIDENCE);
      return new Figure(n, x, (double) x / n, ci.lower(), ci.upper(), null);
    }
    if (rules.smallCells().suppress(n)) {
      return suppressed(shownN);
    }
    if (n < rules.minimumN()) {
      return suppressed(shownN);
    }
    Optional<Interval> ci = MeanInterval.student(n, cell.mean(), cell.sd(), CONFIDENCE);
    return new Figure(
        n,
        null,
        cell.mean(),
        ci.map(Interval::lower).orElse(null),
        ci.map(Interval::upper).orElse(null),
        null);
  }

  private static Figure suppressed(@Nullable Long n) {
    return new Figure(n, null, null, null, null, SUPPRESSED);
  }
}
