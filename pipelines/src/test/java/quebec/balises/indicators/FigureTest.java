package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import quebec.balises.stats.SmallCellRule;

/** Figures worked out by hand from methods.md §9's reference values. */
class FigureTest {
  private static final PublicationRules RULES = PublicationRules.DEFAULT;

  @Test
  void aProportionCarriesItsWilsonInterval() {
    CellAccumulator cell = new CellAccumulator();
    for (int i = 0; i < 100; i++) {
      cell.addProportion(i < 65);
    }
    Figure figure = Figure.of(IndicatorDefinition.Scoring.PROPORTION, cell, RULES);
    assertThat(figure.value(), is(0.65));
    assertThat(figure.n(), is(100L));
    assertThat(figure.numerator(), is(65L));
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
    PublicationRules fromFive = new PublicationRules(SmallCellRule.DEFAULT, 5, 30);
    Figure figure = Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, cell, fromFive);
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
  void modelledRowsMergeToTheirObservedExpectedAndResidualSpread() {
    // Residuals 2, 4 and 9: mean 5, sample sd sqrt(((−3)² + (−1)² + 4²)/2) = sqrt(13).
    CellAccumulator left = new CellAccumulator();
    CellAccumulator right = new CellAccumulator();
    left.add(Contribution.modelled(30, 80, 78));
    right.add(Contribution.modelled(20, 70, 66));
    right.add(Contribution.modelled(25, 90, 81));
    right.add(Contribution.observation(10));
    CellAccumulator merged = left.merge(right);
    assertThat(merged.n(), is(4L));
    assertThat(merged.modelled(), is(3L));
    assertThat(merged.observedMean(), closeTo(80, 1e-12));
    assertThat(merged.predictedMean(), closeTo(75, 1e-12));
    assertThat(merged.residualSd(), closeTo(Math.sqrt(13), 1e-12));
  }

  @Test
  void smallCountsAreSuppressedWithNoValueNoIntervalAndNoSmallN() {
    CellAccumulator fourInNumerator = new CellAccumulator();
    for (int i = 0; i < 50; i++) {
      fourInNumerator.addProportion(i < 4);
    }
    Figure figure = Figure.of(IndicatorDefinition.Scoring.PROPORTION, fourInNumerator, RULES);
    assertThat(figure.suppression(), is(Figure.SUPPRESSED));
    assertThat(figure.value(), nullValue());
    assertThat(figure.lower(), nullValue());
    assertThat(figure.numerator(), nullValue());
    assertThat("50 is not a small count", figure.n(), is(50L));

    CellAccumulator four = new CellAccumulator();
    for (int i = 0; i < 4; i++) {
      four.addObservation(i);
    }
    Figure ofFour = Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, four, RULES);
    assertThat(ofFour.suppression(), is(Figure.SUPPRESSED));
    assertThat("a small n is itself withheld", ofFour.n(), nullValue());
  }

  @Test
  void belowTheMinimumNTheNIsShownAndTheValueWithheld() {
    CellAccumulator nine = new CellAccumulator();
    CellAccumulator ten = new CellAccumulator();
    for (int i = 0; i < 10; i++) {
      if (i < 9) {
        nine.addObservation(i);
      }
      ten.addObservation(i);
    }
    Figure ofNine = Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, nine, RULES);
    assertThat(ofNine.suppression(), is(Figure.SUPPRESSED));
    assertThat(ofNine.n(), is(9L));
    assertThat(ofNine.value(), nullValue());
    Figure ofTen = Figure.of(IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE, ten, RULES);
    assertThat(ofTen.suppressed(), is(false));
    assertThat(ofTen.value(), closeTo(4.5, 1e-12));

    CellAccumulator noneOfNine = new CellAccumulator();
    for (int i = 0; i < 9; i++) {
      noneOfNine.addProportion(false);
    }
    // 0 of 9: no small count (0 is not small), but below the minimum n.
    assertThat(
        Figure.of(IndicatorDefinition.Scoring.PROPORTION, noneOfNine, RULES).suppression(),
        is(Figure.SUPPRESSED));
  }
}
