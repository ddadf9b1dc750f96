package quebec.balises.episodes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import quebec.balises.publish.Dataset;

class TimepointOutcomeTest {
  private static final String DOC =
      Dataset.TIMEPOINT_ASSIGNMENTS.schema().getField("outcome").doc();

  @Test
  void theDatasetDocumentsEveryOutcomeInBothLanguagesAndNoOther() {
    String[] languages = DOC.split("\\| en:");
    assertThat(languages.length, is(2));
    Set<String> codes =
        Arrays.stream(TimepointOutcome.values())
            .map(TimepointOutcome::code)
            .collect(Collectors.toCollection(TreeSet::new));
    for (String text : languages) {
      for (String code : codes) {
        assertThat(text, containsString(code));
      }
      Set<String> named = new TreeSet<>();
      Matcher snake = Pattern.compile("[a-z]+(_[a-z]+)+").matcher(text);
      while (snake.find()) {
        named.add(snake.group());
      }
      named.add("kept");
      assertThat(named, is(codes));
    }
  }

  @Test
  void theThreePlacementsOutsideEveryWindowAreTheOnesThePlanGives() {
    TimepointPlan plan = TimepointPlan.bundled();
    String trajectory = "hip-arthroplasty";
    java.time.LocalDate anchor = java.time.LocalDate.of(2025, 1, 1);
    Set<TimepointOutcome> outside = new TreeSet<>();
    for (int day = -400; day <= 1200; day++) {
      if (plan.assign(trajectory, anchor, anchor.plusDays(day))
          instanceof TimepointPlan.Outside o) {
        outside.add(o.reason());
        assertThat(o.reason().outsideEveryWindow(), is(true));
      }
    }
    assertThat(
        outside,
        is(
            Set.of(
                TimepointOutcome.BEFORE_FIRST_WINDOW,
                TimepointOutcome.BETWEEN_WINDOWS,
                TimepointOutcome.AFTER_LAST_WINDOW)));
  }
}
