package quebec.balises.indicators.expression;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A recursive-descent parser for the FHIRPath subset in {@code package-info.java}, with a one-token
 * look-ahead lexer, so that the first problem reported is the leftmost one.
 */
final class CriteriaParser {

  private enum Kind {
    IDENTIFIER,
    KEYWORD,
    OPERATOR,
    OPEN,
    CLOSE,
    PIPE,
    DOT,
    COMMA,
    STRING,
    NUMBER,
    END
  }

  /**
   * One token: {@code text} as written, {@code column} 1-based, {@code value} the keyword, the
   * string's content (escapes resolved) or the number's value.
   */
  private record Token(Kind kind, String text, int column, @Nullable Object value) {

    boolean isKeyword(String keyword) {
      return kind == Kind.KEYWORD && keyword.equals(value);
    }

    boolean isIdentifier(String name) {
      return kind == Kind.IDENTIFIER && name.equals(text);
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

    /** A hint for a word FHIRPath spells otherwise, or "". */
    String hint() {
      if (kind != Kind.IDENTIFIER) {
        return "";
      }
      if (Keyword.isMiscased(text)) {
        return " (FHIRPath keywords are lower case: "
            + text.toLowerCase(java.util.Locale.ROOT)
            + ")";
      }
      return switch (text) {
        case "is" -> " (test a missing value with field.empty() or field.exists())";
        case "not" -> " (negate with (expression).not())";
        default -> "";
      };
    }
  }

  private final String text;
  private final FieldSet fields;
  private int position;
  private @Nullable Token lookahead;

  private CriteriaParser(String text, FieldSet fields) {
    this.text = text;
    this.fields = fields;
  }

  static Node parse(String text, FieldSet fields) {
    return new CriteriaParser(text, fields).expression();
  }

  private Node expression() {
    if (peek().kind == Kind.END) {
      throw new CriteriaException("empty expression", 1);
    }
    Node node = or();
    Token rest = peek();
    if (rest.kind != Kind.END) {
      throw new CriteriaException(
          "unexpected " + rest.describe() + " after a complete expression",
          rest.column,
          rest.kind == Kind.DOT
              ? " (only a parenthesised expression, field.exists() or field.empty() takes .not())"
              : rest.hint());
    }
    return node;
  }

  private Node or() {
    List<Node> terms = new ArrayList<>();
    terms.add(and());
    while (peek().isKeyword(Keyword.OR)) {
      next();
      terms.add(and());
    }
    return terms.size() == 1 ? terms.get(0) : new Node.Or(terms);
  }

  private Node and() {
    List<Node> terms = new ArrayList<>();
    terms.add(term());
    while (peek().isKeyword(Keyword.AND)) {
      next();
      terms.add(term());
    }
    return terms.size() == 1 ? terms.get(0) : new Node.And(terms);
  }

  /** A parenthesised expression or an existence test, each optionally followed by .not()s. */
  private Node term() {
    Token token = peek();
    Node node;
    if (token.kind == Kind.OPEN) {
      next();
      node = or();
      Token close = next();
      if (close.kind != Kind.CLOSE) {
        throw new CriteriaException(
            "expected ')' to close the '(' of column " + token.column,
            close.column,
            ", found " + close.describe() + close.hint());
      }
    } else {
      node = comparison();
      if (!(node instanceof Node.Exists)) {
        return node; // a '.' here is reported as trailing input, with the hint
      }
    }
    while (peek().kind == Kind.DOT) {
      next();
      call(Keyword.NOT, "after '.'");
      node = new Node.Not(node);
    }
    return node;
  }

  /** Reads {@code name()} for a function of the subset, or fails naming {@code where}. */
  private void call(String name, String where) {
    Token function = next();
    if (!function.isIdentifier(name)) {
      throw new CriteriaException(
          "expected " + name + "() " + where, function.column, ", found " + function.describe());
    }
    Token open = next();
    Token close = open.kind == Kind.OPEN ? next() : open;
    if (open.kind != Kind.OPEN || close.kind != Kind.CLOSE) {
      throw new CriteriaException(
          "expected '()' after '" + name + "'",
          close.column,
          ", found " + close.describe() + " (" + name + "() takes no argument)");
    }
  }

  private Node comparison() {
    Token name = next();
    if (name.kind != Kind.IDENTIFIER) {
      throw new CriteriaException(
          "expected a field name or '('", name.column, ", found " + name.describe());
    }
    if (!name.hint().isEmpty()) {
      throw new CriteriaException(
          "expected a field name or '('", name.column, ", found " + name.describe() + name.hint());
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
      return new Node.Compare(
          name.text, type, op, literal(type, name.text, "after '" + op.symbol() + "'"));
    }
    if (operator.isKeyword(Keyword.IN)) {
      return inList(name.text, type);
    }
    if (operator.kind == Kind.DOT) {
      Token function = peek();
      if (function.isIdentifier(Keyword.EXISTS) || function.isIdentifier(Keyword.EMPTY)) {
        call(function.text, "");
        return new Node.Exists(name.text, type, function.text.equals(Keyword.EMPTY));
      }
      next();
      throw new CriteriaException(
          "expected exists() or empty() after '" + name.text + ".'",
          function.column,
          ", found " + function.describe());
    }
    throw new CriteriaException(
        "expected an operator (=, !=, <, <=, >, >=, in) or .exists() or .empty() after '"
            + name.text
            + "'",
        operator.column,
        ", found " + operator.describe() + operator.hint());
  }

  private Node inList(String field, FieldType type) {
    Token open = next();
    if (open.kind != Kind.OPEN) {
      throw new CriteriaException(
          "expected '(' after 'in'", open.column, ", found " + open.describe());
    }
    List<Object> literals = new ArrayList<>();
    literals.add(literal(type, field, "in the list"));
    Token token = next();
    while (token.kind == Kind.PIPE) {
      literals.add(literal(type, field, "after '|'"));
      token = next();
    }
    if (token.kind != Kind.CLOSE) {
      throw new CriteriaException(
          "expected '|' or ')' in the list after 'in'",
          token.column,
          ", found "
              + token.describe()
              + (token.kind == Kind.COMMA ? " (FHIRPath separates the values with |)" : ""));
    }
    return new Node.In(field, type, literals);
  }

  /** The next token as a literal of {@code type}, for {@code field}; {@code where} for errors. */
  private Object literal(FieldType type, String field, String where) {
    Token token = next();
    @Nullable Object value =
        switch (type) {
          case STRING -> token.kind == Kind.STRING ? token.value : null;
          case NUMBER -> token.kind == Kind.NUMBER ? token.value : null;
          case BOOLEAN ->
              token.isKeyword(Keyword.TRUE) || token.isKeyword(Keyword.FALSE)
                  ? Boolean.valueOf(Keyword.TRUE.equals(token.value))
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
    Kind single =
        switch (c) {
          case '(' -> Kind.OPEN;
          case ')' -> Kind.CLOSE;
          case '|' -> Kind.PIPE;
          case '.' -> Kind.DOT;
          case ',' -> Kind.COMMA;
          default -> null;
        };
    if (single != null) {
      position++;
      return new Token(single, String.valueOf(c), column, null);
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
      String keyword = Keyword.of(word);
      return keyword != null
          ? new Token(Kind.KEYWORD, word, column, keyword)
          : new Token(Kind.IDENTIFIER, word, column, null);
    }
    String hint = c == '"' ? " (strings are in single quotes: 'HOOS_JR')" : "";
    throw new CriteriaException("unexpected character '" + c + "'", column, hint);
  }

  /**
   * A single-quoted string from {@code start}, with FHIRPath's escapes: {@code \'} for a quote,
   * {@code \\}, {@code \"}, {@code \`}, {@code \/}, {@code \f}, {@code \n}, {@code \r}, {@code \t}
   * and {@code \}{@code uXXXX}.
   */
  private Token string(int start) {
    StringBuilder content = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        position = i + 1;
        return new Token(
            Kind.STRING, text.substring(start, position), start + 1, content.toString());
      }
      if (c == '\\' && i + 1 < text.length()) {
        char escaped = text.charAt(i + 1);
        int length = 2;
        switch (escaped) {
          case '\'', '"', '`', '\\', '/' -> content.append(escaped);
          case 'f' -> content.append('\f');
          case 'n' -> content.append('\n');
          case 'r' -> content.append('\r');
          case 't' -> content.append('\t');
          case 'u' -> {
            String hex = i + 6 <= text.length() ? text.substring(i + 2, i + 6) : "";
            if (!hex.matches("[0-9A-Fa-f]{4}")) {
              throw new CriteriaException(
                  "malformed escape '\\u" + hex + "'", i + 1, " (write \\u and four hex digits)");
            }
            content.append((char) Integer.parseInt(hex, 16));
            length = 6;
          }
          default ->
              throw new CriteriaException(
                  "unknown escape '\\" + escaped + "'",
                  i + 1,
                  " (FHIRPath knows \\' \\\" \\` \\\\ \\/ \\f \\n \\r \\t \\uXXXX)");
        }
        i += length;
        continue;
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
        " (close it with ', and write a quote inside it as \\')");
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
