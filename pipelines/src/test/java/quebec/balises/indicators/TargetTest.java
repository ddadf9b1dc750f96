package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.Target.Comparator;
import quebec.balises.indicators.Target.Status;

/**
 * Whether a figure meets its target, read on its 95% interval: met only when the whole interval is
 * on the side that meets it, not met when the whole interval is on the other side, and not
 * assessable otherwise. Each boundary is worked out by hand.
 */
class TargetTest {
  static Target target(double value, Comparator comparator) {
    return new Target(
        "t",
        "hip-scb",
        "province",
        null,
        "Québec",
        value,
        comparator,
        LocalDate.of(2024, 1, 1),
        LocalDate.of(2027, 12, 31),
        "Comité",
        LocalDate.of(2026, 11, 18),
        "fr",
        "en",
        "pourquoi",
        "why",
        "t.json");
  }

  @Test
  void atLeastIsMetOnlyWhenTheLowerBoundReachesTheTarget() {
    Target t = target(0.40, Comparator.AT_LEAST);
    // 0.468 [0.419, 0.519]: the whole interval is above 0.40.
    assertThat(t.assess(0.468, 0.419, 0.519), is(Status.MET));
    // A lower bound exactly on the target still meets ">=".
    assertThat(t.assess(0.45, 0.40, 0.50), is(Status.MET));
    // The interval holds the target: chance alone could put the figure on either side.
    assertThat(t.assess(0.45, 0.399, 0.50), is(Status.NOT_ASSESSABLE));
    // The value misses the target but the interval still reaches it: not assessable either.
    assertThat(t.assess(0.38, 0.33, 0.41), is(Status.NOT_ASSESSABLE));
    // 0.332 [0.287, 0.377]: wholly below.
    assertThat(t.assess(0.332, 0.287, 0.377), is(Status.NOT_MET));
  }

  @Test
  void moreThanIsNotMetWhenTheUpperBoundEqualsTheTarget() {
    Target t = target(0.40, Comparator.MORE_THAN);
    assertThat(t.assess(0.45, 0.40, 0.50), is(Status.NOT_ASSESSABLE));
    assertThat(t.assess(0.45, 0.4001, 0.50), is(Status.MET));
    assertThat(t.assess(0.35, 0.30, 0.40), is(Status.NOT_MET));
  }

  @Test
  void atMostReadsTheOtherWay() {
    Target t = target(0.50, Comparator.AT_MOST);
    assertThat(t.assess(0.42, 0.37, 0.50), is(Status.MET));
    assertThat(t.assess(0.48, 0.44, 0.52), is(Status.NOT_ASSESSABLE));
    assertThat(t.assess(0.60, 0.5001, 0.70), is(Status.NOT_MET));
    Target strictly = target(0.50, Comparator.LESS_THAN);
    assertThat(strictly.assess(0.42, 0.37, 0.50), is(Status.NOT_ASSESSABLE));
    assertThat(strictly.assess(0.60, 0.50, 0.70), is(Status.NOT_MET));
  }

  @Test
  void aFigureWithoutValueOrIntervalIsNotAssessable() {
    Target t = target(25, Comparator.AT_LEAST);
    assertThat(t.assess(null, null, null), is(Status.NOT_ASSESSABLE));
    // A mean of one person has a value but no interval.
    assertThat(t.assess(40.0, null, null), is(Status.NOT_ASSESSABLE));
  }
}
