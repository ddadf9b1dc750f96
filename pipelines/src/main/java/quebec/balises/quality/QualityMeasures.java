package quebec.balises.quality;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.disclosure.ReleasePolicy;
import quebec.balises.episodes.Timepoint;
import quebec.balises.episodes.TimepointOutcome;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.expression.Criteria;

/**
 * The data-quality measures of a catalog: which figures can be judged by which participation,
 * follow-up and completeness rates. Plain Java.
 *
 * <ul>
 *   <li>participation, for each trajectory with a baseline timepoint;
 *   <li>completeness, for each instrument, scale and timepoint a catalog Measure counts;
 *   <li>follow-up response, for those of them that a follow-up completion Measure counts (it reads
 *       {@code has_baseline}): its counts are that Measure's, one quantity for disclosure control;
 *   <li>each outcome of timepoint assignment, for each trajectory.
 * </ul>
 */
public final class QualityMeasures {
  private QualityMeasures() {}

  /** The outcomes of {@code restricted/timepoint_assignments}, in the order they are listed. */
  public static final List<String> OUTCOMES =
      Arrays.stream(TimepointOutcome.values()).map(TimepointOutcome::code).toList();

  /**
   * The field of the follow-up completion Measures: only their instrument, scale and timepoint get
   * a follow-up response series. Another instrument's series would be nearly equal to theirs
   * (questionnaires answered together), equal wherever both are published, and a reader who takes
   * the two for one population could carry one's published cells into the other's withheld ones
   * (docs/decisions/0017).
   */
  private static final Set<String> BASELINE_FIELDS = Set.of("has_baseline");

  private static final Pattern INSTRUMENT = Pattern.compile("instrument\\s*=\\s*'([^']+)'");
  private static final Pattern SCALE = Pattern.compile("scale\\s*=\\s*'([^']+)'");
  private static final Pattern TIMEPOINT = Pattern.compile("timepoint\\s*=\\s*'([^']+)'");

  /** Every data-quality measure of the catalog's trajectories, in a fixed order. */
  public static List<QualityMeasure> of(IndicatorCatalog catalog, TimepointPlan plan) {
    // trajectory → "instrument|scale|timepoint" → whether a Measure of it reads the baseline.
    Map<String, Map<String, Boolean>> counted = new TreeMap<>();
    // trajectory|instrument|scale|timepoint whose completeness a catalog Measure already publishes.
    Set<String> published = new TreeSet<>();
    for (IndicatorDefinition indicator : catalog.indicators()) {
      String[] triple = counted(indicator);
      if (triple == null) {
        continue;
      }
      String instrument = triple[0];
      String scale = triple[1];
      String timepoint = triple[2];
      Set<String> fields = new TreeSet<>();
      for (Criteria criteria :
          new Criteria[] {
            indicator.initialPopulation(), indicator.denominator(), indicator.numerator()
          }) {
        if (criteria != null) {
          fields.addAll(criteria.fields());
        }
      }
      if (indicator.observation() != null) {
        fields.add(indicator.observation());
      }
      boolean readsBaseline = fields.stream().anyMatch(BASELINE_FIELDS::contains);
      if (countsCompleteness(indicator)) {
        published.add(indicator.trajectory() + "|" + instrument + "|" + scale + "|" + timepoint);
      }
      counted
          .computeIfAbsent(indicator.trajectory(), t -> new TreeMap<>())
          .merge(instrument + "|" + scale + "|" + timepoint, readsBaseline, Boolean::logicalOr);
    }
    List<QualityMeasure> measures = new ArrayList<>();
    for (Map.Entry<String, Map<String, Boolean>> trajectory : counted.entrySet()) {
      String t = trajectory.getKey();
      boolean hasBaseline = plan.baseline(t).isPresent();
      if (hasBaseline) {
        measures.add(new QualityMeasure(t, QualityMeasure.PARTICIPATION, "", "", "", ""));
      }
      for (Map.Entry<String, Boolean> triple : trajectory.getValue().entrySet()) {
        String[] parts = triple.getKey().split("\\|");
        if (hasBaseline && triple.getValue()) {
          measures.add(
              new QualityMeasure(
                  t, QualityMeasure.FOLLOWUP_RESPONSE, parts[0], parts[1], parts[2], ""));
        }
        if (!published.contains(t + "|" + triple.getKey())) {
          measures.add(
              new QualityMeasure(t, QualityMeasure.COMPLETENESS, parts[0], parts[1], parts[2], ""));
        }
      }
      for (String outcome : OUTCOMES) {
        measures.add(new QualityMeasure(t, QualityMeasure.TIMEPOINT_OUTCOME, "", "", "", outcome));
      }
    }
    return List.copyOf(measures);
  }

  /**
   * Whether a catalog Measure counts completeness itself (rows with a follow-up; those with a
   * scored follow-up), as {@code hip-hoos-jr-completeness-12m} does: the indicators then publish
   * it, and a data-quality copy, published more coarsely, would only be a second door to its
   * counts.
   */
  static boolean countsCompleteness(IndicatorDefinition indicator) {
    return indicator.numerator() != null
        && indicator.numerator().fields().equals(Set.of("followup_value"))
        && indicator.denominator().fields().contains("has_followup");
  }

  /**
   * The release policy of the indicators and the data-quality measures together: the catalog's
   * Measures as {@link ReleasePolicy#of} makes them, plus each data-quality measure with the days
   * after which its periods are final.
   */
  public static ReleasePolicy releasePolicy(
      IndicatorCatalog catalog,
      TimepointPlan plan,
      List<QualityMeasure> measures,
      LocalDate asOf,
      long threshold) {
    ReleasePolicy indicators = ReleasePolicy.of(catalog, plan, asOf, threshold);
    Map<String, IndicatorDefinition> definitions = new TreeMap<>(indicators.indicators());
    Map<String, Integer> finalAfter = new TreeMap<>(indicators.finalAfterDays());
    definitions.putAll(definitions(catalog, measures));
    Map<String, ReleasePolicy.Scope> scopes = new TreeMap<>();
    for (QualityMeasure measure : measures) {
      finalAfter.put(measure.id(), finalAfterDays(measure, plan));
      if (measure.scope() != null) {
        scopes.put(measure.id(), measure.scope());
      }
    }
    return new ReleasePolicy(asOf, threshold, definitions, finalAfter, scopes);
  }

  /**
   * Each measure as a Measure of its trajectory, with the stratifiers of the trajectory's first
   * catalog Measure (the catalog's Measures of one trajectory share them).
   */
  public static Map<String, IndicatorDefinition> definitions(
      IndicatorCatalog catalog, List<QualityMeasure> measures) {
    Map<String, Map<String, String>> stratifiers = new TreeMap<>();
    for (IndicatorDefinition indicator : catalog.indicators()) {
      stratifiers.putIfAbsent(indicator.trajectory(), indicator.stratifiers());
    }
    Map<String, IndicatorDefinition> definitions = new TreeMap<>();
    for (QualityMeasure measure : measures) {
      definitions.put(
          measure.id(),
          measure.definition(stratifiers.getOrDefault(measure.trajectory(), Map.of())));
    }
    return definitions;
  }

  /**
   * Days after a period's last day until its counts can no longer change. Participation: until the
   * baseline window of an episode anchored on the last day closes. Follow-up response: as the
   * follow-up completion Measures (the span from the baseline window to the last follow-up window).
   * Completeness: the longest follow-up window, as the Measures counted by follow-up date.
   * Timepoint outcomes: the longest window of any timepoint (a later response in the same window
   * can turn a kept response into one set aside).
   */
  static int finalAfterDays(QualityMeasure measure, TimepointPlan plan) {
    List<Timepoint> timepoints = plan.timepoints(measure.trajectory());
    List<Timepoint> followups =
        timepoints.stream().filter(t -> t.role() == Timepoint.Role.FOLLOWUP).toList();
    switch (measure.periodBasis()) {
      case QualityMeasure.ANCHOR_DATE:
        return Math.max(0, plan.baseline(measure.trajectory()).map(Timepoint::toDays).orElse(0));
      case "baseline_date":
        {
          int lastDay = followups.stream().mapToInt(Timepoint::toDays).max().orElse(0);
          int firstBaselineDay =
              plan.baseline(measure.trajectory()).map(Timepoint::fromDays).orElse(0);
          return lastDay - Math.min(0, firstBaselineDay);
        }
      default:
        if (measure.isCount()) {
          return timepoints.stream().mapToInt(t -> t.toDays() - t.fromDays()).max().orElse(0);
        }
        return followups.stream().mapToInt(t -> t.toDays() - t.fromDays()).max().orElse(0);
    }
  }

  /**
   * The instrument, scale and timepoint a Measure counts, as its population criteria name them
   * ({@code instrument = 'HOOS_JR' and scale = 'interval' and timepoint = '12m'}); null when they
   * do not name all three.
   */
  public static String @Nullable [] counted(IndicatorDefinition indicator) {
    String text = indicator.initialPopulation().text() + " " + indicator.denominator().text();
    String instrument = first(INSTRUMENT, text);
    String scale = first(SCALE, text);
    String timepoint = first(TIMEPOINT, text);
    if (instrument == null || scale == null || timepoint == null) {
      return null;
    }
    return new String[] {instrument, scale, timepoint};
  }

  private static @Nullable String first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }
}
