package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
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
import quebec.balises.model.EstablishmentRecord;

/**
 * {@code hip-hoos-jr-mean-change-12m} with one establishment above the minimum of modelled episodes
 * (30) and one below it. Hôpital A: 40 episodes, a gain of 30 for 28 and 10 for 12, mean (28·30 +
 * 12·10)/40 = 24. Hôpital B: 12 episodes, each a gain of 20, mean 20. Every episode is modelled
 * (all case-mix fields known), 52 in the province, so the model is fitted. A gets an adjusted gain;
 * B publishes its observed mean 20 (n = 12 ≥ 10) as observed, never as adjusted; the province
 * publishes its observed mean (960 + 240)/52 = 23.0769…, which is also the reference of the
 * adjusted gains (the provincial gain of the modelled episodes, A's funnel target) since every
 * episode is modelled.
 */
class AdjustedRowsTest {
  private static final String ID = "hip-hoos-jr-mean-change-12m";

  private static void add(
      List<EpisodeScale> rows,
      EstablishmentRecord site,
      int n,
      int first,
      double high,
      double low) {
    for (int i = 0; i < n; i++) {
      double baseline = 40 + i % 10;
      rows.add(
          Rows.hip(
              site,
              i % 2 == 0 ? "female" : "male",
              60 + i % 20,
              1 + i % 5,
              baseline,
              baseline + (i < first ? high : low)));
    }
  }

  @Test
  void anObservedMeanIsNeverPublishedAsAdjusted() {
    List<EpisodeScale> rows = new ArrayList<>();
    add(rows, Rows.SITE_A, 40, 28, 30, 10);
    add(rows, Rows.SITE_B, 12, 12, 20, 20);
    SortedMap<String, String> files =
        new TreeMap<>(ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json"));
    files.keySet().retainAll(List.of(ID + ".json"));

    TestPipeline p = BeamTesting.pipeline();
    PCollectionTuple computed =
        p.apply(Create.of(rows).withCoder(SerializableCoder.of(EpisodeScale.class)))
            .apply(new ComputeIndicators(IndicatorCatalog.of(files), PublicationRules.DEFAULT));
    PAssert.that(computed.get(ComputeIndicators.FIGURES))
        .satisfies(
            figures -> {
              Map<String, IndicatorFigure> byUnit = new HashMap<>();
              figures.forEach(
                  f -> {
                    if (f.cell().isWholeUnit() && f.cell().period().equals("2025")) {
                      byUnit.put(f.cell().unitCode(), f);
                    }
                  });
              IndicatorFigure a = byUnit.get("1001");
              assertThat(a.figure().value(), closeTo(24, 1e-9));
              assertThat(a.isAdjusted(), is(true));
              assertThat(a.adjusted().modelled(), is(40L));
              assertThat(a.method(), is("student_t_95+indirect_standardisation"));

              IndicatorFigure b = byUnit.get("1002");
              assertThat(b.figure().value(), closeTo(20, 1e-9));
              assertThat(b.isAdjusted(), is(false));
              assertThat(b.adjusted(), nullValue());
              assertThat(b.method(), is("student_t_95"));
              assertThat("no funnel below the minimum", b.funnel(), nullValue());

              IndicatorFigure province = byUnit.get("QC");
              assertThat(province.figure().value(), closeTo(1200.0 / 52, 1e-9));
              assertThat(province.isAdjusted(), is(false));
              assertThat(province.method(), is("student_t_95"));
              assertThat(a.funnel(), notNullValue());
              assertThat(
                  "one provincial reference",
                  a.funnel().limits().target(),
                  closeTo(1200.0 / 52, 1e-9));
              return null;
            });
    p.run().waitUntilFinish();
  }
}
