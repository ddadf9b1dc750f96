package quebec.balises.stats;

import java.io.Serializable;

/**
 * A closed interval [{@code lower}, {@code upper}]: a confidence interval or a pair of funnel
 * limits, in the units of the figure it belongs to (a proportion from 0 to 1, or a score).
 */
public record Interval(double lower, double upper) implements Serializable {

  public Interval {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
      throw new IllegalArgumentException(
          "an interval needs lower <= upper, got (" + lower + ", " + upper + ")");
    }
  }

  /** Whether {@code value} lies inside, ends included. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  public double width() {
    return upper - lower;
  }
}
