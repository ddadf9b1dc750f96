package quebec.balises.indicators;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Partial sums per {@link Cell}, kept while a bundle lasts and handed on when it ends: one element
 * per cell and bundle rather than one per cell and input element, so that the combine after the
 * shuffle sorts and merges few elements (docs/decisions/0025). Only for sums that are exact (whole
 * counts, {@link CellAccumulator}): a cell's total is then the same however the runner bundles its
 * inputs, and so are the published bytes.
 *
 * @param <A> a cell's running sum, changed in place by the subclass through {@link #sumAt}
 */
public abstract class CellSumsInBundleFn<InputT, A> extends DoFn<InputT, KV<Cell, A>> {
  private final @Nullable TupleTag<KV<Cell, A>> to;
  private transient Map<Cell, A> inBundle;

  /**
   * @param to the output the sums go to, when it is not the main output of a {@code DoFn} with one
   *     output (null)
   */
  protected CellSumsInBundleFn(@Nullable TupleTag<KV<Cell, A>> to) {
    this.to = to;
  }

  /** A cell's sum before anything is added. */
  protected abstract A emptySum();

  /** The running sum of the cell in this bundle, to add to. */
  protected final A sumAt(Cell cell) {
    return inBundle.computeIfAbsent(cell, c -> emptySum());
  }

  @StartBundle
  public void startBundle() {
    inBundle = new HashMap<>();
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    for (Map.Entry<Cell, A> sum : inBundle.entrySet()) {
      KV<Cell, A> cell = KV.of(sum.getKey(), sum.getValue());
      if (to == null) {
        context.output(cell, GlobalWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      } else {
        context.output(to, cell, GlobalWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      }
    }
    inBundle = null;
  }
}
