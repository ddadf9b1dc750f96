package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import quebec.balises.episodes.EpisodeScale;

/**
 * {@code aire-ouverte-yp-core-mean-change-3m} counts only the ages the YP-CORE was validated for,
 * 11 to 16 at first contact (docs/methods.md §5.6); the K10 Measures cover everyone.
 */
class YpCoreAgesTest {
  private static IndicatorDefinition measure(String id) {
    return IndicatorCatalog.bundled().indicators().stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static EpisodeScale row(String instrument, int age) {
    return Rows.row(
        "aire-ouverte",
        instrument,
        "total",
        "3m",
        Rows.SITE_A,
        "female",
        age,
        3,
        LocalDate.of(2025, 2, 1),
        20.0,
        14.0);
  }

  @ParameterizedTest(name = "age {0}: counted {1}")
  @CsvSource({"12, true", "11, true", "16, true", "17, false", "25, false"})
  void countsOnlyElevenToSixteen(int age, boolean counted) {
    assertThat(
        measure("aire-ouverte-yp-core-mean-change-3m")
            .counts(EpisodeFields.of(row("YP_CORE", age))),
        is(counted));
    assertThat(
        "the K10 counts every age",
        measure("aire-ouverte-k10-mean-change-3m").counts(EpisodeFields.of(row("K10", age))),
        is(true));
  }
}
