package quebec.balises.ingest;

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
 * Keeps one version of each resource and judges its content ({@link CurrentVersions}), one group
 * per resource id: a handful of versions, bounded. The job runs it on the establishments only,
 * which join no patient's journey (docs/decisions/0019); every other resource's versions are chosen
 * in its patient's journey.
 */
public final class SelectCurrentVersions
    extends PTransform<PCollection<ParsedResource>, PCollectionTuple> {
  public static final TupleTag<ParsedResource> CURRENT = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};
  private static final String STAGE = "SelectCurrentVersions";

  @Override
  public PCollectionTuple expand(PCollection<ParsedResource> resources) {
    PCollectionTuple chosen =
        resources
            .apply(
                "KeyByReference",
                WithKeys.of(ParsedResource::reference).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ParsedResource.class)))
            .apply("GroupVersions", GroupByKey.create())
            .apply(
                "KeepLatestUsable",
                ParDo.of(new KeepLatestFn()).withOutputTags(CURRENT, TupleTagList.of(REJECTED)));
    chosen.get(CURRENT).setCoder(RecordCoder.of(ParsedResource.class));
    chosen.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    return chosen;
  }

  static final class KeepLatestFn
      extends DoFn<KV<String, Iterable<ParsedResource>>, ParsedResource> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<ParsedResource>> versions, MultiOutputReceiver out) {
      Failsafe.run(
          versions.getValue(),
          STAGE,
          out.get(REJECTED)::output,
          held -> {
            CurrentVersions.Sorted sorted = CurrentVersions.of(versions.getValue());
            sorted.rejected().forEach(r -> held.output(out.get(REJECTED)::output, r));
            sorted.current().forEach(r -> held.output(out.get(CURRENT)::output, r));
          });
    }
  }
}
