package quebec.balises.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * What an indicator cell accumulates from its rows: the count, the numerator for a proportion, the
 * running mean and sum of squared deviations of the observation for a mean, and, for a
 * case-mix-adjusted indicator, the same for its modelled rows' observed and predicted follow-up
 * scores and their difference. Small, mergeable in any order (a Beam combiner's accumulator), so
 * cells never gather their rows in one place.
 *
 * <p>Means and variances use Welford's update merged with Chan et al.'s parallel formula, so the
 * variance stays accurate when values are large and close together.
 */
public final class CellAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private long n;
  private long numerator;
  private double mean;
  private double m2;

  private long modelled;
  private double observedMean;
  private double predictedMean;
  private double residualMean;
  private double residualM2;

  public void addProportion(boolean inNumerator) {
    add(Contribution.proportion(inNumerator));
  }

  public void addObservation(double value) {
    add(Contribution.observation(value));
  }

  public void add(Contribution contribution) {
    n++;
    if (contribution.inNumerator()) {
      numerator++;
    }
    double delta = contribution.value() - mean;
    mean += delta / n;
    m2 += delta * (contribution.value() - mean);
    if (contribution.isModelled()) {
      modelled++;
      observedMean += (contribution.observed() - observedMean) / modelled;
      predictedMean += (contribution.predicted() - predictedMean) / modelled;
      double residual = contribution.observed() - contribution.predicted();
      double residualDelta = residual - residualMean;
      residualMean += residualDelta / modelled;
      residualM2 += residualDelta * (residual - residualMean);
    }
  }

  /** Merges another cell's accumulator into this one. */
  public CellAccumulator merge(CellAccumulator other) {
    if (other.n > 0) {
      long total = n + other.n;
      double delta = other.mean - mean;
      m2 += other.m2 + delta * delta * n * other.n / total;
      mean += delta * other.n / total;
      n = total;
      numerator += other.numerator;
    }
    if (other.modelled > 0) {
      long total = modelled + other.modelled;
      double share = (double) other.modelled / total;
      observedMean += (other.observedMean - observedMean) * share;
      predictedMean += (other.predictedMean - predictedMean) * share;
      double delta = other.residualMean - residualMean;
      residualM2 += other.residualM2 + delta * delta * modelled * other.modelled / total;
      residualMean += delta * share;
      modelled = total;
    }
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

  /** How many rows had every case-mix field and a model to predict them (modelled records). */
  public long modelled() {
    return modelled;
  }

  /** Mean observed follow-up score of the modelled rows (O). */
  public double observedMean() {
    return observedMean;
  }

  /** Mean predicted follow-up score of the modelled rows (E). */
  public double predictedMean() {
    return predictedMean;
  }

  /** Sample standard deviation of observed − predicted over the modelled rows. */
  public double residualSd() {
    return modelled < 2 ? Double.NaN : Math.sqrt(residualM2 / (modelled - 1));
  }

  /** A compact coder for the combiner's partial accumulators. */
  public static final class Coder extends CustomCoder<CellAccumulator> {
    private static final long serialVersionUID = 1L;
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    @Override
    public void encode(CellAccumulator a, OutputStream out) throws IOException {
      LONG.encode(a.n, out);
      LONG.encode(a.numerator, out);
      DOUBLE.encode(a.mean, out);
      DOUBLE.encode(a.m2, out);
      LONG.encode(a.modelled, out);
      DOUBLE.encode(a.observedMean, out);
      DOUBLE.encode(a.predictedMean, out);
      DOUBLE.encode(a.residualMean, out);
      DOUBLE.encode(a.residualM2, out);
    }

    @Override
    public CellAccumulator decode(InputStream in) throws IOException {
      CellAccumulator a = new CellAccumulator();
      a.n = LONG.decode(in);
      a.numerator = LONG.decode(in);
      a.mean = DOUBLE.decode(in);
      a.m2 = DOUBLE.decode(in);
      a.modelled = LONG.decode(in);
      a.observedMean = DOUBLE.decode(in);
      a.predictedMean = DOUBLE.decode(in);
      a.residualMean = DOUBLE.decode(in);
      a.residualM2 = DOUBLE.decode(in);
      return a;
    }
  }
}
