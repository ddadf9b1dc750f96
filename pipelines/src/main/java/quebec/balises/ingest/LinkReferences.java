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
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
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
  public static final TupleTag<ParsedResource> ENCOUNTERS = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  /** Responses by how their episode is found ({@link EpisodeLinkage}). */
  private static final TupleTag<ParsedResource> WITH_EPISODE = new TupleTag<>() {};

  private static final TupleTag<ParsedResource> VIA_ENCOUNTER = new TupleTag<>() {};
  private static final TupleTag<ParsedResource> TO_INFER = new TupleTag<>() {};

  private static final TupleTag<ParsedResource> EPISODES_IN = new TupleTag<>() {};
  private static final TupleTag<ParsedResource> RESPONSES_IN = new TupleTag<>() {};
  private static final TupleTag<LinkedEpisode> LINKED_EPISODES_IN = new TupleTag<>() {};

  private final TimepointPlan timepoints;

  /** Links with the shipped timepoints (the trajectories' instruments and windows). */
  public LinkReferences() {
    this(TimepointPlan.bundled());
  }

  public LinkReferences(TimepointPlan timepoints) {
    this.timepoints = timepoints;
  }

  @Override
  public PCollectionTuple expand(PCollection<ParsedResource> current) {
    PCollectionTuple byType =
        current.apply(
            "SplitByType",
            ParDo.of(new SplitByTypeFn())
                .withOutputTags(
                    RESPONSES_IN,
                    TupleTagList.of(EPISODES_IN)
                        .and(PATIENTS)
                        .and(ESTABLISHMENTS)
                        .and(ENCOUNTERS)
                        .and(REJECTED)));
    byType.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    for (TupleTag<ParsedResource> tag :
        List.of(RESPONSES_IN, EPISODES_IN, PATIENTS, ESTABLISHMENTS, ENCOUNTERS)) {
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
                    .apply("KeyEpisodesByPatient", keyBy(r -> r.episode().patientId())))
            .apply("JoinEpisodesToPatients", CoGroupByKey.create())
            .apply(
                "LinkEpisodes",
                ParDo.of(new LinkEpisodesFn(establishments))
                    .withSideInputs(establishments)
                    .withOutputTags(EPISODES, TupleTagList.of(REJECTED)));
    episodes.get(EPISODES).setCoder(RecordCoder.of(LinkedEpisode.class));
    episodes.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));

    PCollection<KV<String, LinkedEpisode>> episodesById =
        episodes
            .get(EPISODES)
            .apply(
                "KeyEpisodesById",
                WithKeys.<String, LinkedEpisode>of(e -> e.episode().id())
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(LinkedEpisode.class)));

    // Responses that name no episode: through their Encounter, else inferred from the patient's
    // episodes (EpisodeLinkage, in that order).
    PCollectionTuple routed =
        byType
            .get(RESPONSES_IN)
            .apply(
                "RouteByEpisodeReference",
                ParDo.of(new RouteFn())
                    .withOutputTags(
                        WITH_EPISODE, TupleTagList.of(VIA_ENCOUNTER).and(TO_INFER).and(REJECTED)));
    for (TupleTag<ParsedResource> tag : List.of(WITH_EPISODE, VIA_ENCOUNTER, TO_INFER)) {
      routed.get(tag).setCoder(parsedCoder());
    }
    routed.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    PCollectionTuple viaEncounter =
        KeyedPCollectionTuple.of(
                ENCOUNTERS,
                byType.get(ENCOUNTERS).apply("KeyEncountersById", keyBy(ParsedResource::id)))
            .and(
                VIA_ENCOUNTER,
                routed
                    .get(VIA_ENCOUNTER)
                    .apply("KeyResponsesByEncounter", keyBy(r -> r.response().encounterId())))
            .apply("JoinResponsesToEncounters", CoGroupByKey.create())
            .apply(
                "LinkThroughEncounters",
                ParDo.of(new EncounterFn())
                    .withOutputTags(WITH_EPISODE, TupleTagList.of(TO_INFER).and(REJECTED)));
    viaEncounter.get(WITH_EPISODE).setCoder(parsedCoder());
    viaEncounter.get(TO_INFER).setCoder(parsedCoder());
    viaEncounter.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    PCollectionTuple inferred =
        KeyedPCollectionTuple.of(
                LINKED_EPISODES_IN,
                episodes
                    .get(EPISODES)
                    .apply(
                        "KeyLinkedEpisodesByPatient",
                        WithKeys.<String, LinkedEpisode>of(e -> e.episode().patientId())
                            .withKeyType(TypeDescriptors.strings()))
                    .setCoder(
                        KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(LinkedEpisode.class))))
            .and(
                TO_INFER,
                PCollectionList.of(routed.get(TO_INFER))
                    .and(viaEncounter.get(TO_INFER))
                    .apply("AllToInfer", Flatten.pCollections())
                    .apply("KeyResponsesByPatient", keyBy(r -> r.response().patientId())))
            .apply("JoinResponsesToPatientEpisodes", CoGroupByKey.create())
            .apply(
                "InferEpisodes",
                ParDo.of(new InferFn(timepoints))
                    .withOutputTags(WITH_EPISODE, TupleTagList.of(REJECTED)));
    inferred.get(WITH_EPISODE).setCoder(parsedCoder());
    inferred.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));

    PCollectionTuple responses =
        KeyedPCollectionTuple.of(LINKED_EPISODES_IN, episodesById)
            .and(
                RESPONSES_IN,
                PCollectionList.of(routed.get(WITH_EPISODE))
                    .and(viaEncounter.get(WITH_EPISODE))
                    .and(inferred.get(WITH_EPISODE))
                    .apply("AllWithEpisode", Flatten.pCollections())
                    .apply("KeyResponsesByEpisode", keyBy(r -> r.response().episodeId())))
            .apply("JoinResponsesToEpisodes", CoGroupByKey.create())
            .apply(
                "LinkResponses",
                ParDo.of(new LinkResponsesFn())
                    .withOutputTags(RESPONSES, TupleTagList.of(REJECTED)));
    responses.get(RESPONSES).setCoder(RecordCoder.of(LinkedResponse.class));
    responses.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));

    PCollection<Rejection> rejected =
        PCollectionList.of(byType.get(REJECTED))
            .and(episodes.get(REJECTED))
            .and(routed.get(REJECTED))
            .and(viaEncounter.get(REJECTED))
            .and(inferred.get(REJECTED))
            .and(responses.get(REJECTED))
            .apply("AllUnlinked", Flatten.pCollections());
    return PCollectionTuple.of(RESPONSES, responses.get(RESPONSES))
        .and(EPISODES, episodes.get(EPISODES))
        .and(PATIENTS, byType.get(PATIENTS))
        .and(ESTABLISHMENTS, byType.get(ESTABLISHMENTS))
        .and(ENCOUNTERS, byType.get(ENCOUNTERS))
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
      Failsafe.run(
          List.of(resource),
          "LinkReferences.SplitByType",
          out.get(REJECTED)::output,
          held -> {
            TupleTag<ParsedResource> tag =
                switch (resource.kind()) {
                  case QUESTIONNAIRE_RESPONSE -> RESPONSES_IN;
                  case EPISODE_OF_CARE -> EPISODES_IN;
                  case PATIENT -> PATIENTS;
                  case ORGANIZATION -> ESTABLISHMENTS;
                  case ENCOUNTER -> ENCOUNTERS;
                };
            held.output(out.get(tag)::output, resource);
          });
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
      Failsafe.run(
          group.getValue().getAll(EPISODES_IN),
          "LinkReferences.LinkEpisodes",
          out.get(REJECTED)::output,
          held -> {
            ParsedResource patient = group.getValue().getOnly(PATIENTS, null);
            Map<String, ParsedResource> sites = context.sideInput(establishments);
            for (ParsedResource episode : group.getValue().getAll(EPISODES_IN)) {
              EpisodeRecord record = episode.episode();
              ParsedResource site = sites.get(record.organizationId());
              if (patient == null) {
                held.output(
                    out.get(REJECTED)::output, dangling(episode, "Patient/" + record.patientId()));
              } else if (site == null) {
                held.output(
                    out.get(REJECTED)::output,
                    dangling(episode, "Organization/" + record.organizationId()));
              } else if (bornAfter(patient.patient().birthDate(), record.anchorDate())) {
                // A negative age cannot be true: the episode or the birth date is wrong, and no
                // indicator may count an age that is not one.
                held.output(
                    out.get(REJECTED)::output,
                    Rejection.of(
                        episode,
                        RejectReason.IMPLAUSIBLE_DATE,
                        "the anchor period.start "
                            + record.anchorDate()
                            + " is before the birthDate "
                            + patient.patient().birthDate()
                            + " of Patient/"
                            + record.patientId()
                            + " (the age at the anchor would be negative)"));
              } else {
                held.output(
                    out.get(EPISODES)::output,
                    new LinkedEpisode(
                        record, patient.patient(), site.establishment(), episode.source()));
              }
            }
          });
    }
  }

  static final class LinkResponsesFn extends DoFn<KV<String, CoGbkResult>, LinkedResponse> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      Failsafe.run(
          group.getValue().getAll(RESPONSES_IN),
          "LinkReferences.LinkResponses",
          out.get(REJECTED)::output,
          held -> {
            LinkedEpisode episode = group.getValue().getOnly(LINKED_EPISODES_IN, null);
            for (ParsedResource response : group.getValue().getAll(RESPONSES_IN)) {
              ResponseRecord record = response.response();
              if (episode == null) {
                held.output(
                    out.get(REJECTED)::output,
                    dangling(response, "EpisodeOfCare/" + record.episodeId()));
              } else if (record.patientId() != null
                  && !episode.episode().patientId().equals(record.patientId())) {
                held.output(
                    out.get(REJECTED)::output,
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
                held.output(
                    out.get(RESPONSES)::output,
                    new LinkedResponse(record, episode, response.source()));
              }
            }
          });
    }
  }

  /** Responses by how their episode is found: named, through an Encounter, or to infer. */
  static final class RouteFn extends DoFn<ParsedResource, ParsedResource> {
    @ProcessElement
    public void process(@Element ParsedResource response, MultiOutputReceiver out) {
      Failsafe.run(
          List.of(response),
          "LinkReferences.RouteByEpisodeReference",
          out.get(REJECTED)::output,
          held -> {
            ResponseRecord record = response.response();
            TupleTag<ParsedResource> route =
                record.episodeId() != null
                    ? WITH_EPISODE
                    : record.encounterId() != null ? VIA_ENCOUNTER : TO_INFER;
            held.output(out.get(route)::output, response);
          });
    }
  }

  static final class EncounterFn extends DoFn<KV<String, CoGbkResult>, ParsedResource> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      Failsafe.run(
          group.getValue().getAll(VIA_ENCOUNTER),
          "LinkReferences.LinkThroughEncounters",
          out.get(REJECTED)::output,
          held -> {
            ParsedResource encounter = group.getValue().getOnly(ENCOUNTERS, null);
            List<String> episodes = encounter == null ? null : encounter.encounter().episodeIds();
            for (ParsedResource response : group.getValue().getAll(VIA_ENCOUNTER)) {
              EpisodeLinkage.Outcome outcome = EpisodeLinkage.byEncounter(group.getKey(), episodes);
              if (outcome instanceof EpisodeLinkage.Linked linked) {
                held.output(
                    out.get(WITH_EPISODE)::output, withEpisode(response, linked.episodeId()));
              } else if (outcome instanceof EpisodeLinkage.Ambiguous ambiguous) {
                held.output(out.get(REJECTED)::output, ambiguous(response, ambiguous));
              } else if ((response.response()).patientId() == null) {
                held.output(
                    out.get(REJECTED)::output,
                    Rejection.of(
                        response,
                        RejectReason.MISSING_REFERENCE,
                        ((EpisodeLinkage.NotFound) outcome).why()
                            + ", and the contained Patient cannot be matched to an episode"));
              } else {
                held.output(out.get(TO_INFER)::output, response);
              }
            }
          });
    }
  }

  static final class InferFn extends DoFn<KV<String, CoGbkResult>, ParsedResource> {
    private final TimepointPlan timepoints;

    InferFn(TimepointPlan timepoints) {
      this.timepoints = timepoints;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      Failsafe.run(
          group.getValue().getAll(TO_INFER),
          "LinkReferences.InferEpisodes",
          out.get(REJECTED)::output,
          held -> {
            List<EpisodeLinkage.Candidate> candidates = new java.util.ArrayList<>();
            for (LinkedEpisode episode : group.getValue().getAll(LINKED_EPISODES_IN)) {
              candidates.add(
                  new EpisodeLinkage.Candidate(
                      episode.episode().id(),
                      episode.episode().trajectory(),
                      episode.episode().anchorDate()));
            }
            for (ParsedResource response : group.getValue().getAll(TO_INFER)) {
              ResponseRecord record = response.response();
              EpisodeLinkage.Outcome outcome =
                  EpisodeLinkage.infer(
                      candidates, record.instrument(), record.authoredDate(), timepoints);
              if (outcome instanceof EpisodeLinkage.Linked linked) {
                held.output(
                    out.get(WITH_EPISODE)::output, withEpisode(response, linked.episodeId()));
              } else if (outcome instanceof EpisodeLinkage.Ambiguous ambiguous) {
                held.output(out.get(REJECTED)::output, ambiguous(response, ambiguous));
              } else {
                held.output(
                    out.get(REJECTED)::output,
                    Rejection.of(
                        response,
                        RejectReason.MISSING_REFERENCE,
                        "the response names no episode of care (extension "
                            + quebec.balises.fhir.BalisesProfile.EPISODE_OF_CARE_EXTENSION
                            + (record.encounterId() == null
                                ? ", no encounter"
                                : ", and Encounter/"
                                    + record.encounterId()
                                    + " is absent or names none")
                            + ") and there is "
                            + ((EpisodeLinkage.NotFound) outcome).why()));
              }
            }
          });
    }
  }

  private static ParsedResource withEpisode(ParsedResource response, String episodeId) {
    ResponseRecord record = response.response();
    return new ParsedResource(
        response.source(),
        response.kind(),
        response.id(),
        response.versionId(),
        response.lastUpdatedMillis(),
        response.status(),
        response.problem(),
        record.withEpisode(episodeId),
        response.rawRecord());
  }

  private static Rejection ambiguous(ParsedResource response, EpisodeLinkage.Ambiguous ambiguous) {
    return Rejection.of(
        response,
        RejectReason.AMBIGUOUS_EPISODE,
        "the response names no episode of care and "
            + ambiguous.why()
            + ": "
            + ambiguous.candidates()
            + "; name the episode with the extension "
            + quebec.balises.fhir.BalisesProfile.EPISODE_OF_CARE_EXTENSION
            + " or through encounter");
  }

  /** Whether a patient born on {@code birth} is not yet born on {@code anchor}. */
  static boolean bornAfter(java.time.LocalDate birth, java.time.LocalDate anchor) {
    return birth != null && birth.isAfter(anchor);
  }

  private static Rejection dangling(ParsedResource resource, String reference) {
    return Rejection.of(
        resource,
        RejectReason.DANGLING_REFERENCE,
        reference + " is absent from the input or was not accepted (see its own dead letter)");
  }
}
