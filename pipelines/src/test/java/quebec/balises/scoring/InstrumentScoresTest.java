package quebec.balises.scoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static quebec.balises.scoring.Scoring.items;
import static quebec.balises.scoring.Scoring.repeat;
import static quebec.balises.scoring.Scoring.score;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every PROM scorer against the reference values of methods.md §9 and their missing-item rules. */
class InstrumentScoresTest {

  /** Items answered so that their codes sum to {@code raw}, filling from the first item. */
  private static Object[] summingTo(int raw, int items, int maxCode) {
    Object[] codes = new Object[items];
    for (int i = 0; i < items; i++) {
      int code = Math.min(maxCode, raw);
      codes[i] = String.valueOf(code);
      raw -= code;
    }
    return codes;
  }

  @ParameterizedTest(name = "{0} raw {1} → {2}")
  @CsvSource({
    "koos-ps, koos-ps-, 7, 14, 59.7",
    "hoos-ps, hoos-ps-, 5, 10, 62.3",
    "koos-jr, koos-jr-, 7, 7, 68.284",
    "hoos-jr, hoos-jr-, 6, 6, 70.426",
    "hoos-jr, hoos-jr-, 6, 0, 100.0",
    "hoos-jr, hoos-jr-, 6, 24, 0.0",
    "koos-jr, koos-jr-, 7, 28, 0.0",
  })
  void jointScoresConvertTheRawSumByThePublishedTable(
      String slug, String prefix, int itemCount, int raw, double expected) {
    Score score =
        score(slug, items(prefix, summingTo(raw, itemCount, 4))).values().iterator().next();
    assertThat(score.value(), is(expected));
    assertThat(score.status(), is(ScoreStatus.VALID));
  }

  @Test
  void jointScoresAllowNoMissingItem() {
    Object[] codes = summingTo(6, 6, 4);
    codes[5] = null;
    Score score = score("hoos-jr", items("hoos-jr-", codes)).values().iterator().next();
    assertThat(score.value(), nullValue());
    assertThat(score.status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
  }

  private static Map<String, Object> promis(
      String health, String role, String pain, String fatigue, String often) {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (String item :
        new String[] {"global01", "global02", "global03", "global04", "global05", "global09"}) {
      answers.put(item, health);
    }
    answers.put("global06", role);
    answers.put("global07", pain);
    answers.put("global08", fatigue);
    answers.put("global10", often);
    return answers;
  }

  @Test
  void promisGlobalTenBestWorstAndMiddle() {
    Map<String, Score> best =
        score("promis-global10", promis("excellent", "completely", "0", "none", "never"));
    assertThat(best.get("physical_t").value(), is(67.7));
    assertThat(best.get("mental_t").value(), is(67.6));
    Map<String, Score> worst =
        score("promis-global10", promis("poor", "not-at-all", "10", "very-severe", "always"));
    assertThat(worst.get("physical_t").value(), is(16.2));
    assertThat(worst.get("mental_t").value(), is(21.2));
    Map<String, Score> middle =
        score("promis-global10", promis("good", "moderately", "5", "moderate", "sometimes"));
    assertThat(middle.get("physical_t").value(), is(39.8));
    assertThat(middle.get("mental_t").value(), is(43.5));
  }

  @Test
  void promisNeedsAllFourItemsOfAScale() {
    Map<String, Object> answers = promis("good", "moderately", "5", "moderate", "sometimes");
    answers.remove("global07");
    Map<String, Score> scores = score("promis-global10", answers);
    assertThat(scores.get("physical_t").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
    assertThat(scores.get("mental_t").value(), is(43.5));
  }

  @Test
  void catSumsEightItems() {
    assertThat(score("cat", items("cat-", repeat("0", 8))).get("total").value(), is(0.0));
    assertThat(score("cat", items("cat-", repeat("5", 8))).get("total").value(), is(40.0));
    assertThat(score("cat", items("cat-", repeat("2", 8))).get("total").value(), is(16.0));
    Object[] oneMissing = repeat("2", 8);
    oneMissing[7] = null;
    assertThat(
        score("cat", items("cat-", oneMissing)).get("total").status(),
        is(ScoreStatus.INSUFFICIENT_ITEMS));
  }

  @Test
  void ccqDomainsAndTotal() {
    Map<String, Score> scores =
        score("ccq", items("ccq-", "1", "1", "2", "2", "1", "1", "0", "0", "1", "1"));
    assertThat(scores.get("total").value(), is(1.0));
    assertThat(scores.get("symptoms").value(), is(1.0));
    assertThat(scores.get("functional").value(), is(0.5));
    assertThat(scores.get("mental").value(), is(2.0));
  }

  @Test
  void ccqWithoutBothMentalItemsHasNoMentalAndNoTotal() {
    Map<String, Score> scores =
        score("ccq", items("ccq-", "1", "1", null, null, "1", "1", "0", "0", "1", "1"));
    assertThat(scores.get("mental").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
    assertThat(scores.get("total").value(), nullValue());
    assertThat(scores.get("symptoms").value(), is(1.0));
  }

  @Test
  void ccqDomainMinimaOnBothSides() {
    // Symptoms needs 3 of its 4 items (1, 2, 5, 6): 3 answered → prorated mean; 2 → none.
    Map<String, Score> three =
        score("ccq", items("ccq-", "1", "1", "2", "2", "3", null, "0", "0", "1", "1"));
    assertThat(three.get("symptoms").value(), closeTo(5.0 / 3, 1e-12));
    assertThat(three.get("symptoms").status(), is(ScoreStatus.PRORATED));
    Map<String, Score> two =
        score("ccq", items("ccq-", "1", "1", "2", "2", null, null, "0", "0", "1", "1"));
    assertThat(two.get("symptoms").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
  }

  @Test
  void mmrcIsTheGrade() {
    assertThat(score("mmrc", Map.of("mmrc", "2")).get("grade").value(), is(2.0));
    assertThat(score("mmrc", Map.of()).get("grade").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
  }

  @Test
  void k10SumsTenItemsAndProratesOneMissing() {
    assertThat(score("k10", items("k10-", repeat("1", 10))).get("total").value(), is(10.0));
    assertThat(score("k10", items("k10-", repeat("5", 10))).get("total").value(), is(50.0));
    Object[] oneMissing = repeat("3", 10);
    oneMissing[0] = null;
    Score prorated = score("k10", items("k10-", oneMissing)).get("total");
    assertThat(prorated.value(), closeTo(30.0, 1e-12));
    assertThat(prorated.status(), is(ScoreStatus.PRORATED));
    Object[] twoMissing = repeat("3", 10);
    twoMissing[0] = null;
    twoMissing[1] = null;
    assertThat(
        score("k10", items("k10-", twoMissing)).get("total").status(),
        is(ScoreStatus.INSUFFICIENT_ITEMS));
  }

  @Test
  void ypCoreReversesItemsThreeFiveAndTen() {
    // All answered 0: the three positively worded items count 4 each → mean 1.2 × 10 = 12.
    assertThat(
        score("yp-core", items("yp-core-", repeat("0", 10))).get("total").value(),
        closeTo(12.0, 1e-12));
    Object[] best = repeat("0", 10);
    best[2] = "4";
    best[4] = "4";
    best[9] = "4";
    assertThat(score("yp-core", items("yp-core-", best)).get("total").value(), is(0.0));
  }

  @Test
  void ypCoreAllowsOneMissingItem() {
    Object[] one = repeat("2", 10);
    one[0] = null;
    Score score = score("yp-core", items("yp-core-", one)).get("total");
    assertThat(score.value(), closeTo(20.0, 1e-12));
    assertThat(score.status(), is(ScoreStatus.PRORATED));
    one[1] = null;
    assertThat(
        score("yp-core", items("yp-core-", one)).get("total").status(),
        is(ScoreStatus.INSUFFICIENT_ITEMS));
  }
}
