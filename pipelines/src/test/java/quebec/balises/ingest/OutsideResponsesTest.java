package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import quebec.balises.ExportFixtures;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.scoring.Score;

/**
 * Responses as outside systems write them, read with the shipped mappings (and a vendor's mapping
 * given as a folder), and scored to the published values (methods.md §5.4, §9).
 */
class OutsideResponsesTest {
  private static final InstrumentRegistry SHIPPED = InstrumentRegistry.bundled();
  private static final InstrumentRegistry WITH_VENDOR =
      SHIPPED.withMappingFolders(List.of(ExportFixtures.vendorMappings()));
  private static final String PROMIS_LOINC =
      "https://balises.quebec/fhir/ConceptMap/promis-global10-loinc|1.0.0";

  private static ParsedResource parse(InstrumentRegistry registry, String json) {
    ResourceParser parser = new ResourceParser(registry.catalog(), LocalDate.of(2026, 1, 1));
    ResourceParser.Result result =
        parser.parse(new SourceRecord(SourceRef.line("export.ndjson", 1), json));
    assertThat(result, instanceOf(ResourceParser.Parsed.class));
    return ((ResourceParser.Parsed) result).resource();
  }

  private static ResponseRecord accepted(InstrumentRegistry registry, String json) {
    ParsedResource parsed = parse(registry, json);
    assertThat(parsed.problem() == null ? null : parsed.problem().message(), nullValue());
    return (ResponseRecord) parsed.payload();
  }

  private static Map<String, Double> scores(InstrumentRegistry registry, ResponseRecord response) {
    Map<String, Double> byScale = new LinkedHashMap<>();
    for (Score score : registry.score(response)) {
      byScale.put(score.scale(), score.value());
    }
    return byScale;
  }

  @Test
  void scoresALoincFormsPromis10ResponseToThePublishedTScoresWithTheShippedMapping() {
    ResponseRecord best =
        accepted(SHIPPED, ExportFixtures.resource("loinc-promis10.json", "lhc-best"));
    assertThat(best.instrument(), is("PROMIS_GLOBAL10"));
    assertThat(best.mapping(), is(PROMIS_LOINC));
    // Ten instrument items; the four computed score items are ignored on purpose.
    assertThat(best.answers(), hasSize(10));
    assertThat(scores(SHIPPED, best).get("physical_t"), closeTo(67.7, 1e-9));
    assertThat(scores(SHIPPED, best).get("mental_t"), closeTo(67.6, 1e-9));

    ResponseRecord mid =
        accepted(SHIPPED, ExportFixtures.resource("loinc-promis10.json", "lhc-mid"));
    assertThat(scores(SHIPPED, mid).get("physical_t"), closeTo(39.8, 1e-9));
    assertThat(scores(SHIPPED, mid).get("mental_t"), closeTo(43.5, 1e-9));
  }

  @Test
  void readsAVendorFormThroughAMappingGivenAsAFolder() {
    String vendor = ExportFixtures.resource("vendor-eq5d.ndjson", "acme-1");
    ParsedResource withoutMapping = parse(SHIPPED, vendor);
    assertThat(withoutMapping.problem().reason(), is(RejectReason.UNVERSIONED_QUESTIONNAIRE));

    ResponseRecord read = accepted(WITH_VENDOR, vendor);
    assertThat(
        read.mapping(),
        is("https://forms.acme-health.example/fhir/ConceptMap/acme-eq5d-intake|2025.1"));
    Map<String, Double> scores = scores(WITH_VENDOR, read);
    // Levels 1,2,3,4,5 and the EQ VAS sent as valueQuantity {score}.
    assertThat(scores.get("vas"), closeTo(65, 1e-9));
    assertThat(read.answers(), hasSize(6));
  }

  @Test
  void readsEq5dLevelsAsIntegersAndTheVasAsAQuantityButNotFreeText() {
    ResponseRecord integers =
        accepted(SHIPPED, ExportFixtures.resource("problems.ndjson", "eq-integers"));
    assertThat(
        integers.answers().stream()
            .map(a -> a.code() == null ? "vas=" + a.number() : a.code())
            .toList(),
        is(List.of("1", "2", "3", "4", "5", "vas=70.0")));
    ParsedResource strings =
        parse(SHIPPED, ExportFixtures.resource("problems.ndjson", "eq-strings"));
    assertThat(strings.problem().reason(), is(RejectReason.UNKNOWN_ANSWER_CODE));
    assertThat(
        strings.problem().message(),
        containsString(
            "item 'mobility': valueString '1' is not an answer this item takes (valueCoding from"
                + " https://balises.quebec/fhir/CodeSystem/eq-5d-5l-answers: [1, 2, 3, 4, 5])"));
    assertThat(strings.problem().message(), containsString("6 problems"));
  }

  @Test
  void rejectsACodeFromAnotherCodeSystem() {
    ParsedResource parsed =
        parse(SHIPPED, ExportFixtures.resource("problems.ndjson", "eq-wrong-system"));
    assertThat(parsed.problem().reason(), is(RejectReason.CODE_SYSTEM_MISMATCH));
    assertThat(parsed.problem().message(), containsString("5 problems"));
    assertThat(parsed.problem().message(), containsString("http://snomed.info/sct"));
  }

  @Test
  void rejectsAVasInMillimetresLoudly() {
    ParsedResource parsed = parse(SHIPPED, ExportFixtures.resource("problems.ndjson", "eq-vas-mm"));
    assertThat(parsed.problem().reason(), is(RejectReason.UNKNOWN_ANSWER_CODE));
    assertThat(parsed.problem().message(), containsString("item 'vas': valueQuantity 70 mm"));
  }

  @Test
  void listsEveryProblemOfARecordUnderTheFirstRulesReason() {
    ParsedResource parsed =
        parse(SHIPPED, ExportFixtures.resource("problems.ndjson", "eq-many-problems"));
    assertThat(parsed.problem().reason(), is(RejectReason.MISSING_REFERENCE));
    String message = parsed.problem().message();
    assertThat(message, containsString("5 problems: 1) MISSING_REFERENCE"));
    assertThat(message, containsString("2) STATUS_NOT_USABLE: status in-progress"));
    assertThat(message, containsString("3) UNKNOWN_ANSWER_CODE: item 'mobility': answer code '7'"));
    assertThat(message, containsString("is not one of [1, 2, 3, 4, 5]"));
    assertThat(message, containsString("4) UNKNOWN_ITEM: item 'walking' is not in"));
    assertThat(
        message,
        containsString(
            "5) UNKNOWN_ANSWER_CODE: item 'vas': valueDate is not an answer this item takes"));
  }

  @Test
  void namesTheAcceptedQuestionnairesWhenOneIsUnknown() {
    ParsedResource parsed =
        parse(
            SHIPPED,
            ExportFixtures.resource("vendor-eq5d.ndjson", "acme-1")
                .replace("eq5d-intake\"", "eq5d-intake|3\""));
    assertThat(parsed.problem().reason(), is(RejectReason.UNKNOWN_QUESTIONNAIRE));
    assertThat(
        parsed.problem().message(),
        containsString("https://balises.quebec/fhir/Questionnaire/eq-5d-5l|1.0.0"));
    assertThat(
        parsed.problem().message(), containsString("fhir-profiles/mappings/promis-global10-loinc"));
  }
}
