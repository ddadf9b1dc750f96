package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedRunsTest {
  @TempDir Path output;

  private void file(String path, String content) throws Exception {
    Path file = output.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** An earlier in-place layout: real folders, holding only what Balises writes. */
  private void earlierLayout() throws Exception {
    file("manifest.json", "{\"runId\": \"x\", \"balisesVersion\": \"dev\"}");
    file("public/datapackage.json", "{}");
    file("public/dictionary/codes.csv", "");
    file("public/CHANGELOG.md", "# Journal");
    file("public/changes.csv", "");
    file("public/indicators/trajectory=hip/indicator_id=i/part-00000-of-00001.parquet", "");
    file("public/fhir/MeasureReport/part-00000-of-00001.ndjson", "");
    file("restricted/responses/part-00000-of-00002.parquet", "");
  }

  @Test
  void whatBalisesWroteMayBeReplaced() throws Exception {
    earlierLayout();
    PublishedRuns.refuseForeignFiles(output);
    try (PublishedRuns runs = PublishedRuns.begin(output, 1, Instant.EPOCH)) {
      assertThat(Files.isDirectory(runs.folder()), is(true));
    }
  }

  @Test
  void aChangelogElsewhereInPublicIsTheUsers() throws Exception {
    earlierLayout();
    file("public/dictionary/CHANGELOG.md", "mine");
    JobFailure e = assertThrows(JobFailure.class, () -> PublishedRuns.refuseForeignFiles(output));
    assertThat(e.getMessage(), containsString("public/dictionary/CHANGELOG.md"));
  }

  @Test
  void anyOtherFileStopsTheRunNamingIt() throws Exception {
    earlierLayout();
    file("restricted/responses/notes.txt", "mine");
    file("public/indicators/zz.parquet", "mine too");

    JobFailure failure =
        assertThrows(JobFailure.class, () -> PublishedRuns.begin(output, 3, Instant.EPOCH));
    assertThat(failure.exitCode(), is(ExitCode.OUTPUT));
    assertThat(
        failure.getMessage(),
        containsString(output.resolve("public/indicators/zz.parquet").toString()));
    assertThat(failure.getMessage(), containsString("Nothing was changed"));
    assertThat(Files.exists(output.resolve(".runs")), is(false));
  }

  @Test
  void aManifestThatBalisesDidNotWriteIsTheUsers() throws Exception {
    file("manifest.json", "{\"name\": \"my project\"}");
    JobFailure failure =
        assertThrows(JobFailure.class, () -> PublishedRuns.begin(output, 3, Instant.EPOCH));
    assertThat(failure.getMessage(), containsString(output.resolve("manifest.json").toString()));
  }

  @Test
  void aFileOfTheUsersInsideThePublishedRunIsFoundThroughTheLinks() throws Exception {
    Path run = Files.createDirectories(output.resolve(".runs/20260101T000000Z-abcdef/public"));
    Files.createSymbolicLink(output.resolve("current"), Path.of(".runs/20260101T000000Z-abcdef"));
    Files.createSymbolicLink(output.resolve("public"), Path.of("current/public"));
    Files.writeString(run.resolve("datapackage.json"), "{}");
    PublishedRuns.refuseForeignFiles(output);

    Files.writeString(run.resolve("notes.txt"), "mine");
    JobFailure failure =
        assertThrows(JobFailure.class, () -> PublishedRuns.refuseForeignFiles(output));
    assertThat(failure.getMessage(), containsString(output.resolve("public/notes.txt").toString()));
  }

  @Test
  void keepingNoRunIsRefused() {
    JobFailure failure =
        assertThrows(JobFailure.class, () -> PublishedRuns.begin(output, 0, Instant.EPOCH));
    assertThat(failure.exitCode(), is(ExitCode.USAGE));
    assertThat(failure.getMessage(), containsString("--keepRuns=0"));
  }
}
