package quebec.balises.indicators;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.indicators.expression.Criteria;

/**
 * What the engine needs from one FHIR Measure of the catalog: who is counted (populations as
 * criteria over the paired episode rows), how (proportion or mean), which direction is better,
 * whether it is case-mix adjusted, the strata, and whether its funnel allows for overdispersion.
 * The Measure itself stays the record of the co-construction (who endorsed it, when and why);
 * {@code sha256} ties each figure to its text.
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
    String titleEn,
    String overdispersion,
    String counting)
    implements Serializable {

  /** Every counted row counts (an episode's scale at a timepoint). */
  public static final String COUNTING_EACH_ROW = "each-row";

  /**
   * One row per person and period: the person's latest counted row whose date falls in the period
   * (docs/methods.md §3.1), for surveys a person may answer more than once in a period.
   */
  public static final String COUNTING_LATEST_PER_PERSON = "latest-per-person";

  public static final List<String> COUNTINGS =
      List.of(COUNTING_EACH_ROW, COUNTING_LATEST_PER_PERSON);

  /** Whether each person counts once per period, with their latest row. */
  public boolean latestPerPerson() {
    return COUNTING_LATEST_PER_PERSON.equals(counting);
  }

  /** No overdispersion allowance: the funnel limits of chance alone. */
  public static final String OVERDISPERSION_NONE = "none";

  /** Spiegelhalter's multiplicative allowance with Winsorised z-scores (docs/methods.md §1.5). */
  public static final String OVERDISPERSION_MULTIPLICATIVE = "multiplicative";

  public static final List<String> OVERDISPERSION =
      List.of(OVERDISPERSION_NONE, OVERDISPERSION_MULTIPLICATIVE);

  /** Whether the Measure asks for its funnel limits, and flags, to allow for overdispersion. */
  public boolean multiplicativeOverdispersion() {
    return OVERDISPERSION_MULTIPLICATIVE.equals(overdispersion);
  }

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

  /**
   * The date that places a row in its periods: the follow-up's or the baseline's, as the Measure's
   * period basis says; null when the row has none.
   */
  public @Nullable LocalDate periodDate(EpisodeScale row) {
    return "baseline_date".equals(periodBasis) ? row.baselineDate() : row.followupDate();
  }

  /** Whether a row counts at all: in the initial population and the denominator. */
  public boolean counts(Function<String, @Nullable Object> row) {
    return initialPopulation.test(row) && denominator.test(row);
  }

  /** Whether a counted row is in the numerator of a proportion. */
  public boolean inNumerator(Function<String, @Nullable Object> row) {
    return numerator != null && numerator.test(row);
  }

  /**
   * A counted row's observation for a mean: the observed field's value, or null when it has none.
   */
  public @Nullable Double observe(Function<String, @Nullable Object> row) {
    return observation == null ? null : (Double) row.apply(observation);
  }

  public static final List<String> PERIOD_BASES = List.of("followup_date", "baseline_date");

  /**
   * The period basis of a Measure about establishments: the calendar year an establishment's
   * portrait describes. Its figures are yearly only (no quarters); no Measure of the catalog may
   * use it (docs/decisions/0022).
   */
  public static final String PERIOD_BASIS_PORTRAIT_YEAR = "portrait_year";

  /** Whether the Measure is published for whole years only. */
  public boolean yearsOnly() {
    return PERIOD_BASIS_PORTRAIT_YEAR.equals(periodBasis);
  }
}
