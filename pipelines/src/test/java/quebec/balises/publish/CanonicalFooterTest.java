package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.DuckDb;

class CanonicalFooterTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("row")
          .fields()
          .requiredString("name")
          .optionalLong("n")
          .optionalDouble("value")
          .endRecord();

  private static byte[] parquet() throws Exception {
    ParquetIO.Sink sink = ParquetIO.sink(SCHEMA).withCompressionCodec(CompressionCodecName.ZSTD);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    sink.open(Channels.newChannel(file));
    for (int i = 0; i < 100; i++) {
      GenericRecord row = new GenericData.Record(SCHEMA);
      row.put("name", "row " + (i % 7));
      row.put("n", i % 3 == 0 ? null : (long) i);
      row.put("value", i % 5 == 0 ? null : i / 4.0);
      sink.write(row);
    }
    sink.flush();
    return file.toByteArray();
  }

  private static int footerStart(byte[] file) {
    int length = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return file.length - 8 - length;
  }

  private static FileMetaData footer(byte[] file) throws Exception {
    int start = footerStart(file);
    return Util.readFileMetaData(new ByteArrayInputStream(file, start, file.length - 8 - start));
  }

  /** The same file with every column chunk's encodings in reverse order, as another JVM may. */
  private static byte[] reversed(byte[] file) throws Exception {
    FileMetaData metadata = footer(file);
    for (RowGroup group : metadata.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        List<Encoding> encodings = new ArrayList<>(chunk.getMeta_data().getEncodings());
        Collections.reverse(encodings);
        chunk.getMeta_data().setEncodings(encodings);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, footerStart(file));
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    Util.writeFileMetaData(metadata, footer);
    footer.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
    out.write(new byte[] {'P', 'A', 'R', '1'});
    return out.toByteArray();
  }

  @Test
  void theOrderOfEncodingsNoLongerShowsInTheBytes() throws Exception {
    byte[] written = parquet();
    byte[] otherOrder = reversed(written);
    assertThat(
        "a column chunk has several encodings", Arrays.equals(written, otherOrder), is(false));

    byte[] canonical = CanonicalFooter.canonical(written);
    assertThat(Arrays.equals(CanonicalFooter.canonical(otherOrder), canonical), is(true));
    assertThat(Arrays.equals(CanonicalFooter.canonical(canonical), canonical), is(true));
    for (RowGroup group : footer(canonical).getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        List<Encoding> encodings = chunk.getMeta_data().getEncodings();
        assertThat(encodings.size(), greaterThan(1));
        assertThat(
            encodings,
            is(encodings.stream().sorted(Comparator.comparingInt(Encoding::getValue)).toList()));
      }
    }
    // Only the footer changed: the data pages are the same bytes.
    int start = footerStart(written);
    assertThat(footerStart(canonical), is(start));
    assertThat(
        Arrays.equals(
            Arrays.copyOfRange(written, 0, start), Arrays.copyOfRange(canonical, 0, start)),
        is(true));
  }

  @Test
  void theCanonicalFileReadsAsBefore(@TempDir Path folder) throws Exception {
    Path file = Files.write(folder.resolve("part.parquet"), CanonicalFooter.canonical(parquet()));
    long rows = DuckDb.count("select count(*) from read_parquet('" + file + "')");
    assertThat(rows, is(100L));
    long nulls = DuckDb.count("select count(*) from read_parquet('" + file + "') where n is null");
    assertThat(nulls, is(34L));
    assertThat(Files.size(file), is(not(0L)));
  }
}
