package quebec.balises.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The input globs, listed once: the files the run reads, exactly, and every entry the globs matched
 * with what became of it, for the manifest. Local globs are listed by {@link InputListing} (no
 * symbolic link loop walked, nothing skipped without a trace); globs on another Beam filesystem
 * (object stores, which have neither links nor FIFOs) by Beam's own match.
 */
public final class InputFiles {
  private InputFiles() {}

  /** One matched entry, under the glob that matched it. */
  public record Matched(String pattern, String path, InputListing.Kind kind, String outcome) {
    public boolean read() {
      return kind == InputListing.Kind.FILE;
    }

    /**
     * A file that holds data but cannot be read: a name this JVM cannot decode, or an entry that
     * cannot be listed. A run never goes on without it (directories, FIFOs and dangling links hold
     * no file to lose: they are recorded and the run goes on).
     */
    public boolean lostFile() {
      return kind == InputListing.Kind.UNDECODABLE_NAME || kind == InputListing.Kind.UNREADABLE;
    }
  }

  /**
   * @param files the files to read, each once (globs may overlap), in listing order
   * @param matched every entry matched, read or not
   * @param empty the globs that matched no file to read
   */
  public record Listed(List<String> files, List<Matched> matched, List<String> empty) {}

  public static Listed list(List<String> patterns) throws IOException {
    Set<String> files = new LinkedHashSet<>();
    List<Matched> matched = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (String pattern : patterns) {
      boolean any = false;
      if (InputListing.isLocal(pattern)) {
        for (InputListing.Entry entry : InputListing.list(pattern)) {
          matched.add(new Matched(pattern, entry.path(), entry.kind(), entry.outcome()));
          if (entry.read()) {
            files.add(entry.path());
            any = true;
          }
        }
      } else {
        MatchResult match = FileSystems.match(pattern);
        if (match.status() == MatchResult.Status.OK) {
          for (MatchResult.Metadata metadata : match.metadata()) {
            String path = metadata.resourceId().toString();
            matched.add(
                new Matched(
                    pattern, path, InputListing.Kind.FILE, InputListing.Kind.FILE.outcome()));
            files.add(path);
            any = true;
          }
        }
      }
      if (!any) {
        empty.add(pattern);
      }
    }
    return new Listed(List.copyOf(files), List.copyOf(matched), List.copyOf(empty));
  }
}
