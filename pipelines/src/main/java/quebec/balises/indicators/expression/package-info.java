/**
 * Indicator population criteria in a small subset of FHIRPath ({@code text/fhirpath}): the
 * expressions in which the FHIR Measures of the indicator catalog say which scored, paired rows
 * ({@code EpisodeScale}, one per episode, instrument, scale and follow-up timepoint) an indicator's
 * denominator and numerator count. Every expression accepted here is a FHIRPath expression with the
 * same meaning, evaluated on a row whose fields are its top-level elements. Plain Java with no Beam
 * in it; {@code docs/criteria-expressions.md} is the user-facing description, with examples.
 *
 * <pre>{@code
 * instrument = 'HOOS_JR' and change >= 22
 * trajectory = 'hip-arthroplasty' and has_followup = true and (sex in ('other' | 'unknown')).not()
 * }</pre>
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * expr       := or
 * or         := and ('or' and)*
 * and        := term ('and' term)*
 * term       := '(' expr ')' not*
 *             | field '.exists()' not*
 *             | field '.empty()' not*
 *             | field op literal
 *             | field 'in' '(' literal ('|' literal)* ')'
 * not        := '.not()'
 * op         := '=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * literal    := 'single-quoted string'      (FHIRPath escapes: \' for a quote, \\, \n, \ uXXXX…)
 *             | number                      (-?digits, optionally .digits: 22, -3, 0.5)
 *             | true | false
 * field      := lower_snake identifier declared in the {@link FieldSet}
 * </pre>
 *
 * <p>As in FHIRPath, comparisons and {@code in} bind tighter than {@code and}, which binds tighter
 * than {@code or}: {@code a or b and c} is {@code a or (b and c)}. Keywords and function names are
 * case-sensitive, as in FHIRPath ({@code AND} is an error, with a hint).
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
 * <p>FHIRPath's: a missing value is the empty collection {@code {}}, and the logic has three values
 * (FHIRPath §6.5):
 *
 * <ul>
 *   <li>a comparison or an {@code in} with a missing value is empty, neither true nor false;
 *   <li>{@code and} is false when either side is false, {@code or} true when either side is true,
 *       and otherwise an empty side makes the result empty; {@code (…).not()} of empty is empty;
 *   <li>{@code field.exists()} and {@code field.empty()} test for the missing value itself and are
 *       never empty;
 *   <li>a row counts only when its criteria are {@code true}: empty counts as much as false.
 * </ul>
 *
 * <p>So {@code (change >= 22).not()} does not count a row without a change. A NaN number is
 * missing.
 */
package quebec.balises.indicators.expression;
