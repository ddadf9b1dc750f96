package quebec.balises.model;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;

/**
 * The elements of a large output that cross a split as their {@link RecordCoder} bytes, and are
 * decoded once, by the stage that uses them. On Flink's batch runner each output of a {@code DoFn}
 * with several outputs is a task that decodes every element of every output before keeping its own:
 * a large output carried as bytes costs the small outputs' tasks a copy instead of a decoding, and
 * costs its own consumer one decoding, as before (docs/decisions/0025).
 */
public final class EncodedElements {
  private EncodedElements() {}

  /** The element's bytes under the record coder of its type. */
  public static <T> byte[] encode(RecordCoder<T> coder, T element) {
    try {
      return CoderUtils.encodeToByteArray(coder, element);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode " + element, e);
    }
  }

  /** Decodes encoded elements of {@code type} (a collection coded with {@code ByteArrayCoder}). */
  public static <T> PTransform<PCollection<byte[]>, PCollection<T>> decodedAs(Class<T> type) {
    return new Decoded<>(type);
  }

  private static final class Decoded<T> extends PTransform<PCollection<byte[]>, PCollection<T>> {
    private final Class<T> type;

    Decoded(Class<T> type) {
      this.type = type;
    }

    @Override
    public PCollection<T> expand(PCollection<byte[]> encoded) {
      RecordCoder<T> coder = RecordCoder.of(type);
      return encoded.apply("Decode", ParDo.of(new DecodeFn<>(coder))).setCoder(coder);
    }
  }

  private static final class DecodeFn<T> extends DoFn<byte[], T> {
    private final RecordCoder<T> coder;

    DecodeFn(RecordCoder<T> coder) {
      this.coder = coder;
    }

    @ProcessElement
    public void process(@Element byte[] bytes, OutputReceiver<T> out) throws CoderException {
      out.output(CoderUtils.decodeFromByteArray(coder, bytes));
    }
  }
}
