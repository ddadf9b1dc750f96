package quebec.balises.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * One Parquet file of a dataset, written by Beam's {@code FileIO} from rows in Avro's binary
 * encoding ({@link AvroBinaryWriteSupport}). Beam's {@code ParquetIO.sink} takes generic records
 * only; this sink writes the same file with the same settings (the codec the dataset names,
 * Parquet's default row group of 128 MiB, a new file each time) without decoding them.
 */
final class ParquetSink implements FileIO.Sink<byte[]> {
  private static final long serialVersionUID = 1L;
  private final String schemaJson;
  private final CompressionCodecName codec;
  private transient ParquetWriter<byte[]> writer;

  ParquetSink(String schemaJson, CompressionCodecName codec) {
    this.schemaJson = schemaJson;
    this.codec = codec;
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    writer = open(Channels.newOutputStream(channel));
  }

  /** A writer of this sink's rows into a stream, which closing the writer closes. */
  ParquetWriter<byte[]> open(OutputStream out) throws IOException {
    return new Builder(new StreamFile(out), new Schema.Parser().parse(schemaJson))
        .withCompressionCodec(codec)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withRowGroupSize((long) ParquetWriter.DEFAULT_BLOCK_SIZE)
        .build();
  }

  @Override
  public void write(byte[] row) throws IOException {
    writer.write(row);
  }

  /** Closes the writer, which writes the footer: FileIO flushes a file once, when it is whole. */
  @Override
  public void flush() throws IOException {
    writer.close();
  }

  private static final class Builder extends ParquetWriter.Builder<byte[], Builder> {
    private final Schema schema;

    Builder(OutputFile file, Schema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<byte[]> getWriteSupport(Configuration conf) {
      return new AvroBinaryWriteSupport(schema, new AvroSchemaConverter(conf).convert(schema));
    }
  }

  /** A Parquet output file over a stream, counting the bytes written for Parquet's offsets. */
  private record StreamFile(OutputStream out) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          out.write(bytes, offset, length);
          position += length;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
