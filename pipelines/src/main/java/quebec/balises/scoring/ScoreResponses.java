package quebec.balises.scoring;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import quebec.balises.ingest.ReadFhirRecords;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.ResponseRecord;

/**
 * Stage 5: scores every accepted response by its instrument's published method ({@link
 * InstrumentRegistry}). A scale that cannot be scored is still there, with no value and the reason
 * in its status. {@link #asRows()} turns the result into one row per scale.
 */
public final class ScoreResponses
    extends PTransform<PCollection<LinkedResponse>, PCollection<ScoredResponse>> {
  private final InstrumentRegistry registry;

  public ScoreResponses(InstrumentRegistry registry) {
    this.registry = registry;
  }

  @Override
  public PCollection<ScoredResponse> expand(PCollection<LinkedResponse> responses) {
    return responses
        .apply("ScoreScales", ParDo.of(new ScoreFn(registry)))
        .setCoder(RecordCoder.of(ScoredResponse.class));
  }

  /** The counter of scored responses that an instrument mapping read. */
  public static String mappedMetric(String mappingId) {
    return "mapped_responses:" + mappingId;
  }

  /** One element per scale of each scored response, for the scores dataset. */
  public static PTransform<PCollection<ScoredResponse>, PCollection<ResponseScore>> asRows() {
    return new PTransform<>() {
      @Override
      public PCollection<ResponseScore> expand(PCollection<ScoredResponse> scored) {
        return scored
            .apply("OneRowPerScale", ParDo.of(new RowsFn()))
            .setCoder(RecordCoder.of(ResponseScore.class));
      }
    };
  }

  static final class ScoreFn extends DoFn<LinkedResponse, ScoredResponse> {
    private final InstrumentRegistry registry;
    private final Counter scored = Metrics.counter(ReadFhirRecords.METRICS, "scores_written");
    private final Counter unscored =
        Metrics.counter(ReadFhirRecords.METRICS, "scores_without_value");

    ScoreFn(InstrumentRegistry registry) {
      this.registry = registry;
    }

    @ProcessElement
    public void process(@Element LinkedResponse linked, OutputReceiver<ScoredResponse> out) {
      List<Score> scores = registry.score(linked.response());
      if (linked.response().mapping() != null) {
        Metrics.counter(ReadFhirRecords.METRICS, mappedMetric(linked.response().mapping())).inc();
      }
      for (Score score : scores) {
        (score.value() == null && score.text() == null ? unscored : scored).inc();
      }
      out.output(new ScoredResponse(withoutAnswers(linked), scores));
    }

    /**
     * The scores sum up the answers, and no stage after scoring reads them (the responses dataset
     * counts them before scoring). Leaving them out keeps every later shuffle small: they were most
     * of a scored response's bytes (docs/performance.md).
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
    public void process(@Element ScoredResponse scored, OutputReceiver<ResponseScore> out) {
      LinkedResponse linked = scored.linked();
      ResponseRecord response = linked.response();
      for (Score score : scored.scores()) {
        out.output(
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
