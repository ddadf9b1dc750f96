package quebec.balises.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One row of a dataset on its way to the sink that writes its dataset with others ({@link
 * DatasetSink}): the dataset, the row's Hive-style partition ({@code trajectory=copd/…}, empty for
 * an unpartitioned dataset), and the row in Avro's binary encoding under the dataset's schema. Rows
 * of different schemas can then share one collection and one coder, and cross each stage as bytes
 * copied rather than records coded field by field; the Parquet writer of its file reads the bytes
 * as they are ({@link AvroBinaryWriteSupport}).
 */
record DatasetRow(Dataset dataset, String partition, byte[] avro) {
  static final Coder CODER = new Coder();

  /** The folder the row goes to, relative to the run's output folder. */
  String folder() {
    return partition.isEmpty() ? dataset.folder() : dataset.folder() + "/" + partition;
  }

  /** Encodes rows of one dataset, with their partition; the Avro coder is made once per worker. */
  static final class Encoder implements SerializableFunction<GenericRecord, DatasetRow> {
    private static final long serialVersionUID = 1L;
    private final Dataset dataset;
    private final DatasetSink.Partitioning partitioning;
    private transient AvroBytes avro;

    Encoder(Dataset dataset) {
      this.dataset = dataset;
      this.partitioning = new DatasetSink.Partitioning(dataset.partitionedBy());
    }

    @Override
    public DatasetRow apply(GenericRecord row) {
      if (avro == null) {
        avro = new AvroBytes(row.getSchema());
      }
      return new DatasetRow(dataset, partitioning.folderOf(row), avro.encode(row));
    }
  }

  /** The dataset as its place among {@link Dataset#values()}, the partition, the encoded row. */
  static final class Coder extends CustomCoder<DatasetRow> {
    private static final long serialVersionUID = 1L;
    private static final Dataset[] DATASETS = Dataset.values();

    @Override
    public void encode(DatasetRow row, OutputStream out) throws IOException {
      VarIntCoder.of().encode(row.dataset().ordinal(), out);
      StringUtf8Coder.of().encode(row.partition(), out);
      ByteArrayCoder.of().encode(row.avro(), out);
    }

    @Override
    public DatasetRow decode(InputStream in) throws IOException {
      int ordinal = VarIntCoder.of().decode(in);
      if (ordinal < 0 || ordinal >= DATASETS.length) {
        throw new CoderException("no dataset at place " + ordinal);
      }
      return new DatasetRow(
          DATASETS[ordinal], StringUtf8Coder.of().decode(in), ByteArrayCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    // Every copy of the coder codes alike; runners compare coders (Flink before a union).
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Coder;
    }

    @Override
    public int hashCode() {
      return Coder.class.hashCode();
    }
  }
}
