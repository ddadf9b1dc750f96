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
 * @param patientId the subject's logical id; null when the subject is a contained Patient (the
 *     patient is then the episode's)
 * @param episodeId the episode named by the extension, or found by linkage ({@code
 *     ingest/EpisodeLinkage}); null until linked
 * @param encounterId the Encounter the response names, when it names one
 */
public record ResponseRecord(
    String id,
    @Nullable String patientId,
    @Nullable String episodeId,
    String questionnaireUrl,
    String questionnaireVersion,
    String instrument,
    String status,
    LocalDate authoredDate,
    @Nullable Instant authoredAt,
    List<Answer> answers,
    @Nullable String mapping,
    @Nullable String encounterId)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.QUESTIONNAIRE_RESPONSE;
  }

  /** The same response, linked to its episode of care. */
  public ResponseRecord withEpisode(String episode) {
    return new ResponseRecord(
        id,
        patientId,
        episode,
        questionnaireUrl,
        questionnaireVersion,
        instrument,
        status,
        authoredDate,
        authoredAt,
        answers,
        mapping,
        encounterId);
  }

  /** One answer to one item: a coding, or a number for numeric items. */
  public record Answer(
      String linkId, @Nullable String system, @Nullable String code, @Nullable Double number)
      implements Serializable {}
}
