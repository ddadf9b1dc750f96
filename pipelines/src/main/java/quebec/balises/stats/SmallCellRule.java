package quebec.balises.stats;

import java.io.Serializable;

/**
 * Primary small-cell suppression: a figure is withheld when a count behind it is small enough to
 * point at a few identifiable people. A count is small when it is from 1 to {@code threshold − 1}
 * (1–4 with the default of 5, CIHI's rule and the dashboard default recommended in docs/methods.md
 * §2 and §8). Other agencies' rules are other thresholds: 6 for ICES (1–5), 8 for the current NHS
 * Digital HES standard (1–7, docs/methods.md §1.6).
 *
 * <p>Zero is never a small cell. Every rule in docs/methods.md §1.6 and §2 starts its range at 1
 * (CIHI 1–4, ICES 1–5, NHS 1–5 and 1–7): a count of nobody singles out no one, and withholding
 * zeros would hide the many true zeros of small providers without protecting anyone. So 0 out of 40
 * is published, as is 40 out of 40 (whose complement is 0).
 *
 * <p>This is primary suppression only. Complementary suppression, so that a withheld cell cannot be
 * recovered from a total and the other cells (docs/methods.md §2), works across the cells of a
 * table and belongs to the stage that assembles it.
 *
 * @param threshold the smallest count that may be shown; counts from 1 to {@code threshold − 1} are
 *     suppressed
 */
public record SmallCellRule(long threshold) implements Serializable {

  /** Suppress counts of 1 to 4 (CIHI; the Balises default, docs/methods.md §8). */
  public static final SmallCellRule DEFAULT = new SmallCellRule(5);

  public SmallCellRule {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
  }

  /**
   * Whether a proportion {@code numerator / denominator} must be withheld: when the denominator,
   * the numerator or the complement ({@code denominator − numerator}) is a small count. The
   * complement counts because it discloses as much as the numerator: 38 of 40 improved says that 2
   * did not. A denominator of 0 has no figure to withhold and is not suppressed.
   */
  public boolean suppress(long numerator, long denominator) {
    if (denominator < 0 || numerator < 0 || numerator > denominator) {
      throw new IllegalArgumentException(
          "need 0 <= numerator <= denominator, got " + numerator + " of " + denominator);
    }
    return isSmall(denominator) || isSmall(numerator) || isSmall(denominator - numerator);
  }

  /** Whether a mean (or any figure over {@code n} people with no numerator) must be withheld. */
  public boolean suppress(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    return isSmall(n);
  }

  /** Whether {@code count} is a small cell: from 1 to {@code threshold − 1}; never 0. */
  public boolean isSmall(long count) {
    return count >= 1 && count < threshold;
  }
}
