package quebec.balises.stats;

import java.io.Serializable;

/**
 * Case-mix adjustment of a provider's outcome by indirect standardisation, the NHS England PROMs
 * method (Department of Health 2012; Nuttall, Parkin and Devlin; docs/methods.md §1.4). A national
 * {@link LinearModel} predicts each patient's post-op score from the pre-op score and patient
 * factors; a provider's observed mean minus its predicted mean (O − E) is what it adds beyond its
 * case mix, and is laid on top of the national mean:
 *
 * <pre>
 *   adjusted post-op mean = national post-op mean + (observed − predicted)
 *   adjusted health gain  = adjusted post-op mean − national pre-op mean
 * </pre>
 *
 * <p>The second line equals national mean gain + (O − E), since national gain = national post −
 * national pre. Only modelled records count: patients with both scores and every case-mix field;
 * the caller takes observed and predicted means over the same patients.
 *
 * @param nationalPostMean mean post-op score over all modelled records
 * @param nationalPreMean mean pre-op score over the same records
 */
public record IndirectStandardisation(double nationalPostMean, double nationalPreMean)
    implements Serializable {

  public IndirectStandardisation {
    if (!Double.isFinite(nationalPostMean) || !Double.isFinite(nationalPreMean)) {
      throw new IllegalArgumentException(
          "national means must be finite, got " + nationalPostMean + ", " + nationalPreMean);
    }
  }

  /**
   * @param observedPostMean the provider's mean observed post-op score
   * @param predictedPostMean the provider's mean of the model's predicted post-op scores
   */
  public double adjustedPostMean(double observedPostMean, double predictedPostMean) {
    if (!Double.isFinite(observedPostMean) || !Double.isFinite(predictedPostMean)) {
      throw new IllegalArgumentException(
          "provider means must be finite, got " + observedPostMean + ", " + predictedPostMean);
    }
    return nationalPostMean + (observedPostMean - predictedPostMean);
  }

  /** The adjusted average health gain: the adjusted post-op mean less the national pre-op mean. */
  public double adjustedGain(double observedPostMean, double predictedPostMean) {
    return adjustedPostMean(observedPostMean, predictedPostMean) - nationalPreMean;
  }
}
