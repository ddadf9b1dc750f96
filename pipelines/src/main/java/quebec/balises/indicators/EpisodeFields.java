package quebec.balises.indicators;

import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.indicators.expression.FieldSet;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.PatientRecord;

/**
 * The values that criteria and strata read from one paired row, by the names of {@link
 * FieldSet#episodeScale()}: the same columns as the restricted episodes dataset, so that an
 * analyst's SQL over {@code restricted/episodes} and a Measure's criteria mean the same thing.
 * Numbers are Doubles; {@code has_baseline} and {@code has_followup} say whether a response was
 * found at each side, scorable or not.
 */
public final class EpisodeFields {
  private EpisodeFields() {}

  public static Function<String, @Nullable Object> of(EpisodeScale row) {
    return field -> value(row, field);
  }

  /**
   * @throws IllegalArgumentException for a name that is not a field of the paired rows
   */
  public static @Nullable Object value(EpisodeScale row, String field) {
    LinkedEpisode linked = row.episode();
    PatientRecord patient = linked.patient();
    switch (field) {
      case "trajectory":
        return linked.episode().trajectory();
      case "instrument":
        return row.instrument();
      case "scale":
        return row.scale();
      case "timepoint":
        return row.timepoint();
      case "establishment_code":
        return linked.establishment().code();
      case "rls_code":
        return linked.establishment().rlsCode();
      case "region_code":
        return linked.establishment().regionCode();
      case "sex":
        return patient.sex();
      case "baseline_value":
        return row.baseline() == null ? null : row.baseline().value();
      case "followup_value":
        return row.followup() == null ? null : row.followup().value();
      case "change":
        return row.change();
      case "age_at_anchor":
        return asDouble(linked.ageAtAnchor());
      case "material_deprivation_quintile":
        return asDouble(patient.materialDeprivationQuintile());
      case "social_deprivation_quintile":
        return asDouble(patient.socialDeprivationQuintile());
      case "health_change":
        return row.healthChange();
      case "engagement_sphere":
        return linked.episode().engagement() == null
            ? null
            : linked.episode().engagement().sphere();
      case "engagement_level":
        return linked.episode().engagement() == null ? null : linked.episode().engagement().level();
      case "engagement_body":
        return linked.episode().engagement() == null ? null : linked.episode().engagement().body();
      case "has_baseline":
        return row.baselineResponseId() != null;
      case "has_followup":
        return row.followupResponseId() != null;
      default:
        throw new IllegalArgumentException("'" + field + "' is not a field of the paired rows");
    }
  }

  private static @Nullable Double asDouble(@Nullable Integer value) {
    return value == null ? null : value.doubleValue();
  }
}
