package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.model.Counters;
import quebec.balises.model.Failsafe;
import quebec.balises.model.Rejection;

/**
 * Stage 8, the one door to {@code public/}: the figures of each trajectory are gathered and
 * released by {@link TrajectoryRelease} — a complete grid, final periods only, every Measure
 * counted on the same date protected as one table per period, every withheld count audited as an
 * attacker would. A trajectory holds cells, not rows: a group is bounded by Measures × units ×
 * strata × periods, whatever the number of responses.
 */
public final class ProtectPublicFigures
    extends PTransform<PCollection<IndicatorFigure>, PCollectionTuple> {
  /** The released figures, the only ones the writers of {@code public/} accept. */
  public static final TupleTag<ProtectedFigure> FIGURES = new TupleTag<>() {};

  /**
   * Trajectories whose release failed unexpectedly ({@link Failsafe}): none of their figures is
   * released, and each becomes one derived dead letter.
   */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  private final ReleasePolicy policy;

  public ProtectPublicFigures(ReleasePolicy policy) {
    this.policy = policy;
  }

  @Override
  public PCollectionTuple expand(PCollection<IndicatorFigure> figures) {
    PCollectionTuple released =
        figures
            .apply(
                "ByTrajectory",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(IndicatorFigure.class)))
                    .via(f -> KV.of(f.trajectory(), f)))
            .apply("GatherTrajectories", GroupByKey.create())
            .apply(
                "ReleaseTrajectory",
                ParDo.of(new ReleaseFn(policy)).withOutputTags(FIGURES, TupleTagList.of(FAILED)));
    return released;
  }

  static final class ReleaseFn
      extends DoFn<KV<String, Iterable<IndicatorFigure>>, ProtectedFigure> {
    private final ReleasePolicy policy;
    private final Counter primary = Counters.counter(Counters.SUPPRESSED_PRIMARY);
    private final Counter complementary = Counters.counter(Counters.SUPPRESSED_COMPLEMENTARY);
    private final Counter notYetFinal = Counters.counter(Counters.FIGURES_NOT_YET_FINAL);

    ReleaseFn(ReleasePolicy policy) {
      this.policy = policy;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<IndicatorFigure>> trajectory, MultiOutputReceiver out) {
      // Held until the whole trajectory is released: a failure half way never lets out a figure
      // whose complements were not yet suppressed.
      Throwable failure =
          Failsafe.run(
              held -> {
                List<IndicatorFigure> figures = new ArrayList<>();
                trajectory.getValue().forEach(figures::add);
                // A fixed order, so that ties between complements are broken the same way on
                // every run.
                figures.sort(Comparator.comparing(IndicatorFigure::cell, Cell.ORDER));
                TrajectoryRelease.Outcome outcome =
                    TrajectoryRelease.release(trajectory.getKey(), figures, policy);
                primary.inc(outcome.primary());
                complementary.inc(outcome.complementary());
                notYetFinal.inc(outcome.notYetFinal());
                outcome
                    .figures()
                    .forEach(f -> held.output(out.get(FIGURES)::output, new ProtectedFigure(f)));
              });
      if (failure != null) {
        out.get(FAILED).output(Failsafe.derived(null, trajectory, "ProtectPublicFigures", failure));
      }
    }
  }
}
