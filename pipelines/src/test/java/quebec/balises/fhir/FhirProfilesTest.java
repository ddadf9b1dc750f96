package quebec.balises.fhir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import quebec.balises.model.Trajectory;

/** Everything shipped in fhir-profiles/ is valid FHIR R4 and agrees with the code that reads it. */
class FhirProfilesTest {
  private static final IParser STRICT =
      FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());

  static Stream<Arguments> profileFiles() {
    return Stream.of(
            "structuredefinitions", "codesystems", "valuesets", "questionnaires", "measures")
        .flatMap(
            folder ->
                ClasspathFolder.read("fhir-profiles/" + folder, ".json").entrySet().stream()
                    .map(e -> Arguments.of(folder + "/" + e.getKey(), e.getValue())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profileFiles")
  void isValidFhirR4ForAStrictParser(String name, String json) {
    Resource resource = (Resource) STRICT.parseResource(json);
    assertThat(
        name + " has a Balises canonical URL",
        canonicalUrl(resource),
        startsWith(BalisesProfile.BASE));
  }

  @Test
  void theTrajectoryCodeSystemListsExactlyTheTrajectoriesTheCodeKnows() {
    Map<String, String> files = ClasspathFolder.read("fhir-profiles/codesystems", ".json");
    CodeSystem trajectories =
        files.values().stream()
            .map(json -> STRICT.parseResource(json))
            .filter(
                r ->
                    r instanceof CodeSystem cs
                        && cs.getUrl().equals(BalisesProfile.TRAJECTORY_SYSTEM))
            .map(CodeSystem.class::cast)
            .findFirst()
            .orElseThrow();
    List<String> codes = trajectories.getConcept().stream().map(c -> c.getCode()).toList();
    assertThat(
        codes,
        containsInAnyOrder(Arrays.stream(Trajectory.values()).map(Trajectory::code).toArray()));
  }

  @Test
  void theCatalogHoldsEveryShippedQuestionnaire() {
    QuestionnaireCatalog catalog = QuestionnaireCatalog.bundled();
    // Every shipped questionnaire but the establishment portrait, whose subject is an Organization.
    assertThat(
        catalog.instrumentsByCanonical().size(),
        is(ClasspathFolder.read(QuestionnaireCatalog.FOLDER, ".json").size() - 1));
    assertThat(
        catalog.lookup(PortraitQuestionnaire.bundled().canonical())
            instanceof QuestionnaireCatalog.UnknownUrl,
        is(true));
    QuestionnaireCatalog.Known eq5d =
        (QuestionnaireCatalog.Known)
            catalog.lookup("https://balises.quebec/fhir/Questionnaire/eq-5d-5l|1.0.0");
    assertThat(eq5d.instrument(), is("EQ5D5L"));
    assertThat(eq5d.definition().items().keySet(), hasItem("mobility"));
  }

  @Test
  void everyChoiceItemOfEveryQuestionnaireHasCodedAnswers() {
    for (String json : ClasspathFolder.read(QuestionnaireCatalog.FOLDER, ".json").values()) {
      Questionnaire q = (Questionnaire) STRICT.parseResource(json);
      for (Questionnaire.QuestionnaireItemComponent item : q.getItem()) {
        if (item.getType() == Questionnaire.QuestionnaireItemType.CHOICE) {
          assertThat(
              q.getUrl() + " " + item.getLinkId(), item.getAnswerOption().isEmpty(), is(false));
          item.getAnswerOption()
              .forEach(
                  o ->
                      assertThat(
                          q.getUrl() + " " + item.getLinkId(),
                          o.getValueCoding().hasCode(),
                          is(true)));
        }
      }
    }
  }

  @Test
  void thePortraitIsAboutAnEstablishmentWithItsItemsInOrder() {
    PortraitQuestionnaire portrait = PortraitQuestionnaire.bundled();
    assertThat(
        portrait.canonical(),
        is("https://balises.quebec/fhir/Questionnaire/partnership-portrait|1.1.0"));
    assertThat(portrait.integerItems().get(0), is(PortraitQuestionnaire.YEAR));
    // The nine items of 1.0.0, then the diversity: the total, 2 sexes × 8 age bands, the unknown,
    // then the background: 4 lived experiences, 4 languages, 2 of deprivation, 2 of region.
    assertThat(portrait.integerItems().size(), is(9 + 1 + 16 + 1 + 4 + 4 + 2 + 2));
    assertThat(portrait.integerItems().subList(27, 39), is(PortraitQuestionnaire.BACKGROUND_ITEMS));
    assertThat(portrait.integerItems(PortraitQuestionnaire.VERSION_1_0).size(), is(9));
    assertThat(portrait.versions(), is(java.util.List.of("1.0.0", "1.1.0")));
  }

  private static String canonicalUrl(Resource resource) {
    try {
      return (String) resource.getClass().getMethod("getUrl").invoke(resource);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
