package quebec.balises.stats;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An ordinary-least-squares regression with an intercept: the national case-mix model of indirect
 * standardisation (docs/methods.md §1.4), post-op score on pre-op score and patient factors. A
 * categorical factor (age band, sex) is the caller's set of 0/1 dummy columns, one level left out
 * as the reference.
 *
 * <p>Fitted by a QR decomposition of the design matrix (commons-math3), not by solving the normal
 * equations XᵀX·b = Xᵀy: forming XᵀX squares the condition number, and a pre-op score near 40 next
 * to 0/1 dummies is already not well scaled. A design whose columns are linearly dependent (a dummy
 * for every level beside the intercept, or a factor constant in the data) has no unique solution
 * and is refused with the column named, rather than fitted to numerical noise.
 *
 * <p>A record of two arrays, so that the case-mix model holding it passes between stages coded
 * value by value ({@code RecordCoder}), not by Java serialization.
 */
public record LinearModel(double[] coefficients, boolean[] aliased) {
  /**
   * How small, relative to the column's own length, the part of a column that earlier columns do
   * not explain may be before it counts as a linear combination of them.
   */
  private static final double DEPENDENCE_TOLERANCE = 1e-10;

  /**
   * A model from its coefficients, intercept first, and whether each was aliased; the arrays are
   * copied.
   */
  public LinearModel {
    if (aliased.length != coefficients.length) {
      throw new IllegalArgumentException(
          coefficients.length + " coefficients but " + aliased.length + " aliased flags");
    }
    coefficients = coefficients.clone();
    aliased = aliased.clone();
  }

  private LinearModel(double[] coefficients) {
    this(coefficients, new boolean[coefficients.length]);
  }

  /**
   * Fits {@code y ≈ b0 + b1·x[i][0] + … + bk·x[i][k-1]}.
   *
   * @param x one row per patient, the same number of covariates in each (possibly none)
   * @param y the outcome, one per row of {@code x}
   * @throws IllegalArgumentException when the rows are ragged or not finite, there are fewer rows
   *     than coefficients, or a column depends linearly on the intercept and earlier columns
   */
  public static LinearModel fit(double[][] x, double[] y) {
    int rows = x.length;
    if (y.length != rows) {
      throw new IllegalArgumentException(
          "x has " + rows + " rows but y has " + y.length + " values");
    }
    if (rows == 0) {
      throw new IllegalArgumentException("cannot fit a model to no rows");
    }
    int covariates = x[0].length;
    int columns = covariates + 1;
    if (rows < columns) {
      throw new IllegalArgumentException(
          "need at least as many rows as the "
              + columns
              + " coefficients (intercept included), got "
              + rows);
    }
    double[][] design = new double[rows][columns];
    for (int i = 0; i < rows; i++) {
      if (x[i].length != covariates) {
        throw new IllegalArgumentException(
            "row " + i + " has " + x[i].length + " covariates, row 0 has " + covariates);
      }
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("y[" + i + "] is not finite: " + y[i]);
      }
      design[i][0] = 1;
      for (int j = 0; j < covariates; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("x[" + i + "][" + j + "] is not finite: " + x[i][j]);
        }
        design[i][j + 1] = x[i][j];
      }
    }
    RealMatrix matrix = new Array2DRowRealMatrix(design, false);
    QRDecomposition qr = new QRDecomposition(matrix);
    RealMatrix r = qr.getR();
    for (int j = 0; j < columns; j++) {
      double length = matrix.getColumnVector(j).getNorm();
      if (length == 0 || Math.abs(r.getEntry(j, j)) <= DEPENDENCE_TOLERANCE * length) {
        throw new IllegalArgumentException(
            (j == 0 ? "the intercept" : "covariate column " + (j - 1))
                + " is a linear combination of the columns before it (a dummy for every level of"
                + " a factor, or a factor constant in the data?): the model has no unique fit");
      }
    }
    double[] b = qr.getSolver().solve(new ArrayRealVector(y, false)).toArray();
    return new LinearModel(b);
  }

  /** The prediction for one patient's covariates, in the order they were fitted. */
  public double predict(double[] x) {
    if (x.length != coefficients.length - 1) {
      throw new IllegalArgumentException(
          "the model has " + (coefficients.length - 1) + " covariates, got " + x.length);
    }
    double value = coefficients[0];
    for (int j = 0; j < x.length; j++) {
      value += coefficients[j + 1] * x[j];
    }
    return value;
  }

  /** The intercept first, then one coefficient per covariate column; a copy. */
  public double[] coefficients() {
    return coefficients.clone();
  }

  /**
   * Whether each coefficient (intercept first) was left out of a {@link LeastSquares} fit as a
   * linear combination of the columns before it, with its coefficient set to 0; a copy.
   */
  public boolean[] aliased() {
    return aliased.clone();
  }

  public double intercept() {
    return coefficients[0];
  }

  /** Equal when the coefficients and the aliased flags are, value by value. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof LinearModel model
        && Arrays.equals(coefficients, model.coefficients)
        && Arrays.equals(aliased, model.aliased);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(coefficients) + Arrays.hashCode(aliased);
  }

  @Override
  public String toString() {
    return "LinearModel" + Arrays.toString(coefficients);
  }
}
