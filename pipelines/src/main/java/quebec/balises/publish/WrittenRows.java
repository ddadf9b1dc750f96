package quebec.balises.publish;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * The rows a dataset's Parquet files hold, by partition folder, read from the files' footers after
 * the run: what was written, counted independently of the pipeline's own counters. Works on any
 * Beam filesystem.
 */
public final class WrittenRows {
  private WrittenRows() {}

  /**
   * Rows per partition folder under {@code root} (for example {@code
   * trajectory=copd/indicator_id=copd-cat-mean-change-3m}); files directly under {@code root} count
   * under the empty string. Empty when the dataset has no file.
   */
  public static Map<String, Long> byPartition(String root) throws IOException {
    Map<String, Long> rows = new TreeMap<>();
    MatchResult match = FileSystems.match(root + "/**.parquet");
    if (match.status() != MatchResult.Status.OK) {
      return rows;
    }
    for (MatchResult.Metadata file : match.metadata()) {
      String path = file.resourceId().toString();
      int start = path.indexOf(root) + root.length() + 1;
      int end = path.lastIndexOf('/');
      String partition = end > start ? path.substring(start, end) : "";
      rows.merge(partition, footerRows(file), Long::sum);
    }
    return rows;
  }

  /** Every row of one Parquet file, as the file holds it, in file order. */
  public static List<GenericRecord> records(MatchResult.Metadata file) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(file.resourceId());
        ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new ChannelFile(channel)).build()) {
      for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static long footerRows(MatchResult.Metadata file) throws IOException {
    try (SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(file.resourceId());
        ParquetFileReader reader = ParquetFileReader.open(new ChannelFile(channel))) {
      return reader.getRecordCount();
    }
  }

  /** A Parquet {@link InputFile} over a seekable Beam channel. */
  private record ChannelFile(SeekableByteChannel channel) implements InputFile {
    @Override
    public long getLength() throws IOException {
      return channel.size();
    }

    @Override
    public SeekableInputStream newStream() {
      return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long position) throws IOException {
          channel.position(position);
        }
      };
    }
  }
}
