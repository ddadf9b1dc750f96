package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import quebec.balises.model.FileSummary;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRecord;

/**
 * Cutting an NDJSON file into chunks and splitting the chunks gives exactly the records, line
 * numbers and summary that reading the whole file gives, whatever the line endings, blank lines,
 * encodings and read sizes.
 */
class NdjsonChunksTest {

  /** What one way of reading produced. */
  private record Read(
      List<SourceRecord> records, List<Rejection> rejections, FileSummary summary) {}

  private static Read whole(String name, byte[] bytes) {
    List<SourceRecord> records = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    FileSummary summary =
        FhirFileReader.read(
            name, () -> new ByteArrayInputStream(bytes), sink(records, rejections, null));
    return new Read(records, rejections, summary);
  }

  private static Read chunked(String name, byte[] bytes, int chunkBytes, long seed) {
    List<SourceRecord> records = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    List<LineChunk> chunks = new ArrayList<>();
    FileSummary summary =
        FhirFileReader.readInChunks(
            name,
            () -> new SmallReads(bytes, seed),
            (FhirFileReader.ChunkSink) sink(records, rejections, chunks),
            chunkBytes);
    for (LineChunk chunk : chunks) {
      FhirFileReader.splitChunk(chunk, sink(records, rejections, null));
    }
    return new Read(records, rejections, summary);
  }

  private static FhirFileReader.Sink sink(
      List<SourceRecord> records, List<Rejection> rejections, List<LineChunk> chunks) {
    return new FhirFileReader.ChunkSink() {
      @Override
      public void chunk(LineChunk chunk) {
        chunks.add(chunk);
      }

      @Override
      public void record(SourceRecord record) {
        records.add(record);
      }

      @Override
      public void rejected(Rejection rejection) {
        rejections.add(rejection);
      }
    };
  }

  /** Hands out a few bytes at a time, so that cuts fall everywhere, mid-terminator included. */
  private static final class SmallReads extends InputStream {
    private final byte[] bytes;
    private final SplittableRandom random;
    private int position;

    SmallReads(byte[] bytes, long seed) {
      this.bytes = bytes;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }

  private static void assertSame(Read expected, Read actual) {
    assertThat(actual.summary(), is(expected.summary()));
    assertThat(actual.rejections(), is(expected.rejections()));
    assertThat(actual.records(), is(expected.records()));
  }

  private static final String[] PIECES = {
    "{\"resourceType\":\"Patient\",\"id\":\"a\"}",
    "{\"resourceType\":\"Patient\",\"id\":\"é\u00e0\u4e2d\"}",
    "{broken",
    "",
    " ",
    "\t \u000b",
    "\u3000",
    "\u00a0",
    "x\u2003y",
    "\u001c",
    "\ufeff{\"id\":1}",
  };

  private static final String[] ENDINGS = {"\n", "\r\n", "\r", "\n\n", "\r\r\n"};

  @Test
  void chunksGiveTheSameRecordsAsTheWholeFileForAnyEndingsAndCuts() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      int lines = random.nextInt(40);
      for (int i = 0; i < lines; i++) {
        file.write(PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
        if (random.nextInt(10) == 0) {
          file.write(new byte[] {(byte) 0xE2, (byte) 0x82}); // a truncated UTF-8 sequence
        }
        if (i < lines - 1 || random.nextBoolean()) {
          file.write(ENDINGS[random.nextInt(ENDINGS.length)].getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] bytes = file.toByteArray();
      int chunkBytes = 1 + random.nextInt(64);
      assertSame(whole("f.ndjson", bytes), chunked("f.ndjson", bytes, chunkBytes, trial));
      byte[] gz = gzip(bytes);
      assertSame(whole("f.ndjson.gz", gz), chunked("f.ndjson.gz", gz, chunkBytes, trial));
    }
  }

  @Test
  void aLargeFileIsCutIntoSeveralChunksOfWholeLines() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("{\"resourceType\":\"Patient\",\"id\":\"p").append(i).append("\"}\n");
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    List<LineChunk> chunks = new ArrayList<>();
    FhirFileReader.readInChunks(
        "p.ndjson",
        () -> new ByteArrayInputStream(bytes),
        (FhirFileReader.ChunkSink) sink(new ArrayList<>(), new ArrayList<>(), chunks),
        10_000);
    assertThat(chunks.size(), greaterThan(10));
    long lines = 0;
    for (LineChunk chunk : chunks) {
      assertThat(chunk.linesBefore(), is(lines));
      assertThat(chunk.lines()[chunk.lines().length - 1], is((byte) '\n'));
      for (byte b : chunk.lines()) {
        lines += b == '\n' ? 1 : 0;
      }
    }
    assertThat(lines, is(5000L));
    assertSame(whole("p.ndjson", bytes), chunked("p.ndjson", bytes, 10_000, 1));
  }

  @Test
  void aReadErrorEndsTheFileAsTheWholeFileReaderEndsIt() {
    byte[] good = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c".getBytes(StandardCharsets.UTF_8);
    FhirFileReader.Opener failing =
        () ->
            new InputStream() {
              private int position;

              @Override
              public int read() throws IOException {
                if (position == good.length) {
                  throw new IOException("disk on fire");
                }
                return good[position++] & 0xff;
              }
            };
    List<SourceRecord> records = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    List<LineChunk> chunks = new ArrayList<>();
    FileSummary summary =
        FhirFileReader.readInChunks(
            "f.ndjson", failing, (FhirFileReader.ChunkSink) sink(records, rejections, chunks), 4);
    chunks.forEach(c -> FhirFileReader.splitChunk(c, sink(records, rejections, null)));
    List<SourceRecord> wholeRecords = new ArrayList<>();
    List<Rejection> wholeRejections = new ArrayList<>();
    FileSummary wholeSummary =
        FhirFileReader.read("f.ndjson", failing, sink(wholeRecords, wholeRejections, null));
    assertThat(records.size(), is(2));
    assertThat(rejections.get(0).rawRecord(), is("after line 2"));
    assertSame(
        new Read(wholeRecords, wholeRejections, wholeSummary),
        new Read(records, rejections, summary));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
