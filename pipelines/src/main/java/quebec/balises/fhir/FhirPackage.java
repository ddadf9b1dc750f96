package quebec.balises.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The FHIR conformance resources of {@code fhir-profiles/} as a FHIR NPM package ({@code
 * package.tgz}): {@code package/package.json} (the manifest in {@code fhir-profiles/package.json}),
 * {@code package/.index.json}, and every StructureDefinition, CodeSystem, ValueSet, Questionnaire
 * and Measure as {@code package/<Type>-<id>.json}, unchanged. That is the form the HL7 validator
 * ({@code -ig package.tgz}), HAPI ({@code NpmPackage}) and FHIR servers load. The archive is the
 * same bytes for the same files: entries sorted, no times, no owners.
 */
public final class FhirPackage {
  private FhirPackage() {}

  /** The package manifest. */
  public static final String MANIFEST = "fhir-profiles/package.json";

  /** The folders whose resources the package holds. */
  public static final List<String> FOLDERS =
      List.of(
          "fhir-profiles/structuredefinitions",
          "fhir-profiles/codesystems",
          "fhir-profiles/valuesets",
          "fhir-profiles/questionnaires",
          "fhir-profiles/measures",
          "fhir-profiles/targets",
          "fhir-profiles/action-plans");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The package's files, by path inside the archive, manifest and index included. */
  public static SortedMap<String, String> files() {
    SortedMap<String, String> files = new TreeMap<>();
    ObjectNode index = JSON.createObjectNode();
    index.put("index-version", 1);
    ArrayNode entries = index.putArray("files");
    SortedMap<String, JsonNode> resources = new TreeMap<>();
    for (String folder : FOLDERS) {
      for (Map.Entry<String, String> file : ClasspathFolder.read(folder, ".json").entrySet()) {
        JsonNode resource = read(file.getValue());
        String name =
            resource.path("resourceType").asText() + "-" + resource.path("id").asText() + ".json";
        if (files.put("package/" + name, file.getValue()) != null) {
          throw new IllegalStateException("two resources would be package/" + name);
        }
        resources.put(name, resource);
      }
    }
    for (Map.Entry<String, JsonNode> resource : resources.entrySet()) {
      ObjectNode entry = entries.addObject();
      entry.put("filename", resource.getKey());
      JsonNode r = resource.getValue();
      for (String field : List.of("resourceType", "id", "url", "version", "kind", "type")) {
        if (r.path(field).isTextual()) {
          entry.put(field, r.path(field).asText());
        }
      }
    }
    files.put("package/package.json", ClasspathFolder.readFile(MANIFEST));
    try {
      files.put("package/.index.json", JSON.writeValueAsString(index) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The package as a gzip-compressed tar archive. */
  public static byte[] tgz() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files().entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        gzip.write(tarHeader(file.getKey(), content.length));
        gzip.write(content);
        gzip.write(new byte[(512 - content.length % 512) % 512]);
      }
      gzip.write(new byte[1024]); // two empty blocks end the archive
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A POSIX ustar header for a regular file, mode 0644, owner 0, time 0. */
  static byte[] tarHeader(String name, long size) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("tar name longer than 100 bytes: " + name);
    }
    byte[] header = new byte[512];
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, 0644);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, size);
    octal(header, 136, 12, 0);
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    header[156] = '0';
    byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, header, 257, magic.length);
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    header[155] = ' ';
    return header;
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String text = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - text.length()) + text;
    byte[] digits = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, header, offset, digits.length);
    header[offset + length - 1] = 0;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
