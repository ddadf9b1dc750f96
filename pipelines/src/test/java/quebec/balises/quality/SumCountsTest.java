package quebec.balises.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.indicators.Cell;

/**
 * A data-quality cell's counts: summed where they are made, and coded without Java serialization.
 */
class SumCountsTest {
  @Test
  void sumsReceivedAndNumeratorCountsAcrossInputsAndPartialSums() {
    ComputeDataQuality.SumCounts sum = new ComputeDataQuality.SumCounts();
    long[] left =
        sum.addInput(sum.addInput(sum.createAccumulator(), new long[] {1, 1}), new long[] {1, 0});
    long[] right = sum.addInput(sum.createAccumulator(), new long[] {1, 1});
    long[] total =
        sum.extractOutput(sum.mergeAccumulators(List.of(left, right, sum.createAccumulator())));
    assertThat(total, is(new long[] {3, 2}));
  }

  /**
   * Counts added up within each bundle before the shuffle give the same sums as one pair per
   * element: the runner's bundles, whatever they are, only change how many partial sums meet.
   */
  @Test
  void countsSummedPerBundleGiveTheSameTotals() {
    Cell even = cell("E");
    Cell every = cell("A");
    TestPipeline p = BeamTesting.pipeline();
    PCollection<KV<Cell, long[]>> sums =
        p.apply(Create.of(IntStream.rangeClosed(1, 1000).boxed().toList()))
            .apply(ParDo.of(new EveryAndEvenFn()))
            .setCoder(KvCoder.of(new Cell.Coder(), ComputeDataQuality.CountsCoder.INSTANCE))
            .apply(Combine.perKey(new ComputeDataQuality.SumCounts()))
            .setCoder(KvCoder.of(new Cell.Coder(), ComputeDataQuality.CountsCoder.INSTANCE));
    PAssert.that(sums)
        .satisfies(
            all -> {
              Map<Cell, long[]> byCell = new HashMap<>();
              all.forEach(kv -> byCell.put(kv.getKey(), kv.getValue()));
              assertThat(byCell.size(), is(2));
              assertThat(byCell.get(every), is(new long[] {1000, 0}));
              assertThat(byCell.get(even), is(new long[] {500, 250}));
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** Every element in cell A; the even ones in cell E too, in its numerator when divisible by 4. */
  static final class EveryAndEvenFn extends ComputeDataQuality.CountInBundleFn<Integer> {
    @ProcessElement
    public void process(@Element Integer i) {
      add(cell("A"), false);
      if (i % 2 == 0) {
        add(cell("E"), i % 4 == 0);
      }
    }
  }

  private static Cell cell(String code) {
    return quebec.balises.Fixtures.establishmentCell("data-quality-test", code);
  }

  @Test
  void countsSurviveTheirCoderAndTakeAFewBytes() throws Exception {
    ComputeDataQuality.CountsCoder coder = ComputeDataQuality.CountsCoder.INSTANCE;
    for (long[] counts :
        List.of(new long[] {0, 0}, new long[] {128, 3}, new long[] {1L << 40, -1})) {
      byte[] bytes = CoderUtils.encodeToByteArray(coder, counts);
      assertThat(CoderUtils.decodeFromByteArray(coder, bytes), is(counts));
    }
    // A length and two varints: 3 bytes for small counts, where a Java object stream takes dozens.
    assertThat(CoderUtils.encodeToByteArray(coder, new long[] {5, 2}).length, is(3));
  }
}
