package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import quebec.balises.model.RecordCoder;

/**
 * A provincial case-mix model crosses stages as a record coded value by value, and a partial fit
 * crosses workers by its own coder: neither by Java serialization, and neither changes the model.
 */
class CaseMixModelTest {
  private static final int TERMS = CaseMixDesign.TERMS.size();

  /** Rows with a baseline score, one dummy of each row's group set, and a noisy follow-up. */
  private static CaseMixModel.Fit rows(Random random, int count) {
    CaseMixModel.Fit fit = new CaseMixModel.Fit();
    for (int i = 0; i < count; i++) {
      double[] x = new double[TERMS];
      x[0] = 20 + 30 * random.nextDouble();
      x[1 + random.nextInt(TERMS - 1)] = 1;
      fit.add(x, 10 + 0.8 * x[0] + 4 * random.nextGaussian());
    }
    return fit;
  }

  @Test
  void aPartialFitCodedBetweenWorkersGivesTheSameModel() throws Exception {
    CaseMixModel.Fit.Coder coder = new CaseMixModel.Fit.Coder();
    Random random = new Random(11);
    CaseMixModel.Fit first = rows(random, 150);
    CaseMixModel.Fit second = rows(random, 90);

    CaseMixModel direct =
        new CaseMixModel.Fit().merge(first).merge(second).model("PROMS-01", "year", "2025");
    CaseMixModel coded =
        new CaseMixModel.Fit()
            .merge(CoderUtils.clone(coder, first))
            .merge(CoderUtils.clone(coder, second))
            .model("PROMS-01", "year", "2025");

    assertThat(coded.n(), is(240L));
    assertThat(coded, is(direct));
  }

  @Test
  void aModelIsCodedValueByValueNotByJavaSerialization() throws Exception {
    CaseMixModel model = rows(new Random(3), 120).model("PROMS-01", "quarter", "2025-Q2");
    RecordCoder<CaseMixModel> coder = RecordCoder.of(CaseMixModel.class);

    byte[] bytes = CoderUtils.encodeToByteArray(coder, model);

    for (int i = 0; i + 1 < bytes.length; i++) {
      // The magic number that opens every Java serialization stream.
      assertThat(
          "a Java serialization stream at byte " + i,
          (bytes[i] & 0xff) == 0xAC && (bytes[i + 1] & 0xff) == 0xED,
          is(false));
    }
    CaseMixModel back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(back, is(model));
    assertThat(back.terms(), is(model.terms()));
  }
}
