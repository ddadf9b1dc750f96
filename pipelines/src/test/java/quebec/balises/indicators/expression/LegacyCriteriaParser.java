package quebec.balises.indicators.expression;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Balises' criteria language before FHIRPath ({@code text/x-balises-criteria}, two-valued logic),
 * kept only so that {@link CatalogCriteriaMigrationTest} can show the move changed no population.
 *
 * <p>A recursive-descent parser for the grammar in {@code package-info.java}, with a one-token
 * look-ahead lexer, so that the first problem reported is the leftmost one.
 */
final class LegacyCriteriaParser {

  private enum Kind {
    FIELD,
    KEYWORD,
    OPERATOR,
    OPEN,
    CLOSE,
    COMMA,
    STRING,
    NUMBER,
    END
  }

  /**
   * One token: {@code text} as written, {@code column} 1-based, {@code value} the keyword
   * (lower-cased), the string's content or the number's value.
   */
  private record Token(Kind kind, String text, int column, @Nullable Object value) {

    boolean isKeyword(String keyword) {
      return kind == Kind.KEYWORD && keyword.equals(value);
    }

    /** How an error message names what it found. */
    String describe() {
      return switch (kind) {
        case END -> "the end of the expression";
        case STRING -> "the string " + text;
        case NUMBER -> "the number " + text;
        default -> "'" + text + "'";
      };
    }
  }

  private final String text;
  private final FieldSet fields;
  private int position;
  private @Nullable Token lookahead;

  private LegacyCriteriaParser(String text, FieldSet fields) {
    this.text = text;
    this.fields = fields;
  }

  static LegacyNode parse(String text, FieldSet fields) {
    return new LegacyCriteriaParser(text, fields).expression();
  }

  private LegacyNode expression() {
    if (peek().kind == Kind.END) {
      throw new CriteriaException("empty expression", 1);
    }
    LegacyNode node = or();
    Token rest = peek();
    if (rest.kind != Kind.END) {
      throw new CriteriaException(
          "unexpected " + rest.describe() + " after a complete expression", rest.column);
    }
    return node;
  }

  private LegacyNode or() {
    List<LegacyNode> terms = new ArrayList<>();
    terms.add(and());
    while (peek().isKeyword(LegacyKeyword.OR)) {
      next();
      terms.add(and());
    }
    return terms.size() == 1 ? terms.get(0) : new LegacyNode.Or(terms);
  }

  private LegacyNode and() {
    List<LegacyNode> terms = new ArrayList<>();
    terms.add(not());
    while (peek().isKeyword(LegacyKeyword.AND)) {
      next();
      terms.add(not());
    }
    return terms.size() == 1 ? terms.get(0) : new LegacyNode.And(terms);
  }

  private LegacyNode not() {
    Token token = peek();
    if (token.isKeyword(LegacyKeyword.NOT)) {
      next();
      return new LegacyNode.Not(not());
    }
    if (token.kind == Kind.OPEN) {
      next();
      LegacyNode inner = or();
      Token close = next();
      if (close.kind != Kind.CLOSE) {
        throw new CriteriaException(
            "expected ')' to close the '(' of column " + token.column,
            close.column,
            ", found " + close.describe());
      }
      return inner;
    }
    return comparison();
  }

  private LegacyNode comparison() {
    Token name = next();
    if (name.kind != Kind.FIELD) {
      throw new CriteriaException(
          "expected a field name, 'not' or '('", name.column, ", found " + name.describe());
    }
    FieldType type =
        fields
            .typeOf(name.text)
            .orElseThrow(
                () ->
                    new CriteriaException(
                        "unknown field '" + name.text + "'",
                        name.column,
                        " (fields: " + String.join(", ", fields.names()) + ")"));
    Token operator = next();
    if (operator.kind == Kind.OPERATOR) {
      Operator op = Operator.fromSymbol(operator.text);
      if (op.isOrdering() && !type.isOrdered()) {
        throw new CriteriaException(
            "'"
                + op.symbol()
                + "' compares numbers, but field '"
                + name.text
                + "' is "
                + type.description(),
            operator.column,
            " (use =, != or in)");
      }
      return new LegacyNode.Compare(
          name.text, type, op, literal(type, name.text, "after '" + op.symbol() + "'"));
    }
    if (operator.isKeyword(LegacyKeyword.IN)) {
      return inList(name.text, type);
    }
    if (operator.isKeyword(LegacyKeyword.IS)) {
      boolean negated = false;
      Token token = next();
      if (token.isKeyword(LegacyKeyword.NOT)) {
        negated = true;
        token = next();
      }
      if (!token.isKeyword(LegacyKeyword.NULL)) {
        throw new CriteriaException(
            "expected 'null' after 'is" + (negated ? " not" : "") + "'",
            token.column,
            ", found " + token.describe());
      }
      return new LegacyNode.IsNull(name.text, type, negated);
    }
    throw new CriteriaException(
        "expected an operator (=, !=, <, <=, >, >=, in, is) after '" + name.text + "'",
        operator.column,
        ", found " + operator.describe());
  }

  private LegacyNode inList(String field, FieldType type) {
    Token open = next();
    if (open.kind != Kind.OPEN) {
      throw new CriteriaException(
          "expected '(' after 'in'", open.column, ", found " + open.describe());
    }
    List<Object> literals = new ArrayList<>();
    literals.add(literal(type, field, "in the list"));
    Token token = next();
    while (token.kind == Kind.COMMA) {
      literals.add(literal(type, field, "after ','"));
      token = next();
    }
    if (token.kind != Kind.CLOSE) {
      throw new CriteriaException(
          "expected ',' or ')' in the list after 'in'",
          token.column,
          ", found " + token.describe());
    }
    return new LegacyNode.In(field, type, literals);
  }

  /** The next token as a literal of {@code type}, for {@code field}; {@code where} for errors. */
  private Object literal(FieldType type, String field, String where) {
    Token token = next();
    @Nullable Object value =
        switch (type) {
          case STRING -> token.kind == Kind.STRING ? token.value : null;
          case NUMBER -> token.kind == Kind.NUMBER ? token.value : null;
          case BOOLEAN ->
              token.isKeyword(LegacyKeyword.TRUE) || token.isKeyword(LegacyKeyword.FALSE)
                  ? Boolean.valueOf(LegacyKeyword.TRUE.equals(token.value))
                  : null;
        };
    if (value == null) {
      throw new CriteriaException(
          "expected " + type.description() + " " + where,
          token.column,
          ", found " + token.describe() + " (field '" + field + "' is " + type.description() + ")");
    }
    return value;
  }

  private Token peek() {
    if (lookahead == null) {
      lookahead = lex();
    }
    return lookahead;
  }

  private Token next() {
    Token token = peek();
    lookahead = null;
    return token;
  }

  private Token lex() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
    int start = position;
    int column = start + 1;
    if (start >= text.length()) {
      return new Token(Kind.END, "", column, null);
    }
    char c = text.charAt(start);
    if (c == '(' || c == ')' || c == ',') {
      position++;
      Kind kind = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA;
      return new Token(kind, String.valueOf(c), column, null);
    }
    if (c == '=' || c == '<' || c == '>' || c == '!') {
      position++;
      if (position < text.length() && text.charAt(position) == '=' && c != '=') {
        position++;
      } else if (c == '!') {
        throw new CriteriaException("unexpected character '!'", column, " (not-equal is '!=')");
      }
      return new Token(Kind.OPERATOR, text.substring(start, position), column, null);
    }
    if (c == '\'') {
      return string(start);
    }
    if (isDigit(c) || c == '-') {
      return number(start);
    }
    if (isWordChar(c)) {
      while (position < text.length() && isWordChar(text.charAt(position))) {
        position++;
      }
      String word = text.substring(start, position);
      String keyword = LegacyKeyword.normalise(word);
      return keyword != null
          ? new Token(Kind.KEYWORD, word, column, keyword)
          : new Token(Kind.FIELD, word, column, null);
    }
    String hint = c == '"' ? " (strings are in single quotes: 'HOOS_JR')" : "";
    throw new CriteriaException("unexpected character '" + c + "'", column, hint);
  }

  /** A single-quoted string from {@code start}, where {@code ''} stands for one quote. */
  private Token string(int start) {
    StringBuilder content = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          content.append('\'');
          i += 2;
          continue;
        }
        position = i + 1;
        return new Token(
            Kind.STRING, text.substring(start, position), start + 1, content.toString());
      }
      content.append(c);
      i++;
    }
    String opened = text.substring(start);
    if (opened.length() > 20) {
      opened = opened.substring(0, 20).strip() + "…";
    }
    throw new CriteriaException(
        "unterminated string " + opened,
        start + 1,
        " (close it with ', and write a quote inside it as '')");
  }

  /** {@code -?digits(.digits)?}, not followed by a letter, digit, '_' or '.'. */
  private Token number(int start) {
    int i = start;
    if (text.charAt(i) == '-') {
      i++;
    }
    int digits = i;
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    boolean wellFormed = i > digits;
    if (wellFormed && i < text.length() && text.charAt(i) == '.') {
      int fraction = ++i;
      while (i < text.length() && isDigit(text.charAt(i))) {
        i++;
      }
      wellFormed = i > fraction;
    }
    if (!wellFormed
        || (i < text.length() && (isWordChar(text.charAt(i)) || text.charAt(i) == '.'))) {
      while (i < text.length() && (isWordChar(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      throw new CriteriaException(
          "malformed number '" + text.substring(start, Math.max(i, start + 1)) + "'",
          start + 1,
          " (write an integer or a decimal such as -2.5)");
    }
    position = i;
    String written = text.substring(start, i);
    return new Token(Kind.NUMBER, written, start + 1, Double.valueOf(written));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
  }
}
