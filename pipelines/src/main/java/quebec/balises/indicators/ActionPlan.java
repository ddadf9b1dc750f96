package quebec.balises.indicators;

import java.io.Serializable;
import java.time.LocalDate;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.RecordCoder;

/**
 * An improvement action agreed for one indicator and one unit, published so that the public can
 * follow what was promised and what was done. Read from a FHIR {@code Task} of {@code
 * fhir-profiles/action-plans/} ({@link ActionPlanCatalog}; docs/decisions/0018).
 *
 * @param id the Task's id
 * @param level the level of the unit: province, region, rls or establishment
 * @param unitCode the unit's code, as in {@code public/indicators} ({@code QC} for the province)
 * @param status accepted (agreed, not started), in-progress, on-hold, completed or cancelled
 * @param agreedOn when the action was agreed (the Task's {@code authoredOn})
 * @param started when it started (the start of the Task's {@code executionPeriod})
 * @param ended when it ended; null while it runs
 * @param nextReview when its progress is next reviewed in public; null once it has ended
 * @param link where the public can read the plan; null if it has no page
 * @param targetId the target the action serves, when it serves one
 */
@DefaultCoder(RecordCoder.class)
public record ActionPlan(
    String id,
    String indicatorId,
    String trajectory,
    String level,
    String unitCode,
    String unitName,
    String titleFr,
    String titleEn,
    String owner,
    String status,
    LocalDate agreedOn,
    LocalDate started,
    @Nullable LocalDate ended,
    @Nullable LocalDate nextReview,
    @Nullable String link,
    @Nullable String targetId)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
