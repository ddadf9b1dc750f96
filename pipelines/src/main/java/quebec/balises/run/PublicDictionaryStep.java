package quebec.balises.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.fhir.FhirPackage;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.IndicatorCsv;
import quebec.balises.publish.PublicDictionary;
import quebec.balises.publish.ReleaseChanges;

/**
 * The step after the pipeline that describes {@code public/}: the data dictionary, the Data
 * Package, the CSV files, the FHIR package and the changelog against the release published before.
 */
final class PublicDictionaryStep {
  private PublicDictionaryStep() {}

  /** Writes the data dictionary and the Data Package that describe what {@code public/} holds. */
  static void write(
      String output,
      IndicatorCatalog catalog,
      TargetCatalog targets,
      String runId,
      LocalDate asOf,
      String timepointsVersion,
      ReleaseChanges.@Nullable Previous previous) {
    String publicRoot = output + "/public/";
    Map<Dataset, List<String>> files = new LinkedHashMap<>();
    try {
      for (Dataset dataset : Dataset.values()) {
        if (dataset.isPublic()) {
          List<String> paths = new ArrayList<>();
          for (MatchResult.Metadata file :
              FileSystems.match(output + "/" + dataset.folder() + "/**.parquet").metadata()) {
            String path = file.resourceId().toString();
            paths.add(path.substring(path.indexOf(publicRoot) + publicRoot.length()));
          }
          Collections.sort(paths);
          files.put(dataset, paths);
        }
      }
      List<String> measureReports = new ArrayList<>();
      for (MatchResult.Metadata file :
          FileSystems.match(output + "/" + ExportMeasureReports.FOLDER + "/*.ndjson").metadata()) {
        String path = file.resourceId().toString();
        measureReports.add(path.substring(path.indexOf(publicRoot) + publicRoot.length()));
      }
      Collections.sort(measureReports);
      IndicatorCsv.Written csv = IndicatorCsv.write(publicRoot);
      SortedMap<String, Long> counts = new TreeMap<>();
      counts.put("indicatorRows", csv.rows());
      counts.put("withheldRows", csv.withheld());
      counts.put("publishedRows", csv.rows() - csv.withheld());
      counts.put("indicatorFiles", (long) csv.files().size());
      counts.put("measureReportFiles", (long) measureReports.size());
      counts.put("dataQualityRows", IndicatorCsv.writeDataQuality(publicRoot));
      PublicDictionary.Release release =
          new PublicDictionary.Release(
              runId, asOf, Versions.balises(), timepointsVersion, csv.files(), counts);
      ResourceId fhirPackage =
          FileSystems.matchNewResource(publicRoot + PublicDictionary.FHIR_PACKAGE, false);
      try (OutputStream stream =
          Channels.newOutputStream(FileSystems.create(fhirPackage, "application/gzip"))) {
        stream.write(FhirPackage.tgz());
      }
      String released = OutputFolder.readText(publicRoot + IndicatorCsv.ALL);
      ReleaseChanges.Files changes =
          ReleaseChanges.of(
              PublicDictionary.changelog(catalog, release),
              previous,
              ReleaseChanges.figures(released == null ? "" : released));
      for (Map.Entry<String, String> file :
          PublicDictionary.files(catalog, targets, files, measureReports, release, changes)
              .entrySet()) {
        ResourceId id = FileSystems.matchNewResource(publicRoot + file.getKey(), false);
        try (OutputStream stream = Channels.newOutputStream(FileSystems.create(id, "text/plain"))) {
          stream.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write the public data dictionary: " + Failures.why(e), e);
    }
  }

  /**
   * The release published under {@code output}, as the changelog compares with it: its run id and
   * date ({@code public/release.json}), its figures ({@code public/csv/indicators.csv}) and its
   * changelog. Null when nothing was published there yet, or by a version that wrote no CSV.
   */
  static ReleaseChanges.@Nullable Previous previousRelease(String output) {
    String publicRoot = output + "/public/";
    try {
      String release = OutputFolder.readText(publicRoot + "release.json");
      String figures = OutputFolder.readText(publicRoot + IndicatorCsv.ALL);
      if (release == null || figures == null) {
        return null;
      }
      com.fasterxml.jackson.databind.JsonNode node = new ObjectMapper().readTree(release);
      return new ReleaseChanges.Previous(
          node.path("runId").asText(),
          node.path("asOf").asText(),
          ReleaseChanges.figures(figures),
          OutputFolder.readText(publicRoot + ReleaseChanges.CHANGELOG));
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT,
          "cannot read the published release in " + publicRoot + ": " + Failures.why(e),
          e);
    } catch (RuntimeException e) {
      throw new JobFailure(
          ExitCode.OUTPUT,
          "cannot compare with the published release in " + publicRoot + ": " + e.getMessage(),
          e);
    }
  }
}
