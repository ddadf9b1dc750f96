package quebec.balises.portrait;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.ingest.EstablishmentsById;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.Failsafe;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;

/**
 * The establishments' portraits (docs/decisions/0022): the latest version of each response ({@link
 * CurrentVersions}, as for every resource), its subject checked against the establishments kept,
 * then one portrait per establishment and year ({@link PortraitRules#onePerEstablishmentYear}).
 * Every record in ends as one kept portrait or one dead letter.
 */
public final class SelectPortraits
    extends PTransform<PCollection<ParsedResource>, PCollectionTuple> {
  /** The portraits kept, one per establishment and year. */
  public static final TupleTag<EstablishmentPortrait> PORTRAITS = new TupleTag<>() {};

  /** Every other record, with its reason. */
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  private static final TupleTag<KV<EstablishmentYear, ParsedResource>> CURRENT =
      new TupleTag<>() {};

  private final PCollection<ParsedResource> establishments;

  /**
   * @param establishments the Organizations kept, each an establishment
   */
  public SelectPortraits(PCollection<ParsedResource> establishments) {
    this.establishments = establishments;
  }

  @Override
  public PCollectionTuple expand(PCollection<ParsedResource> portraits) {
    PCollectionView<Map<String, EstablishmentRecord>> sites =
        establishments.apply("EstablishmentsById", new EstablishmentsById());
    KvCoder<String, ParsedResource> keyed =
        KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ParsedResource.class));
    PCollectionTuple current =
        portraits
            .apply(
                "ByResponse",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(ParsedResource.class)))
                    .via(r -> KV.of(r.reference(), r)))
            .setCoder(keyed)
            .apply("VersionsOfEachResponse", GroupByKey.create())
            .apply(
                "LatestVersionAndEstablishment",
                ParDo.of(new CurrentFn(sites))
                    .withSideInputs(sites)
                    .withOutputTags(CURRENT, TupleTagList.of(REJECTED)));
    current
        .get(CURRENT)
        .setCoder(
            KvCoder.of(
                RecordCoder.of(EstablishmentYear.class), RecordCoder.of(ParsedResource.class)));
    current.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    PCollectionTuple kept =
        current
            .get(CURRENT)
            .apply("PortraitsOfEachEstablishmentAndYear", GroupByKey.create())
            .apply(
                "OnePerEstablishmentAndYear",
                ParDo.of(new OnePerYearFn(sites))
                    .withSideInputs(sites)
                    .withOutputTags(PORTRAITS, TupleTagList.of(REJECTED)));
    kept.get(PORTRAITS).setCoder(RecordCoder.of(EstablishmentPortrait.class));
    kept.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    return PCollectionTuple.of(PORTRAITS, kept.get(PORTRAITS))
        .and(
            REJECTED,
            org.apache.beam.sdk.values.PCollectionList.of(current.get(REJECTED))
                .and(kept.get(REJECTED))
                .apply(
                    "PortraitDeadLetters", org.apache.beam.sdk.transforms.Flatten.pCollections()));
  }

  /** The version kept of one response, if usable and about a known establishment. */
  static final class CurrentFn
      extends DoFn<KV<String, Iterable<ParsedResource>>, KV<EstablishmentYear, ParsedResource>> {
    private final PCollectionView<Map<String, EstablishmentRecord>> sites;

    CurrentFn(PCollectionView<Map<String, EstablishmentRecord>> sites) {
      this.sites = sites;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<ParsedResource>> versions,
        MultiOutputReceiver out,
        ProcessContext context) {
      Map<String, EstablishmentRecord> known = context.sideInput(sites);
      Failsafe.run(
          versions.getValue(),
          "SelectPortraits",
          out.get(REJECTED)::output,
          held -> {
            CurrentVersions.Sorted sorted = CurrentVersions.of(versions.getValue());
            sorted.rejected().forEach(r -> held.output(out.get(REJECTED)::output, r));
            for (ParsedResource record : sorted.current()) {
              ParsedResource.Problem problem =
                  PortraitRules.establishment(record.portrait(), known.keySet());
              if (problem != null) {
                held.output(
                    out.get(REJECTED)::output,
                    Rejection.of(record, problem.reason(), problem.message()));
              } else {
                held.output(
                    out.get(CURRENT)::output,
                    KV.of(EstablishmentYear.of(record.portrait()), record));
              }
            }
          });
    }
  }

  /** One portrait per establishment and year. */
  static final class OnePerYearFn
      extends DoFn<KV<EstablishmentYear, Iterable<ParsedResource>>, EstablishmentPortrait> {
    private final PCollectionView<Map<String, EstablishmentRecord>> sites;

    OnePerYearFn(PCollectionView<Map<String, EstablishmentRecord>> sites) {
      this.sites = sites;
    }

    @ProcessElement
    public void process(
        @Element KV<EstablishmentYear, Iterable<ParsedResource>> portraits,
        MultiOutputReceiver out,
        ProcessContext context) {
      Map<String, EstablishmentRecord> known = context.sideInput(sites);
      List<ParsedResource> all = new ArrayList<>();
      portraits.getValue().forEach(all::add);
      Failsafe.run(
          all,
          "SelectPortraits",
          out.get(REJECTED)::output,
          held -> {
            PortraitRules.Choice choice = PortraitRules.onePerEstablishmentYear(all);
            choice.rejected().forEach(r -> held.output(out.get(REJECTED)::output, r));
            for (ParsedResource kept : choice.kept()) {
              held.output(
                  out.get(PORTRAITS)::output,
                  new EstablishmentPortrait(
                      kept.source(), kept.portrait(), known.get(kept.portrait().organizationId())));
            }
          });
    }
  }
}
