package quebec.balises.indicators;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.indicators.expression.Criteria;

/**
 * What the engine needs from one FHIR Measure of the catalog: who is counted (populations as
 * criteria over the paired episode rows), how (proportion or mean), which direction is better,
 * whether it is case-mix adjusted, and the strata. The Measure itself stays the record of the
 * co-construction (who endorsed it, when and why); {@code sha256} ties each figure to its text.
 */
public record IndicatorDefinition(
    String id,
    String url,
    String version,
    String file,
    String sha256,
    String trajectory,
    Scoring scoring,
    boolean increaseIsBetter,
    boolean adjusted,
    String periodBasis,
    Criteria initialPopulation,
    Criteria denominator,
    @Nullable Criteria numerator,
    @Nullable String observation,
    Map<String, String> stratifiers,
    String titleFr,
    String titleEn)
    implements Serializable {

  /** The Measure scorings the engine computes. */
  public enum Scoring {
    PROPORTION("proportion"),
    CONTINUOUS_VARIABLE("continuous-variable");

    private final String code;

    Scoring(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static @Nullable Scoring fromCode(String code) {
      for (Scoring s : values()) {
        if (s.code.equals(code)) {
          return s;
        }
      }
      return null;
    }
  }

  public static final List<String> PERIOD_BASES = List.of("followup_date", "baseline_date");
}
