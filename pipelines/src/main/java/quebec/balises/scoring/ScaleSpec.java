package quebec.balises.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How to compute one scale of an instrument, as written in {@code
 * fhir-profiles/scoring/instruments.json}: which items, which method, the missing-item rule and the
 * documented range. Adding an instrument built from these methods needs no Java.
 */
public record ScaleSpec(
    String scale,
    Method method,
    String methodId,
    @Nullable String group,
    List<String> items,
    int maxMissing,
    @Nullable Integer minAnswered,
    boolean prorate,
    double multiplier,
    @Nullable String table,
    List<String> requires,
    @Nullable Double min,
    @Nullable Double max,
    boolean higherIsBetter,
    List<String> valueSets,
    @Nullable String defaultValueSet,
    String missingRule)
    implements Serializable {

  /** The scoring methods the engine knows. */
  public enum Method {
    SUM,
    MEAN,
    TABLE,
    ITEM_VALUE,
    EQ5D_PROFILE,
    EQ5D_INDEX,
    EXPERIENCE
  }

  static ScaleSpec from(JsonNode node) {
    return new ScaleSpec(
        node.path("scale").asText(),
        method(node),
        node.path("methodId").asText(),
        text(node, "group"),
        strings(node.path("items")),
        node.path("maxMissing").asInt(0),
        node.has("minAnswered") ? node.get("minAnswered").asInt() : null,
        node.path("prorate").asBoolean(false),
        node.path("multiplier").asDouble(1.0),
        text(node, "table"),
        strings(node.path("requires")),
        node.has("min") ? node.get("min").asDouble() : null,
        node.has("max") ? node.get("max").asDouble() : null,
        node.path("higherIsBetter").asBoolean(true),
        strings(node.path("valueSets")),
        text(node, "defaultValueSet"),
        node.path("missingRule").asText(""));
  }

  private static Method method(JsonNode node) {
    String method = node.path("method").asText();
    try {
      return Method.valueOf(method.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "scale "
              + node.path("scale").asText()
              + ": unknown method '"
              + method
              + "' (one of "
              + java.util.Arrays.toString(Method.values()).toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }
}
