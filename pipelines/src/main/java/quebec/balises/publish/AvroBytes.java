package quebec.balises.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * A dataset's rows to and from Avro's binary encoding under its schema, with the same datum reader
 * and writer as Beam's {@code AvroCoder} but its buffer, encoder and decoder kept from one row to
 * the next: the coder goes through a stream a byte at a time and sets up each call anew, which was
 * a quarter of the restricted sink's time on the sample (docs/performance.md). For one thread at a
 * time, as a {@code DoFn} or a sink is used.
 */
final class AvroBytes {
  private final GenericDatumWriter<GenericRecord> writer;
  private final GenericDatumReader<GenericRecord> reader;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  AvroBytes(Schema schema) {
    this.writer = new GenericDatumWriter<>(schema);
    this.reader = new GenericDatumReader<>(schema, schema);
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

  GenericRecord decode(byte[] bytes) throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    return reader.read(null, decoder);
  }
}
