package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.ingest.PortraitParsingTest;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.publish.Dataset;

/**
 * The real job on establishments' portraits alone (docs/decisions/0022): each portrait is one row
 * of restricted/portraits or one dead letter, the counts reconcile, and the committee figures reach
 * public/indicators through the same disclosure control as every figure.
 */
class PortraitRunTest {
  @TempDir static Path work;

  private static Path output;

  private static String portrait(String id, String organization, int committees) {
    return PortraitParsingTest.portrait(
        id,
        "Organization/" + organization,
        PortraitParsingTest.CANONICAL,
        "\"valueInteger\":" + committees);
  }

  @BeforeAll
  static void run() throws Exception {
    Path night = Files.createDirectories(work.resolve("night"));
    Files.writeString(
        night.resolve("Organization.ndjson"),
        Fixtures.organization("o1", "11045101") + "\n" + Fixtures.organization("o2", "11045102"));
    // Each portrait: 9 committees with partners, 4 of them at co-construction or above, 2025.
    Files.writeString(
        night.resolve("portraits.ndjson"),
        String.join(
            "\n",
            portrait("pr-1", "o1", 20),
            portrait("pr-2", "o2", 12),
            portrait("pr-early", "o1", 30)
                .replace("2026-03-15T10:00:00-04:00", "2026-02-01T10:00:00-05:00"),
            portrait("pr-dangling", "o-absent", 20),
            portrait("pr-bad", "o2", 8)));
    Path key = work.resolve("key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef-portraits");
    output = work.resolve("out");
    Jobs.execute(
        "run",
        "--input=" + night + "/*",
        "--output=" + output,
        "--pseudonymKeyFile=" + key,
        "--asOf=2026-08-01",
        "--progressIntervalSeconds=0");
  }

  @Test
  void everyPortraitIsOneRowOrOneDeadLetterAndTheCountsReconcile() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    assertThat(manifest.path("reconciled").asBoolean(), is(true));
    assertThat(manifest.path("outcome").asText(), is("succeeded"));
    JsonNode all = manifest.path("totals").path("all");
    assertThat(all.path("read").asLong(), is(7L));
    assertThat(all.path("accepted").asLong(), is(4L));
    assertThat(all.path("rejected").asLong(), is(3L));
    assertThat(
        manifest.path("totals").path(EstablishmentPortrait.TALLY_LABEL).path("accepted").asLong(),
        is(2L));
    JsonNode portraits = manifest.path("datasets").path(Dataset.PORTRAITS.folder());
    assertThat(portraits.path("rows").asLong(), is(2L));
    assertThat(portraits.path("rowsInFiles").asLong(), is(2L));
    assertThat(manifest.path("resourceTypesNotRead").size(), is(0));

    Map<String, String> rejected = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select resource_id, reason_code from "
                + DuckDb.parquet(output.resolve(Dataset.REJECTED.folder())))) {
      rejected.put((String) row.get("resource_id"), (String) row.get("reason_code"));
    }
    assertThat(
        rejected,
        is(
            new TreeMap<>(
                Map.of(
                    "pr-early", "SUPERSEDED",
                    "pr-dangling", "DANGLING_REFERENCE",
                    "pr-bad", "INVALID_VALUE"))));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + DuckDb.parquet(output.resolve(Dataset.PORTRAITS.folder()))
                + " where year = 2025 and committees_with_partners = 9"),
        is(2L));
  }

  private static Map<String, Map<String, Object>> figures(String indicator) {
    Map<String, Map<String, Object>> byUnit = new TreeMap<>();
    List<Map<String, Object>> rows =
        DuckDb.query(
            "select level || ':' || unit_code as unit, period_type, n, numerator, value,"
                + " suppressed from "
                + DuckDb.parquet(output.resolve(Dataset.INDICATORS.folder()))
                + " where indicator_id = '"
                + indicator
                + "'");
    for (Map<String, Object> row : rows) {
      assertThat(row.get("period_type"), is("year"));
      byUnit.put((String) row.get("unit"), row);
    }
    return byUnit;
  }

  @Test
  void theCommitteeFiguresGoThroughTheSameDisclosureControl() {
    Map<String, Map<String, Object>> share = figures("partnership-committees-with-partners");
    // o2: 9 of 12 committees, a complement of 3: withheld; o1 and the province shown together
    // would give it away (32 − 20 = 12), so one of them is withheld too.
    assertThat(share.get("establishment:11045102").get("value"), nullValue());
    boolean bothShown =
        share.get("establishment:11045101").get("value") != null
            && share.get("province:QC").get("value") != null;
    assertThat(bothShown, is(false));
    Map<String, Map<String, Object>> co = figures("partnership-committees-co-construction");
    // 4 of 9 partnered committees in each establishment: a numerator of 1 to 4.
    assertThat(co.get("establishment:11045101").get("value"), nullValue());
    assertThat(co.get("establishment:11045102").get("value"), nullValue());
  }

  @Test
  void everyPublicDescriptionNamesTheCommitteeMeasuresAndEachFigureHasItsReport() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Path publicRoot = output.resolve("public");
    Map<String, JsonNode> dictionary = new TreeMap<>();
    for (JsonNode entry :
        json.readTree(publicRoot.resolve("dictionary/indicators.json").toFile())) {
      dictionary.put(entry.path("id").asText(), entry);
    }
    String markdown = Files.readString(publicRoot.resolve("dictionary/dictionary.md"));
    String codes = Files.readString(publicRoot.resolve("dictionary/codes.csv"));
    assertThat(codes.contains("trajectory,partnership-portrait,"), is(true));
    JsonNode release = json.readTree(publicRoot.resolve("release.json").toFile());
    // The committee Measures, and the two against the population served (docs/decisions/0023),
    // whose grid rows these portraits without diversity leave at n = 0.
    for (String id :
        List.of(
            "partnership-committees-with-partners",
            "partnership-committees-co-construction",
            "partnership-partners-per-100000",
            "partnership-partner-diversity-dissimilarity")) {
      JsonNode entry = dictionary.get(id);
      assertThat(id, entry.path("trajectory").asText(), is("partnership-portrait"));
      assertThat(entry.path("period_basis").asText(), is("portrait_year"));
      // Not yet endorsed: draft, with no endorser and no approval date.
      assertThat(entry.path("measure_status").asText(), is("draft"));
      assertThat(entry.path("endorser").size(), is(0));
      assertThat(entry.path("approval_date").isNull(), is(true));
      assertThat(entry.path("title").path("en").asText().isEmpty(), is(false));
      assertThat(markdown.contains("| `" + id + "` |"), is(true));
      assertThat(
          markdown.contains(
              "| 0.1.0 | `draft` Provisoire, pas encore approuvée pour un usage courant / Draft,"
                  + " not yet approved for normal use | Pas encore approuvée par un comité / Not"
                  + " yet endorsed by a committee |"),
          is(true));
      // Only years are ever published for them, so only years wait to be final.
      for (JsonNode pending : release.path("notYetFinal").path(id)) {
        assertThat(pending.path("periodType").asText(), is("year"));
      }
      // One MeasureReport per period and unit that public/indicators publishes.
      long units =
          DuckDb.count(
              "select count(distinct period || level || unit_code) from "
                  + DuckDb.parquet(output.resolve(Dataset.INDICATORS.folder()))
                  + " where indicator_id = '"
                  + id
                  + "'");
      Path reports = publicRoot.resolve("fhir/MeasureReport/" + id + ".ndjson");
      List<String> lines = Files.readAllLines(reports);
      assertThat(id, (long) lines.size(), is(units));
      assertThat(units > 0, is(true));
      for (String line : lines) {
        assertThat(
            json.readTree(line).path("measure").asText(),
            is("https://balises.quebec/fhir/Measure/" + id + "|0.1.0"));
      }
      assertThat(Files.exists(publicRoot.resolve("csv/indicators/" + id + ".csv")), is(true));
    }
    assertThat(release.path("counts").path("indicators").asInt(), is(dictionary.size()));
  }
}
