package quebec.balises.scoring;

import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import quebec.balises.ingest.ReadFhirRecords;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ResponseRecord;

/**
 * Stage 5: scores every accepted response by its instrument's published method ({@link
 * InstrumentRegistry}), one element per scale. A scale that cannot be scored is still a row, with
 * no value and the reason in its status.
 */
public final class ScoreResponses
    extends PTransform<PCollection<LinkedResponse>, PCollection<ResponseScore>> {
  private final InstrumentRegistry registry;

  public ScoreResponses(InstrumentRegistry registry) {
    this.registry = registry;
  }

  @Override
  public PCollection<ResponseScore> expand(PCollection<LinkedResponse> responses) {
    return responses
        .apply("ScoreScales", ParDo.of(new ScoreFn(registry)))
        .setCoder(SerializableCoder.of(ResponseScore.class));
  }

  static final class ScoreFn extends DoFn<LinkedResponse, ResponseScore> {
    private final InstrumentRegistry registry;
    private final Counter scored = Metrics.counter(ReadFhirRecords.METRICS, "scores_written");
    private final Counter unscored =
        Metrics.counter(ReadFhirRecords.METRICS, "scores_without_value");

    ScoreFn(InstrumentRegistry registry) {
      this.registry = registry;
    }

    @ProcessElement
    public void process(@Element LinkedResponse linked, OutputReceiver<ResponseScore> out) {
      ResponseRecord response = linked.response();
      for (Score score : registry.score(response)) {
        (score.value() == null && score.text() == null ? unscored : scored).inc();
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
                score));
      }
    }
  }
}
