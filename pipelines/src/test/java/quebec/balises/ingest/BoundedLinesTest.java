package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {
  private static List<BoundedLines.Line> lines(byte[] bytes, int max) throws IOException {
    BoundedLines reader = new BoundedLines(new ByteArrayInputStream(bytes), max);
    List<BoundedLines.Line> lines = new ArrayList<>();
    BoundedLines.Line line;
    while ((line = reader.next()) != null) {
      lines.add(line);
    }
    return lines;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsOnNewlinesDropsCarriageReturnsAndKeepsAccents() throws IOException {
    assertThat(
        lines(utf8("un\r\nÉté\n\nfin"), 100),
        contains(
            new BoundedLines.Text("un"),
            new BoundedLines.Text("Été"),
            new BoundedLines.Text(""),
            new BoundedLines.Text("fin")));
    assertThat(lines(utf8("un\n"), 100), contains(new BoundedLines.Text("un")));
    assertThat(lines(new byte[0], 100).isEmpty(), is(true));
  }

  @Test
  void aLeadingByteOrderMarkIsDroppedOnlyAtTheStart() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] file = concat(bom, utf8("{}\n"), bom, utf8("{}\n"));
    List<BoundedLines.Line> read = lines(file, 100);
    assertThat(read.get(0), is(new BoundedLines.Text("{}")));
    // Inside the file it is a character of the line (U+FEFF), which JSON then refuses.
    assertThat(read.get(1), is(new BoundedLines.Text("\uFEFF{}")));
  }

  @Test
  void aLineOverTheLimitIsCountedNotKeptAndTheNextLineIsRead() throws IOException {
    byte[] file = utf8("12345\n123456\n1234567\r\nok\n");
    assertThat(
        lines(file, 6),
        contains(
            new BoundedLines.Text("12345"),
            new BoundedLines.Text("123456"),
            new BoundedLines.TooLong(7),
            new BoundedLines.Text("ok")));
  }

  @Test
  void bytesThatAreNotUtf8AreReportedWithTheirOffsetNeverGuessed() throws IOException {
    // "Été" in Latin-1: 0xC9 is not a UTF-8 start byte followed by a continuation byte.
    byte[] latin1 = "{\"name\":\"Été\"}".getBytes(StandardCharsets.ISO_8859_1);
    BoundedLines.Line line = lines(concat(latin1, utf8("\n{}\n")), 100).get(0);
    BoundedLines.NotUtf8 bad = (BoundedLines.NotUtf8) line;
    assertThat(bad.offset(), is(9));
    assertThat(bad.badBytes(), is("0xC9"));
    assertThat(bad.shown(), is("{\"name\":\"\uFFFDt\uFFFD\"}"));
    assertThat(lines(concat(latin1, utf8("\n{}\n")), 100).get(1), is(new BoundedLines.Text("{}")));
  }

  @Test
  void aGibibyteWithoutANewlineStreamsPastInBoundedMemory() throws IOException {
    long size = 1L << 30;
    InputStream endless =
        new InputStream() {
          long left = size;

          @Override
          public int read() {
            return left-- > 0 ? 'x' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
          }
        };
    BoundedLines reader = new BoundedLines(endless, 8 << 20);
    assertThat(reader.next(), is(new BoundedLines.TooLong(size)));
    assertThat(reader.next(), nullValue());
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
