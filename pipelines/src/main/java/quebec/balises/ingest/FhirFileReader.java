package quebec.balises.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
  /** Default of {@code --maxRecordBytes}: far above any real resource, far below a sort buffer. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 8 << 20;

  // A Bundle document is read strictly too: a key given twice would be silently overwritten.
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
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
    return read(file, opener, sink, DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * @param maxRecordBytes the largest line or Bundle entry read, in bytes; a larger one is a dead
   *     letter {@link RejectReason#RECORD_TOO_LARGE}, skipped without being held in memory
   */
  public static FileSummary read(String file, Opener opener, Sink sink, int maxRecordBytes) {
    String name = file.toLowerCase(Locale.ROOT);
    boolean gzip = name.endsWith(".gz");
    String plain = gzip ? name.substring(0, name.length() - 3) : name;
    if (plain.endsWith(".ndjson")) {
      return new NdjsonPass(file, gzip, sink, maxRecordBytes).run(opener);
    }
    if (plain.endsWith(".json")) {
      return new JsonDocument(file, gzip, sink, maxRecordBytes).run(opener);
    }
    sink.rejected(
        new Rejection(
            SourceRef.wholeFile(file),
            null,
            null,
            RejectReason.UNSUPPORTED_FILE,
            "not an input file Balises reads (expected .ndjson, .ndjson.gz, .json or .json.gz)",
            ""));
    // Not read as FHIR, but hashed: the manifest identifies every input file by size and SHA-256.
    try (InputStream stored = opener.open()) {
      HashingStream raw = new HashingStream(stored);
      raw.transferTo(OutputStream.nullOutputStream());
      return new FileSummary(file, raw.finish(), raw.bytes, 1, 0);
    } catch (IOException e) {
      return new FileSummary(file, "", 0, 1, 0);
    }
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
    if (!gzip) {
      return raw;
    }
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (EOFException e) {
      // GZIPInputStream says only "EOFException: null" for a file too short to hold a header.
      throw new IOException(
          raw.bytes == 0
              ? "the file is empty (0 bytes): a .gz file holds at least a gzip header"
              : "the file ends after "
                  + raw.bytes
                  + " byte(s), inside its gzip header: it is not a whole gzip file",
          e);
    }
  }

  private static Rejection unreadable(String file, String raw, IOException e) {
    return new Rejection(
        SourceRef.wholeFile(file),
        null,
        null,
        RejectReason.UNREADABLE_FILE,
        "reading stopped: "
            + (e.getCause() instanceof EOFException
                ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage()),
        raw);
  }

  private static Rejection tooLarge(SourceRef source, String what, long bytes, int max) {
    return new Rejection(
        source,
        null,
        null,
        RejectReason.RECORD_TOO_LARGE,
        what
            + " of "
            + bytes
            + " bytes is larger than --maxRecordBytes="
            + max
            + "; it was skipped unread",
        "");
  }

  private static Rejection invalidBundle(SourceRef source, String message, String raw) {
    return new Rejection(source, "Bundle", null, RejectReason.INVALID_BUNDLE, message, raw);
  }

  private static final class NdjsonPass {
    private final String file;
    private final boolean gzip;
    private final Sink sink;
    private final int maxRecordBytes;

    NdjsonPass(String file, boolean gzip, Sink sink, int maxRecordBytes) {
      this.file = file;
      this.gzip = gzip;
      this.sink = sink;
      this.maxRecordBytes = maxRecordBytes;
    }

    FileSummary run(Opener opener) {
      long records = 0;
      long blank = 0;
      long lineNumber = 0;
      String sha256 = "";
      long bytes = 0;
      try (InputStream stored = opener.open()) {
        HashingStream raw = new HashingStream(stored);
        try (InputStream content = content(raw, gzip)) {
          BoundedLines lines = new BoundedLines(content, maxRecordBytes);
          BoundedLines.Line next;
          while ((next = lines.next()) != null) {
            lineNumber++;
            SourceRef where = SourceRef.line(file, lineNumber);
            if (next instanceof BoundedLines.TooLong tooLong) {
              records++;
              sink.rejected(tooLarge(where, "line", tooLong.bytes(), maxRecordBytes));
              continue;
            }
            if (next instanceof BoundedLines.NotUtf8 bad) {
              records++;
              sink.rejected(
                  new Rejection(
                      where,
                      null,
                      null,
                      RejectReason.INVALID_ENCODING,
                      "the line is not UTF-8: byte(s) "
                          + bad.badBytes()
                          + " at byte "
                          + bad.offset()
                          + " of the line (export the file in UTF-8; raw_record shows each such"
                          + " byte as U+FFFD)",
                      bad.shown()));
              continue;
            }
            String line = ((BoundedLines.Text) next).text();
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
            sink.record(new SourceRecord(where, line));
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
     * A line that is a Bundle (a Bulk Data {@code deleted} file has one transaction Bundle of
     * {@code DELETE} entries per line) yields its entries, each a record of its own; returns how
     * many records it gave (a Bundle without entries is one dead letter), or 0 when the line is to
     * be read as one resource (not JSON, not a Bundle), which parsing then judges.
     */
    private int emitBundleLine(String line, long lineNumber) throws IOException {
      JsonNode bundle;
      try {
        bundle = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        return 0;
      }
      if (bundle == null || !"Bundle".equals(bundle.path("resourceType").asText())) {
        return 0;
      }
      JsonNode entries = bundle.path("entry");
      String problem = bundleProblem(entries.isMissingNode() ? null : entries);
      if (problem != null) {
        sink.rejected(invalidBundle(SourceRef.line(file, lineNumber), problem, line));
        return 1;
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

  /** Why a Bundle's {@code entry} yields no record, or null when it is a non-empty array. */
  private static String bundleProblem(JsonNode entries) {
    if (entries == null) {
      return "the Bundle has no entry";
    }
    if (!entries.isArray()) {
      return "the Bundle's entry is " + kind(entries.asToken()) + ", not an array of entries";
    }
    return entries.isEmpty() ? "the Bundle's entry is an empty array" : null;
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_NULL -> "null";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> token.name();
    };
  }

  private static final class JsonDocument {
    private final String file;
    private final boolean gzip;
    private final Sink sink;
    private final int maxRecordBytes;

    JsonDocument(String file, boolean gzip, Sink sink, int maxRecordBytes) {
      this.file = file;
      this.gzip = gzip;
      this.sink = sink;
      this.maxRecordBytes = maxRecordBytes;
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
      if (!outline.isBundle && outline.documentBytes > maxRecordBytes) {
        sink.rejected(
            tooLarge(
                SourceRef.wholeFile(file), "the resource", outline.documentBytes, maxRecordBytes));
        return new FileSummary(file, sha256, bytes, 1, 0);
      }
      if (outline.isBundle && outline.entryProblem != null) {
        sink.rejected(
            invalidBundle(
                SourceRef.wholeFile(file),
                outline.entryProblem,
                "(whole file; see the file itself)"));
        return new FileSummary(file, sha256, bytes, 1, 0);
      }
      try (InputStream stored = opener.open();
          InputStream in = content(new HashingStream(stored), gzip)) {
        long records = outline.isBundle ? emitEntries(in, outline) : emitSingle(in);
        return new FileSummary(file, sha256, bytes, records, 0);
      } catch (IOException e) {
        // The first pass read the file whole, so a failure here is the storage changing under us.
        sink.rejected(unreadable(file, "second pass", e));
        return new FileSummary(file, sha256, bytes, outline.entries + 1, 0);
      }
    }

    /**
     * First pass: is it a Bundle, how many entries, what each fullUrl names, and the size of each
     * entry (and of the whole document), measured while streaming past it, never held.
     *
     * @param entryProblem why the Bundle's {@code entry} yields no record; null when it does
     */
    private record Outline(
        boolean isBundle,
        int entries,
        Map<String, String> references,
        Map<Integer, Long> oversized,
        String entryProblem,
        long documentBytes) {}

    private Outline outline(InputStream in) throws IOException {
      Map<String, String> references = new HashMap<>();
      Map<Integer, Long> oversized = new HashMap<>();
      String resourceType = null;
      String entryProblem = "the Bundle has no entry";
      int entries = 0;
      long documentBytes;
      try (JsonParser parser = JSON.createParser(in)) {
        expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("resourceType".equals(field) && value == JsonToken.VALUE_STRING) {
            resourceType = parser.getText();
          } else if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
              if (token == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(
                    parser, "the document ends inside its entry array");
              }
              if (token == JsonToken.START_OBJECT) {
                long start = parser.currentTokenLocation().getByteOffset();
                String[] named = entryOutline(parser);
                long size = parser.currentLocation().getByteOffset() - start;
                if (size > maxRecordBytes) {
                  oversized.put(entries, size);
                } else {
                  addReference(named[0], named[1], named[2], references);
                }
              } else {
                parser.skipChildren();
              }
              entries++;
            }
            entryProblem = entries == 0 ? "the Bundle's entry is an empty array" : null;
          } else {
            if ("entry".equals(field)) {
              entryProblem = "the Bundle's entry is " + kind(value) + ", not an array of entries";
            }
            parser.skipChildren();
          }
        }
        documentBytes = parser.currentLocation().getByteOffset();
        // Reject trailing garbage after the document.
        if (parser.nextToken() != null) {
          throw new com.fasterxml.jackson.core.JsonParseException(
              parser, "unexpected content after the end of the JSON document");
        }
      }
      return new Outline(
          "Bundle".equals(resourceType),
          entries,
          references,
          oversized,
          entryProblem,
          documentBytes);
    }

    /**
     * Streams past one entry object, from its START_OBJECT to its END_OBJECT, keeping only its
     * fullUrl and its resource's type and id ({@code [fullUrl, type, id]}, each possibly null).
     */
    private static String[] entryOutline(JsonParser parser) throws IOException {
      String[] named = new String[3];
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("fullUrl".equals(field) && value == JsonToken.VALUE_STRING) {
          named[0] = parser.getText();
        } else if ("resource".equals(field) && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String inner = parser.currentName();
            JsonToken innerValue = parser.nextToken();
            if ("resourceType".equals(inner) && innerValue == JsonToken.VALUE_STRING) {
              named[1] = parser.getText();
            } else if ("id".equals(inner) && innerValue == JsonToken.VALUE_STRING) {
              named[2] = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      return named;
    }

    private long emitSingle(InputStream in) throws IOException {
      JsonNode resource = MAPPER.readTree(in);
      sink.record(new SourceRecord(SourceRef.wholeFile(file), MAPPER.writeValueAsString(resource)));
      return 1;
    }

    private long emitEntries(InputStream in, Outline outline) throws IOException {
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
          JsonToken token;
          while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            SourceRef where = SourceRef.entry(file, index);
            records++;
            Long size = outline.oversized.get(index);
            if (size != null) {
              parser.skipChildren();
              sink.rejected(tooLarge(where, "the entry", size, maxRecordBytes));
            } else if (token != JsonToken.START_OBJECT) {
              // A malformed entry costs that entry only; the Bundle's other entries are read.
              String raw = token.isScalarValue() ? parser.getText() : "";
              parser.skipChildren();
              sink.rejected(
                  invalidBundle(
                      where, "entry[" + index + "] is " + kind(token) + ", not an object", raw));
            } else {
              emitEntry(MAPPER.readTree(parser), where, outline.references, sink);
            }
            index++;
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
    if (!entry.isObject()) {
      sink.rejected(
          invalidBundle(
              source,
              "entry is " + kind(entry.asToken()) + ", not an object",
              MAPPER.writeValueAsString(entry)));
      return;
    }
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
    if (!entry.isObject()) {
      return;
    }
    String fullUrl = entry.path("fullUrl").asText(null);
    String type = entry.path("resource").path("resourceType").asText(null);
    addReference(fullUrl, type, entry.path("resource").path("id").asText(null), references);
  }

  /** The same, from what the streaming pass kept of an entry. */
  private static void addReference(
      String fullUrl, String type, String resourceId, Map<String, String> references) {
    String id =
        resourceId != null
            ? resourceId
            : fullUrl != null && fullUrl.startsWith("urn:uuid:")
                ? fullUrl.substring("urn:uuid:".length())
                : null;
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
