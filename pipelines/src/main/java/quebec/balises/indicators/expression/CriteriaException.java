package quebec.balises.indicators.expression;

/**
 * Criteria that cannot be parsed, or name a field or a literal that the {@link FieldSet} does not
 * allow. The message names the problem, the text at fault and its 1-based column, e.g. {@code
 * unknown field 'chnage' at column 1 (fields: …)}; the caller prefixes the file and the field the
 * expression came from.
 */
public final class CriteriaException extends IllegalArgumentException {
  private final String problem;
  private final int column;

  CriteriaException(String problem, int column) {
    this(problem, column, "");
  }

  CriteriaException(String problem, int column, String detail) {
    super(problem + " at column " + column + detail);
    this.problem = problem;
    this.column = column;
  }

  /** The problem alone, without its position. */
  public String problem() {
    return problem;
  }

  /** The 1-based column in the expression's text where the problem starts. */
  public int column() {
    return column;
  }
}
