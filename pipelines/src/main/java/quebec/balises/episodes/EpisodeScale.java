package quebec.balises.episodes;

import java.io.Serializable;
import java.time.LocalDate;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.RecordCoder;
import quebec.balises.scoring.Score;

/**
 * One scale of one instrument in one episode, at one follow-up timepoint, beside its baseline: the
 * unit every PROM change indicator counts. Either side may be absent (a baseline with no follow-up
 * is what response rates count).
 *
 * @param healthChange the {@link HealthChange} code of the EQ-5D profiles of the two responses of
 *     this row, when both have one; null for every other instrument (no health-state
 *     classification)
 */
@DefaultCoder(RecordCoder.class)
public record EpisodeScale(
    LinkedEpisode episode,
    String instrument,
    String scale,
    String timepoint,
    @Nullable String baselineResponseId,
    @Nullable LocalDate baselineDate,
    @Nullable Score baseline,
    @Nullable String followupResponseId,
    @Nullable LocalDate followupDate,
    @Nullable Score followup,
    @Nullable String healthChange)
    implements Serializable {

  /** Follow-up minus baseline, when both have a value. */
  public @Nullable Double change() {
    if (baseline == null
        || followup == null
        || baseline.value() == null
        || followup.value() == null) {
      return null;
    }
    return followup.value() - baseline.value();
  }
}
