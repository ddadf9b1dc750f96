package quebec.balises.stats;

import java.util.Locale;

/**
 * Where a provider's figure falls on its funnel. Beyond the 99.8 % limits is a potential outlier
 * ("alarm"), beyond the 95 % limits only an alert (docs/methods.md §1.5). A figure exactly on a
 * limit is not beyond it: the limits are where chance alone still reaches, and a figure on a
 * clipped limit (0 % or 100 %) could not have fallen further.
 */
public enum OutlierFlag {
  /** Above the upper 99.8 % limit: a potential positive outlier. */
  ABOVE_998,
  /** Above the upper 95 % limit, within the 99.8 % one: an alert. */
  ABOVE_95,
  /** Within the 95 % limits. */
  WITHIN,
  /** Below the lower 95 % limit, within the 99.8 % one: an alert. */
  BELOW_95,
  /** Below the lower 99.8 % limit: a potential negative outlier. */
  BELOW_998;

  /** The value written to the published datasets: {@code above_998}, {@code within}, … */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Classifies {@code value} against {@code limits}, strictly beyond a limit to be flagged. */
  public static OutlierFlag classify(double value, FunnelLimits limits) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("cannot place NaN on a funnel");
    }
    if (value > limits.limits998().upper()) {
      return ABOVE_998;
    }
    if (value > limits.limits95().upper()) {
      return ABOVE_95;
    }
    if (value < limits.limits998().lower()) {
      return BELOW_998;
    }
    if (value < limits.limits95().lower()) {
      return BELOW_95;
    }
    return WITHIN;
  }
}
