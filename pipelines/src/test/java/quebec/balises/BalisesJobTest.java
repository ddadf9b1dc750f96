package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.generate.BadRecordKind;
import quebec.balises.indicators.ActionPlan;
import quebec.balises.indicators.ActionPlanCatalog;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.model.Counters;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.MeasureReportValidation;
import quebec.balises.publish.MeasureReports;
import quebec.balises.run.ExitCode;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * The main job end to end, as a data team runs it: {@code balises.jar run} on the committed sample
 * data with the default runner, then everything it wrote read back with DuckDB.
 */
class BalisesJobTest {
  private static final Path SAMPLE = Path.of("../sample-data/fhir");

  /** Every Measure the sample publishes: the catalog's, then the four about establishments. */
  private static final List<IndicatorDefinition> PUBLISHED =
      quebec.balises.publish.PublicDictionary.published(IndicatorCatalog.bundled());

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static Path output;
  private static Path keyFile;
  private static JsonNode manifest;
  private static String stdout;

  @BeforeAll
  static void runTheJobOnTheSampleData() throws Exception {
    keyFile = work.resolve("key");
    Files.writeString(keyFile, "a-test-key-of-at-least-32-bytes-long!");
    // Under target/, not a temporary folder: the dashboard module's tests, later in the same
    // build, read this run instead of running the sample again.
    output = Path.of("target", "sample-out").toAbsolutePath();
    if (Files.exists(output, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (java.util.stream.Stream<Path> paths = Files.walk(output)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Run run =
        run(
            "run",
            "--input=" + SAMPLE + "/*",
            "--output=" + output,
            "--pseudonymKeyFile=" + keyFile,
            "--asOf=2026-11-01",
            "--progressIntervalSeconds=0");
    assertThat(run.err, run.code, is(ExitCode.OK));
    stdout = run.out;
    manifest = JSON.readTree(output.resolve("manifest.json").toFile());
  }

  private record Run(ExitCode code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code =
        Balises.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String table(Dataset dataset) {
    return DuckDb.parquet(output.resolve(dataset.folder()));
  }

  /**
   * Whether the run wrote files for a dataset. A dataset with no row has no file, and the manifest
   * must say so; the sample has rows in every one (its portraits and population are two files of
   * their own, docs/decisions/0023).
   */
  private static boolean written(Dataset dataset) {
    if (Files.isDirectory(output.resolve(dataset.folder()))) {
      return true;
    }
    assertThat(
        dataset.folder() + " has no file, so no row",
        manifest.get("datasets").get(dataset.folder()).get("rows").asLong(),
        is(0L));
    return false;
  }

  @Test
  void everyDatasetHasTheRowCountTheManifestRecords() {
    assertThat(Arrays.stream(Dataset.values()).filter(d -> !written(d)).toList(), is(List.of()));
    for (Dataset dataset : Dataset.values()) {
      if (!written(dataset)) {
        continue;
      }
      long rows = manifest.get("datasets").get(dataset.folder()).get("rows").asLong();
      assertThat(
          dataset.folder(), DuckDb.count("select count(*) from " + table(dataset)), is(rows));
    }
    assertThat(
        DuckDb.count("select count(*) from " + table(Dataset.RESPONSES)), greaterThan(2000L));
  }

  /**
   * The sample's portraits carry their partners' background in restricted/portraits, as the
   * portrait's rules require it (docs/decisions/0023): lived experience and language each add up to
   * the active partners, the most deprived and the same region with their unknown stay within them,
   * and the generated answers are not all zero.
   */
  @Test
  void thePortraitsCarryThePartnersBackground() {
    String portraits = table(Dataset.PORTRAITS);
    assertThat(DuckDb.count("select count(*) from " + portraits), is(25L));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + portraits
                + " where questionnaire_version <> '1.1.0'"
                + " or partners_experience_patient + partners_experience_caregiver"
                + " + partners_experience_citizen + partners_experience_not_described"
                + " <> partners_active"
                + " or partners_language_fr + partners_language_en + partners_language_other"
                + " + partners_language_not_described <> partners_active"
                + " or partners_most_deprived + partners_deprivation_not_described"
                + " > partners_active"
                + " or partners_same_region + partners_region_not_described > partners_active"
                + " or partners_most_deprived is null or partners_same_region is null"),
        is(0L));
    for (String column :
        List.of(
            "partners_experience_patient",
            "partners_experience_caregiver",
            "partners_experience_citizen",
            "partners_language_fr",
            "partners_language_en",
            "partners_language_other",
            "partners_most_deprived",
            "partners_same_region")) {
      assertThat(
          column, DuckDb.count("select sum(" + column + ") from " + portraits) > 0L, is(true));
    }
  }

  @Test
  void everyParquetFileCarriesItsDatasetsAvroSchema() throws Exception {
    int files = 0;
    for (Dataset dataset : Dataset.values()) {
      if (!written(dataset)) {
        continue;
      }
      // The schema as committed, read from the file, not from the code that writes with it.
      Schema declared =
          new Schema.Parser()
              .parse(Path.of("..", "schemas", dataset.schemaName() + ".avsc").toFile());
      // Partition columns included: a downloaded file says which trajectory and indicator it holds.
      List<Schema.Field> expected = declared.getFields();
      Path folder = output.resolve(dataset.folder()).toRealPath();
      List<Path> parquet;
      try (Stream<Path> walk = Files.walk(folder)) {
        parquet = walk.filter(f -> f.toString().endsWith(".parquet")).toList();
      }
      for (Path file : parquet) {
        Schema written;
        try (ParquetFileReader reader =
            ParquetFileReader.open(
                HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()),
                    new org.apache.hadoop.conf.Configuration()))) {
          written =
              new Schema.Parser()
                  .parse(
                      reader
                          .getFooter()
                          .getFileMetaData()
                          .getKeyValueMetaData()
                          .get("parquet.avro.schema"));
        }
        assertThat(file.toString(), written.getFullName(), is(declared.getFullName()));
        assertThat(
            file.toString(),
            written.getFields().stream().map(Schema.Field::name).toList(),
            is(expected.stream().map(Schema.Field::name).toList()));
        for (Schema.Field field : expected) {
          Schema.Field actual = written.getField(field.name());
          assertThat(file + " " + field.name(), actual.schema(), is(field.schema()));
          assertThat(file + " " + field.name(), actual.doc(), is(field.doc()));
        }
        files++;
      }
    }
    assertThat(files, greaterThan(30));
  }

  @Test
  void theManifestCountsTheRowsOfEveryPartitionAsWritten() {
    for (Dataset dataset : Dataset.values()) {
      JsonNode node = manifest.get("datasets").get(dataset.folder());
      assertThat(dataset.folder(), node.get("rowsInFiles").asLong(), is(node.get("rows").asLong()));
    }
    JsonNode partitions =
        manifest.get("datasets").get(Dataset.INDICATORS.folder()).get("partitions");
    // The catalog's 31 and the 4 Measures about establishments (the sample has portraits and
    // population).
    assertThat(partitions.size(), is(PUBLISHED.size()));
    assertThat(partitions.size(), is(35));
    String partition =
        "trajectory=hip-arthroplasty/indicator_id=hip-hoos-jr-substantial-benefit-12m";
    assertThat(
        partitions.get(partition).asLong(),
        is(
            DuckDb.count(
                "select count(*) from "
                    + table(Dataset.INDICATORS)
                    + " where indicator_id = 'hip-hoos-jr-substantial-benefit-12m'")));
  }

  @Test
  void eachIndicatorFileCarriesThePartitionColumnsItsFolderNames() {
    Path root = output.resolve(Dataset.INDICATORS.folder()).toAbsolutePath();
    // Read without Hive partitioning, so the columns come from inside the files only.
    String files =
        "read_parquet('" + root + "/**/*.parquet', hive_partitioning = false, filename = true)";
    long rows = DuckDb.count("select count(*) from " + files);
    assertThat(rows, greaterThan(1000L));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + files
                + " where trajectory is null or indicator_id is null or filename not like"
                + " '%/trajectory=' || trajectory || '/indicator_id=' || indicator_id || '/%'"),
        is(0L));
    // And the README's Hive-partitioned read sees the same rows and the same values.
    assertThat(DuckDb.count("select count(*) from " + table(Dataset.INDICATORS)), is(rows));
    assertThat(
        DuckDb.count(
            "select count(distinct trajectory || '/' || indicator_id) from "
                + table(Dataset.INDICATORS)),
        is((long) PUBLISHED.size()));
  }

  @Test
  void everyInputFileReconcilesReadWithAcceptedPlusRejected() {
    assertThat(manifest.get("reconciled").asBoolean(), is(true));
    long read = 0;
    for (JsonNode file : manifest.get("inputs")) {
      assertThat(
          file.get("file").asText(),
          file.get("read").asLong(),
          is(file.get("accepted").asLong() + file.get("rejected").asLong()));
      assertThat(file.get("sha256").asText().length(), is(64));
      read += file.get("read").asLong();
    }
    JsonNode all = manifest.get("totals").get("all");
    assertThat(all.get("read").asLong(), is(read));
    long rows = 0;
    for (Dataset dataset : Dataset.values()) {
      if (!dataset.derived() && written(dataset)) {
        rows += DuckDb.count("select count(*) from " + table(dataset));
      }
    }
    assertThat("every record is one row somewhere", rows, is(read));
  }

  @Test
  void datesAreTypedColumns() {
    Map<String, Object> types =
        DuckDb.query(
                "select typeof(authored_date) d, typeof(authored_at) t from "
                    + table(Dataset.RESPONSES)
                    + " where authored_at is not null limit 1")
            .get(0);
    assertThat(types.get("d"), is("DATE"));
    assertThat(String.valueOf(types.get("t")), containsString("TIMESTAMP"));
    assertThat(
        DuckDb.query(
                "select typeof(anchor_date) d from " + table(Dataset.CARE_EPISODES) + " limit 1")
            .get(0)
            .get("d"),
        is("DATE"));
  }

  @Test
  void everyKindOfBadRecordTheGeneratorMakesLandsWithItsOwnReasonCode() {
    List<Object> reasons = new ArrayList<>();
    DuckDb.query("select distinct reason_code from " + table(Dataset.REJECTED))
        .forEach(row -> reasons.add(row.get("reason_code")));
    for (BadRecordKind kind : BadRecordKind.values()) {
      assertThat(kind.name(), reasons, hasItem(kind.expectedReason().name()));
    }
    Map<String, Object> deadLetter =
        DuckDb.query(
                "select source_file, source_line, message, raw_record from "
                    + table(Dataset.REJECTED)
                    + " where reason_code = 'MALFORMED_JSON' limit 1")
            .get(0);
    assertThat(
        (String) deadLetter.get("source_file"), containsString("QuestionnaireResponse.ndjson"));
    assertThat(((Number) deadLetter.get("source_line")).longValue(), greaterThan(0L));
  }

  @Test
  void noIdentifierBirthDateOrPostalCodeLeavesTheDeadLetters() throws Exception {
    String patients;
    try (java.io.InputStream gzip =
        new java.util.zip.GZIPInputStream(
            Files.newInputStream(SAMPLE.resolve("Patient.ndjson.gz")))) {
      patients = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> secrets = new ArrayList<>();
    Matcher nam = Pattern.compile("\"value\":\"([A-Z]{4}\\d{8})\"").matcher(patients);
    while (nam.find()) {
      secrets.add(nam.group(1));
    }
    Matcher birth = Pattern.compile("\"birthDate\":\"([0-9-]+)\"").matcher(patients);
    birth.find();
    secrets.add(birth.group(1));
    Matcher postal = Pattern.compile("\"postalCode\":\"([^\"]+)\"").matcher(patients);
    postal.find();
    secrets.add(postal.group(1));
    assertThat(secrets.size(), greaterThan(100));
    for (Dataset dataset : Dataset.values()) {
      if (dataset == Dataset.REJECTED) {
        continue; // keeps the raw record, by design, for the data team
      }
      if (!written(dataset)) {
        continue;
      }
      String all =
          DuckDb.query("select * from " + table(dataset)).stream()
              .map(Object::toString)
              .collect(Collectors.joining("\n"));
      for (String secret :
          List.of(
              secrets.get(0),
              secrets.get(1),
              secrets.get(secrets.size() - 2),
              secrets.get(secrets.size() - 1))) {
        assertThat(dataset + " holds " + secret, all.contains(secret), is(false));
      }
    }
    Files.walk(output)
        .filter(Files::isRegularFile)
        .forEach(f -> assertThat(f.toString(), f.toString().contains("key"), is(false)));
  }

  @Test
  void everyInstrumentIsScoredAndNoScoreLeavesItsDocumentedRange() {
    InstrumentRegistry registry = InstrumentRegistry.bundled();
    List<Object> scored = new ArrayList<>();
    DuckDb.query("select distinct instrument from " + table(Dataset.SCORES))
        .forEach(row -> scored.add(row.get("instrument")));
    for (String instrument : registry.instruments().keySet()) {
      assertThat(instrument, scored, hasItem(instrument));
    }
    registry
        .instruments()
        .values()
        .forEach(
            spec ->
                spec.scales()
                    .forEach(
                        scale -> {
                          if (scale.min() != null && scale.max() != null) {
                            long outside =
                                DuckDb.count(
                                    "select count(*) from "
                                        + table(Dataset.SCORES)
                                        + " where instrument = '"
                                        + spec.instrument()
                                        + "' and scale = '"
                                        + scale.scale()
                                        + "' and (value < "
                                        + (scale.min() - 1e-9)
                                        + " or value > "
                                        + (scale.max() + 1e-9)
                                        + ")");
                            assertThat(spec.instrument() + " " + scale.scale(), outside, is(0L));
                          }
                        }));
  }

  @Test
  void missingItemsShowAsTheStatusesTheGeneratorIntended() {
    Map<String, Long> statuses = new TreeMap<>();
    DuckDb.query("select status, count(*) n from " + table(Dataset.SCORES) + " group by status")
        .forEach(
            row -> statuses.put((String) row.get("status"), ((Number) row.get("n")).longValue()));
    long all = statuses.values().stream().mapToLong(Long::longValue).sum();
    // The generator skips 3 % of items: strict instruments lose a score now and then, lenient
    // ones prorate; nothing lies outside a documented range.
    assertThat(statuses.getOrDefault("valid", 0L) > 0.8 * all, is(true));
    assertThat(statuses.getOrDefault("insufficient_items", 0L), greaterThan(0L));
    assertThat(statuses.getOrDefault("prorated", 0L), greaterThan(0L));
    assertThat(statuses.getOrDefault("out_of_range", 0L), is(0L));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + table(Dataset.SCORES)
                + " where status in ('valid','prorated') and value is null and value_text is null"),
        is(0L));
  }

  @Test
  void hipScoresLookLikeRealArthroplastyCohorts() {
    String sql =
        "select avg(case when s.authored_date <= e.anchor_date then s.value end) before, "
            + "avg(case when s.authored_date >= e.anchor_date + 300 then s.value end) after "
            + "from "
            + table(Dataset.SCORES)
            + " s join "
            + table(Dataset.CARE_EPISODES)
            + " e using (episode_key) where s.instrument = 'HOOS_JR' and s.status = 'valid'";
    Map<String, Object> means = DuckDb.query(sql).get(0);
    double before = ((Number) means.get("before")).doubleValue();
    double after = ((Number) means.get("after")).doubleValue();
    assertThat("HOOS JR before surgery " + before, before > 40 && before < 60, is(true));
    assertThat("HOOS JR a year after " + after, after > 70 && after < 90, is(true));
  }

  @Test
  void pairedEpisodesShowTheGainAndMostResponsesLandInAWindow() {
    Map<String, Object> gain =
        DuckDb.query(
                "select count(*) n, avg(change) mean_change from "
                    + table(Dataset.EPISODES)
                    + " where instrument = 'HOOS_JR' and timepoint = '12m' and change is not null")
            .get(0);
    double meanChange = ((Number) gain.get("mean_change")).doubleValue();
    assertThat("HOOS JR 12-month gain " + meanChange, meanChange > 20 && meanChange < 40, is(true));
    assertThat(((Number) gain.get("n")).longValue(), greaterThan(20L));
    long responses = DuckDb.count("select count(*) from " + table(Dataset.RESPONSES));
    long assigned = DuckDb.count("select count(*) from " + table(Dataset.TIMEPOINT_ASSIGNMENTS));
    long kept =
        DuckDb.count(
            "select count(*) from "
                + table(Dataset.TIMEPOINT_ASSIGNMENTS)
                + " where outcome = 'kept'");
    assertThat("one assignment row per scored response", assigned, is(responses));
    assertThat("kept " + kept + " of " + assigned, kept > 0.9 * assigned, is(true));
  }

  @Test
  void everyMeasureOfTheCatalogSelectsRowsOfTheSampleEpisodes() {
    IndicatorCatalog catalog = IndicatorCatalog.bundled();
    List<Map<String, Object>> rows =
        DuckDb.query(
            "select *, baseline_date is not null as has_baseline, followup_date is not null as"
                + " has_followup from "
                + table(Dataset.EPISODES));
    for (IndicatorDefinition indicator : catalog.indicators()) {
      long denominator = 0;
      long numerator = 0;
      for (Map<String, Object> row : rows) {
        java.util.function.Function<String, Object> field =
            name -> row.get(name) instanceof Number n ? (Object) n.doubleValue() : row.get(name);
        if (indicator.initialPopulation().test(field) && indicator.denominator().test(field)) {
          denominator++;
          if (indicator.numerator() != null && indicator.numerator().test(field)) {
            numerator++;
          }
        }
      }
      assertThat(indicator.id() + " selects no sample row", denominator, greaterThan(0L));
      if (indicator.numerator() != null) {
        assertThat(
            indicator.id() + " numerator within denominator", numerator <= denominator, is(true));
      }
    }
  }

  @Test
  void publicIndicatorsCoverTheCatalogInEveryTrajectory() {
    String indicators = table(Dataset.INDICATORS);
    long published =
        DuckDb.count(
            "select count(distinct indicator_id) from "
                + indicators
                + " where not suppressed and value is not null");
    assertThat(published, is((long) PUBLISHED.size()));
    assertThat(published, greaterThan(19L));
    List<Map<String, Object>> trajectories =
        DuckDb.query("select distinct trajectory from " + indicators + " order by 1");
    assertThat(
        trajectories.stream().map(r -> r.get("trajectory")).toList(),
        is(
            List.of(
                "aire-ouverte",
                "copd",
                "hip-arthroplasty",
                "hospital-at-home",
                "knee-arthroplasty",
                "partnership",
                "partnership-portrait")));
    Map<String, Object> types =
        DuckDb.query(
                "select typeof(period_start) d, typeof(n) n, typeof(value) v, typeof(suppressed) s"
                    + " from "
                    + indicators
                    + " limit 1")
            .get(0);
    assertThat(types.toString(), is("{d=DATE, n=BIGINT, v=DOUBLE, s=BOOLEAN}"));
  }

  @Test
  void noPublicFigureDisclosesASmallCount() {
    String indicators = table(Dataset.INDICATORS);
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + indicators
                + " where n between 1 and 4 or numerator between 1 and 4"
                + " or n - numerator between 1 and 4"),
        is(0L));
    assertThat(
        "a withheld figure shows no value, interval, numerator, adjustment or flag",
        DuckDb.count(
            "select count(*) from "
                + indicators
                + " where suppressed and (value is not null or ci_lower is not null or ci_upper is"
                + " not null or numerator is not null or adjusted_value is not null"
                + " or outlier_flag is not null)"),
        is(0L));
    assertThat(
        DuckDb.count("select count(*) from " + indicators + " where suppressed"), greaterThan(0L));
    assertThat(
        "below 30, no funnel flag",
        DuckDb.count(
            "select count(*) from " + indicators + " where outlier_flag is not null and n < 30"),
        is(0L));
    assertThat(
        "one reason for every withheld figure",
        DuckDb.query(
                "select distinct suppression_reason r from " + indicators + " where suppressed")
            .stream()
            .map(row -> row.get("r"))
            .toList(),
        is(List.of(quebec.balises.indicators.Figure.SUPPRESSED)));
    assertThat(
        "no side channel: the modelled n and the observed and expected means are not published",
        DuckDb.count(
            "select count(*) from (describe select * from "
                + indicators
                + ") where column_name in ('modelled_n', 'observed_followup_mean',"
                + " 'expected_followup_mean')"),
        is(0L));
    assertThat(
        "no funnel drawn around a withheld provincial value",
        DuckDb.count(
            "select count(*) from "
                + indicators
                + " u join "
                + indicators
                + " p on p.indicator_id = u.indicator_id and p.period = u.period"
                + " and p.level = 'province' and p.stratifier = 'all'"
                + " where u.funnel_target is not null and p.value is null"),
        is(0L));
  }

  /**
   * The complete grid: every Measure has the same rows in every period of its trajectory's years
   * (units × strata), n = 0 included, so that whether a row exists tells nothing.
   */
  @Test
  void everyMeasureHasTheCompleteGridOfItsTrajectory() {
    String indicators = table(Dataset.INDICATORS);
    assertThat(
        DuckDb.count(
            "select count(*) from (select trajectory, period from (select trajectory, period,"
                + " count(*) c from "
                + indicators
                + " group by trajectory, indicator_id, period)"
                + " group by trajectory, period having min(c) <> max(c))"),
        is(0L));
    assertThat(
        DuckDb.count("select count(*) from " + indicators + " where n = 0"), greaterThan(0L));
  }

  /**
   * The attacker who reasons with whole numbers: every relation between units, strata and periods,
   * numerators within denominators, counts ≥ 0, and Measures of a trajectory whose counts agree
   * wherever both are published taken as the same population. No withheld count, numerator or
   * complement of 1 to 4 may be pinned inside [1, 4].
   */
  @Test
  void anIntegerAttackerDerivesNoSmallCount() {
    Map<String, List<quebec.balises.disclosure.IntegerAttacker.Row>> byTrajectory =
        quebec.balises.disclosure.IntegerAttacker.fromPublished(
            DuckDb.query(
                "select "
                    + quebec.balises.disclosure.IntegerAttacker.PUBLISHED_COLUMNS
                    + " from "
                    + table(Dataset.INDICATORS)
                    + " order by all"));
    int withheld = 0;
    for (Map.Entry<String, List<quebec.balises.disclosure.IntegerAttacker.Row>> trajectory :
        byTrajectory.entrySet()) {
      quebec.balises.disclosure.IntegerAttacker.Result result =
          quebec.balises.disclosure.IntegerAttacker.attack(trajectory.getValue());
      withheld += result.withheld();
      assertThat(
          trajectory.getKey() + ": " + result.disclosed().stream().limit(5).toList(),
          result.disclosed(),
          is(List.of()));
    }
    assertThat(withheld, greaterThan(1000));
  }

  /**
   * The attacker's test: with every published figure, and the geography, strata and quarters that
   * say which add up to which, solve exactly for each withheld value and each withheld n. None may
   * be recovered.
   */
  @Test
  void noWithheldFigureCanBeRecoveredFromThePublishedOnes() {
    List<Map<String, Object>> rows =
        DuckDb.query(
            "select indicator_id, level, unit_code, coalesce(region_code, '') region,"
                + " coalesce(rls_code, '') rls, stratifier, stratum, period_type, period,"
                + " suppressed value_withheld, n is null n_withheld from "
                + table(Dataset.INDICATORS)
                + " order by all");
    Map<String, List<Map<String, Object>>> tables = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      String year = ((String) row.get("period")).substring(0, 4);
      tables.computeIfAbsent(row.get("indicator_id") + " " + year, k -> new ArrayList<>()).add(row);
    }
    long withheld = 0;
    for (Map.Entry<String, List<Map<String, Object>>> table : tables.entrySet()) {
      for (String column : List.of("value_withheld", "n_withheld")) {
        List<quebec.balises.disclosure.Attacker.Published> published = new ArrayList<>();
        for (Map<String, Object> row : table.getValue()) {
          boolean hidden = (Boolean) row.get(column);
          withheld += hidden ? 1 : 0;
          published.add(
              new quebec.balises.disclosure.Attacker.Published(
                  (String) row.get("level"),
                  (String) row.get("unit_code"),
                  (String) row.get("region"),
                  (String) row.get("rls"),
                  (String) row.get("stratifier"),
                  (String) row.get("stratum"),
                  (String) row.get("period_type"),
                  (String) row.get("period"),
                  hidden));
        }
        // A Measure that counts each person once per period does not add its quarters up.
        boolean quartersAddUp =
            IndicatorCatalog.bundled().indicators().stream()
                .filter(i -> table.getKey().startsWith(i.id() + " "))
                .noneMatch(IndicatorDefinition::latestPerPerson);
        java.util.BitSet recovered =
            quebec.balises.disclosure.Attacker.recoverable(published, quartersAddUp);
        assertThat(
            table.getKey() + " " + column + ": recovered " + recovered,
            recovered.isEmpty(),
            is(true));
      }
    }
    assertThat(withheld, greaterThan(1000L));
    assertThat(
        "complementary suppression was needed and counted",
        manifest.get("metrics").get(Counters.SUPPRESSED_COMPLEMENTARY).asLong(),
        greaterThan(0L));
  }

  private static List<MeasureReport> measureReports(Path file) throws Exception {
    var parser = FhirContext.forR4Cached().newJsonParser();
    List<MeasureReport> reports = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      reports.add(parser.parseResource(MeasureReport.class, line));
    }
    return reports;
  }

  private static List<Path> measureReportFiles() throws Exception {
    try (java.util.stream.Stream<Path> files =
        Files.list(output.resolve(ExportMeasureReports.FOLDER))) {
      return files.sorted().toList();
    }
  }

  @Test
  void everyIndicatorIsExportedAsValidMeasureReportsInSortedNdjson() throws Exception {
    List<Path> files = measureReportFiles();
    assertThat(
        files.stream().map(f -> f.getFileName().toString()).toList(),
        is(PUBLISHED.stream().map(i -> i.id() + ".ndjson").sorted().toList()));
    long lines = 0;
    long validated = 0;
    long started = System.nanoTime();
    List<String> errors = new ArrayList<>();
    java.util.Set<String> measures = new java.util.TreeSet<>();
    java.util.Set<String> shapes = new java.util.HashSet<>();
    long warnings = 0;
    for (Path file : files) {
      List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(file + " lines are sorted", text, is(text.stream().sorted().toList()));
      List<MeasureReport> reports = measureReports(file);
      assertThat(reports.size(), is(text.size()));
      lines += reports.size();
      for (int i = 0; i < reports.size(); i++) {
        MeasureReport report = reports.get(i);
        measures.add(report.getMeasure().replaceAll("\\|.*", ""));
        if (!shapes.add(ReportShape.of(JSON.readTree(text.get(i))))) {
          continue;
        }
        validated++;
        for (var m : MeasureReportValidation.results(report)) {
          switch (m.getSeverity()) {
            case ERROR, FATAL ->
                errors.add(
                    report.getIdElement().getIdPart() + " " + MeasureReportValidation.line(m));
            case WARNING -> warnings++;
            default -> {}
          }
        }
      }
    }
    System.out.printf(
        "validated %d of %d MeasureReports (one per shape) in %.1f s: %d errors, %d warnings,"
            + " %d Measures resolved%n",
        validated,
        lines,
        (System.nanoTime() - started) / 1e9,
        errors.size(),
        warnings,
        measures.size());
    assertThat(String.join("\n", errors), errors, is(empty()));
    // Checked against their Measures: the validator found every Measure the reports name.
    assertThat(measures.size(), is(PUBLISHED.size()));
    assertThat(MeasureReportValidation.resolved().containsAll(measures), is(true));
    assertThat(
        manifest.get("datasets").get(ExportMeasureReports.FOLDER).get("rows").asLong(), is(lines));
    JsonNode dataPackage = JSON.readTree(output.resolve("public/datapackage.json").toFile());
    List<String> paths = new ArrayList<>();
    for (JsonNode resource : dataPackage.get("resources")) {
      if (resource.get("name").asText().equals("measure_reports")) {
        assertThat(resource.get("mediatype").asText(), is("application/fhir+ndjson"));
        resource.get("path").forEach(p -> paths.add(p.asText()));
      }
    }
    assertThat(paths.size(), is(files.size()));
  }

  @Test
  void thePublicFolderIsAValidFrictionlessDataPackageWithACsvPerIndicator() throws Exception {
    Path published = output.resolve("public").toRealPath();
    assertThat(
        quebec.balises.publish.FrictionlessPackageTest.validate(published),
        org.hamcrest.Matchers.startsWith("valid:"));
    JsonNode release = JSON.readTree(published.resolve("release.json").toFile());
    JsonNode manifest = JSON.readTree(output.resolve("manifest.json").toFile());
    assertThat(release.get("runId").asText(), is(manifest.get("runId").asText()));
    long rows =
        manifest.get("datasets").get(Dataset.INDICATORS.folder()).get("rowsInFiles").asLong();
    assertThat(release.get("counts").get("indicatorRows").asLong(), is(rows));
    try (var csv = Files.list(published.resolve("csv/indicators"))) {
      assertThat(csv.count(), is((long) PUBLISHED.size()));
    }
  }

  @Test
  void everyProvinceFigureIsInItsMeasureReportWithTheSameValueAndCounts() throws Exception {
    // What the reports say, by indicator, period, stratifier and stratum: n, numerator, value.
    Map<String, Object[]> reported = new TreeMap<>();
    java.util.Set<String> withheldPeriods = new java.util.TreeSet<>();
    for (Path file : measureReportFiles()) {
      for (MeasureReport report : measureReports(file)) {
        if (!report.getReporter().getIdentifier().getValue().equals("CA-QC")) {
          continue;
        }
        String indicator = report.getMeasure().replaceAll(".*/Measure/([^|]+)\\|.*", "$1");
        String key =
            indicator
                + "|"
                + report.getPeriod().getStartElement().getValueAsString()
                + "|"
                + report.getPeriod().getEndElement().getValueAsString()
                + "|";
        if (report.getType() == MeasureReport.MeasureReportType.DATACOLLECTION) {
          // The whole province figure is withheld: the report says so, with no group (FHIR's
          // mrp-1); its counts and strata are in public/indicators only.
          assertThat(key, report.hasGroup(), is(false));
          withheldPeriods.add(key);
          continue;
        }
        var group = report.getGroupFirstRep();
        reported.put(key + "all|all", figure(group.getPopulation(), group.getMeasureScore()));
        for (var stratifier : group.getStratifier()) {
          for (var stratum : stratifier.getStratum()) {
            reported.put(
                key + stratifier.getCodeFirstRep().getText() + "|" + stratum.getValue().getText(),
                figure(stratum.getPopulation(), stratum.getMeasureScore()));
          }
        }
      }
    }
    List<Map<String, Object>> rows =
        DuckDb.query(
            "select indicator_id, cast(period_start as varchar) s, cast(period_end as varchar) e,"
                + " stratifier, stratum, n, numerator, value, suppressed from "
                + table(Dataset.INDICATORS)
                + " where level = 'province'");
    assertThat(rows.size(), greaterThan(100));
    long expected = 0;
    for (Map<String, Object> row : rows) {
      String period =
          String.join(
                  "|",
                  row.get("indicator_id").toString(),
                  row.get("s").toString(),
                  row.get("e").toString())
              + "|";
      if (withheldPeriods.contains(period)) {
        assertThat(period, (Boolean) rowIsWithheldWhole(rows, period), is(true));
        continue;
      }
      expected++;
      String key =
          String.join(
              "|",
              row.get("indicator_id").toString(),
              row.get("s").toString(),
              row.get("e").toString(),
              row.get("stratifier").toString(),
              row.get("stratum").toString());
      Object[] report = reported.get(key);
      assertThat(key + " has no report", report == null, is(false));
      assertThat(key + " n", report[0], is(row.get("n")));
      assertThat(key + " numerator", report[1], is(row.get("numerator")));
      if ((Boolean) row.get("suppressed") || row.get("value") == null) {
        assertThat(key + " withheld or empty has no value", report[2], is((Object) null));
      } else {
        assertThat(key, (Double) report[2], closeTo((Double) row.get("value"), 1e-12));
      }
    }
    assertThat("no report figure without a public row", (long) reported.size(), is(expected));
  }

  /** Whether the province's whole figure of that indicator and period is withheld or empty. */
  private static boolean rowIsWithheldWhole(List<Map<String, Object>> rows, String period) {
    for (Map<String, Object> row : rows) {
      String key =
          String.join(
                  "|",
                  row.get("indicator_id").toString(),
                  row.get("s").toString(),
                  row.get("e").toString())
              + "|";
      if (key.equals(period) && row.get("stratifier").equals("all")) {
        return (Boolean) row.get("suppressed") || row.get("value") == null;
      }
    }
    return false;
  }

  /** n (denominator or measure population), numerator and value of one group or stratum. */
  private static Object[] figure(
      List<? extends org.hl7.fhir.r4.model.BackboneElement> populations,
      org.hl7.fhir.r4.model.Quantity score) {
    Long n = null;
    Long numerator = null;
    for (var population : populations) {
      var code =
          (org.hl7.fhir.r4.model.CodeableConcept)
              population.getNamedProperty("code").getValues().get(0);
      var count =
          (org.hl7.fhir.r4.model.IntegerType)
              population.getNamedProperty("count").getValues().get(0);
      Long value = count.hasValue() ? (long) count.getValue() : null;
      if (code.getCodingFirstRep().getCode().equals("initial-population")) {
        continue; // not counted by the engine
      } else if (code.getCodingFirstRep().getCode().equals("numerator")) {
        numerator = value;
      } else {
        n = value;
      }
    }
    return new Object[] {n, numerator, score.hasValue() ? score.getValue().doubleValue() : null};
  }

  @Test
  void noWithheldFigureHasANumberInTheMeasureReports() throws Exception {
    long withheld = 0;
    for (Path file : measureReportFiles()) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode report = JSON.readTree(line);
        if (report.path("type").asText().equals("data-collection")) {
          // A whole figure without a value (withheld, or nobody counted): no group, no number;
          // the reason on the report when it is withheld.
          assertThat(line, report.has("group"), is(false));
          if (report.path("extension").toString().contains("suppression-reason")) {
            withheld++;
          }
        }
        for (JsonNode group : report.path("group")) {
          List<JsonNode> parts = new ArrayList<>(List.of(group));
          group.path("stratifier").forEach(s -> s.path("stratum").forEach(parts::add));
          for (JsonNode part : parts) {
            for (JsonNode population : part.path("population")) {
              long count = population.path("count").asLong(-1);
              assertThat(line, count >= 1 && count <= 4, is(false));
            }
            boolean suppressed = false;
            for (JsonNode extension : part.path("extension")) {
              suppressed |= extension.get("url").asText().equals(MeasureReports.SUPPRESSION_REASON);
            }
            if (suppressed) {
              withheld++;
              assertThat(line, part.path("measureScore").has("value"), is(false));
              assertThat(
                  line,
                  part.path("measureScore").path("extension").get(0).path("valueCode").asText(),
                  is("masked"));
              for (JsonNode population : part.path("population")) {
                if (population
                    .path("code")
                    .path("coding")
                    .get(0)
                    .path("code")
                    .asText()
                    .equals("numerator")) {
                  assertThat(line, population.has("count"), is(false));
                }
              }
              // Its own extensions only: a withheld total may have published strata.
              assertThat(
                  line,
                  part.path("extension").toString().contains("confidence-interval"),
                  is(false));
            } else if (nobodyCounted(part)) {
              // Nobody counted: no value, and nothing withheld.
              assertThat(
                  line,
                  part.path("measureScore").path("extension").get(0).path("valueCode").asText(),
                  is("not-applicable"));
            } else {
              assertThat(line, part.path("measureScore").has("value"), is(true));
            }
          }
        }
      }
    }
    assertThat(
        withheld,
        is(
            DuckDb.count(
                "select count(*) from "
                    + table(Dataset.INDICATORS)
                    + " t where suppressed and (stratifier = 'all' or exists (select 1 from "
                    + table(Dataset.INDICATORS)
                    + " w where w.indicator_id = t.indicator_id and w.period_type ="
                    + " t.period_type and w.period = t.period and w.level = t.level and"
                    + " w.unit_code = t.unit_code and w.stratifier = 'all' and not"
                    + " w.suppressed and w.value is not null))")));
  }

  /** Whether a report's group or stratum counts nobody (its n, denominator or population, is 0). */
  private static boolean nobodyCounted(JsonNode part) {
    for (JsonNode population : part.path("population")) {
      String code = population.path("code").path("coding").path(0).path("code").asText();
      if ((code.equals("denominator") || code.equals("measure-population"))
          && population.path("count").asLong(-1) == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every whole unit with a target says whether it meets it, exactly as its published interval says
   * (docs/methods.md §8.8, recomputed here in SQL from the public columns alone), the sample shows
   * each status, and the MeasureReports say the same as the rows.
   */
  @Test
  void everyTargetStatusFollowsFromThePublishedInterval() throws Exception {
    String recomputed =
        "case when suppressed or v is null or lo is null or hi is null then 'not_assessable'"
            + " when target_comparator = '>=' and lo >= target_value then 'met'"
            + " when target_comparator = '>=' and hi < target_value then 'not_met'"
            + " when target_comparator = '>' and lo > target_value then 'met'"
            + " when target_comparator = '>' and hi <= target_value then 'not_met'"
            + " when target_comparator = '<=' and hi <= target_value then 'met'"
            + " when target_comparator = '<=' and lo > target_value then 'not_met'"
            + " when target_comparator = '<' and hi < target_value then 'met'"
            + " when target_comparator = '<' and lo >= target_value then 'not_met'"
            + " else 'not_assessable' end";
    String shown =
        "(select *, case when adjusted then adjusted_value else value end v,"
            + " case when adjusted then adjusted_ci_lower else ci_lower end lo,"
            + " case when adjusted then adjusted_ci_upper else ci_upper end hi from "
            + table(Dataset.INDICATORS)
            + " where target_id is not null)";
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + shown
                + " where target_status is distinct from "
                + recomputed),
        is(0L));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + table(Dataset.INDICATORS)
                + " where target_id is not null and stratifier <> 'all'"),
        is(0L));
    Map<String, Long> statuses = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query("select target_status s, count(*) c from " + shown + " group by 1")) {
      statuses.put((String) row.get("s"), ((Number) row.get("c")).longValue());
    }
    assertThat(statuses.keySet(), is(java.util.Set.of("met", "not_met", "not_assessable")));
    assertThat(
        DuckDb.count("select count(distinct target_id) from " + shown),
        is((long) TargetCatalog.bundled(IndicatorCatalog.bundled()).targets().size()));

    Map<String, String> reported = new TreeMap<>();
    for (Path file : measureReportFiles()) {
      for (MeasureReport report : measureReports(file)) {
        if (!report.hasGroup()
            || report.getGroupFirstRep().getExtensionByUrl(MeasureReports.TARGET_STATUS) == null) {
          continue;
        }
        var group = report.getGroupFirstRep();
        reported.put(
            report.getMeasure().replaceAll(".*/Measure/([^|]+)\\|.*", "$1")
                + "|"
                + report.getReporter().getIdentifier().getValue()
                + "|"
                + report.getPeriod().getStartElement().getValueAsString()
                + "|"
                + report.getPeriod().getEndElement().getValueAsString()
                + "|"
                + ((org.hl7.fhir.r4.model.Reference)
                        group.getExtensionByUrl(MeasureReports.TARGET).getValue())
                    .getIdentifier()
                    .getValue(),
            group.getExtensionByUrl(MeasureReports.TARGET_STATUS).getValue().primitiveValue());
      }
    }
    Map<String, String> published = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select indicator_id, case when level = 'province' then 'CA-QC' else unit_code end u,"
                + " cast(period_start as varchar) s, cast(period_end as varchar) e, target_id,"
                + " target_status from "
                + shown
                // A report without a score (withheld, or nobody in the cell) has no group.
                + " where not suppressed and value is not null")) {
      published.put(
          row.get("indicator_id")
              + "|"
              + row.get("u")
              + "|"
              + row.get("s")
              + "|"
              + row.get("e")
              + "|"
              + row.get("target_id"),
          (String) row.get("target_status"));
    }
    assertThat(reported, is(published));
  }

  /** Every MeasureReport says since when its period is final, the day its public rows give. */
  @Test
  void everyMeasureReportSaysSinceWhenItsPeriodIsFinal() throws Exception {
    Map<String, String> published = new TreeMap<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select distinct indicator_id, cast(period_start as varchar) s,"
                + " cast(period_end as varchar) e, cast(final_on as varchar) f from "
                + table(Dataset.INDICATORS))) {
      published.put(
          row.get("indicator_id") + "|" + row.get("s") + "|" + row.get("e"), (String) row.get("f"));
    }
    int reports = 0;
    for (Path file : measureReportFiles()) {
      for (MeasureReport report : measureReports(file)) {
        String key =
            report.getMeasure().replaceAll(".*/Measure/([^|]+)\\|.*", "$1")
                + "|"
                + report.getPeriod().getStartElement().getValueAsString()
                + "|"
                + report.getPeriod().getEndElement().getValueAsString();
        var finalOn = report.getExtensionByUrl(MeasureReports.FINAL_ON);
        assertThat(key, finalOn, org.hamcrest.Matchers.notNullValue());
        assertThat(key, finalOn.getValue().primitiveValue(), is(published.get(key)));
        reports++;
      }
    }
    assertThat(reports, greaterThan(0));
  }

  /** The agreed actions reach public/action_plans exactly as the catalog holds them. */
  @Test
  void everyActionPlanOfTheCatalogIsPublishedAsWritten() {
    IndicatorCatalog catalog = IndicatorCatalog.bundled();
    List<String> expected = new ArrayList<>();
    for (ActionPlan plan :
        ActionPlanCatalog.bundled(catalog, TargetCatalog.bundled(catalog)).plans()) {
      expected.add(
          String.join(
              "|",
              plan.id(),
              plan.indicatorId(),
              plan.trajectory(),
              plan.level(),
              plan.unitCode(),
              plan.status(),
              plan.started().toString(),
              String.valueOf(plan.nextReview()),
              String.valueOf(plan.targetId()),
              plan.titleFr()));
    }
    List<String> published = new ArrayList<>();
    for (Map<String, Object> row :
        DuckDb.query(
            "select action_id, indicator_id, trajectory, level, unit_code, status,"
                + " cast(started_on as varchar) s, coalesce(cast(next_review as varchar), 'null') r,"
                + " coalesce(target_id, 'null') t, title_fr from "
                + table(Dataset.ACTION_PLANS)
                + " order by action_id")) {
      published.add(
          String.join(
              "|",
              (String) row.get("action_id"),
              (String) row.get("indicator_id"),
              (String) row.get("trajectory"),
              (String) row.get("level"),
              (String) row.get("unit_code"),
              (String) row.get("status"),
              (String) row.get("s"),
              (String) row.get("r"),
              (String) row.get("t"),
              (String) row.get("title_fr")));
    }
    assertThat(published, is(expected));
    assertThat(published.size(), is(5));
  }

  @Test
  void adjustedIndicatorsHaveProvincialModelsAndEstablishmentFunnels() {
    List<Map<String, Object>> models =
        DuckDb.query(
            "select distinct indicator_id from "
                + table(Dataset.CASEMIX_MODELS)
                + " where period_type = 'year' order by 1");
    assertThat(
        models.stream().map(r -> r.get("indicator_id")).toList(),
        is(List.of("hip-hoos-jr-mean-change-12m", "knee-koos-jr-mean-change-12m")));
    assertThat(
        DuckDb.count(
            "select count(*) from "
                + table(Dataset.INDICATORS)
                + " where level = 'establishment' and outlier_flag is not null"),
        greaterThan(0L));
  }

  /** The README's DuckDB query, run as written against this run's output. */
  @Test
  void theReadmeQueryGivesEachEstablishmentsHipResponderRate() throws Exception {
    String whole = Files.readString(Path.of("../README.md"));
    String heading = "### Querying the published indicators";
    assertThat("the README has the section " + heading, whole.contains(heading), is(true));
    String readme = whole.substring(whole.indexOf(heading));
    java.util.regex.Matcher block =
        java.util.regex.Pattern.compile("```sql\\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(readme);
    assertThat("the README has a DuckDB query", block.find(), is(true));
    String sql = block.group(1).replace("'out/public/", "'" + output.toAbsolutePath() + "/public/");
    List<Map<String, Object>> rows = DuckDb.query(sql);
    assertThat(rows.size(), greaterThan(3));
    assertThat(
        rows.stream().anyMatch(r -> r.get("value") != null && r.get("outlier_flag") != null),
        is(true));
  }

  @Test
  void catFallsAfterPulmonaryRehabilitation() {
    String sql =
        "select avg(case when s.authored_date <= e.anchor_date + 30 then s.value end) enrolment, "
            + "avg(case when s.authored_date between e.anchor_date + 60 and e.anchor_date + 120"
            + " then s.value end) three_months from "
            + table(Dataset.SCORES)
            + " s join "
            + table(Dataset.CARE_EPISODES)
            + " e using (episode_key)"
            + " where s.instrument = 'CAT' and s.status = 'valid'";
    Map<String, Object> means = DuckDb.query(sql).get(0);
    double enrolment = ((Number) means.get("enrolment")).doubleValue();
    double threeMonths = ((Number) means.get("three_months")).doubleValue();
    assertThat("CAT " + enrolment + " → " + threeMonths, threeMonths < enrolment - 1, is(true));
  }

  @Test
  void theManifestRecordsTheCatalogAndTimepointsTheRunUsed() {
    assertThat(
        manifest.get("indicatorCatalog").size(),
        is(IndicatorCatalog.bundled().indicators().size()));
    assertThat(manifest.get("indicatorCatalog").get(0).get("sha256").asText().length(), is(64));
    assertThat(manifest.get("timepointsVersion").asText(), is("1.0.0"));
  }

  @Test
  void theManifestRecordsWhereTheKeyCameFromButNeverTheKey() throws Exception {
    String text = Files.readString(output.resolve("manifest.json"));
    assertThat(text.contains(Files.readString(keyFile)), is(false));
    assertThat(manifest.get("options").get("pseudonymKey").asText(), containsString("file "));
  }

  @Test
  void printsASummaryWithTheCounts() {
    assertThat(stdout, containsString("done "));
    assertThat(stdout, containsString("QuestionnaireResponse"));
  }

  /**
   * Two small runs into one folder: the patients and establishments, whose pseudonyms must be the
   * sample run's, then the establishments alone, which replace what the first wrote (25
   * establishments, not twice as many, and no patients left) and leave no work file behind.
   */
  @Test
  void pseudonymsAreStableAcrossRunsAndARerunReplacesWhatTheLastRunWrote() throws Exception {
    Path rerun = work.resolve("rerun");
    Run run =
        run(
            "run",
            "--input=" + SAMPLE + "/Patient.ndjson.gz," + SAMPLE + "/Organization.ndjson.gz",
            "--output=" + rerun,
            "--pseudonymKeyFile=" + keyFile,
            "--progressIntervalSeconds=0");
    assertThat(run.err, run.code, is(ExitCode.OK));
    Map<String, Object> first = pseudonyms(output);
    Map<String, Object> second = pseudonyms(rerun);
    assertThat(second.keySet().isEmpty(), is(false));
    assertThat(first.keySet().containsAll(second.keySet()), is(true));
    assertThat(establishments(rerun), is(25L));

    run =
        run(
            "run",
            "--input=" + SAMPLE + "/Organization.ndjson.gz",
            "--output=" + rerun,
            "--pseudonymKeyFile=" + keyFile,
            "--progressIntervalSeconds=0");
    assertThat(run.err, run.code, is(ExitCode.OK));
    assertThat(establishments(rerun), is(25L));
    assertThat(
        "the first run's patients are gone",
        Files.isDirectory(rerun.resolve(Dataset.PATIENTS.folder())),
        is(false));
    assertThat(
        JSON.readTree(rerun.resolve("manifest.json").toFile())
            .get("datasets")
            .get(Dataset.PATIENTS.folder())
            .get("rows")
            .asLong(),
        is(0L));
    try (var files = Files.list(rerun)) {
      assertThat(
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".balises")).toList(),
          empty());
    }
  }

  private static long establishments(Path out) {
    return DuckDb.count(
        "select count(*) from " + DuckDb.parquet(out.resolve(Dataset.ESTABLISHMENTS.folder())));
  }

  private static Map<String, Object> pseudonyms(Path out) {
    Map<String, Object> byPseudonym = new TreeMap<>();
    DuckDb.query(
            "select patient_pseudonym, birth_year from "
                + DuckDb.parquet(out.resolve(Dataset.PATIENTS.folder())))
        .forEach(
            row -> byPseudonym.put((String) row.get("patient_pseudonym"), row.get("birth_year")));
    return byPseudonym;
  }

  @Test
  void aMissingInputFailsWithExitCode3AndOneLine() {
    Run run =
        run(
            "run",
            "--input=" + work.resolve("nothing-here") + "/*.ndjson",
            "--output=" + work.resolve("x"),
            "--pseudonymKeyFile=" + keyFile);
    assertThat(run.code, is(ExitCode.INPUT));
    assertThat(run.err, containsString("no file matches --input pattern"));
    assertThat(run.err.strip().lines().count(), is(1L));
  }

  @Test
  void noKeyFailsWithExitCode2NamingTheOption() {
    assumeTrue(System.getenv("BALISES_PSEUDONYM_KEY") == null, "a key is set in this environment");
    Run run = run("run", "--input=" + SAMPLE + "/*", "--output=" + work.resolve("y"));
    assertThat(run.code, is(ExitCode.USAGE));
    assertThat(run.err, containsString("--pseudonymKeyFile"));
  }

  @Test
  void anUnwritableOutputFailsWithExitCode4() throws Exception {
    Path file = Files.writeString(work.resolve("a-file"), "x");
    Run run =
        run(
            "run",
            "--input=" + SAMPLE + "/*",
            "--output=" + file.resolve("sub"),
            "--pseudonymKeyFile=" + keyFile);
    assertThat(run.code, is(ExitCode.OUTPUT));
    assertThat(run.err, containsString("cannot write to --output="));
  }

  @Test
  void unknownOptionsAndCommandsAreUsageErrors() {
    assertThat(run("run", "--inptu=x").code, is(ExitCode.USAGE));
    assertThat(run("frobnicate").code, is(ExitCode.USAGE));
  }

  @Test
  void helpListsEveryOptionWithItsDescription() {
    Run run = run("run", "--help");
    assertThat(run.code, is(ExitCode.OK));
    for (String option :
        List.of(
            "--input",
            "--output",
            "--pseudonymKeyFile",
            "--asOf",
            "--progressIntervalSeconds",
            "--maxRawRecordBytes")) {
      assertThat(run.out, containsString(option));
    }
    assertThat(run("generate", "--help").out, containsString("--badRecordShare"));
  }
}
