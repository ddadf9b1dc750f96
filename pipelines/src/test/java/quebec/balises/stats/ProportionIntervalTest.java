package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Wilson score intervals against docs/methods.md §9. */
class ProportionIntervalTest {

  @Test
  void sixtyFiveOfOneHundredMatchesReference() {
    Interval interval = ProportionInterval.wilson(65, 100, 0.95);
    assertThat(interval.lower(), closeTo(0.552544, 1e-6));
    assertThat(interval.upper(), closeTo(0.736358, 1e-6));
  }

  @Test
  void zeroOfTenStartsAtZeroAndStillHasWidth() {
    Interval interval = ProportionInterval.wilson(0, 10, 0.95);
    assertThat(interval.lower(), is(0.0));
    assertThat(interval.upper(), closeTo(0.277533, 1e-6));
  }

  @Test
  void allOfTenMirrorsNoneOfTen() {
    Interval none = ProportionInterval.wilson(0, 10, 0.95);
    Interval all = ProportionInterval.wilson(10, 10, 0.95);
    assertThat(all.upper(), is(1.0));
    assertThat(all.lower(), closeTo(1 - none.upper(), 1e-12));
  }

  @Test
  void higherConfidenceWidensTheIntervalUsingTheNormalQuantile() {
    Interval ninetyFive = ProportionInterval.wilson(65, 100, 0.95);
    Interval ninetyNineEight = ProportionInterval.wilson(65, 100, 0.998);
    assertThat(ninetyNineEight.lower(), lessThan(ninetyFive.lower()));
    assertThat(ninetyNineEight.upper(), greaterThan(ninetyFive.upper()));
    // The formula with z = qnorm(0.999) = 3.090232, worked by hand.
    double z = 3.090232306167813;
    double spread = z * Math.sqrt(z * z + 4 * 65 * (1 - 0.65));
    double scale = 2 * (100 + z * z);
    assertThat(ninetyNineEight.lower(), closeTo((130 + z * z - spread) / scale, 1e-12));
    assertThat(ninetyNineEight.upper(), closeTo((130 + z * z + spread) / scale, 1e-12));
  }

  @Test
  void rejectsNumeratorAboveDenominator() {
    assertThrows(IllegalArgumentException.class, () -> ProportionInterval.wilson(11, 10, 0.95));
  }

  @Test
  void rejectsZeroDenominator() {
    assertThrows(IllegalArgumentException.class, () -> ProportionInterval.wilson(0, 0, 0.95));
  }

  @Test
  void rejectsConfidenceGivenAsPercent() {
    assertThrows(IllegalArgumentException.class, () -> ProportionInterval.wilson(65, 100, 95));
  }
}
