package quebec.balises.model;

import java.time.Instant;
import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An establishment's yearly portrait of its partnership structures and activities: a
 * QuestionnaireResponse to {@code partnership-portrait} whose subject is the establishment
 * (docs/decisions/0022). No person is its subject; the units it counts are committees, projects and
 * partners.
 *
 * @param id the response's logical id
 * @param organizationId the establishment the portrait describes (the response's {@code subject})
 * @param year the calendar year the portrait describes (item {@code year})
 * @param authoredDate the day the portrait was authored, in Quebec's time zone
 * @param authoredAt the instant it was authored, when the source gives a time
 * @param committeesWithPartners committees with at least one patient, user or caregiver partner
 * @param committeesCoConstruction of those, committees whose partners' engagement reaches
 *     co-construction or above ({@code engagement-level} order 4 or 5)
 * @param budget the budget dedicated to partnership, in Canadian dollars
 * @param diversity who the active partners were (version 1.1.0 on); null for a version 1.0.0
 *     portrait, which does not ask (docs/decisions/0023)
 */
public record PortraitRecord(
    String id,
    String organizationId,
    String questionnaireVersion,
    int year,
    LocalDate authoredDate,
    @Nullable Instant authoredAt,
    long committees,
    long committeesWithPartners,
    long committeesCoConstruction,
    long projects,
    long projectsWithPartners,
    long partnersRecruited,
    long partnersTrained,
    long partnersCompensated,
    double budget,
    @Nullable PartnerDiversity diversity)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.QUESTIONNAIRE_RESPONSE;
  }
}
