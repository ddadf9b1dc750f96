package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Catalog validation: one test per kind of error, each naming the file and the field. */
class IndicatorCatalogTest {
  private static final String TRANSLATION =
      "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\",\"extension\":[{\"url\":\"lang\",\"valueCode\":\"en\"},{\"url\":\"content\",\"valueString\":\"%s\"}]}]}";

  static String measure() {
    return """
        {"resourceType":"Measure","id":"hip-scb","url":"https://balises.quebec/fhir/Measure/hip-scb",
         "version":"1.0.0","status":"active",
         "extension":[
           {"url":"https://balises.quebec/fhir/StructureDefinition/measure-trajectory","valueCode":"hip-arthroplasty"},
           {"url":"https://balises.quebec/fhir/StructureDefinition/measure-adjusted","valueBoolean":false}],
         "title":"Gain cliniquement important","_title":%s,
         "description":"Part des patients…","_description":%s,
         "approvalDate":"2026-06-01","endorser":[{"name":"Comité"}],
         "scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"proportion"}]},
         "improvementNotation":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-improvement-notation","code":"increase"}]},
         "group":[{"population":[
           {"code":{"coding":[{"code":"initial-population"}]},"criteria":{"language":"text/fhirpath","expression":"instrument = 'HOOS_JR'"}},
           {"code":{"coding":[{"code":"denominator"}]},"criteria":{"language":"text/fhirpath","expression":"scale = 'interval' and timepoint = '12m' and change.exists()"}},
           {"code":{"coding":[{"code":"numerator"}]},"criteria":{"language":"text/fhirpath","expression":"change >= 22"}}],
          "stratifier":[{"code":{"text":"region"},"criteria":{"language":"text/fhirpath","expression":"region_code"}}]}]}
        """
        .formatted(
            TRANSLATION.formatted("Substantial clinical benefit"),
            TRANSLATION.formatted("Share of patients…"));
  }

  private static IndicatorCatalog load(String json) {
    Map<String, String> files = new TreeMap<>();
    files.put("hip-scb.json", json);
    return IndicatorCatalog.of(new TreeMap<>(files));
  }

  private static String error(String json) {
    return assertThrows(IllegalStateException.class, () -> load(json)).getMessage();
  }

  @Test
  void readsAValidMeasure() {
    IndicatorDefinition indicator = load(measure()).indicators().get(0);
    assertThat(indicator.id(), is("hip-scb"));
    assertThat(indicator.titleEn(), is("Substantial clinical benefit"));
    assertThat(indicator.scoring(), is(IndicatorDefinition.Scoring.PROPORTION));
    assertThat(indicator.increaseIsBetter(), is(true));
    assertThat(indicator.numerator().test(f -> f.equals("change") ? 25.0 : null), is(true));
    assertThat(indicator.stratifiers(), is(Map.of("region", "region_code")));
    assertThat(indicator.sha256().length(), is(64));
  }

  @Test
  void theShippedCatalogCoversEveryTrajectoryWithAtLeastTwentyIndicators() {
    IndicatorCatalog catalog = IndicatorCatalog.bundled();
    assertThat(catalog.indicators().size() >= 20, is(true));
    java.util.Set<String> trajectories = new java.util.TreeSet<>();
    catalog.indicators().forEach(i -> trajectories.add(i.trajectory()));
    for (quebec.balises.model.Trajectory t : quebec.balises.model.Trajectory.values()) {
      assertThat(t.code(), trajectories.contains(t.code()), is(true));
    }
    assertThat(catalog.indicators().stream().anyMatch(IndicatorDefinition::adjusted), is(true));
  }

  @Test
  void notFhirNamesTheFile() {
    assertThat(
        error("{\"resourceType\":\"Measure\",\"id\":\"x\",\"bogus\":1}"),
        containsString("fhir-profiles/measures/hip-scb.json, (resource)"));
  }

  @Test
  void aBadExpressionNamesTheFieldAndColumn() {
    String message = error(measure().replace("change >= 22", "chnage >= 22"));
    assertThat(
        message,
        containsString(
            "hip-scb.json, group[0].population[2](numerator).criteria: unknown field 'chnage' at column 1"));
  }

  @Test
  void anotherLanguageIsRefused() {
    assertThat(
        error(measure().replaceFirst("text/fhirpath", "text/cql")),
        containsString("population[0](initial-population).criteria.language"));
  }

  @Test
  void aProportionNeedsItsNumerator() {
    String message =
        error(
            measure()
                .replace(
                    "{\"code\":{\"coding\":[{\"code\":\"numerator\"}]}",
                    "{\"code\":{\"coding\":[{\"code\":\"numerator-exclusion\"}]}"));
    assertThat(message, containsString("no numerator population"));
  }

  @Test
  void unknownScoringIsRefused() {
    assertThat(
        error(measure().replace("\"code\":\"proportion\"", "\"code\":\"cohort\"")),
        containsString("scoring: 'cohort' is not computed"));
  }

  @Test
  void directionIsRequired() {
    assertThat(
        error(measure().replace("\"code\":\"increase\"", "\"code\":\"sideways\"")),
        containsString("improvementNotation"));
  }

  @Test
  void theTrajectoryMustBeKnown() {
    assertThat(
        error(
            measure()
                .replace("\"valueCode\":\"hip-arthroplasty\"", "\"valueCode\":\"dermatology\"")),
        containsString("unknown trajectory 'dermatology'"));
  }

  @Test
  void anEnglishTitleIsRequired() {
    String noEnglish = measure().replaceFirst("\"_title\":\\{.*?]}]},", "");
    assertThat(error(noEnglish), containsString("_title: needs an English translation"));
  }

  @Test
  void theCoConstructionRecordIsRequired() {
    assertThat(
        error(measure().replace("\"approvalDate\":\"2026-06-01\",", "")),
        containsString("approvalDate"));
    assertThat(
        error(measure().replace("\"endorser\":[{\"name\":\"Comité\"}],", "")),
        containsString("endorser"));
  }

  @Test
  void aStratifierMustBeAField() {
    assertThat(
        error(
            measure().replace("\"expression\":\"region_code\"", "\"expression\":\"postal_code\"")),
        containsString("stratifier[0].criteria: stratifies by 'postal_code'"));
  }

  @Test
  void theOverdispersionAllowanceIsNoneUnlessAskedAndMustBeKnown() {
    assertThat(load(measure()).indicators().get(0).overdispersion(), is("none"));
    String asked =
        measure()
            .replace(
                "\"valueBoolean\":false}]",
                "\"valueBoolean\":false},"
                    + "{\"url\":\"https://balises.quebec/fhir/StructureDefinition/measure-overdispersion\","
                    + "\"valueCode\":\"%s\"}]");
    assertThat(
        load(asked.formatted("multiplicative")).indicators().get(0).multiplicativeOverdispersion(),
        is(true));
    assertThat(
        error(asked.formatted("additive")),
        containsString("extension(measure-overdispersion): 'additive' is not one of"));
  }

  @Test
  void aTrajectorysMeasuresMustCountAlike() {
    String perPerson =
        measure()
            .replace("\"id\":\"hip-scb\"", "\"id\":\"hip-scb-2\"")
            .replace(
                "\"valueBoolean\":false}]",
                "\"valueBoolean\":false},"
                    + "{\"url\":\"https://balises.quebec/fhir/StructureDefinition/measure-counting\","
                    + "\"valueCode\":\"latest-per-person\"}]");
    Map<String, String> files = new TreeMap<>();
    files.put("hip-scb.json", measure());
    files.put("hip-scb-2.json", perPerson);
    String message =
        assertThrows(IllegalStateException.class, () -> IndicatorCatalog.of(new TreeMap<>(files)))
            .getMessage();
    assertThat(message, containsString("a trajectory's Measures must count alike"));
  }

  @Test
  void idsAreUnique() {
    Map<String, String> files = new TreeMap<>();
    files.put("a.json", measure());
    files.put("b.json", measure());
    String message =
        assertThrows(IllegalStateException.class, () -> IndicatorCatalog.of(new TreeMap<>(files)))
            .getMessage();
    assertThat(
        message,
        containsString("b.json, id: id hip-scb is also used by fhir-profiles/measures/a.json"));
  }
}
