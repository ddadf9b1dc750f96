package quebec.balises.publish;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;

/**
 * A Parquet sink that writes its file's rows in a fixed order (Avro's order of records, field by
 * field), so that the same rows always give the same bytes whatever order the runner delivers them
 * in: reruns publish byte-identical files. It holds one file's rows until the file is flushed, so
 * it is for small, aggregated datasets only (one file per public partition).
 */
final class SortedParquetSink implements FileIO.Sink<GenericRecord> {
  private static final long serialVersionUID = 1L;

  private final ParquetIO.Sink parquet;
  private final String schemaJson;
  private transient List<GenericRecord> rows;
  private transient Schema schema;

  SortedParquetSink(ParquetIO.Sink parquet, Schema schema) {
    this.parquet = parquet;
    this.schemaJson = schema.toString();
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    parquet.open(channel);
    rows = new ArrayList<>();
    schema = new Schema.Parser().parse(schemaJson);
  }

  @Override
  public void write(GenericRecord row) {
    rows.add(row);
  }

  @Override
  public void flush() throws IOException {
    rows.sort((a, b) -> GenericData.get().compare(a, b, schema));
    for (GenericRecord row : rows) {
      parquet.write(row);
    }
    rows.clear();
    parquet.flush();
  }
}
