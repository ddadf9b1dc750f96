package quebec.balises.indicators.expression;

/**
 * The type of a field that criteria may name, which decides the literals and operators it takes.
 */
public enum FieldType {
  /** Text, compared exactly (case-sensitive) with {@code =}, {@code !=} and {@code in}. */
  STRING("a string"),
  /** A number, compared as a double with every operator. */
  NUMBER("a number"),
  /** {@code true} or {@code false}, compared with {@code =}, {@code !=} and {@code in}. */
  BOOLEAN("true or false");

  private final String description;

  FieldType(String description) {
    this.description = description;
  }

  /** How error messages name a value of this type ("a number"). */
  public String description() {
    return description;
  }

  /** Whether {@code <}, {@code <=}, {@code >} and {@code >=} apply. */
  boolean isOrdered() {
    return this == NUMBER;
  }
}
