package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * A dataset's rows as Avro bytes: the same bytes as Beam's coder, which Avro's reader reads back
 * whole, row after row.
 */
class AvroBytesTest {
  @Test
  void encodesAsAvroCoderDoesRowAfterRow() throws Exception {
    Schema schema = Dataset.REJECTED.schema();
    AvroBytes avro = new AvroBytes(schema);
    AvroCoder<GenericRecord> coder = AvroCoder.of(schema);
    for (String raw : List.of("{}", "x".repeat(2000), "é")) {
      GenericRecord row = new GenericData.Record(schema);
      for (Schema.Field field : schema.getFields()) {
        row.put(field.name(), sample(field.schema(), raw));
      }
      byte[] bytes = avro.encode(row);
      assertThat(bytes, is(CoderUtils.encodeToByteArray(coder, row)));
      GenericRecord back =
          new GenericDatumReader<GenericRecord>(schema)
              .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      assertThat(back.toString(), is(row.toString()));
    }
  }

  /** A value of the field's type (its non-null branch for a union). */
  private static Object sample(Schema type, String text) {
    Schema t = type;
    if (t.getType() == Schema.Type.UNION) {
      t = t.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().get();
    }
    return switch (t.getType()) {
      case STRING -> text;
      case INT -> text.length();
      case LONG -> (long) text.length() * 1_000_000L;
      case BOOLEAN -> text.length() % 2 == 0;
      case DOUBLE -> text.length() / 3.0;
      case ENUM -> new GenericData.EnumSymbol(t, t.getEnumSymbols().get(0));
      default -> null;
    };
  }
}
