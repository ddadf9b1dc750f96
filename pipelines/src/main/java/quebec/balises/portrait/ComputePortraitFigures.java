package quebec.balises.portrait;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.Failsafe;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PopulationRecord;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.population.PartnerFigures;

/**
 * The figures of the Measures about establishments ({@link PortraitFigures}), computed from every
 * kept portrait at once: one portrait per establishment and year makes a few thousand elements at
 * most. They go to the same disclosure control as every figure (docs/decisions/0022).
 */
public final class ComputePortraitFigures
    extends PTransform<PCollection<EstablishmentPortrait>, PCollectionTuple> {
  public static final TupleTag<IndicatorFigure> FIGURES = new TupleTag<>() {};

  /** A failure of the computation: one derived dead letter, and the run fails. */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  private final List<PortraitMeasures.PortraitMeasure> measures;
  private final PublicationRules rules;
  private final PCollection<ParsedResource> population;

  /**
   * @param population the population estimates kept, a side input: a few hundred cells a year, set
   *     against the partners (docs/decisions/0023)
   */
  public ComputePortraitFigures(
      List<PortraitMeasures.PortraitMeasure> measures,
      PublicationRules rules,
      PCollection<ParsedResource> population) {
    this.measures = List.copyOf(measures);
    this.rules = rules;
    this.population = population;
  }

  @Override
  public PCollectionTuple expand(PCollection<EstablishmentPortrait> portraits) {
    PCollectionView<List<PopulationRecord>> served =
        population
            .apply(
                "PopulationRecords",
                MapElements.into(TypeDescriptor.of(PopulationRecord.class))
                    .via(ParsedResource::population))
            .setCoder(RecordCoder.of(PopulationRecord.class))
            .apply("PopulationServed", View.asList());
    PCollectionTuple figures =
        portraits
            .apply(
                "AllPortraits",
                WithKeys.<String, EstablishmentPortrait>of("portraits")
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(EstablishmentPortrait.class)))
            .apply("GatherPortraits", GroupByKey.create())
            .apply(
                "PortraitFigures",
                ParDo.of(new FiguresFn(measures, rules, served))
                    .withSideInputs(served)
                    .withOutputTags(FIGURES, TupleTagList.of(FAILED)));
    figures.get(FIGURES).setCoder(RecordCoder.of(IndicatorFigure.class));
    figures.get(FAILED).setCoder(RecordCoder.of(Rejection.class));
    return figures;
  }

  static final class FiguresFn
      extends DoFn<KV<String, Iterable<EstablishmentPortrait>>, IndicatorFigure> {
    private final List<PortraitMeasures.PortraitMeasure> measures;
    private final PublicationRules rules;
    private final PCollectionView<List<PopulationRecord>> served;

    FiguresFn(
        List<PortraitMeasures.PortraitMeasure> measures,
        PublicationRules rules,
        PCollectionView<List<PopulationRecord>> served) {
      this.measures = measures;
      this.rules = rules;
      this.served = served;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<EstablishmentPortrait>> all,
        MultiOutputReceiver out,
        ProcessContext context) {
      List<EstablishmentPortrait> portraits = new ArrayList<>();
      all.getValue().forEach(portraits::add);
      List<PopulationRecord> population = context.sideInput(served);
      Throwable failure =
          Failsafe.run(
              held -> {
                PortraitFigures.compute(portraits, measures, rules)
                    .forEach(f -> held.output(out.get(FIGURES)::output, f));
                PartnerFigures.compute(portraits, population, measures, rules)
                    .forEach(f -> held.output(out.get(FIGURES)::output, f));
              });
      if (failure != null) {
        out.get(FAILED)
            .output(Failsafe.derived(null, all.getKey(), "ComputePortraitFigures", failure));
      }
    }
  }
}
