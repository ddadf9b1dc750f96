package quebec.balises.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The floor: one thread, one plain loop over the input, Jackson's streaming parser, and only the
 * fields the pipeline uses (ids, version metadata, status, references, questionnaire, dates, the
 * answers' linkId, code and number, the patient's identifier, sex, birth date and quintiles, the
 * episode's trajectory, anchor and establishment, the establishment's code, name, RLS and region).
 * No validation, no scoring, no joins, no output: what reading the export costs at the least.
 *
 * <p>Reads every {@code .ndjson}, {@code .ndjson.gz}, {@code .json} and {@code .json.gz} file of a
 * folder: NDJSON line by line (each line parsed on its own, as the job must, so that a bad line
 * costs only itself), a Bundle entry by entry. Prints a summary and a {@code RESULT} line that
 * {@code bench/run.sh} reads: the number of QuestionnaireResponses is the benchmark's "responses".
 */
public final class JacksonFloor {
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, Long> byType = new TreeMap<>();
  private long records;
  private long unreadable;
  private long answers;
  private long bytes;

  /** A checksum over the extracted values, printed so that no extraction can be skipped. */
  private long checksum;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JacksonFloor INPUT_FOLDER");
      System.exit(2);
    }
    long started = System.nanoTime();
    JacksonFloor floor = new JacksonFloor();
    for (Path file : inputFiles(Path.of(args[0]))) {
      floor.readFile(file);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long responses = floor.byType.getOrDefault("QuestionnaireResponse", 0L);
    System.out.printf(
        "floor: %,d records (%s), %,d unreadable, %,d answers, %,d bytes in %.1f s:"
            + " %,.0f responses/s (checksum %x)%n",
        floor.records,
        floor.byType,
        floor.unreadable,
        floor.answers,
        floor.bytes,
        seconds,
        responses / seconds,
        floor.checksum);
    System.out.printf("RESULT responses=%d bytes=%d%n", responses, floor.bytes);
  }

  static List<Path> inputFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".ndjson")
                    || name.endsWith(".ndjson.gz")
                    || name.endsWith(".json")
                    || name.endsWith(".json.gz");
              })
          .sorted()
          .toList();
    }
  }

  Map<String, Long> countsByType() {
    return byType;
  }

  void readFile(Path file) throws IOException {
    String name = file.getFileName().toString();
    bytes += Files.size(file);
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in =
          name.endsWith(".gz")
              ? new GZIPInputStream(raw, 1 << 16)
              : new BufferedInputStream(raw, 1 << 16);
      if (name.contains(".ndjson")) {
        readLines(in);
      } else {
        readBundle(in);
      }
    }
  }

  /**
   * Splits on '\n' at the byte level and parses each non-blank line in place from the read buffer;
   * only a line longer than the buffer makes it grow.
   */
  private void readLines(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 20];
    int filled = 0;
    int n;
    while ((n = in.read(buffer, filled, buffer.length - filled)) > 0) {
      filled += n;
      int lineStart = 0;
      for (int i = 0; i < filled; i++) {
        if (buffer[i] == '\n') {
          parseLine(buffer, lineStart, i);
          lineStart = i + 1;
        }
      }
      System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
      filled -= lineStart;
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
    }
    parseLine(buffer, 0, filled);
  }

  private void parseLine(byte[] bytes, int from, int to) {
    int start = from;
    while (start < to && bytes[start] <= ' ') {
      start++;
    }
    if (start == to) {
      return;
    }
    try (JsonParser parser = JSON.createParser(bytes, start, to - start)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        resource(parser);
      }
    } catch (IOException e) {
      unreadable++;
    }
  }

  private void readBundle(InputStream in) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("entry") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String entryField = parser.currentName();
              if (parser.nextToken() == JsonToken.START_OBJECT && entryField.equals("resource")) {
                resource(parser);
              } else {
                parser.skipChildren();
              }
            }
          }
        } else {
          parser.skipChildren();
        }
      }
    }
  }

  /** One resource, the parser on its START_OBJECT; keeps what the pipeline reads. */
  private void resource(JsonParser parser) throws IOException {
    String type = "unknown";
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "resourceType" -> type = parser.getText();
        case "id", "status", "questionnaire", "authored", "gender", "birthDate", "name", "active" ->
            use(parser.getText());
        case "meta", "subject", "patient", "managingOrganization", "period" -> object(parser);
        case "extension", "identifier", "type" -> array(parser);
        case "item" -> items(parser);
        default -> parser.skipChildren();
      }
    }
    records++;
    byType.merge(type, 1L, Long::sum);
  }

  /** A small object or array of them: every scalar in it is kept (references, codes, dates). */
  private void object(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_OBJECT) {
        object(parser);
      } else if (token == JsonToken.START_ARRAY) {
        array(parser);
      } else {
        use(parser.getText());
      }
    }
  }

  private void array(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      if (token == JsonToken.START_OBJECT) {
        object(parser);
      } else if (token == JsonToken.START_ARRAY) {
        array(parser);
      } else {
        use(parser.getText());
      }
    }
  }

  /** QuestionnaireResponse.item: linkId, and each answer's coding or number; nested items too. */
  private void items(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "linkId" -> use(parser.getText());
          case "item" -> items(parser);
          case "answer" -> {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              answers++;
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String valueField = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (valueField) {
                  case "valueCoding" -> object(parser);
                  case "valueInteger" -> checksum += parser.getIntValue();
                  case "valueDecimal" ->
                      checksum += Double.doubleToLongBits(parser.getDoubleValue());
                  case "item" -> items(parser);
                  default -> {
                    if (value.isStructStart()) {
                      parser.skipChildren();
                    } else {
                      use(parser.getText());
                    }
                  }
                }
              }
            }
          }
          default -> parser.skipChildren();
        }
      }
    }
  }

  private void use(String value) {
    if (value != null) {
      checksum = checksum * 31 + value.hashCode();
    }
  }
}
