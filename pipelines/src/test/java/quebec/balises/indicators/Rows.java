package quebec.balises.indicators;

import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoreStatus;

/** Paired rows built by hand for the indicator tests. */
final class Rows {
  private Rows() {}

  static final EstablishmentRecord SITE_A =
      new EstablishmentRecord(
          "oa", "1001", "Hôpital A", "0311", "RLS A", "03", "Capitale-Nationale");
  static final EstablishmentRecord SITE_B =
      new EstablishmentRecord(
          "ob", "1002", "Hôpital B", "0312", "RLS B", "03", "Capitale-Nationale");
  static final EstablishmentRecord SITE_C =
      new EstablishmentRecord("oc", "1003", "Hôpital C", "0611", "RLS C", "06", "Montréal");

  private static int sequence;

  /**
   * A hip HOOS JR 12-month row: surgery 2024-06-01, baseline 10 days before, follow-up a year on.
   */
  static EpisodeScale hip(
      EstablishmentRecord site,
      @Nullable String sex,
      @Nullable Integer age,
      @Nullable Integer quintile,
      @Nullable Double baseline,
      @Nullable Double followup) {
    return row(
        "hip-arthroplasty",
        "HOOS_JR",
        "interval",
        "12m",
        site,
        sex,
        age,
        quintile,
        LocalDate.of(2024, 6, 1),
        baseline,
        followup);
  }

  static EpisodeScale row(
      String trajectory,
      String instrument,
      String scale,
      String timepoint,
      EstablishmentRecord site,
      @Nullable String sex,
      @Nullable Integer age,
      @Nullable Integer quintile,
      LocalDate anchor,
      @Nullable Double baseline,
      @Nullable Double followup) {
    int id = ++sequence;
    PatientRecord patient =
        new PatientRecord(
            "p" + id, "nam" + id, sex, age == null ? null : anchor.minusYears(age), quintile, 3);
    EpisodeRecord episode =
        new EpisodeRecord("e" + id, "p" + id, site.id(), trajectory, anchor, "finished");
    LinkedEpisode linked =
        new LinkedEpisode(episode, patient, site, SourceRef.line("rows.ndjson", id));
    return new EpisodeScale(
        linked,
        instrument,
        scale,
        timepoint,
        baseline == null ? null : "b" + id,
        baseline == null ? null : anchor.minusDays(10),
        baseline == null ? null : Score.of(scale, baseline, ScoreStatus.VALID, "M"),
        followup == null ? null : "f" + id,
        followup == null ? null : anchor.plusDays(365),
        followup == null ? null : Score.of(scale, followup, ScoreStatus.VALID, "M"),
        null);
  }

  /** The same row with an EQ-5D health-change class ({@code HealthChange} code). */
  static EpisodeScale withHealthChange(EpisodeScale row, @Nullable String healthChange) {
    return new EpisodeScale(
        row.episode(),
        row.instrument(),
        row.scale(),
        row.timepoint(),
        row.baselineResponseId(),
        row.baselineDate(),
        row.baseline(),
        row.followupResponseId(),
        row.followupDate(),
        row.followup(),
        healthChange);
  }
}
