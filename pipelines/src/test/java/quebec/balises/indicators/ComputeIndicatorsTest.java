package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
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
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.stats.LinearModel;

/**
 * The indicator stage on crafted hip rows whose figures are worked out here by hand: a proportion,
 * a stratum of it, a mean change, its case-mix-adjusted value and a funnel flag.
 *
 * <p>78 hip HOOS JR 12-month rows, every follow-up on 2025-06-01. Hôpital A: 40 rows, changes of 30
 * for the first 28 and 10 for the rest. Hôpital B: 35 rows, 25 for the first 14 and 12 for the
 * rest. Hôpital C: 3 rows of 30. Baselines 40–49, ages 60–79, sex alternating female/male, material
 * deprivation quintiles 1–5 in turn.
 */
class ComputeIndicatorsTest {
  private static final double Z = 1.959963984540054;
  private static final String RESPONDERS = "hip-hoos-jr-substantial-benefit-12m";
  private static final String MEAN_CHANGE = "hip-hoos-jr-mean-change-12m";

  private record Crafted(EpisodeScale row, EstablishmentRecord site, double change, int i)
      implements java.io.Serializable {}

  private static List<Crafted> crafted() {
    List<Crafted> rows = new ArrayList<>();
    add(rows, Rows.SITE_A, 40, 28, 30, 10);
    add(rows, Rows.SITE_B, 35, 14, 25, 12);
    add(rows, Rows.SITE_C, 3, 3, 30, 30);
    return rows;
  }

  private static void add(
      List<Crafted> rows, EstablishmentRecord site, int n, int first, double high, double low) {
    for (int i = 0; i < n; i++) {
      double baseline = 40 + i % 10;
      double change = i < first ? high : low;
      EpisodeScale row =
          Rows.hip(
              site,
              i % 2 == 0 ? "female" : "male",
              60 + i % 20,
              1 + i % 5,
              baseline,
              baseline + change);
      rows.add(new Crafted(row, site, change, i));
    }
  }

  /** The shipped Measures of the two indicators under test; fewer cells keep the test quick. */
  private static IndicatorCatalog twoMeasures() {
    SortedMap<String, String> files =
        new TreeMap<>(ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json"));
    files.keySet().retainAll(List.of(RESPONDERS + ".json", MEAN_CHANGE + ".json"));
    return IndicatorCatalog.of(files);
  }

  private static double[] wilson(long x, long n) {
    double centre = 2 * x + Z * Z;
    double spread = Z * Math.sqrt(Z * Z + 4 * x * (1 - (double) x / n));
    double denominator = 2 * (n + Z * Z);
    return new double[] {(centre - spread) / denominator, (centre + spread) / denominator};
  }

  /** The case-mix design without its aliased columns: the same fit, by the one-shot QR. */
  private static double[] reducedCovariates(EpisodeScale row) {
    double age = (Double) EpisodeFields.value(row, "age_at_anchor");
    double quintile = (Double) EpisodeFields.value(row, "material_deprivation_quintile");
    return new double[] {
      row.baseline().value(),
      age >= 65 && age < 75 ? 1 : 0,
      age >= 75 ? 1 : 0,
      "female".equals(row.episode().patient().sex()) ? 1 : 0,
      quintile == 1 ? 1 : 0,
      quintile == 2 ? 1 : 0,
      quintile == 3 ? 1 : 0,
      quintile == 4 ? 1 : 0
    };
  }

  @Test
  void figuresMatchTheirHandWorkedValues() {
    List<Crafted> rows = crafted();

    // Responders (change ≥ 22): A 28 of 40, province 28 + 14 + 3 = 45 of 78.
    double[] ciA = wilson(28, 40);
    double p0 = 45.0 / 78;
    double se = Math.sqrt(p0 * (1 - p0) / 40);
    String flagA =
        0.7 > p0 + 3.090232 * se ? "above_998" : 0.7 > p0 + Z * se ? "above_95" : "within";
    // Women are the even rows: A's and B's alone are 21 responders of 38 (region 03); the
    // province adds C's.

    // Mean change of A: (28·30 + 12·10)/40 = 24, Student t interval from the sample sd.
    double sumSquares = 28 * Math.pow(30 - 24, 2) + 12 * Math.pow(10 - 24, 2);
    double sdA = Math.sqrt(sumSquares / 39);
    double halfWidthA =
        new TDistribution(39).inverseCumulativeProbability(0.975) * sdA / Math.sqrt(40);

    // Adjusted gain of A: provincial gain + (O − E), the model fitted on all 78 rows.
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      x[k] = reducedCovariates(rows.get(k).row());
      y[k] = rows.get(k).row().followup().value();
    }
    LinearModel model = LinearModel.fit(x, y);
    // The assertion below is serialized with the pipeline: it carries the predictions, not the
    // model.
    double[] predicted = new double[rows.size()];
    double provincialPost = 0;
    double provincialPre = 0;
    double residualSumA = 0;
    for (int k = 0; k < rows.size(); k++) {
      EpisodeScale row = rows.get(k).row();
      provincialPost += y[k] / rows.size();
      provincialPre += row.baseline().value() / rows.size();
      predicted[k] = model.predict(x[k]);
      double residual = y[k] - predicted[k];
      if (rows.get(k).site() == Rows.SITE_A) {
        residualSumA += residual;
      }
    }
    double provincialGain = provincialPost - provincialPre;
    double adjustedA = provincialGain + residualSumA / 40;

    TestPipeline p = BeamTesting.pipeline();
    PCollectionTuple computed =
        p.apply(
                Create.of(rows.stream().map(Crafted::row).toList())
                    .withCoder(SerializableCoder.of(EpisodeScale.class)))
            .apply(new ComputeIndicators(twoMeasures(), PublicationRules.DEFAULT));

    PAssert.that(computed.get(ComputeIndicators.FIGURES))
        .satisfies(
            figures -> {
              Map<String, IndicatorFigure> byKey = new HashMap<>();
              figures.forEach(
                  f -> {
                    Cell c = f.cell();
                    byKey.put(
                        String.join(
                            "|",
                            c.indicatorId(),
                            c.period(),
                            c.unitCode(),
                            c.stratifier(),
                            c.stratum()),
                        f);
                  });
              IndicatorFigure a = byKey.get(RESPONDERS + "|2025|1001|all|all");
              assertThat(a.figure().n(), is(40L));
              assertThat(a.figure().numerator(), is(28L));
              assertThat(a.figure().value(), closeTo(0.7, 1e-12));
              assertThat(a.figure().lower(), closeTo(ciA[0], 1e-12));
              assertThat(a.figure().upper(), closeTo(ciA[1], 1e-12));
              assertThat(a.funnel().limits().target(), closeTo(p0, 1e-12));
              assertThat(a.funnel().limits().limits95().upper(), closeTo(p0 + Z * se, 1e-9));
              assertThat(a.funnel().flag(), is(flagA));
              assertThat(a.method(), is("wilson_score_95"));

              assertThat(
                  "an establishment is published by year",
                  byKey.containsKey(RESPONDERS + "|2025-Q2|1001|all|all"),
                  is(false));
              IndicatorFigure quarter = byKey.get(RESPONDERS + "|2025-Q2|QC|all|all");
              assertThat(quarter.figure().n(), is(greaterThan(0L)));

              IndicatorFigure province = byKey.get(RESPONDERS + "|2025|QC|all|all");
              assertThat(province.figure().numerator(), is(45L));
              assertThat(province.figure().n(), is(78L));
              assertThat("no funnel for the province itself", province.funnel(), nullValue());

              IndicatorFigure women = byKey.get(RESPONDERS + "|2025|QC|sex|female");
              assertThat(women.figure().n(), is(greaterThan(38L)));
              double[] ciWomen = wilson(women.figure().numerator(), women.figure().n());
              assertThat(
                  women.figure().value(),
                  closeTo((double) women.figure().numerator() / women.figure().n(), 1e-12));
              assertThat(women.figure().lower(), closeTo(ciWomen[0], 1e-12));
              assertThat(women.figure().upper(), closeTo(ciWomen[1], 1e-12));
              assertThat("no funnel for a stratum", women.funnel(), nullValue());
              assertThat(
                  "equity strata at the province only",
                  byKey.containsKey(RESPONDERS + "|2025|03|sex|female")
                      || byKey.containsKey(RESPONDERS + "|2025|1001|sex|female"),
                  is(false));

              IndicatorFigure c = byKey.get(RESPONDERS + "|2025|1003|all|all");
              assertThat(c.figure().suppression(), is(Figure.SUPPRESSED));
              assertThat(c.figure().n(), nullValue());
              assertThat(c.figure().value(), nullValue());
              assertThat(c.funnel(), nullValue());

              IndicatorFigure meanA = byKey.get(MEAN_CHANGE + "|2025|1001|all|all");
              assertThat(meanA.figure().value(), closeTo(24, 1e-9));
              assertThat(meanA.figure().lower(), closeTo(24 - halfWidthA, 1e-9));
              assertThat(meanA.figure().upper(), closeTo(24 + halfWidthA, 1e-9));
              assertThat(meanA.adjusted().modelled(), is(40L));
              assertThat(meanA.adjusted().value(), closeTo(adjustedA, 1e-9));
              assertThat(meanA.funnel().limits().target(), closeTo(provincialGain, 1e-9));
              IndicatorFigure provinceMean = byKey.get(MEAN_CHANGE + "|2025|QC|all|all");
              assertThat(
                  "the province is the reference: one gain, the observed one",
                  provinceMean.adjusted(),
                  nullValue());
              assertThat(provinceMean.method(), is("student_t_95"));
              assertThat(meanA.method(), is("student_t_95+indirect_standardisation"));
              IndicatorFigure meanB = byKey.get(MEAN_CHANGE + "|2025|1002|all|all");
              assertThat(meanB.adjusted().modelled(), is(35L));
              assertThat(
                  "fewer than 30 modelled: no adjusted value",
                  byKey.get(MEAN_CHANGE + "|2025|1003|all|all").adjusted(),
                  nullValue());
              return null;
            });
    PAssert.that(computed.get(ComputeIndicators.MODELS))
        .satisfies(
            models -> {
              int count = 0;
              for (CaseMixModel fitted : models) {
                count++;
                assertThat(fitted.n(), is(78L));
                for (int k = 0; k < rows.size(); k++) {
                  double[] full = CaseMixDesign.covariates(rows.get(k).row());
                  assertThat(fitted.predict(full), closeTo(predicted[k], 1e-8));
                }
              }
              // One model per period the rows fall in: 2025-Q2 and 2025.
              assertThat(count, is(2));
              return null;
            });
    p.run().waitUntilFinish();
  }
}
