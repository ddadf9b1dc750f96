package quebec.balises.indicators.expression;

import java.util.Locale;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The reserved words of the FHIRPath subset. FHIRPath is case-sensitive, so {@code AND} is not
 * {@code and}; the parser says so rather than reading it as a field.
 */
final class Keyword {
  static final String AND = "and";
  static final String OR = "or";
  static final String IN = "in";
  static final String TRUE = "true";
  static final String FALSE = "false";

  /**
   * The functions the subset calls: {@code field.exists()}, {@code field.empty()}, {@code .not()}.
   */
  static final String EXISTS = "exists";

  static final String EMPTY = "empty";
  static final String NOT = "not";

  private static final Set<String> OPERATORS = Set.of(AND, OR, IN, TRUE, FALSE);

  /**
   * FHIRPath's other keywords: not in the subset, but never field names either, so that an
   * expression valid here never means something else to a FHIRPath engine.
   */
  private static final Set<String> OTHER_FHIRPATH =
      Set.of("xor", "implies", "is", "as", "div", "mod", "contains");

  private Keyword() {}

  /** The keyword {@code word} is, or null when it is not one of the subset's (case-sensitive). */
  static @Nullable String of(String word) {
    return OPERATORS.contains(word) ? word : null;
  }

  /** Whether {@code word}, lower-cased, is a keyword of the subset written in another case. */
  static boolean isMiscased(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return !lower.equals(word) && (OPERATORS.contains(lower) || lower.equals(NOT));
  }

  /** Whether {@code word} may not name a field: a FHIRPath keyword or a function of the subset. */
  static boolean isKeyword(String word) {
    return OPERATORS.contains(word)
        || OTHER_FHIRPATH.contains(word)
        || word.equals(EXISTS)
        || word.equals(EMPTY)
        || word.equals(NOT);
  }
}
