package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import quebec.balises.stats.SmallCellRule;

/** Figures worked out by hand from methods.md §9's reference values. */
class FigureTest {
  @Test
  void aProportionCarriesItsWilsonInterval() {
    CellAccumulator cell = new CellAccumulator();
    for (int i = 0; i < 100; i++) {
      cell.addProportion(i < 65);
    }
    Figure figure = Figure.of(IndicatorDefinition.Scoring.PROPORTION, cell, SmallCellRule.DEFAULT);
    assertThat(figure.value(), is(0.65));
    assertThat(figure.lower(), closeTo(0.552544, 1e-6));
    assertThat(figure.upper(), closeTo(0.736358, 1e-6));
    assertThat(figure.suppressed(), is(false));
  }

  @Test
  void aMeanCarriesItsStudentInterval() {
    CellAccumulator cell = new CellAccumulator();
    for (double v : new double[] {10, 12, 14, 16, 18}) {
      cell.addObservation(v);
    }
    Figure figure =
        Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, cell, SmallCellRule.DEFAULT);
    assertThat(figure.value(), closeTo(14.0, 1e-12));
    assertThat(figure.lower(), closeTo(10.0735, 1e-4));
    assertThat(figure.upper(), closeTo(17.9265, 1e-4));
  }

  @Test
  void accumulatorsMergeInAnyOrderToTheSameFigure() {
    CellAccumulator left = new CellAccumulator();
    CellAccumulator right = new CellAccumulator();
    left.addObservation(10);
    left.addObservation(12);
    right.addObservation(14);
    right.addObservation(16);
    right.addObservation(18);
    CellAccumulator merged = left.merge(right);
    assertThat(merged.n(), is(5L));
    assertThat(merged.mean(), closeTo(14.0, 1e-12));
    assertThat(merged.sd(), closeTo(Math.sqrt(10.0), 1e-12));
  }

  @Test
  void smallCountsAreSuppressedWithNoValueAndNoInterval() {
    CellAccumulator fourInNumerator = new CellAccumulator();
    for (int i = 0; i < 50; i++) {
      fourInNumerator.addProportion(i < 4);
    }
    Figure figure =
        Figure.of(IndicatorDefinition.Scoring.PROPORTION, fourInNumerator, SmallCellRule.DEFAULT);
    assertThat(figure.suppressed(), is(true));
    assertThat(figure.value(), nullValue());
    assertThat(figure.lower(), nullValue());
    assertThat(figure.numerator(), nullValue());

    CellAccumulator four = new CellAccumulator();
    for (int i = 0; i < 4; i++) {
      four.addObservation(i);
    }
    assertThat(
        Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, four, SmallCellRule.DEFAULT)
            .suppressed(),
        is(true));
    CellAccumulator five = new CellAccumulator();
    for (int i = 0; i < 5; i++) {
      five.addObservation(i);
    }
    assertThat(
        Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, five, SmallCellRule.DEFAULT)
            .suppressed(),
        is(false));
  }
}
