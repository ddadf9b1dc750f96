package quebec.balises.model;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An accepted QuestionnaireResponse, reduced to what scoring and pairing need.
 *
 * @param authoredDate the day the response was authored, in Quebec's time zone
 * @param authoredAt the instant it was authored, when the source gives a time
 * @param mapping the instrument mapping ({@code url|version} of its ConceptMap) that read the
 *     response onto a shipped Questionnaire; null for a response to a shipped Questionnaire
 */
public record ResponseRecord(
    String id,
    String patientId,
    String episodeId,
    String questionnaireUrl,
    String questionnaireVersion,
    String instrument,
    String status,
    LocalDate authoredDate,
    @Nullable Instant authoredAt,
    List<Answer> answers,
    @Nullable String mapping)
    implements Serializable {

  /** One answer to one item: a coding, or a number for numeric items. */
  public record Answer(
      String linkId, @Nullable String system, @Nullable String code, @Nullable Double number)
      implements Serializable {}
}
