package quebec.balises.indicators.expression;

import java.util.Locale;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Balises' criteria language before FHIRPath, kept only for {@link CatalogCriteriaMigrationTest}:
 * the reserved words of the expression form, matched without regard to case.
 */
final class LegacyKeyword {
  static final String AND = "and";
  static final String OR = "or";
  static final String NOT = "not";
  static final String IN = "in";
  static final String IS = "is";
  static final String NULL = "null";
  static final String TRUE = "true";
  static final String FALSE = "false";

  private static final Set<String> ALL = Set.of(AND, OR, NOT, IN, IS, NULL, TRUE, FALSE);

  private LegacyKeyword() {}

  /** The keyword {@code word} spells, lower-cased, or null when it is not one. */
  static @Nullable String normalise(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return ALL.contains(lower) ? lower : null;
  }

  static boolean isKeyword(String word) {
    return normalise(word) != null;
  }
}
