package quebec.balises.scoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import quebec.balises.fhir.QuestionnaireDefinition;
import quebec.balises.fhir.QuestionnaireDefinition.Item;
import quebec.balises.fhir.QuestionnaireDefinition.Option;

/**
 * Table-driven over every Questionnaire in fhir-profiles/: every answer has a weight (or is an
 * explicit "does not apply"), and the all-best and all-worst responses score exactly the ends of
 * each scale's documented range.
 */
class ShippedQuestionnairesTest {
  static Stream<QuestionnaireDefinition> questionnaires() {
    return Scoring.REGISTRY.catalog().definitions().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questionnaires")
  void everyAnswerCodeHasAWeight(QuestionnaireDefinition questionnaire) {
    for (Item item : questionnaire.items().values()) {
      long weighted = item.options().values().stream().filter(o -> o.weight() != null).count();
      assertThat(
          questionnaire.canonical() + " " + item.linkId(),
          item.numeric() || weighted >= 2,
          is(true));
      for (Option option : item.options().values()) {
        boolean notApplicable = option.code().equals("na");
        assertThat(
            questionnaire.canonical() + " " + item.linkId() + " " + option.code(),
            option.weight() != null || notApplicable,
            is(true));
      }
    }
  }

  /** Each item answered with its lowest (or highest) weighted option, respecting reversal. */
  private static Map<String, Object> extreme(QuestionnaireDefinition q, boolean highest) {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (Item item : q.items().values()) {
      if (item.numeric()) {
        answers.put(item.linkId(), highest ? item.max() : item.min());
        continue;
      }
      List<Option> weighted =
          new ArrayList<>(
              item.options().values().stream().filter(o -> o.weight() != null).toList());
      weighted.sort((a, b) -> Double.compare(a.weight(), b.weight()));
      boolean top = highest != item.reverseScored();
      answers.put(item.linkId(), weighted.get(top ? weighted.size() - 1 : 0).code());
    }
    return answers;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questionnaires")
  void extremeAnswersScoreTheEndsOfEachDocumentedRange(QuestionnaireDefinition questionnaire) {
    InstrumentSpec spec = Scoring.REGISTRY.instruments().get(questionnaire.instrument());
    String slug = questionnaire.url().substring(Scoring.BASE.length());
    Map<String, Score> high = Scoring.score(slug, extreme(questionnaire, true));
    Map<String, Score> low = Scoring.score(slug, extreme(questionnaire, false));
    for (ScaleSpec scale : spec.scales()) {
      if (scale.min() == null
          || scale.max() == null
          || scale.method() == ScaleSpec.Method.EXPERIENCE
          || scale.method() == ScaleSpec.Method.EQ5D_INDEX) {
        continue;
      }
      Score a = high.get(scale.scale());
      Score b = low.get(scale.scale());
      assertThat(slug + " " + scale.scale(), a.value(), notNullValue());
      double[] ends = {Math.min(a.value(), b.value()), Math.max(a.value(), b.value())};
      assertThat(slug + " " + scale.scale() + " min", ends[0], closeTo(scale.min(), 1e-9));
      assertThat(slug + " " + scale.scale() + " max", ends[1], closeTo(scale.max(), 1e-9));
    }
  }
}
