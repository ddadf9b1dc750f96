package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Funnel limits against docs/methods.md §9 (mean) and, for proportions, rows of the PHE package's
 * own test data ({@code PHEindicatormethods}, {@code
 * tests/testthat/testdata_funnel_prop_outputs.csv}, docs/methods.md §6): values in percent to six
 * decimals, around a baseline of 80.642448 %.
 */
class FunnelLimitsTest {
  private static final double PHE_BASELINE = 0.80642448;

  /** Half a unit in the sixth decimal of a percentage, plus the baseline's own rounding. */
  private static final double PHE_TOLERANCE = 1.5e-6;

  @Test
  void zValuesAreTheNormalQuantiles() {
    assertThat(FunnelLimits.Z_95, closeTo(1.959964, 1e-6));
    assertThat(FunnelLimits.Z_998, closeTo(3.090232, 1e-6));
  }

  @Test
  void meanFunnelMatchesReference() {
    FunnelLimits limits = FunnelLimits.forMean(21.0, 9.0, 100);
    assertThat(limits.limits95().lower(), closeTo(19.2360, 1e-4));
    assertThat(limits.limits95().upper(), closeTo(22.7640, 1e-4));
    assertThat(limits.limits998().lower(), closeTo(18.2188, 1e-4));
    assertThat(limits.limits998().upper(), closeTo(23.7812, 1e-4));
    assertThat(limits.target(), is(21.0));
    assertThat(limits.n(), is(100L));
  }

  @Test
  void meanFunnelNarrowsWithTheSquareRootOfN() {
    double wide = FunnelLimits.forMean(21.0, 9.0, 25).limits95().width();
    double narrow = FunnelLimits.forMean(21.0, 9.0, 100).limits95().width();
    assertThat(wide / narrow, closeTo(2.0, 1e-12));
  }

  @ParameterizedTest(name = "n = {0}")
  @CsvSource({
    // n, lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 % (percent)
    "1, 3.204264, 100, 0, 100",
    "2, 25.885383, 100, 0, 100",
    "3, 35.933491, 100, 10.150815, 100",
    "10, 56.154344, 100, 42.03259, 100",
    "18, 62.390093, 98.894803, 51.864359, 100",
    "41, 68.548635, 92.73626, 61.574398, 99.710497",
    "102, 72.974925, 88.309971, 68.553233, 92.731663",
    "1008, 78.203374, 83.081521, 76.796814, 84.488082",
    "110000, 80.408963, 80.875933, 80.274317, 81.010578",
  })
  void proportionFunnelReproducesPheTestData(
      long n, double lower95, double upper95, double lower998, double upper998) {
    FunnelLimits limits = FunnelLimits.forProportion(PHE_BASELINE, n);
    assertThat(100 * limits.limits95().lower(), closeTo(lower95, PHE_TOLERANCE));
    assertThat(100 * limits.limits95().upper(), closeTo(upper95, PHE_TOLERANCE));
    assertThat(100 * limits.limits998().lower(), closeTo(lower998, PHE_TOLERANCE));
    assertThat(100 * limits.limits998().upper(), closeTo(upper998, PHE_TOLERANCE));
  }

  @Test
  void proportionLimitAtNIsWhereTheWilsonIntervalReachesTheTarget() {
    // The upper 95 % limit is the observed proportion whose Wilson interval's lower end is p0.
    long n = 400;
    double p0 = 0.3;
    double limit = FunnelLimits.forProportion(p0, n).limits95().upper();
    double z = FunnelLimits.Z_95;
    double x = limit * n;
    double wilsonLower =
        (2 * x + z * z - z * Math.sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z));
    assertThat(wilsonLower, closeTo(p0, 1e-12));
  }

  @Test
  void proportionFunnelMatchesWilsonIntervalAtWholeCounts() {
    // The funnel flags exactly the whole counts whose own Wilson interval leaves out p0.
    long n = 200;
    double p0 = 0.5;
    FunnelLimits limits = FunnelLimits.forProportion(p0, n);
    for (long x = 0; x <= n; x++) {
      boolean outsideFunnel = !limits.limits95().contains((double) x / n);
      boolean wilsonExcludesTarget = !ProportionInterval.wilson(x, n, 0.95).contains(p0);
      assertThat("x = " + x, outsideFunnel, is(wilsonExcludesTarget));
    }
  }

  @Test
  void rejectsTargetProportionGivenAsPercent() {
    assertThrows(IllegalArgumentException.class, () -> FunnelLimits.forProportion(80.6, 10));
  }

  @Test
  void rejectsZeroN() {
    assertThrows(IllegalArgumentException.class, () -> FunnelLimits.forMean(21.0, 9.0, 0));
    assertThrows(IllegalArgumentException.class, () -> FunnelLimits.forProportion(0.5, 0));
  }
}
