package quebec.balises.scoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static quebec.balises.scoring.Scoring.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HCAHPS-style experience scores (methods.md §3 and §9): per response, each item gives a top-box
 * and a bottom-box indicator and a linear 0–100 score; their means over respondents are the
 * published figures.
 */
class ExperienceScoresTest {
  private static double mean(List<Map<String, Score>> responses, String scale) {
    return responses.stream().mapToDouble(r -> r.get(scale).value()).average().orElseThrow();
  }

  private static List<Map<String, Score>> answers(
      String slug, String item, Map<String, Integer> counts) {
    List<Map<String, Score>> responses = new ArrayList<>();
    counts.forEach(
        (code, n) -> {
          for (int i = 0; i < n; i++) {
            responses.add(score(slug, Map.of(item, code)));
          }
        });
    return responses;
  }

  @Test
  void frequencyItemsGiveTheHcahpsLinearTopAndBottomBox() {
    // 60 % Always, 25 % Usually, 10 % Sometimes, 5 % Never → linear 80.0, top 60 %, bottom 15 %.
    List<Map<String, Score>> responses =
        answers(
            "prem-copd",
            "comm-listen",
            Map.of("always", 12, "usually", 5, "sometimes", 2, "never", 1));
    assertThat(mean(responses, "comm-listen.linear"), closeTo(80.0, 1e-4));
    assertThat(mean(responses, "comm-listen.top_box"), closeTo(0.60, 1e-12));
    assertThat(mean(responses, "comm-listen.bottom_box"), closeTo(0.15, 1e-12));
  }

  @Test
  void zeroToTenRatingsTopBoxIsNineAndTenBottomBoxZeroToSix() {
    // Ratings {10, 9, 8, 6} → top-box 50 %, bottom-box 25 %, linear 82.5.
    List<Map<String, Score>> responses =
        answers("prem-copd", "overall-rating", Map.of("10", 1, "9", 1, "8", 1, "6", 1));
    assertThat(mean(responses, "overall-rating.top_box"), is(0.5));
    assertThat(mean(responses, "overall-rating.bottom_box"), is(0.25));
    assertThat(mean(responses, "overall-rating.linear"), closeTo(82.5, 1e-12));
  }

  @Test
  void aCompositeIsTheMeanOfItsAnsweredItemsAndDoesNotApplyIsLeftOut() {
    Map<String, Score> scores =
        score("prem-copd", Map.of("comm-listen", "always", "comm-explain", "never"));
    assertThat(scores.get("communication.top_box").value(), is(0.5));
    assertThat(scores.get("communication.linear").value(), closeTo(50.0, 1e-4));
  }

  @Test
  void partnershipTopBoxIsAgreeOrStronglyAgree() {
    Map<String, Score> agree = score("partnership-experience", Map.of("comm-purpose", "4"));
    Map<String, Score> neutral = score("partnership-experience", Map.of("comm-purpose", "3"));
    assertThat(agree.get("comm-purpose.top_box").value(), is(1.0));
    assertThat(neutral.get("comm-purpose.top_box").value(), is(0.0));
    assertThat(neutral.get("comm-purpose.bottom_box").value(), is(0.0));
  }
}
