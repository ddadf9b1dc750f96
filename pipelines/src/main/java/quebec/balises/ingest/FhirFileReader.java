package quebec.balises.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import quebec.balises.model.FileSummary;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/**
 * Splits one input file into FHIR resources, without loading the file whole.
 *
 * <ul>
 *   <li>{@code .ndjson}, {@code .ndjson.gz} (FHIR Bulk Data): one resource per line, read line by
 *       line, so that a bad line costs only itself. A line that is a Bundle yields its entries (a
 *       Bulk Data {@code deleted} file holds one transaction Bundle of {@code DELETE} entries per
 *       line).
 *   <li>{@code .json}, {@code .json.gz}: a Bundle (any type), streamed entry by entry in two
 *       passes: the first maps each {@code fullUrl} to {@code Type/id}, the second emits entries
 *       with their {@code urn:uuid:} references rewritten to it. An entry without an id takes the
 *       uuid of its {@code urn:uuid:} fullUrl as id (a transaction's "to be assigned" id). A JSON
 *       file that is not a Bundle is one resource.
 * </ul>
 *
 * A Bundle entry with {@code request.method = DELETE} and no resource is a deletion request ({@link
 * SourceRecord#deletion}); parsing reads the {@code Type/id} it names from {@code request.url}.
 *
 * <p>Every record read is either emitted or rejected, and counted in the returned {@link
 * FileSummary}.
 */
public final class FhirFileReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

  /** Opens the file's bytes as stored; called once per pass. */
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** Receives what the reader finds. */
  public interface Sink {
    void record(SourceRecord record);

    void rejected(Rejection rejection);
  }

  private FhirFileReader() {}

  public static FileSummary read(String file, Opener opener, Sink sink) {
    String name = file.toLowerCase(Locale.ROOT);
    boolean gzip = name.endsWith(".gz");
    String plain = gzip ? name.substring(0, name.length() - 3) : name;
    if (plain.endsWith(".ndjson")) {
      return new NdjsonPass(file, gzip, sink).run(opener);
    }
    if (plain.endsWith(".json")) {
      return new JsonDocument(file, gzip, sink).run(opener);
    }
    sink.rejected(
        new Rejection(
            SourceRef.wholeFile(file),
            null,
            null,
            RejectReason.UNSUPPORTED_FILE,
            "not an input file Balises reads (expected .ndjson, .ndjson.gz, .json or .json.gz)",
            ""));
    return new FileSummary(file, "", 0, 1, 0);
  }

  /** Counts and hashes the stored bytes while they are read. */
  private static final class HashingStream extends FilterInputStream {
    private final MessageDigest digest;
    private long bytes;

    HashingStream(InputStream in) {
      super(null);
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      this.in = new DigestInputStream(in, digest);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bytes++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        bytes += n;
      }
      return n;
    }

    /** Left open for {@link #finish}; the opener's stream is closed by its owner. */
    @Override
    public void close() {}

    /** Reads what is left, so that the hash covers the whole file even after an early stop. */
    String finish() throws IOException {
      byte[] buffer = new byte[1 << 16];
      while (read(buffer, 0, buffer.length) >= 0) {
        // drain
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  private static InputStream content(HashingStream raw, boolean gzip) throws IOException {
    return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  private static Rejection unreadable(String file, String raw, IOException e) {
    return new Rejection(
        SourceRef.wholeFile(file),
        null,
        null,
        RejectReason.UNREADABLE_FILE,
        "reading stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
        raw);
  }

  private static final class NdjsonPass {
    private final String file;
    private final boolean gzip;
    private final Sink sink;

    NdjsonPass(String file, boolean gzip, Sink sink) {
      this.file = file;
      this.gzip = gzip;
      this.sink = sink;
    }

    FileSummary run(Opener opener) {
      long records = 0;
      long blank = 0;
      long lineNumber = 0;
      String sha256 = "";
      long bytes = 0;
      try (InputStream stored = opener.open()) {
        HashingStream raw = new HashingStream(stored);
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(content(raw, gzip), StandardCharsets.UTF_8), 1 << 16)) {
          String line;
          while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
              blank++;
              continue;
            }
            int entries = line.contains("\"Bundle\"") ? emitBundleLine(line, lineNumber) : 0;
            if (entries > 0) {
              records += entries;
              continue;
            }
            records++;
            sink.record(new SourceRecord(SourceRef.line(file, lineNumber), line));
          }
        } catch (IOException e) {
          records++;
          sink.rejected(unreadable(file, "after line " + lineNumber, e));
        }
        sha256 = raw.finish();
        bytes = raw.bytes;
      } catch (IOException e) {
        records++;
        sink.rejected(unreadable(file, "", e));
      }
      return new FileSummary(file, sha256, bytes, records, blank);
    }

    /**
     * A line that is a Bundle with entries (a Bulk Data {@code deleted} file has one transaction
     * Bundle of {@code DELETE} entries per line) yields its entries, each a record of its own;
     * returns how many, or 0 when the line is to be read as one resource (not JSON, not a Bundle,
     * no entries), which parsing then judges.
     */
    private int emitBundleLine(String line, long lineNumber) throws IOException {
      JsonNode bundle;
      try {
        bundle = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        return 0;
      }
      JsonNode entries = bundle.path("entry");
      if (!"Bundle".equals(bundle.path("resourceType").asText())
          || !entries.isArray()
          || entries.isEmpty()) {
        return 0;
      }
      Map<String, String> references = new HashMap<>();
      entries.forEach(entry -> addReference(entry, references));
      int index = 0;
      for (JsonNode entry : entries) {
        emitEntry(entry, SourceRef.lineEntry(file, lineNumber, index++), references, sink);
      }
      return index;
    }
  }

  private static final class JsonDocument {
    private final String file;
    private final boolean gzip;
    private final Sink sink;

    JsonDocument(String file, boolean gzip, Sink sink) {
      this.file = file;
      this.gzip = gzip;
      this.sink = sink;
    }

    FileSummary run(Opener opener) {
      Outline outline;
      String sha256;
      long bytes;
      try (InputStream stored = opener.open()) {
        HashingStream raw = new HashingStream(stored);
        try {
          outline = outline(content(raw, gzip));
        } catch (JsonProcessingException e) {
          outline = null;
          sink.rejected(
              new Rejection(
                  SourceRef.wholeFile(file),
                  null,
                  null,
                  RejectReason.MALFORMED_JSON,
                  "malformed JSON document: " + e.getOriginalMessage(),
                  "(whole file; see the file itself)"));
        }
        sha256 = raw.finish();
        bytes = raw.bytes;
      } catch (IOException e) {
        sink.rejected(unreadable(file, "", e));
        return new FileSummary(file, "", 0, 1, 0);
      }
      if (outline == null) {
        return new FileSummary(file, sha256, bytes, 1, 0);
      }
      try (InputStream stored = opener.open();
          InputStream in = content(new HashingStream(stored), gzip)) {
        long records = outline.isBundle ? emitEntries(in, outline.references) : emitSingle(in);
        return new FileSummary(file, sha256, bytes, records, 0);
      } catch (IOException e) {
        // The first pass read the file whole, so a failure here is the storage changing under us.
        sink.rejected(unreadable(file, "second pass", e));
        return new FileSummary(file, sha256, bytes, outline.entries + 1, 0);
      }
    }

    /** First pass: is it a Bundle, how many entries, and what each fullUrl names. */
    private record Outline(boolean isBundle, int entries, Map<String, String> references) {}

    private Outline outline(InputStream in) throws IOException {
      Map<String, String> references = new HashMap<>();
      String resourceType = null;
      int entries = 0;
      try (JsonParser parser = JSON.createParser(in)) {
        expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("resourceType".equals(field) && value == JsonToken.VALUE_STRING) {
            resourceType = parser.getText();
          } else if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              entries++;
              addReference(MAPPER.readTree(parser), references);
            }
          } else {
            parser.skipChildren();
          }
        }
        // Reject trailing garbage after the document.
        if (parser.nextToken() != null) {
          throw new com.fasterxml.jackson.core.JsonParseException(
              parser, "unexpected content after the end of the JSON document");
        }
      }
      return new Outline("Bundle".equals(resourceType), entries, references);
    }

    private long emitSingle(InputStream in) throws IOException {
      JsonNode resource = MAPPER.readTree(in);
      sink.record(new SourceRecord(SourceRef.wholeFile(file), MAPPER.writeValueAsString(resource)));
      return 1;
    }

    private long emitEntries(InputStream in, Map<String, String> references) throws IOException {
      long records = 0;
      try (JsonParser parser = JSON.createParser(in)) {
        parser.nextToken();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (!"entry".equals(field) || value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            continue;
          }
          int index = 0;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode entry = MAPPER.readTree(parser);
            records++;
            emitEntry(entry, SourceRef.entry(file, index++), references, sink);
          }
        }
      }
      return records;
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser)
        throws IOException {
      if (actual != expected) {
        throw new com.fasterxml.jackson.core.JsonParseException(
            parser, "expected a JSON object, found " + actual);
      }
    }
  }

  private static void emitEntry(
      JsonNode entry, SourceRef source, Map<String, String> references, Sink sink)
      throws IOException {
    JsonNode resource = entry.get("resource");
    String method = entry.path("request").path("method").asText("");
    if (!(resource instanceof ObjectNode) && "DELETE".equalsIgnoreCase(method)) {
      sink.record(SourceRecord.deletion(source, MAPPER.writeValueAsString(entry)));
      return;
    }
    if (!(resource instanceof ObjectNode object)) {
      sink.rejected(
          new Rejection(
              source,
              null,
              null,
              RejectReason.BUNDLE_ENTRY_WITHOUT_RESOURCE,
              "bundle entry has no resource"
                  + (method.isEmpty() ? "" : " (request " + method + ")"),
              MAPPER.writeValueAsString(entry)));
      return;
    }
    String id = idOf(entry);
    if (id != null && !object.has("id")) {
      object.put("id", id);
    }
    rewriteReferences(object, references);
    sink.record(new SourceRecord(source, MAPPER.writeValueAsString(object)));
  }

  /** The resource's id, or the uuid of a {@code urn:uuid:} fullUrl when it has none. */
  private static String idOf(JsonNode entry) {
    String id = entry.path("resource").path("id").asText(null);
    if (id != null) {
      return id;
    }
    String fullUrl = entry.path("fullUrl").asText("");
    return fullUrl.startsWith("urn:uuid:") ? fullUrl.substring("urn:uuid:".length()) : null;
  }

  /** Maps the entry's {@code fullUrl} to the {@code Type/id} its resource will have. */
  private static void addReference(JsonNode entry, Map<String, String> references) {
    String fullUrl = entry.path("fullUrl").asText(null);
    String type = entry.path("resource").path("resourceType").asText(null);
    String id = idOf(entry);
    if (fullUrl != null && type != null && id != null) {
      references.put(fullUrl, type + "/" + id);
    }
  }

  private static void rewriteReferences(JsonNode node, Map<String, String> references) {
    if (node instanceof ObjectNode object) {
      JsonNode reference = object.get("reference");
      if (reference != null && reference.isTextual()) {
        String target = references.get(reference.asText());
        if (target != null) {
          object.set("reference", TextNode.valueOf(target));
        }
      }
      for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
        rewriteReferences(children.next(), references);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        rewriteReferences(child, references);
      }
    }
  }
}
