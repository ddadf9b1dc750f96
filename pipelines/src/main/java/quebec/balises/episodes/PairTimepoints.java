package quebec.balises.episodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoredResponse;

/**
 * Stage 6: places each scored response at its trajectory's timepoint ({@link TimepointPlan}), keeps
 * one per episode × instrument × timepoint ({@link TimepointSelection}) and pairs each follow-up
 * with the baseline, scale by scale. One group per episode and instrument: a handful of responses,
 * bounded.
 */
public final class PairTimepoints
    extends PTransform<PCollection<ScoredResponse>, PCollectionTuple> {
  public static final TupleTag<EpisodeScale> PAIRS = new TupleTag<>() {};
  public static final TupleTag<TimepointAssignment> ASSIGNMENTS = new TupleTag<>() {};

  /**
   * Responses and groups whose placing or pairing failed unexpectedly ({@link Failsafe}): derived
   * dead letters. The responses stay accepted; what they would have added is missing.
   */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  private static final TupleTag<KV<String, Placed>> PLACED = new TupleTag<>() {};

  private final TimepointPlan plan;

  public PairTimepoints(TimepointPlan plan) {
    this.plan = plan;
  }

  /** A response inside a timepoint's window. */
  record Placed(ScoredResponse response, Timepoint timepoint, long daysFromAnchor)
      implements java.io.Serializable {}

  @Override
  public PCollectionTuple expand(PCollection<ScoredResponse> scored) {
    PCollectionTuple placed =
        scored.apply(
            "PlaceInWindows",
            ParDo.of(new PlaceFn(plan))
                .withOutputTags(PLACED, TupleTagList.of(ASSIGNMENTS).and(FAILED)));
    placed.get(ASSIGNMENTS).setCoder(RecordCoder.of(TimepointAssignment.class));
    PCollectionTuple paired =
        placed
            .get(PLACED)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Placed.class)))
            .apply("GroupByEpisodeAndInstrument", GroupByKey.create())
            .apply(
                "KeepOnePerTimepointAndPair",
                ParDo.of(new PairFn(plan))
                    .withOutputTags(PAIRS, TupleTagList.of(ASSIGNMENTS).and(FAILED)));
    paired.get(PAIRS).setCoder(RecordCoder.of(EpisodeScale.class));
    paired.get(ASSIGNMENTS).setCoder(RecordCoder.of(TimepointAssignment.class));
    PCollection<TimepointAssignment> assignments =
        PCollectionList.of(placed.get(ASSIGNMENTS))
            .and(paired.get(ASSIGNMENTS))
            .apply("AllAssignments", Flatten.pCollections());
    RecordCoder<Rejection> failedCoder = RecordCoder.of(Rejection.class);
    PCollection<Rejection> failed =
        PCollectionList.of(placed.get(FAILED).setCoder(failedCoder))
            .and(paired.get(FAILED).setCoder(failedCoder))
            .apply("AllFailed", Flatten.pCollections());
    return PCollectionTuple.of(PAIRS, paired.get(PAIRS))
        .and(ASSIGNMENTS, assignments)
        .and(FAILED, failed);
  }

  static final class PlaceFn extends DoFn<ScoredResponse, KV<String, Placed>> {
    private final TimepointPlan plan;

    PlaceFn(TimepointPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element ScoredResponse scored, MultiOutputReceiver out) {
      Throwable failure = Failsafe.run(held -> place(scored, out, held));
      if (failure != null) {
        out.get(FAILED)
            .output(
                Failsafe.derived(
                    scored.linked().source(), scored, "PairTimepoints.PlaceInWindows", failure));
      }
    }

    private void place(ScoredResponse scored, MultiOutputReceiver out, Failsafe.Held held) {
      LinkedResponse linked = scored.linked();
      TimepointPlan.Assignment assignment =
          plan.assign(
              linked.episode().episode().trajectory(),
              linked.episode().episode().anchorDate(),
              linked.response().authoredDate());
      if (assignment instanceof TimepointPlan.InWindow in) {
        String key = linked.response().episodeId() + "\u0000" + linked.response().instrument();
        held.output(
            out.get(PLACED)::output,
            KV.of(key, new Placed(scored, in.timepoint(), in.daysFromAnchor())));
      } else {
        held.output(
            out.get(ASSIGNMENTS)::output,
            new TimepointAssignment(
                scored,
                null,
                assignment.daysFromAnchor(),
                ((TimepointPlan.Outside) assignment).reason()));
      }
    }
  }

  static final class PairFn extends DoFn<KV<String, Iterable<Placed>>, EpisodeScale> {
    private final TimepointPlan plan;

    PairFn(TimepointPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Placed>> group, MultiOutputReceiver out) {
      Throwable failure = Failsafe.run(held -> pair(group, out, held));
      if (failure != null) {
        Placed first = group.getValue().iterator().next();
        out.get(FAILED)
            .output(
                Failsafe.derived(
                    first.response().linked().episode().source(),
                    group,
                    "PairTimepoints.KeepOnePerTimepointAndPair",
                    failure));
      }
    }

    private void pair(
        KV<String, Iterable<Placed>> group, MultiOutputReceiver out, Failsafe.Held held) {
      Map<String, List<TimepointSelection.Candidate<Placed>>> byTimepoint = new TreeMap<>();
      Placed any = null;
      for (Placed placed : group.getValue()) {
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
          held.output(
              out.get(ASSIGNMENTS)::output,
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
        pair(any, timepoint, baseline, followup)
            .forEach(pair -> held.output(out.get(PAIRS)::output, pair));
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
      Set<String> scales = new java.util.TreeSet<>();
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
    private static String outcome(
        TimepointSelection.Candidate<Placed> candidate,
        Map<String, Placed> chosen,
        List<TimepointSelection.Candidate<Placed>> candidates,
        Timepoint timepoint) {
      Placed p = candidate.value();
      if (chosen.containsValue(p)) {
        return TimepointAssignment.KEPT;
      }
      java.util.Comparator<TimepointSelection.Candidate<Placed>> preference =
          TimepointSelection.preference(timepoint);
      for (Map.Entry<String, Placed> scale : chosen.entrySet()) {
        TimepointSelection.Candidate<Placed> keptOne =
            candidates.stream()
                .filter(c -> c.value() == scale.getValue())
                .findFirst()
                .orElseThrow();
        if (!scored(p, scale.getKey()) && preference.compare(candidate, keptOne) < 0) {
          return TimepointAssignment.NOT_KEPT_UNSCORABLE;
        }
      }
      return TimepointAssignment.NOT_KEPT_SAME_TIMEPOINT;
    }

    /**
     * One row per numeric scale either side has, each side from the response kept for that scale.
     */
    private static List<EpisodeScale> pair(
        Placed any,
        Timepoint timepoint,
        Map<String, Placed> baseline,
        Map<String, Placed> followup) {
      Map<String, Placed> baselines = baseline == null ? Map.of() : baseline;
      Map<String, Placed> followups = followup == null ? Map.of() : followup;
      Set<String> scales = new java.util.TreeSet<>();
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
     * EQ-5D's {@code profile}): the responses of the row, so the class describes the same answers
     * as the index beside it.
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
    private static java.util.Optional<Score> numericScale(Placed placed, String scale) {
      for (Score score : placed.response().scores()) {
        if (score.scale().equals(scale)
            && score.text() == null
            && !score.methodId().endsWith("_PROFILE")) {
          return java.util.Optional.of(score);
        }
      }
      return java.util.Optional.empty();
    }
  }
}
