package quebec.balises.check;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import quebec.balises.model.Quebec;

/** Options of {@code balises.jar check}: the pre-flight for data providers. */
public interface CheckOptions extends PipelineOptions {
  @Description(
      "Input files to check: one or more comma-separated globs, as for run (.ndjson, .ndjson.gz,"
          + " .json, .json.gz).")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Extra instrument mapping folders, comma-separated, as for run: every .json file directly"
          + " in each is a FHIR ConceptMap mapping an outside Questionnaire onto a shipped one.")
  String getMappings();

  void setMappings(String value);

  @Description(
      "Reference date (YYYY-MM-DD): responses authored after it would be FUTURE_DATE. Default:"
          + " today in "
          + Quebec.TIME_ZONE
          + ".")
  String getAsOf();

  void setAsOf(String value);

  @Description("How many example records to print per kind of problem.")
  @Default.Integer(3)
  int getExamples();

  void setExamples(int value);
}
