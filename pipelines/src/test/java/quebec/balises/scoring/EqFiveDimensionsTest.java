package quebec.balises.scoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import quebec.balises.fhir.ClasspathFolder;

/** EQ-5D indices against methods.md §9, from the eq5d R package's own tests (fragla/eq5d). */
class EqFiveDimensionsTest {
  private static final List<String> DIMENSIONS =
      List.of("mobility", "self-care", "usual-activities", "pain-discomfort", "anxiety-depression");

  private static Map<String, Score> score(String slug, String profile, Object vas) {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (int i = 0; i < profile.length(); i++) {
      if (profile.charAt(i) != '.') {
        answers.put(DIMENSIONS.get(i), String.valueOf(profile.charAt(i)));
      }
    }
    if (vas != null) {
      answers.put("vas", vas);
    }
    return Scoring.score(slug, answers);
  }

  @ParameterizedTest(name = "5L {0} → {1} ({2})")
  @CsvSource({
    "11111, 0.949, index",
    "55555, -0.148, index",
    "23145, 0.275, index",
    "11111, 1.000, index_eng_devlin2018",
    "55555, -0.285, index_eng_devlin2018",
    "23245, 0.247, index_eng_devlin2018",
  })
  void fiveLevelIndexMatchesPublishedValues(String profile, double expected, String scale) {
    Score score = score("eq-5d-5l", profile, 70).get(scale);
    assertThat(Scoring.round(score.value(), 3), is(expected));
    assertThat(score.status(), is(ScoreStatus.VALID));
  }

  /**
   * The reference states written beside each value set's coefficients, so the data tests itself.
   */
  static Stream<Arguments> valueSetReferenceStates() throws Exception {
    JsonNode file =
        new ObjectMapper()
            .readTree(ClasspathFolder.readFile("fhir-profiles/scoring/eq5d-value-sets.json"));
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode valueSet : file.get("valueSets")) {
      String slug = valueSet.get("instrument").asText().equals("EQ5D3L") ? "eq-5d-3l" : "eq-5d-5l";
      for (JsonNode test : valueSet.path("tests")) {
        cases.add(
            Arguments.of(
                valueSet.get("methodId").asText(),
                slug,
                test.get("state").asText(),
                test.get("index").asDouble(),
                test.get("decimals").asInt()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {2} → {3}")
  @MethodSource("valueSetReferenceStates")
  void everyValueSetReproducesTheReferenceStatesShippedWithIt(
      String methodId, String slug, String state, double expected, int decimals) {
    Score index =
        score(slug, state, 50).values().stream()
            .filter(s -> s.methodId().equals(methodId))
            .findFirst()
            .orElseThrow();
    assertThat(Scoring.round(index.value(), decimals), is(expected));
  }

  @Test
  void canadianFullHealthIsNotOneUnrounded() {
    Score index = score("eq-5d-5l", "11111", 70).get("index");
    assertThat(index.value(), closeTo(0.9489, 1e-9));
    assertThat(index.methodId(), is("EQ5D5L_CA_XIE2016"));
  }

  @ParameterizedTest(name = "3L UK {0} → {1}")
  @CsvSource({"11111, 1.000", "11221, 0.760", "33221, -0.037", "12321, 0.329", "33333, -0.594"})
  void threeLevelUkIndexMatchesDolan(String profile, double expected) {
    Score score = score("eq-5d-3l", profile, 50).get("index");
    assertThat(Scoring.round(score.value(), 3), is(expected));
    assertThat(score.methodId(), is("EQ5D3L_UK_DOLAN1997"));
  }

  @Test
  void profileAndVasAreScalesOfTheirOwn() {
    Map<String, Score> scores = score("eq-5d-5l", "21153", 65);
    assertThat(scores.get("profile").text(), is("21153"));
    assertThat(scores.get("vas").value(), is(65.0));
  }

  @Test
  void aMissingDimensionLeavesNoIndexButTheVasStands() {
    Map<String, Score> scores = score("eq-5d-5l", "21.53", 65);
    assertThat(scores.get("index").value(), nullValue());
    assertThat(scores.get("index").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
    assertThat(scores.get("profile").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
    assertThat(scores.get("vas").status(), is(ScoreStatus.VALID));
  }

  @Test
  void aVasOutsideZeroToHundredIsOutOfRange() {
    assertThat(score("eq-5d-5l", "11111", 140).get("vas").status(), is(ScoreStatus.OUT_OF_RANGE));
    assertThat(score("eq-5d-5l", "11111", 100).get("vas").status(), is(ScoreStatus.VALID));
    assertThat(score("eq-5d-5l", "11111", 0).get("vas").status(), is(ScoreStatus.VALID));
    assertThat(
        score("eq-5d-5l", "11111", null).get("vas").status(), is(ScoreStatus.INSUFFICIENT_ITEMS));
  }
}
