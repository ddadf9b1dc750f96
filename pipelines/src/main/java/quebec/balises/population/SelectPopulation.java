package quebec.balises.population;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.model.Failsafe;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;

/**
 * The population served (docs/decisions/0023): every population record of the run gathered in one
 * place, since a province has a few hundred cells a year, and chosen by {@link
 * PopulationRules#select}. Every record in ends as one kept estimate or one dead letter.
 */
public final class SelectPopulation
    extends PTransform<PCollection<ParsedResource>, PCollectionTuple> {
  /** The estimates kept, one per region, year, sex and age band, whole regions only. */
  public static final TupleTag<ParsedResource> POPULATION = new TupleTag<>() {};

  /** Every other record, with its reason. */
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<ParsedResource> records) {
    PCollectionTuple chosen =
        records
            .apply(
                "AllPopulation",
                WithKeys.<String, ParsedResource>of("population")
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ParsedResource.class)))
            .apply("GatherPopulation", GroupByKey.create())
            .apply(
                "OnePerCellWholeRegions",
                ParDo.of(new SelectFn()).withOutputTags(POPULATION, TupleTagList.of(REJECTED)));
    chosen.get(POPULATION).setCoder(RecordCoder.of(ParsedResource.class));
    chosen.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    return chosen;
  }

  static final class SelectFn extends DoFn<KV<String, Iterable<ParsedResource>>, ParsedResource> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<ParsedResource>> all, MultiOutputReceiver out) {
      List<ParsedResource> records = new ArrayList<>();
      all.getValue().forEach(records::add);
      Failsafe.run(
          records,
          "SelectPopulation",
          out.get(REJECTED)::output,
          held -> {
            PopulationRules.Choice choice = PopulationRules.select(records);
            choice.rejected().forEach(r -> held.output(out.get(REJECTED)::output, r));
            choice.kept().forEach(r -> held.output(out.get(POPULATION)::output, r));
          });
    }
  }
}
