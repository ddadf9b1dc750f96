package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PopulationRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/** A population estimate is a Group read with HAPI like every resource (docs/decisions/0023). */
class PopulationParsingTest {
  private final ResourceParser parser =
      new ResourceParser(QuestionnaireCatalog.builder().build(), LocalDate.of(2026, 6, 1));

  /** Men aged 85 and over of region 03 in 2024: 9,876 people. */
  static String group(String actual, String region, String period) {
    return ("{\"resourceType\":\"Group\",\"id\":\"pop-03-2024-male-85\",\"type\":\"person\","
            + "\"actual\":%s,\"code\":{\"coding\":[{\"system\":"
            + "\"https://balises.quebec/fhir/CodeSystem/population\",\"code\":\"estimate\"}]},"
            + "\"quantity\":9876,\"characteristic\":["
            + "{\"code\":{\"coding\":[{\"system\":\"https://balises.quebec/fhir/CodeSystem/population\","
            + "\"code\":\"region\"}]},\"valueCodeableConcept\":{\"coding\":[{\"system\":"
            + "\"https://balises.quebec/fhir/CodeSystem/health-region\",\"code\":\"%s\"}]},"
            + "\"exclude\":false,\"period\":%s},"
            + "{\"code\":{\"coding\":[{\"system\":\"https://balises.quebec/fhir/CodeSystem/population\","
            + "\"code\":\"sex\"}]},\"valueCodeableConcept\":{\"coding\":[{\"system\":"
            + "\"http://hl7.org/fhir/administrative-gender\",\"code\":\"male\"}]},\"exclude\":false},"
            + "{\"code\":{\"coding\":[{\"system\":\"https://balises.quebec/fhir/CodeSystem/population\","
            + "\"code\":\"age-band\"}]},\"valueRange\":{\"low\":{\"value\":85,\"unit\":\"a\"}},"
            + "\"exclude\":false}]}")
        .formatted(actual, region, period);
  }

  private ParsedResource parsed(String json) {
    ResourceParser.Result result =
        parser.parse(new SourceRecord(SourceRef.line("Group.ndjson", 1), json));
    assertThat(result, instanceOf(ResourceParser.Parsed.class));
    return ((ResourceParser.Parsed) result).resource();
  }

  @Test
  void readsAPopulationGroup() {
    ParsedResource r = parsed(group("false", "03", "{\"start\":\"2024\",\"end\":\"2024\"}"));
    assertThat(r.problem(), nullValue());
    assertThat(r.kind(), is(ResourceKind.GROUP));
    assertThat(r.patientId(), nullValue());
    assertThat(
        r.population(),
        is(new PopulationRecord("pop-03-2024-male-85", "03", 2024, "male", "85+", 9876)));
    // A day works as well as a year.
    assertThat(
        parsed(group("false", "03", "{\"start\":\"2024-07-01\",\"end\":\"2024-07-01\"}"))
            .population()
            .year(),
        is(2024));
  }

  @Test
  void aMalformedGroupNamesEveryRuleItBreaks() {
    ParsedResource r = parsed(group("true", "99", "{\"start\":\"2024\",\"end\":\"2024\"}"));
    assertThat(r.payload(), nullValue());
    assertThat(r.problem().reason(), is(RejectReason.INVALID_VALUE));
    assertThat(r.problem().message(), containsString("actual is true"));
    assertThat(r.problem().message(), containsString("'99' is not a health region"));
  }
}
