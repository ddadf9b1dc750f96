package quebec.balises.episodes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.Rejection;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoredResponse;

/**
 * Places each scored response at its trajectory's timepoint ({@link TimepointPlan}), keeps one per
 * episode × instrument × timepoint ({@link TimepointSelection}) and pairs each follow-up with the
 * baseline, scale by scale. Plain Java: the patient's journey ({@code journey/PatientJourney})
 * hands it the patient's scored responses, which hold every response of each of the patient's
 * episodes.
 *
 * <p>Each response is placed under its own {@link Failsafe} guard, and each episode × instrument is
 * paired under one: an unexpected failure costs what that element would have added (a derived dead
 * letter), never the rest.
 */
public final class TimepointPairing {
  private final TimepointPlan plan;

  public TimepointPairing(TimepointPlan plan) {
    this.plan = plan;
  }

  /** A response inside a timepoint's window. */
  record Placed(ScoredResponse response, Timepoint timepoint, long daysFromAnchor) {}

  /** What pairing made of a set of scored responses. */
  public record Paired(
      List<EpisodeScale> pairs, List<TimepointAssignment> assignments, List<Rejection> failed) {}

  /** Places, keeps and pairs every response of {@code scored}, whatever their episodes. */
  public Paired pair(List<ScoredResponse> scored) {
    List<EpisodeScale> pairs = new ArrayList<>();
    List<TimepointAssignment> assignments = new ArrayList<>();
    List<Rejection> failed = new ArrayList<>();
    // Episode and instrument → the responses placed in one of the trajectory's windows.
    Map<EpisodeInstrument, List<Placed>> placed = new TreeMap<>();
    for (ScoredResponse response : scored) {
      List<Placed> in = new ArrayList<>(1);
      List<TimepointAssignment> out = new ArrayList<>(1);
      Throwable failure = Failsafe.run(held -> place(response, in, out));
      if (failure != null) {
        failed.add(
            Failsafe.derived(
                response.linked().source(), response, "PairTimepoints.PlaceInWindows", failure));
        continue;
      }
      assignments.addAll(out);
      for (Placed p : in) {
        LinkedResponse linked = p.response().linked();
        placed
            .computeIfAbsent(
                new EpisodeInstrument(
                    linked.response().episodeId(), linked.response().instrument()),
                k -> new ArrayList<>())
            .add(p);
      }
    }
    for (List<Placed> group : placed.values()) {
      List<EpisodeScale> groupPairs = new ArrayList<>();
      List<TimepointAssignment> groupAssignments = new ArrayList<>();
      Throwable failure = Failsafe.run(held -> keepAndPair(group, groupPairs, groupAssignments));
      if (failure != null) {
        failed.add(
            Failsafe.derived(
                group.get(0).response().linked().episode().source(),
                group,
                "PairTimepoints.KeepOnePerTimepointAndPair",
                failure));
        continue;
      }
      pairs.addAll(groupPairs);
      assignments.addAll(groupAssignments);
    }
    return new Paired(pairs, assignments, failed);
  }

  /** A response in a window joins its group; one outside every window is assigned as such. */
  private void place(
      ScoredResponse scored, List<Placed> placed, List<TimepointAssignment> assignments) {
    LinkedResponse linked = scored.linked();
    TimepointPlan.Assignment assignment =
        plan.assign(
            linked.episode().episode().trajectory(),
            linked.episode().episode().anchorDate(),
            linked.response().authoredDate());
    if (assignment instanceof TimepointPlan.InWindow in) {
      placed.add(new Placed(scored, in.timepoint(), in.daysFromAnchor()));
    } else {
      assignments.add(
          new TimepointAssignment(
              scored,
              null,
              assignment.daysFromAnchor(),
              ((TimepointPlan.Outside) assignment).reason()));
    }
  }

  /** One episode and instrument: the response kept per timepoint and scale, then the pairs. */
  private void keepAndPair(
      List<Placed> group, List<EpisodeScale> pairs, List<TimepointAssignment> assignments) {
    Map<String, List<TimepointSelection.Candidate<Placed>>> byTimepoint = new TreeMap<>();
    Placed any = null;
    for (Placed placed : group) {
      any = placed;
      byTimepoint
          .computeIfAbsent(placed.timepoint().name(), t -> new ArrayList<>())
          .add(
              new TimepointSelection.Candidate<>(
                  placed.response().linked().response().id(), placed.daysFromAnchor(), placed));
    }
    // Timepoint → scale → the response kept for that scale.
    Map<String, Map<String, Placed>> kept = new TreeMap<>();
    for (Map.Entry<String, List<TimepointSelection.Candidate<Placed>>> entry :
        byTimepoint.entrySet()) {
      List<TimepointSelection.Candidate<Placed>> candidates = entry.getValue();
      Timepoint timepoint = candidates.get(0).value().timepoint();
      Map<String, Placed> chosen = keepPerScale(candidates, timepoint, plan.selection());
      kept.put(entry.getKey(), chosen);
      for (TimepointSelection.Candidate<Placed> candidate : candidates) {
        Placed p = candidate.value();
        assignments.add(
            new TimepointAssignment(
                p.response(),
                timepoint.name(),
                p.daysFromAnchor(),
                outcome(candidate, chosen, candidates, timepoint)));
      }
    }
    String trajectory = any.response().linked().episode().episode().trajectory();
    Map<String, Placed> baseline =
        plan.baseline(trajectory).map(b -> kept.get(b.name())).orElse(null);
    for (Timepoint timepoint : plan.timepoints(trajectory)) {
      if (timepoint.role() != Timepoint.Role.FOLLOWUP) {
        continue;
      }
      Map<String, Placed> followup = kept.get(timepoint.name());
      if (baseline == null && followup == null) {
        continue;
      }
      pairs.addAll(pair(any, timepoint, baseline, followup));
    }
  }

  /**
   * The response kept for each scale the candidates have, by the plan's rule ({@link
   * TimepointSelection}); with the first rule every scale keeps the same response.
   */
  static Map<String, Placed> keepPerScale(
      List<TimepointSelection.Candidate<Placed>> candidates,
      Timepoint timepoint,
      TimepointSelection.Rule rule) {
    Set<String> scales = new TreeSet<>();
    candidates.forEach(c -> c.value().response().scores().forEach(s -> scales.add(s.scale())));
    Map<String, Placed> chosen = new TreeMap<>();
    for (String scale : scales) {
      TimepointSelection.pick(candidates, timepoint, rule, c -> scored(c.value(), scale))
          .ifPresent(c -> chosen.put(scale, c.value()));
    }
    return chosen;
  }

  /** Whether a response has a value (or a profile) for a scale. */
  static boolean scored(Placed placed, String scale) {
    for (Score score : placed.response().scores()) {
      if (score.scale().equals(scale)) {
        return score.value() != null || score.text() != null;
      }
    }
    return false;
  }

  /**
   * Kept when chosen for any scale; else passed over as unscorable when, for a scale, it was
   * preferred to the response kept but had no score for it; else not kept for the same timepoint.
   */
  private static TimepointOutcome outcome(
      TimepointSelection.Candidate<Placed> candidate,
      Map<String, Placed> chosen,
      List<TimepointSelection.Candidate<Placed>> candidates,
      Timepoint timepoint) {
    Placed p = candidate.value();
    if (chosen.containsValue(p)) {
      return TimepointOutcome.KEPT;
    }
    Comparator<TimepointSelection.Candidate<Placed>> preference =
        TimepointSelection.preference(timepoint);
    for (Map.Entry<String, Placed> scale : chosen.entrySet()) {
      TimepointSelection.Candidate<Placed> keptOne =
          candidates.stream().filter(c -> c.value() == scale.getValue()).findFirst().orElseThrow();
      if (!scored(p, scale.getKey()) && preference.compare(candidate, keptOne) < 0) {
        return TimepointOutcome.NOT_KEPT_UNSCORABLE;
      }
    }
    return TimepointOutcome.NOT_KEPT_SAME_TIMEPOINT;
  }

  /** One row per numeric scale either side has, each side from the response kept for that scale. */
  private static List<EpisodeScale> pair(
      Placed any,
      Timepoint timepoint,
      @Nullable Map<String, Placed> baseline,
      @Nullable Map<String, Placed> followup) {
    Map<String, Placed> baselines = baseline == null ? Map.of() : baseline;
    Map<String, Placed> followups = followup == null ? Map.of() : followup;
    Set<String> scales = new TreeSet<>();
    baselines.forEach((scale, p) -> numericScale(p, scale).ifPresent(s -> scales.add(scale)));
    followups.forEach((scale, p) -> numericScale(p, scale).ifPresent(s -> scales.add(scale)));
    List<EpisodeScale> rows = new ArrayList<>();
    LinkedResponse linked = any.response().linked();
    for (String scale : scales) {
      Placed b = baselines.get(scale);
      Placed f = followups.get(scale);
      rows.add(
          new EpisodeScale(
              linked.episode(),
              linked.response().instrument(),
              scale,
              timepoint.name(),
              b == null ? null : b.response().linked().response().id(),
              b == null ? null : b.response().linked().response().authoredDate(),
              b == null ? null : numericScale(b, scale).orElse(null),
              f == null ? null : f.response().linked().response().id(),
              f == null ? null : f.response().linked().response().authoredDate(),
              f == null ? null : numericScale(f, scale).orElse(null),
              healthChange(b, f)));
    }
    return rows;
  }

  /**
   * The PCHC class of the health-state profiles of a row's two responses, when both have one (the
   * EQ-5D's {@code profile}): the responses of the row, so the class describes the same answers as
   * the index beside it.
   */
  private static @Nullable String healthChange(
      @Nullable Placed baseline, @Nullable Placed followup) {
    if (baseline == null || followup == null) {
      return null;
    }
    HealthChange change = HealthChange.classify(profile(baseline), profile(followup));
    return change == null ? null : change.code();
  }

  private static @Nullable String profile(Placed placed) {
    for (Score score : placed.response().scores()) {
      if (score.methodId().endsWith("_PROFILE")) {
        return score.text();
      }
    }
    return null;
  }

  /**
   * A response's score for a scale, when the scale is numeric: health-state profiles are text;
   * their change is a classification (PCHC), not a difference.
   */
  private static Optional<Score> numericScale(Placed placed, String scale) {
    for (Score score : placed.response().scores()) {
      if (score.scale().equals(scale)
          && score.text() == null
          && !score.methodId().endsWith("_PROFILE")) {
        return Optional.of(score);
      }
    }
    return Optional.empty();
  }

  /** The responses paired together: one episode's answers to one instrument, in that order. */
  private record EpisodeInstrument(String episodeId, String instrument)
      implements Comparable<EpisodeInstrument> {
    private static final Comparator<EpisodeInstrument> ORDER =
        Comparator.comparing(EpisodeInstrument::episodeId)
            .thenComparing(EpisodeInstrument::instrument);

    @Override
    public int compareTo(EpisodeInstrument other) {
      return ORDER.compare(this, other);
    }
  }
}
