package quebec.balises.quality;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.disclosure.ReleasePolicy;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.expression.Criteria;
import quebec.balises.indicators.expression.FieldSet;

/**
 * One data-quality measure of {@code public/data_quality}: what it counts (participation, follow-up
 * response, completeness, a timepoint outcome, rejected records), for which trajectory and, where
 * it applies, which instrument, scale, timepoint and outcome or reason code.
 *
 * <p>Its counts go through disclosure control as a Measure of the trajectory beside the catalog's
 * ({@link #definition}): protected in the same tables as the indicators counted on the same date,
 * so that a count equal to an indicator's n or numerator is one count, withheld in the same cells
 * (docs/decisions/0017). The id is internal: it never reaches {@code public/indicators}.
 *
 * @param instrument empty when the measure is not an instrument's
 * @param code the timepoint outcome or rejection reason; empty for the rates
 */
public record QualityMeasure(
    String trajectory,
    String measure,
    String instrument,
    String scale,
    String timepoint,
    String code)
    implements Serializable {

  /** Episodes (n) and episodes with a kept baseline response (numerator), by anchor date. */
  public static final String PARTICIPATION = "participation";

  /** Follow-ups due (n: rows with a baseline) and received (numerator), by baseline date. */
  public static final String FOLLOWUP_RESPONSE = "followup_response";

  /** Follow-ups received (n) and scorable on the scale (numerator), by follow-up date. */
  public static final String COMPLETENESS = "completeness";

  /** Scored responses with one outcome of timepoint assignment (a count), by response date. */
  public static final String TIMEPOINT_OUTCOME = "timepoint_outcome";

  /** Rejected input records with one reason (a count), province and run only. */
  public static final String REJECTED = "rejected";

  /** The period basis of the participation counts: the episode's anchor date. */
  public static final String ANCHOR_DATE = "anchor_date";

  /** The trajectory of rows that cannot be placed in one (rejected records). */
  public static final String ALL_TRAJECTORIES = "all";

  private static final String PREFIX = "data-quality|";

  /** The internal id that carries the measure through disclosure control. */
  public String id() {
    return PREFIX + String.join("|", trajectory, measure, instrument, scale, timepoint, code);
  }

  /** Whether a figure's indicator id is a data-quality measure's. */
  public static boolean isQuality(String indicatorId) {
    return indicatorId.startsWith(PREFIX);
  }

  public static QualityMeasure parse(String id) {
    if (!isQuality(id)) {
      throw new IllegalArgumentException("not a data-quality id: " + id);
    }
    String[] parts = id.substring(PREFIX.length()).split("\\|", -1);
    return new QualityMeasure(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  }

  /** A count (a timepoint outcome, rejected records) rather than a rate. */
  public boolean isCount() {
    return TIMEPOINT_OUTCOME.equals(measure) || REJECTED.equals(measure);
  }

  /** The date that places a count in its periods. */
  public String periodBasis() {
    return switch (measure) {
      case PARTICIPATION -> ANCHOR_DATE;
      case FOLLOWUP_RESPONSE -> "baseline_date";
      default -> "followup_date";
    };
  }

  /**
   * Where the measure is published. Participation and completeness count the indicators'
   * populations from other angles: at establishments, in quarters and in equity strata, where
   * counts are small, their series agree with the indicators' wherever both are published, and a
   * reader who takes the two for one population guesses withheld counts right (decision record 0017
   * gives the measurement). They are published for regions and the province, by year, for everyone.
   * The other measures follow the indicators: follow-up response counts exactly what a follow-up
   * completion Measure counts, and timepoint outcomes are counts of their own.
   */
  public ReleasePolicy.@Nullable Scope scope() {
    return PARTICIPATION.equals(measure) || COMPLETENESS.equals(measure) ? REGIONS_BY_YEAR : null;
  }

  /** Regions and the province, by year (everyone only: {@link #definition} keeps no stratum). */
  private static final ReleasePolicy.Scope REGIONS_BY_YEAR =
      new ReleasePolicy.Scope(Set.of(Cell.PROVINCE, Cell.REGION), true);

  /** Whether the measure is published in {@code cell}. */
  public boolean publishes(Cell cell) {
    ReleasePolicy.Scope scope = scope();
    return scope == null || scope.includes(cell.level(), cell.periodType());
  }

  /** How a row's values were computed: the rate's Wilson interval, or a plain count. */
  public String method() {
    return isCount() ? "count" : "wilson_score_95";
  }

  /**
   * The measure as a Measure of its trajectory for disclosure control: a proportion (a count is its
   * own numerator), with the stratifiers of the trajectory's catalog Measures (the same reporting
   * levels and equity strata, so that a count equal to an indicator's is equal in every cell). The
   * criteria are never evaluated: {@link QualityCounting} does the counting.
   */
  public IndicatorDefinition definition(Map<String, String> stratifiers) {
    if (scope() != null) {
      // Everyone only: no equity stratum, and no geography finer than its levels.
      stratifiers =
          stratifiers.entrySet().stream()
              .filter(e -> e.getValue().equals("region_code"))
              .collect(
                  Collectors.toMap(
                      Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
    Criteria none = Criteria.parse("trajectory = '" + trajectory + "'", FieldSet.episodeScale());
    return new IndicatorDefinition(
        id(),
        "",
        "1",
        "",
        "",
        trajectory,
        IndicatorDefinition.Scoring.PROPORTION,
        true,
        false,
        periodBasis(),
        none,
        none,
        none,
        null,
        stratifiers,
        measure,
        measure,
        IndicatorDefinition.OVERDISPERSION_NONE,
        IndicatorDefinition.COUNTING_EACH_ROW);
  }

  static @Nullable String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }
}
