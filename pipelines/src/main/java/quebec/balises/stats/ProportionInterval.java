package quebec.balises.stats;

/**
 * Confidence intervals for a proportion {@code numerator / denominator}.
 *
 * <p>The Wilson score interval is the PHE/UKHSA standard for proportions (docs/methods.md §6, after
 * Wilson 1927 and Newcombe 1998). Unlike the normal ("Wald") interval it stays within [0, 1], has a
 * non-zero width at 0 % and 100 %, and keeps close to its nominal coverage at the small
 * denominators a hospital or CLSC will often have.
 */
public final class ProportionInterval {
  private ProportionInterval() {}

  /**
   * The Wilson score interval:
   *
   * <pre>
   *   L, U = (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²))
   * </pre>
   *
   * with {@code z} the standard normal quantile of {@code 1 − (1 − confidence)/2} (1.959964 at 95
   * %), computed rather than hard-coded so that 99.8 % or 90 % need no other table.
   *
   * @param numerator x, from 0 to {@code denominator}
   * @param denominator n, at least 1
   * @param confidence the two-sided level as a fraction: 0.95 for 95 %
   */
  public static Interval wilson(long numerator, long denominator, double confidence) {
    if (denominator < 1) {
      throw new IllegalArgumentException("denominator must be at least 1, got " + denominator);
    }
    if (numerator < 0 || numerator > denominator) {
      throw new IllegalArgumentException(
          "numerator must be from 0 to the denominator " + denominator + ", got " + numerator);
    }
    double z = Quantiles.normal(Quantiles.twoSided(confidence));
    double zz = z * z;
    double x = numerator;
    double n = denominator;
    double centre = 2 * x + zz;
    double spread = z * Math.sqrt(zz + 4 * x * (1 - x / n));
    double scale = 2 * (n + zz);
    // At x = 0 (or x = n) the formula's bound is 0 (or 1) in exact arithmetic; rounding could land
    // a hair outside [0, 1], so the bound is set exactly.
    double lower = numerator == 0 ? 0 : Math.max(0, (centre - spread) / scale);
    double upper = numerator == denominator ? 1 : Math.min(1, (centre + spread) / scale);
    return new Interval(lower, upper);
  }
}
