package quebec.balises.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The run's counts, read back from the lines {@link TallyOutcomes} wrote: per file what was read
 * and how each record ended, and the same per resource type and per reason.
 */
public final class Tally {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Read, accepted and rejected counts. */
  public static final class Counts {
    long read;
    long accepted;
    long rejected;

    public long read() {
      return read;
    }

    public long accepted() {
      return accepted;
    }

    public long rejected() {
      return rejected;
    }

    public boolean reconciles() {
      return read == accepted + rejected;
    }
  }

  /** One input file: its identity and its counts, in total and per resource type. */
  public static final class FileTally {
    String sha256 = "";
    long bytes;
    long blankLines;
    boolean summarised;
    final Counts total = new Counts();
    final SortedMap<String, Counts> byType = new TreeMap<>();

    public String sha256() {
      return sha256;
    }

    public long bytes() {
      return bytes;
    }

    public long blankLines() {
      return blankLines;
    }

    public Counts total() {
      return total;
    }

    public SortedMap<String, Counts> byType() {
      return byType;
    }
  }

  private final SortedMap<String, FileTally> files = new TreeMap<>();
  private final SortedMap<String, Counts> byType = new TreeMap<>();
  private final SortedMap<String, Long> rejectedByReason = new TreeMap<>();
  private final Counts total = new Counts();
  private long derivedFailures;

  public static Tally parse(List<String> lines) {
    Tally tally = new Tally();
    for (String line : lines) {
      if (!line.isBlank()) {
        tally.add(line);
      }
    }
    return tally;
  }

  private void add(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt tally line: " + line, e);
    }
    if ("derived_failure".equals(node.get("kind").asText())) {
      // Not an input record: its inputs are counted where they ended, and its file (an input's, or
      // none) must not appear as one that was never summarised.
      derivedFailures += node.get("count").asLong();
      return;
    }
    FileTally file = files.computeIfAbsent(node.get("file").asText(), f -> new FileTally());
    if ("file".equals(node.get("kind").asText())) {
      file.summarised = true;
      file.sha256 = node.get("sha256").asText();
      file.bytes = node.get("bytes").asLong();
      file.blankLines = node.get("blankLines").asLong();
      file.total.read += node.get("records").asLong();
      total.read += node.get("records").asLong();
      return;
    }
    String type = node.get("resourceType").asText();
    long count = node.get("count").asLong();
    if ("withdrawn".equals(node.get("kind").asText())) {
      // Counted as accepted by another line, then failed: move it, so that it counts once.
      withdraw(file.total, count);
      withdraw(file.byType.computeIfAbsent(type, t -> new Counts()), count);
      withdraw(byType.computeIfAbsent(type, t -> new Counts()), count);
      withdraw(total, count);
      rejectedByReason.merge(node.get("reason").asText(), count, Long::sum);
      return;
    }
    boolean accepted = "accepted".equals(node.get("outcome").asText());
    Counts fileType = file.byType.computeIfAbsent(type, t -> new Counts());
    Counts allType = byType.computeIfAbsent(type, t -> new Counts());
    // Per type, "read" is what ended as that type: a line that is not JSON has no type.
    fileType.read += count;
    allType.read += count;
    if (accepted) {
      file.total.accepted += count;
      fileType.accepted += count;
      allType.accepted += count;
      total.accepted += count;
    } else {
      file.total.rejected += count;
      fileType.rejected += count;
      allType.rejected += count;
      total.rejected += count;
      rejectedByReason.merge(node.get("reason").asText(), count, Long::sum);
    }
  }

  private static void withdraw(Counts counts, long count) {
    counts.accepted -= count;
    counts.rejected += count;
  }

  /**
   * Derived elements (not input records) whose computation failed unexpectedly: each is a row of
   * {@code restricted/rejected} with reason {@code INTERNAL_ERROR}, outside the reconciliation.
   */
  public long derivedFailures() {
    return derivedFailures;
  }

  public SortedMap<String, FileTally> files() {
    return files;
  }

  public SortedMap<String, Counts> byType() {
    return byType;
  }

  public SortedMap<String, Long> rejectedByReason() {
    return rejectedByReason;
  }

  public Counts total() {
    return total;
  }

  /** Files whose counts do not reconcile, or that were never summarised by the reader. */
  public List<String> unreconciledFiles() {
    return files.entrySet().stream()
        .filter(e -> !e.getValue().summarised || !e.getValue().total.reconciles())
        .map(Map.Entry::getKey)
        .toList();
  }
}
