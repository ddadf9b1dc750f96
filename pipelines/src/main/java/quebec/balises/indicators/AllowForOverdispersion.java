package quebec.balises.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    extends PTransform<PCollection<IndicatorFigure>, PCollectionTuple> {
  /** Every figure, widened or as it was. Failures are in {@link #FAILED}. */
  public static final TupleTag<IndicatorFigure> FIGURES = new TupleTag<>() {};

  private static final TupleTag<IndicatorFigure> WIDENED = new TupleTag<>() {};

  /** Elements that failed, as dead letters. */
  public static final TupleTag<Rejection> FAILED = ComputeIndicators.FAILED;

  private static final TupleTag<IndicatorFigure> AS_IS = new TupleTag<>() {};
  private static final TupleTag<KV<String, IndicatorFigure>> TO_WIDEN = new TupleTag<>() {};

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
  public PCollectionTuple expand(PCollection<IndicatorFigure> figures) {
    // One coder instance for both inputs of the flatten, as the Flink runner wants equal coders.
    RecordCoder<IndicatorFigure> coder = RecordCoder.of(IndicatorFigure.class);
    PCollectionTuple split =
        figures.apply(
            "FunnelsToWiden",
            ParDo.of(new SplitFn(indicatorIds))
                .withOutputTags(AS_IS, TupleTagList.of(TO_WIDEN).and(ComputeIndicators.FAILED)));
    PCollectionTuple widened =
        split
            .get(TO_WIDEN)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(IndicatorFigure.class)))
            .apply("GroupByLevel", GroupByKey.create())
            .apply(
                "WidenByPhi",
                ParDo.of(new WidenFn())
                    .withOutputTags(WIDENED, TupleTagList.of(ComputeIndicators.FAILED)));
    RecordCoder<Rejection> failedCoder = RecordCoder.of(Rejection.class);
    PCollection<IndicatorFigure> all =
        PCollectionList.of(split.get(AS_IS).setCoder(coder))
            .and(widened.get(WIDENED).setCoder(coder))
            .apply("AllFigures", Flatten.pCollections());
    PCollection<Rejection> failed =
        PCollectionList.of(split.get(ComputeIndicators.FAILED).setCoder(failedCoder))
            .and(widened.get(ComputeIndicators.FAILED).setCoder(failedCoder))
            .apply("AllFailed", Flatten.pCollections());
    return PCollectionTuple.of(FIGURES, all).and(ComputeIndicators.FAILED, failed);
  }

  static final class SplitFn extends DoFn<IndicatorFigure, IndicatorFigure> {
    private final Set<String> indicatorIds;

    SplitFn(Set<String> indicatorIds) {
      this.indicatorIds = indicatorIds;
    }

    @ProcessElement
    public void process(@Element IndicatorFigure figure, MultiOutputReceiver out) {
      ComputeIndicators.guard(
          figure,
          "ComputeIndicators.FunnelsToWiden",
          out,
          held -> {
            if (figure.funnel() != null && indicatorIds.contains(figure.indicatorId())) {
              held.output(
                  out.get(TO_WIDEN)::output,
                  KV.of(figure.cell().provinceKey() + '|' + figure.cell().level(), figure));
            } else {
              held.output(out.get(AS_IS)::output, figure);
            }
          });
    }
  }

  static final class WidenFn extends DoFn<KV<String, Iterable<IndicatorFigure>>, IndicatorFigure> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<IndicatorFigure>> level, MultiOutputReceiver out) {
      ComputeIndicators.guard(
          level,
          "ComputeIndicators.WidenByPhi",
          out,
          held -> {
            List<IndicatorFigure> units = new ArrayList<>();
            level.getValue().forEach(units::add);
            Double phi = phi(units);
            for (IndicatorFigure unit : units) {
              held.output(
                  out.get(WIDENED)::output,
                  phi == null ? unit : unit.withFunnel(unit.funnel().withOverdispersion(phi)));
            }
          });
    }
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
