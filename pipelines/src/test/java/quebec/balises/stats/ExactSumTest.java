package quebec.balises.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.CellAccumulator;

/**
 * A cell's mean and standard deviation do not depend on how its rows were split and merged: the
 * property that makes two runs on the same data publish the same bytes, whatever the runner did.
 */
class ExactSumTest {
  @Test
  void aCellGivesTheSameMeanAndSdToTheLastBitWhateverTheMergeOrder() throws Exception {
    Random random = new Random(11);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      values.add(
          random.nextInt(3) == 0 ? 0.1 * random.nextInt(11) : 50 + 30 * random.nextGaussian());
    }
    double naiveSum = 0;
    for (double v : values) {
      naiveSum += v;
    }
    Double mean = null;
    Double sd = null;
    for (int trial = 0; trial < 6; trial++) {
      Collections.shuffle(values, random);
      List<CellAccumulator> parts = new ArrayList<>();
      CellAccumulator part = new CellAccumulator();
      for (double v : values) {
        part.addObservation(v);
        if (random.nextInt(97) == 0) {
          parts.add(roundTrip(part));
          part = new CellAccumulator();
        }
      }
      parts.add(part);
      Collections.shuffle(parts, random);
      CellAccumulator merged = new CellAccumulator();
      parts.forEach(merged::merge);
      assertThat(merged.n(), is((long) values.size()));
      if (mean == null) {
        mean = merged.mean();
        sd = merged.sd();
        assertThat(mean, closeTo(naiveSum / values.size(), 1e-12));
      }
      assertThat("trial " + trial + " mean", merged.mean(), is(mean));
      assertThat("trial " + trial + " sd", merged.sd(), is(sd));
    }
  }

  @Test
  void varianceIsExactWhereFloatingPointCancels() {
    CellAccumulator cell = new CellAccumulator();
    for (double v : new double[] {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) {
      cell.addObservation(v);
    }
    assertThat(cell.mean(), is(1e9 + 10));
    assertThat(cell.sd(), is(Math.sqrt(30)));
  }

  private static CellAccumulator roundTrip(CellAccumulator cell) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new CellAccumulator.Coder().encode(cell, bytes);
    return new CellAccumulator.Coder().decode(new ByteArrayInputStream(bytes.toByteArray()));
  }
}
