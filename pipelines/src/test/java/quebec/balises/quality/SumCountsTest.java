package quebec.balises.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

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
