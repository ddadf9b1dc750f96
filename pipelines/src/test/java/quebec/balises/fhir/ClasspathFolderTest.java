package quebec.balises.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathFolderTest {
  @TempDir Path temp;

  /** In a jar (as in the shaded jar of a run): direct children with the suffix, nothing else. */
  @Test
  void readsAFolderOfAJar() throws Exception {
    Path jar = temp.resolve("folders.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      entry(out, "measures/", null);
      entry(out, "measures/b.json", "{\"b\":2}");
      entry(out, "measures/a.json", "{\"a\":\"é\"}");
      entry(out, "measures/notes.txt", "not json");
      entry(out, "measures/nested/", null);
      entry(out, "measures/nested/c.json", "{}");
      entry(out, "measures-old/d.json", "{}");
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      SortedMap<String, String> files = ClasspathFolder.readOnce(loader, "measures", ".json");
      assertEquals(Map.of("a.json", "{\"a\":\"é\"}", "b.json", "{\"b\":2}"), files);
      assertEquals(List.of("a.json", "b.json"), List.copyOf(files.keySet()));
      assertEquals(
          "Folder not on the classpath: absent",
          assertThrows(
                  IllegalStateException.class,
                  () -> ClasspathFolder.readOnce(loader, "absent", ".json"))
              .getMessage());
    }
  }

  /** In a directory (as in tests), the same. */
  @Test
  void readsAFolderOfADirectory() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("classes/measures"));
    Files.writeString(folder.resolve("a.json"), "{\"a\":1}");
    Files.writeString(folder.resolve("notes.txt"), "x");
    Files.createDirectories(folder.resolve("nested"));
    Files.writeString(folder.resolve("nested/c.json"), "{}");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {temp.resolve("classes").toUri().toURL()}, null)) {
      assertEquals(
          Map.of("a.json", "{\"a\":1}"), ClasspathFolder.readOnce(loader, "measures", ".json"));
    }
  }

  /** A folder is read once per JVM: the same unmodifiable map for every caller. */
  @Test
  void readsEachFolderOnce() {
    SortedMap<String, String> first = ClasspathFolder.read("fhir-profiles/measures", ".json");
    assertSame(first, ClasspathFolder.read("fhir-profiles/measures", ".json"));
    assertFalse(first.isEmpty());
    assertThrows(UnsupportedOperationException.class, () -> first.put("x.json", "{}"));
  }

  private static void entry(JarOutputStream out, String name, String text) throws Exception {
    out.putNextEntry(new JarEntry(name));
    if (text != null) {
      OutputStream stream = out;
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
    out.closeEntry();
  }
}
