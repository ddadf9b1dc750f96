package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.BeamTesting;
import quebec.balises.DuckDb;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRef;
import quebec.balises.privacy.PseudonymKeySource;

class WriteDatasetTest {
  @Test
  void writesParquetThroughTheSinkWithTheSchemaFromSchemasFolder(@TempDir Path out)
      throws Exception {
    Path key = Files.writeString(out.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    String longRecord = "x".repeat(100);
    List<Rejection> rejections =
        List.of(
            new Rejection(
                SourceRef.line("f.ndjson", 3), "Patient", "p1", RejectReason.MISSING_ID, "m", "{}"),
            new Rejection(
                SourceRef.entry("b.json", 2),
                null,
                null,
                RejectReason.MALFORMED_JSON,
                "m",
                longRecord));
    TestPipeline p = BeamTesting.pipeline();

    p.apply(Create.of(rejections).withCoder(SerializableCoder.of(Rejection.class)))
        .apply(
            WriteDataset.of(
                Dataset.REJECTED,
                out.toString(),
                RestrictedRows.rejected(10),
                PseudonymKeySource.of(key.toString())));
    p.run().waitUntilFinish();

    List<Map<String, Object>> rows =
        DuckDb.query(
            "select source_file, source_line, source_entry, reason_code, raw_record, raw_record_bytes, raw_record_truncated from "
                + DuckDb.parquet(out.resolve("restricted/rejected"))
                + " order by source_file");
    assertThat(rows.size(), is(2));
    assertThat(rows.get(0).get("source_entry"), is(2));
    assertThat(rows.get(0).get("raw_record"), is("xxxxxxxxxx"));
    assertThat(rows.get(0).get("raw_record_bytes"), is(100L));
    assertThat(rows.get(0).get("raw_record_truncated"), is(true));
    assertThat(rows.get(1).get("source_line"), is(3L));
    assertThat(rows.get(1).get("reason_code"), is("MISSING_ID"));
  }

  /**
   * The door to public/ holds no key: a public dataset cannot be written with one, nor the reverse.
   */
  @Test
  void publicDatasetsAreWrittenWithoutTheKeyAndRestrictedOnesWithIt() {
    PseudonymKeySource key = PseudonymKeySource.of(null);
    IllegalArgumentException withKey =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                WriteDataset.of(
                    Dataset.INDICATORS,
                    "out",
                    PublicRows.indicators(quebec.balises.indicators.TargetCatalog.none()),
                    key));
    assertThat(
        withKey.getMessage(),
        is(
            "public/indicators is public: it is written with WriteDataset.published, without the key"));
    IllegalArgumentException withoutKey =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                WriteDataset.published(
                    Dataset.PATIENTS, "out", ParsedResource.class, RestrictedRows.patients()));
    assertThat(
        withoutKey.getMessage(),
        is("restricted/patients is restricted: it is written with WriteDataset.of and the key"));
  }

  /**
   * public/indicators is written from figures that went through disclosure control, and from
   * nothing else: {@code PublicRows.indicators} maps only a {@link ProtectedFigure}, which only the
   * disclosure package makes, so wiring a computed {@link IndicatorFigure} to it does not compile;
   * and a mapper of another type is refused when the writer is built, before any pipeline runs.
   */
  @Test
  void publicIndicatorsAreWrittenFromProtectedFiguresOnly() {
    RowMapper<IndicatorFigure> unprotected = (figure, context) -> null;
    IllegalArgumentException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                WriteDataset.published(
                    Dataset.INDICATORS, "out", IndicatorFigure.class, unprotected));
    assertThat(
        refused.getMessage(),
        is("public/indicators is written from ProtectedFigure, not from IndicatorFigure"));
    IllegalArgumentException actionPlansFromFigures =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                WriteDataset.published(
                    Dataset.ACTION_PLANS, "out", IndicatorFigure.class, unprotected));
    assertThat(
        actionPlansFromFigures.getMessage(),
        is("public/action_plans is written from ActionPlan, not from IndicatorFigure"));
    assertThat(
        WriteDataset.published(
                Dataset.INDICATORS,
                "out",
                ProtectedFigure.class,
                PublicRows.indicators(quebec.balises.indicators.TargetCatalog.none()))
            != null,
        is(true));
    for (Dataset dataset : Dataset.values()) {
      assertThat(
          dataset + " names what it is published from exactly when it is public",
          dataset.publishedFrom() != null,
          is(dataset.isPublic()));
    }
  }
}
