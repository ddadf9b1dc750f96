package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.publish.Dataset;

/**
 * The real job on the outside-shaped exports: the LOINC forms tool's PROMIS-10 with the shipped
 * mappings alone, the vendor's form with its mapping given by --mappings (no rebuild), responses
 * linked through an Encounter or to the patient's one episode, and a file of problems.
 */
class OutsideExportRunTest {
  @TempDir static Path work;

  private static Path output;

  @BeforeAll
  static void run() throws Exception {
    Path key = work.resolve("key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef-outside-exports");
    output = work.resolve("out");
    Jobs.execute(
        "run",
        "--input=" + ExportFixtures.folder() + "/*.json," + ExportFixtures.folder() + "/*.ndjson",
        "--mappings=" + ExportFixtures.vendorMappings(),
        "--output=" + output,
        "--pseudonymKeyFile=" + key,
        "--asOf=2026-01-01",
        "--progressIntervalSeconds=0");
  }

  private static String table(Dataset dataset) {
    return DuckDb.parquet(output.resolve(dataset.folder()));
  }

  @Test
  void scoresTheLoincPromis10ToThePublishedTScoresAndNamesTheMapping() {
    List<String> scores = new ArrayList<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select authored_date::varchar || ' ' || scale || ' ' || value::varchar as s from "
                + table(Dataset.SCORES)
                + " where instrument = 'PROMIS_GLOBAL10' and scale like '%_t'"
                + " and mapping = 'https://balises.quebec/fhir/ConceptMap/promis-global10-loinc|1.0.0'"
                + " order by s")) {
      scores.add((String) row.get("s"));
    }
    // Best answers (lhc-best at baseline, and the encounter-linked, inferred and contained-patient
    // responses) and middle answers (lhc-mid at 6 months): methods.md §9.
    assertThat(
        scores,
        is(
            List.of(
                "2025-05-20 mental_t 67.6",
                "2025-05-20 mental_t 67.6",
                "2025-05-20 mental_t 67.6",
                "2025-05-20 physical_t 67.7",
                "2025-05-20 physical_t 67.7",
                "2025-05-20 physical_t 67.7",
                "2025-12-01 mental_t 43.5",
                "2025-12-01 mental_t 67.6",
                "2025-12-01 physical_t 39.8",
                "2025-12-01 physical_t 67.7")));
  }

  @Test
  void acceptsTheOutsideShapedResponsesAndRejectsTheRestWithTheirReasons() {
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + table(Dataset.RESPONSES)
                + " where instrument in ('PROMIS_GLOBAL10', 'EQ5D5L')"),
        // LOINC best and mid, encounter-linked, inferred, contained patient, vendor, integers.
        is(7L));
    Map<String, Long> reasons = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select reason_code || ' ' || coalesce(resource_type, '') as k, count(*) as n,"
                + " max(length(raw_record)) as raw from "
                + table(Dataset.REJECTED)
                + " group by all")) {
      reasons.put((String) row.get("k"), ((Number) row.get("n")).longValue());
      if (((String) row.get("k")).startsWith("UNSUPPORTED_RESOURCE_TYPE")) {
        assertThat("no raw clinical JSON", ((Number) row.get("raw")).longValue(), is(0L));
      }
    }
    assertThat(
        reasons,
        is(
            Map.of(
                "AMBIGUOUS_EPISODE QuestionnaireResponse", 1L,
                "CODE_SYSTEM_MISMATCH QuestionnaireResponse", 1L,
                "MISSING_REFERENCE QuestionnaireResponse", 1L,
                "UNKNOWN_ANSWER_CODE QuestionnaireResponse", 2L,
                "UNSUPPORTED_RESOURCE_TYPE Observation", 2L,
                "UNSUPPORTED_RESOURCE_TYPE Condition", 1L,
                // The establishment is in three files: two copies tie with the one kept.
                "DUPLICATE Organization", 2L)));
  }

  @Test
  void theManifestListsTheMappingsAndTheTypesNotRead() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    Map<String, Long> used = new TreeMap<>();
    for (JsonNode mapping : manifest.path("instrumentMappings")) {
      assertThat(mapping.path("sha256").asText().length(), is(64));
      used.put(mapping.path("id").asText(), mapping.path("responsesScored").asLong());
    }
    assertThat(
        used,
        is(
            Map.of(
                "https://balises.quebec/fhir/ConceptMap/promis-global10-loinc|1.0.0", 5L,
                "https://forms.acme-health.example/fhir/ConceptMap/acme-eq5d-intake|2025.1", 1L)));
    assertThat(manifest.path("resourceTypesNotRead").path("Observation").asLong(), is(2L));
    assertThat(manifest.path("resourceTypesNotRead").path("Condition").asLong(), is(1L));
    assertThat(manifest.path("reconciled").asBoolean(), is(true));
  }
}
