package quebec.balises.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.PublicDictionary;
import quebec.balises.publish.ReleaseChanges;

/**
 * The run's output folder: where it is, whether it is writable, what an earlier run left in it, and
 * the run's scratch folder ({@code .balises-run/}) that is removed before publishing.
 */
final class OutputFolder {
  private OutputFolder() {}

  /** The output as a local folder, or null when it is on another Beam filesystem. */
  static Path localFolder(String output) {
    if (output.startsWith("file://")) {
      return Path.of(java.net.URI.create(output)).toAbsolutePath();
    }
    if (output.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return null;
    }
    return Path.of(output).toAbsolutePath();
  }

  /** Checks the folder is writable and removes what an earlier run wrote, so reruns are clean. */
  static void prepare(String output, boolean inPlace) {
    String probe = output + "/.balises-run/write-probe";
    try {
      ResourceId probeId = FileSystems.matchNewResource(probe, false);
      try (OutputStream stream =
          Channels.newOutputStream(FileSystems.create(probeId, "text/plain"))) {
        stream.write('.');
      }
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write to --output=" + output + ": " + Failures.why(e), e);
    } catch (RuntimeException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write to --output=" + output + ": " + e.getMessage(), e);
    }
    deleteRunFolder(output);
    if (inPlace) {
      for (Dataset dataset : Dataset.values()) {
        delete(output + "/" + dataset.folder() + "/**");
      }
      delete(output + "/" + ExportMeasureReports.FOLDER + "/**");
      delete(output + "/public/dictionary/**");
      delete(output + "/public/datapackage.json");
      delete(output + "/public/release.json");
      delete(output + "/public/" + ReleaseChanges.CHANGELOG);
      delete(output + "/public/" + ReleaseChanges.CHANGES);
      delete(output + "/public/" + PublicDictionary.FHIR_PACKAGE);
      delete(output + "/public/csv/**");
      delete(output + "/public/docs/**");
      delete(output + "/manifest.json");
    }
  }

  /**
   * Removes the run's scratch folder ({@code .balises-run/}: the tally and sink temp files). On
   * object stores folders do not exist once their files are gone; on a local disk the empty folders
   * are removed too.
   */
  static void deleteRunFolder(String output) {
    delete(output + "/.balises-run/**");
    Path local = Path.of(output, ".balises-run");
    if (Files.isDirectory(local)) {
      try (Stream<Path> paths = Files.walk(local)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new JobFailure(ExitCode.OUTPUT, "cannot clean " + local + ": " + e.getMessage());
      }
    }
  }

  private static void delete(String pattern) {
    try {
      List<ResourceId> found = new ArrayList<>();
      for (MatchResult match : FileSystems.match(List.of(pattern))) {
        if (match.status() == MatchResult.Status.OK) {
          match.metadata().forEach(m -> found.add(m.resourceId()));
        }
      }
      FileSystems.delete(found, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new JobFailure(ExitCode.OUTPUT, "cannot clean " + pattern + ": " + e.getMessage());
    }
  }

  static List<String> readTally(String file) {
    List<String> lines = new ArrayList<>();
    try {
      ResourceId id = FileSystems.matchSingleFileSpec(file).resourceId();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  Channels.newInputStream(FileSystems.open(id)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "cannot read the run's tally " + file, e);
    }
    return lines;
  }

  /** A whole text file, or null when it does not exist. */
  static @Nullable String readText(String file) throws IOException {
    MatchResult match = FileSystems.match(file);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return null;
    }
    try (java.io.InputStream in =
        Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String stripTrailingSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }
}
