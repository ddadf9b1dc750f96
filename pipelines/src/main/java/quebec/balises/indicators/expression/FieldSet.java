package quebec.balises.indicators.expression;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fields that criteria may name, each with its type. Fields are declared rather than free so
 * that a misspelt field or a literal of the wrong type fails when the catalog is loaded, not as an
 * indicator that silently counts nobody.
 */
public final class FieldSet implements Serializable {
  private static final Pattern LOWER_SNAKE = Pattern.compile("[a-z][a-z0-9_]*");

  private final Map<String, FieldType> types;

  private FieldSet(Map<String, FieldType> types) {
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  /**
   * The fields in {@code types}, listed in its iteration order in error messages.
   *
   * @throws IllegalArgumentException if a name is not lower_snake_case or is a keyword
   */
  public static FieldSet of(Map<String, FieldType> types) {
    for (String name : types.keySet()) {
      if (!LOWER_SNAKE.matcher(name).matches()) {
        throw new IllegalArgumentException("field names are lower_snake_case, got '" + name + "'");
      }
      if (Keyword.isKeyword(name)) {
        throw new IllegalArgumentException("'" + name + "' is a keyword and cannot be a field");
      }
    }
    return new FieldSet(types);
  }

  /**
   * The fields of one paired row ({@code EpisodeScale}, {@code schemas/episodes.avsc}) as the
   * indicator stage exposes them: the columns of the restricted episodes dataset that a population
   * may be defined by, plus {@code has_baseline} and {@code has_followup}, which say whether a
   * response was found at each side (a response can exist with a null value when it could not be
   * scored).
   */
  public static FieldSet episodeScale() {
    Map<String, FieldType> types = new LinkedHashMap<>();
    for (String name :
        new String[] {
          "trajectory",
          "instrument",
          "scale",
          "timepoint",
          "establishment_code",
          "rls_code",
          "region_code",
          "sex",
          "health_change",
          "engagement_sphere",
          "engagement_level",
          "engagement_body"
        }) {
      types.put(name, FieldType.STRING);
    }
    for (String name :
        new String[] {
          "baseline_value",
          "followup_value",
          "change",
          "age_at_anchor",
          "material_deprivation_quintile",
          "social_deprivation_quintile"
        }) {
      types.put(name, FieldType.NUMBER);
    }
    types.put("has_baseline", FieldType.BOOLEAN);
    types.put("has_followup", FieldType.BOOLEAN);
    return of(types);
  }

  /** The type of {@code name}, or empty when no such field is declared. */
  public Optional<FieldType> typeOf(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** The declared names, in declaration order. */
  public Set<String> names() {
    return types.keySet();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldSet that && types.equals(that.types);
  }

  @Override
  public int hashCode() {
    return types.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    types.forEach(
        (name, type) ->
            out.append(out.length() == 0 ? "" : ", ")
                .append(name)
                .append(' ')
                .append(type.name().toLowerCase(Locale.ROOT)));
    return out.toString();
  }
}
