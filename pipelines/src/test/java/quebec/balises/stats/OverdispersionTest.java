package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The multiplicative overdispersion allowance (Spiegelhalter 2005) on five units worked by hand.
 *
 * <p>Target θ0 = 20, σ = 10, n = 100 for each unit, so s = σ/√n = 1 and z = value − 20. Values 17,
 * 19, 20, 22, 26 give z = −3, −1, 0, 2, 6. The 10th and 90th percentiles (R type 7: position (5 −
 * 1)·p between the sorted values) are −3 + 0.4·(−1 + 3) = −2.2 and 2 + 0.6·(6 − 2) = 4.4, so the
 * Winsorised z are −2.2, −1, 0, 2, 4.4; their squares 4.84 + 1 + 0 + 4 + 19.36 = 29.2; φ = 29.2 / 5
 * = 5.84, and the limits widen by √5.84 = 2.41661.
 */
class OverdispersionTest {
  private static final double[] Z = {-3, -1, 0, 2, 6};

  @Test
  void phiIsTheMeanSquaredWinsorisedZ() {
    assertThat(Overdispersion.phi(Z), closeTo(5.84, 1e-12));
    assertThat(
        "the order does not matter",
        Overdispersion.phi(new double[] {6, 0, -3, 2, -1}),
        is(Overdispersion.phi(Z)));
  }

  @Test
  void percentilesAreRsTypeSeven() {
    double[] sorted = {-3, -1, 0, 2, 6};
    assertThat(Overdispersion.quantile(sorted, 0.1), closeTo(-2.2, 1e-12));
    assertThat(Overdispersion.quantile(sorted, 0.9), closeTo(4.4, 1e-12));
  }

  @Test
  void limitsWidenBySqrtPhiOnlyAboveOne() {
    assertThat(Overdispersion.inflation(5.84), closeTo(Math.sqrt(5.84), 1e-15));
    assertThat(Overdispersion.inflation(0.7), is(1.0));
    assertThat(Overdispersion.inflation(1.0), is(1.0));
  }

  /**
   * The widened limits at n = 100: 20 ± 1.959964·2.416609·1 = 20 ± 4.736467 at 95 %, and 20 ±
   * 3.090232·2.416609·1 = 20 ± 7.467884 at 99.8 %. The unit at 26 (z = 6) is beyond the plain 99.8
   * % limit (23.090) but only beyond the widened 95 % one; the unit at 17 (z = −3) is below the
   * plain 95 % limit (18.040) and within the widened ones.
   */
  @Test
  void widenedLimitsAndFlagsByHand() {
    FunnelLimits plain = FunnelLimits.forMean(20, 10, 100);
    FunnelLimits widened = FunnelLimits.forMean(20, 10, 100, Overdispersion.inflation(5.84));
    assertThat(widened.limits95().upper(), closeTo(24.736467, 1e-6));
    assertThat(widened.limits95().lower(), closeTo(15.263533, 1e-6));
    assertThat(widened.limits998().upper(), closeTo(27.467884, 1e-6));
    assertThat(plain.classify(26), is(OutlierFlag.ABOVE_998));
    assertThat(widened.classify(26), is(OutlierFlag.ABOVE_95));
    assertThat(plain.classify(17), is(OutlierFlag.BELOW_95));
    assertThat(widened.classify(17), is(OutlierFlag.WITHIN));
    assertThat(FunnelLimits.zForMean(26, 20, 10, 100), closeTo(6, 1e-12));
  }

  /** A proportion's limits widen the same way, p0 ± z·√φ·√(p0(1 − p0)/n), clipped to [0, 1]. */
  @Test
  void proportionLimitsWidenAndClip() {
    // p0 = 0.5, n = 100: s = 0.05; √φ = 2 → 0.5 ± 1.959964·0.1 = [0.304004, 0.695996], and the
    // 99.8 % limits 0.5 ± 0.309023.
    FunnelLimits widened = FunnelLimits.forProportion(0.5, 100, 2);
    assertThat(widened.limits95().lower(), closeTo(0.304004, 1e-6));
    assertThat(widened.limits95().upper(), closeTo(0.695996, 1e-6));
    assertThat(widened.limits998().upper(), closeTo(0.809023, 1e-6));
    assertThat(FunnelLimits.forProportion(0.9, 10, 3).limits998().upper(), is(1.0));
    assertThat(FunnelLimits.zForProportion(0.6, 0.5, 100), closeTo(2, 1e-12));
  }

  @Test
  void refusesNothingToEstimateFromAndInflationBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> Overdispersion.phi(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> FunnelLimits.forMean(20, 10, 100, 0.9));
  }
}
