package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoreStatus;

/**
 * {@code partnership-overall-worthwhile-top-box} counts each partner once per period, with the
 * latest answer. Partner p1 engaged on 2024-09-01 answers at 6 months (2025-03-02, not top box) and
 * at 12 months (2025-09-01, top box); p2 engaged on 2024-11-01 answers once at 6 months
 * (2025-05-02, not top box). In 2025: p1 once with the later answer (top box) and p2: n = 2,
 * numerator 1 (counting answers would give n = 3, numerator 1). In 2025-Q1 p1's March answer alone:
 * n = 1, numerator 0; in 2025-Q3 p1's September answer: n = 1, numerator 1.
 */
class LatestPerPersonTest {
  private static final String ID = "partnership-overall-worthwhile-top-box";

  private static EpisodeScale answer(
      String partner, LocalDate engaged, String timepoint, int days, double topBox) {
    PatientRecord patient = new PatientRecord(partner, "nam-" + partner, "female", null, 2, 3);
    EpisodeRecord episode =
        new EpisodeRecord(
            "e-" + partner, partner, Rows.SITE_A.id(), "partnership", engaged, "active");
    LinkedEpisode linked =
        new LinkedEpisode(episode, patient, Rows.SITE_A, SourceRef.line("p.ndjson", 1));
    return new EpisodeScale(
        linked,
        "PARTNERSHIP_EXPERIENCE",
        "overall-worthwhile.top_box",
        timepoint,
        null,
        null,
        null,
        partner + "-" + timepoint,
        engaged.plusDays(days),
        Score.of("overall-worthwhile.top_box", topBox, ScoreStatus.VALID, "PPEET_TOP_BOX"),
        null);
  }

  @Test
  void aPartnerAnsweringTwiceInAPeriodCountsOnceWithTheLaterAnswer() {
    LocalDate p1 = LocalDate.of(2024, 9, 1);
    LocalDate p2 = LocalDate.of(2024, 11, 1);
    List<EpisodeScale> rows =
        List.of(
            answer("p1", p1, "6m", 182, 0),
            answer("p1", p1, "12m", 365, 1),
            answer("p2", p2, "6m", 182, 0));
    SortedMap<String, String> files =
        new TreeMap<>(ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json"));
    files.keySet().retainAll(List.of(ID + ".json"));
    IndicatorCatalog catalog = IndicatorCatalog.of(files);
    assertThat(catalog.indicators().get(0).latestPerPerson(), is(true));

    TestPipeline p = BeamTesting.pipeline();
    PCollectionTuple computed =
        p.apply(Create.of(rows).withCoder(SerializableCoder.of(EpisodeScale.class)))
            .apply(new ComputeIndicators(catalog, PublicationRules.DEFAULT));
    PAssert.that(computed.get(ComputeIndicators.FIGURES))
        .satisfies(
            figures -> {
              Map<String, IndicatorFigure.Counts> counts = new HashMap<>();
              figures.forEach(
                  f -> {
                    Cell c = f.cell();
                    if (c.isWholeUnit()) {
                      counts.put(c.period() + "|" + c.unitCode(), f.counts());
                    }
                  });
              assertThat(counts.get("2025|QC"), is(new IndicatorFigure.Counts(2, 1)));
              assertThat(counts.get("2025|1001"), is(new IndicatorFigure.Counts(2, 1)));
              assertThat(counts.get("2025-Q1|QC"), is(new IndicatorFigure.Counts(1, 0)));
              assertThat(counts.get("2025-Q2|QC"), is(new IndicatorFigure.Counts(1, 0)));
              assertThat(counts.get("2025-Q3|QC"), is(new IndicatorFigure.Counts(1, 1)));
              return null;
            });
    p.run().waitUntilFinish();
  }
}
