package quebec.balises.indicators;

import java.io.Serializable;

/**
 * What one paired row adds to one indicator cell, added to the cell's {@link CellAccumulator} in
 * the stage that makes it (it never crosses a shuffle): whether it is in the numerator
 * (proportions), its observation (means), and, for a case-mix-adjusted indicator, its observed
 * follow-up score beside the score the provincial model predicts for it. {@code predicted} is NaN
 * when the row is not modelled (a case-mix field missing, or no model for the period).
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
}
