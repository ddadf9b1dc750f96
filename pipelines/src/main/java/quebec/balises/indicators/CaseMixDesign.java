package quebec.balises.indicators;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;

/**
 * The provincial case-mix model of an adjusted indicator (docs/decisions/0008): the follow-up score
 * on the baseline score, age band, sex and material deprivation quintile, each factor as one 0/1
 * column per level. The model is fitted with an intercept, so the last level present of each factor
 * is aliased and serves as its reference, and a level absent from a period's data is aliased too
 * ({@link quebec.balises.stats.LeastSquares}). As in NHS England's PROMs, only modelled records
 * count: a row with both scores and every case-mix field.
 */
public final class CaseMixDesign {
  private CaseMixDesign() {}

  static final List<String> SEXES = List.of("female", "male", "other", "unknown");
  static final List<String> QUINTILES = List.of("1", "2", "3", "4", "5");

  /** The names of the covariate columns, in order (the intercept is not among them). */
  public static final List<String> TERMS = terms();

  /**
   * The row's covariates in the order of {@link #TERMS}, or null when it is not a modelled record:
   * a baseline or follow-up value, the age, the sex or the material deprivation quintile missing.
   */
  public static double @Nullable [] covariates(EpisodeScale row) {
    Double baseline = (Double) EpisodeFields.value(row, "baseline_value");
    Double followup = (Double) EpisodeFields.value(row, "followup_value");
    Double age = (Double) EpisodeFields.value(row, "age_at_anchor");
    Object sex = EpisodeFields.value(row, "sex");
    Double quintile = (Double) EpisodeFields.value(row, "material_deprivation_quintile");
    if (baseline == null || followup == null || age == null || sex == null || quintile == null) {
      return null;
    }
    double[] x = new double[TERMS.size()];
    x[0] = baseline;
    int offset = 1;
    x[offset + AgeBand.BANDS.indexOf(AgeBand.of(age.intValue()))] = 1;
    offset += AgeBand.BANDS.size();
    int sexIndex = SEXES.indexOf(sex.toString());
    if (sexIndex < 0) {
      return null;
    }
    x[offset + sexIndex] = 1;
    offset += SEXES.size();
    int quintileIndex = QUINTILES.indexOf(Long.toString(quintile.longValue()));
    if (quintileIndex < 0) {
      return null;
    }
    x[offset + quintileIndex] = 1;
    return x;
  }

  private static List<String> terms() {
    List<String> terms = new ArrayList<>();
    terms.add("baseline_value");
    AgeBand.BANDS.forEach(band -> terms.add("age_band=" + band));
    SEXES.forEach(sex -> terms.add("sex=" + sex));
    QUINTILES.forEach(q -> terms.add("material_deprivation_quintile=" + q));
    return List.copyOf(terms);
  }
}
