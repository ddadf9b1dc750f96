package quebec.balises.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A deterministic coder for {@link Outcome}, so that outcomes are counted by their typed fields.
 * Joining file, type and reason into one string and splitting it again broke on a file name or a
 * reason holding the separator (a TAB in a name): the manifest was wrong and said it reconciled.
 * Each field is written length-prefixed, so no character in it can be mistaken for a boundary.
 */
public final class OutcomeCoder extends AtomicCoder<Outcome> {
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
  private static final NullableCoder<String> OPTIONAL_TEXT = NullableCoder.of(TEXT);
  private static final OutcomeCoder INSTANCE = new OutcomeCoder();

  private OutcomeCoder() {}

  public static OutcomeCoder of() {
    return INSTANCE;
  }

  /**
   * For {@code @DefaultCoder}: every collection of outcomes gets this coder, where Beam would
   * otherwise fall back to Java serialization for each of them (one per input record).
   */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Outcome.class), INSTANCE);
  }

  @Override
  public void encode(Outcome outcome, OutputStream out) throws IOException {
    // StringUtf8Coder in the nested context writes a length before the bytes.
    TEXT.encode(outcome.file(), out);
    TEXT.encode(outcome.resourceType(), out);
    OPTIONAL_TEXT.encode(outcome.reason(), out);
    TEXT.encode(outcome.kind().name(), out);
  }

  @Override
  public Outcome decode(InputStream in) throws IOException {
    return new Outcome(
        TEXT.decode(in),
        TEXT.decode(in),
        OPTIONAL_TEXT.decode(in),
        Outcome.Kind.valueOf(TEXT.decode(in)));
  }

  /** The same outcome always encodes to the same bytes: it can key a count. */
  @Override
  public void verifyDeterministic() {}
}
