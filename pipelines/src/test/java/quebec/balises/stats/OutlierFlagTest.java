package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Funnel placement, on the docs/methods.md §9 mean funnel: 95 % (19.2360, 22.7640), 99.8 %
 * (18.2188, 23.7812).
 */
class OutlierFlagTest {
  private static final FunnelLimits LIMITS = FunnelLimits.forMean(21.0, 9.0, 100);

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "30.0, ABOVE_998",
    "23.79, ABOVE_998",
    "23.78, ABOVE_95",
    "22.77, ABOVE_95",
    "22.76, WITHIN",
    "21.0, WITHIN",
    "19.24, WITHIN",
    "19.23, BELOW_95",
    "18.22, BELOW_95",
    "18.21, BELOW_998",
    "-5.0, BELOW_998",
  })
  void classifiesAgainstBothLevels(double value, OutlierFlag expected) {
    assertThat(OutlierFlag.classify(value, LIMITS), is(expected));
    assertThat(LIMITS.classify(value), is(expected));
  }

  @Test
  void aValueExactlyOnALimitIsNotBeyondIt() {
    assertThat(LIMITS.classify(LIMITS.limits95().upper()), is(OutlierFlag.WITHIN));
    assertThat(LIMITS.classify(LIMITS.limits998().lower()), is(OutlierFlag.BELOW_95));
  }

  @Test
  void aZeroProportionOnAClippedLimitIsAnAlertNotAnAlarm() {
    FunnelLimits small = FunnelLimits.forProportion(0.8, 2);
    assertThat(small.limits998().lower(), is(0.0));
    assertThat(small.classify(0.0), is(OutlierFlag.BELOW_95));
    assertThat(small.classify(1.0), is(OutlierFlag.WITHIN));
  }

  @Test
  void codesAreLowerSnakeCase() {
    assertThat(OutlierFlag.ABOVE_998.code(), is("above_998"));
    assertThat(OutlierFlag.ABOVE_95.code(), is("above_95"));
    assertThat(OutlierFlag.WITHIN.code(), is("within"));
    assertThat(OutlierFlag.BELOW_95.code(), is("below_95"));
    assertThat(OutlierFlag.BELOW_998.code(), is("below_998"));
  }

  @Test
  void rejectsNaN() {
    assertThrows(IllegalArgumentException.class, () -> LIMITS.classify(Double.NaN));
  }
}
