package quebec.balises.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The distribution quantiles the intervals and limits need, from commons-math3 rather than our own
 * numerical code. The distributions are built without a random generator: only their quantile
 * functions are used, never sampling.
 */
final class Quantiles {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  /** How closely the Student t quantile is solved for (commons-math3's default is 1e-9). */
  private static final double T_ACCURACY = 1e-12;

  private Quantiles() {}

  /** The standard normal quantile: {@code qnorm(p)} in R. */
  static double normal(double p) {
    checkProbability(p);
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }

  /** The Student t quantile with {@code degreesOfFreedom}: {@code qt(p, df)} in R. */
  static double studentT(double p, double degreesOfFreedom) {
    checkProbability(p);
    return new TDistribution(null, degreesOfFreedom, T_ACCURACY).inverseCumulativeProbability(p);
  }

  /**
   * The probability that leaves {@code (1 − confidence) / 2} in the upper tail: 0.975 for a 95 %
   * two-sided interval, 0.999 for 99.8 %.
   */
  static double twoSided(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must be strictly between 0 and 1 (0.95 for 95 %), got " + confidence);
    }
    return 1 - (1 - confidence) / 2;
  }

  private static void checkProbability(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be strictly between 0 and 1: " + p);
    }
  }
}
