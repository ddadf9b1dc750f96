package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The improvement actions as data: a valid Task read field by field, one test per kind of error
 * (each naming the file and the field), what is not published, and the bundled actions.
 */
class ActionPlanCatalogTest {
  private static final String TRANSLATION =
      "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\",\"extension\":[{\"url\":\"lang\",\"valueCode\":\"en\"},{\"url\":\"content\",\"valueString\":\"%s\"}]}]}";
  private static final IndicatorCatalog CATALOG =
      IndicatorCatalog.of(new TreeMap<>(Map.of("hip-scb.json", IndicatorCatalogTest.measure())));
  private static final TargetCatalog TARGETS =
      TargetCatalog.of(new TreeMap<>(Map.of("goal.json", TargetCatalogTest.goal())), CATALOG);

  /** An action under way at the CHUM, serving the establishments' target, reviewed in June. */
  static String task() {
    return """
        {"resourceType":"Task","id":"chum-reminders",
         "extension":[
           {"url":"https://balises.quebec/fhir/StructureDefinition/action-plan-measure","valueCanonical":"https://balises.quebec/fhir/Measure/hip-scb"},
           {"url":"https://balises.quebec/fhir/StructureDefinition/action-plan-next-review","valueDate":"2027-06-30"},
           {"url":"https://balises.quebec/fhir/StructureDefinition/action-plan-link","valueUrl":"https://example.org/plan"}],
         "status":"in-progress","intent":"plan",
         "description":"Rappels","_description":%s,
         "for":{"identifier":{"system":"https://balises.quebec/fhir/NamingSystem/establishment","value":"11045192"},"display":"CHUM"},
         "authoredOn":"2026-03-12",
         "executionPeriod":{"start":"2026-04-01"},
         "owner":{"display":"Direction de la qualité"},
         "reasonReference":{"identifier":{"system":"https://balises.quebec/fhir/Goal","value":"hip-scb-establishment"}}}
        """
        .formatted(TRANSLATION.formatted("Reminders"));
  }

  private static ActionPlanCatalog load(String... tasks) {
    TreeMap<String, String> files = new TreeMap<>();
    for (int i = 0; i < tasks.length; i++) {
      files.put("task-" + i + ".json", tasks[i]);
    }
    return ActionPlanCatalog.of(files, CATALOG, TARGETS);
  }

  private static String replace(String from, String to) {
    String json = task();
    if (!json.contains(from)) {
      throw new AssertionError("the test Task has no " + from);
    }
    return json.replace(from, to);
  }

  private static String error(String json) {
    return assertThrows(IllegalStateException.class, () -> load(json)).getMessage();
  }

  @Test
  void readsAValidTask() {
    ActionPlan plan = load(task()).plans().get(0);
    assertThat(plan.id(), is("chum-reminders"));
    assertThat(plan.indicatorId(), is("hip-scb"));
    assertThat(plan.trajectory(), is("hip-arthroplasty"));
    assertThat(plan.level(), is("establishment"));
    assertThat(plan.unitCode(), is("11045192"));
    assertThat(plan.titleEn(), is("Reminders"));
    assertThat(plan.owner(), is("Direction de la qualité"));
    assertThat(plan.status(), is("in-progress"));
    assertThat(plan.agreedOn(), is(LocalDate.of(2026, 3, 12)));
    assertThat(plan.started(), is(LocalDate.of(2026, 4, 1)));
    assertThat(plan.ended(), nullValue());
    assertThat(plan.nextReview(), is(LocalDate.of(2027, 6, 30)));
    assertThat(plan.link(), is("https://example.org/plan"));
    assertThat(plan.targetId(), is("hip-scb-establishment"));
  }

  @Test
  void theProvinceIsNamedInIso3166AndPublishedAsQc() {
    ActionPlan plan =
        load(replace(
                    "{\"system\":\"https://balises.quebec/fhir/NamingSystem/establishment\",\"value\":\"11045192\"},\"display\":\"CHUM\"",
                    "{\"system\":\"urn:iso:std:iso:3166:-2\",\"value\":\"CA-QC\"},\"display\":\"Québec\"")
                .replace(
                    ",\n \"reasonReference\":{\"identifier\":{\"system\":\"https://balises.quebec/fhir/Goal\",\"value\":\"hip-scb-establishment\"}}",
                    ""))
            .plans()
            .get(0);
    assertThat(plan.level(), is("province"));
    assertThat(plan.unitCode(), is("QC"));
  }

  @Test
  void aDraftIsNotPublished() {
    assertThat(load(replace("\"in-progress\"", "\"draft\"")).plans().isEmpty(), is(true));
  }

  @Test
  void notATask() {
    assertThat(
        error(replace("\"resourceType\":\"Task\"", "\"resourceType\":\"Goal\"")),
        containsString("task-0.json, (resource): not a valid FHIR R4 Task"));
  }

  @Test
  void twoTasksWithOneId() {
    assertThat(
        assertThrows(IllegalStateException.class, () -> load(task(), task())).getMessage(),
        containsString("task-1.json, id: id chum-reminders is also used"));
  }

  @Test
  void aStatusThatIsNotAPlansStatus() {
    assertThat(
        error(replace("\"in-progress\"", "\"requested\"")),
        containsString("status: 'requested': an action plan is accepted, in-progress"));
  }

  @Test
  void anIntentThatIsNotAPlan() {
    assertThat(
        error(replace("\"intent\":\"plan\"", "\"intent\":\"order\"")),
        containsString("intent: must be 'plan'"));
  }

  @Test
  void aMeasureOutsideTheCatalog() {
    assertThat(
        error(replace("Measure/hip-scb\"", "Measure/knee\"")),
        containsString(
            "extension(action-plan-measure): 'https://balises.quebec/fhir/Measure/knee'"));
  }

  @Test
  void aUnitInNoKnownSystem() {
    assertThat(
        error(replace("NamingSystem/establishment", "NamingSystem/hospital")),
        containsString("for.identifier: names the unit in one of the systems"));
  }

  @Test
  void noEnglishTitle() {
    assertThat(
        error(replace("\"valueCode\":\"en\"", "\"valueCode\":\"es\"")),
        containsString("_description: needs an English translation"));
  }

  @Test
  void noOwner() {
    assertThat(
        error(
            replace(
                "\"owner\":{\"display\":\"Direction de la qualité\"}",
                "\"owner\":{\"reference\":\"Organization/x\"}")),
        containsString("owner.display: is required"));
  }

  @Test
  void noDateItWasAgreed() {
    assertThat(
        error(replace("\"authoredOn\":\"2026-03-12\",", "")),
        containsString("authoredOn: is required"));
  }

  @Test
  void aCompletedActionWithoutEnd() {
    assertThat(
        error(replace("\"in-progress\"", "\"completed\"")),
        containsString("executionPeriod.end: is required for a completed action"));
  }

  @Test
  void aRunningActionWithAnEnd() {
    assertThat(
        error(
            replace(
                "{\"start\":\"2026-04-01\"}", "{\"start\":\"2026-04-01\",\"end\":\"2026-09-30\"}")),
        containsString("executionPeriod.end: is only for a completed or cancelled action"));
  }

  @Test
  void aRunningActionWithoutReview() {
    assertThat(
        error(
            replace(
                "{\"url\":\"https://balises.quebec/fhir/StructureDefinition/action-plan-next-review\",\"valueDate\":\"2027-06-30\"},",
                "")),
        containsString("extension(action-plan-next-review): is required while the action runs"));
  }

  @Test
  void aLinkThatIsNotHttps() {
    assertThat(
        error(replace("https://example.org/plan", "http://example.org/plan")),
        containsString("extension(action-plan-link): 'http://example.org/plan' is not an https"));
  }

  @Test
  void aTargetThatDoesNotExist() {
    assertThat(
        error(replace("\"value\":\"hip-scb-establishment\"", "\"value\":\"nothing\"")),
        containsString("reasonReference: names no active target"));
  }

  @Test
  void theBundledActionsLoadAgainstTheBundledCatalogAndTargets() {
    IndicatorCatalog catalog = IndicatorCatalog.bundled();
    ActionPlanCatalog plans = ActionPlanCatalog.bundled(catalog, TargetCatalog.bundled(catalog));
    assertThat(plans.plans().size(), is(5));
    assertThat(
        plans.plans().stream().map(ActionPlan::status).distinct().sorted().toList(),
        is(java.util.List.of("accepted", "completed", "in-progress", "on-hold")));
  }
}
