package quebec.balises.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;

/**
 * A text sink that writes its file's lines in sorted order, each ended by a newline, so that the
 * same lines always give the same bytes whatever order the runner delivers them in (as {@link
 * SortedParquetSink} does for Parquet). It holds one file's lines until the file is flushed: for
 * small, aggregated outputs only.
 */
final class SortedLinesSink implements FileIO.Sink<String> {
  private static final long serialVersionUID = 1L;

  private transient OutputStream stream;
  private transient List<String> lines;

  @Override
  public void open(WritableByteChannel channel) {
    stream = Channels.newOutputStream(channel);
    lines = new ArrayList<>();
  }

  @Override
  public void write(String line) {
    lines.add(line);
  }

  @Override
  public void flush() throws IOException {
    lines.sort(null);
    for (String line : lines) {
      stream.write(line.getBytes(StandardCharsets.UTF_8));
      stream.write('\n');
    }
    lines.clear();
    stream.flush();
  }
}
