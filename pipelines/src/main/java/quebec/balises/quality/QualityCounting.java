package quebec.balises.quality;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointAssignment;
import quebec.balises.episodes.TimepointOutcome;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.stats.Interval;
import quebec.balises.stats.ProportionInterval;

/**
 * The counting rules of {@code public/data_quality} (docs/methods.md §1.7): what one episode, one
 * paired row or one timepoint assignment adds to which measure, in which cells. Plain Java; {@link
 * ComputeDataQuality} applies it to a run.
 *
 * <ul>
 *   <li><b>Participation</b>: each care episode of a trajectory with a baseline timepoint counts
 *       once in n, and in the numerator when at least one of its responses was kept at the baseline
 *       timepoint; placed by the episode's anchor date.
 *   <li><b>Follow-up response</b>: each paired row of the measure's instrument, scale and timepoint
 *       with a baseline response counts in n (a follow-up due), and in the numerator when it has a
 *       follow-up response (received); placed by the baseline response's date. The same rows and
 *       rule as the follow-up completion Measures.
 *   <li><b>Completeness</b>: each paired row with a follow-up response counts in n (received), and
 *       in the numerator when that response has a score on the scale (scorable); placed by the
 *       follow-up response's date. The same rule as the completeness Measures.
 *   <li><b>Timepoint outcome</b>: each scored response counts once, under its outcome; placed by
 *       the response's date.
 * </ul>
 *
 * <p>Cells are the indicators' ({@link Cell#of}): every unit level and, at the province, every
 * equity stratum of the trajectory's Measures.
 */
public final class QualityCounting {
  private QualityCounting() {}

  /**
   * One count: a measure, the row that places it (its date on the measure's basis and its episode),
   * and whether it is in the numerator.
   */
  public record Tally(IndicatorDefinition measure, EpisodeScale row, boolean inNumerator) {
    /** Every cell the count adds to. */
    public List<Cell> cells() {
      QualityMeasure quality = QualityMeasure.parse(measure.id());
      return Cell.of(measure, row).stream().filter(quality::publishes).toList();
    }
  }

  /** The measures by what a paired row, an episode or an assignment looks up. */
  public static final class Index implements java.io.Serializable {
    private final Map<String, IndicatorDefinition> byKey = new TreeMap<>();

    public Index(List<QualityMeasure> measures, Map<String, IndicatorDefinition> definitions) {
      for (QualityMeasure m : measures) {
        // Counts are found by their code, rates by their instrument, scale and timepoint.
        String key =
            m.isCount()
                ? key(m.trajectory(), m.measure(), m.code(), "", "")
                : key(m.trajectory(), m.measure(), m.instrument(), m.scale(), m.timepoint());
        byKey.put(key, definitions.get(m.id()));
      }
    }

    @Nullable IndicatorDefinition find(String... parts) {
      return byKey.get(key(parts));
    }

    private static String key(String... parts) {
      return String.join("\u0000", parts);
    }
  }

  /** What a paired row counts in: the follow-up response and the completeness of its scale. */
  public static List<Tally> ofRow(Index index, EpisodeScale row) {
    String trajectory = row.episode().episode().trajectory();
    List<Tally> tallies = new ArrayList<>();
    IndicatorDefinition followup =
        index.find(
            trajectory,
            QualityMeasure.FOLLOWUP_RESPONSE,
            row.instrument(),
            row.scale(),
            row.timepoint());
    if (followup != null && row.baselineResponseId() != null) {
      tallies.add(new Tally(followup, row, row.followupResponseId() != null));
    }
    IndicatorDefinition completeness =
        index.find(
            trajectory,
            QualityMeasure.COMPLETENESS,
            row.instrument(),
            row.scale(),
            row.timepoint());
    if (completeness != null && row.followupResponseId() != null) {
      boolean scorable = row.followup() != null && row.followup().value() != null;
      tallies.add(new Tally(completeness, row, scorable));
    }
    return tallies;
  }

  /** What one scored response's timepoint assignment counts in: its outcome, by its date. */
  public static List<Tally> ofAssignment(Index index, TimepointAssignment assignment) {
    LinkedEpisode episode = assignment.response().linked().episode();
    IndicatorDefinition measure =
        index.find(
            episode.episode().trajectory(),
            QualityMeasure.TIMEPOINT_OUTCOME,
            assignment.outcome().code(),
            "",
            "");
    if (measure == null) {
      return List.of();
    }
    LocalDate authored = assignment.response().linked().response().authoredDate();
    return List.of(new Tally(measure, dated(episode, authored), true));
  }

  /** Whether an assignment makes its episode a participant: a response kept at the baseline. */
  public static boolean isBaselineKept(TimepointAssignment assignment, String baselineName) {
    return assignment.outcome() == TimepointOutcome.KEPT
        && baselineName.equals(assignment.timepoint());
  }

  /** What one care episode counts in: its trajectory's participation, by its anchor date. */
  public static List<Tally> ofEpisode(Index index, LinkedEpisode episode, boolean baselineKept) {
    IndicatorDefinition measure =
        index.find(episode.episode().trajectory(), QualityMeasure.PARTICIPATION, "", "", "");
    if (measure == null) {
      return List.of();
    }
    return List.of(
        new Tally(measure, dated(episode, episode.episode().anchorDate()), baselineKept));
  }

  /**
   * A row that carries only an episode and a date: the date a measure that is not counted by
   * baseline date reads ({@link IndicatorDefinition#periodDate}), and the episode its unit and
   * strata come from.
   */
  private static EpisodeScale dated(LinkedEpisode episode, LocalDate date) {
    return new EpisodeScale(episode, "", "", "", null, null, null, null, date, null, null);
  }

  /**
   * A cell's figure before complementary suppression, by the indicators' rules: a count of 1 to 4
   * is withheld; a rate is withheld when its n, numerator or complement is 1 to 4 or its n is below
   * the minimum, with a Wilson 95 % interval otherwise. A count is its own numerator, and has no
   * rate.
   */
  public static Figure figure(boolean isCount, long n, long x, PublicationRules rules) {
    Long shownN = rules.smallCells().isSmall(n) ? null : n;
    if (isCount) {
      return shownN == null
          ? new Figure(null, null, null, null, null, Figure.SUPPRESSED)
          : new Figure(n, n, null, null, null, null);
    }
    if (n == 0) {
      return new Figure(0L, 0L, null, null, null, null);
    }
    if (rules.smallCells().suppress(x, n) || n < rules.minimumN()) {
      return new Figure(shownN, null, null, null, null, Figure.SUPPRESSED);
    }
    Interval ci = ProportionInterval.wilson(x, n, Figure.CONFIDENCE);
    return new Figure(n, x, (double) x / n, ci.lower(), ci.upper(), null);
  }
}
