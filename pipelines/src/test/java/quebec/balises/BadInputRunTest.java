package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.publish.Dataset;

/**
 * The real job on a night's worth of bad input, each bad record beside good ones: the run
 * publishes, every bad record is one dead letter with its reason at its position, the good ones are
 * kept, and the counts reconcile.
 */
class BadInputRunTest {
  @TempDir static Path work;

  private static Path output;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void run() throws Exception {
    Path night = Files.createDirectories(work.resolve("night"));
    ByteArrayOutputStream organizations = new ByteArrayOutputStream();
    organizations.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    organizations.writeBytes(utf8(Fixtures.organization("o1", "11045101") + "\n"));
    Files.write(night.resolve("Organization.ndjson"), organizations.toByteArray());

    ByteArrayOutputStream patients = new ByteArrayOutputStream();
    patients.writeBytes(
        utf8(
            String.join(
                    "\n",
                    Fixtures.patient("p1"),
                    Fixtures.patient("p2").replace("\"female\"", "\"M\""),
                    Fixtures.withMeta(Fixtures.patient("p3"), "1", "2025-01-01T00:00:00+0000"),
                    // Must not become a version 9 of p1.
                    Fixtures.withMeta(
                        Fixtures.patient("p1").replace("\"id\":\"p1\"", "\"id\":\"Patient/p1\""),
                        "9",
                        "2025-06-01T00:00:00Z"),
                    Fixtures.patient("p-late").replace("1950-06-15", "2025-06-01"),
                    "{'resourceType':'Patient','id':'p7'}",
                    Fixtures.patient("p8")
                        .replace("\"gender\"", "\"text\":\"" + "x".repeat(3000) + "\",\"gender\""))
                + "\n"));
    patients.writeBytes(
        Fixtures.patient("p9")
            .replace("\"gender\"", "\"name\":[{\"family\":\"Hélène\"}],\"gender\"")
            .getBytes(StandardCharsets.ISO_8859_1));
    patients.writeBytes(utf8("\n"));
    Files.write(night.resolve("Patient.ndjson"), patients.toByteArray());

    Files.writeString(
        night.resolve("EpisodeOfCare.ndjson"),
        String.join(
            "\n",
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.episode("e-late", "p-late", "o1", "hip-arthroplasty"),
            Fixtures.episode("e-cancel", "p1", "o1", "knee-arthroplasty")
                .replace("\"finished\"", "\"Cancelled\"")));
    String response = Fixtures.response("r1", "p1", "e1");
    Files.writeString(
        night.resolve("QuestionnaireResponse.ndjson"),
        String.join(
            "\n",
            response,
            Fixtures.response("r-two", "p1", "e1")
                .replace(
                    "{\"valueInteger\":70}",
                    "{\"valueInteger\":70,\"valueCoding\":{\"code\":\"1\"}}"),
            Fixtures.response("r-late", "p-late", "e-late")));
    Files.writeString(
        night.resolve("bundle.json"),
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
            + Fixtures.patient("p5")
            + "},null,{\"resource\":"
            + Fixtures.patient("p6")
            + "}]}");
    Files.writeString(
        night.resolve("object-entry.json"),
        "{\"resourceType\":\"Bundle\",\"entry\":{\"resource\":" + Fixtures.patient("p10") + "}}");
    Files.write(night.resolve("empty.ndjson.gz"), new byte[0]);
    // Matched by the glob but not files: listed in the manifest with why they are not read.
    Files.createDirectories(night.resolve("folder.ndjson"));
    Files.createSymbolicLink(night.resolve("gone.ndjson"), night.resolve("nowhere"));
    // A name that is also a glob is read under that name.
    Files.writeString(night.resolve("[odd].ndjson"), Fixtures.patient("p11") + "\n");

    Path key = work.resolve("key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef-bad-input");
    output = work.resolve("out");
    Jobs.execute(
        "run",
        "--input=" + night + "/*",
        "--output=" + output,
        "--pseudonymKeyFile=" + key,
        "--asOf=2026-01-01",
        "--maxRecordBytes=2048",
        "--progressIntervalSeconds=0");
  }

  @Test
  void everyBadRecordIsOneDeadLetterWithItsReasonAtItsPosition() {
    Map<String, String> rejected = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select regexp_extract(source_file, '[^/]+$') || ':' || coalesce(source_line::varchar,"
                + " '') || '#' || coalesce(source_entry::varchar, '') as k, reason_code from "
                + DuckDb.parquet(output.resolve(Dataset.REJECTED.folder())))) {
      rejected.put((String) row.get("k"), (String) row.get("reason_code"));
    }
    assertThat(
        rejected,
        is(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("Patient.ndjson:2#", "INVALID_VALUE"),
                    Map.entry("Patient.ndjson:3#", "INVALID_DATE"),
                    Map.entry("Patient.ndjson:4#", "INVALID_ID"),
                    Map.entry("Patient.ndjson:6#", "MALFORMED_JSON"),
                    Map.entry("Patient.ndjson:7#", "RECORD_TOO_LARGE"),
                    Map.entry("Patient.ndjson:8#", "INVALID_ENCODING"),
                    Map.entry("EpisodeOfCare.ndjson:2#", "IMPLAUSIBLE_DATE"),
                    Map.entry("EpisodeOfCare.ndjson:3#", "INVALID_VALUE"),
                    Map.entry("QuestionnaireResponse.ndjson:2#", "TOO_MANY_ANSWERS"),
                    Map.entry("QuestionnaireResponse.ndjson:3#", "DANGLING_REFERENCE"),
                    Map.entry("bundle.json:#1", "INVALID_BUNDLE"),
                    Map.entry("object-entry.json:#", "INVALID_BUNDLE"),
                    Map.entry("empty.ndjson.gz:#", "UNREADABLE_FILE")))));
  }

  @Test
  void theGoodRecordsBesideThemAreKept() {
    List<String> patients = new java.util.ArrayList<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select f || ' ' || n as k from (select regexp_extract(source_file, '[^/]+$') as f,"
                + " count(*) as n from "
                + DuckDb.parquet(output.resolve(Dataset.PATIENTS.folder()))
                + " group by f) order by k")) {
      patients.add((String) row.get("k"));
    }
    // p1 and p-late, and the Bundle's p5 and p6; p1 is not superseded by "Patient/p1" (the
    // dead letters hold no SUPERSEDED).
    assertThat(patients, is(List.of("Patient.ndjson 2", "[odd].ndjson 1", "bundle.json 2")));
    assertThat(
        DuckDb.count(
            "select count(*) from " + DuckDb.parquet(output.resolve(Dataset.RESPONSES.folder()))),
        is(1L));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + DuckDb.parquet(output.resolve(Dataset.ESTABLISHMENTS.folder()))),
        is(1L));
  }

  @Test
  void theCountsReconcile() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    assertThat(manifest.path("reconciled").asBoolean(), is(true));
    assertThat(manifest.path("outcome").asText(), is("succeeded"));
    JsonNode all = manifest.path("totals").path("all");
    // 1 + 8 + 3 + 3 + 3 + 1 + 1 + 1 records read.
    assertThat(all.path("read").asLong(), is(21L));
    assertThat(all.path("accepted").asLong(), is(8L));
    assertThat(all.path("rejected").asLong(), is(13L));
    assertThat(manifest.path("options").path("maxRecordBytes").asLong(), is(2048L));
    Map<String, String> listing = new TreeMap<>();
    for (JsonNode entry : manifest.path("inputListing")) {
      listing.put(
          Path.of(entry.path("path").asText()).getFileName().toString(),
          entry.path("outcome").asText());
    }
    assertThat(listing.size(), is(10));
    assertThat(listing.get("[odd].ndjson"), is("read"));
    assertThat(listing.get("folder.ndjson"), is("not read: a directory"));
    assertThat(
        listing.get("gone.ndjson"),
        is("not read: a symbolic link that leads to no file (dangling, or part of a loop)"));
  }
}
