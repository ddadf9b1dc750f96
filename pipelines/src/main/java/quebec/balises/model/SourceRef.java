package quebec.balises.model;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a record came from: the file, and its line (NDJSON), its entry index (Bundle), or both (an
 * entry of a Bundle on one NDJSON line, as in a Bulk Data {@code deleted} file). Every output row
 * and every dead letter carries one, so that a data team can find the record again.
 */
public record SourceRef(String file, @Nullable Long line, @Nullable Integer entryIndex)
    implements Serializable, Comparable<SourceRef> {

  public static SourceRef line(String file, long line) {
    return new SourceRef(file, line, null);
  }

  public static SourceRef entry(String file, int entryIndex) {
    return new SourceRef(file, null, entryIndex);
  }

  public static SourceRef lineEntry(String file, long line, int entryIndex) {
    return new SourceRef(file, line, entryIndex);
  }

  public static SourceRef wholeFile(String file) {
    return new SourceRef(file, null, null);
  }

  /** Orders by file then position, so that "first seen" is the same on every runner. */
  @Override
  public int compareTo(SourceRef other) {
    int byFile = file.compareTo(other.file);
    if (byFile != 0) {
      return byFile;
    }
    int byPosition = Long.compare(position(), other.position());
    if (byPosition != 0 || line == null || other.line == null) {
      return byPosition;
    }
    return Integer.compare(
        entryIndex == null ? -1 : entryIndex, other.entryIndex == null ? -1 : other.entryIndex);
  }

  private long position() {
    if (line != null) {
      return line;
    }
    return entryIndex != null ? entryIndex : -1;
  }

  @Override
  public String toString() {
    if (line != null) {
      return file + ":" + line + (entryIndex == null ? "" : "#entry[" + entryIndex + "]");
    }
    return entryIndex != null ? file + "#entry[" + entryIndex + "]" : file;
  }
}
