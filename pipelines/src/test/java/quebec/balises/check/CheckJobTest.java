package quebec.balises.check;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import quebec.balises.Balises;
import quebec.balises.ExportFixtures;
import quebec.balises.run.ExitCode;

/** The pre-flight's output on the outside-shaped fixtures. */
class CheckJobTest {
  private record Run(ExitCode code, String out) {}

  private static Run check(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "check";
    System.arraycopy(args, 0, all, 1, args.length);
    ExitCode code =
        Balises.execute(
            all,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsTheLoincExportWithTheShippedMappingsAlone() {
    Run run = check("--input=" + ExportFixtures.file("loinc-promis10.json"), "--asOf=2026-01-01");
    assertThat(run.out(), run.code(), is(ExitCode.OK));
    assertThat(run.out(), containsString("5 record(s): 5 accepted, 0 would be rejected"));
  }

  @Test
  void listsEveryProblemOfABadExportPerFileAndKindAndExitsNonZero() {
    Run run =
        check(
            "--input="
                + ExportFixtures.folder()
                + "/*.json,"
                + ExportFixtures.folder()
                + "/*.ndjson",
            "--mappings=" + ExportFixtures.vendorMappings(),
            "--asOf=2026-01-01");
    System.out.println(run.out());
    assertThat(run.out(), run.code(), is(ExitCode.INPUT));
    String out = run.out();
    assertThat(out, containsString("problems.ndjson: 8 record(s), CODE_SYSTEM_MISMATCH 1"));
    assertThat(out, containsString("UNSUPPORTED_RESOURCE_TYPE 3"));
    assertThat(out, containsString("vendor-eq5d.ndjson: 1 record(s), accepted 1"));
    assertThat(
        out, containsString("no-episode.json: 9 record(s), AMBIGUOUS_EPISODE 1, accepted 8"));
    assertThat(out, containsString("AMBIGUOUS_EPISODE: 1 record(s)"));
    assertThat(out, containsString("what to change: name the episode"));
    assertThat(
        out,
        containsString("QuestionnaireResponse/eq-many-problems: 5 problems: 1) MISSING_REFERENCE"));
  }

  @Test
  void withoutTheVendorMappingTheVendorFormIsUnknown() {
    Run run = check("--input=" + ExportFixtures.file("vendor-eq5d.ndjson"), "--asOf=2026-01-01");
    assertThat(run.code(), is(ExitCode.INPUT));
    assertThat(run.out(), containsString("UNVERSIONED_QUESTIONNAIRE 1"));
    assertThat(run.out(), containsString("write a mapping"));
  }

  /** A portrait is judged by its own checks: the good one accepted, the broken one named. */
  @Test
  void checksEstablishmentPortraits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("portraits.ndjson");
    java.nio.file.Files.writeString(
        file,
        quebec.balises.ingest.PortraitParsingTest.portrait(
                "pr-1",
                "Organization/o1",
                quebec.balises.ingest.PortraitParsingTest.CANONICAL,
                "\"valueInteger\":12")
            + "\n"
            + quebec.balises.ingest.PortraitParsingTest.portrait(
                "pr-2",
                "Organization/o1",
                quebec.balises.ingest.PortraitParsingTest.CANONICAL,
                "\"valueInteger\":8"));
    Run run = check("--input=" + file, "--asOf=2026-06-01");
    assertThat(run.out(), containsString("2 record(s): 1 accepted, 1 would be rejected"));
    assertThat(run.out(), containsString("INVALID_VALUE 1"));
  }
}
