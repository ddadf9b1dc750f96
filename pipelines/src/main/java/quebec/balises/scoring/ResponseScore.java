package quebec.balises.scoring;

import java.io.Serializable;
import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One scale of one accepted response, with what the scores dataset keys it by.
 *
 * @param mapping the instrument mapping that read the response, when one did
 */
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
    Score score,
    @Nullable String mapping)
    implements Serializable {}
