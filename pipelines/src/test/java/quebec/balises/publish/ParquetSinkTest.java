package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryData;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/**
 * Rows written into Parquet from their Avro bytes make the very file that Beam's {@code
 * ParquetIO.sink} makes from the same rows as generic records, for every dataset's schema; the
 * encoded rows sort as the records do.
 */
class ParquetSinkTest {
  private static final List<String> TEXTS =
      List.of("", "copd", "hip-arthroplasty", "é", "Montréal", "x".repeat(300), "日本", "a\u0000b");

  @Test
  void everyDatasetsFileIsTheOneParquetIoWritesFromGenericRecords() throws Exception {
    for (Dataset dataset : Dataset.values()) {
      Schema schema = dataset.schema();
      List<GenericRecord> rows = rows(schema, 3000, new Random(dataset.ordinal()));

      ParquetIO.Sink generic =
          ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.ZSTD);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      generic.open(Channels.newChannel(expected));
      for (GenericRecord row : rows) {
        generic.write(row);
      }
      generic.flush();

      ByteArrayOutputStream actual = new ByteArrayOutputStream();
      AvroBytes avro = new AvroBytes(schema);
      try (ParquetWriter<byte[]> writer = dataset.parquetSink().open(actual)) {
        for (GenericRecord row : rows) {
          writer.write(avro.encode(row));
        }
      }
      assertThat(
          dataset + ": the same bytes",
          Arrays.equals(actual.toByteArray(), expected.toByteArray()),
          is(true));
    }
  }

  @Test
  void encodedRowsSortAsTheirRecordsDo() {
    for (Dataset dataset : Dataset.values()) {
      Schema schema = dataset.schema();
      List<GenericRecord> rows = rows(schema, 500, new Random(100 + dataset.ordinal()));
      AvroBytes avro = new AvroBytes(schema);
      List<byte[]> encoded = new ArrayList<>();
      for (GenericRecord row : rows) {
        encoded.add(avro.encode(row));
      }
      List<GenericRecord> byRecord = new ArrayList<>(rows);
      byRecord.sort((a, b) -> GenericData.get().compare(a, b, schema));
      encoded.sort((a, b) -> BinaryData.compare(a, 0, b, 0, schema));
      List<byte[]> expected = byRecord.stream().map(avro::encode).toList();
      for (int i = 0; i < expected.size(); i++) {
        assertThat(dataset + " row " + i, Arrays.equals(encoded.get(i), expected.get(i)), is(true));
      }
    }
  }

  @Test
  void aSchemaThatIsNotFlatIsRefusedNamingItsField() {
    Schema nested =
        SchemaBuilder.record("row")
            .fields()
            .requiredString("name")
            .name("items")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .endRecord();
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AvroBinaryWriteSupport(nested, new AvroSchemaConverter().convert(nested)));
    assertThat(refused.getMessage(), containsString("field items is array"));
  }

  @Test
  void bytesLeftAfterTheLastFieldAreAnError() throws Exception {
    Schema schema = Dataset.REJECTED.schema();
    byte[] row = new AvroBytes(schema).encode(rows(schema, 1, new Random(7)).get(0));
    byte[] longer = Arrays.copyOf(row, row.length + 1);
    try (ParquetWriter<byte[]> writer =
        Dataset.REJECTED.parquetSink().open(new ByteArrayOutputStream())) {
      writer.write(row);
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> writer.write(longer));
      assertThat(refused.getMessage(), containsString("bytes left after its last field"));
    }
  }

  /** Rows with every field's values spread: nulls, repeats, extremes, text in several scripts. */
  private static List<GenericRecord> rows(Schema schema, int count, Random random) {
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericRecord row = new GenericData.Record(schema);
      for (Schema.Field field : schema.getFields()) {
        row.put(field.name(), value(field.schema(), random));
      }
      rows.add(row);
    }
    rows.sort(Comparator.comparing(Object::hashCode));
    return rows;
  }

  private static Object value(Schema type, Random random) {
    Schema t = type;
    if (t.getType() == Schema.Type.UNION) {
      if (random.nextInt(4) == 0) {
        return null;
      }
      t = t.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().get();
    }
    return switch (t.getType()) {
      case STRING ->
          random.nextBoolean()
              ? TEXTS.get(random.nextInt(TEXTS.size()))
              : "v" + random.nextInt(random.nextBoolean() ? 10 : 100_000);
      case INT ->
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(5);
            case 1 -> Integer.MIN_VALUE + random.nextInt(3);
            case 2 -> Integer.MAX_VALUE - random.nextInt(3);
            default -> random.nextInt();
          };
      case LONG -> random.nextBoolean() ? (long) random.nextInt(7) - 3 : random.nextLong();
      case BOOLEAN -> random.nextBoolean();
      case DOUBLE ->
          switch (random.nextInt(5)) {
            case 0 -> -0.0;
            case 1 -> Double.NaN;
            case 2 -> (double) random.nextInt(5);
            default -> random.nextGaussian() * 1e6;
          };
      default -> throw new IllegalArgumentException("no sample value of " + t);
    };
  }
}
