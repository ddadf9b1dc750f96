package quebec.balises.publish;

import java.time.LocalDate;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.indicators.ActionPlan;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.Period;
import quebec.balises.indicators.Target;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.quality.QualityMeasure;
import quebec.balises.quality.RejectedByReason;
import quebec.balises.stats.FunnelLimits;

/**
 * The rows of the public datasets. Only aggregates reach here, already through the publication
 * rules; nothing here reads a patient, a date of birth or a postal code, and no pseudonym is made.
 */
public final class PublicRows {
  private PublicRows() {}

  /**
   * The rows of {@code public/indicators}, from {@link ProtectedFigure}s only: a figure that did
   * not go through disclosure control has no row here.
   */
  public static RowMapper<ProtectedFigure> indicators(TargetCatalog targets) {
    return (released, context) -> {
      IndicatorFigure figure = released.figure();
      GenericRecord row = new GenericData.Record(context.schema());
      Cell cell = figure.cell();
      Period period = Period.parse(cell.periodType(), cell.period());
      row.put("trajectory", figure.trajectory());
      row.put("indicator_id", figure.indicatorId());
      row.put("indicator_version", figure.indicatorVersion());
      row.put("measure_sha256", figure.measureSha256());
      row.put("scoring", figure.scoring());
      row.put("improvement_notation", figure.improvementNotation());
      row.put("method", figure.method());
      row.put("method_version", IndicatorFigure.METHOD_VERSION);
      row.put("period_type", period.type());
      row.put("period", period.label());
      row.put("period_start", days(period.start()));
      row.put("period_end", days(period.end()));
      row.put("level", cell.level());
      row.put("unit_code", cell.unitCode());
      row.put("unit_name", cell.unitName());
      row.put("region_code", cell.regionCode().isEmpty() ? null : cell.regionCode());
      row.put("rls_code", cell.rlsCode().isEmpty() ? null : cell.rlsCode());
      row.put("stratifier", cell.stratifier());
      row.put("stratum", cell.stratum());
      Figure value = figure.figure();
      row.put("n", value.n());
      row.put("numerator", value.numerator());
      row.put("value", value.value());
      row.put("ci_lower", value.lower());
      row.put("ci_upper", value.upper());
      row.put("suppressed", value.suppressed());
      row.put("suppression_reason", value.suppression());
      row.put("adjusted", figure.isAdjusted());
      row.put("final_on", figure.finalOn() == null ? null : days(figure.finalOn()));
      IndicatorFigure.Adjusted adjusted = figure.adjusted();
      if (adjusted != null) {
        row.put("adjusted_value", adjusted.value());
        row.put("adjusted_ci_lower", adjusted.lower());
        row.put("adjusted_ci_upper", adjusted.upper());
      }
      IndicatorFigure.Funnel funnel = figure.funnel();
      if (funnel != null) {
        FunnelLimits limits = funnel.limits();
        row.put("funnel_target", limits.target());
        row.put("funnel_lower_95", limits.limits95().lower());
        row.put("funnel_upper_95", limits.limits95().upper());
        row.put("funnel_lower_998", limits.limits998().lower());
        row.put("funnel_upper_998", limits.limits998().upper());
        row.put("outlier_flag", funnel.flag());
        row.put("funnel_phi", funnel.phi());
        FunnelLimits plain = funnel.unadjusted();
        row.put("funnel_lower_95_unadjusted", plain.limits95().lower());
        row.put("funnel_upper_95_unadjusted", plain.limits95().upper());
        row.put("funnel_lower_998_unadjusted", plain.limits998().lower());
        row.put("funnel_upper_998_unadjusted", plain.limits998().upper());
      }
      targets
          .assess(figure)
          .ifPresent(
              assessment -> {
                Target target = assessment.target();
                row.put("target_id", target.id());
                row.put("target_value", target.value());
                row.put("target_comparator", target.comparator().symbol());
                row.put("target_due", days(target.due()));
                row.put("target_status", assessment.status().code());
              });
      return row;
    };
  }

  /** The agreed improvement actions, as the catalog holds them: no figure, nothing personal. */
  public static RowMapper<ActionPlan> actionPlans() {
    return (plan, context) -> {
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("trajectory", plan.trajectory());
      row.put("indicator_id", plan.indicatorId());
      row.put("action_id", plan.id());
      row.put("level", plan.level());
      row.put("unit_code", plan.unitCode());
      row.put("unit_name", plan.unitName());
      row.put("title_fr", plan.titleFr());
      row.put("title_en", plan.titleEn());
      row.put("owner", plan.owner());
      row.put("status", plan.status());
      row.put("agreed_on", days(plan.agreedOn()));
      row.put("started_on", days(plan.started()));
      row.put("ended_on", plan.ended() == null ? null : days(plan.ended()));
      row.put("next_review", plan.nextReview() == null ? null : days(plan.nextReview()));
      row.put("link", plan.link());
      row.put("target_id", plan.targetId());
      return row;
    };
  }

  /**
   * The rows of {@code public/data_quality}: a data-quality measure's released figure. A count has
   * no numerator or rate; a figure of the whole run (rejected records) has no period dates.
   */
  public static RowMapper<ProtectedFigure> dataQuality() {
    return (released, context) -> {
      IndicatorFigure figure = released.figure();
      GenericRecord row = new GenericData.Record(context.schema());
      Cell cell = figure.cell();
      QualityMeasure measure = QualityMeasure.parse(figure.indicatorId());
      row.put("trajectory", measure.trajectory());
      row.put("measure", measure.measure());
      row.put("instrument", emptyToNull(measure.instrument()));
      row.put("scale", emptyToNull(measure.scale()));
      row.put("timepoint", emptyToNull(measure.timepoint()));
      row.put("code", emptyToNull(measure.code()));
      row.put("method", measure.method());
      row.put("method_version", IndicatorFigure.METHOD_VERSION);
      row.put("period_type", cell.periodType());
      row.put("period", cell.period());
      if (!RejectedByReason.RUN.equals(cell.periodType())) {
        Period period = Period.parse(cell.periodType(), cell.period());
        row.put("period_start", days(period.start()));
        row.put("period_end", days(period.end()));
      }
      row.put("final_on", figure.finalOn() == null ? null : days(figure.finalOn()));
      row.put("level", cell.level());
      row.put("unit_code", cell.unitCode());
      row.put("unit_name", cell.unitName());
      row.put("region_code", emptyToNull(cell.regionCode()));
      row.put("rls_code", emptyToNull(cell.rlsCode()));
      row.put("stratifier", cell.stratifier());
      row.put("stratum", cell.stratum());
      Figure value = figure.figure();
      row.put("n", value.n());
      if (!measure.isCount()) {
        row.put("numerator", value.numerator());
        row.put("rate", value.value());
        row.put("rate_ci_lower", value.lower());
        row.put("rate_ci_upper", value.upper());
      }
      boolean suppressed = measure.isCount() ? value.n() == null : value.suppressed();
      row.put("suppressed", suppressed);
      row.put("suppression_reason", suppressed ? Figure.SUPPRESSED : null);
      return row;
    };
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }

  private static int days(LocalDate date) {
    return (int) date.toEpochDay();
  }
}
