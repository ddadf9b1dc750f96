package quebec.balises.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What an analyst would do instead of the pipeline: DuckDB (through JDBC) computes one reference
 * indicator, the hip replacement HOOS JR responder rate per establishment (change of 22 points or
 * more between the baseline and the 12-month follow-up, CMS THA/TKA PRO-PM), with SQL straight from
 * the NDJSON files. The answer weights, the Rasch conversion table and the timepoint windows come
 * from {@code fhir-profiles/}, as the pipeline's do; the rules (latest version, usable status,
 * valid dates and codes, linked episode of the same patient, one response per timepoint: closest to
 * the target, then earliest, then first by id) are the pipeline's, written in SQL.
 *
 * <p>DuckDB reads the NDJSON files only: the transaction Bundle (a few percent of patients, with
 * {@code urn:uuid:} references) is left out, as an analyst's first query would. {@code --check}
 * compares the figures with the pipeline's own {@code restricted/episodes} for the episodes that
 * came from NDJSON files, so that the comparison is between two ways of computing the same numbers.
 *
 * <p>Usage: {@code DuckDbIndicator --input=FOLDER [--profiles=fhir-profiles] [--asOf=YYYY-MM-DD]
 * [--check=BALISES_OUTPUT]}.
 */
public final class DuckDbIndicator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "https://balises.quebec/fhir";
  private static final String EPISODE_EXTENSION =
      "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";
  private static final String ORDINAL_VALUE =
      "http://hl7.org/fhir/StructureDefinition/ordinalValue";
  static final double RESPONDER_CHANGE = 22;

  /** One establishment's figure: pairs with a change, and those of 22 points or more. */
  record Figure(String establishment, long pairs, long responders) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path input = Path.of(required(options, "input"));
    Path profiles = Path.of(options.getOrDefault("profiles", "fhir-profiles"));
    LocalDate asOf = LocalDate.parse(options.getOrDefault("asOf", LocalDate.now().toString()));
    long started = System.nanoTime();
    List<Figure> figures;
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      figures = responderRates(duckdb, input, profiles, asOf);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long pairs = figures.stream().mapToLong(Figure::pairs).sum();
    long responders = figures.stream().mapToLong(Figure::responders).sum();
    System.out.printf(
        "duckdb: HOOS JR responder rate at 12 months for %d establishments in %.1f s:"
            + " %,d responders / %,d pairs%n",
        figures.size(), seconds, responders, pairs);
    for (Figure f : figures) {
      System.out.printf(
          "  %-8s %6d / %6d  %5.1f %%%n",
          f.establishment(), f.responders(), f.pairs(), 100.0 * f.responders() / f.pairs());
    }
    if (options.containsKey("check")) {
      List<Figure> pipeline;
      try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
        pipeline = fromPipelineOutput(duckdb, Path.of(options.get("check")), profiles);
      }
      if (pipeline.equals(figures)) {
        System.out.printf(
            "CHECK equal: the pipeline's restricted/episodes give the same %d figures%n",
            figures.size());
      } else {
        System.out.printf("CHECK differ: pipeline %s%n        duckdb   %s%n", pipeline, figures);
        System.exit(1);
      }
    }
  }

  static List<Figure> responderRates(Connection duckdb, Path input, Path profiles, LocalDate asOf)
      throws SQLException, IOException {
    Instrument hoos = Instrument.load(profiles);
    Windows windows = Windows.load(profiles);
    try (Statement sql = duckdb.createStatement()) {
      sql.execute("CREATE TEMP TABLE weights (link_id VARCHAR, code VARCHAR, weight DOUBLE)");
      sql.execute("INSERT INTO weights VALUES " + hoos.weightRows());
      sql.execute("CREATE TEMP TABLE conversion (raw INTEGER, score DOUBLE)");
      sql.execute("INSERT INTO conversion VALUES " + hoos.conversionRows());
      return figures(sql.executeQuery(query(input, hoos, windows, asOf)));
    }
  }

  static String query(Path input, Instrument hoos, Windows w, LocalDate asOf) {
    String dir = input.toAbsolutePath().toString().replace("'", "''");
    return """
        WITH orgs AS (
          SELECT id AS org_id,
                 list_filter(identifier, lambda x: x.system = '%1$s/NamingSystem/establishment')[1].value
                   AS establishment_code
          FROM read_ndjson('%2$s/Organization*.ndjson*', ignore_errors = true,
                           columns = {id: 'VARCHAR',
                                      identifier: 'STRUCT(system VARCHAR, value VARCHAR)[]'})
        ),
        patients AS (
          SELECT id FROM read_ndjson('%2$s/Patient*.ndjson*', ignore_errors = true,
                                     columns = {id: 'VARCHAR', birthDate: 'VARCHAR'})
          WHERE birthDate IS NULL OR TRY_CAST(birthDate AS DATE) <= DATE '%3$s'
        ),
        episodes AS (
          SELECT e.id AS episode_id, e.patient.reference AS patient_ref,
                 o.establishment_code, TRY_CAST(e.period."start" AS DATE) AS anchor
          FROM read_ndjson('%2$s/EpisodeOfCare*.ndjson*', ignore_errors = true,
                 columns = {id: 'VARCHAR', status: 'VARCHAR',
                            type: 'STRUCT(coding STRUCT(system VARCHAR, code VARCHAR)[])[]',
                            patient: 'STRUCT(reference VARCHAR)',
                            managingOrganization: 'STRUCT(reference VARCHAR)',
                            period: 'STRUCT("start" VARCHAR)'}) e
          JOIN orgs o ON e.managingOrganization.reference = 'Organization/' || o.org_id
          JOIN patients p ON e.patient.reference = 'Patient/' || p.id
          WHERE e.status IN ('planned', 'waitlist', 'active', 'onhold', 'finished')
            AND list_contains(flatten(list_transform(e.type,
                  lambda t: list_transform(t.coding, lambda c: c.system || '|' || c.code))),
                  '%1$s/CodeSystem/trajectory|hip-arthroplasty')
        ),
        qr AS (
          SELECT id, meta, status, questionnaire, authored, item,
                 subject.reference AS subject_ref,
                 list_filter(extension, lambda x: x.url = '%4$s')[1].valueReference.reference
                   AS episode_ref
          FROM read_ndjson('%2$s/QuestionnaireResponse*.ndjson*', ignore_errors = true,
                 columns = {id: 'VARCHAR', status: 'VARCHAR', questionnaire: 'VARCHAR',
                            authored: 'VARCHAR',
                            meta: 'STRUCT(versionId VARCHAR, lastUpdated VARCHAR)',
                            subject: 'STRUCT(reference VARCHAR)',
                            extension: 'STRUCT(url VARCHAR, valueReference STRUCT(reference VARCHAR))[]',
                            item: 'STRUCT(linkId VARCHAR, answer STRUCT(valueCoding STRUCT(code VARCHAR), valueInteger BIGINT, valueDecimal DOUBLE)[])[]'})
          WHERE starts_with(questionnaire, '%5$s|')
        ),
        latest AS (
          SELECT * FROM (
            SELECT *, row_number() OVER (PARTITION BY id ORDER BY
                     TRY_CAST(trim(meta.versionId) AS BIGINT) DESC NULLS LAST,
                     TRY_CAST(meta.lastUpdated AS TIMESTAMPTZ) DESC NULLS LAST,
                     CASE status WHEN 'entered-in-error' THEN 2 WHEN 'amended' THEN 1 ELSE 0 END DESC
                   ) AS version_rank
            FROM qr)
          WHERE version_rank = 1 AND status IN ('completed', 'amended')
            AND questionnaire = '%5$s|%6$s'
        ),
        dated AS (
          SELECT *, CASE WHEN length(authored) = 10 THEN TRY_CAST(authored AS DATE)
                         ELSE CAST(TRY_CAST(authored AS TIMESTAMPTZ)
                                   AT TIME ZONE 'America/Montreal' AS DATE) END AS authored_date
          FROM latest
        ),
        answers AS (
          SELECT x.id, x.i.linkId AS link_id, w.weight
          FROM (SELECT id, i, unnest(i.answer) AS a
                FROM (SELECT id, unnest(item) AS i FROM dated)) x
          LEFT JOIN weights w ON w.link_id = x.i.linkId AND w.code = x.a.valueCoding.code
        ),
        scored AS (
          SELECT id, bool_and(weight IS NOT NULL) AS known,
                 count(DISTINCT link_id) FILTER (WHERE weight IS NOT NULL) AS answered,
                 sum(weight) AS raw
          FROM answers GROUP BY id
        ),
        responses AS (
          SELECT d.id, e.episode_id, e.establishment_code,
                 d.authored_date - e.anchor AS days,
                 CASE WHEN s.answered = %7$d THEN c.score END AS score
          FROM dated d
          JOIN episodes e ON d.episode_ref = 'EpisodeOfCare/' || e.episode_id
                         AND d.subject_ref = e.patient_ref
          LEFT JOIN scored s ON s.id = d.id
          LEFT JOIN conversion c ON c.raw = CAST(s.raw AS INTEGER)
          WHERE d.authored_date IS NOT NULL AND d.authored_date <= DATE '%3$s'
            AND coalesce(s.known, true)
        ),
        placed AS (
          SELECT *,
                 CASE WHEN days BETWEEN %8$d AND %9$d THEN 'baseline'
                      WHEN days BETWEEN %11$d AND %12$d THEN 'followup' END AS timepoint,
                 CASE WHEN days BETWEEN %8$d AND %9$d THEN %10$d ELSE %13$d END AS target
          FROM responses
        ),
        kept AS (
          SELECT * FROM (
            SELECT *, row_number() OVER (PARTITION BY episode_id, timepoint
                                         ORDER BY abs(days - target), days, id) AS pick
            FROM placed WHERE timepoint IS NOT NULL)
          WHERE pick = 1
        ),
        pairs AS (
          SELECT f.establishment_code, f.score - b.score AS change
          FROM kept f JOIN kept b ON b.episode_id = f.episode_id AND b.timepoint = 'baseline'
          WHERE f.timepoint = 'followup'
        )
        SELECT establishment_code, count(change) AS pairs,
               count(*) FILTER (WHERE change >= %14$s) AS responders
        FROM pairs GROUP BY establishment_code HAVING count(change) > 0
        ORDER BY establishment_code
        """
        .formatted(
            BASE,
            dir,
            asOf,
            EPISODE_EXTENSION,
            hoos.url(),
            hoos.version(),
            hoos.items(),
            w.baselineFrom(),
            w.baselineTo(),
            w.baselineTarget(),
            w.followupFrom(),
            w.followupTo(),
            w.followupTarget(),
            RESPONDER_CHANGE);
  }

  /** The same figure from the pipeline's output, for the episodes read from NDJSON files. */
  static List<Figure> fromPipelineOutput(Connection duckdb, Path output, Path profiles)
      throws SQLException, IOException {
    Instrument hoos = Instrument.load(profiles);
    String restricted = output.toAbsolutePath().resolve("restricted").toString();
    String query =
        """
        SELECT p.establishment_code, count(p.change) AS pairs,
               count(*) FILTER (WHERE p.change >= %s) AS responders
        FROM read_parquet('%s/episodes/*.parquet') p
        JOIN read_parquet('%s/care_episodes/*.parquet') c USING (episode_key)
        WHERE p.trajectory = 'hip-arthroplasty' AND p.instrument = '%s' AND p.scale = 'interval'
          AND p.timepoint = '12m' AND p.change IS NOT NULL AND c.source_file LIKE '%%.ndjson%%'
        GROUP BY p.establishment_code ORDER BY p.establishment_code
        """
            .formatted(RESPONDER_CHANGE, restricted, restricted, hoos.instrument());
    try (Statement sql = duckdb.createStatement()) {
      return figures(sql.executeQuery(query));
    }
  }

  private static List<Figure> figures(ResultSet rows) throws SQLException {
    List<Figure> figures = new ArrayList<>();
    while (rows.next()) {
      figures.add(new Figure(rows.getString(1), rows.getLong(2), rows.getLong(3)));
    }
    return figures;
  }

  /** HOOS JR as the pipeline scores it: weights from the Questionnaire, the Rasch table. */
  record Instrument(
      String instrument,
      String url,
      String version,
      int items,
      Map<String, Map<String, Double>> weights,
      Map<Integer, Double> conversion) {

    static Instrument load(Path profiles) throws IOException {
      JsonNode questionnaire =
          JSON.readTree(profiles.resolve("questionnaires/hoos-jr.json").toFile());
      Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
      for (JsonNode item : questionnaire.path("item")) {
        Map<String, Double> codes = new LinkedHashMap<>();
        for (JsonNode option : item.path("answerOption")) {
          for (JsonNode extension : option.path("extension")) {
            if (ORDINAL_VALUE.equals(extension.path("url").asText())) {
              codes.put(
                  option.path("valueCoding").path("code").asText(),
                  extension.path("valueDecimal").asDouble());
            }
          }
        }
        weights.put(item.path("linkId").asText(), codes);
      }
      JsonNode scoring = JSON.readTree(profiles.resolve("scoring/hoos-jr.json").toFile());
      Map<Integer, Double> conversion = new LinkedHashMap<>();
      JsonNode table = scoring.path("table");
      for (String raw : (Iterable<String>) () -> table.fieldNames()) {
        conversion.put(Integer.valueOf(raw), table.path(raw).asDouble());
      }
      return new Instrument(
          scoring.path("instrument").asText(),
          questionnaire.path("url").asText(),
          questionnaire.path("version").asText(),
          weights.size(),
          weights,
          conversion);
    }

    String weightRows() {
      StringJoiner rows = new StringJoiner(", ");
      weights.forEach(
          (item, codes) ->
              codes.forEach(
                  (code, weight) -> rows.add("('%s', '%s', %s)".formatted(item, code, weight))));
      return rows.toString();
    }

    String conversionRows() {
      StringJoiner rows = new StringJoiner(", ");
      conversion.forEach((raw, score) -> rows.add("(%d, %s)".formatted(raw, score)));
      return rows.toString();
    }
  }

  /** The hip-arthroplasty baseline and 12-month windows, from the timepoints file. */
  record Windows(
      int baselineFrom,
      int baselineTo,
      int baselineTarget,
      int followupFrom,
      int followupTo,
      int followupTarget) {

    static Windows load(Path profiles) throws IOException {
      JsonNode all = JSON.readTree(profiles.resolve("timepoints/timepoints.json").toFile());
      JsonNode baseline = null;
      JsonNode followup = null;
      for (JsonNode trajectory : all.path("trajectories")) {
        if (trajectory.path("trajectory").asText().equals("hip-arthroplasty")) {
          for (JsonNode timepoint : trajectory.path("timepoints")) {
            if (timepoint.path("role").asText().equals("baseline")) {
              baseline = timepoint;
            } else if (timepoint.path("name").asText().equals("12m")) {
              followup = timepoint;
            }
          }
        }
      }
      Objects.requireNonNull(baseline, "no hip-arthroplasty baseline in timepoints.json");
      Objects.requireNonNull(followup, "no hip-arthroplasty 12m in timepoints.json");
      return new Windows(
          baseline.path("fromDays").asInt(),
          baseline.path("toDays").asInt(),
          baseline.path("targetDays").asInt(),
          followup.path("fromDays").asInt(),
          followup.path("toDays").asInt(),
          followup.path("targetDays").asInt());
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      int eq = arg.indexOf('=');
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
