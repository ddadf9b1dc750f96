package quebec.balises.ingest;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResponseRecord;

/**
 * Stage 4: resolves references. An episode needs its patient and its establishment; a response
 * needs its episode, and its subject must be that episode's patient. Whatever cannot be linked is a
 * dead letter naming the missing reference. Establishments are few and travel as a side input;
 * patients and episodes are joined by key, one group per patient or episode.
 */
public final class LinkReferences
    extends PTransform<PCollection<ParsedResource>, PCollectionTuple> {
  public static final TupleTag<LinkedResponse> RESPONSES = new TupleTag<>() {};
  public static final TupleTag<LinkedEpisode> EPISODES = new TupleTag<>() {};
  public static final TupleTag<ParsedResource> PATIENTS = new TupleTag<>() {};
  public static final TupleTag<ParsedResource> ESTABLISHMENTS = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  private static final TupleTag<ParsedResource> EPISODES_IN = new TupleTag<>() {};
  private static final TupleTag<ParsedResource> RESPONSES_IN = new TupleTag<>() {};
  private static final TupleTag<LinkedEpisode> LINKED_EPISODES_IN = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<ParsedResource> current) {
    PCollectionTuple byType =
        current.apply(
            "SplitByType",
            ParDo.of(new SplitByTypeFn())
                .withOutputTags(
                    RESPONSES_IN, TupleTagList.of(EPISODES_IN).and(PATIENTS).and(ESTABLISHMENTS)));
    for (TupleTag<ParsedResource> tag :
        List.of(RESPONSES_IN, EPISODES_IN, PATIENTS, ESTABLISHMENTS)) {
      byType.get(tag).setCoder(parsedCoder());
    }

    PCollectionView<Map<String, ParsedResource>> establishments =
        byType
            .get(ESTABLISHMENTS)
            .apply("KeyEstablishmentsById", keyBy(ParsedResource::id))
            .apply("EstablishmentsAsSideInput", View.asMap());

    PCollectionTuple episodes =
        KeyedPCollectionTuple.of(
                PATIENTS, byType.get(PATIENTS).apply("KeyPatientsById", keyBy(ParsedResource::id)))
            .and(
                EPISODES_IN,
                byType
                    .get(EPISODES_IN)
                    .apply(
                        "KeyEpisodesByPatient",
                        keyBy(r -> ((EpisodeRecord) r.payload()).patientId())))
            .apply("JoinEpisodesToPatients", CoGroupByKey.create())
            .apply(
                "LinkEpisodes",
                ParDo.of(new LinkEpisodesFn(establishments))
                    .withSideInputs(establishments)
                    .withOutputTags(EPISODES, TupleTagList.of(REJECTED)));
    episodes.get(EPISODES).setCoder(RecordCoder.of(LinkedEpisode.class));
    episodes.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));

    PCollectionTuple responses =
        KeyedPCollectionTuple.of(
                LINKED_EPISODES_IN,
                episodes
                    .get(EPISODES)
                    .apply(
                        "KeyEpisodesById",
                        WithKeys.<String, LinkedEpisode>of(e -> e.episode().id())
                            .withKeyType(TypeDescriptors.strings()))
                    .setCoder(
                        KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(LinkedEpisode.class))))
            .and(
                RESPONSES_IN,
                byType
                    .get(RESPONSES_IN)
                    .apply(
                        "KeyResponsesByEpisode",
                        keyBy(r -> ((ResponseRecord) r.payload()).episodeId())))
            .apply("JoinResponsesToEpisodes", CoGroupByKey.create())
            .apply(
                "LinkResponses",
                ParDo.of(new LinkResponsesFn())
                    .withOutputTags(RESPONSES, TupleTagList.of(REJECTED)));
    responses.get(RESPONSES).setCoder(RecordCoder.of(LinkedResponse.class));
    responses.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));

    PCollection<Rejection> rejected =
        PCollectionList.of(episodes.get(REJECTED))
            .and(responses.get(REJECTED))
            .apply("AllUnlinked", Flatten.pCollections());
    return PCollectionTuple.of(RESPONSES, responses.get(RESPONSES))
        .and(EPISODES, episodes.get(EPISODES))
        .and(PATIENTS, byType.get(PATIENTS))
        .and(ESTABLISHMENTS, byType.get(ESTABLISHMENTS))
        .and(REJECTED, rejected);
  }

  private static RecordCoder<ParsedResource> parsedCoder() {
    return RecordCoder.of(ParsedResource.class);
  }

  private static PTransform<PCollection<ParsedResource>, PCollection<KV<String, ParsedResource>>>
      keyBy(SerializableFunction<ParsedResource, String> key) {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, ParsedResource>> expand(PCollection<ParsedResource> input) {
        return input
            .apply(WithKeys.of(key).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), parsedCoder()));
      }
    };
  }

  static final class SplitByTypeFn extends DoFn<ParsedResource, ParsedResource> {
    @ProcessElement
    public void process(@Element ParsedResource resource, MultiOutputReceiver out) {
      TupleTag<ParsedResource> tag =
          switch (resource.type()) {
            case "QuestionnaireResponse" -> RESPONSES_IN;
            case "EpisodeOfCare" -> EPISODES_IN;
            case "Patient" -> PATIENTS;
            case "Organization" -> ESTABLISHMENTS;
            default -> throw new IllegalStateException("unexpected type " + resource.type());
          };
      out.get(tag).output(resource);
    }
  }

  static final class LinkEpisodesFn extends DoFn<KV<String, CoGbkResult>, LinkedEpisode> {
    private final PCollectionView<Map<String, ParsedResource>> establishments;

    LinkEpisodesFn(PCollectionView<Map<String, ParsedResource>> establishments) {
      this.establishments = establishments;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> group, MultiOutputReceiver out, ProcessContext context) {
      ParsedResource patient = group.getValue().getOnly(PATIENTS, null);
      Map<String, ParsedResource> sites = context.sideInput(establishments);
      for (ParsedResource episode : group.getValue().getAll(EPISODES_IN)) {
        EpisodeRecord record = (EpisodeRecord) episode.payload();
        ParsedResource site = sites.get(record.organizationId());
        if (patient == null) {
          out.get(REJECTED).output(dangling(episode, "Patient/" + record.patientId()));
        } else if (site == null) {
          out.get(REJECTED).output(dangling(episode, "Organization/" + record.organizationId()));
        } else {
          out.get(EPISODES)
              .output(
                  new LinkedEpisode(
                      record,
                      (PatientRecord) patient.payload(),
                      (EstablishmentRecord) site.payload(),
                      episode.source()));
        }
      }
    }
  }

  static final class LinkResponsesFn extends DoFn<KV<String, CoGbkResult>, LinkedResponse> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      LinkedEpisode episode = group.getValue().getOnly(LINKED_EPISODES_IN, null);
      for (ParsedResource response : group.getValue().getAll(RESPONSES_IN)) {
        ResponseRecord record = (ResponseRecord) response.payload();
        if (episode == null) {
          out.get(REJECTED).output(dangling(response, "EpisodeOfCare/" + record.episodeId()));
        } else if (!episode.episode().patientId().equals(record.patientId())) {
          out.get(REJECTED)
              .output(
                  Rejection.of(
                      response,
                      RejectReason.PATIENT_MISMATCH,
                      "subject Patient/"
                          + record.patientId()
                          + " is not the patient of EpisodeOfCare/"
                          + record.episodeId()
                          + " (Patient/"
                          + episode.episode().patientId()
                          + ")"));
        } else {
          out.get(RESPONSES).output(new LinkedResponse(record, episode, response.source()));
        }
      }
    }
  }

  private static Rejection dangling(ParsedResource resource, String reference) {
    return Rejection.of(
        resource,
        RejectReason.DANGLING_REFERENCE,
        reference + " is absent from the input or was not accepted (see its own dead letter)");
  }
}
