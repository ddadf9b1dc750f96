package quebec.balises.disclosure;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import quebec.balises.episodes.Timepoint;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.Period;

/**
 * What is released, and when: the catalog's Measures, the small-count threshold, and the rule that
 * a period is published only once it is final — once no response that the job could still receive
 * can change any of its figures. Released figures of a final period are then the same in every
 * later nightly run of the same data, so two consecutive releases differ only by whole new periods,
 * never by the few people who arrived in between (docs/decisions/0012).
 *
 * <p>A period is final {@code finalAfterDays} after its last day: for a Measure counted by
 * follow-up date, the longest follow-up window of its trajectory (a later response in the same
 * window could replace the one kept, as the closest to its target); by baseline date, from the
 * earliest day of the baseline window to the last day of the last follow-up window (the follow-up
 * of a baseline in the period can arrive until then).
 */
public record ReleasePolicy(
    LocalDate asOf,
    long threshold,
    Map<String, IndicatorDefinition> indicators,
    Map<String, Integer> finalAfterDays,
    Map<String, Scope> scopes)
    implements Serializable {

  /** A policy that publishes every Measure at every level and period its cells have. */
  public ReleasePolicy(
      LocalDate asOf,
      long threshold,
      Map<String, IndicatorDefinition> indicators,
      Map<String, Integer> finalAfterDays) {
    this(asOf, threshold, indicators, finalAfterDays, Map.of());
  }

  /**
   * Where a Measure is published: at these unit levels only, and for years only or for quarters
   * too. A Measure without a scope is published wherever its cells are (docs/decisions/0017 says
   * why some data-quality rates are published for regions and the province, by year, only).
   */
  public record Scope(Set<String> levels, boolean yearsOnly) implements Serializable {
    /** Whether a cell at {@code level} for a period of {@code periodType} is published. */
    public boolean includes(String level, String periodType) {
      return levels.contains(level) && !(yearsOnly && Period.QUARTER.equals(periodType));
    }
  }

  /** Whether {@code indicatorId}'s figures are published at {@code level} for such periods. */
  public boolean publishes(String indicatorId, String level, String periodType) {
    Scope scope = scopes.get(indicatorId);
    return scope == null || scope.includes(level, periodType);
  }

  public static ReleasePolicy of(
      IndicatorCatalog catalog, TimepointPlan plan, LocalDate asOf, long threshold) {
    Map<String, IndicatorDefinition> indicators = new TreeMap<>();
    Map<String, Integer> finalAfter = new TreeMap<>();
    for (IndicatorDefinition indicator : catalog.indicators()) {
      indicators.put(indicator.id(), indicator);
      finalAfter.put(indicator.id(), finalAfterDays(indicator, plan));
    }
    return new ReleasePolicy(asOf, threshold, indicators, finalAfter);
  }

  /**
   * This policy with more Measures, each final {@code finalAfterDays} after the last day of its
   * period: the Measures about establishments, which the catalog does not hold
   * (docs/decisions/0022).
   */
  public ReleasePolicy with(List<IndicatorDefinition> more, int finalAfterDays) {
    Map<String, IndicatorDefinition> all = new TreeMap<>(indicators);
    Map<String, Integer> after = new TreeMap<>(this.finalAfterDays);
    for (IndicatorDefinition indicator : more) {
      if (all.put(indicator.id(), indicator) != null) {
        throw new IllegalArgumentException(indicator.id() + " is already released by this policy");
      }
      after.put(indicator.id(), finalAfterDays);
    }
    return new ReleasePolicy(asOf, threshold, all, after, scopes);
  }

  /** Whether every figure of {@code period} is final at the run's as-of date. */
  public boolean isFinal(String indicatorId, Period period) {
    return period.end().plusDays(finalAfterDays.get(indicatorId)).isBefore(asOf);
  }

  /** The first day on which {@code period} is final. */
  public LocalDate finalOn(String indicatorId, Period period) {
    return period.end().plusDays(finalAfterDays.get(indicatorId) + 1L);
  }

  static int finalAfterDays(IndicatorDefinition indicator, TimepointPlan plan) {
    List<Timepoint> followups =
        plan.timepoints(indicator.trajectory()).stream()
            .filter(t -> t.role() == Timepoint.Role.FOLLOWUP)
            .toList();
    if (followups.isEmpty()) {
      return 0;
    }
    if ("baseline_date".equals(indicator.periodBasis())) {
      int lastDay = followups.stream().mapToInt(Timepoint::toDays).max().orElseThrow();
      int firstBaselineDay =
          plan.baseline(indicator.trajectory()).map(Timepoint::fromDays).orElse(0);
      return lastDay - Math.min(0, firstBaselineDay);
    }
    return followups.stream().mapToInt(t -> t.toDays() - t.fromDays()).max().orElseThrow();
  }
}
