package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The targets as data: a valid Goal read field by field, one test per kind of error (each naming
 * the file and the field), which target a row is read against, and the bundled targets.
 */
class TargetCatalogTest {
  private static final String TRANSLATION =
      "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\",\"extension\":[{\"url\":\"lang\",\"valueCode\":\"en\"},{\"url\":\"content\",\"valueString\":\"%s\"}]}]}";
  private static final IndicatorCatalog CATALOG =
      IndicatorCatalog.of(new TreeMap<>(Map.of("hip-scb.json", IndicatorCatalogTest.measure())));

  /**
   * A valid Goal: at least 70% of every establishment's episodes, from 2025, by the end of 2027.
   */
  static String goal() {
    return """
        {"resourceType":"Goal","id":"hip-scb-establishment",
         "extension":[
           {"url":"https://balises.quebec/fhir/StructureDefinition/goal-measure","valueCanonical":"https://balises.quebec/fhir/Measure/hip-scb|1.0.0"},
           {"url":"https://balises.quebec/fhir/StructureDefinition/goal-level","valueCode":"establishment"}],
         "lifecycleStatus":"active",
         "description":{"text":"Au moins 70 %%","_text":%s},
         "subject":{"display":"Chaque établissement"},
         "startDate":"2025-01-01",
         "target":[{"measure":{"text":"Gain"},"detailQuantity":{"value":0.7,"comparator":">="},"dueDate":"2027-12-31"}],
         "statusDate":"2026-11-18",
         "expressedBy":{"display":"Comité de partenaires"},
         "note":[{"text":"Parce que","_text":%s}]}
        """
        .formatted(TRANSLATION.formatted("At least 70%"), TRANSLATION.formatted("Because"));
  }

  private static TargetCatalog load(String... goals) {
    TreeMap<String, String> files = new TreeMap<>();
    for (int i = 0; i < goals.length; i++) {
      files.put("goal-" + i + ".json", goals[i]);
    }
    return TargetCatalog.of(files, CATALOG);
  }

  private static String error(String json) {
    return assertThrows(IllegalStateException.class, () -> load(json)).getMessage();
  }

  private static String replace(String from, String to) {
    String json = goal();
    if (!json.contains(from)) {
      throw new AssertionError("the test Goal has no " + from);
    }
    return json.replace(from, to);
  }

  @Test
  void readsAValidGoal() {
    Target target = load(goal()).targets().get(0);
    assertThat(target.id(), is("hip-scb-establishment"));
    assertThat(target.indicatorId(), is("hip-scb"));
    assertThat(target.level(), is("establishment"));
    assertThat(target.unitCode(), nullValue());
    assertThat(target.value(), is(0.7));
    assertThat(target.comparator(), is(Target.Comparator.AT_LEAST));
    assertThat(target.trackedFrom(), is(LocalDate.of(2025, 1, 1)));
    assertThat(target.due(), is(LocalDate.of(2027, 12, 31)));
    assertThat(target.setBy(), is("Comité de partenaires"));
    assertThat(target.setOn(), is(LocalDate.of(2026, 11, 18)));
    assertThat(target.descriptionEn(), is("At least 70%"));
    assertThat(target.rationaleEn(), is("Because"));
    assertThat(target.file(), is("fhir-profiles/targets/goal-0.json"));
  }

  @Test
  void aGoalThatIsNotActiveDoesNotApply() {
    assertThat(load(replace("\"active\"", "\"proposed\"")).targets().isEmpty(), is(true));
  }

  @Test
  void notAGoal() {
    assertThat(
        error(replace("\"resourceType\":\"Goal\"", "\"resourceType\":\"Measure\"")),
        containsString("goal-0.json, (resource): not a valid FHIR R4 Goal"));
  }

  @Test
  void twoGoalsWithOneId() {
    String message =
        assertThrows(IllegalStateException.class, () -> load(goal(), goal())).getMessage();
    assertThat(message, containsString("goal-1.json, id: id hip-scb-establishment is also used"));
  }

  @Test
  void noMeasure() {
    assertThat(
        error(
            replace(
                "{\"url\":\"https://balises.quebec/fhir/StructureDefinition/goal-measure\",\"valueCanonical\":\"https://balises.quebec/fhir/Measure/hip-scb|1.0.0\"},",
                "")),
        containsString("goal-0.json, extension(goal-measure): is required"));
  }

  @Test
  void aMeasureOutsideTheCatalog() {
    assertThat(
        error(replace("Measure/hip-scb|1.0.0", "Measure/hip-other")),
        containsString("'https://balises.quebec/fhir/Measure/hip-other' is not a Measure"));
  }

  @Test
  void anUnknownLevel() {
    assertThat(
        error(replace("\"valueCode\":\"establishment\"", "\"valueCode\":\"hospital\"")),
        containsString("extension(goal-level): 'hospital': must be one of"));
  }

  @Test
  void aProvinceTargetNamesNoUnit() {
    String json =
        replace("\"valueCode\":\"establishment\"", "\"valueCode\":\"province\"")
            .replace(
                "\"subject\":{\"display\":\"Chaque établissement\"}",
                "\"subject\":{\"identifier\":{\"system\":\"urn:iso:std:iso:3166:-2\",\"value\":\"CA-QC\"},\"display\":\"Québec\"}");
    assertThat(error(json), containsString("subject.identifier: a province target"));
  }

  @Test
  void aUnitInTheWrongSystem() {
    assertThat(
        error(
            replace(
                "\"subject\":{\"display\":\"Chaque établissement\"}",
                "\"subject\":{\"identifier\":{\"system\":\"https://balises.quebec/fhir/CodeSystem/rls\",\"value\":\"0611\"},\"display\":\"RLS\"}")),
        containsString(
            "subject.identifier: a unit of level establishment is named in system"
                + " https://balises.quebec/fhir/NamingSystem/establishment"));
  }

  @Test
  void noSubjectInWords() {
    assertThat(
        error(
            replace(
                "\"subject\":{\"display\":\"Chaque établissement\"}",
                "\"subject\":{\"identifier\":{\"system\":\"https://balises.quebec/fhir/NamingSystem/establishment\",\"value\":\"11045192\"}}")),
        containsString("subject.display: is required"));
  }

  @Test
  void noFrenchDescription() {
    assertThat(
        error(replace("\"text\":\"Au moins 70 %\",", "")),
        containsString("description.text: is required"));
  }

  @Test
  void noEnglishDescription() {
    assertThat(
        error(
            replace(
                "en\"},{\"url\":\"content\",\"valueString\":\"At least",
                "es\"},{\"url\":\"content\",\"valueString\":\"At least")),
        containsString("_description.text: needs an English translation"));
  }

  @Test
  void noRationale() {
    assertThat(error(replace("\"text\":\"Parce que\",", "")), containsString("note: is required"));
  }

  @Test
  void noEnglishRationale() {
    assertThat(
        error(
            replace(
                "en\"},{\"url\":\"content\",\"valueString\":\"Because",
                "es\"},{\"url\":\"content\",\"valueString\":\"Because")),
        containsString("_note.text: needs an English translation"));
  }

  @Test
  void noOneSetIt() {
    assertThat(
        error(replace("\"expressedBy\":{\"display\":\"Comité de partenaires\"},", "")),
        containsString("expressedBy.display: is required"));
  }

  @Test
  void noDateItWasSet() {
    assertThat(
        error(replace("\"statusDate\":\"2026-11-18\",", "")),
        containsString("statusDate: is required"));
  }

  @Test
  void noStartDate() {
    assertThat(
        error(replace("\"startDate\":\"2025-01-01\",", "")),
        containsString("startDate: is required"));
  }

  @Test
  void aStartDateThatIsNotADay() {
    assertThat(
        error(replace("\"startDate\":\"2025-01-01\"", "\"startDate\":\"2025-01\"")),
        containsString("startDate: must be a full date"));
  }

  @Test
  void twoTargetValues() {
    assertThat(
        error(
            replace(
                "\"dueDate\":\"2027-12-31\"}]",
                "\"dueDate\":\"2027-12-31\"},{\"measure\":{\"text\":\"Gain\"},\"detailQuantity\":{\"value\":0.8,\"comparator\":\">=\"},\"dueDate\":\"2028-12-31\"}]")),
        containsString("target: needs exactly one target"));
  }

  @Test
  void noValue() {
    assertThat(
        error(replace("\"detailQuantity\":{\"value\":0.7,\"comparator\":\">=\"},", "")),
        containsString("target.detailQuantity: is required"));
  }

  @Test
  void noComparator() {
    assertThat(
        error(replace(",\"comparator\":\">=\"", "")),
        containsString("target.detailQuantity.comparator: is required"));
  }

  @Test
  void aComparatorAgainstTheMeasuresDirection() {
    assertThat(
        error(replace("\"comparator\":\">=\"", "\"comparator\":\"<=\"")),
        containsString("'<=' contradicts hip-scb, where a higher value is better"));
  }

  @Test
  void aProportionAboveOne() {
    assertThat(
        error(replace("\"value\":0.7", "\"value\":70")),
        containsString("70.0 is not a proportion"));
  }

  @Test
  void noDueDate() {
    assertThat(
        error(replace(",\"dueDate\":\"2027-12-31\"", "")),
        containsString("target.dueDate: is required"));
  }

  @Test
  void dueBeforeItStarts() {
    assertThat(
        error(replace("\"dueDate\":\"2027-12-31\"", "\"dueDate\":\"2024-12-31\"")),
        containsString("target.dueDate: 2024-12-31 is before the startDate 2025-01-01"));
  }

  @Test
  void twoTargetsForTheSameUnitFromTheSameDay() {
    String other = goal().replace("\"id\":\"hip-scb-establishment\"", "\"id\":\"other\"");
    String message =
        assertThrows(IllegalStateException.class, () -> load(goal(), other)).getMessage();
    assertThat(message, containsString("goal-1.json, startDate: the same indicator"));
  }

  @Test
  void aUnitsOwnTargetTakesPrecedenceAndARevisionAppliesFromItsStart() {
    String everyUnit = goal();
    String chum =
        goal()
            .replace("\"id\":\"hip-scb-establishment\"", "\"id\":\"hip-scb-chum\"")
            .replace(
                "\"subject\":{\"display\":\"Chaque établissement\"}",
                "\"subject\":{\"identifier\":{\"system\":\"https://balises.quebec/fhir/NamingSystem/establishment\",\"value\":\"11045192\"},\"display\":\"CHUM\"}");
    String revised =
        goal()
            .replace("\"id\":\"hip-scb-establishment\"", "\"id\":\"hip-scb-establishment-2026\"")
            .replace("\"startDate\":\"2025-01-01\"", "\"startDate\":\"2026-01-01\"")
            .replace("\"value\":0.7", "\"value\":0.75");
    TargetCatalog targets = load(everyUnit, chum, revised);
    LocalDate end2025 = LocalDate.of(2025, 12, 31);
    LocalDate end2026 = LocalDate.of(2026, 12, 31);
    assertThat(
        id(targets.forRow("hip-scb", "establishment", "11045192", "all", end2025)),
        is("hip-scb-chum"));
    assertThat(
        id(targets.forRow("hip-scb", "establishment", "11045101", "all", end2025)),
        is("hip-scb-establishment"));
    assertThat(
        id(targets.forRow("hip-scb", "establishment", "11045101", "all", end2026)),
        is("hip-scb-establishment-2026"));
    // Before the first target is followed, for a stratum, and at another level: none.
    assertThat(
        targets
            .forRow("hip-scb", "establishment", "11045101", "all", LocalDate.of(2024, 12, 31))
            .isPresent(),
        is(false));
    assertThat(
        targets.forRow("hip-scb", "establishment", "11045101", "sex", end2025).isPresent(),
        is(false));
    assertThat(targets.forRow("hip-scb", "province", "QC", "all", end2025).isPresent(), is(false));
  }

  @Test
  void aWithheldFigureIsNotAssessableAndAnAdjustedOneIsReadOnItsAdjustedInterval() {
    TargetCatalog targets = load(goal().replace("\"value\":0.7", "\"value\":0.5"));
    Cell cell =
        new Cell(
            "hip-scb",
            "year",
            "2025",
            "establishment",
            "11045192",
            "CHUM",
            "06",
            "0611",
            "all",
            "all");
    IndicatorFigure withheld =
        new IndicatorFigure(
            "hip-scb",
            "1.0.0",
            "x",
            "hip-arthroplasty",
            "proportion",
            "increase",
            "wilson_score_95",
            cell,
            new Figure(40L, null, null, null, null, Figure.SUPPRESSED),
            null,
            null,
            null,
            null);
    assertThat(targets.assess(withheld).get().status(), is(Target.Status.NOT_ASSESSABLE));
    IndicatorFigure shown =
        new IndicatorFigure(
            "hip-scb",
            "1.0.0",
            "x",
            "hip-arthroplasty",
            "proportion",
            "increase",
            "wilson_score_95",
            cell,
            new Figure(40L, 28L, 0.7, 0.546, 0.819, null),
            null,
            null,
            null,
            null);
    assertThat(targets.assess(shown).get().status(), is(Target.Status.MET));
    // Observed 0.7 would meet 0.5, but the adjusted interval [0.45, 0.62] holds it.
    IndicatorFigure adjusted =
        new IndicatorFigure(
            "hip-scb",
            "1.0.0",
            "x",
            "hip-arthroplasty",
            "proportion",
            "increase",
            "wilson_score_95",
            cell,
            new Figure(40L, 28L, 0.7, 0.546, 0.819, null),
            new IndicatorFigure.Adjusted(40, 0.7, 0.82, 0.535, 0.45, 0.62),
            null,
            null,
            null);
    assertThat(targets.assess(adjusted).get().status(), is(Target.Status.NOT_ASSESSABLE));
  }

  @Test
  void theBundledTargetsLoadAgainstTheBundledCatalog() {
    TargetCatalog targets = TargetCatalog.bundled(IndicatorCatalog.bundled());
    assertThat(targets.targets().size(), is(18));
    assertThat(
        targets.targets().stream().map(Target::indicatorId).distinct().count(),
        greaterThanOrEqualTo(13L));
    // Every partnership Measure has a provincial target, set by the partnership committee.
    assertThat(
        targets.targets().stream()
            .filter(t -> t.indicatorId().startsWith("partnership-") && t.level().equals("province"))
            .map(Target::indicatorId)
            .sorted()
            .toList(),
        contains(
            "partnership-feedback-received-top-box",
            "partnership-influence-decisions-top-box",
            "partnership-overall-worthwhile-top-box",
            "partnership-practical-support-top-box",
            "partnership-take-part-again-top-box"));
    assertThat(
        targets.targets().stream().filter(t -> t.unitCode() != null).map(Target::id).toList(),
        contains("knee-koos-jr-substantial-benefit-12m-montreal"));
  }

  private static String id(Optional<Target> target) {
    return target.map(Target::id).orElse(null);
  }
}
