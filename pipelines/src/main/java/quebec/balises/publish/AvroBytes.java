package quebec.balises.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A dataset's rows in Avro's binary encoding under its schema, with the same datum writer as Beam's
 * {@code AvroCoder} but its buffer and encoder kept from one row to the next: the coder goes
 * through a stream a byte at a time and sets up each call anew, which was a quarter of the
 * restricted sink's time on the sample (docs/performance.md). The sink writes the bytes into
 * Parquet as they are ({@link AvroBinaryWriteSupport}). For one thread at a time, as a {@code DoFn}
 * is used.
 */
final class AvroBytes {
  private final GenericDatumWriter<GenericRecord> writer;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private BinaryEncoder encoder;

  AvroBytes(Schema schema) {
    this.writer = new GenericDatumWriter<>(schema);
  }

  byte[] encode(GenericRecord row) {
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(row, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
