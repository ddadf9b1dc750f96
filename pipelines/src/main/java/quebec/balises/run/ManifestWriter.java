package quebec.balises.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.ingest.InputFiles;
import quebec.balises.model.Counters;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.ResourceKind;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.DatasetSink;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.WrittenRows;

/**
 * Writes {@code manifest.json}, the run's account of itself: options, catalogs, mappings, inputs,
 * counts by file and type, dead letters by reason, the rows of every dataset as counted and as the
 * files hold them, and the runner's metrics.
 */
final class ManifestWriter {
  private ManifestWriter() {}

  /** Which run the manifest describes: its id, how it is published and when it began. */
  record Run(String id, boolean publishedAtomically, Instant started) {}

  /**
   * What the run found: every entry the input globs matched, the tally of the records read, the
   * runner's result (its metrics), whether the tally reconciles and the outcome that follows.
   */
  record Findings(
      InputFiles.Listed listed,
      Tally tally,
      PipelineResult result,
      boolean reconciled,
      String outcome) {}

  /**
   * Writes {@code manifest.json} into the settings' output folder; returns the datasets whose rows
   * in the files differ from the rows counted (each "folder: counted N, in files M"), which fail
   * reconciliation.
   */
  static List<String> write(
      Run run, RunOptions options, BalisesPipeline.Settings settings, Findings findings) {
    String output = settings.output();
    Tally tally = findings.tally();
    Instant started = run.started();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode manifest = json.createObjectNode();
    Instant finished = Instant.now();
    manifest.put("runId", run.id());
    manifest.put(
        "published",
        run.publishedAtomically()
            ? "atomically, as " + PublishedRuns.RUNS + "/" + run.id()
            : "in place");
    manifest.put("balisesVersion", Versions.balises());
    manifest.put("startedAt", started.toString());
    manifest.put("finishedAt", finished.toString());
    manifest.put("durationSeconds", Duration.between(started, finished).toMillis() / 1000.0);
    manifest.put("outcome", findings.outcome());
    ObjectNode opts = manifest.putObject("options");
    opts.put("input", options.getInput());
    opts.put("output", options.getOutput());
    opts.put("asOf", settings.asOf().toString());
    opts.put("runner", options.getRunner().getSimpleName());
    // The key file's path is recorded, never the key.
    opts.put(
        "pseudonymKey",
        options.getPseudonymKeyFile() != null
            ? "file " + options.getPseudonymKeyFile()
            : "environment " + PseudonymKeySource.ENVIRONMENT_VARIABLE);
    opts.put("maxRawRecordBytes", options.getMaxRawRecordBytes());
    opts.put("maxRecordBytes", options.getMaxRecordBytes());
    manifest.put("timepointsVersion", settings.timepoints().version());
    var measures = manifest.putArray("indicatorCatalog");
    for (IndicatorDefinition indicator : settings.catalog().indicators()) {
      measures
          .addObject()
          .put("id", indicator.id())
          .put("version", indicator.version())
          .put("file", indicator.file())
          .put("sha256", indicator.sha256());
    }

    opts.put("mappings", options.getMappings());
    // Every instrument mapping of the run, with its digest and how many scored responses it read.
    Map<String, Long> metricValues = counters(findings.result());
    var mappings = manifest.putArray("instrumentMappings");
    for (quebec.balises.fhir.InstrumentMapping mapping :
        settings.registry().catalog().mappings().all()) {
      mappings
          .addObject()
          .put("id", mapping.id())
          .put("file", mapping.file())
          .put("sha256", mapping.sha256())
          .put("target", mapping.target())
          .put(
              "responsesScored",
              metricValues.getOrDefault(Counters.mappedResponses(mapping.id()), 0L));
    }

    var files = manifest.putArray("inputs");
    tally
        .files()
        .forEach(
            (name, file) -> {
              ObjectNode node = files.addObject();
              node.put("file", name);
              node.put("sha256", file.sha256());
              node.put("bytes", file.bytes());
              putCounts(node, file.total());
              node.put("blankLines", file.blankLines());
              ObjectNode types = node.putObject("byResourceType");
              file.byType().forEach((type, c) -> putCounts(types.putObject(type), c));
            });
    // Every entry the globs matched, read or not, and why not: nothing is skipped silently.
    var matched = manifest.putArray("inputListing");
    for (InputFiles.Matched entry : findings.listed().matched()) {
      matched
          .addObject()
          .put("pattern", entry.pattern())
          .put("path", entry.path())
          .put("outcome", entry.outcome());
    }
    ObjectNode totals = manifest.putObject("totals");
    tally.byType().forEach((type, c) -> putCounts(totals.putObject(type), c));
    putCounts(totals.putObject("all"), tally.total());
    // Resource types Balises does not read, counted per type (their raw records are not kept).
    ObjectNode notRead = manifest.putObject("resourceTypesNotRead");
    tally
        .byType()
        .forEach(
            (type, c) -> {
              if (!ResourceKind.isRead(type)
                  && !type.equals(Outcome.UNKNOWN_TYPE)
                  && !type.equals(EstablishmentPortrait.TALLY_LABEL)) {
                notRead.put(type, c.read());
              }
            });
    ObjectNode reasons = manifest.putObject("rejectedByReason");
    tally.rejectedByReason().forEach(reasons::put);
    if (tally.derivedFailures() > 0) {
      // Rows of restricted/rejected that are not input records (a pair, a cell): outside the
      // counts above, and written only when there are some, so a good run's manifest is unchanged.
      manifest.put("derivedFailures", tally.derivedFailures());
    }

    ObjectNode datasets = manifest.putObject("datasets");
    Map<Dataset, Long> rows = datasetRows(tally);
    for (Dataset dataset : Dataset.values()) {
      if (dataset.derived()) {
        // Derived rows are not input records: the sink's own row counter counts them.
        rows.put(dataset, metricValues.getOrDefault(DatasetSink.rowsMetric(dataset), 0L));
      }
    }
    List<String> mismatches = new ArrayList<>();
    for (Dataset dataset : Dataset.values()) {
      ObjectNode node = datasets.putObject(dataset.folder());
      long countedRows = rows.getOrDefault(dataset, 0L);
      node.put("rows", countedRows);
      node.put("schemaVersion", dataset.schemaVersion());
      Map<String, Long> written = writtenRows(output, dataset);
      long inFiles = written.values().stream().mapToLong(Long::longValue).sum();
      node.put("rowsInFiles", inFiles);
      String mismatch = rowMismatch(dataset, countedRows, inFiles);
      if (mismatch != null) {
        mismatches.add(mismatch);
      }
      if (written.keySet().stream().anyMatch(partition -> !partition.isEmpty())) {
        ObjectNode partitions = node.putObject("partitions");
        written.forEach(partitions::put);
      }
    }
    ObjectNode reports = datasets.putObject(ExportMeasureReports.FOLDER);
    reports.put("rows", metricValues.getOrDefault(ExportMeasureReports.REPORTS_METRIC, 0L));
    reports.put("format", "application/fhir+ndjson");
    ObjectNode metrics = manifest.putObject("metrics");
    metricValues.forEach(metrics::put);
    if (!mismatches.isEmpty()) {
      manifest.put("outcome", "failed_reconciliation");
      var mismatchList = manifest.putArray("rowMismatches");
      mismatches.forEach(mismatchList::add);
    }
    manifest.put("reconciled", findings.reconciled() && mismatches.isEmpty());
    try {
      ResourceId id = FileSystems.matchNewResource(output + "/manifest.json", false);
      try (OutputStream stream =
          Channels.newOutputStream(FileSystems.create(id, "application/json"))) {
        json.writeValue(stream, manifest);
      }
    } catch (IOException e) {
      throw new JobFailure(
          ExitCode.OUTPUT, "cannot write " + output + "/manifest.json: " + Failures.why(e), e);
    }
    return mismatches;
  }

  /**
   * Why a dataset's files do not hold the rows counted, or null when they do. The datasets of input
   * records are counted from the tally, exactly: their files must hold those rows. Derived rows are
   * counted by runner metrics, which a retry may inflate, so they are reported, not checked.
   */
  static String rowMismatch(Dataset dataset, long counted, long inFiles) {
    if (dataset.derived() || counted == inFiles) {
      return null;
    }
    return dataset.folder() + ": counted " + counted + ", in files " + inFiles;
  }

  private static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> counters = new TreeMap<>();
    try {
      MetricQueryResults metrics =
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.inNamespace(Counters.NAMESPACE))
                      .build());
      for (MetricResult<Long> counter : metrics.getCounters()) {
        counters.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
      }
    } catch (UnsupportedOperationException e) {
      // A runner without live metrics: progress shows elapsed time only.
    }
    return counters;
  }

  /** Rows per partition as the dataset's Parquet footers record them (empty without files). */
  private static Map<String, Long> writtenRows(String output, Dataset dataset) {
    try {
      return WrittenRows.byPartition(output + "/" + dataset.folder());
    } catch (IOException e) {
      throw new JobFailure(ExitCode.OUTPUT, "cannot read back " + dataset.folder(), e);
    }
  }

  private static Map<Dataset, Long> datasetRows(Tally tally) {
    Map<Dataset, Long> rows = new TreeMap<>();
    tally
        .byType()
        .forEach(
            (type, counts) ->
                ResourceKind.of(type)
                    .flatMap(ResourceKind::dataset)
                    .ifPresent(dataset -> rows.merge(dataset, counts.accepted(), Long::sum)));
    Tally.Counts portraits = tally.byType().get(EstablishmentPortrait.TALLY_LABEL);
    if (portraits != null) {
      rows.put(Dataset.PORTRAITS, portraits.accepted());
    }
    rows.put(Dataset.REJECTED, tally.total().rejected() + tally.derivedFailures());
    return rows;
  }

  private static void putCounts(ObjectNode node, Tally.Counts counts) {
    node.put("read", counts.read());
    node.put("accepted", counts.accepted());
    node.put("rejected", counts.rejected());
  }
}
