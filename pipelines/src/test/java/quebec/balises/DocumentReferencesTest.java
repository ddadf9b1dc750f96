package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.publish.PublicDictionary;

/**
 * Every document the repository cites exists: each {@code docs/…} path in a tracked text file
 * (README, docs, fhir-profiles, schemas, Java sources, dashboard) names a file or folder of the
 * repository, and each {@code methods.md §N} names a section of {@code docs/methods.md}. The same
 * holds for the text Balises publishes: every {@code docs/…} path in {@code public/} is a file that
 * {@code public/} itself holds.
 */
class DocumentReferencesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** A repository path under docs/, not part of a URL or of a longer path. */
  static final Pattern DOCS_PATH = Pattern.compile("(?<![\\w/.\\-])docs/[\\w./\\-]*[\\w/]");

  /** {@code methods.md} followed by one or more section signs: "§1.4", "§1.4, §1.5", "§2 et §8". */
  static final Pattern METHODS_REFERENCE =
      Pattern.compile(
          "methods\\.md\\)?((?:\\s*(?:,|;|and|et)?\\s*§\\s?\\d+(?:\\.\\d+)*)+)",
          Pattern.UNICODE_CASE);

  static final Pattern SECTION_NUMBER = Pattern.compile("§\\s?(\\d+(?:\\.\\d+)*)");

  /** A numbered heading of docs/methods.md: "## 6. Confidence…", "### 6.1 Proportions…". */
  static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} (\\d+(?:\\.\\d+)*)\\.? ");

  static final List<String> TEXT_EXTENSIONS =
      List.of(".md", ".java", ".json", ".avsc", ".csv", ".js", ".html", ".xml", ".sh", ".cff");

  @Test
  void everyDocsPathAndMethodsSectionInTheRepositoryExists() throws IOException {
    Set<String> sections = sections();
    List<String> broken = new ArrayList<>();
    List<Path> files = trackedTextFiles();
    assertThat("tracked files found", files.size() > 100, is(true));
    for (Path file : files) {
      if (file.endsWith(
          Path.of("pipelines/src/test/java/quebec/balises/DocumentReferencesTest.java"))) {
        continue; // its own examples of broken references
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String name = ROOT.relativize(file).toString();
      for (String path : docsPaths(text)) {
        if (!existsInRepository(path)) {
          broken.add(name + ": " + path + " does not exist");
        }
      }
      for (String section : methodsSections(text)) {
        if (!sections.contains(section)) {
          broken.add(name + ": docs/methods.md has no §" + section);
        }
      }
    }
    assertThat(String.join("\n", broken), broken, is(empty()));
  }

  @Test
  void theReferencesCheckFindsWhatItShould() throws IOException {
    assertThat(sections(), hasItems("1.4", "2", "6", "6.1", "9", "10"));
    assertThat(
        methodsSections("(methods.md §1.4, §1.5 ; docs/methods.md §2 et §8.7). §3 alone"),
        is(new TreeSet<>(List.of("1.4", "1.5", "2", "8.7"))));
    assertThat(
        docsPaths("see docs/decisions/0011-measurereport-export.md. and https://x.org/docs/y"),
        is(new TreeSet<>(List.of("docs/decisions/0011-measurereport-export.md"))));
    assertThat(existsInRepository("docs/decisions/0011"), is(true));
    assertThat(existsInRepository("docs/decisions/0099"), is(false));
    assertThat(existsInRepository("docs/nothing-here.md"), is(false));
  }

  @Test
  void everyDocsPathThatPublicTextCitesIsPublishedToo() {
    Map<String, String> published =
        PublicDictionary.files(
            IndicatorCatalog.bundled(), Map.of(), List.of(), PublicDictionary.Release.EMPTY);
    List<String> broken = new ArrayList<>();
    Set<String> sections = sections(published.get("docs/methods.md"));
    published.forEach(
        (name, text) -> {
          for (String path : docsPaths(text)) {
            if (!published.containsKey(path)) {
              broken.add("public/" + name + ": " + path + " is not in public/");
            }
          }
          for (String section : methodsSections(text)) {
            if (!sections.contains(section)) {
              broken.add("public/" + name + ": docs/methods.md has no §" + section);
            }
          }
        });
    assertThat(String.join("\n", broken), broken, is(empty()));
  }

  static Set<String> sections() throws IOException {
    return sections(Files.readString(ROOT.resolve("docs/methods.md"), StandardCharsets.UTF_8));
  }

  static Set<String> sections(String methods) {
    Set<String> sections = new TreeSet<>();
    Matcher heading = HEADING.matcher(methods);
    while (heading.find()) {
      sections.add(heading.group(1));
    }
    return sections;
  }

  static Set<String> docsPaths(String text) {
    Set<String> paths = new TreeSet<>();
    Matcher m = DOCS_PATH.matcher(text);
    while (m.find()) {
      String path = m.group();
      while (path.endsWith(".")) {
        path = path.substring(0, path.length() - 1);
      }
      paths.add(path);
    }
    return paths;
  }

  static Set<String> methodsSections(String text) {
    Set<String> sections = new TreeSet<>();
    Matcher m = METHODS_REFERENCE.matcher(text);
    while (m.find()) {
      Matcher number = SECTION_NUMBER.matcher(m.group(1));
      while (number.find()) {
        sections.add(number.group(1));
      }
    }
    return sections;
  }

  /**
   * Whether {@code path} names a file or folder of the repository; {@code docs/decisions/NNNN} is
   * the short form of the decision record numbered NNNN.
   */
  static boolean existsInRepository(String path) {
    if (Files.exists(ROOT.resolve(path))) {
      return true;
    }
    Matcher decision = Pattern.compile("docs/decisions/(\\d{4})/?").matcher(path);
    if (decision.matches()) {
      try (Stream<Path> records = Files.list(ROOT.resolve("docs/decisions"))) {
        return records.anyMatch(
            p -> p.getFileName().toString().startsWith(decision.group(1) + "-"));
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  /** The repository's tracked text files, from git; without git, the folders a clone holds. */
  static List<Path> trackedTextFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try {
      Process git = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile()).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (git.waitFor() == 0 && !out.isEmpty()) {
        for (String name : out.split("\0")) {
          if (isText(name) && Files.isRegularFile(ROOT.resolve(name))) {
            files.add(ROOT.resolve(name));
          }
        }
        return files;
      }
    } catch (IOException e) {
      // no git: walk the folders below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (String top :
        List.of(
            "README.md",
            "CITATION.cff",
            "docs",
            "fhir-profiles",
            "schemas",
            "pipelines/src",
            "dashboard/src",
            "dashboard/README.md")) {
      Path start = ROOT.resolve(top);
      if (Files.exists(start)) {
        try (Stream<Path> walk = Files.walk(start)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> isText(p.toString()))
              .filter(p -> !p.toString().contains("node_modules"))
              .forEach(files::add);
        }
      }
    }
    return files;
  }

  private static boolean isText(String name) {
    return TEXT_EXTENSIONS.stream().anyMatch(name::endsWith) && !name.startsWith("sample-data/");
  }
}
