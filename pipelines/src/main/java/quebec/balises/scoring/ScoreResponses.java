package quebec.balises.scoring;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import quebec.balises.model.Counters;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResponseRecord;

/**
 * Stage 5: scores every linked response by its instrument's published method ({@link
 * InstrumentRegistry}). A scale that cannot be scored is still there, with no value and the reason
 * in its status. {@link #asRows()} turns the result into one row per scale.
 *
 * <p>Scoring is the last stage that works on one input record at a time, so it is where a response
 * is finally accepted: {@link #ACCEPTED} holds each response it scored, as it came in (answers
 * included), for the responses dataset and the tally. A response whose scoring fails unexpectedly
 * is in {@link #REJECTED} instead ({@link Failsafe}), and so in exactly one place.
 */
public final class ScoreResponses
    extends PTransform<PCollection<LinkedResponse>, PCollectionTuple> {
  public static final TupleTag<ScoredResponse> SCORED = new TupleTag<>() {};
  public static final TupleTag<LinkedResponse> ACCEPTED = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  private final InstrumentRegistry registry;

  public ScoreResponses(InstrumentRegistry registry) {
    this.registry = registry;
  }

  @Override
  public PCollectionTuple expand(PCollection<LinkedResponse> responses) {
    PCollectionTuple scored =
        responses.apply(
            "ScoreScales",
            ParDo.of(new ScoreFn(registry))
                .withOutputTags(SCORED, TupleTagList.of(ACCEPTED).and(REJECTED)));
    scored.get(SCORED).setCoder(RecordCoder.of(ScoredResponse.class));
    scored.get(ACCEPTED).setCoder(RecordCoder.of(LinkedResponse.class));
    scored.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    return scored;
  }

  /** The rows of {@link #asRows()}. */
  public static final TupleTag<ResponseScore> ROWS = new TupleTag<>() {};

  /** Responses whose rows could not be made ({@link Failsafe}): derived dead letters. */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  /** One element per scale of each scored response, for the scores dataset ({@link #ROWS}). */
  public static PTransform<PCollection<ScoredResponse>, PCollectionTuple> asRows() {
    return new PTransform<>() {
      @Override
      public PCollectionTuple expand(PCollection<ScoredResponse> scored) {
        PCollectionTuple rows =
            scored.apply(
                "OneRowPerScale",
                ParDo.of(new RowsFn()).withOutputTags(ROWS, TupleTagList.of(FAILED)));
        rows.get(ROWS).setCoder(RecordCoder.of(ResponseScore.class));
        rows.get(FAILED).setCoder(RecordCoder.of(Rejection.class));
        return rows;
      }
    };
  }

  static final class ScoreFn extends DoFn<LinkedResponse, ScoredResponse> {
    private final InstrumentRegistry registry;
    private final Counter scored = Counters.counter(Counters.SCORES_WRITTEN);
    private final Counter unscored = Counters.counter(Counters.SCORES_WITHOUT_VALUE);

    ScoreFn(InstrumentRegistry registry) {
      this.registry = registry;
    }

    @ProcessElement
    public void process(@Element LinkedResponse linked, MultiOutputReceiver out) {
      Throwable failure =
          Failsafe.run(
              held -> {
                List<Score> scores = registry.score(linked.response());
                held.output(
                    out.get(SCORED)::output, new ScoredResponse(withoutAnswers(linked), scores));
                held.output(out.get(ACCEPTED)::output, linked);
                count(linked, scores);
              });
      if (failure != null) {
        out.get(REJECTED).output(Failsafe.rejection(linked, "ScoreResponses", failure));
      }
    }

    private void count(LinkedResponse linked, List<Score> scores) {
      if (linked.response().mapping() != null) {
        Counters.counter(Counters.mappedResponses(linked.response().mapping())).inc();
      }
      for (Score score : scores) {
        (score.value() == null && score.text() == null ? unscored : scored).inc();
      }
    }

    /**
     * The scores sum up the answers, and no stage after scoring reads them (the responses dataset
     * reads them from {@link #ACCEPTED}). Leaving them out keeps every later shuffle small: they
     * were most of a scored response's bytes (docs/performance.md).
     */
    private static LinkedResponse withoutAnswers(LinkedResponse linked) {
      ResponseRecord r = linked.response();
      return new LinkedResponse(
          new ResponseRecord(
              r.id(),
              r.patientId(),
              r.episodeId(),
              r.questionnaireUrl(),
              r.questionnaireVersion(),
              r.instrument(),
              r.status(),
              r.authoredDate(),
              r.authoredAt(),
              List.of(),
              r.mapping(),
              r.encounterId()),
          linked.episode(),
          linked.source());
    }
  }

  static final class RowsFn extends DoFn<ScoredResponse, ResponseScore> {
    @ProcessElement
    public void process(@Element ScoredResponse scored, MultiOutputReceiver out) {
      Throwable failure = Failsafe.run(held -> rows(scored, out, held));
      if (failure != null) {
        out.get(FAILED)
            .output(
                Failsafe.derived(
                    scored.linked().source(), scored, "ScoreResponses.OneRowPerScale", failure));
      }
    }

    private static void rows(ScoredResponse scored, MultiOutputReceiver out, Failsafe.Held held) {
      LinkedResponse linked = scored.linked();
      ResponseRecord response = linked.response();
      for (Score score : scored.scores()) {
        held.output(
            out.get(ROWS)::output,
            new ResponseScore(
                response.id(),
                response.episodeId(),
                linked.episode().patient().pseudonymSource(),
                linked.episode().episode().trajectory(),
                linked.episode().establishment().code(),
                response.instrument(),
                response.questionnaireUrl(),
                response.questionnaireVersion(),
                response.authoredDate(),
                score,
                response.mapping()));
      }
    }
  }
}
