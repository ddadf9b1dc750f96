package quebec.balises.episodes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.RecordCoder;
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
            ParDo.of(new PlaceFn(plan)).withOutputTags(PLACED, TupleTagList.of(ASSIGNMENTS)));
    placed.get(ASSIGNMENTS).setCoder(RecordCoder.of(TimepointAssignment.class));
    PCollectionTuple paired =
        placed
            .get(PLACED)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Placed.class)))
            .apply("GroupByEpisodeAndInstrument", GroupByKey.create())
            .apply(
                "KeepOnePerTimepointAndPair",
                ParDo.of(new PairFn(plan)).withOutputTags(PAIRS, TupleTagList.of(ASSIGNMENTS)));
    paired.get(PAIRS).setCoder(RecordCoder.of(EpisodeScale.class));
    paired.get(ASSIGNMENTS).setCoder(RecordCoder.of(TimepointAssignment.class));
    PCollection<TimepointAssignment> assignments =
        PCollectionList.of(placed.get(ASSIGNMENTS))
            .and(paired.get(ASSIGNMENTS))
            .apply("AllAssignments", Flatten.pCollections());
    return PCollectionTuple.of(PAIRS, paired.get(PAIRS)).and(ASSIGNMENTS, assignments);
  }

  static final class PlaceFn extends DoFn<ScoredResponse, KV<String, Placed>> {
    private final TimepointPlan plan;

    PlaceFn(TimepointPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element ScoredResponse scored, MultiOutputReceiver out) {
      LinkedResponse linked = scored.linked();
      TimepointPlan.Assignment assignment =
          plan.assign(
              linked.episode().episode().trajectory(),
              linked.episode().episode().anchorDate(),
              linked.response().authoredDate());
      if (assignment instanceof TimepointPlan.InWindow in) {
        String key = linked.response().episodeId() + "\u0000" + linked.response().instrument();
        out.get(PLACED).output(KV.of(key, new Placed(scored, in.timepoint(), in.daysFromAnchor())));
      } else {
        out.get(ASSIGNMENTS)
            .output(
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
      Map<String, Placed> kept = new TreeMap<>();
      for (Map.Entry<String, List<TimepointSelection.Candidate<Placed>>> entry :
          byTimepoint.entrySet()) {
        Timepoint timepoint = entry.getValue().get(0).value().timepoint();
        Placed chosen = TimepointSelection.pick(entry.getValue(), timepoint).orElseThrow().value();
        kept.put(entry.getKey(), chosen);
        for (TimepointSelection.Candidate<Placed> candidate : entry.getValue()) {
          Placed p = candidate.value();
          out.get(ASSIGNMENTS)
              .output(
                  new TimepointAssignment(
                      p.response(),
                      timepoint.name(),
                      p.daysFromAnchor(),
                      p == chosen
                          ? TimepointAssignment.KEPT
                          : TimepointAssignment.NOT_KEPT_SAME_TIMEPOINT));
        }
      }
      String trajectory = any.response().linked().episode().episode().trajectory();
      Placed baseline = plan.baseline(trajectory).map(b -> kept.get(b.name())).orElse(null);
      for (Timepoint timepoint : plan.timepoints(trajectory)) {
        if (timepoint.role() != Timepoint.Role.FOLLOWUP) {
          continue;
        }
        Placed followup = kept.get(timepoint.name());
        if (baseline == null && followup == null) {
          continue;
        }
        pair(any, timepoint, baseline, followup).forEach(out.get(PAIRS)::output);
      }
    }

    /** One row per numeric scale either side has. */
    private static List<EpisodeScale> pair(
        Placed any, Timepoint timepoint, Placed baseline, Placed followup) {
      Map<String, Score> before = numericScales(baseline);
      Map<String, Score> after = numericScales(followup);
      Set<String> scales = new LinkedHashSet<>(before.keySet());
      scales.addAll(after.keySet());
      List<EpisodeScale> rows = new ArrayList<>();
      LinkedResponse linked = any.response().linked();
      for (String scale : scales) {
        rows.add(
            new EpisodeScale(
                linked.episode(),
                linked.response().instrument(),
                scale,
                timepoint.name(),
                baseline == null ? null : baseline.response().linked().response().id(),
                baseline == null ? null : baseline.response().linked().response().authoredDate(),
                before.get(scale),
                followup == null ? null : followup.response().linked().response().id(),
                followup == null ? null : followup.response().linked().response().authoredDate(),
                after.get(scale)));
      }
      return rows;
    }

    private static Map<String, Score> numericScales(Placed placed) {
      Map<String, Score> scales = new TreeMap<>();
      if (placed != null) {
        for (Score score : placed.response().scores()) {
          // Health-state profiles are text; their change is a classification (PCHC), not a
          // difference, and is left to the indicator that needs it.
          if (score.text() == null && !score.methodId().endsWith("_PROFILE")) {
            scales.put(score.scale(), score);
          }
        }
      }
      return scales;
    }
  }
}
