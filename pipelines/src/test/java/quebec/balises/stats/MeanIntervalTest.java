package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Student t intervals for a mean against docs/methods.md §9. */
class MeanIntervalTest {

  @Test
  void fiveEvenlySpacedValuesMatchReference() {
    Interval interval = MeanInterval.student(new double[] {10, 12, 14, 16, 18}, 0.95).orElseThrow();
    assertThat(interval.lower(), closeTo(10.0735, 1e-4));
    assertThat(interval.upper(), closeTo(17.9265, 1e-4));
  }

  @Test
  void usesTheStudentQuantileNotTheNormalOne() {
    // mean 14, sd √10, n 5: half-width = qt(0.975, 4) · √10 / √5 = 2.776445 · √2.
    Interval interval = MeanInterval.student(new double[] {10, 12, 14, 16, 18}, 0.95).orElseThrow();
    assertThat(interval.upper() - 14, closeTo(2.7764451051977934 * Math.sqrt(2), 1e-9));
  }

  @Test
  void summaryGivesTheSameIntervalAsTheValues() {
    Interval fromSummary = MeanInterval.student(5, 14, Math.sqrt(10), 0.95).orElseThrow();
    Interval fromValues =
        MeanInterval.student(new double[] {10, 12, 14, 16, 18}, 0.95).orElseThrow();
    assertThat(fromSummary.lower(), closeTo(fromValues.lower(), 1e-12));
    assertThat(fromSummary.upper(), closeTo(fromValues.upper(), 1e-12));
  }

  @Test
  void fewerThanTwoValuesHaveNoInterval() {
    assertThat(MeanInterval.student(new double[] {42}, 0.95), is(Optional.empty()));
    assertThat(MeanInterval.student(new double[] {}, 0.95), is(Optional.empty()));
    assertThat(MeanInterval.student(1, 42, 0, 0.95), is(Optional.empty()));
  }

  @Test
  void twoValuesHaveAnInterval() {
    // mean 15, sd √50, qt(0.975, 1) = 12.706205: half-width 12.706205 · 5.
    Interval interval = MeanInterval.student(new double[] {10, 20}, 0.95).orElseThrow();
    assertThat(interval.lower(), closeTo(15 - 12.706204736174694 * 5, 1e-8));
  }

  @Test
  void identicalValuesGiveAZeroWidthInterval() {
    Interval interval = MeanInterval.student(new double[] {7, 7, 7}, 0.95).orElseThrow();
    assertThat(interval.lower(), is(7.0));
    assertThat(interval.upper(), is(7.0));
  }

  @Test
  void rejectsMissingValuesPassedAsNaN() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MeanInterval.student(new double[] {1, Double.NaN, 3}, 0.95));
  }
}
