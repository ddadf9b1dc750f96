package quebec.balises.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads every file of a folder that the build put on the classpath ({@code fhir-profiles/}, {@code
 * schemas/}), whether the classpath is a directory (tests) or the shaded jar (runs).
 *
 * <p>A folder is read once per JVM and kept: the classpath does not change while the job runs, and
 * the same folders are read by several steps (the catalog, the registry, the data dictionary once
 * per indicator). In the shaded jar a folder is found by walking the jar's central directory (about
 * 130,000 entries) rather than by opening it as a zip file system, which indexes every entry into a
 * tree first: that cost about half a second per read, and a run made dozens of them.
 */
public final class ClasspathFolder {
  private ClasspathFolder() {}

  private static final Map<String, SortedMap<String, String>> READ = new ConcurrentHashMap<>();

  /**
   * File name → UTF-8 content, for the files directly in {@code folder} ending with suffix. The map
   * is unmodifiable and shared by every caller.
   */
  public static SortedMap<String, String> read(String folder, String suffix) {
    return READ.computeIfAbsent(
        folder + "|" + suffix,
        k ->
            Collections.unmodifiableSortedMap(
                readOnce(ClasspathFolder.class.getClassLoader(), folder, suffix)));
  }

  /** The folder as {@link #read} finds it through this class loader, read afresh. */
  static SortedMap<String, String> readOnce(ClassLoader loader, String folder, String suffix) {
    URL url = loader.getResource(folder);
    if (url == null) {
      throw new IllegalStateException("Folder not on the classpath: " + folder);
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        return readFromJar(url, folder, suffix);
      }
      return readAll(Path.of(uri), suffix);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath folder " + folder, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The UTF-8 content of one classpath resource. */
  public static String readFile(String path) {
    try (InputStream in = ClasspathFolder.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("File not on the classpath: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath file " + path, e);
    }
  }

  /** The folder's direct children in the jar that holds it, in entry-name order. */
  private static SortedMap<String, String> readFromJar(URL url, String folder, String suffix)
      throws IOException {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    JarURLConnection connection = (JarURLConnection) url.openConnection();
    // A JarFile of our own, closed here: the class loader's cached one must stay open.
    connection.setUseCaches(false);
    SortedMap<String, String> files = new TreeMap<>();
    try (JarFile jar = new JarFile(connection.getJarFileURL().toURI().getPath())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String path = entry.getName();
        if (entry.isDirectory() || !path.startsWith(prefix) || !path.endsWith(suffix)) {
          continue;
        }
        String name = path.substring(prefix.length());
        if (name.indexOf('/') >= 0) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private static SortedMap<String, String> readAll(Path dir, String suffix) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path file : (Iterable<Path>) entries::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(suffix) && Files.isRegularFile(file)) {
          files.put(name, Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }
}
