package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The mergeable fit gives the coefficients of the one-shot QR fit, however its rows are split and
 * merged, and aliases what the one-shot fit refuses.
 */
class LeastSquaresTest {

  @Test
  void handComputedSlopeFromRowsAddedOneByOne() {
    // As LinearModelTest: slope 0.8, intercept 1.5.
    LeastSquares fit = new LeastSquares(1);
    double[][] x = {{1}, {2}, {3}, {4}};
    double[] y = {2, 3, 5, 4};
    for (int i = 0; i < x.length; i++) {
      fit.add(x[i], y[i]);
    }
    LinearModel model = fit.fit();
    assertThat(model.intercept(), closeTo(1.5, 1e-12));
    assertThat(model.coefficients()[1], closeTo(0.8, 1e-12));
    assertThat(fit.n(), is(4L));
  }

  @Test
  void anySplitAndMergeOrderGivesTheOneShotFit() {
    Random random = new Random(7);
    int rows = 1_000;
    double[][] x = new double[rows][3];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      x[i][0] = 30 + 40 * random.nextDouble(); // a baseline score
      x[i][1] = random.nextInt(2); // a dummy
      x[i][2] = random.nextGaussian();
      y[i] = 20 + 0.7 * x[i][0] - 3 * x[i][1] + 2 * x[i][2] + 8 * random.nextGaussian();
    }
    double[] expected = LinearModel.fit(x, y).coefficients();
    double[] first = null;
    for (int trial = 0; trial < 5; trial++) {
      List<LeastSquares> parts = new ArrayList<>();
      int start = 0;
      while (start < rows) {
        int end = Math.min(rows, start + 1 + random.nextInt(400));
        LeastSquares part = new LeastSquares(3);
        for (int i = start; i < end; i++) {
          part.add(x[i], y[i]);
        }
        parts.add(part);
        start = end;
      }
      Collections.shuffle(parts, random);
      LeastSquares merged = new LeastSquares(3);
      for (LeastSquares part : parts) {
        merged.merge(part);
      }
      double[] b = merged.fit().coefficients();
      for (int j = 0; j < expected.length; j++) {
        assertThat("trial " + trial + " b" + j, b[j], closeTo(expected[j], 1e-9));
      }
      assertThat(merged.n(), is((long) rows));
      // Exact sums: every split and order gives the same coefficients to the last bit.
      if (first == null) {
        first = b;
      }
      assertThat("trial " + trial, Arrays.equals(b, first), is(true));
    }
  }

  @Test
  void aLevelAbsentFromTheDataIsAliasedAndTheRestFitAsWithoutIt() {
    // Dummies for levels a, b, c of one factor; c never occurs, b is the last present level.
    double[][] x = {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}};
    double[] y = {3, 5, 10, 12, 14};
    LeastSquares fit = new LeastSquares(3);
    for (int i = 0; i < x.length; i++) {
      fit.add(x[i], y[i]);
    }
    LinearModel model = fit.fit();
    // With intercept, a and b together equal the intercept: b is aliased too, a is a − b.
    assertThat(Arrays.toString(model.aliased()), is("[false, false, true, true]"));
    double[] b = model.coefficients();
    assertThat(b[0], closeTo(12, 1e-12));
    assertThat(b[1], closeTo(-8, 1e-12));
    assertThat(b[2], is(0.0));
    assertThat(b[3], is(0.0));
    assertThat(model.predict(new double[] {1, 0, 0}), closeTo(4, 1e-12));
    assertThat(model.predict(new double[] {0, 1, 0}), closeTo(12, 1e-12));
  }

  @Test
  void refusesWhatCannotBeFitted() {
    assertThrows(IllegalStateException.class, () -> new LeastSquares(2).fit());
    LeastSquares fit = new LeastSquares(2);
    assertThrows(IllegalArgumentException.class, () -> fit.add(new double[] {1}, 1));
    assertThrows(IllegalArgumentException.class, () -> fit.add(new double[] {1, Double.NaN}, 1));
    assertThrows(IllegalArgumentException.class, () -> fit.merge(new LeastSquares(3)));
  }

  @Test
  void anAccumulationWrittenAndReadBackFitsAndMergesAsTheOriginal() throws Exception {
    LeastSquares fit = new LeastSquares(1);
    fit.add(new double[] {1}, 2);
    fit.add(new double[] {2}, 3);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    LeastSquares.encode(fit, out);
    java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(out.toByteArray());
    LeastSquares back = LeastSquares.decode(in);
    assertThat(in.available(), is(0));
    assertThat(back.n(), is(2L));

    for (LeastSquares either : List.of(fit, back)) {
      either.add(new double[] {3}, 5);
      either.add(new double[] {4}, 4);
    }
    assertThat(back.fit(), is(fit.fit()));
    assertThat(back.fit().coefficients()[1], closeTo(0.8, 1e-12));
  }
}
