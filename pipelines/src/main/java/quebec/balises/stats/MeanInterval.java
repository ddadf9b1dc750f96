package quebec.balises.stats;

import java.util.Optional;

/**
 * Confidence intervals for a mean score (mean pre-op, post-op or change): the Student t interval
 * {@code mean ± t(1 − α/2, n − 1) · sd / √n}, with sd the sample standard deviation (n − 1
 * denominator), as PHE/UKHSA compute it for means (docs/methods.md §6). The t quantile, not the
 * normal one, because provider-level samples are often small and sd is estimated from the same
 * sample.
 */
public final class MeanInterval {
  private MeanInterval() {}

  /**
   * The t interval of the mean of {@code values}; empty with fewer than two values, where the
   * sample standard deviation, and so the interval, does not exist.
   *
   * @param confidence the two-sided level as a fraction: 0.95 for 95 %
   */
  public static Optional<Interval> student(double[] values, double confidence) {
    int n = values.length;
    if (n < 2) {
      checkConfidence(confidence);
      return Optional.empty();
    }
    double sum = 0;
    for (double value : values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("values must be finite, got " + value);
      }
      sum += value;
    }
    double mean = sum / n;
    // Two passes (sum of squared deviations from the mean), not Σx² − n·mean², which loses digits
    // when the spread is small next to the mean.
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    return student(n, mean, Math.sqrt(squares / (n - 1)), confidence);
  }

  /**
   * The t interval from a summary, for when the values were aggregated elsewhere; empty when {@code
   * n < 2}.
   *
   * @param sd the sample standard deviation, with an n − 1 denominator
   * @param confidence the two-sided level as a fraction: 0.95 for 95 %
   */
  public static Optional<Interval> student(long n, double mean, double sd, double confidence) {
    double p = checkConfidence(confidence);
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    if (n < 2) {
      return Optional.empty();
    }
    if (!Double.isFinite(mean) || !Double.isFinite(sd) || sd < 0) {
      throw new IllegalArgumentException(
          "mean must be finite and sd finite and non-negative, got " + mean + " and " + sd);
    }
    double halfWidth = Quantiles.studentT(p, n - 1) * sd / Math.sqrt(n);
    return Optional.of(new Interval(mean - halfWidth, mean + halfWidth));
  }

  private static double checkConfidence(double confidence) {
    return Quantiles.twoSided(confidence);
  }
}
