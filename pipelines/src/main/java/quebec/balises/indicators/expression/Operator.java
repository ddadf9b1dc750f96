package quebec.balises.indicators.expression;

/** A comparison operator, as written in criteria. */
enum Operator {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  String symbol() {
    return symbol;
  }

  /** Whether the operator needs an ordered type (numbers). */
  boolean isOrdering() {
    return this != EQ && this != NE;
  }

  /** Whether {@code value op literal} holds, with IEEE comparison on doubles. */
  boolean holds(double value, double literal) {
    return switch (this) {
      case EQ -> value == literal;
      case NE -> value != literal;
      case LT -> value < literal;
      case LE -> value <= literal;
      case GT -> value > literal;
      case GE -> value >= literal;
    };
  }

  static Operator fromSymbol(String symbol) {
    for (Operator operator : values()) {
      if (operator.symbol.equals(symbol)) {
        return operator;
      }
    }
    throw new IllegalArgumentException("not an operator: " + symbol);
  }
}
