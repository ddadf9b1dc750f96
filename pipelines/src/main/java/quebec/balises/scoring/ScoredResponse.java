package quebec.balises.scoring;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ResponseRecord;

/**
 * An accepted response with every scale of its instrument scored. Its answers are left out ({@code
 * linked.response().answers()} is empty): the scores stand for them from here on.
 */
public record ScoredResponse(LinkedResponse linked, List<Score> scores) implements Serializable {

  /**
   * The scored response, without its answers: the scores sum them up, and nothing after scoring
   * reads them (the responses dataset reads the accepted response itself). Leaving them out keeps
   * what pairing and the datasets hold small: they were most of a scored response's bytes
   * (docs/performance.md).
   */
  public static ScoredResponse of(LinkedResponse linked, List<Score> scores) {
    ResponseRecord r = linked.response();
    return new ScoredResponse(
        new LinkedResponse(
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
            linked.source()),
        scores);
  }

  /** One row of the scores dataset per scale. */
  public List<ResponseScore> rows() {
    ResponseRecord response = linked.response();
    List<ResponseScore> rows = new ArrayList<>(scores.size());
    for (Score score : scores) {
      rows.add(
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
    return rows;
  }
}
