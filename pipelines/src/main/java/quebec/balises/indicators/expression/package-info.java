/**
 * The expression form for indicator population criteria: the small language in which the FHIR
 * Measures of the indicator catalog say which scored, paired rows ({@code EpisodeScale}, one per
 * episode, instrument, scale and follow-up timepoint) an indicator's denominator and numerator
 * count. Plain Java with no Beam in it; {@code docs/criteria-expressions.md} is the user-facing
 * description, with examples.
 *
 * <pre>{@code
 * instrument = 'HOOS_JR' and change >= 22
 * trajectory = 'hip-arthroplasty' and has_followup = true and not (sex in ('other', 'unknown'))
 * }</pre>
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * expr       := or
 * or         := and ('or' and)*
 * and        := not ('and' not)*
 * not        := 'not' not | comparison | '(' expr ')'
 * comparison := field op literal
 *             | field 'in' '(' literal (',' literal)* ')'
 *             | field 'is' ['not'] 'null'
 * op         := '=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * literal    := 'single-quoted string'      ('' inside stands for one quote)
 *             | number                      (-?digits, optionally .digits: 22, -3, 0.5)
 *             | true | false
 * field      := lower_snake identifier declared in the {@link FieldSet}
 * </pre>
 *
 * <p>So {@code not} binds tightest, then {@code and}, then {@code or}: {@code a or b and c} is
 * {@code a or (b and c)}, and {@code not a and b} is {@code (not a) and b}. Keywords ({@code and or
 * not in is null true false}) are case-insensitive; field names and strings are not.
 *
 * <h2>Types</h2>
 *
 * <p>Every field is declared in a {@link FieldSet} as a string, a number or a boolean ({@link
 * FieldSet#episodeScale()} for the paired rows), and parsing checks each comparison against it: an
 * unknown field, a literal of another type ({@code change >= 'x'}), or {@code <}, {@code <=},
 * {@code >}, {@code >=} on a string or boolean field fail with a {@link CriteriaException} that
 * names the problem and its 1-based column, so a misspelt Measure fails at start-up rather than
 * counting nobody. Numbers compare as doubles ({@code 3} equals {@code 3.0}); strings compare
 * exactly, case included.
 *
 * <h2>Missing values</h2>
 *
 * <p>SQL would call a comparison with a null "unknown" and carry a third truth value through {@code
 * and}, {@code or} and {@code not}. We keep two values and a simpler rule:
 *
 * <ul>
 *   <li>a comparison or an {@code in} on a null value is <b>false</b>: {@code change >= 22} does
 *       not hold for a row without a change, and neither does {@code change < 22}, so a denominator
 *       never silently includes missing data;
 *   <li>{@code not} is plain negation: {@code not (change >= 22)} <b>holds</b> for a row without a
 *       change (where SQL would say unknown and exclude it). Write {@code change < 22} to mean "has
 *       a change, and it is below 22";
 *   <li>{@code is null} and {@code is not null} test for the missing value itself: {@code
 *       followup_value is null} counts rows without a follow-up score.
 * </ul>
 *
 * <p>A NaN number is treated as null.
 */
package quebec.balises.indicators.expression;
