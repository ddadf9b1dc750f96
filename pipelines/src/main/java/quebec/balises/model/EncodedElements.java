package quebec.balises.model;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;

/**
 * The elements of a large output that cross a split as their {@link RecordCoder} bytes (one
 * element, or a list of them, such as one patient's scores), and are decoded once, by the stage
 * that uses them. On Flink's batch runner each output of a {@code DoFn} with several outputs is a
 * task that decodes every element of every output before keeping its own: a large output carried as
 * bytes costs the small outputs' tasks a copy instead of a decoding, and costs its own consumer one
 * decoding, as before (docs/decisions/0025).
 */
public final class EncodedElements {
  private EncodedElements() {}

  /** The element's bytes under {@code coder}: a record coder, or a list coder of one. */
  public static <T> byte[] encode(Coder<T> coder, T element) {
    try {
      return CoderUtils.encodeToByteArray(coder, element);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode " + element, e);
    }
  }

  /** Decodes encoded elements of {@code type} (a collection coded with {@code ByteArrayCoder}). */
  public static <T> PTransform<PCollection<byte[]>, PCollection<T>> decodedAs(Class<T> type) {
    return new Decoded<>(type, false);
  }

  /**
   * Decodes encoded lists of elements of {@code type}, each element on its own (a collection coded
   * with {@code ByteArrayCoder}).
   */
  public static <T> PTransform<PCollection<byte[]>, PCollection<T>> decodedListsAs(Class<T> type) {
    return new Decoded<>(type, true);
  }

  private static final class Decoded<T> extends PTransform<PCollection<byte[]>, PCollection<T>> {
    private final Class<T> type;
    private final boolean lists;

    Decoded(Class<T> type, boolean lists) {
      this.type = type;
      this.lists = lists;
    }

    @Override
    public PCollection<T> expand(PCollection<byte[]> encoded) {
      RecordCoder<T> coder = RecordCoder.of(type);
      DoFn<byte[], T> decode = lists ? new DecodeEachFn<>(coder) : new DecodeOneFn<>(coder);
      return encoded.apply("Decode", ParDo.of(decode)).setCoder(coder);
    }
  }

  private static final class DecodeOneFn<T> extends DoFn<byte[], T> {
    private final RecordCoder<T> coder;

    DecodeOneFn(RecordCoder<T> coder) {
      this.coder = coder;
    }

    @ProcessElement
    public void process(@Element byte[] bytes, OutputReceiver<T> out) throws CoderException {
      out.output(CoderUtils.decodeFromByteArray(coder, bytes));
    }
  }

  private static final class DecodeEachFn<T> extends DoFn<byte[], T> {
    private final ListCoder<T> coder;

    DecodeEachFn(RecordCoder<T> coder) {
      this.coder = ListCoder.of(coder);
    }

    @ProcessElement
    public void process(@Element byte[] bytes, OutputReceiver<T> out) throws CoderException {
      for (T item : CoderUtils.decodeFromByteArray(coder, bytes)) {
        out.output(item);
      }
    }
  }
}
