package quebec.balises.scoring;

import java.io.Serializable;
import java.time.LocalDate;

/** One scale of one accepted response, with what the scores dataset keys it by. */
public record ResponseScore(
    String responseId,
    String episodeId,
    String patientPseudonymSource,
    String trajectory,
    String establishmentCode,
    String instrument,
    String questionnaireUrl,
    String questionnaireVersion,
    LocalDate authoredDate,
    Score score)
    implements Serializable {}
