package quebec.balises.indicators.expression;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The parsed form of criteria: a tree of {@code or}, {@code and}, {@code .not()}, comparisons and
 * existence tests, whose leaves hold literals already checked against their field's type (String,
 * Double or Boolean).
 *
 * <p>Evaluation follows FHIRPath: a missing value is the empty collection, written here as a null
 * {@link Boolean}, and the logic is three-valued. A comparison or {@code in} with an empty operand
 * is empty; {@code and}, {@code or} and {@code not()} follow the truth tables of the FHIRPath
 * specification (§6.5, Boolean logic); {@code exists()} and {@code empty()} are never empty.
 */
sealed interface Node extends Serializable {

  /** {@code true}, {@code false}, or null for FHIRPath's empty collection. */
  @Nullable Boolean evaluate(Function<? super String, ?> valueOf);

  /** Adds the fields this node reads to {@code out}, in order of first appearance. */
  void collectFields(Collection<String> out);

  /**
   * {@code a or b or …}: true when any term is true, false when all are false, empty otherwise
   * (FHIRPath: {@code false or {}} is empty, {@code true or {}} is true).
   */
  record Or(List<Node> terms) implements Node {
    public Or {
      terms = List.copyOf(terms);
    }

    @Override
    public @Nullable Boolean evaluate(Function<? super String, ?> valueOf) {
      return decidedBy(true, terms, valueOf);
    }

    @Override
    public void collectFields(Collection<String> out) {
      terms.forEach(term -> term.collectFields(out));
    }
  }

  /**
   * {@code a and b and …}: false when any term is false, true when all are true, empty otherwise
   * (FHIRPath: {@code false and {}} is false, {@code true and {}} is empty).
   */
  record And(List<Node> terms) implements Node {
    public And {
      terms = List.copyOf(terms);
    }

    @Override
    public @Nullable Boolean evaluate(Function<? super String, ?> valueOf) {
      return decidedBy(false, terms, valueOf);
    }

    @Override
    public void collectFields(Collection<String> out) {
      terms.forEach(term -> term.collectFields(out));
    }
  }

  /**
   * The three-valued {@code or} ({@code decisive} true) or {@code and} ({@code decisive} false):
   * the decisive value when any term has it; else empty when any term is empty; else the other
   * value.
   */
  private static @Nullable Boolean decidedBy(
      boolean decisive, List<Node> terms, Function<? super String, ?> valueOf) {
    boolean empty = false;
    for (Node term : terms) {
      Boolean value = term.evaluate(valueOf);
      if (value == null) {
        empty = true;
      } else if (value == decisive) {
        return decisive;
      }
    }
    return empty ? null : !decisive;
  }

  /** {@code (term).not()}: negation, and the empty collection stays empty. */
  record Not(Node term) implements Node {
    @Override
    public @Nullable Boolean evaluate(Function<? super String, ?> valueOf) {
      Boolean value = term.evaluate(valueOf);
      return value == null ? null : !value;
    }

    @Override
    public void collectFields(Collection<String> out) {
      term.collectFields(out);
    }
  }

  /** {@code field op literal}; empty when the field's value is missing (or NaN). */
  record Compare(String field, FieldType type, Operator operator, Object literal) implements Node {
    @Override
    public @Nullable Boolean evaluate(Function<? super String, ?> valueOf) {
      Object value = Values.read(field, type, valueOf);
      if (value == null) {
        return null;
      }
      if (type == FieldType.NUMBER) {
        return operator.holds((Double) value, (Double) literal);
      }
      boolean equal = value.equals(literal);
      return operator == Operator.EQ ? equal : !equal;
    }

    @Override
    public void collectFields(Collection<String> out) {
      Values.addOnce(out, field);
    }
  }

  /** {@code field in (literal | …)}; empty when the field's value is missing (or NaN). */
  record In(String field, FieldType type, List<Object> literals) implements Node {
    public In {
      literals = List.copyOf(literals);
    }

    @Override
    public @Nullable Boolean evaluate(Function<? super String, ?> valueOf) {
      Object value = Values.read(field, type, valueOf);
      if (value == null) {
        return null;
      }
      for (Object literal : literals) {
        boolean equal =
            type == FieldType.NUMBER
                ? Operator.EQ.holds((Double) value, (Double) literal)
                : value.equals(literal);
        if (equal) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void collectFields(Collection<String> out) {
      Values.addOnce(out, field);
    }
  }

  /** {@code field.exists()} or, when {@code empty}, {@code field.empty()}: never itself empty. */
  record Exists(String field, FieldType type, boolean empty) implements Node {
    @Override
    public Boolean evaluate(Function<? super String, ?> valueOf) {
      boolean missing = Values.read(field, type, valueOf) == null;
      return missing == empty;
    }

    @Override
    public void collectFields(Collection<String> out) {
      Values.addOnce(out, field);
    }
  }

  /** Reading a row's value for a field, checked against the field's declared type. */
  final class Values {
    private Values() {}

    /**
     * The value of {@code field} as a String, Double or Boolean, or null when missing. A NaN number
     * is missing too: it is what a failed computation leaves, not a measurement.
     *
     * @throws IllegalArgumentException when the row gives a value of another type than declared, a
     *     mismatch between the field set and the code that reads rows
     */
    static @Nullable Object read(
        String field, FieldType type, Function<? super String, ?> valueOf) {
      Object value = valueOf.apply(field);
      if (value == null) {
        return null;
      }
      switch (type) {
        case STRING:
          if (value instanceof String) {
            return value;
          }
          break;
        case NUMBER:
          if (value instanceof Number number) {
            double asDouble = number.doubleValue();
            return Double.isNaN(asDouble) ? null : asDouble;
          }
          break;
        case BOOLEAN:
          if (value instanceof Boolean) {
            return value;
          }
          break;
      }
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' is declared as "
              + type.description()
              + " but the row gives a "
              + value.getClass().getSimpleName()
              + ": "
              + value);
    }

    static void addOnce(Collection<String> out, String field) {
      if (!out.contains(field)) {
        out.add(field);
      }
    }
  }
}
