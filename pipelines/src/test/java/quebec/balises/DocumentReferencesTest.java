package quebec.balises;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>Beyond {@code docs/}: in the README, {@code docs/}, {@code fhir-profiles/}, {@code schemas/},
 * {@code bench/}, {@code dashboard/} and the comments of {@code pipelines/src/main}, every relative
 * Markdown link and every cited repository path ({@code docs/…}, {@code schemas/…}, {@code
 * fhir-profiles/…}, {@code pipelines/…}, {@code bench/…}, {@code dashboard/…}, {@code
 * sample-data/…}) names a file or folder of the repository, and a link's {@code #anchor} into a
 * Markdown file names one of its headings. A failure lists every broken reference as {@code
 * file:line}. Plain file reading: no build output, no pipeline.
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
      List.of(
          ".md", ".java", ".json", ".avsc", ".csv", ".js", ".mjs", ".css", ".html", ".xml", ".sh",
          ".py", ".cff");

  /**
   * A repository path: one of the repository's top folders, then a path. Not part of a URL or of a
   * longer path (so {@code public/docs/methods.md}, the published copy, is not one). It stops
   * before a glob or a placeholder ({@code *}, {@code <id>}, {@code {x}}, {@code …}), whose prefix
   * folder is then what must exist.
   */
  static final Pattern REPOSITORY_PATH =
      Pattern.compile(
          "(?<![\\w/.\\-@:$])(?:docs|schemas|fhir-profiles|pipelines|bench|dashboard|sample-data)"
              + "/[\\w./\\-]*[*<{…]?");

  /** An inline Markdown link or image: {@code [text](target)} or {@code [text](target "title")}. */
  static final Pattern MARKDOWN_LINK =
      Pattern.compile("\\]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");

  /** An HTML anchor that Markdown links may target: {@code <a id="x">} or {@code name="x"}. */
  static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

  /** Build outputs that the docs cite: only their module must exist. */
  static final List<String> BUILD_OUTPUTS =
      List.of(
          "pipelines/target/",
          "bench/target/",
          "dashboard/target/",
          "dashboard/dist/",
          "dashboard/node_modules/");

  /** Where links and repository paths are checked (folders, or single files). */
  static final List<String> CITING =
      List.of(
          "README.md",
          "CITATION.cff",
          "docs/",
          "fhir-profiles/",
          "schemas/",
          "bench/",
          "dashboard/",
          "sample-data/README.md",
          "pipelines/src/main/");

  @Test
  void everyDocsPathAndMethodsSectionInTheRepositoryExists() throws IOException {
    Set<String> sections = sections();
    List<String> broken = new ArrayList<>();
    List<Path> files = trackedTextFiles();
    assertThat("tracked files found", files.size() > 100, is(true));
    for (Path file : files) {
      if (file.endsWith(SELF)) {
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
  void everyLinkAndRepositoryPathResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    List<Path> files = citingFiles();
    assertThat("citing files found", files.size() > 100, is(true));
    for (Path file : files) {
      if (file.endsWith(SELF)) {
        continue; // its own examples of broken references
      }
      String name = ROOT.relativize(file).toString().replace('\\', '/');
      broken.addAll(brokenReferences(name, Files.readString(file, StandardCharsets.UTF_8)));
    }
    assertThat(
        broken.size() + " broken references:\n" + String.join("\n", broken), broken, is(empty()));
  }

  /** A decision record's status: accepted, or superseded (in part) by a linked later record. */
  static final Pattern DECISION_STATUS =
      Pattern.compile(
          "Status: (?:Accepted\\b|Superseded (?:in part )?by \\[(\\d{4})\\]\\((\\d{4})-[\\w\\-]+\\.md\\))");

  @Test
  void everyDecisionRecordHasAStatusAndIsIndexed() throws IOException {
    String index = Files.readString(ROOT.resolve("docs/decisions/README.md"), UTF_8);
    List<String> problems = new ArrayList<>();
    List<Path> records;
    try (Stream<Path> files = Files.list(ROOT.resolve("docs/decisions"))) {
      records =
          files.filter(p -> p.getFileName().toString().matches("\\d{4}-.*\\.md")).sorted().toList();
    }
    assertThat("decision records found", records.size() >= 13, is(true));
    for (Path record : records) {
      String name = record.getFileName().toString();
      List<String> top = Files.readAllLines(record, UTF_8).stream().limit(8).toList();
      Matcher status =
          top.stream()
              .map(DECISION_STATUS::matcher)
              .filter(Matcher::lookingAt)
              .findFirst()
              .orElse(null);
      if (status == null) {
        problems.add(
            "docs/decisions/"
                + name
                + ": no 'Status: Accepted' or 'Status: Superseded [in part] by [NNNN](NNNN-….md)'"
                + " line among its first 8 lines");
      } else if (status.group(1) != null && !status.group(1).equals(status.group(2))) {
        problems.add("docs/decisions/" + name + ": its status names one record and links another");
      }
      if (!index.contains("](" + name + ")")) {
        problems.add("docs/decisions/README.md: no link to " + name);
      }
    }
    assertThat(String.join("\n", problems), problems, is(empty()));
  }

  @Test
  void theReadmeLayoutListsEveryPackage() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), UTF_8);
    String layout = readme.substring(readme.indexOf("Layout:"));
    List<String> missing = new ArrayList<>();
    try (Stream<Path> packages =
        Files.list(ROOT.resolve("pipelines/src/main/java/quebec/balises"))) {
      packages
          .filter(Files::isDirectory)
          .map(p -> p.getFileName() + "/")
          .sorted()
          .filter(name -> !Pattern.compile("(?m)^    " + name + " ").matcher(layout).find())
          .forEach(missing::add);
    }
    assertThat("packages missing from the README's layout: " + missing, missing, is(empty()));
  }

  /**
   * {@code .ci/run} runs the Quick start's two fenced blocks (the main job, then the tests), so the
   * section holds exactly two, and its prose names every prerequisite of the two commands.
   */
  @Test
  void theQuickStartHoldsTheTwoCommandsAndTheirPrerequisites() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), UTF_8);
    int start = readme.indexOf("\n## Quick start\n");
    assertThat("README has a Quick start", start >= 0, is(true));
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```").matcher(section);
    while (block.find()) {
      blocks.add(block.group(1).strip());
    }
    assertThat(blocks.toString(), blocks.size(), is(2));
    assertThat(blocks.get(0), blocks.get(0).contains("java -jar pipelines/target/balises.jar run"));
    assertThat(blocks.get(1), is("mvn -B verify"));
    for (String prerequisite : List.of("JDK 17", "Maven", "Node.js 20", "npm", "Chromium")) {
      assertThat("the Quick start names " + prerequisite, section.contains(prerequisite), is(true));
    }
  }

  @Test
  void theLinkCheckFindsWhatItShould() {
    String markdown =
        String.join(
            "\n",
            "# Example",
            "See [methods](methods.md#2-publication-rules-and-disclosure-control),"
                + " [ADR 0012](decisions/0012-disclosure-against-an-integer-attacker.md),"
                + " [up](#example), [outside](https://example.org/x.md) and [a](missing.md).",
            "Paths: `schemas/indicators.avsc`, `fhir-profiles/measures/*.json`, `pipelines/target/balises.jar`,",
            "`schemas/nothing.avsc`, `bench/nothing/<id>.txt` and out/public/docs/methods.md.",
            "[wrong anchor](methods.md#no-such-section) [self](#nothing-here) `a[0](b)` ADR 0099",
            "```",
            "[in code](not-a-link.md) docs/not-here-either.md",
            "```");
    assertThat(
        brokenReferences("docs/example.md", markdown),
        is(
            List.of(
                "docs/example.md:2: link missing.md: docs/missing.md does not exist",
                "docs/example.md:4: schemas/nothing.avsc does not exist",
                "docs/example.md:4: bench/nothing/ does not exist",
                "docs/example.md:5: decision record 0099 does not exist",
                "docs/example.md:5: link methods.md#no-such-section: docs/methods.md has no"
                    + " heading #no-such-section",
                "docs/example.md:5: link #nothing-here: docs/example.md has no heading"
                    + " #nothing-here",
                "docs/example.md:7: docs/not-here-either.md does not exist")));
    String java =
        String.join(
            "\n",
            "/** See docs/methods.md and docs/nothing.md. */",
            "class X {",
            "  String s = \"docs/in-a-string.md // not a comment\"; // schemas/gone.avsc",
            "  String t = \"\"\"",
            "      docs/in-a-text-block.md /* still a string */",
            "      \"\"\"; /* fhir-profiles/gone/",
            "  pipelines/gone.txt */ char c = '\"';",
            "}");
    assertThat(
        brokenReferences("pipelines/src/main/java/X.java", java),
        is(
            List.of(
                "pipelines/src/main/java/X.java:1: docs/nothing.md does not exist",
                "pipelines/src/main/java/X.java:3: schemas/gone.avsc does not exist",
                "pipelines/src/main/java/X.java:6: fhir-profiles/gone/ does not exist",
                "pipelines/src/main/java/X.java:7: pipelines/gone.txt does not exist")));
    assertThat(existsFor("dashboard/package.json", "bench/compare-readers.mjs"), is(true));
    assertThat(existsFor("README.md", "bench/compare-readers.mjs"), is(false));
    assertThat(
        anchors("# Été 2025 : `a/b` (c)\n## Same\n## Same\n<a id=\"custom\"></a>"),
        is(new TreeSet<>(List.of("été-2025--ab-c", "same", "same-1", "custom"))));
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

  static final Path SELF =
      Path.of("pipelines/src/test/java/quebec/balises/DocumentReferencesTest.java");

  /**
   * Every broken link and repository path of one file, as {@code file:line: what}. Java files are
   * read for their comments only; Markdown files for their links too (not inside fenced code).
   */
  static List<String> brokenReferences(String name, String text) {
    List<String> broken = new ArrayList<>();
    boolean markdown = name.endsWith(".md");
    String[] lines = (name.endsWith(".java") ? commentsOnly(text) : text).split("\n", -1);
    boolean fenced = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = name + ":" + (i + 1) + ": ";
      if (markdown && line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher path = REPOSITORY_PATH.matcher(line);
      while (path.find()) {
        boolean linkTarget = path.start() >= 2 && line.startsWith("](", path.start() - 2);
        String cited = citedPath(path.group());
        if (!(markdown && !fenced && linkTarget) && !existsFor(name, cited)) {
          broken.add(where + cited + " does not exist");
        }
      }
      Matcher decision = DECISION_NUMBER.matcher(line);
      while (decision.find()) {
        if (!existsInRepository("docs/decisions/" + decision.group(1))) {
          broken.add(where + "decision record " + decision.group(1) + " does not exist");
        }
      }
      if (markdown && !fenced) {
        Matcher link = MARKDOWN_LINK.matcher(INLINE_CODE.matcher(line).replaceAll(" "));
        while (link.find()) {
          String problem = linkProblem(name, text, link.group(1));
          if (problem != null) {
            broken.add(where + "link " + link.group(1) + ": " + problem);
          }
        }
      }
    }
    return broken;
  }

  /**
   * The path a match cites: up to the folder before a glob or placeholder ({@code
   * fhir-profiles/measures/*.json} cites {@code fhir-profiles/measures/}), without a sentence's
   * final full stop; a build output cites only its module.
   */
  static String citedPath(String match) {
    String path = match;
    char last = path.charAt(path.length() - 1);
    if ("*<{…".indexOf(last) >= 0) {
      path = path.substring(0, path.lastIndexOf('/') + 1);
    }
    while (path.endsWith(".") || path.endsWith("-")) {
      path = path.substring(0, path.length() - 1);
    }
    for (String output : BUILD_OUTPUTS) {
      if (path.startsWith(output) || path.equals(output.substring(0, output.length() - 1))) {
        return path.substring(0, path.indexOf('/') + 1);
      }
    }
    return path;
  }

  /** A decision record cited by number: "ADR 0009", "decision 0012", "Decision 0009". */
  static final Pattern DECISION_NUMBER = Pattern.compile("\\b(?:ADRs?|[Dd]ecisions?) (\\d{4})\\b");

  /** Inline code in Markdown: {@code `…`}, where brackets and parentheses are not a link. */
  static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  /**
   * Whether a path cited in file {@code name} exists: from the repository's root, or, in a module
   * with scripts of its own ({@code dashboard/}, {@code bench/}), from that module's folder ({@code
   * node bench/compare-readers.mjs} in {@code dashboard/package.json}).
   */
  static boolean existsFor(String name, String path) {
    if (existsInRepository(path)) {
      return true;
    }
    int slash = name.indexOf('/');
    return slash > 0
        && List.of("dashboard", "bench").contains(name.substring(0, slash))
        && Files.exists(ROOT.resolve(name.substring(0, slash)).resolve(path));
  }

  /**
   * Why a Markdown link of file {@code name} (whose text is {@code text}) does not resolve, or null
   * when it does.
   */
  static String linkProblem(String name, String text, String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.\\-]*:.*") || target.startsWith("//")) {
      return null; // a URL: outside the repository
    }
    int hash = target.indexOf('#');
    String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), UTF_8);
    String anchor = hash < 0 ? "" : target.substring(hash + 1);
    Path resolved =
        file.isEmpty()
            ? ROOT.resolve(name)
            : file.startsWith("/")
                ? ROOT.resolve(file.substring(1)).normalize()
                : ROOT.resolve(name).getParent().resolve(file).normalize();
    String relative = ROOT.relativize(resolved).toString().replace('\\', '/');
    if (!resolved.startsWith(ROOT)) {
      return relative + " is outside the repository";
    }
    if (file.isEmpty()) {
      return anchors(text).contains(anchor) ? null : relative + " has no heading #" + anchor;
    }
    if (!Files.exists(resolved)) {
      return relative + " does not exist";
    }
    if (!anchor.isEmpty() && relative.endsWith(".md")) {
      try {
        if (!anchors(Files.readString(resolved, UTF_8)).contains(anchor)) {
          return relative + " has no heading #" + anchor;
        }
      } catch (IOException e) {
        return relative + " cannot be read: " + e.getMessage();
      }
    }
    return null;
  }

  static final Pattern MARKDOWN_HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  /**
   * The anchors of a Markdown file as GitHub renders them: each heading's text in lower case,
   * without its markup and punctuation, spaces as hyphens, a repeated heading numbered {@code -1},
   * {@code -2}…; and explicit {@code <a id>} or {@code <a name>} anchors.
   */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        anchors.add(html.group(1));
      }
      Matcher heading = MARKDOWN_HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String slug =
          heading
              .group(1)
              .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
              .replaceAll("[`*]", "")
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\p{M} _\\-]", "")
              .replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  /**
   * The comments of a Java source, everything else blanked (line breaks kept, so line numbers
   * hold): string literals, text blocks and character literals are code, not comments.
   */
  static String commentsOnly(String java) {
    StringBuilder out = new StringBuilder(java.length());
    int state = 0; // 0 code, 1 line comment, 2 block comment, 3 string, 4 char, 5 text block
    int i = 0;
    while (i < java.length()) {
      char c = java.charAt(i);
      if (state == 0 && (java.startsWith("//", i) || java.startsWith("/*", i))) {
        state = java.charAt(i + 1) == '/' ? 1 : 2;
        out.append("  ");
        i += 2;
      } else if (state == 0 && java.startsWith("\"\"\"", i)) {
        state = 5;
        out.append("   ");
        i += 3;
      } else if (state == 0) {
        state = c == '"' ? 3 : c == '\'' ? 4 : 0;
        out.append(c == '\n' ? '\n' : ' ');
        i++;
      } else if (state == 1 || state == 2) {
        if (state == 2 && java.startsWith("*/", i)) {
          state = 0;
          out.append("  ");
          i += 2;
        } else {
          state = state == 1 && c == '\n' ? 0 : state;
          out.append(c);
          i++;
        }
      } else if (c == '\\' && i + 1 < java.length()) {
        out.append(' ').append(java.charAt(i + 1) == '\n' ? '\n' : ' ');
        i += 2;
      } else {
        if (state == 5 && java.startsWith("\"\"\"", i)) {
          state = 0;
          out.append("   ");
          i += 3;
          continue;
        }
        if ((state == 3 && c == '"') || (state == 4 && c == '\'')) {
          state = 0;
        }
        out.append(c == '\n' ? '\n' : ' ');
        i++;
      }
    }
    return out.toString();
  }

  /** The tracked text files where links and repository paths are checked ({@link #CITING}). */
  static List<Path> citingFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path file : trackedTextFiles()) {
      String name = ROOT.relativize(file).toString().replace('\\', '/');
      if (CITING.stream().anyMatch(name::startsWith) && !name.endsWith("package-lock.json")) {
        files.add(file);
      }
    }
    return files;
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
            "dashboard",
            "bench",
            "sample-data/README.md")) {
      Path start = ROOT.resolve(top);
      if (Files.exists(start)) {
        try (Stream<Path> walk = Files.walk(start)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> isText(ROOT.relativize(p).toString().replace('\\', '/')))
              .filter(p -> !ROOT.relativize(p).toString().replace('\\', '/').contains("target/"))
              .forEach(files::add);
        }
      }
    }
    return files;
  }

  private static boolean isText(String name) {
    return TEXT_EXTENSIONS.stream().anyMatch(name::endsWith)
        && (!name.startsWith("sample-data/") || name.endsWith(".md"))
        && !name.contains("node_modules/");
  }
}
