package quebec.balises.indicators;

import java.io.Serializable;

/**
 * What an indicator cell accumulates from its rows: the count, the numerator for a proportion, and
 * the sum and sum of squares of the observation for a mean. Small, mergeable in any order (a Beam
 * combiner's accumulator), so cells never gather their rows in one place.
 *
 * <p>Sums use Welford's update merged with Chan et al.'s parallel formula, so the variance stays
 * accurate when values are large and close together.
 */
public final class CellAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private long n;
  private long numerator;
  private double mean;
  private double m2;

  public void addProportion(boolean inNumerator) {
    n++;
    if (inNumerator) {
      numerator++;
    }
  }

  public void addObservation(double value) {
    n++;
    double delta = value - mean;
    mean += delta / n;
    m2 += delta * (value - mean);
  }

  /** Merges another cell's accumulator into this one. */
  public CellAccumulator merge(CellAccumulator other) {
    if (other.n == 0) {
      return this;
    }
    long total = n + other.n;
    double delta = other.mean - mean;
    m2 += other.m2 + delta * delta * n * other.n / total;
    mean += delta * other.n / total;
    n = total;
    numerator += other.numerator;
    return this;
  }

  public long n() {
    return n;
  }

  public long numerator() {
    return numerator;
  }

  public double mean() {
    return mean;
  }

  /** Sample standard deviation (n − 1 denominator); NaN below two observations. */
  public double sd() {
    return n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
  }
}
