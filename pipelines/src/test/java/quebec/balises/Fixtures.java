package quebec.balises;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.indicators.Cell;
import quebec.balises.ingest.ResourceParser;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/** Small, valid FHIR resources for tests, as the JSON a data provider would send. */
public final class Fixtures {
  private Fixtures() {}

  public static final String EQ5D = "https://balises.quebec/fhir/Questionnaire/eq-5d-5l|1.0.0";

  public static String organization(String id, String code) {
    return """
        {"resourceType":"Organization","id":"%s",
         "extension":[
          {"url":"%s","valueCoding":{"system":"%s","code":"0611","display":"RLS de Test"}},
          {"url":"%s","valueCoding":{"system":"%s","code":"06","display":"Montréal"}}],
         "identifier":[{"system":"%s","value":"%s"}],
         "name":"Hôpital de test"}"""
        .formatted(
            id,
            BalisesProfile.RLS_EXTENSION,
            BalisesProfile.RLS_SYSTEM,
            BalisesProfile.HEALTH_REGION_EXTENSION,
            BalisesProfile.HEALTH_REGION_SYSTEM,
            BalisesProfile.ESTABLISHMENT_SYSTEM,
            code)
        .replaceAll("\\n\\s*", "");
  }

  public static String patient(String id) {
    return """
        {"resourceType":"Patient","id":"%s",
         "extension":[{"url":"%s","valueInteger":3}],
         "identifier":[{"system":"%s","value":"NAM-%s"}],
         "gender":"female","birthDate":"1950-06-15",
         "address":[{"postalCode":"H2X 1Y4"}]}"""
        .formatted(
            id,
            BalisesProfile.MATERIAL_DEPRIVATION_EXTENSION,
            BalisesProfile.HEALTH_INSURANCE_NUMBER_SYSTEM,
            id)
        .replaceAll("\\n\\s*", "");
  }

  public static String episode(String id, String patientId, String orgId, String trajectory) {
    return """
        {"resourceType":"EpisodeOfCare","id":"%s","status":"finished",
         "type":[{"coding":[{"system":"%s","code":"%s"}]}],
         "patient":{"reference":"Patient/%s"},
         "managingOrganization":{"reference":"Organization/%s"},
         "period":{"start":"2025-03-01"}}"""
        .formatted(id, BalisesProfile.TRAJECTORY_SYSTEM, trajectory, patientId, orgId)
        .replaceAll("\\n\\s*", "");
  }

  public static String response(String id, String patientId, String episodeId) {
    return response(id, patientId, episodeId, EQ5D, "2025-02-10T09:30:00-05:00", "completed");
  }

  public static String response(
      String id,
      String patientId,
      String episodeId,
      String questionnaire,
      String authored,
      String status) {
    return """
        {"resourceType":"QuestionnaireResponse","id":"%s","status":"%s",
         "extension":[{"url":"%s","valueReference":{"reference":"EpisodeOfCare/%s"}}],
         "questionnaire":"%s","subject":{"reference":"Patient/%s"},"authored":"%s",
         "item":[{"linkId":"mobility","answer":[{"valueCoding":{"system":"https://balises.quebec/fhir/CodeSystem/eq-5d-5l-answers","code":"2"}}]},
                 {"linkId":"vas","answer":[{"valueInteger":70}]}]}"""
        .formatted(
            id,
            status,
            BalisesProfile.EPISODE_OF_CARE_EXTENSION,
            episodeId,
            questionnaire,
            patientId,
            authored)
        .replaceAll("\\n\\s*", "");
  }

  /**
   * Parses records as lines 1, 2, … of {@code t.ndjson} with the shipped questionnaires, as the
   * pipeline's parse stage would on 2026-01-01.
   */
  public static List<ParsedResource> parsed(String... json) {
    ResourceParser parser =
        new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 1, 1));
    List<ParsedResource> parsed = new ArrayList<>();
    for (int i = 0; i < json.length; i++) {
      parsed.add(
          ((ResourceParser.Parsed)
                  parser.parse(new SourceRecord(SourceRef.line("t.ndjson", i + 1), json[i])))
              .resource());
    }
    return parsed;
  }

  /** The same resource with {@code meta.versionId} and {@code meta.lastUpdated}. */
  public static String withMeta(String json, String versionId, String lastUpdated) {
    return json.replaceFirst(
        "\"id\":\"([^\"]+)\",",
        "\"id\":\"$1\",\"meta\":{\"versionId\":\""
            + versionId
            + "\",\"lastUpdated\":\""
            + lastUpdated
            + "\"},");
  }

  /**
   * The whole-year 2025 cell of one establishment ({@code code}, named {@code H<code>}, in region
   * 03 and RLS 0311) for an indicator, no stratum.
   */
  public static Cell establishmentCell(String indicatorId, String code) {
    return new Cell(
        indicatorId,
        "year",
        "2025",
        Cell.ESTABLISHMENT,
        code,
        "H" + code,
        "03",
        "0311",
        Cell.ALL,
        Cell.ALL);
  }
}
