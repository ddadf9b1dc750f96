package quebec.balises.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one record's JSON strictly before HAPI sees it. HAPI's parser is lenient where a silent
 * repair changes the data: it accepts single-quoted strings, keeps the last of two duplicate keys,
 * keeps one of two {@code value[x]} of an answer, and turns an id {@code Patient/p1} or {@code
 * ../../p1} into {@code p1}. This pass rejects the first two as malformed JSON and reports what the
 * parser would hide: the raw {@code id} and every object holding two {@code value[x]}.
 *
 * <p>Streaming, in one pass, without building a tree. Plain Java, no Beam.
 */
public final class StrictJson {
  /** A FHIR logical id: https://hl7.org/fhir/R4/datatypes.html#id. */
  public static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  // Jackson's defaults already refuse single quotes, unquoted names, comments and NaN; duplicate
  // keys must be asked for.
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private StrictJson() {}

  /**
   * An object that holds two values of one choice element ({@code valueCoding} and {@code
   * valueInteger}).
   *
   * @param linkId the linkId of the nearest enclosing questionnaire item, when known
   */
  public record TwoValues(String first, String second, @Nullable String linkId) {}

  /**
   * What the strict pass saw.
   *
   * @param id the top-level {@code id} as written; null when absent
   * @param idIsText false when {@code id} is present but not a string
   */
  public record Outline(
      @Nullable String resourceType,
      @Nullable String id,
      boolean idIsText,
      List<TwoValues> twoValues) {
    /** Whether the id, when present, is a FHIR id. */
    public boolean idIsValid() {
      return id == null || (idIsText && FHIR_ID.matcher(id).matches());
    }
  }

  /** Whether {@code id} is a FHIR logical id. */
  public static boolean isFhirId(@Nullable String id) {
    return id != null && FHIR_ID.matcher(id).matches();
  }

  private static final class Frame {
    @Nullable String linkId;
    @Nullable String valueKey;
  }

  /**
   * Reads {@code json} to its end.
   *
   * @throws JsonProcessingException when it is not one strict JSON object (the message gives the
   *     line and column)
   */
  public static Outline read(String json) throws JsonProcessingException {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "a record must be one JSON object");
      }
      Deque<Frame> frames = new ArrayDeque<>();
      frames.push(new Frame());
      String resourceType = null;
      String id = null;
      boolean idIsText = true;
      List<TwoValues> twoValues = new ArrayList<>();
      JsonToken token;
      while (!frames.isEmpty() && (token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> frames.push(new Frame());
          case END_OBJECT, END_ARRAY -> frames.pop();
          case FIELD_NAME -> {
            String name = parser.currentName();
            Frame frame = frames.peek();
            JsonToken value = parser.nextToken();
            boolean top = frames.size() == 1;
            if (top && name.equals("resourceType") && value == JsonToken.VALUE_STRING) {
              resourceType = parser.getText();
            } else if (top && name.equals("id")) {
              idIsText = value == JsonToken.VALUE_STRING;
              if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                parser.skipChildren();
                id = value == JsonToken.START_OBJECT ? "{...}" : "[...]";
                continue;
              }
              id = parser.getText();
            } else if (name.equals("linkId") && value == JsonToken.VALUE_STRING) {
              frame.linkId = parser.getText();
            }
            if (isChoiceValue(name)) {
              if (frame.valueKey == null) {
                frame.valueKey = name;
              } else {
                twoValues.add(new TwoValues(frame.valueKey, name, nearestLinkId(frames)));
              }
            }
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
              frames.push(new Frame());
            }
          }
          default -> {
            // a scalar inside an array
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "unexpected content after the end of the record");
      }
      return new Outline(resourceType, id, idIsText, List.copyOf(twoValues));
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      // Reading a String cannot fail on I/O.
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value[x]}: "value" then a type name, which FHIR JSON starts with a capital. */
  private static boolean isChoiceValue(String name) {
    return name.length() > 5 && name.startsWith("value") && Character.isUpperCase(name.charAt(5));
  }

  /** The items are objects in arrays, so the answer's item is a few frames up. */
  private static @Nullable String nearestLinkId(Deque<Frame> frames) {
    for (Frame frame : frames) {
      if (frame.linkId != null) {
        return frame.linkId;
      }
    }
    return null;
  }
}
