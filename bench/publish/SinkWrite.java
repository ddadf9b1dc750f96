package quebec.balises.publish;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The Parquet writer's own cost, in one JVM: a dataset's rows (read from a run's output) written
 * from their Avro bytes as the job writes them ({@link ParquetSink}), and as before decision record
 * 0026 (each row decoded into a generic record, then Beam's {@code ParquetIO.sink}). Four rounds,
 * the first one cold; the order of the two writers alternates. It is in the writer's package for
 * its package-private classes, so it is compiled, not launched as a source file:
 *
 * <pre>
 * javac -d /tmp/sink-write -cp pipelines/target/balises.jar bench/publish/SinkWrite.java
 * java -cp pipelines/target/balises.jar:/tmp/sink-write quebec.balises.publish.SinkWrite \
 *     OUTPUT/restricted/scores SCORES
 * </pre>
 */
public class SinkWrite {
  public static void main(String[] args) throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Dataset dataset = Dataset.valueOf(args[1]);
    Schema schema = dataset.schema();
    AvroBytes avro = new AvroBytes(schema);
    List<byte[]> rows = new ArrayList<>();
    for (MatchResult.Metadata file : FileSystems.match(args[0] + "/**.parquet").metadata()) {
      for (GenericRecord row : WrittenRows.records(file)) {
        rows.add(avro.encode(row));
      }
    }
    System.out.printf("%s: %,d rows%n", dataset, rows.size());
    for (int round = 0; round < 4; round++) {
      boolean bytesFirst = round % 2 == 0;
      byte[] fromBytes = null;
      byte[] decoded = null;
      for (int writer = 0; writer < 2; writer++) {
        long start = System.nanoTime();
        if ((writer == 0) == bytesFirst) {
          fromBytes = fromBytes(dataset, rows);
          report(round, "from the bytes (ParquetSink)", start);
        } else {
          decoded = decoded(schema, rows);
          report(round, "decoded, then ParquetIO.sink", start);
        }
      }
      System.out.printf("round %d: same bytes: %s%n", round, Arrays.equals(fromBytes, decoded));
    }
  }

  private static byte[] fromBytes(Dataset dataset, List<byte[]> rows) throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (ParquetWriter<byte[]> writer = dataset.parquetSink().open(file)) {
      for (byte[] row : rows) {
        writer.write(row);
      }
    }
    return file.toByteArray();
  }

  private static byte[] decoded(Schema schema, List<byte[]> rows) throws Exception {
    ParquetIO.Sink sink = ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.ZSTD);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    sink.open(Channels.newChannel(file));
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema, schema);
    BinaryDecoder decoder = null;
    for (byte[] row : rows) {
      decoder = DecoderFactory.get().binaryDecoder(row, decoder);
      sink.write(reader.read(null, decoder));
    }
    sink.flush();
    return file.toByteArray();
  }

  private static void report(int round, String writer, long start) {
    System.out.printf("round %d: %-30s %.2f s%n", round, writer, (System.nanoTime() - start) / 1e9);
  }
}
