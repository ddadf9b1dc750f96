package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Primary suppression of counts from 1 to 4 (CIHI, docs/methods.md §2 and §8), both sides of each
 * edge.
 */
class SmallCellRuleTest {
  private static final SmallCellRule RULE = SmallCellRule.DEFAULT;

  @ParameterizedTest(name = "{0} of {1} → suppressed {2}")
  @CsvSource({
    // the denominator
    "0, 4, true",
    "0, 5, false",
    "0, 1, true",
    // the numerator
    "4, 100, true",
    "5, 100, false",
    "1, 100, true",
    "0, 100, false",
    // the complement
    "96, 100, true",
    "95, 100, false",
    "99, 100, true",
    "100, 100, false",
    // all three fine
    "20, 40, false",
    // no figure at all
    "0, 0, false",
  })
  void suppressesProportionsWithASmallDenominatorNumeratorOrComplement(
      long numerator, long denominator, boolean suppressed) {
    assertThat(RULE.suppress(numerator, denominator), is(suppressed));
  }

  @ParameterizedTest(name = "n = {0} → suppressed {1}")
  @CsvSource({"0, false", "1, true", "4, true", "5, false", "30, false"})
  void suppressesMeansOverASmallN(long n, boolean suppressed) {
    assertThat(RULE.suppress(n), is(suppressed));
  }

  @Test
  void zeroIsNeverASmallCell() {
    assertThat(RULE.isSmall(0), is(false));
  }

  @Test
  void thresholdIsConfigurable() {
    SmallCellRule nhsDigital = new SmallCellRule(8);
    assertThat(nhsDigital.suppress(7), is(true));
    assertThat(nhsDigital.suppress(8), is(false));
    assertThat(nhsDigital.suppress(7, 100), is(true));
    assertThat(nhsDigital.suppress(93, 100), is(true));
    assertThat(nhsDigital.suppress(92, 100), is(false));
  }

  @Test
  void defaultThresholdIsFive() {
    assertThat(RULE.threshold(), is(5L));
  }

  @Test
  void thresholdOfOneSuppressesNothing() {
    SmallCellRule none = new SmallCellRule(1);
    assertThat(none.suppress(1, 2), is(false));
    assertThat(none.suppress(1), is(false));
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThrows(IllegalArgumentException.class, () -> RULE.suppress(6, 5));
    assertThrows(IllegalArgumentException.class, () -> RULE.suppress(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> RULE.suppress(-1));
    assertThrows(IllegalArgumentException.class, () -> new SmallCellRule(0));
  }
}
