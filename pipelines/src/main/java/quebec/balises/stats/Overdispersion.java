package quebec.balises.stats;

import java.util.Arrays;

/**
 * The multiplicative overdispersion allowance of a funnel plot (Spiegelhalter DJ, Handling
 * over-dispersion of performance indicators, Qual Saf Health Care 2005;14:347–51; used by NHS
 * England for the PROMs outlier method; docs/methods.md §1.5 and §6.3).
 *
 * <p>Each unit's z-score is its distance from the target in standard errors, {@code z = (y − θ0) /
 * s}. So that a few genuine outliers do not hide the others, the z-scores are Winsorised: those
 * below the 10th percentile are set to it, those above the 90th to it. The dispersion factor is the
 * mean of the squared Winsorised z-scores,
 *
 * <pre>
 *   φ = (1/I) Σ z_w²
 * </pre>
 *
 * which is about 1 when the units differ by chance alone. When φ > 1 the control limits are widened
 * by √φ: {@code θ0 ± z·√φ·s}; when φ ≤ 1 they are left as they are (no narrowing). The percentiles
 * are those of R's default {@code quantile} (type 7, linear between order statistics), so that the
 * figures can be reproduced in R.
 */
public final class Overdispersion {
  /** The share Winsorised at each end. */
  public static final double WINSOR = 0.10;

  private Overdispersion() {}

  /** φ, the mean squared Winsorised z-score; needs at least one z-score. */
  public static double phi(double[] z) {
    if (z.length == 0) {
      throw new IllegalArgumentException("overdispersion needs at least one unit");
    }
    double[] sorted = z.clone();
    Arrays.sort(sorted);
    double low = quantile(sorted, WINSOR);
    double high = quantile(sorted, 1 - WINSOR);
    double sum = 0;
    // Summed in sorted order, so that the same units give the same φ to the last bit whatever
    // order they arrive in (the published files are the same bytes on every run).
    for (double value : sorted) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("z-scores must be finite, got " + value);
      }
      double w = Math.min(high, Math.max(low, value));
      sum += w * w;
    }
    return sum / z.length;
  }

  /** How much the limits' half-width is multiplied by: √φ when φ > 1, else 1. */
  public static double inflation(double phi) {
    if (!(phi >= 0)) {
      throw new IllegalArgumentException("phi must be non-negative, got " + phi);
    }
    return phi > 1 ? Math.sqrt(phi) : 1;
  }

  /** The type-7 quantile of sorted values: linear between the order statistics around (n−1)p. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int below = (int) Math.floor(h);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  }
}
