/**
 * The statistics behind the indicators: Wilson and Student t intervals, funnel limits and outlier
 * flags, indirect standardisation with its least-squares case-mix model, and small-cell
 * suppression. Plain Java with no Beam in it, so that each method can be checked against the
 * reference values in {@code docs/methods.md} §9 by a plain unit test; the indicator stage calls
 * these classes from its {@code DoFn}s.
 */
package quebec.balises.stats;
