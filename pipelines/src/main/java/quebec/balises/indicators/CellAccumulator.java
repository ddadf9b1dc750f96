package quebec.balises.indicators;

import static quebec.balises.stats.ExactSum.exact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import quebec.balises.stats.ExactSum;

/**
 * What an indicator cell accumulates from its rows: the count, the numerator for a proportion, the
 * sum and sum of squares of the observation for a mean, and, for a case-mix-adjusted indicator, the
 * sums of its modelled rows' observed and predicted follow-up scores and of their difference.
 * Small, mergeable in any order (a Beam combiner's accumulator), so cells never gather their rows
 * in one place.
 *
 * <p>The sums are exact ({@link ExactSum}): merged in any order, by any runner, from any split of
 * the input into files, a cell gives the same mean and standard deviation to the last bit, so the
 * published files are the same bytes (docs/decisions/0009).
 */
public final class CellAccumulator implements Serializable {
  private static final long serialVersionUID = 2L;

  private long n;
  private long numerator;
  private BigDecimal sum = BigDecimal.ZERO;
  private BigDecimal sumOfSquares = BigDecimal.ZERO;

  private long modelled;
  private BigDecimal observed = BigDecimal.ZERO;
  private BigDecimal predicted = BigDecimal.ZERO;
  private BigDecimal residual = BigDecimal.ZERO;
  private BigDecimal residualSquares = BigDecimal.ZERO;

  public void addProportion(boolean inNumerator) {
    add(Contribution.proportion(inNumerator));
  }

  /**
   * Adds {@code units} counted units at once, {@code inNumerator} of them in the numerator: what
   * {@code units} calls of {@link #addProportion} would add (an establishment's portrait gives its
   * committees as counts, docs/decisions/0022).
   */
  public void addProportions(long units, long inNumerator) {
    if (units < 0 || inNumerator < 0 || inNumerator > units) {
      throw new IllegalArgumentException(
          "cannot add " + inNumerator + " of " + units + " units to a proportion");
    }
    n += units;
    numerator += inNumerator;
    BigDecimal ones = BigDecimal.valueOf(inNumerator);
    sum = sum.add(ones);
    sumOfSquares = sumOfSquares.add(ones);
  }

  public void addObservation(double value) {
    add(Contribution.observation(value));
  }

  public void add(Contribution contribution) {
    n++;
    if (contribution.inNumerator()) {
      numerator++;
    }
    if (contribution.value() != 0) {
      BigDecimal value = exact(contribution.value());
      sum = sum.add(value);
      sumOfSquares = sumOfSquares.add(value.multiply(value));
    }
    if (contribution.isModelled()) {
      modelled++;
      observed = observed.add(exact(contribution.observed()));
      predicted = predicted.add(exact(contribution.predicted()));
      BigDecimal difference = exact(contribution.observed() - contribution.predicted());
      residual = residual.add(difference);
      residualSquares = residualSquares.add(difference.multiply(difference));
    }
  }

  /** Merges another cell's accumulator into this one. */
  public CellAccumulator merge(CellAccumulator other) {
    n += other.n;
    numerator += other.numerator;
    sum = sum.add(other.sum);
    sumOfSquares = sumOfSquares.add(other.sumOfSquares);
    modelled += other.modelled;
    observed = observed.add(other.observed);
    predicted = predicted.add(other.predicted);
    residual = residual.add(other.residual);
    residualSquares = residualSquares.add(other.residualSquares);
    return this;
  }

  public long n() {
    return n;
  }

  public long numerator() {
    return numerator;
  }

  public double mean() {
    return ExactSum.mean(sum, n);
  }

  /** Sample standard deviation (n − 1 denominator); NaN below two observations. */
  public double sd() {
    return Math.sqrt(ExactSum.variance(sum, sumOfSquares, n));
  }

  /** How many rows had every case-mix field and a model to predict them (modelled records). */
  public long modelled() {
    return modelled;
  }

  /** Mean observed follow-up score of the modelled rows (O). */
  public double observedMean() {
    return ExactSum.mean(observed, modelled);
  }

  /** Mean predicted follow-up score of the modelled rows (E). */
  public double predictedMean() {
    return ExactSum.mean(predicted, modelled);
  }

  /** Sample standard deviation of observed − predicted over the modelled rows. */
  public double residualSd() {
    return Math.sqrt(ExactSum.variance(residual, residualSquares, modelled));
  }

  /** A compact coder for the combiner's partial accumulators. */
  public static final class Coder extends CustomCoder<CellAccumulator> {
    private static final long serialVersionUID = 2L;
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(CellAccumulator a, OutputStream out) throws IOException {
      LONG.encode(a.n, out);
      LONG.encode(a.numerator, out);
      ExactSum.encode(a.sum, out);
      ExactSum.encode(a.sumOfSquares, out);
      LONG.encode(a.modelled, out);
      if (a.modelled > 0) {
        ExactSum.encode(a.observed, out);
        ExactSum.encode(a.predicted, out);
        ExactSum.encode(a.residual, out);
        ExactSum.encode(a.residualSquares, out);
      }
    }

    @Override
    public CellAccumulator decode(InputStream in) throws IOException {
      CellAccumulator a = new CellAccumulator();
      a.n = LONG.decode(in);
      a.numerator = LONG.decode(in);
      a.sum = ExactSum.decode(in);
      a.sumOfSquares = ExactSum.decode(in);
      a.modelled = LONG.decode(in);
      if (a.modelled > 0) {
        a.observed = ExactSum.decode(in);
        a.predicted = ExactSum.decode(in);
        a.residual = ExactSum.decode(in);
        a.residualSquares = ExactSum.decode(in);
      }
      return a;
    }
  }
}
