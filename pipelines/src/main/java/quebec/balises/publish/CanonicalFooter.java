package quebec.balises.publish;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Rewrites a whole Parquet file's footer so that it does not depend on the JVM that wrote it.
 *
 * <p>parquet-mr (1.13) collects the encodings of a column chunk in a {@code HashSet<Encoding>}
 * ({@code ParquetFileWriter.startColumn}, {@code currentEncodings}; also the repetition- and
 * definition-level sets of {@code ColumnChunkPageWriteStore}), and {@code
 * ParquetMetadataConverter.toFormatEncodings} writes the footer's {@code encodings} list in that
 * set's iteration order. {@code Encoding} is an enum, whose hash code is the object's identity
 * hash: it changes from one JVM to the next, and so does the order of the list. The same rows then
 * give different bytes in two runs. This class sorts every column chunk's {@code encodings} (and,
 * for the same reason, its {@code encoding_stats}) by the Thrift value of the encoding, then
 * serialises the footer again; the data pages, indexes and everything else in the file are
 * untouched, and the footer stays at the end of the file where readers find it through its length.
 */
final class CanonicalFooter {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** Encoding statistics: dictionary pages first (as parquet-mr writes them), then by encoding. */
  private static final Comparator<PageEncodingStats> STATS_ORDER =
      Comparator.comparing((PageEncodingStats s) -> s.getPage_type() != PageType.DICTIONARY_PAGE)
          .thenComparingInt(s -> s.getPage_type().getValue())
          .thenComparingInt(s -> s.getEncoding().getValue());

  private CanonicalFooter() {}

  /**
   * The same file with its footer in canonical order.
   *
   * @throws IOException when {@code file} is not a whole, unencrypted Parquet file
   */
  static byte[] canonical(byte[] file) throws IOException {
    int length = file.length;
    if (length < 2 * MAGIC.length + 4
        || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || !Arrays.equals(file, length - MAGIC.length, length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("not a whole Parquet file (" + length + " bytes)");
    }
    int footerLength =
        ByteBuffer.wrap(file, length - MAGIC.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int footerStart = length - MAGIC.length - 4 - footerLength;
    if (footerLength <= 0 || footerStart < MAGIC.length) {
      throw new IOException("invalid Parquet footer length " + footerLength);
    }
    FileMetaData metadata =
        Util.readFileMetaData(new ByteArrayInputStream(file, footerStart, footerLength));
    sort(metadata);
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
    out.write(file, 0, footerStart);
    ByteArrayOutputStream footer = new ByteArrayOutputStream(footerLength + 64);
    Util.writeFileMetaData(metadata, footer);
    footer.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
    out.write(MAGIC);
    return out.toByteArray();
  }

  private static void sort(FileMetaData metadata) {
    if (!metadata.isSetRow_groups()) {
      return;
    }
    for (RowGroup group : metadata.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        if (!chunk.isSetMeta_data()) {
          continue;
        }
        ColumnMetaData column = chunk.getMeta_data();
        List<Encoding> encodings = column.getEncodings();
        if (encodings != null) {
          column.setEncodings(
              encodings.stream().sorted(Comparator.comparingInt(Encoding::getValue)).toList());
        }
        if (column.isSetEncoding_stats()) {
          column.setEncoding_stats(
              column.getEncoding_stats().stream().sorted(STATS_ORDER).toList());
        }
      }
    }
  }
}
