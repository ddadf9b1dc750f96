package quebec.balises.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.OtherElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import quebec.balises.fhir.InstrumentMapping.AnswerRule;
import quebec.balises.fhir.InstrumentMapping.ItemRule;
import quebec.balises.model.Sha256;

/**
 * Every instrument mapping of a run: the ones shipped in {@code fhir-profiles/mappings/} and those
 * in the folders given by {@code --mappings}. Each is a FHIR {@code ConceptMap}, checked whole when
 * loaded against the shipped Questionnaires; a broken one stops the run with its file and field
 * named. At most one mapping may cover a given outside canonical.
 */
public final class InstrumentMappings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FOLDER = "fhir-profiles/mappings";

  private final List<InstrumentMapping> mappings;

  private InstrumentMappings(List<InstrumentMapping> mappings) {
    this.mappings = List.copyOf(mappings);
  }

  public static InstrumentMappings none() {
    return new InstrumentMappings(List.of());
  }

  /** Every mapping, in the order loaded (shipped first, then each folder by file name). */
  public List<InstrumentMapping> all() {
    return mappings;
  }

  /** The mapping that covers a response's questionnaire canonical, if one does. */
  public @Nullable InstrumentMapping find(String canonical) {
    for (InstrumentMapping mapping : mappings) {
      if (mapping.covers(canonical)) {
        return mapping;
      }
    }
    return null;
  }

  /** The shipped mappings, checked against the shipped Questionnaires. */
  static InstrumentMappings bundled(Function<String, QuestionnaireDefinition> questionnaires) {
    Map<String, String> files = new LinkedHashMap<>();
    ClasspathFolder.read(FOLDER, ".json")
        .forEach((name, text) -> files.put(FOLDER + "/" + name, text));
    return new InstrumentMappings(read(files, questionnaires, List.of()));
  }

  /**
   * These mappings plus the {@code .json} files directly in each folder. A folder that does not
   * exist or a file that is not a valid mapping is an {@link IllegalArgumentException} naming it.
   */
  InstrumentMappings plusFolders(
      List<Path> folders, Function<String, QuestionnaireDefinition> questionnaires) {
    Map<String, String> files = new LinkedHashMap<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException(folder + " is not a folder");
      }
      SortedMap<String, String> texts = new TreeMap<>();
      try (Stream<Path> entries = Files.list(folder)) {
        for (Path file : (Iterable<Path>) entries::iterator) {
          if (file.getFileName().toString().endsWith(".json") && Files.isRegularFile(file)) {
            texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read mapping folder " + folder, e);
      }
      files.putAll(texts);
    }
    List<InstrumentMapping> all = new ArrayList<>(mappings);
    all.addAll(read(files, questionnaires, mappings));
    return new InstrumentMappings(all);
  }

  private static List<InstrumentMapping> read(
      Map<String, String> files,
      Function<String, QuestionnaireDefinition> questionnaires,
      List<InstrumentMapping> earlier) {
    IParser parser =
        FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    List<InstrumentMapping> read = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    earlier.forEach(m -> ids.add(m.id()));
    for (Map.Entry<String, String> file : files.entrySet()) {
      ConceptMap map;
      try {
        map = parser.parseResource(ConceptMap.class, file.getValue());
      } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
        throw new IllegalArgumentException(
            file.getKey() + ": not a valid FHIR R4 ConceptMap: " + e.getMessage(), e);
      }
      InstrumentMapping mapping =
          new Reader(file.getKey(), Sha256.of(file.getValue()), questionnaires).read(map);
      if (!ids.add(mapping.id())) {
        throw new IllegalArgumentException(
            file.getKey()
                + ": url|version "
                + mapping.id()
                + " is already used by another mapping");
      }
      for (InstrumentMapping other : concat(earlier, read)) {
        for (String canonical : mapping.canonicals()) {
          if (other.covers(canonical)) {
            throw overlap(mapping, other, canonical);
          }
        }
        for (String url : mapping.urls()) {
          if (other.covers(url)) {
            throw overlap(mapping, other, url);
          }
        }
        for (String code : mapping.questionnaireCodes()) {
          if (other.questionnaireCodes().contains(code)) {
            throw overlap(mapping, other, "code " + code);
          }
        }
      }
      read.add(mapping);
    }
    return read;
  }

  private static List<InstrumentMapping> concat(
      List<InstrumentMapping> a, List<InstrumentMapping> b) {
    List<InstrumentMapping> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static IllegalArgumentException overlap(
      InstrumentMapping mapping, InstrumentMapping other, String what) {
    return new IllegalArgumentException(
        mapping.file()
            + ": extension "
            + InstrumentMapping.COVERS
            + ": "
            + what
            + " is already covered by "
            + other.file()
            + " (one mapping per outside Questionnaire)");
  }

  /** Reads one ConceptMap, naming the field of every problem. */
  private static final class Reader {
    private final String file;
    private final String sha256;
    private final Function<String, QuestionnaireDefinition> questionnaires;

    Reader(String file, String sha256, Function<String, QuestionnaireDefinition> questionnaires) {
      this.file = file;
      this.sha256 = sha256;
      this.questionnaires = questionnaires;
    }

    private IllegalArgumentException problem(String field, String message) {
      return new IllegalArgumentException(file + ": " + field + ": " + message);
    }

    InstrumentMapping read(ConceptMap map) {
      if (!map.hasUrl() || !map.hasVersion()) {
        throw problem("url, version", "a mapping needs both (its id is url|version)");
      }
      if (!(map.getTarget() instanceof CanonicalType targetCanonical)
          || targetCanonical.getValue() == null) {
        throw problem(
            "targetCanonical",
            "must name the shipped Questionnaire as url|version, e.g."
                + " https://balises.quebec/fhir/Questionnaire/promis-global10|1.0.0");
      }
      String target = targetCanonical.getValue();
      QuestionnaireDefinition definition = questionnaires.apply(target);
      if (definition == null) {
        throw problem("targetCanonical", target + " is not a shipped Questionnaire (url|version)");
      }
      InstrumentMapping.Builder builder = new InstrumentMapping.Builder();
      readCoverage(map, builder);
      for (int g = 0; g < map.getGroup().size(); g++) {
        readGroup(map.getGroup().get(g), "group[" + g + "]", definition, builder);
      }
      return builder.build(map.getUrl() + "|" + map.getVersion(), file, sha256, target);
    }

    private void readCoverage(ConceptMap map, InstrumentMapping.Builder builder) {
      if (map.getSource() instanceof CanonicalType source && source.getValue() != null) {
        addCanonical(source.getValue(), builder);
      } else if (map.getSource() instanceof UriType source && source.getValue() != null) {
        addCanonical(source.getValue(), builder);
      }
      List<Extension> covers = map.getExtensionsByUrl(InstrumentMapping.COVERS);
      for (int i = 0; i < covers.size(); i++) {
        Extension cover = covers.get(i);
        if (cover.getValue() instanceof CanonicalType c && c.getValue() != null) {
          addCanonical(c.getValue(), builder);
        } else if (cover.getValue() instanceof UriType u && u.getValue() != null) {
          addCanonical(u.getValue(), builder);
        } else if (cover.getValue() instanceof Coding c && c.hasCode()) {
          builder.codes.add(c.getCode());
        } else {
          throw problem(
              "extension[" + InstrumentMapping.COVERS + "][" + i + "]",
              "needs valueCanonical (an outside Questionnaire url, with or without |version) or"
                  + " valueCoding (a Questionnaire code, e.g. a LOINC panel code)");
        }
      }
      if (builder.canonicals.isEmpty() && builder.urls.isEmpty() && builder.codes.isEmpty()) {
        throw problem(
            "sourceCanonical",
            "the mapping covers no outside Questionnaire: give sourceCanonical or the extension "
                + InstrumentMapping.COVERS);
      }
    }

    private static void addCanonical(String canonical, InstrumentMapping.Builder builder) {
      if (canonical.contains("|")) {
        builder.canonicals.add(canonical);
      } else {
        builder.urls.add(canonical);
      }
    }

    private void readGroup(
        ConceptMapGroupComponent group,
        String at,
        QuestionnaireDefinition definition,
        InstrumentMapping.Builder builder) {
      String source = group.getSource();
      String target = group.getTarget();
      if (source == null || source.isBlank()) {
        throw problem(
            at + ".source",
            "is required (an answer code system, or " + InstrumentMapping.LINK_ID + ")");
      }
      if (InstrumentMapping.LINK_ID.equals(target) || InstrumentMapping.LINK_ID.equals(source)) {
        if (!InstrumentMapping.LINK_ID.equals(target)) {
          throw problem(at + ".target", "an item group maps to " + InstrumentMapping.LINK_ID);
        }
        Map<String, ItemRule> rules =
            InstrumentMapping.LINK_ID.equals(source) ? builder.byLinkId : builder.byCode;
        for (int e = 0; e < group.getElement().size(); e++) {
          readItem(group.getElement().get(e), at + ".element[" + e + "]", definition, rules);
        }
        return;
      }
      for (int e = 0; e < group.getElement().size(); e++) {
        readAnswer(
            group.getElement().get(e),
            source,
            target,
            at + ".element[" + e + "]",
            definition,
            builder);
      }
    }

    private void readItem(
        SourceElementComponent element,
        String at,
        QuestionnaireDefinition definition,
        Map<String, ItemRule> rules) {
      if (!element.hasCode()) {
        throw problem(at + ".code", "is required (the outside item's linkId or code)");
      }
      if (element.getTarget().size() != 1) {
        throw problem(
            at + ".target",
            "needs exactly one target: the instrument item's linkId, or equivalence unmatched"
                + " for an item ignored on purpose");
      }
      TargetElementComponent target = element.getTarget().get(0);
      ItemRule rule;
      if (target.getEquivalence() == ConceptMapEquivalence.UNMATCHED) {
        rule = new ItemRule(null, element.getCode());
      } else {
        if (!target.hasCode() || !definition.items().containsKey(target.getCode())) {
          throw problem(
              at + ".target[0].code",
              "'"
                  + target.getCode()
                  + "' is not an item of "
                  + definition.canonical()
                  + " (items: "
                  + definition.items().keySet()
                  + ")");
        }
        rule = new ItemRule(target.getCode(), element.getCode());
      }
      if (rules.put(element.getCode(), rule) != null) {
        throw problem(at + ".code", "'" + element.getCode() + "' is mapped twice");
      }
    }

    private void readAnswer(
        SourceElementComponent element,
        String source,
        @Nullable String system,
        String at,
        QuestionnaireDefinition definition,
        InstrumentMapping.Builder builder) {
      if (!element.hasCode()) {
        throw problem(at + ".code", "is required (the outside answer code, number or text)");
      }
      String code = element.getCode();
      if (InstrumentMapping.ANSWER_NUMBER.equals(source)) {
        try {
          code = InstrumentMapping.canonicalNumber(new java.math.BigDecimal(code.trim()));
        } catch (NumberFormatException e) {
          throw problem(at + ".code", "'" + code + "' is not a number");
        }
      } else if (InstrumentMapping.ANSWER_STRING.equals(source)) {
        code = code.trim();
      }
      for (int t = 0; t < element.getTarget().size(); t++) {
        TargetElementComponent target = element.getTarget().get(t);
        String where = at + ".target[" + t + "]";
        if (!target.hasCode()) {
          throw problem(where + ".code", "is required (the instrument's answer code)");
        }
        Set<String> items = new java.util.TreeSet<>();
        for (int d = 0; d < target.getDependsOn().size(); d++) {
          OtherElementComponent dependsOn = target.getDependsOn().get(d);
          if (!InstrumentMapping.LINK_ID.equals(dependsOn.getProperty())
              || !definition.items().containsKey(dependsOn.getValue())) {
            throw problem(
                where + ".dependsOn[" + d + "]",
                "must be property "
                    + InstrumentMapping.LINK_ID
                    + " with value an item of "
                    + definition.canonical()
                    + " (found "
                    + dependsOn.getProperty()
                    + " = "
                    + dependsOn.getValue()
                    + ")");
          }
          items.add(dependsOn.getValue());
        }
        String answer = "'" + system + "|" + target.getCode() + "'";
        boolean found = false;
        for (QuestionnaireDefinition.Item item : definition.items().values()) {
          if (!items.isEmpty() && !items.contains(item.linkId())) {
            continue;
          }
          QuestionnaireDefinition.Option option = item.options().get(target.getCode());
          if (option != null && (system == null || system.equals(option.system()))) {
            found = true;
          } else if (!items.isEmpty()) {
            throw problem(
                where + ".code",
                answer
                    + " is not an answer of item "
                    + item.linkId()
                    + " of "
                    + definition.canonical()
                    + " (answers: "
                    + item.options().keySet()
                    + ")");
          }
        }
        if (!found) {
          throw problem(
              where + ".code",
              answer
                  + " is not an answer of any item of "
                  + definition.canonical()
                  + " (check group.target, the instrument's answer system)");
        }
        builder
            .answers
            .computeIfAbsent(source, s -> new TreeMap<>())
            .computeIfAbsent(code, c -> new ArrayList<>())
            .add(new AnswerRule(target.getCode(), items));
      }
    }
  }
}
