package quebec.balises.episodes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthChangeTest {

  /**
   * Each pair classified by hand, dimension by dimension (MO SC UA PD AD): 21111→11111 mobility
   * 2→1, nothing worse: improve; 21111→12111 mobility better, self-care worse: mixed; 11111→11121
   * pain 1→2: worsen; 11211→11211 the same with a problem: no change; 11111 twice: no problems.
   */
  @ParameterizedTest(name = "{0} → {1}: {2}")
  @CsvSource({
    "11111, 11111, no_problems",
    "21111, 11111, improve",
    "21111, 12111, mixed",
    "11211, 11211, no_change",
    "11111, 11121, worsen",
    "35432, 25422, improve",
    "11111, 55555, worsen",
    "55555, 11111, improve",
    "23145, 23145, no_change",
    "23145, 32154, mixed",
  })
  void classifiesEachPairByHand(String baseline, String followup, String expected) {
    assertThat(HealthChange.classify(baseline, followup).code(), is(expected));
  }

  @Test
  void hasNoClassWithoutTwoWholeProfiles() {
    assertThat(HealthChange.classify(null, "11111"), is(nullValue()));
    assertThat(HealthChange.classify("11111", null), is(nullValue()));
    assertThat(HealthChange.classify("1111", "11111"), is(nullValue()));
    assertThat(HealthChange.classify("11161", "11111"), is(nullValue()));
  }
}
