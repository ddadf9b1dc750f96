package quebec.balises.journey;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointAssignment;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.ingest.EstablishmentsById;
import quebec.balises.ingest.SelectCurrentVersions;
import quebec.balises.model.Counters;
import quebec.balises.model.EncodedElements;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.scoring.ResponseScore;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoredResponse;

/**
 * Stages 3 to 6 in one group per patient: from parsed resources to the rows of the restricted
 * datasets and the pairs the indicators count (docs/decisions/0019). Each patient's records meet in
 * one {@link GroupByKey} ({@link JourneyKey}) and one {@link PatientJourney}, plain Java, does the
 * rest: versions, references, scoring, timepoints and pairs.
 *
 * <p>Around that one shuffle of whole records, three small ones: the establishments' versions (few;
 * every journey reads them as a side input); the version metadata of each resource, so that a
 * resource whose records lie in several journeys is chosen once among all of them ({@link
 * VersionSplits}, a side input of verdicts that is empty for nearly every input); and, after the
 * journeys, the responses whose episode their journey did not link, beside the linked episodes'
 * patients, to tell a missing episode from another patient's.
 */
public final class FollowPatients
    extends PTransform<PCollection<ParsedResource>, PCollectionTuple> {
  public static final TupleTag<LinkedResponse> RESPONSES = new TupleTag<>() {};
  public static final TupleTag<ResponseScore> SCORES = new TupleTag<>() {};
  public static final TupleTag<EpisodeScale> PAIRS = new TupleTag<>() {};
  public static final TupleTag<TimepointAssignment> ASSIGNMENTS = new TupleTag<>() {};
  public static final TupleTag<LinkedEpisode> EPISODES = new TupleTag<>() {};
  public static final TupleTag<ParsedResource> PATIENTS = new TupleTag<>() {};
  public static final TupleTag<ParsedResource> ESTABLISHMENTS = new TupleTag<>() {};
  public static final TupleTag<ParsedResource> ENCOUNTERS = new TupleTag<>() {};

  /** Input records not accepted: every dead letter of stages 3 to 6. */
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  /**
   * Derived elements (score rows, placements, pairs) whose making failed unexpectedly ({@link
   * Failsafe}): the responses stay accepted; what they would have added is missing.
   */
  public static final TupleTag<Rejection> DERIVED = new TupleTag<>() {};

  /**
   * The four large outputs leave the journeys encoded, one element per patient and output holding
   * all of the patient's items, and are decoded once each after. On Flink, a DoFn with several
   * outputs sends every element of every output to each output's consumer, which decodes it whole
   * before keeping its own (Beam's pruning of a union): bytes cost each of those consumers a copy
   * instead of a decoding, and one element per patient a copy instead of one per score or pair
   * (docs/performance.md, 2026-12-02).
   */
  private static final TupleTag<byte[]> RESPONSES_ENCODED = new TupleTag<>() {};

  private static final TupleTag<byte[]> SCORES_ENCODED = new TupleTag<>() {};
  private static final TupleTag<byte[]> PAIRS_ENCODED = new TupleTag<>() {};
  private static final TupleTag<byte[]> ASSIGNMENTS_ENCODED = new TupleTag<>() {};

  /**
   * The seven small outputs leave the journeys as one, one element per patient ({@link
   * SmallOutputs}), and are split after: each output of the journeys is one more consumer reading
   * the whole of every output, scores and pairs included, so five outputs cost five readings where
   * eleven cost eleven; the split reads the small ones alone.
   */
  private static final TupleTag<byte[]> SMALL_ENCODED = new TupleTag<>() {};

  private static final TupleTag<ParsedResource> TO_JOURNEYS = new TupleTag<>() {};
  private static final TupleTag<ParsedResource> ORGANIZATIONS = new TupleTag<>() {};
  private static final TupleTag<KV<String, VersionSplits.Fact>> FACTS = new TupleTag<>() {};
  private static final TupleTag<KV<String, CurrentVersions.Verdict>> VERDICTS = new TupleTag<>() {};
  private static final TupleTag<KV<String, String>> JOURNEYS = new TupleTag<>() {};
  private static final TupleTag<KV<String, PatientJourney.Unresolved>> UNRESOLVED =
      new TupleTag<>() {};
  private static final TupleTag<KV<String, String>> LINKED_EPISODES = new TupleTag<>() {};

  /** The same two, as the join of unresolved responses with linked episodes reads them. */
  private static final TupleTag<PatientJourney.Unresolved> UNRESOLVED_JOINED = new TupleTag<>() {};

  private static final TupleTag<String> EPISODE_PATIENT = new TupleTag<>() {};

  private final PatientJourney journey;

  public FollowPatients(TimepointPlan plan, InstrumentRegistry registry) {
    this.journey = new PatientJourney(plan, registry);
  }

  @Override
  public PCollectionTuple expand(PCollection<ParsedResource> parsed) {
    PCollectionTuple split =
        parsed.apply(
            "SplitOrganizations",
            ParDo.of(new SplitFn())
                .withOutputTags(TO_JOURNEYS, TupleTagList.of(ORGANIZATIONS).and(FACTS)));
    split.get(TO_JOURNEYS).setCoder(RecordCoder.of(ParsedResource.class));
    split.get(ORGANIZATIONS).setCoder(RecordCoder.of(ParsedResource.class));
    split
        .get(FACTS)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(VersionSplits.Fact.class)));

    PCollectionTuple sites =
        split.get(ORGANIZATIONS).apply("EstablishmentVersions", new SelectCurrentVersions());
    PCollection<ParsedResource> establishments = sites.get(SelectCurrentVersions.CURRENT);
    PCollectionView<Map<String, EstablishmentRecord>> establishmentsById =
        establishments.apply("EstablishmentsById", new EstablishmentsById());

    PCollectionTuple found =
        split
            .get(FACTS)
            .apply("GroupVersionFacts", GroupByKey.create())
            .apply(
                "FindSplitsAndFollowed",
                ParDo.of(new SplitsFn()).withOutputTags(VERDICTS, TupleTagList.of(JOURNEYS)));
    PCollectionView<Map<String, CurrentVersions.Verdict>> verdicts =
        found
            .get(VERDICTS)
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(CurrentVersions.Verdict.class)))
            .apply("VerdictsAsSideInput", View.asMap());
    PCollectionView<Map<String, String>> journeys =
        found
            .get(JOURNEYS)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("FollowedAsSideInput", View.asMap());

    PCollectionTuple followed =
        split
            .get(TO_JOURNEYS)
            .apply("KeyByPatient", ParDo.of(new KeyFn(journeys)).withSideInputs(journeys))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ParsedResource.class)))
            .apply("GroupByPatient", GroupByKey.create())
            .apply(
                "FollowEachPatient",
                ParDo.of(new FollowFn(journey, verdicts, establishmentsById))
                    .withSideInputs(verdicts, establishmentsById)
                    .withOutputTags(
                        RESPONSES_ENCODED,
                        TupleTagList.of(SCORES_ENCODED)
                            .and(PAIRS_ENCODED)
                            .and(ASSIGNMENTS_ENCODED)
                            .and(SMALL_ENCODED)));
    PCollection<LinkedResponse> responses =
        decoded(followed.get(RESPONSES_ENCODED), "Responses", LinkedResponse.class);
    PCollection<ResponseScore> scores =
        decoded(followed.get(SCORES_ENCODED), "Scores", ResponseScore.class);
    PCollection<EpisodeScale> pairs =
        decoded(followed.get(PAIRS_ENCODED), "Pairs", EpisodeScale.class);
    PCollection<TimepointAssignment> assignments =
        decoded(followed.get(ASSIGNMENTS_ENCODED), "Assignments", TimepointAssignment.class);
    PCollectionTuple small =
        followed
            .get(SMALL_ENCODED)
            .setCoder(ByteArrayCoder.of())
            .apply(
                "SplitSmallOutputs",
                ParDo.of(new SplitSmallFn())
                    .withOutputTags(
                        EPISODES,
                        TupleTagList.of(PATIENTS)
                            .and(ENCOUNTERS)
                            .and(REJECTED)
                            .and(DERIVED)
                            .and(UNRESOLVED)
                            .and(LINKED_EPISODES)));
    small.get(EPISODES).setCoder(RecordCoder.of(LinkedEpisode.class));
    small.get(PATIENTS).setCoder(RecordCoder.of(ParsedResource.class));
    small.get(ENCOUNTERS).setCoder(RecordCoder.of(ParsedResource.class));
    small.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    small.get(DERIVED).setCoder(RecordCoder.of(Rejection.class));
    small
        .get(UNRESOLVED)
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(PatientJourney.Unresolved.class)));
    small.get(LINKED_EPISODES).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    PCollection<Rejection> unresolved =
        KeyedPCollectionTuple.of(UNRESOLVED_JOINED, small.get(UNRESOLVED))
            .and(EPISODE_PATIENT, small.get(LINKED_EPISODES))
            .apply("JoinUnresolvedToLinkedEpisodes", CoGroupByKey.create())
            .apply("RejectUnresolved", ParDo.of(new UnresolvedFn()))
            .setCoder(RecordCoder.of(Rejection.class));

    PCollection<Rejection> rejected =
        PCollectionList.of(sites.get(SelectCurrentVersions.REJECTED))
            .and(small.get(REJECTED))
            .and(unresolved)
            .apply("AllRejected", Flatten.pCollections());
    return PCollectionTuple.of(RESPONSES, responses)
        .and(SCORES, scores)
        .and(PAIRS, pairs)
        .and(ASSIGNMENTS, assignments)
        .and(EPISODES, small.get(EPISODES))
        .and(PATIENTS, small.get(PATIENTS))
        .and(ESTABLISHMENTS, establishments)
        .and(ENCOUNTERS, small.get(ENCOUNTERS))
        .and(REJECTED, rejected)
        .and(DERIVED, small.get(DERIVED));
  }

  /** One large output's items, decoded from one element per patient. */
  private static <T> PCollection<T> decoded(
      PCollection<byte[]> encoded, String name, Class<T> type) {
    return encoded
        .setCoder(ByteArrayCoder.of())
        .apply("Decode" + name, EncodedElements.decodedListsAs(type));
  }

  /** A source position as the side inputs' maps key it: unique per input record. */
  static String sourceKey(SourceRef source) {
    return source.toString();
  }

  /**
   * Organizations apart; every other record to the journeys and, but for a Patient's (its key is
   * its id, so its versions always meet), its version facts, with a question for the resource a
   * contained-subject response follows.
   */
  static final class SplitFn extends DoFn<ParsedResource, ParsedResource> {
    @ProcessElement
    public void process(@Element ParsedResource record, MultiOutputReceiver out) {
      if (!JourneyKey.joinsAJourney(record)) {
        out.get(ORGANIZATIONS).output(record);
        return;
      }
      out.get(TO_JOURNEYS).output(record);
      if (record.kind() == ResourceKind.PATIENT) {
        return;
      }
      out.get(FACTS).output(KV.of(record.reference(), VersionSplits.Fact.of(record)));
      String follows = JourneyKey.follows(record);
      if (follows != null) {
        out.get(FACTS).output(KV.of(follows, VersionSplits.Fact.question()));
      }
    }
  }

  static final class SplitsFn
      extends DoFn<KV<String, Iterable<VersionSplits.Fact>>, KV<String, CurrentVersions.Verdict>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<VersionSplits.Fact>> facts, MultiOutputReceiver out) {
      VersionSplits.Found found = VersionSplits.of(facts.getKey(), facts.getValue());
      for (CurrentVersions.Verdict verdict : found.verdicts()) {
        out.get(VERDICTS).output(KV.of(sourceKey(verdict.source()), verdict));
      }
      if (found.journey() != null) {
        out.get(JOURNEYS).output(KV.of(found.journey().reference(), found.journey().key()));
      }
    }
  }

  static final class KeyFn extends DoFn<ParsedResource, KV<String, ParsedResource>> {
    private final PCollectionView<Map<String, String>> journeys;

    KeyFn(PCollectionView<Map<String, String>> journeys) {
      this.journeys = journeys;
    }

    @ProcessElement
    public void process(
        @Element ParsedResource record,
        OutputReceiver<KV<String, ParsedResource>> out,
        ProcessContext context) {
      Map<String, String> followed =
          JourneyKey.follows(record) == null ? Map.of() : context.sideInput(journeys);
      out.output(KV.of(JourneyKey.of(record, followed::get), record));
    }
  }

  static final class FollowFn extends DoFn<KV<String, Iterable<ParsedResource>>, byte[]> {
    private final PatientJourney journey;
    private final PCollectionView<Map<String, CurrentVersions.Verdict>> verdicts;
    private final PCollectionView<Map<String, EstablishmentRecord>> establishments;
    private final ListCoder<LinkedResponse> responseCoder =
        ListCoder.of(RecordCoder.of(LinkedResponse.class));
    private final ListCoder<ResponseScore> scoreCoder =
        ListCoder.of(RecordCoder.of(ResponseScore.class));
    private final ListCoder<EpisodeScale> pairCoder =
        ListCoder.of(RecordCoder.of(EpisodeScale.class));
    private final ListCoder<TimepointAssignment> assignmentCoder =
        ListCoder.of(RecordCoder.of(TimepointAssignment.class));
    private final Counter scoresWritten = Counters.counter(Counters.SCORES_WRITTEN);
    private final Counter scoresWithoutValue = Counters.counter(Counters.SCORES_WITHOUT_VALUE);

    FollowFn(
        PatientJourney journey,
        PCollectionView<Map<String, CurrentVersions.Verdict>> verdicts,
        PCollectionView<Map<String, EstablishmentRecord>> establishments) {
      this.journey = journey;
      this.verdicts = verdicts;
      this.establishments = establishments;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<ParsedResource>> records,
        MultiOutputReceiver out,
        ProcessContext context) {
      Map<String, CurrentVersions.Verdict> split = context.sideInput(verdicts);
      Map<String, EstablishmentRecord> sites = context.sideInput(establishments);
      // Held as a list: the journey reads them all anyway, and a failure reads them again.
      List<ParsedResource> patientRecords = new ArrayList<>();
      records.getValue().forEach(patientRecords::add);
      PatientJourney.Followed[] result = new PatientJourney.Followed[1];
      SmallOutputs small = SmallOutputs.none();
      boolean done =
          Failsafe.run(
              patientRecords,
              "PatientJourney",
              small.rejected()::add,
              held -> {
                PatientJourney.Followed f =
                    journey.follow(
                        patientRecords,
                        split.isEmpty() ? source -> null : source -> split.get(sourceKey(source)),
                        sites);
                f.patients().forEach(r -> held.output(small.patients()::add, r));
                f.encounters().forEach(r -> held.output(small.encounters()::add, r));
                f.episodes().forEach(e -> held.output(small.episodes()::add, e));
                encoded(responseCoder, f.responses(), out.get(RESPONSES_ENCODED), held);
                encoded(scoreCoder, f.scores(), out.get(SCORES_ENCODED), held);
                encoded(pairCoder, f.pairs(), out.get(PAIRS_ENCODED), held);
                encoded(assignmentCoder, f.assignments(), out.get(ASSIGNMENTS_ENCODED), held);
                f.rejected().forEach(r -> held.output(small.rejected()::add, r));
                f.derived().forEach(r -> held.output(small.derived()::add, r));
                f.unresolved().forEach(u -> held.output(small.unresolved()::add, u));
                result[0] = f;
              });
      if (!small.isEmpty()) {
        out.get(SMALL_ENCODED).output(EncodedElements.encode(SmallOutputs.CODER, small));
      }
      if (done) {
        count(result[0]);
      }
    }

    /** All of one patient's items of one large output, as one element (none when empty). */
    private static <T> void encoded(
        ListCoder<T> coder, List<T> items, OutputReceiver<byte[]> to, Failsafe.Held held) {
      if (items.isEmpty()) {
        return;
      }
      held.output(to::output, EncodedElements.encode(coder, items));
    }

    private void count(PatientJourney.Followed followed) {
      for (ScoredResponse scored : followed.scored()) {
        if (scored.linked().response().mapping() != null) {
          Counters.counter(Counters.mappedResponses(scored.linked().response().mapping())).inc();
        }
        for (Score score : scored.scores()) {
          (score.value() == null && score.text() == null ? scoresWithoutValue : scoresWritten)
              .inc();
        }
      }
    }
  }

  /** One patient's items of the seven small outputs of the journeys, in their order. */
  record SmallOutputs(
      List<ParsedResource> patients,
      List<ParsedResource> encounters,
      List<LinkedEpisode> episodes,
      List<Rejection> rejected,
      List<Rejection> derived,
      List<PatientJourney.Unresolved> unresolved)
      implements Serializable {
    static final RecordCoder<SmallOutputs> CODER = RecordCoder.of(SmallOutputs.class);

    static SmallOutputs none() {
      return new SmallOutputs(
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>());
    }

    boolean isEmpty() {
      return patients.isEmpty()
          && encounters.isEmpty()
          && episodes.isEmpty()
          && rejected.isEmpty()
          && derived.isEmpty()
          && unresolved.isEmpty();
    }
  }

  /**
   * Each patient's small outputs, decoded and sent each to its own: with the linked episodes'
   * patients and the unresolved responses, keyed by episode, for the join that tells them apart.
   */
  static final class SplitSmallFn extends DoFn<byte[], LinkedEpisode> {
    @ProcessElement
    public void process(@Element byte[] bytes, MultiOutputReceiver out) throws CoderException {
      SmallOutputs small = CoderUtils.decodeFromByteArray(SmallOutputs.CODER, bytes);
      small.patients().forEach(out.get(PATIENTS)::output);
      small.encounters().forEach(out.get(ENCOUNTERS)::output);
      for (LinkedEpisode e : small.episodes()) {
        out.get(EPISODES).output(e);
        out.get(LINKED_EPISODES).output(KV.of(e.episode().id(), e.episode().patientId()));
      }
      small.rejected().forEach(out.get(REJECTED)::output);
      small.derived().forEach(out.get(DERIVED)::output);
      for (PatientJourney.Unresolved u : small.unresolved()) {
        out.get(UNRESOLVED).output(KV.of(u.episodeId(), u));
      }
    }
  }

  static final class UnresolvedFn extends DoFn<KV<String, CoGbkResult>, Rejection> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, OutputReceiver<Rejection> out) {
      Iterable<PatientJourney.Unresolved> responses = group.getValue().getAll(UNRESOLVED_JOINED);
      if (!responses.iterator().hasNext()) {
        return;
      }
      String patient = group.getValue().getOnly(EPISODE_PATIENT, null);
      for (PatientJourney.Unresolved response : responses) {
        Rejection rejection;
        try {
          rejection = PatientJourney.unresolved(response, patient);
        } catch (RuntimeException | StackOverflowError e) {
          rejection = Failsafe.rejection(response.response(), "PatientJourney.Unresolved", e);
        }
        out.output(rejection);
      }
    }
  }
}
