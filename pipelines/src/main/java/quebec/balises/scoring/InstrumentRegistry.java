package quebec.balises.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.fhir.QuestionnaireDefinition;
import quebec.balises.model.ResponseRecord;

/**
 * Maps each questionnaire ({@code canonical|version}) to its scoring: the Questionnaire's answer
 * weights, the instrument's scale specs, and the tables and value sets they name, all loaded from
 * {@code fhir-profiles/}. Checked whole at start-up, so that a broken file fails the run before it
 * reads a record, with the file and field named.
 */
public final class InstrumentRegistry implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String SCORING = "fhir-profiles/scoring";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final QuestionnaireCatalog catalog;
  private final Map<String, InstrumentSpec> instruments;
  private final Map<String, ScoringTable> tables;
  private final Map<String, Eq5dValueSet> valueSets;

  InstrumentRegistry(
      QuestionnaireCatalog catalog,
      Map<String, InstrumentSpec> instruments,
      Map<String, ScoringTable> tables,
      Map<String, Eq5dValueSet> valueSets) {
    this.catalog = catalog;
    this.instruments = instruments;
    this.tables = tables;
    this.valueSets = valueSets;
    validate();
  }

  /** Everything shipped in {@code fhir-profiles/}. */
  public static InstrumentRegistry bundled() {
    Map<String, ScoringTable> tables = new TreeMap<>();
    Map<String, InstrumentSpec> instruments = new TreeMap<>();
    Map<String, Eq5dValueSet> valueSets = new TreeMap<>();
    for (Map.Entry<String, String> file : ClasspathFolder.read(SCORING, ".json").entrySet()) {
      try {
        load(parse(file.getKey(), file.getValue()), instruments, tables, valueSets);
      } catch (RuntimeException e) {
        throw new IllegalStateException(SCORING + "/" + file.getKey() + ": " + e.getMessage(), e);
      }
    }
    return new InstrumentRegistry(QuestionnaireCatalog.bundled(), instruments, tables, valueSets);
  }

  private static void load(
      JsonNode node,
      Map<String, InstrumentSpec> instruments,
      Map<String, ScoringTable> tables,
      Map<String, Eq5dValueSet> valueSets) {
    if (node.has("instruments")) {
      node.get("instruments")
          .forEach(i -> instruments.put(i.path("instrument").asText(), InstrumentSpec.from(i)));
    } else if (node.has("valueSets")) {
      node.get("valueSets")
          .forEach(v -> valueSets.put(v.path("id").asText(), Eq5dValueSet.from(v)));
    } else if (node.has("table")) {
      ScoringTable table = ScoringTable.from(node);
      tables.put(table.id(), table);
    } else {
      throw new IllegalStateException("not a scoring file Balises knows");
    }
  }

  private static JsonNode parse(String name, String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(SCORING + "/" + name + " is not valid JSON", e);
    }
  }

  private void validate() {
    for (QuestionnaireDefinition q : catalog.definitions()) {
      InstrumentSpec spec = instruments.get(q.instrument());
      String where = SCORING + "/instruments.json, instrument " + q.instrument();
      if (spec == null) {
        throw new IllegalStateException(
            "questionnaire "
                + q.canonical()
                + " names instrument "
                + q.instrument()
                + ", which "
                + SCORING
                + "/instruments.json does not score");
      }
      for (ScaleSpec scale : spec.scales()) {
        String at = where + ", scale " + scale.scale();
        if (scale.table() != null && !tables.containsKey(scale.table())) {
          throw new IllegalStateException(at + ": no table " + scale.table() + " in " + SCORING);
        }
        for (String valueSet : scale.valueSets()) {
          if (!valueSets.containsKey(valueSet)) {
            throw new IllegalStateException(at + ": no value set " + valueSet);
          }
        }
        if (scale.group() != null
            && q.items().values().stream().noneMatch(i -> scale.group().equals(i.group()))) {
          throw new IllegalStateException(
              at + ": no item of " + q.canonical() + " is in group " + scale.group());
        }
        for (String item : scale.items()) {
          if (!q.items().containsKey(item)) {
            throw new IllegalStateException(at + ": " + q.canonical() + " has no item " + item);
          }
        }
      }
    }
  }

  public QuestionnaireCatalog catalog() {
    return catalog;
  }

  /**
   * This registry with the instrument mappings of these folders added to the shipped ones ({@code
   * --mappings}); a mapping that cannot be used fails here, naming its file and field.
   */
  public InstrumentRegistry withMappingFolders(List<java.nio.file.Path> folders) {
    return new InstrumentRegistry(
        catalog.withMappingFolders(folders), instruments, tables, valueSets);
  }

  /** Every instrument's spec, by instrument id. */
  public Map<String, InstrumentSpec> instruments() {
    return instruments;
  }

  /** Scores a response that the parser accepted (so its questionnaire is known). */
  public List<Score> score(ResponseRecord response) {
    QuestionnaireCatalog.Known known =
        (QuestionnaireCatalog.Known)
            catalog.lookup(response.questionnaireUrl() + "|" + response.questionnaireVersion());
    QuestionnaireDefinition definition = known.definition();
    return new ResponseScorer(
            definition, instruments.get(definition.instrument()), tables, valueSets)
        .score(response.answers());
  }
}
