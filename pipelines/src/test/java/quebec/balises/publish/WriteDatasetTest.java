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

    RestrictedDatasets restricted =
        RestrictedDatasets.under(out.toString(), PseudonymKeySource.of(key.toString()));
    p.apply(Create.of(rejections).withCoder(SerializableCoder.of(Rejection.class)))
        .apply(restricted.rowsOf(Dataset.REJECTED, RestrictedRows.rejected(10)));
    p.apply(restricted.write());
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
   * The restricted datasets share one sink: each dataset's rows land in its own folder, under its
   * own schema; a dataset without rows has no file, as when each dataset had its own sink.
   */
  @Test
  void restrictedDatasetsShareOneSinkAndAnEmptyOneHasNoFile(@TempDir Path out) throws Exception {
    Path key = Files.writeString(out.resolve("key"), "a-test-key-of-at-least-32-bytes-long!");
    RestrictedDatasets restricted =
        RestrictedDatasets.under(out.toString(), PseudonymKeySource.of(key.toString()));
    TestPipeline p = BeamTesting.pipeline();
    List<Rejection> rejections =
        List.of(
            new Rejection(
                SourceRef.line("f.ndjson", 7),
                "Patient",
                "p9",
                RejectReason.MISSING_ID,
                "m",
                "{}"));
    p.apply("Rejections", Create.of(rejections).withCoder(SerializableCoder.of(Rejection.class)))
        .apply("RejectedRows", restricted.rowsOf(Dataset.REJECTED, RestrictedRows.rejected(10)));
    p.apply(
            "Patients",
            Create.of(
                    quebec.balises.Fixtures.parsed(
                        quebec.balises.Fixtures.patient("p1"),
                        quebec.balises.Fixtures.patient("p2")))
                .withCoder(SerializableCoder.of(ParsedResource.class)))
        .apply("PatientRows", restricted.rowsOf(Dataset.PATIENTS, RestrictedRows.patients()));
    p.apply(
            "NoPortraits",
            Create.empty(SerializableCoder.of(quebec.balises.model.EstablishmentPortrait.class)))
        .apply("PortraitRows", restricted.rowsOf(Dataset.PORTRAITS, RestrictedRows.portraits()));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> restricted.rowsOf(Dataset.PATIENTS, RestrictedRows.patients()),
        "a dataset given twice");
    p.apply(restricted.write());
    // A dataset added after the write would never be written: refused.
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> restricted.rowsOf(Dataset.POPULATION, RestrictedRows.population()));
    p.run().waitUntilFinish();

    assertThat(count(out, "restricted/rejected"), is(1L));
    assertThat(count(out, "restricted/patients"), is(2L));
    assertThat(
        DuckDb.query(
                "select reason_code, source_line from "
                    + DuckDb.parquet(out.resolve("restricted/rejected")))
            .get(0),
        is(Map.of("reason_code", "MISSING_ID", "source_line", 7L)));
    assertThat(Files.exists(out.resolve("restricted/portraits")), is(false));
  }

  /**
   * The public datasets share one sink too: one file per Hive partition, its rows in a fixed order,
   * so that the same figures in another order give the same bytes; a dataset without rows has no
   * folder.
   */
  @Test
  void publicDatasetsShareOneSinkWithOneSortedFilePerPartition(@TempDir Path out) throws Exception {
    List<ProtectedFigure> figures =
        List.of(
            figure("copd-cat-improvement-3m", "A", 0.4),
            figure("copd-cat-improvement-3m", "B", 0.6),
            figure("copd-cat-mean-change-3m", "A", 2.5));
    List<ProtectedFigure> reversed = new java.util.ArrayList<>(figures);
    java.util.Collections.reverse(reversed);
    Map<String, byte[]> first = writePublic(out.resolve("first"), figures);
    Map<String, byte[]> second = writePublic(out.resolve("second"), reversed);

    assertThat(
        first.keySet(),
        is(
            java.util.Set.of(
                "public/indicators/trajectory=copd/indicator_id=copd-cat-improvement-3m/part-00000-of-00001.parquet",
                "public/indicators/trajectory=copd/indicator_id=copd-cat-mean-change-3m/part-00000-of-00001.parquet")));
    for (String file : first.keySet()) {
      assertThat(file, java.util.Arrays.equals(first.get(file), second.get(file)), is(true));
    }
    assertThat(
        DuckDb.query(
            "select unit_code as code from "
                + DuckDb.parquet(
                    out.resolve(
                        "first/public/indicators/trajectory=copd/indicator_id=copd-cat-improvement-3m"))),
        is(List.of(Map.of("code", "A"), Map.of("code", "B"))));
    assertThat(Files.exists(out.resolve("first/public/data_quality")), is(false));
  }

  /** Writes the figures as public/indicators, and no data quality, into {@code out}. */
  private static Map<String, byte[]> writePublic(Path out, List<ProtectedFigure> figures)
      throws Exception {
    PublicDatasets published = PublicDatasets.under(out.toString());
    TestPipeline p = BeamTesting.pipeline();
    p.apply("Figures", Create.of(figures).withCoder(ProtectedFigure.coder()))
        .apply(
            "IndicatorRows",
            published.rowsOf(
                Dataset.INDICATORS,
                ProtectedFigure.class,
                PublicRows.indicators(quebec.balises.indicators.TargetCatalog.none())));
    p.apply("NoQuality", Create.empty(ProtectedFigure.coder()))
        .apply(
            "DataQualityRows",
            published.rowsOf(
                Dataset.DATA_QUALITY, ProtectedFigure.class, PublicRows.dataQuality()));
    p.apply(published.write());
    p.run().waitUntilFinish();
    Map<String, byte[]> files = new java.util.TreeMap<>();
    try (var walk = Files.walk(out.resolve("public"))) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /** A released figure of the indicator for establishment {@code code}, from 200 observations. */
  private static ProtectedFigure figure(String indicatorId, String code, double value) {
    quebec.balises.indicators.IndicatorDefinition indicator =
        quebec.balises.indicators.IndicatorCatalog.bundled().indicators().stream()
            .filter(i -> i.id().equals(indicatorId))
            .findFirst()
            .orElseThrow();
    quebec.balises.indicators.CellAccumulator province =
        new quebec.balises.indicators.CellAccumulator();
    quebec.balises.indicators.CellAccumulator cell =
        new quebec.balises.indicators.CellAccumulator();
    for (int i = 0; i < 200; i++) {
      province.addObservation(value);
      cell.addObservation(value);
    }
    quebec.balises.indicators.Cell where =
        quebec.balises.Fixtures.establishmentCell(indicatorId, code);
    return quebec.balises.disclosure.ReleasedForTests.released(
        IndicatorFigure.of(
            indicator,
            where,
            cell,
            province,
            null,
            quebec.balises.indicators.PublicationRules.DEFAULT));
  }

  /** A row crosses stages as its dataset's place, its partition and its Avro bytes, all kept. */
  @Test
  void aDatasetRowSurvivesItsCoder() throws Exception {
    for (DatasetRow row :
        List.of(
            new DatasetRow(Dataset.SCORES, "", new byte[] {2, 4, 6}),
            new DatasetRow(Dataset.REJECTED, "", new byte[0]),
            new DatasetRow(
                Dataset.INDICATORS, "trajectory=copd/indicator_id=é-1", new byte[] {9}))) {
      DatasetRow back =
          org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(
              DatasetRow.CODER,
              org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(DatasetRow.CODER, row));
      assertThat(back.dataset(), is(row.dataset()));
      assertThat(back.partition(), is(row.partition()));
      assertThat(back.folder(), is(row.folder()));
      assertThat(java.util.Arrays.equals(back.avro(), row.avro()), is(true));
    }
    assertThat(
        new DatasetRow(Dataset.INDICATORS, "trajectory=copd", new byte[0]).folder(),
        is("public/indicators/trajectory=copd"));
    assertThat(Dataset.holding("public/indicators/trajectory=copd"), is(Dataset.INDICATORS));
    assertThat(Dataset.holding("restricted/scores"), is(Dataset.SCORES));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Dataset.holding("public/indicatorsX/a=b"));
    assertThat(DatasetRow.CODER.equals(new DatasetRow.Coder()), is(true));
  }

  private static long count(Path out, String folder) throws Exception {
    return (Long)
        DuckDb.query("select count(*) as n from " + DuckDb.parquet(out.resolve(folder)))
            .get(0)
            .get("n");
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
                RestrictedDatasets.under("out", key)
                    .rowsOf(
                        Dataset.INDICATORS,
                        PublicRows.indicators(quebec.balises.indicators.TargetCatalog.none())));
    assertThat(
        withKey.getMessage(),
        is("public/indicators is public: it is written with PublicDatasets, without the key"));
    IllegalArgumentException withoutKey =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                PublicDatasets.under("out")
                    .rowsOf(Dataset.PATIENTS, ParsedResource.class, RestrictedRows.patients()));
    assertThat(
        withoutKey.getMessage(),
        is("restricted/patients is restricted: it is written with RestrictedDatasets and the key"));
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
                PublicDatasets.under("out")
                    .rowsOf(Dataset.INDICATORS, IndicatorFigure.class, unprotected));
    assertThat(
        refused.getMessage(),
        is("public/indicators is written from ProtectedFigure, not from IndicatorFigure"));
    IllegalArgumentException actionPlansFromFigures =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                PublicDatasets.under("out")
                    .rowsOf(Dataset.ACTION_PLANS, IndicatorFigure.class, unprotected));
    assertThat(
        actionPlansFromFigures.getMessage(),
        is("public/action_plans is written from ActionPlan, not from IndicatorFigure"));
    assertThat(
        PublicDatasets.under("out")
                .rowsOf(
                    Dataset.INDICATORS,
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
