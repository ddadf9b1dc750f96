package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly job started by cron, systemd or a container often has no locale ({@code LANG} unset,
 * {@code LC_ALL=C}): the JVM then decodes file names as ASCII, and a file named {@code
 * Établissements.ndjson.gz} could neither be matched nor opened. The run must still read it, as it
 * does under a UTF-8 locale: here the job runs in its own JVM with the locale unset, and the
 * accented file's establishments must be read and accepted.
 */
class AccentedFileNamesTest {
  @TempDir Path work;

  @Test
  void aFileWithAnAccentedNameIsReadWithTheLocaleUnset() throws Exception {
    Path input = work.resolve("export");
    Jobs.execute("generate", "--patients=20", "--seed=5", "--output=" + input);
    Path organizations;
    try (Stream<Path> files = Files.list(input)) {
      organizations =
          files
              .filter(f -> f.getFileName().toString().startsWith("Organization."))
              .findFirst()
              .orElseThrow();
    }
    String accented =
        "Établissements"
            + organizations.getFileName().toString().substring("Organization".length());
    Files.move(organizations, input.resolve(accented));
    Path key = Files.writeString(work.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    Path output = work.resolve("out");

    ProcessBuilder builder =
        Jobs.separateJvm(
            "run",
            "--input=" + input + "/*",
            "--output=" + output,
            "--pseudonymKeyFile=" + key,
            "--asOf=2026-11-01",
            "--progressIntervalSeconds=0");
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
    environment.put("LC_ALL", "C");
    Path out = work.resolve("stdout");
    Path err = work.resolve("stderr");
    Process run = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!run.waitFor(10, TimeUnit.MINUTES)) {
      run.destroyForcibly().waitFor();
    }
    String printed =
        Files.readString(out, StandardCharsets.UTF_8)
            + Files.readString(err, StandardCharsets.UTF_8);
    assertThat(printed, run.exitValue(), is(0));

    JsonNode manifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    JsonNode listed = null;
    for (JsonNode entry : manifest.path("inputListing")) {
      if (entry.path("path").asText().endsWith("/" + accented)) {
        listed = entry;
      }
    }
    assertThat("the accented file is listed: " + manifest.path("inputListing"), listed != null);
    assertThat(listed.path("outcome").asText(), is("read"));
    JsonNode counted = null;
    for (JsonNode file : manifest.path("inputs")) {
      if (file.path("file").asText().endsWith("/" + accented)) {
        counted = file;
      }
    }
    assertThat("the accented file is counted: " + manifest.path("inputs"), counted != null);
    assertThat(counted.path("accepted").asLong(), greaterThan(0L));
  }
}
