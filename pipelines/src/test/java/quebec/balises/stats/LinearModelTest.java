package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Least squares on datasets whose coefficients are known exactly or worked by hand. */
class LinearModelTest {

  @Test
  void recoversExactCoefficientsWithoutNoise() {
    // y = 1 + 2a − 3b on a non-orthogonal design.
    double[][] x = {{0, 0}, {1, 0}, {0, 1}, {2, 1}, {3, 5}, {-1, 2}, {4, -2}};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 1 + 2 * x[i][0] - 3 * x[i][1];
    }
    double[] b = LinearModel.fit(x, y).coefficients();
    assertThat(b[0], closeTo(1, 1e-9));
    assertThat(b[1], closeTo(2, 1e-9));
    assertThat(b[2], closeTo(-3, 1e-9));
  }

  @Test
  void simpleRegressionMatchesHandComputedSlope() {
    // x̄ = 2.5, ȳ = 3.5, Sxy = 4, Sxx = 5: slope 0.8, intercept 3.5 − 0.8·2.5 = 1.5.
    LinearModel model =
        LinearModel.fit(new double[][] {{1}, {2}, {3}, {4}}, new double[] {2, 3, 5, 4});
    assertThat(model.intercept(), closeTo(1.5, 1e-12));
    assertThat(model.coefficients()[1], closeTo(0.8, 1e-12));
    assertThat(model.predict(new double[] {10}), closeTo(9.5, 1e-12));
  }

  @Test
  void noisyOrthogonalDesignMatchesHandComputedCoefficients() {
    // A 2×2 factorial in ±1: columns are orthogonal, so b0 = mean(y), b_a = Σa·y/4, b_b = Σb·y/4.
    // b0 = (2.1 + 5.8 − 4.1 + 0.2)/4 = 1.0; b_a = (−2.1 + 5.8 + 4.1 + 0.2)/4 = 2.0;
    // b_b = (−2.1 − 5.8 − 4.1 + 0.2)/4 = −2.95. Residuals ±0.15, so the fit is not exact.
    double[][] x = {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}};
    double[] y = {2.1, 5.8, -4.1, 0.2};
    LinearModel model = LinearModel.fit(x, y);
    double[] b = model.coefficients();
    assertThat(b[0], closeTo(1.0, 1e-12));
    assertThat(b[1], closeTo(2.0, 1e-12));
    assertThat(b[2], closeTo(-2.95, 1e-12));
    assertThat(model.predict(x[0]), closeTo(1.95, 1e-12));
  }

  @Test
  void dummyCoefficientIsTheDifferenceInGroupMeans() {
    // Reference group {3, 5} (mean 4), other group {10, 12, 14} (mean 12).
    double[][] x = {{0}, {0}, {1}, {1}, {1}};
    double[] y = {3, 5, 10, 12, 14};
    double[] b = LinearModel.fit(x, y).coefficients();
    assertThat(b[0], closeTo(4, 1e-12));
    assertThat(b[1], closeTo(8, 1e-12));
  }

  @Test
  void refusesADummyForEveryLevelBesideTheIntercept() {
    double[][] x = {{1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}};
    double[] y = {3, 5, 10, 12, 14};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LinearModel.fit(x, y));
    assertThat(e.getMessage(), containsString("covariate column 1"));
  }

  @Test
  void refusesAFactorConstantInTheData() {
    double[][] x = {{1, 2}, {1, 3}, {1, 5}, {1, 7}};
    double[] y = {1, 2, 3, 4};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LinearModel.fit(x, y));
    assertThat(e.getMessage(), containsString("covariate column 0"));
  }

  @Test
  void refusesRaggedRowsAndMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LinearModel.fit(new double[][] {{1, 2}, {3}, {4, 5}}, new double[] {1, 2, 3}));
    assertThrows(
        IllegalArgumentException.class,
        () -> LinearModel.fit(new double[][] {{1}, {2}, {3}}, new double[] {1, 2}));
  }

  @Test
  void refusesFewerRowsThanCoefficients() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LinearModel.fit(new double[][] {{1, 2}, {3, 4}}, new double[] {1, 2}));
  }

  @Test
  void predictRefusesTheWrongNumberOfCovariates() {
    LinearModel model = LinearModel.fit(new double[][] {{1}, {2}, {3}}, new double[] {1, 2, 3});
    assertThrows(IllegalArgumentException.class, () -> model.predict(new double[] {1, 2}));
  }
}
