package quebec.balises.ingest;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists what an input glob matches on a local disk, once, and says of every matched entry whether
 * it is read and, if not, why: a directory, a symbolic link that leads nowhere (dangling, or two
 * links naming each other), a link loop, a FIFO or a device, a name this JVM cannot decode. Nothing
 * a glob matches is skipped without a trace, and no entry is opened to find out (a FIFO would block
 * the start of the run). Links to directories are followed, loops are detected, not walked.
 *
 * <p>Plain Java, no Beam: the run then reads exactly the files listed here.
 */
public final class InputListing {
  private InputListing() {}

  /** What became of one matched entry. */
  public enum Kind {
    /** A regular file (or a link to one): read. */
    FILE("read"),
    DIRECTORY("not read: a directory"),
    BROKEN_LINK("not read: a symbolic link that leads to no file (dangling, or part of a loop)"),
    LINK_LOOP("not read: a symbolic link back to a folder above it (a loop), not walked"),
    NOT_REGULAR("not read: not a regular file (a FIFO, a socket or a device)"),
    UNDECODABLE_NAME(
        "not read: this JVM cannot decode the file's name; launch it in a UTF-8 locale"
            + " (LC_ALL=C.UTF-8)"),
    UNREADABLE("not read: cannot be listed");

    private final String outcome;

    Kind(String outcome) {
      this.outcome = outcome;
    }

    public String outcome() {
      return outcome;
    }
  }

  /** One matched entry: its path as listed, and what became of it. */
  public record Entry(String path, Kind kind, String detail) {
    public boolean read() {
      return kind == Kind.FILE;
    }

    public String outcome() {
      return detail.isEmpty() ? kind.outcome() : kind.outcome() + " (" + detail + ")";
    }
  }

  /** Whether {@code pattern} names the local disk (no scheme, or {@code file://}). */
  public static boolean isLocal(String pattern) {
    return pattern.startsWith("file://") || !pattern.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /** Whether {@code path} holds a character that a glob would read as a wildcard. */
  public static boolean hasGlob(String path) {
    return path.chars().anyMatch(c -> "*?[]{}".indexOf(c) >= 0);
  }

  /** Every entry that {@code pattern} (a local glob) matches, in the order listed. */
  public static List<Entry> list(String pattern) throws IOException {
    String plain = pattern.startsWith("file://") ? pattern.substring("file://".length()) : pattern;
    Path whole = Path.of(plain);
    // The base is the longest leading part without a wildcard; the rest is matched below it.
    Path base = whole.isAbsolute() ? whole.getRoot() : Path.of("");
    int first = 0;
    for (; first < whole.getNameCount(); first++) {
      String part = whole.getName(first).toString();
      if (hasGlob(part)) {
        break;
      }
      base = base.resolve(part);
    }
    List<Entry> entries = new ArrayList<>();
    if (first == whole.getNameCount()) {
      if (Files.exists(base, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(base)) {
        entries.add(classify(base.toAbsolutePath().normalize()));
      }
      return entries;
    }
    String rest = whole.subpath(first, whole.getNameCount()).toString();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    int depth = rest.contains("**") ? Integer.MAX_VALUE : whole.getNameCount() - first;
    Path root = base.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      return entries;
    }
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        depth,
        new SimpleFileVisitor<>() {
          private boolean matches(Path path) {
            return !path.equals(root) && matcher.matches(root.relativize(path));
          }

          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (matches(dir)) {
              entries.add(new Entry(dir.toString(), Kind.DIRECTORY, ""));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (matches(file)) {
              entries.add(entry(file, attributes));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (e instanceof FileSystemLoopException) {
              entries.add(new Entry(file.toString(), Kind.LINK_LOOP, ""));
            } else if (matches(file)) {
              entries.add(new Entry(file.toString(), Kind.UNREADABLE, String.valueOf(e)));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return entries;
  }

  private static Entry classify(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      // Following the link failed: it leads nowhere.
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
    if (attributes.isDirectory()) {
      return new Entry(path.toString(), Kind.DIRECTORY, "");
    }
    return entry(path, attributes);
  }

  /** Whether the path, as text, opens the file again (the text is all the reader gets). */
  private static boolean namesItself(String name) {
    try {
      return Files.exists(Path.of(name));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  private static Entry entry(Path path, BasicFileAttributes attributes) {
    String name = path.toString();
    if (attributes.isSymbolicLink()) {
      // A followed link reports its target's attributes; one still a link leads nowhere.
      return new Entry(name, Kind.BROKEN_LINK, "");
    }
    if (attributes.isDirectory()) {
      // At the deepest level the walk hands directories to visitFile.
      return new Entry(name, Kind.DIRECTORY, "");
    }
    if (!attributes.isRegularFile()) {
      return new Entry(name, Kind.NOT_REGULAR, "");
    }
    // Outside a UTF-8 locale, the JVM turns each byte it cannot decode into '?': the name no
    // longer names the file, which would then be lost between listing and reading.
    if (!namesItself(name)) {
      return new Entry(
          name,
          Kind.UNDECODABLE_NAME,
          "file names are decoded as " + System.getProperty("sun.jnu.encoding"));
    }
    return new Entry(name, Kind.FILE, "");
  }
}
