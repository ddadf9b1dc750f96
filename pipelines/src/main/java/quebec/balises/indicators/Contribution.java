package quebec.balises.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;

/**
 * What one paired row adds to one indicator cell: whether it is in the numerator (proportions), its
 * observation (means), and, for a case-mix-adjusted indicator, its observed follow-up score beside
 * the score the provincial model predicts for it. {@code predicted} is NaN when the row is not
 * modelled (a case-mix field missing, or no model for the period).
 */
public record Contribution(boolean inNumerator, double value, double observed, double predicted)
    implements Serializable {

  public static Contribution proportion(boolean inNumerator) {
    return new Contribution(inNumerator, inNumerator ? 1 : 0, Double.NaN, Double.NaN);
  }

  public static Contribution observation(double value) {
    return new Contribution(false, value, Double.NaN, Double.NaN);
  }

  /** An observation of a modelled row: its follow-up score and the model's prediction of it. */
  public static Contribution modelled(double value, double observed, double predicted) {
    return new Contribution(false, value, observed, predicted);
  }

  public boolean isModelled() {
    return !Double.isNaN(predicted);
  }

  /** A compact coder: the cells' combiner moves one of these per row and cell. */
  public static final class Coder extends CustomCoder<Contribution> {
    private static final long serialVersionUID = 1L;
    private static final BooleanCoder BOOLEAN = BooleanCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    @Override
    public void encode(Contribution c, OutputStream out) throws IOException {
      BOOLEAN.encode(c.inNumerator, out);
      DOUBLE.encode(c.value, out);
      DOUBLE.encode(c.observed, out);
      DOUBLE.encode(c.predicted, out);
    }

    @Override
    public Contribution decode(InputStream in) throws IOException {
      return new Contribution(
          BOOLEAN.decode(in), DOUBLE.decode(in), DOUBLE.decode(in), DOUBLE.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
