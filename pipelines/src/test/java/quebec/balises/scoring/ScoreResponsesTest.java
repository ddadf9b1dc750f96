package quebec.balises.scoring;

import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.Fixtures;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.ResponseRecord;

class ScoreResponsesTest {
  @Test
  void emitsOneElementPerScaleKeyedByItsResponse() {
    List<ParsedResource> parsed =
        Fixtures.parsed(
            Fixtures.patient("p1"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.organization("o1", "11045101"),
            Fixtures.response("r1", "p1", "e1"));
    LinkedEpisode episode =
        new LinkedEpisode(
            (EpisodeRecord) parsed.get(1).payload(),
            (PatientRecord) parsed.get(0).payload(),
            (EstablishmentRecord) parsed.get(2).payload(),
            parsed.get(1).source());
    LinkedResponse response =
        new LinkedResponse(
            (ResponseRecord) parsed.get(3).payload(), episode, parsed.get(3).source());
    TestPipeline p = BeamTesting.pipeline();

    var scores =
        p.apply(Create.of(response).withCoder(SerializableCoder.of(LinkedResponse.class)))
            .apply(new ScoreResponses(InstrumentRegistry.bundled()))
            .get(ScoreResponses.SCORED)
            .apply(ScoreResponses.asRows())
            .get(ScoreResponses.ROWS);

    // The fixture answers mobility (level 2) and the VAS (70) only: the index and the profile
    // lack four dimensions; the VAS stands.
    PAssert.that(
            scores.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        s ->
                            s.responseId()
                                + " "
                                + s.score().scale()
                                + " "
                                + s.score().status().code()
                                + " "
                                + s.score().value())))
        .containsInAnyOrder(
            "r1 profile insufficient_items null",
            "r1 index insufficient_items null",
            "r1 index_eng_devlin2018 insufficient_items null",
            "r1 vas valid 70.0");
    p.run().waitUntilFinish();
  }
}
