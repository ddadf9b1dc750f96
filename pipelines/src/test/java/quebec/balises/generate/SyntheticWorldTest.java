package quebec.balises.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.Balises;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.ingest.ResourceParser;
import quebec.balises.model.Engagement;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.run.ExitCode;

class SyntheticWorldTest {
  private static String generate(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("generate", "--output=" + dir));
    args.addAll(List.of(extra));
    if (args.stream().noneMatch(a -> a.startsWith("--patients="))) {
      args.add("--patients=60");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExitCode code =
        Balises.execute(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code, is(ExitCode.OK));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers(@TempDir Path dir) throws Exception {
    generate(dir.resolve("a"), "--seed=5");
    generate(dir.resolve("b"), "--seed=5");
    generate(dir.resolve("c"), "--seed=6");
    for (String file : new String[] {"Patient.ndjson", "QuestionnaireResponse.ndjson"}) {
      byte[] a = Files.readAllBytes(dir.resolve("a").resolve(file));
      assertThat(file, a, is(Files.readAllBytes(dir.resolve("b").resolve(file))));
      assertThat(file, a, is(not(Files.readAllBytes(dir.resolve("c").resolve(file)))));
    }
  }

  /**
   * One portrait per establishment for each whole year before the last anchor's (2024 by default),
   * each read as a valid portrait, and drawn from the establishment and the year, not the seed.
   */
  @Test
  void onePortraitPerEstablishmentAndYearWhateverTheSeed(@TempDir Path dir) throws Exception {
    generate(dir.resolve("a"), "--seed=5", "--badRecordShare=0");
    generate(dir.resolve("b"), "--seed=6", "--badRecordShare=0");
    String file = SyntheticWorld.PORTRAITS_FILE + ".ndjson";
    List<String> portraits = Files.readAllLines(dir.resolve("a").resolve(file));
    assertThat(portraits, is(Files.readAllLines(dir.resolve("b").resolve(file))));
    List<String> sites = Files.readAllLines(dir.resolve("a").resolve("Organization.ndjson"));
    assertThat(portraits.size(), is(sites.size()));
    ResourceParser parser =
        new ResourceParser(QuestionnaireCatalog.bundled(), java.time.LocalDate.of(2026, 1, 1));
    Set<String> establishments = new TreeSet<>();
    for (int i = 0; i < portraits.size(); i++) {
      ResourceParser.Result result =
          parser.parse(new SourceRecord(SourceRef.line(file, i + 1), portraits.get(i)));
      ParsedResource parsed = ((ResourceParser.Portrait) result).resource();
      assertThat(String.valueOf(parsed.problem()), parsed.problem(), is(nullValue()));
      assertThat(parsed.portrait().year(), is(2024));
      establishments.add(parsed.portrait().organizationId());
    }
    assertThat(establishments.size(), is(sites.size()));
  }

  /**
   * The sample's own two commands give back the sample's files byte for byte: the first its five
   * files, to which the portraits added nothing (its anchors end in 2024, so no whole year has a
   * portrait yet); the second, which writes only the portraits and the population, its two others
   * (docs/decisions/0023), leaving the first five as they were.
   */
  @Test
  void theSampleIsUnchanged(@TempDir Path dir) throws Exception {
    String[] sampleOptions = {
      "--patients=4000", "--seed=42", "--gzip", "--anchorsFrom=2024-01-01", "--anchorsTo=2024-12-31"
    };
    generate(dir, sampleOptions);
    List<String> five;
    try (var listed = Files.list(dir)) {
      five = listed.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(five.size(), is(5));
    java.util.Map<String, byte[]> before = new java.util.HashMap<>();
    for (String file : five) {
      before.put(file, Files.readAllBytes(dir.resolve(file)));
    }
    List<String> portraitOptions = new java.util.ArrayList<>(List.of(sampleOptions));
    portraitOptions.add("--portraitsThrough=2025-12-31");
    portraitOptions.add("--onlyPortraits");
    generate(dir, portraitOptions.toArray(String[]::new));
    for (String file : five) {
      assertThat(file, Files.readAllBytes(dir.resolve(file)), is(before.get(file)));
    }
    Path sample = Path.of("..", "sample-data", "fhir");
    List<String> files;
    try (var listed = Files.list(sample)) {
      files = listed.map(f -> f.getFileName().toString()).sorted().toList();
    }
    try (var listed = Files.list(dir)) {
      assertThat(listed.map(f -> f.getFileName().toString()).sorted().toList(), is(files));
    }
    for (String file : files) {
      assertThat(
          file,
          Files.readAllBytes(dir.resolve(file)),
          is(Files.readAllBytes(sample.resolve(file))));
    }
  }

  @Test
  void aSmallRunStillPlantsEveryKindOfBadRecord(@TempDir Path dir) {
    String report = generate(dir, "--seed=1");
    Set<BadRecordKind> planted = EnumSet.noneOf(BadRecordKind.class);
    for (BadRecordKind kind : BadRecordKind.values()) {
      if (report.contains("bad " + kind.name() + " ")) {
        planted.add(kind);
      }
    }
    assertThat(planted, is(EnumSet.allOf(BadRecordKind.class)));
  }

  @Test
  void noBadRecordsWhenTheShareIsZero(@TempDir Path dir) {
    assertThat(generate(dir, "--badRecordShare=0").contains("bad "), is(false));
  }

  @Test
  void answersEveryShippedQuestionnaire(@TempDir Path dir) throws Exception {
    generate(dir, "--patients=400", "--bundleShare=0", "--badRecordShare=0");
    String responses = Files.readString(dir.resolve("QuestionnaireResponse.ndjson"));
    Set<String> answered = new TreeSet<>();
    Matcher m = Pattern.compile("\"questionnaire\":\"([^\"]+)\"").matcher(responses);
    while (m.find()) {
      answered.add(m.group(1));
    }
    assertThat(answered, is(QuestionnaireCatalog.bundled().instrumentsByCanonical().keySet()));
  }

  /**
   * Every partnership episode carries a sphere, a level and a tier, spread over every code (ADR
   * 0021); no other episode carries any. The draw depends on the episode's id only.
   */
  @Test
  void everyPartnershipEngagementHasASphereLevelAndTier(@TempDir Path dir) throws Exception {
    generate(dir, "--patients=600", "--bundleShare=0", "--badRecordShare=0");
    ObjectMapper json = new ObjectMapper();
    Map<String, Set<String>> codes = new TreeMap<>();
    int partnership = 0;
    for (String line : Files.readAllLines(dir.resolve("EpisodeOfCare.ndjson"))) {
      JsonNode episode = json.readTree(line);
      boolean isPartnership =
          episode
              .path("type")
              .path(0)
              .path("coding")
              .path(0)
              .path("code")
              .asText()
              .equals("partnership");
      if (!isPartnership) {
        assertThat(line, episode.has("extension"), is(false));
        continue;
      }
      partnership++;
      assertThat(line, episode.path("extension").size(), is(3));
      for (JsonNode extension : episode.path("extension")) {
        String name = extension.path("url").asText().replaceAll(".*/", "");
        String system = extension.path("valueCoding").path("system").asText();
        assertThat(system, is(BalisesProfile.BASE + "/CodeSystem/" + name));
        codes
            .computeIfAbsent(name, k -> new TreeSet<>())
            .add(extension.path("valueCoding").path("code").asText());
      }
    }
    assertThat(partnership > 40, is(true));
    assertThat(codes.get("engagement-sphere"), is(new TreeSet<>(Engagement.SPHERES)));
    assertThat(codes.get("engagement-level"), is(new TreeSet<>(Engagement.LEVELS)));
    assertThat(codes.get("engagement-body"), is(new TreeSet<>(Engagement.BODIES)));

    ObjectNode first = json.createObjectNode();
    ObjectNode second = json.createObjectNode();
    SyntheticWorld.engagement(first, "eoc-000042-1");
    SyntheticWorld.engagement(second, "eoc-000042-1");
    assertThat(first, is(second));
  }

  @Test
  void gzipWritesCompressedNdjson(@TempDir Path dir) {
    generate(dir, "--gzip=true");
    assertThat(Files.exists(dir.resolve("QuestionnaireResponse.ndjson.gz")), is(true));
  }

  @Test
  void rejectsImpossibleOptions(@TempDir Path dir) {
    ExitCode code =
        Balises.execute(
            new String[] {"generate", "--output=" + dir, "--badRecordShare=0.9"},
            System.out,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code, is(ExitCode.USAGE));
  }
}
