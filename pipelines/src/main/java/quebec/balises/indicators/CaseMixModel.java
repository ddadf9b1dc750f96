package quebec.balises.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import quebec.balises.model.RecordCoder;
import quebec.balises.stats.ExactSum;
import quebec.balises.stats.IndirectStandardisation;
import quebec.balises.stats.LeastSquares;
import quebec.balises.stats.LinearModel;

/**
 * One adjusted indicator's provincial case-mix model for one period, with the provincial means of
 * the modelled records that indirect standardisation lays the providers' O − E on.
 */
@DefaultCoder(RecordCoder.class)
public record CaseMixModel(
    String indicatorId,
    String periodType,
    String period,
    long n,
    LinearModel model,
    double provincialFollowupMean,
    double provincialBaselineMean) {

  public IndicatorPeriod provinceKey() {
    return new IndicatorPeriod(indicatorId, periodType, period);
  }

  /** The follow-up score the model predicts for a row's covariates ({@link CaseMixDesign}). */
  public double predict(double[] covariates) {
    return model.predict(covariates);
  }

  public IndirectStandardisation standardisation() {
    return new IndirectStandardisation(provincialFollowupMean, provincialBaselineMean);
  }

  /** The provincial mean gain of the modelled records: the funnel's target. */
  public double provincialGain() {
    return provincialFollowupMean - provincialBaselineMean;
  }

  /** One term of the model, intercept first, as the restricted casemix_models dataset lists it. */
  @DefaultCoder(RecordCoder.class)
  public record Term(CaseMixModel model, String name, double coefficient, boolean aliased) {}

  public List<Term> terms() {
    double[] coefficients = model.coefficients();
    boolean[] aliased = model.aliased();
    List<Term> terms = new ArrayList<>();
    for (int j = 0; j < coefficients.length; j++) {
      String name = j == 0 ? "intercept" : CaseMixDesign.TERMS.get(j - 1);
      terms.add(new Term(this, name, coefficients[j], aliased[j]));
    }
    return terms;
  }

  /**
   * A model being fitted: the least-squares sums and the running provincial means. A combiner's
   * accumulator, mutable, coded between workers by its own {@link Coder}.
   */
  public static final class Fit {
    private final LeastSquares leastSquares;
    // Exact, like the fit, so that the model is the same whatever order its rows are merged in.
    private BigDecimal followupSum;
    private BigDecimal baselineSum;

    public Fit() {
      this(new LeastSquares(CaseMixDesign.TERMS.size()), BigDecimal.ZERO, BigDecimal.ZERO);
    }

    private Fit(LeastSquares leastSquares, BigDecimal followupSum, BigDecimal baselineSum) {
      this.leastSquares = leastSquares;
      this.followupSum = followupSum;
      this.baselineSum = baselineSum;
    }

    public void add(double[] covariates, double followup) {
      leastSquares.add(covariates, followup);
      followupSum = followupSum.add(ExactSum.exact(followup));
      baselineSum = baselineSum.add(ExactSum.exact(covariates[0]));
    }

    public Fit merge(Fit other) {
      leastSquares.merge(other.leastSquares);
      followupSum = followupSum.add(other.followupSum);
      baselineSum = baselineSum.add(other.baselineSum);
      return this;
    }

    public long n() {
      return leastSquares.n();
    }

    public CaseMixModel model(String indicatorId, String periodType, String period) {
      long n = n();
      return new CaseMixModel(
          indicatorId,
          periodType,
          period,
          n,
          leastSquares.fit(),
          ExactSum.mean(followupSum, n),
          ExactSum.mean(baselineSum, n));
    }

    /** The combiner's coder for a partial fit: the least-squares sums, then the two exact sums. */
    public static final class Coder extends CustomCoder<Fit> {
      private static final long serialVersionUID = 1L;

      @Override
      public void encode(Fit fit, OutputStream out) throws IOException {
        LeastSquares.encode(fit.leastSquares, out);
        ExactSum.encode(fit.followupSum, out);
        ExactSum.encode(fit.baselineSum, out);
      }

      @Override
      public Fit decode(InputStream in) throws IOException {
        LeastSquares leastSquares = LeastSquares.decode(in);
        BigDecimal followupSum = ExactSum.decode(in);
        BigDecimal baselineSum = ExactSum.decode(in);
        return new Fit(leastSquares, followupSum, baselineSum);
      }
    }
  }
}
