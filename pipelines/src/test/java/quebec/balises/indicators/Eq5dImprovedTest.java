package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.HealthChange;

/**
 * {@code hip-eq5d5l-improved-12m} as shipped: the share of hip EQ-5D-5L pairs at 12 months whose
 * profiles are classified improve, among the pairs with both profiles.
 */
class Eq5dImprovedTest {
  private static final String ID = "hip-eq5d5l-improved-12m";

  private static IndicatorDefinition measure() {
    return IndicatorCatalog.bundled().indicators().stream()
        .filter(i -> i.id().equals(ID))
        .findFirst()
        .orElseThrow();
  }

  private static EpisodeScale eq5d(String baselineProfile, String followupProfile) {
    EpisodeScale row =
        Rows.row(
            "hip-arthroplasty",
            "EQ5D5L",
            "index",
            "12m",
            Rows.SITE_A,
            "female",
            70,
            3,
            LocalDate.of(2024, 6, 1),
            0.8,
            0.9);
    HealthChange change = HealthChange.classify(baselineProfile, followupProfile);
    return Rows.withHealthChange(row, change == null ? null : change.code());
  }

  /**
   * Twelve pairs classified by hand: seven improve (21111→11111 and six like it: 32211→21111,
   * 22222→11111, 31111→21111, 11211→11111, 11112→11111, 22211→12211), two mixed (21111→12111,
   * 12111→21111), one no change (11211→11211), one worsen (11111→11121), one no problems
   * (11111→11111). A thirteenth has no follow-up profile and is not counted. Share: 7/12 = 0.5833,
   * with its Wilson interval.
   */
  @Test
  void countsTheImprovedAmongThePairsWithBothProfiles() {
    List<EpisodeScale> rows = new ArrayList<>();
    for (String[] pair :
        new String[][] {
          {"21111", "11111"},
          {"32211", "21111"},
          {"22222", "11111"},
          {"31111", "21111"},
          {"11211", "11111"},
          {"11112", "11111"},
          {"22211", "12211"},
          {"21111", "12111"},
          {"12111", "21111"},
          {"11211", "11211"},
          {"11111", "11121"},
          {"11111", "11111"},
          {"21111", null},
        }) {
      rows.add(eq5d(pair[0], pair[1]));
    }
    IndicatorDefinition indicator = measure();
    CellAccumulator cell = new CellAccumulator();
    for (EpisodeScale row : rows) {
      var fields = EpisodeFields.of(row);
      if (indicator.counts(fields)) {
        cell.addProportion(indicator.inNumerator(fields));
      }
    }
    assertThat(cell.n(), is(12L));
    assertThat(cell.numerator(), is(7L));
    Figure figure = Figure.of(indicator.scoring(), cell, PublicationRules.DEFAULT);
    assertThat(figure.value(), closeTo(7.0 / 12, 1e-12));
    double z = 1.959963984540054;
    double centre = 2 * 7 + z * z;
    double spread = z * Math.sqrt(z * z + 4 * 7 * (1 - 7.0 / 12));
    assertThat(figure.lower(), closeTo((centre - spread) / (2 * (12 + z * z)), 1e-12));
    assertThat(figure.upper(), closeTo((centre + spread) / (2 * (12 + z * z)), 1e-12));
  }

  @Test
  void isAProportionOfHipEpisodesWhereHigherIsBetter() {
    IndicatorDefinition indicator = measure();
    assertThat(indicator.scoring(), is(IndicatorDefinition.Scoring.PROPORTION));
    assertThat(indicator.trajectory(), is("hip-arthroplasty"));
    assertThat(indicator.increaseIsBetter(), is(true));
    assertThat(indicator.adjusted(), is(false));
  }
}
