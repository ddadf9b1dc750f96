package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.publish.Dataset;

/**
 * A nightly run given yesterday's export files plus today's (new responses, new versions, amended
 * and entered-in-error responses, and a Bulk Data {@code deleted} file) publishes exactly what a
 * full run on today's state of the data publishes: the same public bytes, the same rows in every
 * restricted dataset, and dead letters that differ only by the records today's files replaced or
 * deleted.
 *
 * <p>Today's state is built here independently of the pipeline's version rules: yesterday's lines
 * with each changed response replaced by its new version, each deleted resource's line removed, and
 * today's new responses added.
 */
class IncrementalRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESPONSES = "QuestionnaireResponse.ndjson";
  private static final String PATIENTS = "Patient.ndjson";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.NEVER)
  static Path work;

  private static Path nightly;
  private static Path full;
  private static Map<String, String> yesterdaysPublicFiles;
  private static final Map<String, Integer> CHANGES = new LinkedHashMap<>();

  @BeforeAll
  static void yesterdayTodayAndTheFullRun() throws Exception {
    Path generated = work.resolve("generated");
    Jobs.execute("generate", "--patients=60", "--seed=23", "--output=" + generated);
    Path yesterday = Files.createDirectories(work.resolve("yesterday"));
    Path today = Files.createDirectories(work.resolve("today"));
    Path state = Files.createDirectories(work.resolve("state"));
    try (Stream<Path> files = Files.list(generated)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals(RESPONSES)
            && !file.getFileName().toString().equals(PATIENTS)) {
          Files.copy(file, yesterday.resolve(file.getFileName()));
          Files.copy(file, state.resolve(file.getFileName()));
        }
      }
    }

    // Responses: some arrive only today, some get a new version today (amended with other
    // answers, or entered in error), some are deleted today; the rest are unchanged.
    List<String> lines = Files.readAllLines(generated.resolve(RESPONSES));
    Map<String, Integer> idCounts = new HashMap<>();
    Map<String, List<JsonNode>> byQuestionnaire = new HashMap<>();
    for (String line : lines) {
      JsonNode response = parse(line);
      if (response != null) {
        idCounts.merge(response.path("id").asText(), 1, Integer::sum);
        byQuestionnaire
            .computeIfAbsent(response.path("questionnaire").asText(), q -> new ArrayList<>())
            .add(response);
      }
    }
    List<String> yesterdaysResponses = new ArrayList<>();
    List<String> todaysResponses = new ArrayList<>();
    List<String> stateResponses = new ArrayList<>();
    List<String> deletedResponses = new ArrayList<>();
    int plain = 0;
    for (String line : lines) {
      JsonNode response = parse(line);
      boolean changeable =
          response != null
              && idCounts.get(response.path("id").asText()) == 1
              && "completed".equals(response.path("status").asText())
              && response.path("meta").path("versionId").asText().equals("1");
      int role = changeable ? plain++ % 12 : -1;
      switch (role) {
        case 0 -> {
          count("new today");
          todaysResponses.add(line);
          stateResponses.add(line);
        }
        case 1 -> {
          String amended =
              newVersion(response, "amended", answersOfAnother(response, byQuestionnaire));
          count("amended");
          yesterdaysResponses.add(line);
          todaysResponses.add(amended);
          stateResponses.add(amended);
        }
        case 2 -> {
          String retracted = newVersion(response, "entered-in-error", null);
          count("entered in error");
          yesterdaysResponses.add(line);
          todaysResponses.add(retracted);
          stateResponses.add(retracted);
        }
        case 3 -> {
          count("deleted responses");
          yesterdaysResponses.add(line);
          deletedResponses.add("QuestionnaireResponse/" + response.path("id").asText());
        }
        default -> {
          yesterdaysResponses.add(line);
          stateResponses.add(line);
        }
      }
    }
    Files.write(yesterday.resolve(RESPONSES), yesterdaysResponses);
    Files.write(today.resolve("QuestionnaireResponse-2.ndjson"), todaysResponses);
    Files.write(state.resolve(RESPONSES), stateResponses);
    Files.write(
        today.resolve("QuestionnaireResponse.deleted.ndjson"), deletionBundles(deletedResponses));

    // One patient is deleted today: its episodes and responses dangle in both runs alike.
    List<String> patients = Files.readAllLines(generated.resolve(PATIENTS));
    String deletedPatient = parse(patients.get(patients.size() / 2)).path("id").asText();
    Files.write(yesterday.resolve(PATIENTS), patients);
    Files.write(
        state.resolve(PATIENTS),
        patients.stream()
            .filter(p -> !deletedPatient.equals(parse(p).path("id").asText()))
            .toList());
    Files.write(
        today.resolve("Patient.deleted.ndjson"),
        deletionBundles(List.of("Patient/" + deletedPatient)));
    count("deleted patients");

    Path key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    nightly = work.resolve("nightly");
    Jobs.execute(runArgs(yesterday.resolve("*").toString(), nightly, key));
    yesterdaysPublicFiles = Jobs.publicFiles(nightly);
    Jobs.execute(runArgs(yesterday + "/*," + today + "/*", nightly, key));
    full = work.resolve("full");
    Jobs.execute(runArgs(state.resolve("*").toString(), full, key));
  }

  private static String[] runArgs(String input, Path output, Path key) {
    return new String[] {
      "run",
      "--input=" + input,
      "--output=" + output,
      "--pseudonymKeyFile=" + key,
      "--asOf=2026-11-01",
      "--progressIntervalSeconds=0"
    };
  }

  private static void count(String change) {
    CHANGES.merge(change, 1, Integer::sum);
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** The item answers of another response to the same questionnaire (a real change of scores). */
  private static JsonNode answersOfAnother(
      JsonNode response, Map<String, List<JsonNode>> byQuestionnaire) {
    List<JsonNode> same = byQuestionnaire.get(response.path("questionnaire").asText());
    JsonNode other = same.get((same.indexOf(response) + 7) % same.size());
    return other.path("item");
  }

  private static String newVersion(JsonNode response, String status, JsonNode items)
      throws Exception {
    ObjectNode copy = response.deepCopy();
    ObjectNode meta = (ObjectNode) copy.get("meta");
    meta.put("versionId", "2");
    meta.put("lastUpdated", "2026-10-31T06:00:00Z");
    copy.put("status", status);
    if (items != null && !items.isMissingNode()) {
      copy.set("item", items.deepCopy());
    }
    return JSON.writeValueAsString(copy);
  }

  /** The FHIR Bulk Data form: one transaction Bundle of DELETE entries per line, two per line. */
  private static List<String> deletionBundles(List<String> references) throws Exception {
    List<String> bundles = new ArrayList<>();
    for (int start = 0; start < references.size(); start += 2) {
      ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle");
      bundle.put("type", "transaction");
      for (String reference : references.subList(start, Math.min(start + 2, references.size()))) {
        bundle
            .withArray("entry")
            .addObject()
            .putObject("request")
            .put("method", "DELETE")
            .put("url", reference);
      }
      bundles.add(JSON.writeValueAsString(bundle));
    }
    return bundles;
  }

  @Test
  void todaysFilesChangeWhatIsPublished() throws Exception {
    assertThat(CHANGES.toString(), CHANGES.get("amended"), greaterThan(10));
    assertThat(CHANGES.toString(), CHANGES.get("deleted responses"), greaterThan(10));
    assertThat(Jobs.publicFiles(nightly), is(not(yesterdaysPublicFiles)));
  }

  @Test
  void theNightlyRunPublishesTheSameBytesAsAFullRunOnTodaysState() throws Exception {
    Map<String, String> published = Jobs.publicFiles(full);
    assertThat(
        published.keySet().stream().filter(f -> f.endsWith(".parquet")).count(), greaterThan(20L));
    assertThat(Jobs.publicFiles(nightly), is(published));
  }

  @Test
  void everyRestrictedDatasetHasTheSameRowsButTheirSourcePositions() {
    for (Dataset dataset : Dataset.values()) {
      if (dataset.isPublic() || dataset == Dataset.REJECTED) {
        continue;
      }
      boolean written = Files.isDirectory(full.resolve(dataset.folder()));
      assertThat(
          dataset.folder(), Files.isDirectory(nightly.resolve(dataset.folder())), is(written));
      if (!written) {
        continue; // no unit reaches the case-mix minimum in this small export
      }
      String left = rows(nightly, dataset);
      String right = rows(full, dataset);
      long count = DuckDb.count("select count(*) from " + right);
      assertThat(dataset.folder(), count, greaterThan(0L));
      assertThat(dataset.folder(), DuckDb.count("select count(*) from " + left), is(count));
      assertThat(
          dataset.folder() + ": rows of one run that the other lacks",
          DuckDb.count(
              "select count(*) from ((from %1$s except all from %2$s)".formatted(left, right)
                  + " union all (from %2$s except all from %1$s))".formatted(left, right)),
          is(0L));
    }
  }

  @Test
  void deadLettersDifferOnlyByWhatTodaysFilesReplacedOrDeleted() {
    Map<String, Long> nightlyReasons = reasons(nightly);
    Map<String, Long> expected = new TreeMap<>(reasons(full));
    int deletedResponses = CHANGES.get("deleted responses");
    expected.merge(
        "SUPERSEDED", (long) CHANGES.get("amended") + CHANGES.get("entered in error"), Long::sum);
    expected.merge("DELETED", deletedResponses + 1L, Long::sum);
    expected.merge("DELETION_REQUEST", deletedResponses + 1L, Long::sum);
    assertThat(nightlyReasons, is(expected));
    assertThat(
        "the deleted patient's responses dangle in both runs",
        expected.getOrDefault("DANGLING_REFERENCE", 0L),
        greaterThan(0L));
  }

  /** A dataset's rows without the columns that say where each record was read. */
  private static String rows(Path output, Dataset dataset) {
    return "(select columns(lambda c: c not like 'source_%%') from %s)"
        .formatted(source(output, dataset));
  }

  private static String source(Path output, Dataset dataset) {
    return DuckDb.parquet(output.resolve(dataset.folder()));
  }

  private static Map<String, Long> reasons(Path output) {
    Map<String, Long> reasons = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select reason_code as reason, count(*) as n from "
                + source(output, Dataset.REJECTED)
                + " group by reason")) {
      reasons.put(String.valueOf(row.get("reason")), ((Number) row.get("n")).longValue());
    }
    return reasons;
  }
}
