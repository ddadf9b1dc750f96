package quebec.balises.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every file of a folder that the build put on the classpath ({@code fhir-profiles/}, {@code
 * schemas/}), whether the classpath is a directory (tests) or the shaded jar (runs).
 */
public final class ClasspathFolder {
  private ClasspathFolder() {}

  /** File name → UTF-8 content, for the files directly in {@code folder} ending with suffix. */
  public static SortedMap<String, String> read(String folder, String suffix) {
    URL url = ClasspathFolder.class.getClassLoader().getResource(folder);
    if (url == null) {
      throw new IllegalStateException("Folder not on the classpath: " + folder);
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = openJar(uri)) {
          return readAll(jar.getPath(folder), suffix);
        } catch (FileSystemAlreadyExistsException e) {
          return readAll(FileSystems.getFileSystem(uri).getPath(folder), suffix);
        }
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

  private static FileSystem openJar(URI uri) throws IOException {
    return FileSystems.newFileSystem(uri, Collections.emptyMap());
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
