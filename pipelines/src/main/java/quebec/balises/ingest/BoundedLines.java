package quebec.balises.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a stream of bytes into UTF-8 lines without ever holding more than {@code maxBytes} of one
 * line: a longer line is counted and skipped as it streams past (a 1 GiB line without a newline
 * costs 64 KiB of memory, not 1 GiB). Each line is decoded strictly: bytes that are not UTF-8 are
 * reported with their offset, never replaced by a guess. A UTF-8 byte order mark at the start of
 * the stream is dropped. Lines end at {@code \n}; a {@code \r} before it is dropped too.
 *
 * <p>Plain Java, no Beam; not thread-safe.
 */
public final class BoundedLines {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** One line as read. */
  public sealed interface Line {}

  /** A line of valid UTF-8. */
  public record Text(String text) implements Line {}

  /** A line over the limit, skipped unread; {@code bytes} is its whole length. */
  public record TooLong(long bytes) implements Line {}

  /**
   * A line that is not UTF-8.
   *
   * @param offset the offset, in the line, of the first byte that is not UTF-8
   * @param shown the line with each such byte shown as U+FFFD, for a person to find it
   */
  public record NotUtf8(int offset, String badBytes, String shown) implements Line {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean ended;
  private boolean first = true;
  private byte[] line = new byte[256];
  private int length;

  public BoundedLines(InputStream in, int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at the end of the stream. */
  public Line next() throws IOException {
    length = 0;
    long total = 0;
    boolean any = false;
    byte last = 0;
    while (true) {
      if (position == limit) {
        if (ended || !fill()) {
          ended = true;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int newline = indexOf((byte) '\n', position, limit);
      int end = newline < 0 ? limit : newline;
      int n = end - position;
      if (total + n <= maxBytes + 4L) {
        // A few bytes over the limit are kept, for a byte order mark and a \r that do not count.
        append(position, n);
      }
      if (n > 0) {
        last = buffer[end - 1];
      }
      total += n;
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    if (total > 0 && last == '\r') {
      total--;
      length = (int) Math.min(length, total);
    }
    int start = 0;
    if (first) {
      first = false;
      if (length >= 3 && Arrays.equals(line, 0, 3, BOM, 0, 3)) {
        start = 3;
        total -= 3;
      }
    }
    if (total > maxBytes) {
      return new TooLong(total);
    }
    return decode(line, start, length - start);
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  private void append(int from, int n) {
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(buffer, from, line, length, n);
    length += n;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private Line decode(byte[] bytes, int start, int n) {
    decoder.reset();
    ByteBuffer input = ByteBuffer.wrap(bytes, start, n);
    CharBuffer output = CharBuffer.allocate(n);
    CoderResult result = decoder.decode(input, output, true);
    if (!result.isError()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      int offset = input.position() - start;
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < result.length(); i++) {
        hex.append(i == 0 ? "" : " ")
            .append(String.format("0x%02X", bytes[input.position() + i] & 0xFF));
      }
      String shown = new String(bytes, start, n, StandardCharsets.UTF_8);
      return new NotUtf8(offset, hex.toString(), shown);
    }
    output.flip();
    return new Text(output.toString());
  }
}
