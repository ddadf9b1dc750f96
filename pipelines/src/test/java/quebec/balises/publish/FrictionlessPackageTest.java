package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.indicators.IndicatorCatalog;

/**
 * {@code public/datapackage.json} validates with the Frictionless reference library
 * (datapackage-js, from npm, installed into {@code src/test/frictionless/}), and every CSV
 * resource's rows read against its Table Schema: for a run without any figure, and for one with
 * figures. The test is skipped, saying why, where {@code node} or {@code npm} is not installed.
 */
public class FrictionlessPackageTest {
  static final Path CHECKER = Path.of("src/test/frictionless").toAbsolutePath();
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRunWithoutFiguresPublishesAValidPackage(@TempDir Path output) throws Exception {
    Path published = publish(output, false);
    JsonNode pkg = JSON.readTree(published.resolve("datapackage.json").toFile());
    for (JsonNode resource : pkg.get("resources")) {
      assertThat(
          resource.get("name") + " has a path",
          resource.path("path").isTextual() || resource.path("path").size() > 0,
          is(true));
    }
    assertThat(
        Files.readString(published.resolve(IndicatorCsv.ALL), StandardCharsets.UTF_8),
        startsWith(IndicatorCsv.BOM + "trajectory,indicator_id,"));
    assertThat(validate(published), containsString("valid:"));
  }

  @Test
  void aRunWithFiguresPublishesAValidPackageWithOneCsvPerIndicator(@TempDir Path output)
      throws Exception {
    Path published = publish(output, true);
    String csv =
        Files.readString(
            published.resolve("csv/indicators/copd-cat-mean-change-3m.csv"),
            StandardCharsets.UTF_8);
    assertThat(csv, startsWith(IndicatorCsv.BOM + "trajectory,indicator_id,"));
    assertThat(csv, containsString("\ncopd,copd-cat-mean-change-3m,1.0.0,"));
    assertThat(csv, containsString(",2025-01-01,2025-12-31,"));
    JsonNode pkg = JSON.readTree(published.resolve("datapackage.json").toFile());
    assertThat(pkg.get("licenses").get(0).get("path").asText(), startsWith("https://"));
    assertThat(pkg.has("version") && pkg.has("created") && pkg.has("citation"), is(true));
    JsonNode release = JSON.readTree(published.resolve("release.json").toFile());
    assertThat(release.get("counts").get("indicatorRows").asLong(), is(2L));
    assertThat(release.get("counts").get("withheldRows").asLong(), is(1L));
    assertThat(validate(published), containsString("valid:"));
  }

  /**
   * A second release whose figures changed: {@code changes.csv} has rows of every kind that the
   * figures allow, and still reads against its schema (the first release's, empty, is checked by
   * the two tests above).
   */
  @Test
  void aReleaseWithChangedFiguresPublishesAValidChangesFile(@TempDir Path output) throws Exception {
    Path published = publish(output, true);
    String csv = Files.readString(published.resolve(IndicatorCsv.ALL), StandardCharsets.UTF_8);
    // The previous release: the published figure had another value and n, and a figure that is
    // no longer a row was published.
    String earlier =
        csv.replace(",120,", ",118,").replace("-3.0000000000000004", "-2.5")
            + csv.lines()
                .skip(1)
                .filter(line -> line.contains(",false,"))
                .findFirst()
                .orElseThrow()
                .replace("province,QC", "region,01")
            + "\n";
    ReleaseChanges.Files changes =
        ReleaseChanges.of(
            new ReleaseChanges.Release("run-2", "2026-04-30", "test", "cat 1.0.0", 27),
            new ReleaseChanges.Previous(
                "run-1", "2026-03-31", ReleaseChanges.figures(earlier), null),
            ReleaseChanges.figures(csv));
    for (var file : changes.byPath().entrySet()) {
      Files.writeString(published.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
    assertThat(
        changes.changesCsv(),
        is(
            IndicatorCsv.BOM
                + String.join(",", ReleaseChanges.COLUMNS)
                + "\n"
                + "copd-cat-mean-change-3m,province,QC,all,all,year,2025,revised,-2.5,"
                + "-3.0000000000000004,118,120\n"
                + "copd-cat-mean-change-3m,region,01,all,all,year,2025,removed,-3.0000000000000004,,120,\n"));
    assertThat(validate(published), containsString("valid:"));
  }

  /** Writes what a run writes under {@code public/} besides the FHIR files; figures or none. */
  static Path publish(Path output, boolean figures) throws IOException {
    Path published = output.resolve("public");
    Files.createDirectories(published);
    List<String> parquet = List.of();
    if (figures) {
      String file =
          "indicators/trajectory=copd/indicator_id=copd-cat-mean-change-3m/part-00000-of-00001.parquet";
      writeParquet(published.resolve(file));
      parquet = List.of(file);
    }
    List<String> quality = List.of();
    if (figures) {
      String file = "data_quality/trajectory=copd/measure=completeness/part-00000-of-00001.parquet";
      writeDataQuality(published.resolve(file));
      quality = List.of(file);
    }
    IndicatorCsv.Written csv = IndicatorCsv.write(published + "/");
    long qualityRows = IndicatorCsv.writeDataQuality(published + "/");
    if (figures) {
      assertThat(qualityRows, is(2L));
    }
    SortedMap<String, Long> counts = new TreeMap<>();
    counts.put("indicatorRows", csv.rows());
    counts.put("withheldRows", csv.withheld());
    PublicDictionary.Release release =
        new PublicDictionary.Release(
            "run-1", LocalDate.of(2026, 3, 31), "test", "1.0.0", csv.files(), counts);
    Map<String, String> files =
        PublicDictionary.files(
            IndicatorCatalog.bundled(),
            Map.of(Dataset.INDICATORS, parquet, Dataset.DATA_QUALITY, quality),
            List.of(),
            release);
    Path fhirPackage = published.resolve(PublicDictionary.FHIR_PACKAGE);
    Files.createDirectories(fhirPackage.getParent());
    Files.write(fhirPackage, quebec.balises.fhir.FhirPackage.tgz());
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path target = published.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
    }
    return published;
  }

  /** Two rows of one indicator, one published and one withheld, as the run's sink writes them. */
  private static void writeParquet(Path file) throws IOException {
    Schema schema = Dataset.INDICATORS.schema();
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      GenericRecord row = new GenericData.Record(schema);
      row.put("trajectory", "copd");
      row.put("indicator_id", "copd-cat-mean-change-3m");
      row.put("indicator_version", "1.0.0");
      row.put("measure_sha256", "0".repeat(64));
      row.put("scoring", "continuous-variable");
      row.put("improvement_notation", "decrease");
      row.put("method", "student_t_95");
      row.put("method_version", "1");
      row.put("period_type", "year");
      row.put("period", "2025");
      row.put("period_start", (int) LocalDate.of(2025, 1, 1).toEpochDay());
      row.put("period_end", (int) LocalDate.of(2025, 12, 31).toEpochDay());
      row.put("level", i == 0 ? "province" : "establishment");
      row.put("unit_code", i == 0 ? "QC" : "11045");
      row.put("unit_name", i == 0 ? "Québec" : "CISSS de l'Est, « site » 2");
      row.put("region_code", i == 0 ? null : "01");
      row.put("rls_code", i == 0 ? null : "0111");
      row.put("stratifier", "all");
      row.put("stratum", "all");
      row.put("n", i == 0 ? 120L : null);
      row.put("value", i == 0 ? -3.0000000000000004 : null);
      row.put("ci_lower", i == 0 ? -4.25 : null);
      row.put("ci_upper", i == 0 ? 1.0E-7 : null);
      row.put("suppressed", i == 1);
      row.put("suppression_reason", i == 1 ? "suppressed" : null);
      row.put("adjusted", false);
      rows.add(row);
    }
    write(file, schema, rows);
  }

  /**
   * Two data-quality rows as the run's sink writes them: a published completeness rate of the
   * province and a withheld one of a region (completeness is published for regions and the province
   * only).
   */
  private static void writeDataQuality(Path file) throws IOException {
    Schema schema = Dataset.DATA_QUALITY.schema();
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      GenericRecord row = new GenericData.Record(schema);
      row.put("trajectory", "copd");
      row.put("measure", "completeness");
      row.put("instrument", "CAT");
      row.put("scale", "total");
      row.put("timepoint", "3m");
      row.put("method", "wilson_score_95");
      row.put("method_version", "1");
      row.put("period_type", "year");
      row.put("period", "2025");
      row.put("period_start", (int) LocalDate.of(2025, 1, 1).toEpochDay());
      row.put("period_end", (int) LocalDate.of(2025, 12, 31).toEpochDay());
      row.put("final_on", (int) LocalDate.of(2026, 5, 2).toEpochDay());
      row.put("level", i == 0 ? "province" : "region");
      row.put("unit_code", i == 0 ? "QC" : "01");
      row.put("unit_name", i == 0 ? "Québec" : "Bas-Saint-Laurent");
      row.put("region_code", i == 0 ? null : "01");
      row.put("rls_code", null);
      row.put("stratifier", "all");
      row.put("stratum", "all");
      row.put("n", i == 0 ? 40L : null);
      row.put("numerator", i == 0 ? 36L : null);
      row.put("rate", i == 0 ? 0.9 : null);
      row.put("rate_ci_lower", i == 0 ? 0.7695 : null);
      row.put("rate_ci_upper", i == 0 ? 0.9604 : null);
      row.put("suppressed", i == 1);
      row.put("suppression_reason", i == 1 ? "suppressed" : null);
      rows.add(row);
    }
    write(file, schema, rows);
  }

  /** Rows written as the run's sink writes them (ZSTD), each with every required field set. */
  private static void write(Path file, Schema schema, List<GenericRecord> rows) throws IOException {
    Files.createDirectories(file.getParent());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withSchema(schema)
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .build()) {
      for (GenericRecord row : rows) {
        for (Schema.Field field : schema.getFields()) {
          if (row.get(field.name()) == null && field.schema().getType() != Schema.Type.UNION) {
            throw new IllegalStateException("test row misses required " + field.name());
          }
        }
        writer.write(row);
      }
    }
  }

  /** Runs the reference library on {@code published}; what it printed, or a failed assertion. */
  public static String validate(Path published) throws Exception {
    String node = onPath("node");
    String npm = onPath("npm");
    Assumptions.assumeTrue(
        node != null && npm != null,
        "node and npm are not installed: the Frictionless validation (datapackage-js) is skipped");
    if (!Files.isDirectory(CHECKER.resolve("node_modules/datapackage"))) {
      String installed = run(CHECKER, 600, npm, "ci", "--no-audit", "--no-fund");
      assertThat(
          "npm ci in " + CHECKER + ":\n" + installed,
          Files.isDirectory(CHECKER.resolve("node_modules/datapackage")),
          is(true));
    }
    String printed = run(CHECKER, 120, node, "validate.mjs", published.toString());
    assertThat(printed, printed.startsWith("valid:"), is(true));
    return printed;
  }

  private static String run(Path folder, long seconds, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " timed out:\n" + out);
    }
    return out;
  }

  private static String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
