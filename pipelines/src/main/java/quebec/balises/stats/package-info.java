/**
 * The statistics behind the indicators: Wilson and Student t intervals, funnel limits and outlier
 * flags, indirect standardisation with its least-squares case-mix model ({@link
 * quebec.balises.stats.LeastSquares}, mergeable, and the one-shot {@link
 * quebec.balises.stats.LinearModel} it is checked against), exact sums ({@link
 * quebec.balises.stats.ExactSum}) and small-cell suppression. Domain rules, not pipeline code: no
 * class here builds or runs a Beam transform, so that each method can be checked against the
 * reference values in {@code docs/methods.md} §9 by a plain unit test; the indicator stage calls
 * these classes from its {@code DoFn}s and combiners. The one use of Beam is in {@code ExactSum}:
 * its {@code encode} and {@code decode} write an exact sum with Beam's {@code VarIntCoder} and
 * {@code ByteArrayCoder}, for the coders of the indicator stage's accumulators, which carry these
 * sums between workers.
 */
package quebec.balises.stats;
