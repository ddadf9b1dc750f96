package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputListingTest {
  /** Entry name (relative to the folder) → what became of it. */
  private static Map<String, InputListing.Kind> listed(Path dir, String glob) throws Exception {
    Map<String, InputListing.Kind> kinds = new TreeMap<>();
    for (InputListing.Entry entry : InputListing.list(dir + "/" + glob)) {
      kinds.put(dir.toRealPath().relativize(Path.of(entry.path())).toString(), entry.kind());
    }
    return kinds;
  }

  @Test
  void everyMatchedEntryIsListedWithWhatBecomesOfIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.ndjson"), "{}\n");
    Files.writeString(dir.resolve("[x].ndjson"), "{}\n");
    Files.writeString(dir.resolve("notes.txt"), "not matched");
    Files.createDirectory(dir.resolve("dir.ndjson"));
    Files.createSymbolicLink(dir.resolve("gone.ndjson"), dir.resolve("nowhere"));
    Files.createSymbolicLink(dir.resolve("x.ndjson"), dir.resolve("y.ndjson"));
    Files.createSymbolicLink(dir.resolve("y.ndjson"), dir.resolve("x.ndjson"));
    Files.createSymbolicLink(dir.resolve("link.ndjson"), dir.resolve("a.ndjson"));
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.ndjson").toString()).start();
    assertThat(mkfifo.waitFor(), is(0));

    assertThat(
        listed(dir.toRealPath(), "*.ndjson"),
        is(
            new TreeMap<>(
                Map.of(
                    "a.ndjson", InputListing.Kind.FILE,
                    "[x].ndjson", InputListing.Kind.FILE,
                    "link.ndjson", InputListing.Kind.FILE,
                    "dir.ndjson", InputListing.Kind.DIRECTORY,
                    "gone.ndjson", InputListing.Kind.BROKEN_LINK,
                    "x.ndjson", InputListing.Kind.BROKEN_LINK,
                    "y.ndjson", InputListing.Kind.BROKEN_LINK,
                    "pipe.ndjson", InputListing.Kind.NOT_REGULAR))));
  }

  @Test
  void symbolicLinkLoopsAreReportedNotWalked(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("export/sub"));
    Files.writeString(sub.resolve("p.ndjson"), "{}\n");
    Files.createSymbolicLink(sub.resolve("up"), dir.resolve("export"));
    Files.createSymbolicLink(dir.resolve("export/again"), sub);

    Map<String, InputListing.Kind> kinds =
        Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> listed(dir.toRealPath(), "export/**.ndjson"));

    assertThat(kinds.get("export/sub/p.ndjson"), is(InputListing.Kind.FILE));
    assertThat(kinds.get("export/sub/up"), is(InputListing.Kind.LINK_LOOP));
    // Through the link "again", the same file is reached once more under another name.
    assertThat(kinds.get("export/again/p.ndjson"), is(InputListing.Kind.FILE));
    assertThat(kinds.get("export/again/up"), is(InputListing.Kind.LINK_LOOP));
  }

  @Test
  void aPathWithoutWildcardIsItselfAndOutputWildcardsAreFound(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("one.ndjson"), "{}\n");
    List<InputListing.Entry> entries = InputListing.list(dir.toRealPath() + "/one.ndjson");
    assertThat(entries.size(), is(1));
    assertThat(entries.get(0).read(), is(true));
    assertThat(InputListing.list(dir + "/absent.ndjson").isEmpty(), is(true));
    assertThat(InputListing.hasGlob("/data/out[1]"), is(true));
    assertThat(InputListing.hasGlob("/data/sortie-été"), is(false));
  }
}
