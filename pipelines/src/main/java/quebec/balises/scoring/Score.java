package quebec.balises.scoring;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One scale of one response: its value in full precision (rounded only where a dataset's schema
 * says so), or no value with the reason in {@code status}.
 *
 * @param text a non-numeric value, such as an EQ-5D health-state profile ("21153")
 */
public record Score(
    String scale,
    @Nullable Double value,
    @Nullable String text,
    ScoreStatus status,
    String methodId)
    implements Serializable {

  public static Score of(String scale, double value, ScoreStatus status, String methodId) {
    return new Score(scale, value, null, status, methodId);
  }

  public static Score missing(String scale, ScoreStatus status, String methodId) {
    return new Score(scale, null, null, status, methodId);
  }
}
