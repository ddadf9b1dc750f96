package quebec.balises.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;

/**
 * Atomic publication of a run on a local disk
 * (docs/decisions/0009-disclosure-control-and-atomic-publish.md). A run writes everything into its
 * own folder {@code OUTPUT/.runs/<run id>/}; only when it is complete and reconciled does one
 * atomic rename point the symbolic link {@code OUTPUT/current} at it. {@code OUTPUT/public}, {@code
 * OUTPUT/restricted} and {@code OUTPUT/manifest.json} are fixed links through {@code current}, so
 * readers see the whole of one run or the whole of the next, never a mix, and a run killed at any
 * point leaves the last published run in place. The last {@code keep} published runs are kept;
 * older ones, and the folders of runs that never finished, are removed by the next successful run.
 * One run at a time per output folder (a lock says so).
 */
final class PublishedRuns implements AutoCloseable {
  static final String RUNS = ".runs";
  static final String CURRENT = "current";
  static final List<String> ENTRIES = List.of("public", "restricted", "manifest.json");
  private static final String HISTORY = "published.txt";
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final int keep;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String id;

  private PublishedRuns(Path root, int keep, FileChannel lockChannel, FileLock lock, String id) {
    this.root = root;
    this.keep = keep;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.id = id;
  }

  /**
   * Starts a run under {@code root}: takes the folder's lock and creates the run's own folder.
   *
   * @throws JobFailure when another run holds the lock, or the folder cannot be written
   */
  static PublishedRuns begin(Path root, int keep, Instant now) {
    if (keep < 1) {
      throw new JobFailure(
          ExitCode.USAGE, "--keepRuns=" + keep + " must be at least 1 (the published run is kept)");
    }
    refuseForeignFiles(root);
    try {
      Files.createDirectories(root.resolve(RUNS));
      FileChannel channel =
          FileChannel.open(
              root.resolve(RUNS).resolve("lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new JobFailure(
            ExitCode.OUTPUT,
            "another run is writing to --output="
                + root
                + " (lock "
                + root.resolve(RUNS)
                + "/lock)");
      }
      byte[] random = new byte[3];
      new SecureRandom().nextBytes(random);
      String id = ID.format(now) + "-" + HexFormat.of().formatHex(random);
      Files.createDirectory(root.resolve(RUNS).resolve(id));
      return new PublishedRuns(root, keep, channel, lock, id);
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write to --output=" + root + ": " + Failures.why(e), e);
    }
  }

  /**
   * Refuses to start when {@code OUTPUT/public}, {@code OUTPUT/restricted} or {@code
   * OUTPUT/manifest.json} holds a file that Balises does not write: publishing replaces those
   * entries (an earlier in-place layout's real folders are removed, and runs no longer kept are
   * deleted with everything in them), and a file of the user's must never go with them. Nothing is
   * touched before the check.
   *
   * @throws JobFailure naming the first such file (in path order)
   */
  static void refuseForeignFiles(Path root) {
    for (String entry : ENTRIES) {
      Path path = root.resolve(entry);
      Path real;
      try {
        if (!Files.exists(path)) {
          continue; // absent, or a link through a dangling current: nothing of the user's there
        }
        real = path.toRealPath();
      } catch (IOException e) {
        throw new JobFailure(
            ExitCode.OUTPUT,
            "cannot read " + path + " (--output=" + root + "): " + Failures.why(e));
      }
      List<Path> foreign;
      try (Stream<Path> files = Files.walk(real)) {
        foreign =
            files
                .filter(file -> !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS))
                .filter(file -> !written(entry, real.relativize(file), file))
                .sorted()
                .toList();
      } catch (IOException | UncheckedIOException e) {
        throw new JobFailure(
            ExitCode.OUTPUT, "cannot read " + path + " (--output=" + root + "): " + e.getMessage());
      }
      if (!foreign.isEmpty()) {
        Path shown = path.resolve(real.relativize(foreign.get(0)).toString());
        throw new JobFailure(
            ExitCode.OUTPUT,
            "--output="
                + root
                + " holds a file that Balises did not write, which publishing would delete: "
                + shown
                + (foreign.size() > 1 ? " (and " + (foreign.size() - 1) + " more)" : "")
                + "; move it away, or choose another --output folder. Nothing was changed");
      }
    }
  }

  /**
   * Whether a file under one of the published entries is one that Balises writes: a dataset's
   * {@code part-*.parquet}, a MeasureReport NDJSON file, an indicator CSV, the public dictionary,
   * Data Package, release record, changelog and changes, FHIR package and methods, or the manifest.
   */
  private static boolean written(String entry, Path relative, Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (entry.equals("manifest.json")) {
      return relative.toString().isEmpty() && isManifest(file);
    }
    String path = entry + "/" + relative.toString().replace('\\', '/');
    String name = relative.getFileName().toString();
    if (KNOWN_FILES.contains(path)) {
      return true;
    }
    if (path.startsWith(ExportMeasureReports.FOLDER + "/") && name.endsWith(".ndjson")) {
      return true;
    }
    if (path.startsWith("public/csv/") && name.endsWith(".csv")) {
      return true;
    }
    for (Dataset dataset : Dataset.values()) {
      if (path.startsWith(dataset.folder() + "/")
          && name.startsWith("part-")
          && name.endsWith(".parquet")) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> KNOWN_FILES =
      List.of(
          "public/datapackage.json",
          "public/release.json",
          "public/" + quebec.balises.publish.ReleaseChanges.CHANGELOG,
          "public/" + quebec.balises.publish.ReleaseChanges.CHANGES,
          "public/" + quebec.balises.publish.PublicDictionary.FHIR_PACKAGE,
          "public/" + quebec.balises.publish.PublicDictionary.METHODS,
          "public/" + quebec.balises.publish.PublicDictionary.CRITERIA,
          "public/dictionary/columns.csv",
          "public/dictionary/codes.csv",
          "public/dictionary/indicators.json",
          "public/dictionary/dictionary.md");

  /** A manifest that Balises wrote: JSON with its run id and version. */
  private static boolean isManifest(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.contains("\"runId\"") && text.contains("\"balisesVersion\"");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  String id() {
    return id;
  }

  /** Where this run writes everything. */
  Path folder() {
    return root.resolve(RUNS).resolve(id);
  }

  /** Makes this run the published one, atomically, then removes runs no longer kept. */
  void publish() {
    try {
      Path link = root.resolve(".current-" + id);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(RUNS, id));
      Files.move(link, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE);
      for (String entry : ENTRIES) {
        ensureLink(root.resolve(entry), Path.of(CURRENT, entry));
      }
      Files.writeString(
          root.resolve(RUNS).resolve(HISTORY),
          id + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      prune();
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot publish the run " + id + ": " + Failures.why(e), e);
    }
  }

  /** A fixed link {@code entry -> current/entry}; an earlier layout's real folder is replaced. */
  private static void ensureLink(Path entry, Path target) throws IOException {
    if (Files.isSymbolicLink(entry)) {
      if (Files.readSymbolicLink(entry).equals(target)) {
        return;
      }
      Files.delete(entry);
    } else if (Files.exists(entry)) {
      deleteTree(entry);
    }
    try {
      Files.createSymbolicLink(entry, target);
    } catch (FileAlreadyExistsException e) {
      // Another process made the same link between the check and here: it is the same link.
    }
  }

  private void prune() throws IOException {
    List<String> history = Files.readAllLines(root.resolve(RUNS).resolve(HISTORY));
    List<String> kept =
        new ArrayList<>(history.subList(Math.max(0, history.size() - keep), history.size()));
    List<Path> folders;
    try (Stream<Path> list = Files.list(root.resolve(RUNS))) {
      folders = list.filter(Files::isDirectory).toList();
    }
    for (Path folder : folders) {
      if (!kept.contains(folder.getFileName().toString())) {
        deleteTree(folder);
      }
    }
    Files.writeString(
        root.resolve(RUNS).resolve(HISTORY),
        String.join("\n", kept) + "\n",
        StandardCharsets.UTF_8);
  }

  static void deleteTree(Path path) throws IOException {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }
}
