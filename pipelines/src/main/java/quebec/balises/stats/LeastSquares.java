package quebec.balises.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * An ordinary-least-squares fit (with intercept) accumulated row by row and mergeable in any order,
 * so that a provincial case-mix model is fitted by a Beam combiner without gathering its rows in
 * one place.
 *
 * <p>It accumulates the cross-products of the augmented design {@code A = [1 x y]} exactly ({@link
 * ExactSum}): merged in any order, by any runner, the sums are the same to the last bit, and so is
 * the model, the predictions made with it and the adjusted figures published from them. The fit
 * factors the exact {@code AᵀA} once, by a Cholesky decomposition in 40-digit arithmetic, into the
 * triangular factor R of {@code A = Q·R} (the factor a QR decomposition of A would give, up to
 * signs); R's top-left block solves for the coefficients. Forming {@code AᵀA} squares the design's
 * condition number, which the 40 digits absorb: a case-mix design (a score and dummies) loses a
 * handful of them, not the 16 of a double.
 *
 * <p>Unlike {@link LinearModel#fit}, a column that is a linear combination of the columns before it
 * (a factor level absent from the period's data, or the last level of a factor whose every level
 * has a dummy) is not an error: it is aliased, its coefficient set to 0 and flagged, as R's {@code
 * lm} does. A provincial model must fit whatever levels a quarter happens to have.
 */
public final class LeastSquares {
  private static final double DEPENDENCE_TOLERANCE = 1e-10;

  private final int covariates;
  private final int width;

  /** The upper triangle of AᵀA, row by row, exact. */
  private final BigDecimal[] crossProducts;

  private long n;

  public LeastSquares(int covariates) {
    if (covariates < 0) {
      throw new IllegalArgumentException("covariates must not be negative, got " + covariates);
    }
    this.covariates = covariates;
    this.width = covariates + 2;
    this.crossProducts = new BigDecimal[width * (width + 1) / 2];
    Arrays.fill(crossProducts, BigDecimal.ZERO);
  }

  private int index(int i, int j) {
    return i * width - i * (i - 1) / 2 + (j - i);
  }

  /** Adds one row: its covariates, in a fixed order, and its outcome. */
  public void add(double[] x, double y) {
    if (x.length != covariates) {
      throw new IllegalArgumentException("expected " + covariates + " covariates, got " + x.length);
    }
    BigDecimal[] row = new BigDecimal[width];
    row[0] = BigDecimal.ONE;
    for (int j = 0; j < covariates; j++) {
      if (!Double.isFinite(x[j])) {
        throw new IllegalArgumentException("covariate " + j + " is not finite: " + x[j]);
      }
      row[j + 1] = ExactSum.exact(x[j]);
    }
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("outcome is not finite: " + y);
    }
    row[width - 1] = ExactSum.exact(y);
    for (int i = 0; i < width; i++) {
      if (row[i].signum() == 0) {
        continue; // most covariates are dummies, most of them 0
      }
      for (int j = i; j < width; j++) {
        if (row[j].signum() != 0) {
          int k = index(i, j);
          crossProducts[k] = crossProducts[k].add(row[i].multiply(row[j]));
        }
      }
    }
    n++;
  }

  /** Merges another accumulation of the same covariates into this one. */
  public LeastSquares merge(LeastSquares other) {
    if (other.covariates != covariates) {
      throw new IllegalArgumentException(
          "cannot merge fits of " + other.covariates + " and " + covariates + " covariates");
    }
    for (int k = 0; k < crossProducts.length; k++) {
      crossProducts[k] = crossProducts[k].add(other.crossProducts[k]);
    }
    n += other.n;
    return this;
  }

  public long n() {
    return n;
  }

  /**
   * Writes an accumulation as a combiner passes it between workers: the covariates, the rows, then
   * every exact cross-product ({@link ExactSum#encode}).
   */
  public static void encode(LeastSquares fit, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(fit.covariates);
    data.writeLong(fit.n);
    for (BigDecimal crossProduct : fit.crossProducts) {
      ExactSum.encode(crossProduct, out);
    }
  }

  /** Reads back what {@link #encode} wrote. */
  public static LeastSquares decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    LeastSquares fit = new LeastSquares(data.readInt());
    fit.n = data.readLong();
    for (int k = 0; k < fit.crossProducts.length; k++) {
      fit.crossProducts[k] = ExactSum.decode(in);
    }
    return fit;
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
    double[][] triangle = triangle();
    int columns = covariates + 1;
    boolean[] aliased = new boolean[columns];
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < columns; j++) {
      double length = columnNorm(triangle, j);
      kept.add(j);
      RealMatrix candidate = columnsOf(triangle, kept);
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
          new QRDecomposition(columnsOf(triangle, kept))
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
  private static double columnNorm(double[][] triangle, int j) {
    double sum = 0;
    for (int i = 0; i <= j; i++) {
      sum += triangle[i][j] * triangle[i][j];
    }
    return Math.sqrt(sum);
  }

  /** The design part of R restricted to {@code columns}: (p + 1) rows. */
  private RealMatrix columnsOf(double[][] triangle, List<Integer> columns) {
    int rows = covariates + 1;
    double[][] data = new double[rows][columns.size()];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < columns.size(); k++) {
        data[i][k] = triangle[i][columns.get(k)];
      }
    }
    return new Array2DRowRealMatrix(data, false);
  }

  /**
   * R with {@code RᵀR = AᵀA}, upper triangular with a non-negative diagonal, by Cholesky in
   * 40-digit arithmetic. A column whose remaining length is negligible against its own (it depends
   * on the columns before it) gets a zero row, as a QR decomposition of A would give it.
   */
  private double[][] triangle() {
    MathContext mc = ExactSum.PRECISION;
    BigDecimal[][] r = new BigDecimal[width][width];
    for (BigDecimal[] row : r) {
      Arrays.fill(row, BigDecimal.ZERO);
    }
    BigDecimal tolerance = new BigDecimal(DEPENDENCE_TOLERANCE * DEPENDENCE_TOLERANCE);
    for (int j = 0; j < width; j++) {
      BigDecimal pivot = crossProducts[index(j, j)];
      for (int k = 0; k < j; k++) {
        pivot = pivot.subtract(r[k][j].multiply(r[k][j], mc), mc);
      }
      if (pivot.signum() <= 0
          || pivot.compareTo(crossProducts[index(j, j)].multiply(tolerance, mc)) <= 0) {
        continue; // dependent on the columns before it: a zero row
      }
      BigDecimal diagonal = pivot.sqrt(mc);
      r[j][j] = diagonal;
      for (int l = j + 1; l < width; l++) {
        BigDecimal value = crossProducts[index(j, l)];
        for (int k = 0; k < j; k++) {
          value = value.subtract(r[k][j].multiply(r[k][l], mc), mc);
        }
        r[j][l] = value.divide(diagonal, mc);
      }
    }
    double[][] triangle = new double[width][width];
    for (int i = 0; i < width; i++) {
      for (int j = i; j < width; j++) {
        triangle[i][j] = r[i][j].doubleValue();
      }
    }
    return triangle;
  }
}
