package quebec.balises.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryData;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.SerializableComparator;

/**
 * A file sink that hands its file's elements to another sink in a fixed order, so that the same
 * elements always give the same bytes whatever order the runner delivers them in: reruns publish
 * byte-identical files. It holds one file's elements until the file is flushed, so it is for small,
 * aggregated outputs only (one file per public partition or indicator); a Parquet file is also held
 * whole, in memory, until its footer is made canonical.
 */
final class SortedSink<T> implements FileIO.Sink<T> {
  private static final long serialVersionUID = 1L;

  private final FileIO.Sink<T> sink;
  private final SerializableComparator<T> order;
  private transient List<T> buffered;

  private SortedSink(FileIO.Sink<T> sink, SerializableComparator<T> order) {
    this.sink = sink;
    this.order = order;
  }

  /**
   * Parquet rows, given in Avro's binary encoding, in Avro's order of records (field by field, as
   * {@code GenericData.compare} orders the decoded records), in a file whose footer is canonical
   * ({@link CanonicalFooter}): without it, the footer's lists of encodings come out in an order
   * that changes from one JVM to the next.
   */
  static SortedSink<byte[]> parquet(ParquetSink parquet, Schema schema) {
    return new SortedSink<>(new CanonicalParquet(parquet), new AvroOrder(schema.toString()));
  }

  /** Text lines in natural order, as newline-delimited UTF-8 (NDJSON). */
  static SortedSink<String> lines() {
    return new SortedSink<>(new Lines(), String::compareTo);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    sink.open(channel);
    buffered = new ArrayList<>();
  }

  @Override
  public void write(T element) {
    buffered.add(element);
  }

  @Override
  public void flush() throws IOException {
    buffered.sort(order);
    for (T element : buffered) {
      sink.write(element);
    }
    buffered.clear();
    sink.flush();
  }

  /**
   * Avro's record order on encoded records, which the specification defines so that it can be
   * compared without decoding; the schema travels as JSON and is parsed once per worker.
   */
  private static final class AvroOrder implements SerializableComparator<byte[]> {
    private static final long serialVersionUID = 1L;
    private final String schemaJson;
    private transient Schema schema;

    AvroOrder(String schemaJson) {
      this.schemaJson = schemaJson;
    }

    @Override
    public int compare(byte[] a, byte[] b) {
      if (schema == null) {
        schema = new Schema.Parser().parse(schemaJson);
      }
      return BinaryData.compare(a, 0, b, 0, schema);
    }
  }

  /**
   * A Parquet sink that writes its file into memory and hands it to the channel once whole, with
   * its footer made canonical ({@link CanonicalFooter}).
   */
  private static final class CanonicalParquet implements FileIO.Sink<byte[]> {
    private static final long serialVersionUID = 1L;
    private final ParquetSink parquet;
    private transient WritableByteChannel target;
    private transient ByteArrayOutputStream file;

    CanonicalParquet(ParquetSink parquet) {
      this.parquet = parquet;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      target = channel;
      file = new ByteArrayOutputStream();
      parquet.open(Channels.newChannel(file));
    }

    @Override
    public void write(byte[] row) throws IOException {
      parquet.write(row);
    }

    @Override
    public void flush() throws IOException {
      // The Parquet sink's flush closes its writer, which writes the footer.
      parquet.flush();
      ByteBuffer bytes = ByteBuffer.wrap(CanonicalFooter.canonical(file.toByteArray()));
      file = null;
      while (bytes.hasRemaining()) {
        target.write(bytes);
      }
    }
  }

  /**
   * Each line followed by {@code \n} whatever the platform ({@code TextIO.sink()} ends lines with
   * the platform's separator, which NDJSON does not allow).
   */
  private static final class Lines implements FileIO.Sink<String> {
    private static final long serialVersionUID = 1L;
    private transient OutputStream stream;

    @Override
    public void open(WritableByteChannel channel) {
      stream = Channels.newOutputStream(channel);
    }

    @Override
    public void write(String line) throws IOException {
      stream.write(line.getBytes(StandardCharsets.UTF_8));
      stream.write('\n');
    }

    @Override
    public void flush() throws IOException {
      stream.flush();
    }
  }
}
