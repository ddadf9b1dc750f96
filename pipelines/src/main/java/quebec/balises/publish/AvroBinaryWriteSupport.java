package quebec.balises.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet's write support for rows given in Avro's binary encoding ({@link DatasetRow#avro}): each
 * field goes from the bytes to its column as it is read, with no generic record in between.
 * Decoding every row into a {@code GenericRecord} and then walking it field by field, as {@code
 * AvroWriteSupport} does, was half of the restricted sink's time (docs/performance.md).
 *
 * <p>The file is the one {@code AvroParquetWriter} writes for the same rows: the Parquet schema is
 * the one {@code AvroSchemaConverter} makes, the footer's metadata comes from {@code
 * AvroWriteSupport} itself, and each field reaches the record consumer through the same calls (a
 * null leaves its optional column out of the record). The datasets are flat, and this class takes
 * nothing else: each field a primitive type (dates and timestamps are their int or long), required
 * or a union of one type with null. Any other schema is refused when the writer is made.
 */
final class AvroBinaryWriteSupport extends WriteSupport<byte[]> {
  private final Schema avroSchema;
  private final MessageType parquetSchema;
  private final List<FieldWriter> fields;
  private RecordConsumer consumer;
  private BinaryDecoder decoder;

  /**
   * @param parquetSchema the Avro schema as Parquet's {@code AvroSchemaConverter} converts it
   * @throws IllegalArgumentException for a schema whose fields are not all flat (see above)
   */
  AvroBinaryWriteSupport(Schema avroSchema, MessageType parquetSchema) {
    this.avroSchema = avroSchema;
    this.parquetSchema = parquetSchema;
    this.fields = avroSchema.getFields().stream().map(FieldWriter::of).toList();
  }

  /** The schema and the footer's metadata, exactly as {@code AvroWriteSupport} gives them. */
  @Override
  public WriteContext init(Configuration configuration) {
    return new AvroWriteSupport<>(parquetSchema, avroSchema, GenericData.get()).init(configuration);
  }

  /** The writer model named in the footer: the one {@code AvroWriteSupport} names. */
  @Override
  public String getName() {
    return "avro";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  /**
   * @throws IllegalArgumentException when the bytes hold more than one row of the schema
   */
  @Override
  public void write(byte[] row) {
    decoder = DecoderFactory.get().binaryDecoder(row, decoder);
    consumer.startMessage();
    try {
      for (FieldWriter field : fields) {
        field.write(decoder, consumer);
      }
      if (!decoder.isEnd()) {
        throw new IllegalArgumentException(
            "a row of " + avroSchema.getName() + " has bytes left after its last field");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a row of " + avroSchema.getName() + " is cut short", e);
    }
    consumer.endMessage();
  }

  /** Reads one field's value from the bytes and hands it to its column. */
  private record FieldWriter(String name, int index, Schema.Type type, int nullBranch) {
    /** No union: the field is required. */
    private static final int REQUIRED = -1;

    static FieldWriter of(Schema.Field field) {
      Schema schema = field.schema();
      int nullBranch = REQUIRED;
      if (schema.getType() == Schema.Type.UNION) {
        List<Schema> branches = schema.getTypes();
        nullBranch = branches.size() == 2 ? nullBranchOf(branches) : REQUIRED;
        if (nullBranch == REQUIRED) {
          throw unsupported(field, "a union other than one type or null");
        }
        schema = branches.get(1 - nullBranch);
      }
      Schema.Type type = schema.getType();
      return switch (type) {
        case BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BYTES ->
            new FieldWriter(field.name(), field.pos(), type, nullBranch);
        default -> throw unsupported(field, type.getName());
      };
    }

    private static int nullBranchOf(List<Schema> branches) {
      for (int i = 0; i < branches.size(); i++) {
        if (branches.get(i).getType() == Schema.Type.NULL) {
          return i;
        }
      }
      return REQUIRED;
    }

    private static IllegalArgumentException unsupported(Schema.Field field, String what) {
      return new IllegalArgumentException(
          "field " + field.name() + " is " + what + "; a dataset's fields are flat");
    }

    void write(BinaryDecoder in, RecordConsumer out) throws IOException {
      if (nullBranch != REQUIRED && in.readIndex() == nullBranch) {
        return;
      }
      out.startField(name, index);
      switch (type) {
        case BOOLEAN -> out.addBoolean(in.readBoolean());
        case INT -> out.addInteger(in.readInt());
        case LONG -> out.addLong(in.readLong());
        case FLOAT -> out.addFloat(in.readFloat());
        case DOUBLE -> out.addDouble(in.readDouble());
        case STRING -> {
          Utf8 text = in.readString(null);
          out.addBinary(Binary.fromConstantByteArray(text.getBytes(), 0, text.getByteLength()));
        }
        case BYTES -> out.addBinary(Binary.fromConstantByteBuffer(in.readBytes(null)));
        default -> throw new IllegalStateException(type + " was refused when the writer was made");
      }
      out.endField(name, index);
    }
  }
}
