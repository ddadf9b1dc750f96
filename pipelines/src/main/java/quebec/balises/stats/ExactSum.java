package quebec.balises.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Exact arithmetic on sums of doubles, so that a sum merged in any order is the same to the last
 * bit: every double is a finite binary fraction, which a {@link BigDecimal} holds exactly, and
 * exact addition is associative. Floating-point sums are not: the order in which a runner merges
 * partial results would change the last bits of published means, and with them the bytes of the
 * published files from one run to the next.
 */
public final class ExactSum {
  /** Precision of the one rounding step at the end (quotients, square roots): 40 digits. */
  public static final MathContext PRECISION = new MathContext(40);

  private ExactSum() {}

  /** The double's exact value ({@code BigDecimal.valueOf} would round through its decimal text). */
  public static BigDecimal exact(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    return value == 0 ? BigDecimal.ZERO : new BigDecimal(value);
  }

  /** {@code sum / n} rounded once to a double; 0 when n is 0. */
  public static double mean(BigDecimal sum, long n) {
    return n == 0 ? 0 : sum.divide(BigDecimal.valueOf(n), PRECISION).doubleValue();
  }

  /**
   * The sample variance (n − 1 denominator) from exact sums of values and of their squares; NaN
   * below two values. Exact sums have no cancellation to fear, unlike the textbook formula in
   * floating point.
   */
  public static double variance(BigDecimal sum, BigDecimal sumOfSquares, long n) {
    if (n < 2) {
      return Double.NaN;
    }
    BigDecimal count = BigDecimal.valueOf(n);
    BigDecimal deviations =
        sumOfSquares.subtract(sum.multiply(sum).divide(count, PRECISION), PRECISION);
    return deviations
        .max(BigDecimal.ZERO)
        .divide(count.subtract(BigDecimal.ONE), PRECISION)
        .doubleValue();
  }

  private static final VarIntCoder INT = VarIntCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  /** Writes the exact value (unscaled digits and scale) for a Beam coder. */
  public static void encode(BigDecimal value, OutputStream out) throws IOException {
    INT.encode(value.scale(), out);
    BYTES.encode(value.unscaledValue().toByteArray(), out);
  }

  public static BigDecimal decode(InputStream in) throws IOException {
    int scale = INT.decode(in);
    return new BigDecimal(new BigInteger(BYTES.decode(in)), scale);
  }
}
