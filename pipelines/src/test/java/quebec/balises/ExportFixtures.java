package quebec.balises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outside-shaped exports in {@code src/test/resources/exports/}: a LOINC forms tool's
 * PROMIS-10, a vendor form with its mapping, encounter-linked and episode-less responses, absolute
 * and contained references, and a file of problems (wrong code system, numbers and strings as
 * answers, Observations and a Condition).
 */
public final class ExportFixtures {
  private ExportFixtures() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Path folder() {
    try {
      return Path.of(ExportFixtures.class.getResource("/exports").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path file(String name) {
    return folder().resolve(name);
  }

  /** The folder of the vendor's mapping, as a data team would give it with --mappings. */
  public static Path vendorMappings() {
    return folder().resolve("vendor-mappings");
  }

  /** Each resource of a fixture: the entries of a Bundle file, or the lines of an NDJSON file. */
  public static List<String> resources(String name) {
    try {
      String text = Files.readString(file(name), StandardCharsets.UTF_8);
      List<String> resources = new ArrayList<>();
      if (name.endsWith(".ndjson")) {
        text.lines().filter(l -> !l.isBlank()).forEach(resources::add);
        return resources;
      }
      JsonNode root = JSON.readTree(text);
      for (JsonNode entry : root.path("entry")) {
        resources.add(JSON.writeValueAsString(entry.path("resource")));
      }
      return resources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one resource of a fixture with this id. */
  public static String resource(String name, String id) {
    for (String json : resources(name)) {
      try {
        if (id.equals(JSON.readTree(json).path("id").asText())) {
          return json;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalArgumentException("no resource " + id + " in " + name);
  }
}
