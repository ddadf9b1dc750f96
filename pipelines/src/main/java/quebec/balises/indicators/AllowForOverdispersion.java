package quebec.balises.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.DefaultCoder;
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
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.stats.Overdispersion;

/**
 * Widens the funnel limits of the indicators whose Measure asks for the multiplicative
 * overdispersion allowance ({@link Overdispersion}, docs/methods.md §1.5): the units of one level
 * (regions, RLS or establishments) of one indicator and period are gathered, φ is estimated from
 * their Winsorised z-scores, and each unit's limits and flag are redrawn with √φ when φ > 1. The
 * plain limits stay beside them. A group is the units of one level, a few hundred at most.
 *
 * <p>Applied to released figures, after disclosure control: φ is then estimated from the units
 * whose figures are published, so that it carries nothing about a withheld unit (with one withheld
 * unit in a group, φ and the others' published z-scores would give its z-score, and so its value).
 */
public final class AllowForOverdispersion
    extends PTransform<PCollection<ProtectedFigure>, PCollectionTuple> {
  /** Every figure, widened or as it was. Failures are in {@link #FAILED}. */
  public static final TupleTag<ProtectedFigure> FIGURES = new TupleTag<>() {};

  private static final TupleTag<ProtectedFigure> WIDENED = new TupleTag<>() {};

  /** Elements that failed, as dead letters. */
  public static final TupleTag<Rejection> FAILED = ComputeIndicators.FAILED;

  private static final TupleTag<ProtectedFigure> AS_IS = new TupleTag<>() {};
  private static final TupleTag<KV<FunnelGroup, ProtectedFigure>> TO_WIDEN = new TupleTag<>() {};

  /** The units of one level (regions, RLS or establishments) of one indicator and period. */
  @DefaultCoder(RecordCoder.class)
  record FunnelGroup(IndicatorPeriod period, String level) {}

  private final Set<String> indicatorIds;

  /**
   * @param indicatorIds the indicators whose Measure asks for {@code multiplicative}
   */
  AllowForOverdispersion(Set<String> indicatorIds) {
    this.indicatorIds = Set.copyOf(indicatorIds);
  }

  /** For the catalog's Measures that ask for the multiplicative allowance. */
  public static AllowForOverdispersion of(IndicatorCatalog catalog) {
    return new AllowForOverdispersion(
        catalog.indicators().stream()
            .filter(IndicatorDefinition::multiplicativeOverdispersion)
            .map(IndicatorDefinition::id)
            .collect(java.util.stream.Collectors.toSet()));
  }

  @Override
  public PCollectionTuple expand(PCollection<ProtectedFigure> figures) {
    // Coders come from the records' @DefaultCoder: equal coders on both inputs of each flatten, as
    // the Flink runner wants.
    PCollectionTuple split =
        figures.apply(
            "FunnelsToWiden",
            ParDo.of(new SplitFn(indicatorIds))
                .withOutputTags(AS_IS, TupleTagList.of(TO_WIDEN).and(ComputeIndicators.FAILED)));
    PCollectionTuple widened =
        split
            .get(TO_WIDEN)
            .apply("GroupByLevel", GroupByKey.create())
            .apply(
                "WidenByPhi",
                ParDo.of(new WidenFn())
                    .withOutputTags(WIDENED, TupleTagList.of(ComputeIndicators.FAILED)));
    PCollection<ProtectedFigure> all =
        PCollectionList.of(split.get(AS_IS))
            .and(widened.get(WIDENED))
            .apply("AllFigures", Flatten.pCollections());
    PCollection<Rejection> failed =
        PCollectionList.of(split.get(ComputeIndicators.FAILED))
            .and(widened.get(ComputeIndicators.FAILED))
            .apply("AllFailed", Flatten.pCollections());
    return PCollectionTuple.of(FIGURES, all).and(ComputeIndicators.FAILED, failed);
  }

  static final class SplitFn extends DoFn<ProtectedFigure, ProtectedFigure> {
    private final Set<String> indicatorIds;

    SplitFn(Set<String> indicatorIds) {
      this.indicatorIds = indicatorIds;
    }

    @ProcessElement
    public void process(@Element ProtectedFigure released, MultiOutputReceiver out) {
      IndicatorFigure figure = released.figure();
      ComputeIndicators.guard(
          released,
          "ComputeIndicators.FunnelsToWiden",
          out,
          held -> {
            FunnelGroup group = groupOf(figure, indicatorIds);
            if (group != null) {
              held.output(out.get(TO_WIDEN)::output, KV.of(group, released));
            } else {
              held.output(out.get(AS_IS)::output, released);
            }
          });
    }
  }

  static final class WidenFn
      extends DoFn<KV<FunnelGroup, Iterable<ProtectedFigure>>, ProtectedFigure> {
    @ProcessElement
    public void process(
        @Element KV<FunnelGroup, Iterable<ProtectedFigure>> level, MultiOutputReceiver out) {
      ComputeIndicators.guard(
          level,
          "ComputeIndicators.WidenByPhi",
          out,
          held -> {
            List<ProtectedFigure> units = new ArrayList<>();
            level.getValue().forEach(units::add);
            for (ProtectedFigure unit : widen(units)) {
              held.output(out.get(WIDENED)::output, unit);
            }
          });
    }
  }

  /**
   * The group whose φ widens this figure's funnel, or null when the figure stays as it is: it has
   * no funnel (withheld, or dropped by disclosure control), or its Measure asks for no allowance.
   */
  static @Nullable FunnelGroup groupOf(IndicatorFigure figure, Set<String> indicatorIds) {
    if (figure.funnel() == null || !indicatorIds.contains(figure.indicatorId())) {
      return null;
    }
    return new FunnelGroup(figure.cell().provinceKey(), figure.cell().level());
  }

  /** One group's units, each with its limits widened by the group's φ; as they were without φ. */
  static List<ProtectedFigure> widen(List<ProtectedFigure> units) {
    Double phi = phi(units.stream().map(ProtectedFigure::figure).toList());
    return phi == null ? units : units.stream().map(u -> u.withOverdispersion(phi)).toList();
  }

  /**
   * φ of one level's units: from the z-scores that are finite (a funnel with no spread, every unit
   * at 0 % or 100 %, has none); null when none is.
   */
  static Double phi(List<IndicatorFigure> units) {
    double[] z = units.stream().mapToDouble(u -> u.funnel().z()).filter(Double::isFinite).toArray();
    return z.length == 0 ? null : Overdispersion.phi(z);
  }
}
