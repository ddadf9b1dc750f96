package quebec.balises.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.avro.Schema;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.Period;
import quebec.balises.indicators.Target;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.model.Quebec;
import quebec.balises.portrait.PortraitMeasures;

/**
 * What a reader of {@code public/} needs beside the data, generated from the Avro schemas and the
 * indicator catalog so that it cannot drift from them: a bilingual data dictionary ({@code
 * dictionary/columns.csv}, {@code codes.csv}, {@code indicators.json}, {@code dictionary.md}) and a
 * Frictionless Data Package ({@code datapackage.json}) for open-data portals. French first.
 */
public final class PublicDictionary {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";

  /** The bilingual labels of coded values, kept by hand beside the schemas. */
  public static final String CODES = "schemas/dictionary/codes.csv";

  private PublicDictionary() {}

  /** The published copy of the methods that the catalog and the dictionary cite. */
  public static final String METHODS = "docs/methods.md";

  /** The published copy of the criteria language that the Measures' populations are written in. */
  public static final String CRITERIA = "docs/criteria-expressions.md";

  /** The FHIR package (input profile, questionnaires, Measures) that the MeasureReports follow. */
  public static final String FHIR_PACKAGE = "fhir/package.tgz";

  /** The licence of the published data. */
  static final String LICENCE = "CC-BY-4.0";

  static final String LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/";
  static final String HOMEPAGE = "https://balises.quebec";

  /**
   * What one run publishes, for {@code release.json} and the Data Package: who the run was, the
   * date its data stand at, the versions of the code and of the catalog, and counts.
   *
   * @param runId the run's id, as in the manifest
   * @param asOf the run's reference date ({@code --asOf})
   * @param balisesVersion the jar's version
   * @param timepointsVersion the version of the timepoint windows
   * @param indicatorCsv the per-indicator CSV files, relative to {@code public/}, by indicator id
   * @param counts counts of what was published, by name (rows, figures, withheld figures…)
   */
  public record Release(
      String runId,
      LocalDate asOf,
      String balisesVersion,
      String timepointsVersion,
      SortedMap<String, String> indicatorCsv,
      SortedMap<String, Long> counts) {
    /** A release with nothing in it, for tests of the text alone. */
    public static final Release EMPTY =
        new Release(
            "00000000-0000-0000-0000-000000000000",
            LocalDate.of(2000, 1, 1),
            "dev",
            "0",
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>());

    /** The data's version: the reference date as {@code YYYY.MM.DD}. */
    public String dataVersion() {
      return asOf.toString().replace('-', '.');
    }

    /** When the data stand: the start of the reference date in Montreal, RFC 3339. */
    public String created() {
      return asOf.atStartOfDay(Quebec.ZONE)
          .toOffsetDateTime()
          .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
  }

  /**
   * The files to write under {@code public/}, by relative path.
   *
   * @param files every data file under {@code public/}, relative to it, by dataset
   * @param measureReports the FHIR MeasureReport NDJSON files under {@code public/}, relative to it
   */
  public static SortedMap<String, String> files(
      IndicatorCatalog catalog,
      Map<Dataset, List<String>> files,
      List<String> measureReports,
      Release release) {
    return files(
        catalog, files, measureReports, release, ReleaseChanges.first(changelog(catalog, release)));
  }

  /**
   * The files to write under {@code public/}, with the changelog and {@code changes.csv} that
   * compare this release with the previous one ({@link ReleaseChanges}).
   */
  public static SortedMap<String, String> files(
      IndicatorCatalog catalog,
      Map<Dataset, List<String>> files,
      List<String> measureReports,
      Release release,
      ReleaseChanges.Files changes) {
    return files(catalog, TargetCatalog.none(), files, measureReports, release, changes);
  }

  /**
   * The files to write under {@code public/}, with the targets of the indicators in the dictionary
   * and the changelog that compares this release with the previous one.
   */
  public static SortedMap<String, String> files(
      IndicatorCatalog catalog,
      TargetCatalog targets,
      Map<Dataset, List<String>> files,
      List<String> measureReports,
      Release release,
      ReleaseChanges.Files changes) {
    SortedMap<String, String> out = new java.util.TreeMap<>();
    out.putAll(changes.byPath());
    out.put("dictionary/columns.csv", IndicatorCsv.BOM + columnsCsv(Dataset.publicDatasets()));
    out.put("dictionary/codes.csv", IndicatorCsv.BOM + ClasspathFolder.readFile(CODES));
    out.put("dictionary/indicators.json", write(indicators(catalog, targets)));
    out.put("dictionary/dictionary.md", markdown(catalog, Dataset.publicDatasets()));
    out.put(METHODS, ClasspathFolder.readFile(METHODS));
    out.put(CRITERIA, ClasspathFolder.readFile(CRITERIA));
    out.put("release.json", write(release(catalog, release)));
    out.put("datapackage.json", write(dataPackage(catalog, files, measureReports, release)));
    return out;
  }

  /**
   * Every Measure whose figures {@code public/} may hold: the catalog's, then the Measures about
   * establishments (docs/decisions/0022), which the catalog leaves out but which go through the
   * same disclosure control to the same {@code public/indicators}.
   */
  public static List<IndicatorDefinition> published(IndicatorCatalog catalog) {
    List<IndicatorDefinition> all = new ArrayList<>(catalog.indicators());
    for (PortraitMeasures.PortraitMeasure measure : PortraitMeasures.bundled()) {
      if (all.stream().noneMatch(i -> i.id().equals(measure.definition().id()))) {
        all.add(measure.definition());
      }
    }
    return List.copyOf(all);
  }

  /** The release policy of every published Measure, for the periods not yet final. */
  private static quebec.balises.disclosure.ReleasePolicy policy(
      IndicatorCatalog catalog, LocalDate asOf) {
    List<IndicatorDefinition> more = new ArrayList<>(published(catalog));
    more.removeAll(catalog.indicators());
    return quebec.balises.disclosure.ReleasePolicy.of(
            catalog, quebec.balises.episodes.TimepointPlan.bundled(), asOf, 0)
        .with(more, PortraitMeasures.FINAL_AFTER_DAYS);
  }

  /** This release as its changelog entry names it: run, date, code and catalog versions. */
  public static ReleaseChanges.Release changelog(IndicatorCatalog catalog, Release release) {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(ClasspathFolder.readFile(quebec.balises.fhir.FhirPackage.MANIFEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ReleaseChanges.Release(
        release.runId(),
        release.asOf().toString(),
        release.balisesVersion(),
        manifest.path("name").asText() + " " + manifest.path("version").asText(),
        published(catalog).size());
  }

  /** One Avro field's French and English documentation, from its {@code fr: … | en: …} doc. */
  static String[] bilingual(String doc) {
    if (doc == null || !doc.startsWith("fr: ") || !doc.contains(" | en: ")) {
      throw new IllegalStateException("a schema doc must read 'fr: … | en: …', got: " + doc);
    }
    int split = doc.indexOf(" | en: ");
    return new String[] {doc.substring(4, split).trim(), doc.substring(split + 7).trim()};
  }

  private static String columnsCsv(Iterable<Dataset> datasets) {
    StringBuilder csv =
        new StringBuilder("dataset,column,type,nullable,description_fr,description_en\n");
    for (Dataset dataset : datasets) {
      for (Schema.Field field : dataset.schema().getFields()) {
        String[] doc = bilingual(field.doc());
        csv.append(
            Csv.line(
                name(dataset),
                field.name(),
                type(field.schema()),
                Boolean.toString(nullable(field.schema())),
                doc[0],
                doc[1]));
      }
    }
    return csv.toString();
  }

  private static ArrayNode indicators(IndicatorCatalog catalog, TargetCatalog targets) {
    SortedMap<String, String> measures = bundledMeasures();
    ArrayNode list = JSON.createArrayNode();
    for (IndicatorDefinition indicator : published(catalog)) {
      JsonNode measure;
      try {
        measure =
            JSON.readTree(
                measures.get(indicator.file().substring(IndicatorCatalog.FOLDER.length() + 1)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ObjectNode entry = list.addObject();
      entry.put("id", indicator.id());
      entry.put("url", indicator.url());
      entry.put("trajectory", indicator.trajectory());
      entry.put("version", indicator.version());
      // The Measure's FHIR status (active, draft), labelled in codes.csv; a Measure that no
      // committee has endorsed yet has no endorser and no approval date.
      entry.put("measure_status", measure.path("status").asText());
      entry.put("scoring", indicator.scoring().code());
      entry.put("improvement_notation", indicator.increaseIsBetter() ? "increase" : "decrease");
      entry.put("adjusted", indicator.adjusted());
      entry.put("period_basis", indicator.periodBasis());
      entry.put("funnel_overdispersion", indicator.overdispersion());
      entry.put("counting", indicator.counting());
      entry.put(
          "method",
          indicator.adjusted()
              ? "student_t_95+indirect_standardisation"
              : IndicatorFigure.methodOf(indicator));
      for (String element :
          new String[] {"title", "description", "purpose", "rationale", "guidance", "disclaimer"}) {
        if (measure.hasNonNull(element)) {
          ObjectNode text = entry.putObject(element);
          text.put("fr", measure.get(element).asText());
          text.put("en", english(measure.path("_" + element)));
        }
      }
      ArrayNode authors = entry.putArray("author");
      measure.path("author").forEach(a -> authors.add(a.path("name").asText()));
      ArrayNode endorsers = entry.putArray("endorser");
      measure.path("endorser").forEach(a -> endorsers.add(a.path("name").asText()));
      entry.put("approval_date", measure.path("approvalDate").asText(null));
      entry.put("last_review_date", measure.path("lastReviewDate").asText(null));
      entry.put("measure_sha256", indicator.sha256());
      ArrayNode goals = entry.putArray("targets");
      for (Target target : targets.of(indicator.id())) {
        goals.add(target(target));
      }
      // Where its data-quality rows are: public/data_quality, by instrument, scale and timepoint.
      String[] counted = quebec.balises.quality.QualityMeasures.counted(indicator);
      if (counted != null) {
        ObjectNode quality = entry.putObject("data_quality");
        quality.put("instrument", counted[0]);
        quality.put("scale", counted[1]);
        quality.put("timepoint", counted[2]);
      }
    }
    return list;
  }

  private static String english(JsonNode element) {
    for (JsonNode extension : element.path("extension")) {
      if (TRANSLATION.equals(extension.path("url").asText())) {
        String lang = null;
        String content = null;
        for (JsonNode part : extension.path("extension")) {
          if ("lang".equals(part.path("url").asText())) {
            lang = part.path("valueCode").asText();
          } else if ("content".equals(part.path("url").asText())) {
            content = part.path("valueString").asText();
          }
        }
        if ("en".equals(lang) && content != null) {
          return content;
        }
      }
    }
    return "";
  }

  private static ObjectNode release(IndicatorCatalog catalog, Release release) {
    ObjectNode node = JSON.createObjectNode();
    node.put("runId", release.runId());
    node.put("asOf", release.asOf().toString());
    node.put("dataVersion", release.dataVersion());
    node.put("balisesVersion", release.balisesVersion());
    node.put("timepointsVersion", release.timepointsVersion());
    node.put("methodVersion", quebec.balises.indicators.IndicatorFigure.METHOD_VERSION);
    ArrayNode measures = node.putArray("indicatorCatalog");
    for (IndicatorDefinition indicator : published(catalog)) {
      measures
          .addObject()
          .put("id", indicator.id())
          .put("version", indicator.version())
          .put("sha256", indicator.sha256());
    }
    node.set("notYetFinal", notYetFinal(catalog, release.asOf()));
    ObjectNode counts = node.putObject("counts");
    counts.put("indicators", published(catalog).size());
    release.counts().forEach(counts::put);
    node.put("licence", LICENCE_URL);
    node.put("citation", citation(release));
    return node;
  }

  /**
   * Per indicator, the quarters and years up to the one holding {@code asOf} that are not yet final
   * (so not published), each with the first day it will be (docs/methods.md §2.6): from the
   * earliest period not final through the current one.
   */
  static ObjectNode notYetFinal(IndicatorCatalog catalog, LocalDate asOf) {
    quebec.balises.disclosure.ReleasePolicy policy = policy(catalog, asOf);
    ObjectNode byIndicator = JSON.createObjectNode();
    for (IndicatorDefinition indicator : published(catalog)) {
      ArrayNode pending = byIndicator.putArray(indicator.id());
      for (String type :
          indicator.yearsOnly() ? List.of(Period.YEAR) : List.of(Period.QUARTER, Period.YEAR)) {
        Period current = period(type, asOf);
        Period period = current;
        java.util.Deque<Period> periods = new java.util.ArrayDeque<>();
        while (!policy.isFinal(indicator.id(), period)) {
          periods.addFirst(period);
          period = period(type, period.start().minusDays(1));
        }
        for (Period p : periods) {
          pending
              .addObject()
              .put("periodType", p.type())
              .put("period", p.label())
              .put("finalOn", policy.finalOn(indicator.id(), p).toString());
        }
      }
    }
    return byIndicator;
  }

  private static Period period(String type, LocalDate day) {
    return Period.containing(day).stream()
        .filter(p -> p.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  /** How to cite the data, French then English. */
  static String citation(Release release) {
    return "Balises. Indicateurs de qualité fondés sur les mesures rapportées par les patients"
        + " (PROM et PREM), Québec. Données au "
        + release.asOf()
        + ", version "
        + release.dataVersion()
        + ". "
        + HOMEPAGE
        + ". Licence CC BY 4.0. | Balises. Quality indicators from patient-reported outcome and"
        + " experience measures (PROMs and PREMs), Quebec. Data as of "
        + release.asOf()
        + ", version "
        + release.dataVersion()
        + ". "
        + HOMEPAGE
        + ". Licence CC BY 4.0.";
  }

  private static ObjectNode dataPackage(
      IndicatorCatalog catalog,
      Map<Dataset, List<String>> files,
      List<String> measureReports,
      Release release) {
    ObjectNode pkg = JSON.createObjectNode();
    pkg.put("profile", "data-package");
    pkg.put("name", "balises");
    pkg.put(
        "title",
        "Balises – indicateurs de qualité coconstruits à partir des PROM et PREM"
            + " | Co-constructed quality indicators from PROMs and PREMs");
    pkg.put(
        "description",
        "Indicateurs de qualité des soins fondés sur les mesures rapportées par les patients"
            + " (PROM et PREM) au Québec, par trimestre et par année, pour la province, les"
            + " régions sociosanitaires, les RLS et les établissements, avec des strates d'équité."
            + " Chiffres agrégés seulement, après contrôle de la divulgation (docs/methods.md §2)."
            + " Fichiers CSV en UTF-8 avec marque d'ordre d'octets (BOM), Parquet (ZSTD) et FHIR R4"
            + " MeasureReport. S'y ajoutent des indicateurs d'activité du partenariat, comptés en"
            + " comités à partir du portrait annuel de chaque établissement, par année (statut"
            + " `draft` : pas encore approuvés par un comité)."
            + "\n\nQuality-of-care indicators from patient-reported outcome and"
            + " experience measures (PROMs and PREMs) in Quebec, by quarter and year, for the"
            + " province, health regions, RLS and establishments, with equity strata. Aggregated"
            + " figures only, after disclosure control (docs/methods.md §2). CSV files in UTF-8"
            + " with a byte-order mark (BOM), Parquet (ZSTD) and FHIR R4 MeasureReport. Beside"
            + " them, activity indicators of partnership, counted in committees from each"
            + " establishment's yearly portrait, by year (status `draft`: not yet endorsed by a"
            + " committee).");
    pkg.put("homepage", HOMEPAGE);
    pkg.put("version", release.dataVersion());
    pkg.put("created", release.created());
    ArrayNode keywords = pkg.putArray("keywords");
    for (String keyword :
        List.of("PROM", "PREM", "qualité des soins", "quality of care", "Québec", "FHIR")) {
      keywords.add(keyword);
    }
    ObjectNode licence = pkg.putArray("licenses").addObject();
    licence.put("name", LICENCE);
    licence.put("path", LICENCE_URL);
    licence.put("title", "Creative Commons Attribution 4.0 International");
    ObjectNode source = pkg.putArray("sources").addObject();
    source.put(
        "title",
        "Réponses aux questionnaires PROM et PREM, épisodes de soins et établissements transmis"
            + " en FHIR R4 par les établissements participants | PROM and PREM questionnaire"
            + " responses, episodes of care and establishments sent as FHIR R4 by the"
            + " participating establishments");
    ArrayNode contributors = pkg.putArray("contributors");
    contributors.addObject().put("title", "Balises").put("role", "publisher").put("path", HOMEPAGE);
    java.util.Set<String> committees = new java.util.TreeSet<>();
    for (IndicatorDefinition indicator : published(catalog)) {
      committees.addAll(indicatorPeople(indicator));
    }
    committees.forEach(name -> contributors.addObject().put("title", name).put("role", "author"));
    pkg.put("citation", citation(release));
    pkg.put("release", "release.json");

    ArrayNode resources = pkg.putArray("resources");
    Schema indicators = Dataset.INDICATORS.schema();
    String[] indicatorsDoc = bilingual(indicators.getDoc());
    ObjectNode all = resources.addObject();
    all.put("name", "indicators-csv");
    all.put("path", IndicatorCsv.ALL);
    all.put("title", "Tous les indicateurs (CSV) | All indicators (CSV)");
    csvResource(all, indicatorsDoc, tableSchema(indicators));
    for (Map.Entry<String, String> csv : release.indicatorCsv().entrySet()) {
      ObjectNode one = resources.addObject();
      one.put("name", "indicator-" + csv.getKey());
      one.put("path", csv.getValue());
      one.put("title", "Indicateur | Indicator " + csv.getKey() + " (CSV)");
      csvResource(one, indicatorsDoc, tableSchema(indicators));
    }
    if (files.containsKey(Dataset.DATA_QUALITY)) {
      Schema quality = Dataset.DATA_QUALITY.schema();
      ObjectNode one = resources.addObject();
      one.put("name", "data-quality-csv");
      one.put("path", IndicatorCsv.DATA_QUALITY);
      one.put("title", "Qualité des données (CSV) | Data quality (CSV)");
      csvResource(one, bilingual(quality.getDoc()), tableSchema(quality));
    }
    for (Map.Entry<Dataset, List<String>> dataset : files.entrySet()) {
      if (dataset.getValue().isEmpty()) {
        continue; // a run without figures has no Parquet file: no resource rather than no path
      }
      Schema schema = dataset.getKey().schema();
      String[] doc = bilingual(schema.getDoc());
      ObjectNode resource = resources.addObject();
      resource.put("name", name(dataset.getKey()));
      resource.put("description", doc[0] + "\n\n" + doc[1]);
      resource.put("description_en", doc[1]);
      ArrayNode paths = resource.putArray("path");
      dataset.getValue().forEach(paths::add);
      resource.put("format", "parquet");
      resource.put("mediatype", "application/vnd.apache.parquet");
      resource.put("compression", "zstd");
      resource.put("schemaVersion", dataset.getKey().schemaVersion());
      ObjectNode tableSchema = tableSchema(schema);
      ArrayNode partitions = tableSchema.putArray("partitionedBy");
      dataset.getKey().partitionedBy().forEach(partitions::add);
      resource.set("schema", tableSchema);
    }
    if (!measureReports.isEmpty()) {
      ObjectNode resource = resources.addObject();
      resource.put("name", "measure_reports");
      resource.put(
          "description",
          "Les indicateurs publiés en ressources FHIR R4 MeasureReport (rapports sommaires, un par"
              + " indicateur, période et unité, avec les strates d'équité), en NDJSON, un fichier"
              + " par indicateur. Mêmes chiffres et mêmes suppressions que public/indicators."
              + "\n\nThe published indicators as FHIR R4 MeasureReport resources (summary"
              + " reports, one per indicator, period and unit, with the equity strata), as NDJSON,"
              + " one file per indicator. Same figures and same suppressions as"
              + " public/indicators.");
      ArrayNode paths = resource.putArray("path");
      measureReports.forEach(paths::add);
      resource.put("format", "ndjson");
      resource.put("mediatype", "application/fhir+ndjson");
    }
    ObjectNode fhirPackage = resources.addObject();
    fhirPackage.put("name", "fhir-package");
    fhirPackage.put("path", FHIR_PACKAGE);
    fhirPackage.put("format", "tgz");
    fhirPackage.put("mediatype", "application/gzip");
    fhirPackage.put(
        "description",
        "Le paquet FHIR R4 (format NPM) du profil d'entrée, des questionnaires et des Measure"
            + " du catalogue, contre lesquels les MeasureReport se valident.\n\nThe FHIR R4"
            + " package (NPM format) of the input profile, the questionnaires and the catalog's"
            + " Measures, against which the MeasureReports validate.");
    ObjectNode columns = resources.addObject();
    columns.put("name", "dictionary-columns");
    columns.put("path", "dictionary/columns.csv");
    csvResource(
        columns,
        new String[] {
          "Dictionnaire des colonnes de chaque jeu de données public.",
          "Data dictionary: the columns of every public dataset."
        },
        stringSchema("dataset", "column", "type", "nullable", "description_fr", "description_en"));
    ObjectNode codes = resources.addObject();
    codes.put("name", "dictionary-codes");
    codes.put("path", "dictionary/codes.csv");
    csvResource(
        codes,
        new String[] {"Libellés des valeurs codées.", "Labels of coded values."},
        stringSchema(Csv.parse(ClasspathFolder.readFile(CODES)).get(0).toArray(String[]::new)));
    ObjectNode catalogResource = resources.addObject();
    catalogResource.put("name", "indicator-catalog");
    catalogResource.put("path", "dictionary/indicators.json");
    catalogResource.put("format", "json");
    catalogResource.put("mediatype", "application/json");
    catalogResource.put(
        "description",
        "Le catalogue d'indicateurs : titres, descriptions, justification, méthode, approbation."
            + "\n\nThe indicator catalog: titles, descriptions, rationale, method, endorsement.");
    ObjectNode methods = resources.addObject();
    methods.put("name", "methods");
    methods.put("path", METHODS);
    methods.put("format", "md");
    methods.put("mediatype", "text/markdown");
    methods.put(
        "description",
        "Les méthodes : calcul des scores, statistiques et règles de diffusion (en anglais)."
            + "\n\nThe methods: scoring, statistics and publication rules.");
    ObjectNode criteria = resources.addObject();
    criteria.put("name", "criteria-language");
    criteria.put("path", CRITERIA);
    criteria.put("format", "md");
    criteria.put("mediatype", "text/markdown");
    criteria.put(
        "description",
        "Le sous-ensemble de FHIRPath des critères de population des indicateurs (en anglais)."
            + "\n\nThe FHIRPath subset of the indicators' population criteria.");
    ObjectNode changes = resources.addObject();
    changes.put("name", "changes");
    changes.put("path", ReleaseChanges.CHANGES);
    csvResource(
        changes,
        new String[] {
          "Les chiffres qui ont changé depuis la diffusion précédente, un par ligne : publiés"
              + " pour la première fois, révisés, retenus ou retirés. Vide pour une première"
              + " diffusion.",
          "The figures that changed since the previous release, one per row: newly published,"
              + " revised, newly withheld or removed. Empty for a first release."
        },
        changesSchema());
    ObjectNode changelog = resources.addObject();
    changelog.put("name", "changelog");
    changelog.put("path", ReleaseChanges.CHANGELOG);
    changelog.put("format", "md");
    changelog.put("mediatype", "text/markdown");
    changelog.put(
        "description",
        "Le journal des modifications des chiffres publiés, diffusion par diffusion, la plus"
            + " récente en premier.\n\nThe changelog of the published figures, release by"
            + " release, newest first.");
    ObjectNode releaseResource = resources.addObject();
    releaseResource.put("name", "release");
    releaseResource.put("path", "release.json");
    releaseResource.put("format", "json");
    releaseResource.put("mediatype", "application/json");
    releaseResource.put(
        "description",
        "L'exécution qui a produit ces données : identifiant, date de référence, versions,"
            + " décomptes.\n\nThe run that produced these data: id, reference date, versions,"
            + " counts.");
    return pkg;
  }

  private static List<String> indicatorPeople(IndicatorDefinition indicator) {
    List<String> people = new ArrayList<>();
    try {
      JsonNode measure =
          JSON.readTree(
              bundledMeasures()
                  .get(indicator.file().substring(IndicatorCatalog.FOLDER.length() + 1)));
      measure.path("author").forEach(a -> people.add(a.path("name").asText()));
      measure.path("endorser").forEach(a -> people.add(a.path("name").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    people.removeIf(String::isBlank);
    return people;
  }

  /** A CSV resource: UTF-8 with a byte-order mark, comma separated, one header line. */
  private static void csvResource(ObjectNode resource, String[] doc, ObjectNode schema) {
    resource.put(
        "description",
        doc[0]
            + " CSV en UTF-8 avec BOM.\n\n"
            + doc[1]
            + " CSV in UTF-8 with a byte-order mark (BOM).");
    resource.put("profile", "tabular-data-resource");
    resource.put("format", "csv");
    resource.put("mediatype", "text/csv");
    resource.put("encoding", "utf-8");
    ObjectNode dialect = resource.putObject("dialect");
    dialect.put("delimiter", ",");
    dialect.put("header", true);
    dialect.put("lineTerminator", "\n");
    resource.set("schema", schema);
  }

  /** The Table Schema of {@code changes.csv}: its key columns, the kind, old and new figures. */
  private static ObjectNode changesSchema() {
    ObjectNode schema = JSON.createObjectNode();
    ArrayNode fields = schema.putArray("fields");
    String[][] columns = {
      {"indicator_id", "string", "Identifiant de l'indicateur.", "Indicator id."},
      {"level", "string", "Niveau de l'unité.", "Unit level."},
      {"unit_code", "string", "Code de l'unité.", "Unit code."},
      {"stratifier", "string", "Variable de stratification.", "Stratifier."},
      {"stratum", "string", "Strate.", "Stratum."},
      {"period_type", "string", "Type de période.", "Period type."},
      {"period", "string", "Période.", "Period."},
      {
        "change",
        "string",
        "Nature du changement : published, revised, withheld ou removed.",
        "Kind of change: published, revised, withheld or removed."
      },
      {"old_value", "number", "Valeur publiée avant (vide si aucune).", "Value published before."},
      {
        "new_value", "number", "Valeur publiée maintenant (vide si aucune).", "Value published now."
      },
      {"old_n", "integer", "n publié avant (vide si aucun).", "n published before."},
      {"new_n", "integer", "n publié maintenant (vide si aucun).", "n published now."},
    };
    for (String[] column : columns) {
      ObjectNode field = fields.addObject();
      field.put("name", column[0]);
      field.put("type", column[1]);
      field.put("description", column[2]);
      field.put("description_en", column[3]);
      if (column[0].equals("change")) {
        ArrayNode kinds = field.putObject("constraints").put("required", true).putArray("enum");
        for (ReleaseChanges.Kind kind : ReleaseChanges.Kind.values()) {
          kinds.add(kind.code());
        }
      } else if (column[1].equals("string")) {
        field.putObject("constraints").put("required", true);
      }
    }
    schema.putArray("missingValues").add("");
    return schema;
  }

  private static ObjectNode stringSchema(String... columns) {
    ObjectNode schema = JSON.createObjectNode();
    ArrayNode fields = schema.putArray("fields");
    for (String column : columns) {
      fields.addObject().put("name", column.replace(IndicatorCsv.BOM, "")).put("type", "string");
    }
    return schema;
  }

  /**
   * The Table Schema of an Avro schema. In a partitioned Parquet dataset the partition columns are
   * both in the folder names and in the files; in the CSV files they are columns like the others.
   */
  private static ObjectNode tableSchema(Schema schema) {
    ObjectNode tableSchema = JSON.createObjectNode();
    ArrayNode fields = tableSchema.putArray("fields");
    for (Schema.Field field : schema.getFields()) {
      String[] fieldDoc = bilingual(field.doc());
      ObjectNode f = fields.addObject();
      f.put("name", field.name());
      f.put("type", type(field.schema()));
      f.put("description", fieldDoc[0]);
      f.put("description_en", fieldDoc[1]);
      if (!nullable(field.schema())) {
        f.putObject("constraints").put("required", true);
      }
    }
    tableSchema.putArray("missingValues").add("");
    return tableSchema;
  }

  /** One co-constructed target as the dictionary lists it, French first. */
  private static ObjectNode target(Target target) {
    ObjectNode goal = JSON.createObjectNode();
    goal.put("id", target.id());
    goal.put("level", target.level());
    goal.put("unit_code", target.unitCode());
    goal.put("unit_name", target.unitName());
    goal.put("comparator", target.comparator().symbol());
    goal.put("value", target.value());
    goal.put("tracked_from", target.trackedFrom().toString());
    goal.put("due", target.due().toString());
    goal.put("set_by", target.setBy());
    goal.put("set_on", target.setOn().toString());
    ObjectNode description = goal.putObject("description");
    description.put("fr", target.descriptionFr());
    description.put("en", target.descriptionEn());
    ObjectNode rationale = goal.putObject("rationale");
    rationale.put("fr", target.rationaleFr());
    rationale.put("en", target.rationaleEn());
    return goal;
  }

  private static String markdown(IndicatorCatalog catalog, Iterable<Dataset> datasets) {
    StringBuilder md = new StringBuilder();
    md.append("# Dictionnaire de données | Data dictionary\n\n");
    md.append(
        "Généré à chaque exécution à partir des schémas Avro (`schemas/`) et du catalogue"
            + " d'indicateurs (`fhir-profiles/measures/`). | Generated by each run from the Avro"
            + " schemas and the indicator catalog.\n\n");
    for (Dataset dataset : datasets) {
      String[] doc = bilingual(dataset.schema().getDoc());
      md.append("## ").append(dataset.folder()).append("\n\n");
      md.append(doc[0]).append("\n\n_").append(doc[1]).append("_\n\n");
      md.append("| Colonne / Column | Type | Description (fr) | Description (en) |\n");
      md.append("|---|---|---|---|\n");
      for (Schema.Field field : dataset.schema().getFields()) {
        String[] f = bilingual(field.doc());
        md.append("| `")
            .append(field.name())
            .append("` | ")
            .append(type(field.schema()))
            .append(nullable(field.schema()) ? "?" : "")
            .append(" | ")
            .append(f[0].replace("|", "\\|"))
            .append(" | ")
            .append(f[1].replace("|", "\\|"))
            .append(" |\n");
      }
      md.append('\n');
    }
    md.append("## Indicateurs | Indicators\n\n");
    md.append(
        "| id | Titre | Title | Sens / Direction | Calcul / Scoring | Version"
            + " | Statut / Status | Approbation / Endorsement |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (IndicatorDefinition indicator : published(catalog)) {
      md.append("| `")
          .append(indicator.id())
          .append("` | ")
          .append(indicator.titleFr())
          .append(" | ")
          .append(indicator.titleEn())
          .append(" | ")
          .append(indicator.increaseIsBetter() ? "increase" : "decrease")
          .append(" | ")
          .append(indicator.scoring().code())
          .append(" | ")
          .append(indicator.version())
          .append(" | ")
          .append(statusLabel(indicator))
          .append(" | ")
          .append(endorsement(indicator))
          .append(" |\n");
    }
    md.append(
        "\nUne mesure au statut `draft` n'est pas encore approuvée pour un usage courant : ses"
            + " chiffres sont publiés selon les mêmes règles que les autres, mais sa définition peut"
            + " changer. | A Measure whose status is `draft` is not yet approved for normal use:"
            + " its figures are published under the same rules as the others, but its definition"
            + " may change.\n");
    md.append("\n## Codes\n\n| Colonne / Column | Code | Libellé | Label |\n|---|---|---|---|\n");
    List<List<String>> codes = Csv.parse(ClasspathFolder.readFile(CODES));
    for (List<String> row : codes.subList(1, codes.size())) {
      md.append("| ")
          .append(row.get(0))
          .append(" | `")
          .append(row.get(1))
          .append("` | ")
          .append(row.get(2))
          .append(" | ")
          .append(row.get(3))
          .append(" |\n");
    }
    return md.toString();
  }

  private static volatile SortedMap<String, String> bundledMeasures;

  /**
   * The bundled Measures' JSON by file name, read once: reading the folder reopens the jar, which
   * takes a tenth of a second each time.
   */
  private static SortedMap<String, String> bundledMeasures() {
    SortedMap<String, String> measures = bundledMeasures;
    if (measures == null) {
      measures =
          java.util.Collections.unmodifiableSortedMap(
              ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json"));
      bundledMeasures = measures;
    }
    return measures;
  }

  /** The Measure's JSON, from the bundled Measures. */
  private static JsonNode measure(IndicatorDefinition indicator) {
    try {
      return JSON.readTree(
          bundledMeasures().get(indicator.file().substring(IndicatorCatalog.FOLDER.length() + 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Who endorsed the Measure and when, or that no committee has endorsed it yet, bilingual. */
  private static String endorsement(IndicatorDefinition indicator) {
    JsonNode measure = measure(indicator);
    List<String> endorsers = new ArrayList<>();
    measure.path("endorser").forEach(a -> endorsers.add(a.path("name").asText()));
    if (endorsers.isEmpty() || !measure.hasNonNull("approvalDate")) {
      return "Pas encore approuvée par un comité / Not yet endorsed by a committee";
    }
    return String.join(" ; ", endorsers) + ", " + measure.path("approvalDate").asText();
  }

  /** The Measure's status, code and bilingual label from {@code codes.csv}. */
  private static String statusLabel(IndicatorDefinition indicator) {
    String status = measure(indicator).path("status").asText();
    for (List<String> row : Csv.parse(ClasspathFolder.readFile(CODES))) {
      if (row.get(0).equals(MEASURE_STATUS) && row.get(1).equals(status)) {
        return "`" + status + "` " + row.get(2) + " / " + row.get(3);
      }
    }
    throw new IllegalStateException(
        indicator.file() + ": status '" + status + "' has no label in " + CODES);
  }

  /** The column of {@code codes.csv} that labels a Measure's status in {@code indicators.json}. */
  public static final String MEASURE_STATUS = "measure_status";

  private static String name(Dataset dataset) {
    return dataset.folder().substring(dataset.folder().lastIndexOf('/') + 1);
  }

  static boolean nullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  /** The Frictionless Table Schema type of an Avro type. */
  static String type(Schema schema) {
    Schema value = schema;
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> types = new ArrayList<>(schema.getTypes());
      types.removeIf(s -> s.getType() == Schema.Type.NULL);
      value = types.get(0);
    }
    if ("date".equals(value.getProp("logicalType"))) {
      return "date";
    }
    if ("timestamp-micros".equals(value.getProp("logicalType"))) {
      return "datetime";
    }
    Map<Schema.Type, String> types = new LinkedHashMap<>();
    types.put(Schema.Type.STRING, "string");
    types.put(Schema.Type.INT, "integer");
    types.put(Schema.Type.LONG, "integer");
    types.put(Schema.Type.DOUBLE, "number");
    types.put(Schema.Type.FLOAT, "number");
    types.put(Schema.Type.BOOLEAN, "boolean");
    String type = types.get(value.getType());
    if (type == null) {
      throw new IllegalStateException("no Table Schema type for " + value);
    }
    return type;
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
