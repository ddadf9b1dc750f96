package quebec.balises.run;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import quebec.balises.model.Quebec;

/** Options of {@code balises.jar run}. Beam's own options (runner…) are accepted too. */
public interface RunOptions extends PipelineOptions {
  @Description(
      "Input files: one or more comma-separated globs on any Beam filesystem, e.g."
          + " 'export/*.ndjson.gz,bundles/*.json'. Reads FHIR R4 Bulk Data NDJSON (.ndjson,"
          + " .ndjson.gz) and Bundle or single-resource JSON (.json, .json.gz). Listed once"
          + " before the run; every matched entry that is not read (a directory, a broken link, a"
          + " FIFO) is named in the manifest and on standard error.")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Output folder. The run writes manifest.json and restricted/ (row-level, pseudonymised)"
          + " under it, and public/ once aggregated datasets exist, replacing the datasets a"
          + " previous run wrote there. A run refuses to start when public/, restricted/ or"
          + " manifest.json there holds a file that Balises did not write. A name holding a"
          + " wildcard (* ? [ ] { }) is refused.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "File holding the pseudonymisation key (at least 32 bytes). When absent, the key is read"
          + " from the environment variable BALISES_PSEUDONYM_KEY. There is no default key.")
  String getPseudonymKeyFile();

  void setPseudonymKeyFile(String value);

  @Description(
      "Reference date (YYYY-MM-DD) of the run: responses authored after it are rejected as"
          + " FUTURE_DATE. Default: today in "
          + Quebec.TIME_ZONE
          + ".")
  String getAsOf();

  void setAsOf(String value);

  @Description(
      "Extra instrument mapping folders, comma-separated: every .json file directly in each is a"
          + " FHIR ConceptMap mapping an outside Questionnaire onto a shipped one (see"
          + " fhir-profiles/mappings/README.md). Added to the shipped mappings; checked at start-up.")
  String getMappings();

  void setMappings(String value);

  @Description("Seconds between two progress lines on standard output; 0 turns progress off.")
  @Default.Integer(10)
  int getProgressIntervalSeconds();

  void setProgressIntervalSeconds(int value);

  @Description(
      "Largest raw record kept in a dead letter, in UTF-8 bytes; longer records are truncated"
          + " (raw_record_truncated = true, raw_record_bytes gives the full size).")
  @Default.Integer(32768)
  int getMaxRawRecordBytes();

  void setMaxRawRecordBytes(int value);

  @Description(
      "Largest input record read, in bytes: an NDJSON line or a Bundle entry (or a single-resource"
          + " JSON file) larger than this is a dead letter RECORD_TOO_LARGE, skipped without being"
          + " held in memory. Default 8 MiB. At least 1024.")
  @Default.Integer(8 << 20)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int value);

  @Description(
      "Smallest count that may be published: counts from 1 to this minus one (numerator,"
          + " complement or denominator) are suppressed. 5 suppresses 1-4 (CIHI).")
  @Default.Integer(5)
  int getMinimumCellCount();

  void setMinimumCellCount(int value);

  @Description(
      "Smallest n whose value and confidence interval are published; below it the n is shown"
          + " and the value withheld.")
  @Default.Integer(10)
  int getMinimumPublishedN();

  void setMinimumPublishedN(int value);

  @Description(
      "Smallest n (modelled episodes for an adjusted indicator) that gets a case-mix-adjusted"
          + " value or a funnel outlier flag, and the smallest provincial n to fit a case-mix"
          + " model.")
  @Default.Integer(30)
  int getMinimumAdjustedN();

  void setMinimumAdjustedN(int value);

  @Description(
      "How many published runs to keep under OUTPUT/.runs/ (local output only): the current one"
          + " and the ones before it, for comparison or rollback. At least 1.")
  @Default.Integer(3)
  int getKeepRuns();

  void setKeepRuns(int value);
}
