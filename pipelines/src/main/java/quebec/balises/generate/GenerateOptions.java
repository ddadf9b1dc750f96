package quebec.balises.generate;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code balises.jar generate}. */
public interface GenerateOptions extends PipelineOptions {
  @Description("Number of synthetic patients; each has one or two episodes of care.")
  @Default.Integer(1000)
  int getPatients();

  void setPatients(int value);

  @Description("Random seed: the same seed and options always give the same files, byte for byte.")
  @Default.Long(1)
  long getSeed();

  void setSeed(long value);

  @Description(
      "Output folder for the FHIR files (created if absent; files of the same name replaced).")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "Share of bad records, relative to the number of responses (0 to 0.5). Every kind of bad"
          + " record is made at least once when the share is above 0.")
  @Default.Double(0.02)
  double getBadRecordShare();

  void setBadRecordShare(double value);

  @Description("Write the NDJSON files gzip-compressed (.ndjson.gz).")
  @Default.Boolean(false)
  boolean getGzip();

  void setGzip(boolean value);

  @Description(
      "Share of patients written, with their episodes and responses, as a transaction Bundle.")
  @Default.Double(0.02)
  double getBundleShare();

  void setBundleShare(double value);

  @Description("First anchor date (surgery, admission, enrolment…) of the synthetic episodes.")
  @Default.String("2024-01-01")
  String getAnchorsFrom();

  void setAnchorsFrom(String value);

  @Description("Last anchor date of the synthetic episodes.")
  @Default.String("2025-09-30")
  String getAnchorsTo();

  void setAnchorsTo(String value);

  @Description(
      "Last day a yearly establishment portrait may be authored (YYYY-MM-DD); by default the last"
          + " anchor date. Portraits are written for each year whose portrait falls by then.")
  @Default.String("")
  String getPortraitsThrough();

  void setPortraitsThrough(String value);

  @Description(
      "Write only the establishments' portraits and the population of their regions, leaving"
          + " every other file of the folder as it is (the sample's two extra files).")
  @Default.Boolean(false)
  boolean getOnlyPortraits();

  void setOnlyPortraits(boolean value);
}
