package quebec.balises.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * An ordinary-least-squares fit (with intercept) accumulated row by row and mergeable in any order,
 * so that a provincial case-mix model is fitted by a Beam combiner without gathering its rows in
 * one place. It keeps only the triangular factor R of a QR decomposition of the design matrix
 * augmented with the outcome, {@code [1 x y] = Q·R} (the "tall-skinny QR" of Demmel et al. 2012):
 * stacking two such factors and factoring again gives the factor of the stacked rows. R holds
 * everything the fit needs — its top-left block solves for the coefficients and its column norms
 * are the design's — and it is as well-conditioned as the QR fit of {@link LinearModel#fit}, unlike
 * the normal equations.
 *
 * <p>Unlike {@link LinearModel#fit}, a column that is a linear combination of the columns before it
 * (a factor level absent from the period's data, or the last level of a factor whose every level
 * has a dummy) is not an error: it is aliased, its coefficient set to 0 and flagged, as R's {@code
 * lm} does. A provincial model must fit whatever levels a quarter happens to have.
 */
public final class LeastSquares implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Rows buffered before they are folded into the triangle. */
  private static final int BATCH = 256;

  private static final double DEPENDENCE_TOLERANCE = 1e-10;

  private final int covariates;
  private double[][] triangle;
  private final List<double[]> pending = new ArrayList<>();
  private long n;

  public LeastSquares(int covariates) {
    if (covariates < 0) {
      throw new IllegalArgumentException("covariates must not be negative, got " + covariates);
    }
    this.covariates = covariates;
    int width = covariates + 2;
    this.triangle = new double[width][width];
  }

  /** Adds one row: its covariates, in a fixed order, and its outcome. */
  public void add(double[] x, double y) {
    if (x.length != covariates) {
      throw new IllegalArgumentException("expected " + covariates + " covariates, got " + x.length);
    }
    double[] row = new double[covariates + 2];
    row[0] = 1;
    for (int j = 0; j < covariates; j++) {
      if (!Double.isFinite(x[j])) {
        throw new IllegalArgumentException("covariate " + j + " is not finite: " + x[j]);
      }
      row[j + 1] = x[j];
    }
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("outcome is not finite: " + y);
    }
    row[covariates + 1] = y;
    pending.add(row);
    n++;
    if (pending.size() >= BATCH) {
      fold(List.of());
    }
  }

  /** Merges another accumulation of the same covariates into this one. */
  public LeastSquares merge(LeastSquares other) {
    if (other.covariates != covariates) {
      throw new IllegalArgumentException(
          "cannot merge fits of " + other.covariates + " and " + covariates + " covariates");
    }
    List<double[]> rows = new ArrayList<>(other.pending);
    for (double[] row : other.triangle) {
      rows.add(row.clone());
    }
    fold(rows);
    n += other.n;
    return this;
  }

  public long n() {
    return n;
  }

  /**
   * The least-squares coefficients, intercept first, with aliased columns set to 0.
   *
   * @throws IllegalStateException when no rows were added
   */
  public LinearModel fit() {
    if (n == 0) {
      throw new IllegalStateException("cannot fit a model to no rows");
    }
    fold(List.of());
    int columns = covariates + 1;
    boolean[] aliased = new boolean[columns];
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < columns; j++) {
      double length = columnNorm(j);
      kept.add(j);
      RealMatrix candidate = columnsOf(kept);
      double diagonal =
          Math.abs(
              new QRDecomposition(candidate).getR().getEntry(kept.size() - 1, kept.size() - 1));
      if (length == 0 || diagonal <= DEPENDENCE_TOLERANCE * length) {
        aliased[j] = true;
        kept.remove(kept.size() - 1);
      }
    }
    double[] coefficients = new double[columns];
    if (!kept.isEmpty()) {
      double[] rhs = new double[columns];
      for (int i = 0; i < columns; i++) {
        rhs[i] = triangle[i][columns];
      }
      double[] b =
          new QRDecomposition(columnsOf(kept))
              .getSolver()
              .solve(new ArrayRealVector(rhs, false))
              .toArray();
      for (int k = 0; k < kept.size(); k++) {
        coefficients[kept.get(k)] = b[k];
      }
    }
    return new LinearModel(coefficients, aliased);
  }

  /** The Euclidean norm of design column {@code j}: Q is orthogonal, so R's column has it. */
  private double columnNorm(int j) {
    double sum = 0;
    for (int i = 0; i <= j; i++) {
      sum += triangle[i][j] * triangle[i][j];
    }
    return Math.sqrt(sum);
  }

  /** The design part of R restricted to {@code columns}: (p + 1) rows. */
  private RealMatrix columnsOf(List<Integer> columns) {
    int rows = covariates + 1;
    double[][] data = new double[rows][columns.size()];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < columns.size(); k++) {
        data[i][k] = triangle[i][columns.get(k)];
      }
    }
    return new Array2DRowRealMatrix(data, false);
  }

  /** Folds the pending rows, {@code more} rows and the current triangle into a new triangle. */
  private void fold(List<double[]> more) {
    if (pending.isEmpty() && more.isEmpty()) {
      return;
    }
    int width = covariates + 2;
    List<double[]> rows = new ArrayList<>(triangle.length + pending.size() + more.size());
    for (double[] row : triangle) {
      rows.add(row);
    }
    rows.addAll(pending);
    rows.addAll(more);
    RealMatrix r =
        new QRDecomposition(new Array2DRowRealMatrix(rows.toArray(new double[0][]), false)).getR();
    double[][] folded = new double[width][width];
    for (int i = 0; i < width; i++) {
      for (int j = i; j < width; j++) {
        folded[i][j] = r.getEntry(i, j);
      }
    }
    triangle = folded;
    pending.clear();
  }
}
