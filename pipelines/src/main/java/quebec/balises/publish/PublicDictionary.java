package quebec.balises.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.avro.Schema;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;

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

  /**
   * The files to write under {@code public/}, by relative path.
   *
   * @param files every data file under {@code public/}, relative to it, by dataset
   * @param measureReports the FHIR MeasureReport NDJSON files under {@code public/}, relative to it
   */
  public static SortedMap<String, String> files(
      IndicatorCatalog catalog, Map<Dataset, List<String>> files, List<String> measureReports) {
    SortedMap<String, String> out = new java.util.TreeMap<>();
    out.put("dictionary/columns.csv", columnsCsv(files.keySet()));
    out.put("dictionary/codes.csv", ClasspathFolder.readFile(CODES));
    out.put("dictionary/indicators.json", write(indicators(catalog)));
    out.put("dictionary/dictionary.md", markdown(catalog, files.keySet()));
    out.put("datapackage.json", write(dataPackage(files, measureReports)));
    return out;
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

  private static ArrayNode indicators(IndicatorCatalog catalog) {
    SortedMap<String, String> measures = ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json");
    ArrayNode list = JSON.createArrayNode();
    for (IndicatorDefinition indicator : catalog.indicators()) {
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
      entry.put("scoring", indicator.scoring().code());
      entry.put("improvement_notation", indicator.increaseIsBetter() ? "increase" : "decrease");
      entry.put("adjusted", indicator.adjusted());
      entry.put("period_basis", indicator.periodBasis());
      entry.put(
          "method",
          indicator.scoring() == IndicatorDefinition.Scoring.PROPORTION
              ? "wilson_score_95"
              : indicator.adjusted() ? "student_t_95+indirect_standardisation" : "student_t_95");
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

  private static ObjectNode dataPackage(
      Map<Dataset, List<String>> files, List<String> measureReports) {
    ObjectNode pkg = JSON.createObjectNode();
    pkg.put("profile", "data-package");
    pkg.put("name", "balises");
    pkg.put(
        "title",
        "Balises – indicateurs de qualité coconstruits à partir des PROM et PREM"
            + " | Co-constructed quality indicators from PROMs and PREMs");
    pkg.put("homepage", "https://balises.quebec");
    pkg.putArray("licenses").addObject().put("name", "CC-BY-4.0");
    ArrayNode resources = pkg.putArray("resources");
    for (Map.Entry<Dataset, List<String>> dataset : files.entrySet()) {
      Schema schema = dataset.getKey().schema();
      String[] doc = bilingual(schema.getDoc());
      ObjectNode resource = resources.addObject();
      resource.put("name", name(dataset.getKey()));
      resource.put("description", doc[0]);
      resource.put("description_en", doc[1]);
      ArrayNode paths = resource.putArray("path");
      dataset.getValue().forEach(paths::add);
      resource.put("format", "parquet");
      resource.put("mediatype", "application/vnd.apache.parquet");
      resource.put("schemaVersion", dataset.getKey().schemaVersion());
      ObjectNode tableSchema = resource.putObject("schema");
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
      ArrayNode partitions = tableSchema.putArray("partitionedBy");
      dataset.getKey().partitionedBy().forEach(partitions::add);
    }
    if (!measureReports.isEmpty()) {
      ObjectNode resource = resources.addObject();
      resource.put("name", "measure_reports");
      resource.put(
          "description",
          "Les indicateurs publiés en ressources FHIR R4 MeasureReport (rapports sommaires, un par"
              + " indicateur, période et unité, avec les strates d'équité), en NDJSON, un fichier"
              + " par indicateur. Mêmes chiffres et mêmes suppressions que public/indicators.");
      resource.put(
          "description_en",
          "The published indicators as FHIR R4 MeasureReport resources (summary reports, one per"
              + " indicator, period and unit, with the equity strata), as NDJSON, one file per"
              + " indicator. Same figures and same suppressions as public/indicators.");
      ArrayNode paths = resource.putArray("path");
      measureReports.forEach(paths::add);
      resource.put("format", "ndjson");
      resource.put("mediatype", "application/fhir+ndjson");
      resource.put("profile", "http://hl7.org/fhir/R4/measurereport.html");
    }
    return pkg;
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
    md.append("| id | Titre | Title | Sens / Direction | Calcul / Scoring | Version |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (IndicatorDefinition indicator : catalog.indicators()) {
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
          .append(" |\n");
    }
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

  private static String name(Dataset dataset) {
    return dataset.folder().substring(dataset.folder().lastIndexOf('/') + 1);
  }

  private static boolean nullable(Schema schema) {
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
