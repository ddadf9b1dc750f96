package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;

import org.junit.jupiter.api.Test;

/** Indirect standardisation against docs/methods.md §9. */
class IndirectStandardisationTest {
  private static final IndirectStandardisation NATIONAL = new IndirectStandardisation(39.0, 18.0);

  @Test
  void adjustedPostOpMeanMatchesReference() {
    assertThat(NATIONAL.adjustedPostMean(40.0, 38.5), closeTo(40.5, 1e-12));
  }

  @Test
  void adjustedGainMatchesReference() {
    assertThat(NATIONAL.adjustedGain(40.0, 38.5), closeTo(22.5, 1e-12));
  }

  @Test
  void adjustedGainIsNationalGainPlusObservedMinusExpected() {
    double nationalGain = 39.0 - 18.0;
    assertThat(NATIONAL.adjustedGain(33.0, 35.25), closeTo(nationalGain + (33.0 - 35.25), 1e-12));
  }

  @Test
  void aProviderDoingAsPredictedGetsTheNationalMean() {
    assertThat(NATIONAL.adjustedPostMean(31.7, 31.7), closeTo(39.0, 1e-12));
  }

  @Test
  void worksWithPredictionsFromTheFittedModel() {
    // National data: post = 20 + 0.5·pre exactly, so each provider's O − E is its own offset.
    double[][] pre = {{10}, {20}, {30}, {40}};
    double[] post = {25, 30, 35, 40};
    LinearModel model = LinearModel.fit(pre, post);
    IndirectStandardisation national = new IndirectStandardisation(32.5, 25.0);
    double[] providerPre = {10, 30};
    double[] providerPost = {27, 37};
    double observed = (providerPost[0] + providerPost[1]) / 2;
    double predicted =
        (model.predict(new double[] {providerPre[0]})
                + model.predict(new double[] {providerPre[1]}))
            / 2;
    assertThat(national.adjustedPostMean(observed, predicted), closeTo(34.5, 1e-9));
    assertThat(national.adjustedGain(observed, predicted), closeTo(9.5, 1e-9));
  }
}
