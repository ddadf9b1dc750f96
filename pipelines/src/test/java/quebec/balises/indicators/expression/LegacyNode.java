package quebec.balises.indicators.expression;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Balises' criteria language before FHIRPath ({@code text/x-balises-criteria}, two-valued logic),
 * kept only so that {@link CatalogCriteriaMigrationTest} can show the move changed no population.
 *
 * <p>The parsed form of criteria: a tree of {@code or}, {@code and}, {@code not} and comparisons,
 * whose leaves hold literals already checked against their field's type (String, Double or
 * Boolean).
 */
sealed interface LegacyNode extends Serializable {

  boolean test(Function<? super String, ?> valueOf);

  /** Adds the fields this node reads to {@code out}, in order of first appearance. */
  void collectFields(Collection<String> out);

  record Or(List<LegacyNode> terms) implements LegacyNode {
    public Or {
      terms = List.copyOf(terms);
    }

    @Override
    public boolean test(Function<? super String, ?> valueOf) {
      for (LegacyNode term : terms) {
        if (term.test(valueOf)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void collectFields(Collection<String> out) {
      terms.forEach(term -> term.collectFields(out));
    }
  }

  record And(List<LegacyNode> terms) implements LegacyNode {
    public And {
      terms = List.copyOf(terms);
    }

    @Override
    public boolean test(Function<? super String, ?> valueOf) {
      for (LegacyNode term : terms) {
        if (!term.test(valueOf)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void collectFields(Collection<String> out) {
      terms.forEach(term -> term.collectFields(out));
    }
  }

  /** Plain two-valued negation: {@code not} of a comparison that was false on a null is true. */
  record Not(LegacyNode term) implements LegacyNode {
    @Override
    public boolean test(Function<? super String, ?> valueOf) {
      return !term.test(valueOf);
    }

    @Override
    public void collectFields(Collection<String> out) {
      term.collectFields(out);
    }
  }

  /** {@code field op literal}; false when the field's value is null (or NaN). */
  record Compare(String field, FieldType type, Operator operator, Object literal)
      implements LegacyNode {
    @Override
    public boolean test(Function<? super String, ?> valueOf) {
      Object value = Values.read(field, type, valueOf);
      if (value == null) {
        return false;
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

  /** {@code field in (literal, …)}; false when the field's value is null (or NaN). */
  record In(String field, FieldType type, List<Object> literals) implements LegacyNode {
    public In {
      literals = List.copyOf(literals);
    }

    @Override
    public boolean test(Function<? super String, ?> valueOf) {
      Object value = Values.read(field, type, valueOf);
      if (value == null) {
        return false;
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

  /** {@code field is null} or, when {@code negated}, {@code field is not null}. */
  record IsNull(String field, FieldType type, boolean negated) implements LegacyNode {
    @Override
    public boolean test(Function<? super String, ?> valueOf) {
      boolean isNull = Values.read(field, type, valueOf) == null;
      return isNull != negated;
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
