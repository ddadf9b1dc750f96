package quebec.balises.indicators.expression;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Population criteria over one scored, paired row, written in the FHIRPath subset described in
 * {@code package-info.java} and {@code docs/criteria-expressions.md}, e.g. {@code instrument =
 * 'HOOS_JR' and change >= 22}. Immutable and serializable, so that the indicator stage can carry
 * parsed criteria into its {@code DoFn}s; two criteria are equal when they parse to the same tree.
 */
public final class Criteria implements Serializable {
  private final String text;
  private final Node root;
  private final List<String> fields;

  private Criteria(String text, Node root) {
    this.text = text;
    this.root = root;
    List<String> used = new ArrayList<>();
    root.collectFields(used);
    this.fields = List.copyOf(used);
  }

  /**
   * Parses {@code text} against the declared {@code fields}.
   *
   * @throws CriteriaException naming the problem and its 1-based column: a syntax error, an unknown
   *     field, a literal of the wrong type for its field, or an ordering operator on a string or
   *     boolean field
   */
  public static Criteria parse(String text, FieldSet fields) {
    return new Criteria(text, CriteriaParser.parse(text, fields));
  }

  /**
   * Whether a row meets the criteria: whether the expression evaluates to {@code true} under
   * FHIRPath's rules. {@code valueOf} gives each field's value: a String, a Number or a Boolean as
   * the field is declared, or null when the row has none (FHIRPath's empty collection). A
   * comparison or {@code in} on a missing value is empty, {@code and}, {@code or} and {@code not()}
   * carry the empty value by FHIRPath's truth tables, and a row whose criteria end empty is not
   * counted, as one whose criteria end false; {@code exists()} and {@code empty()} test for the
   * missing value itself.
   *
   * @throws IllegalArgumentException when {@code valueOf} gives a value of another type than its
   *     field is declared with
   */
  public boolean test(Function<? super String, ?> valueOf) {
    return Boolean.TRUE.equals(root.evaluate(valueOf));
  }

  /**
   * The FHIRPath value of the criteria on a row: {@code true}, {@code false}, or null for the empty
   * collection (a comparison on a missing value, and what {@code and}, {@code or} and {@code not()}
   * make of it).
   */
  public @Nullable Boolean evaluate(Function<? super String, ?> valueOf) {
    return root.evaluate(valueOf);
  }

  /** The expression as written. */
  public String text() {
    return text;
  }

  /** The fields the criteria read, in order of first appearance. */
  public Set<String> fields() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(fields));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Criteria that && root.equals(that.root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
