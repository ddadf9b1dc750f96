package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.disclosure.ReleasedForTests;
import quebec.balises.model.RecordCoder;

/**
 * Five establishments of one indicator and year, each with n = 200 and every observation equal to
 * its value, against a province whose observations are 10 and 30 (mean 20, sd √200): the standard
 * error at n = 200 is √200/√200 = 1, so z = value − 20. Values 17, 19, 20, 22, 26: z = −3, −1, 0,
 * 2, 6 and φ = 5.84 (worked in {@code OverdispersionTest}): limits at 20 ± 4.736467 (95 %) and 20 ±
 * 7.467884 (99.8 %).
 */
class AllowForOverdispersionTest {
  private static final String WIDENED = "hip-eq5d5l-index-mean-change-12m";
  private static final String PLAIN = "knee-koos-ps-mean-change-12m";

  private static IndicatorDefinition indicator(String id) {
    return IndicatorCatalog.bundled().indicators().stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static IndicatorFigure unit(String indicatorId, String code, double value) {
    CellAccumulator province = new CellAccumulator();
    province.addObservation(10);
    province.addObservation(30);
    CellAccumulator cell = new CellAccumulator();
    for (int i = 0; i < 200; i++) {
      cell.addObservation(value);
    }
    Cell where = quebec.balises.Fixtures.establishmentCell(indicatorId, code);
    return IndicatorFigure.of(
        indicator(indicatorId), where, cell, province, null, PublicationRules.DEFAULT);
  }

  private static List<ProtectedFigure> released(List<IndicatorFigure> figures) {
    return figures.stream().map(ReleasedForTests::released).toList();
  }

  @Test
  void widensTheLimitsOfTheMeasuresThatAskByTheirLevelsPhi() {
    List<IndicatorFigure> figures = new ArrayList<>();
    double[] values = {17, 19, 20, 22, 26};
    for (int i = 0; i < values.length; i++) {
      figures.add(unit(WIDENED, "100" + i, values[i]));
    }
    figures.add(unit(PLAIN, "1000", 26));
    assertThat("plain limits before", figures.get(4).funnel().flag(), is("above_998"));

    TestPipeline p = BeamTesting.pipeline();
    PCollection<IndicatorFigure> out =
        p.apply(Create.of(released(figures)).withCoder(ProtectedFigure.coder()))
            .apply(new AllowForOverdispersion(Set.of(WIDENED)))
            .get(AllowForOverdispersion.FIGURES)
            .apply(
                MapElements.into(TypeDescriptor.of(IndicatorFigure.class))
                    .via(ProtectedFigure::figure))
            .setCoder(RecordCoder.of(IndicatorFigure.class));
    PAssert.that(out)
        .satisfies(
            all -> {
              Map<String, IndicatorFigure> byKey = new HashMap<>();
              all.forEach(f -> byKey.put(f.indicatorId() + "|" + f.cell().unitCode(), f));
              assertThat(byKey.size(), is(6));
              IndicatorFigure high = byKey.get(WIDENED + "|1004");
              assertThat(high.funnel().phi(), closeTo(5.84, 1e-12));
              assertThat(high.funnel().limits().limits95().upper(), closeTo(24.736467, 1e-6));
              assertThat(high.funnel().limits().limits998().upper(), closeTo(27.467884, 1e-6));
              assertThat(high.funnel().flag(), is("above_95"));
              assertThat(high.funnel().unadjustedFlag(), is("above_998"));
              assertThat(
                  high.funnel().unadjusted().limits998().upper(),
                  closeTo(20 + 3.090232306167813, 1e-9));
              IndicatorFigure low = byKey.get(WIDENED + "|1000");
              assertThat(low.funnel().flag(), is("within"));
              assertThat(low.funnel().unadjustedFlag(), is("below_95"));
              IndicatorFigure untouched = byKey.get(PLAIN + "|1000");
              assertThat(untouched.funnel().phi(), nullValue());
              assertThat(untouched.funnel().flag(), is("above_998"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * Applied after disclosure control, φ counts only the published units: a sixth establishment at
   * 40 (z = 20), withheld as disclosure control leaves it (no value, no funnel), changes nothing,
   * so that φ says nothing about it; it would have raised φ had it counted. The stage's two rules
   * are applied as its pipeline applies them (the group of each figure, then each group widened);
   * the test above runs them in a pipeline.
   */
  @Test
  void aWithheldUnitAddsNothingToPhi() {
    List<IndicatorFigure> figures = new ArrayList<>();
    double[] values = {17, 19, 20, 22, 26};
    for (int i = 0; i < values.length; i++) {
      figures.add(unit(WIDENED, "100" + i, values[i]));
    }
    IndicatorFigure hidden = unit(WIDENED, "1005", 40);
    assertThat("it has a funnel before it is withheld", hidden.funnel() != null, is(true));
    figures.add(hidden.withheld(false));

    List<ProtectedFigure> all = new ArrayList<>();
    Map<AllowForOverdispersion.FunnelGroup, List<ProtectedFigure>> groups = new HashMap<>();
    for (ProtectedFigure figure : released(figures)) {
      AllowForOverdispersion.FunnelGroup group =
          AllowForOverdispersion.groupOf(figure.figure(), Set.of(WIDENED));
      if (group == null) {
        all.add(figure);
      } else {
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(figure);
      }
    }
    groups.values().forEach(units -> all.addAll(AllowForOverdispersion.widen(units)));
    assertThat(all.size(), is(6));
    for (ProtectedFigure released : all) {
      IndicatorFigure f = released.figure();
      if (f.cell().unitCode().equals("1005")) {
        assertThat(f.funnel(), nullValue());
      } else {
        assertThat(f.funnel().phi(), closeTo(5.84, 1e-12));
      }
    }
  }
}
