package quebec.balises.stats;

import java.io.Serializable;

/**
 * The control limits of a funnel plot at one denominator {@code n}: where a provider's figure would
 * fall by chance alone if its true value were the {@code target}. The 95 % limits are the "alert"
 * level and the 99.8 % limits the "alarm" (potential outlier) level used by NHS England PROMs
 * (docs/methods.md §1.5, after Spiegelhalter, Stat Med 2005;24:1185–202). The z values are the
 * normal quantiles of 0.975 and 0.999 (1.959964 and 3.090232), computed, not typed in.
 *
 * <p>The {@code inflation} of {@link #forMean(double, double, long, double)} and {@link
 * #forProportion(double, long, double)} is the multiplicative overdispersion allowance √φ ({@link
 * Overdispersion}): the standard error is multiplied by it; 1 gives the plain limits.
 *
 * @param target the national value the funnel is centred on (θ0 or p0)
 * @param n the provider's denominator: patients in the mean, or the proportion's denominator
 * @param limits95 the alert limits, 95 % two-sided
 * @param limits998 the alarm limits, 99.8 % two-sided
 */
public record FunnelLimits(double target, long n, Interval limits95, Interval limits998)
    implements Serializable {

  /** The standard normal quantile of 0.975, 1.959964. */
  public static final double Z_95 = Quantiles.normal(0.975);

  /** The standard normal quantile of 0.999, 3.090232. */
  public static final double Z_998 = Quantiles.normal(0.999);

  public FunnelLimits {
    if (n < 1) {
      throw new IllegalArgumentException("a funnel needs n of at least 1, got " + n);
    }
    if (limits998.lower() > limits95.lower() || limits998.upper() < limits95.upper()) {
      throw new IllegalArgumentException(
          "the 99.8 % limits " + limits998 + " must enclose the 95 % limits " + limits95);
    }
  }

  /**
   * Limits for a mean (such as an adjusted average health gain): {@code θ0 ± z·σ/√n}, with σ the
   * national patient-level standard deviation of the outcome (docs/methods.md §1.5 and §6).
   */
  public static FunnelLimits forMean(double target, double sigma, long n) {
    return forMean(target, sigma, n, 1);
  }

  /** Limits for a mean widened by an overdispersion factor: {@code θ0 ± z·inflation·σ/√n}. */
  public static FunnelLimits forMean(double target, double sigma, long n, double inflation) {
    checkInflation(inflation);
    if (!Double.isFinite(target) || !Double.isFinite(sigma) || sigma < 0) {
      throw new IllegalArgumentException(
          "target must be finite and sigma finite and non-negative, got " + target + ", " + sigma);
    }
    if (n < 1) {
      throw new IllegalArgumentException("a funnel needs n of at least 1, got " + n);
    }
    double standardError = inflation * sigma / Math.sqrt(n);
    return new FunnelLimits(
        target,
        n,
        new Interval(target - Z_95 * standardError, target + Z_95 * standardError),
        new Interval(target - Z_998 * standardError, target + Z_998 * standardError));
  }

  /**
   * Limits for a proportion, as PHE/UKHSA draw them ({@code PHEindicatormethods}'s Wilson-based
   * "sigma adjustment", docs/methods.md §6): the limit at {@code n} is the observed proportion
   * whose Wilson score interval just reaches p0. The Wilson interval is the set of p0 that the
   * score test does not reject, {@code |p − p0| ≤ z·√(p0(1 − p0)/n)}, so that proportion has the
   * closed form
   *
   * <pre>
   *   p0 ± z·√(p0(1 − p0)/n),   clipped to [0, 1]
   * </pre>
   *
   * which is what PHE's quadratic solves to (the same numbers up to floating-point rounding,
   * checked at several p0 and n) and also the normal-approximation funnel of Spiegelhalter 2005. We
   * do not port PHE's GPL-3 code; this is the formula, from its definition. It reproduces the PHE
   * package's own test data ({@code testdata_funnel_prop_outputs.csv}: baseline 80.642448 %, lower
   * 95 % limit 3.204264 % at n = 1 and 25.885383 % at n = 2, limits clipped at 0 and 100 %) to its
   * six decimals.
   *
   * @param target p0, the national proportion, from 0 to 1
   */
  public static FunnelLimits forProportion(double target, long n) {
    return forProportion(target, n, 1);
  }

  /**
   * Limits for a proportion widened by an overdispersion factor: {@code p0 ± z·inflation·√(p0(1 −
   * p0)/n)}, clipped to [0, 1].
   */
  public static FunnelLimits forProportion(double target, long n, double inflation) {
    checkInflation(inflation);
    if (!(target >= 0 && target <= 1)) {
      throw new IllegalArgumentException("target proportion must be from 0 to 1, got " + target);
    }
    if (n < 1) {
      throw new IllegalArgumentException("a funnel needs n of at least 1, got " + n);
    }
    double standardError = inflation * Math.sqrt(target * (1 - target) / n);
    return new FunnelLimits(
        target,
        n,
        clipped(target - Z_95 * standardError, target + Z_95 * standardError),
        clipped(target - Z_998 * standardError, target + Z_998 * standardError));
  }

  private static void checkInflation(double inflation) {
    if (!(inflation >= 1) || !Double.isFinite(inflation)) {
      throw new IllegalArgumentException(
          "inflation must be finite and at least 1, got " + inflation);
    }
  }

  /**
   * A unit's z-score against a mean funnel: {@code (value − θ0) / (σ/√n)}; the input of {@link
   * Overdispersion#phi}.
   */
  public static double zForMean(double value, double target, double sigma, long n) {
    return (value - target) / (sigma / Math.sqrt(n));
  }

  /** A unit's z-score against a proportion funnel: {@code (p − p0) / √(p0(1 − p0)/n)}. */
  public static double zForProportion(double value, double target, long n) {
    return (value - target) / Math.sqrt(target * (1 - target) / n);
  }

  private static Interval clipped(double lower, double upper) {
    return new Interval(Math.max(0, lower), Math.min(1, upper));
  }

  /** Where {@code value} falls against these limits; see {@link OutlierFlag#classify}. */
  public OutlierFlag classify(double value) {
    return OutlierFlag.classify(value, this);
  }
}
