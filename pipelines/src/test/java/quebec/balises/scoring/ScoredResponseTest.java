package quebec.balises.scoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;

class ScoredResponseTest {
  private static LinkedResponse linked() {
    List<ParsedResource> parsed =
        Fixtures.parsed(
            Fixtures.patient("p1"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.organization("o1", "11045101"),
            Fixtures.response("r1", "p1", "e1"));
    LinkedEpisode episode =
        new LinkedEpisode(
            parsed.get(1).episode(),
            parsed.get(0).patient(),
            parsed.get(2).establishment(),
            parsed.get(1).source());
    return new LinkedResponse(parsed.get(3).response(), episode, parsed.get(3).source());
  }

  @Test
  void oneRowPerScaleKeyedByItsResponse() {
    LinkedResponse response = linked();
    ScoredResponse scored =
        ScoredResponse.of(response, InstrumentRegistry.bundled().score(response.response()));

    // The fixture answers mobility (level 2) and the VAS (70) only: the index and the profile
    // lack four dimensions; the VAS stands.
    assertThat(
        scored.rows().stream()
            .map(
                s ->
                    s.responseId()
                        + " "
                        + s.score().scale()
                        + " "
                        + s.score().status().code()
                        + " "
                        + s.score().value()
                        + " "
                        + s.episodeId()
                        + " "
                        + s.establishmentCode())
            .toList(),
        containsInAnyOrder(
            "r1 profile insufficient_items null e1 11045101",
            "r1 index insufficient_items null e1 11045101",
            "r1 index_eng_devlin2018 insufficient_items null e1 11045101",
            "r1 vas valid 70.0 e1 11045101"));
  }

  @Test
  void aScoredResponseLeavesItsAnswersBehind() {
    LinkedResponse response = linked();
    assertThat(response.response().answers().size(), is(2));
    ScoredResponse scored = ScoredResponse.of(response, List.of());
    assertThat(scored.linked().response().answers(), empty());
    assertThat(scored.linked().response().id(), is("r1"));
    assertThat(scored.linked().episode(), is(response.episode()));
    assertThat(scored.linked().source(), is(response.source()));
  }
}
