package quebec.balises.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * The questionnaires Balises knows, by canonical URL and version, loaded from the FHIR {@code
 * Questionnaire} resources in {@code fhir-profiles/questionnaires/}. A response to any other
 * questionnaire is a dead letter, never a guess. A questionnaire whose subject is an {@code
 * Organization} is not an instrument (no person answers it, nothing scores it) and is left out: the
 * establishment portrait is read by {@link PortraitQuestionnaire}.
 */
public final class QuestionnaireCatalog implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FOLDER = "fhir-profiles/questionnaires";
  public static final String INSTRUMENT_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/instrument";

  /** url → version → definition. */
  private final Map<String, Map<String, QuestionnaireDefinition>> definitions;

  /** Mappings of outside Questionnaires onto these ({@code fhir-profiles/mappings/}). */
  private final InstrumentMappings mappings;

  private QuestionnaireCatalog(
      Map<String, Map<String, QuestionnaireDefinition>> definitions, InstrumentMappings mappings) {
    this.definitions = definitions;
    this.mappings = mappings;
  }

  public InstrumentMappings mappings() {
    return mappings;
  }

  /**
   * This catalog with the mappings in these folders added to its own; a folder or mapping that
   * cannot be used is an {@link IllegalArgumentException} naming the file and field.
   */
  public QuestionnaireCatalog withMappingFolders(List<java.nio.file.Path> folders) {
    return new QuestionnaireCatalog(
        definitions, mappings.plusFolders(folders, this::definitionOrNull));
  }

  private @org.checkerframework.checker.nullness.qual.Nullable QuestionnaireDefinition
      definitionOrNull(String canonical) {
    return lookup(canonical) instanceof Known known ? known.definition() : null;
  }

  /** Loads every Questionnaire shipped in {@code fhir-profiles/questionnaires/}. */
  public static QuestionnaireCatalog bundled() {
    IParser parser = FhirContext.forR4Cached().newJsonParser();
    Builder builder = new Builder();
    for (Map.Entry<String, String> file : ClasspathFolder.read(FOLDER, ".json").entrySet()) {
      Questionnaire questionnaire;
      try {
        questionnaire = parser.parseResource(Questionnaire.class, file.getValue());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            FOLDER
                + "/"
                + file.getKey()
                + " is not a valid FHIR R4 Questionnaire: "
                + e.getMessage(),
            e);
      }
      if (isAboutAnOrganization(questionnaire)) {
        continue;
      }
      Extension instrument = questionnaire.getExtensionByUrl(INSTRUMENT_EXTENSION);
      if (!questionnaire.hasUrl() || !questionnaire.hasVersion() || instrument == null) {
        throw new IllegalStateException(
            FOLDER + "/" + file.getKey() + " needs url, version and the instrument extension");
      }
      builder.add(
          QuestionnaireDefinition.from(questionnaire, instrument.getValue().primitiveValue()));
    }
    QuestionnaireCatalog questionnaires = builder.build();
    try {
      return new QuestionnaireCatalog(
          questionnaires.definitions, InstrumentMappings.bundled(questionnaires::definitionOrNull));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Whether the questionnaire's subject is an establishment rather than a person. */
  public static boolean isAboutAnOrganization(Questionnaire questionnaire) {
    return questionnaire.getSubjectType().stream()
        .anyMatch(type -> "Organization".equals(type.getValue()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What the catalog says of a {@code url|version} canonical. */
  public sealed interface Lookup {}

  public record Known(QuestionnaireDefinition definition) implements Lookup {
    public String url() {
      return definition.url();
    }

    public String version() {
      return definition.version();
    }

    public String instrument() {
      return definition.instrument();
    }
  }

  public record Unversioned(String url) implements Lookup {}

  public record UnknownUrl(String url) implements Lookup {}

  public record UnknownVersion(String url, String version) implements Lookup {}

  public Lookup lookup(String canonical) {
    int bar = canonical.indexOf('|');
    if (bar < 0) {
      return new Unversioned(canonical);
    }
    String url = canonical.substring(0, bar);
    String version = canonical.substring(bar + 1);
    Map<String, QuestionnaireDefinition> versions = definitions.get(url);
    if (versions == null) {
      return new UnknownUrl(url);
    }
    QuestionnaireDefinition definition = versions.get(version);
    return definition == null ? new UnknownVersion(url, version) : new Known(definition);
  }

  /** Every known {@code url|version} with its instrument id, sorted. */
  public SortedMap<String, String> instrumentsByCanonical() {
    SortedMap<String, String> all = new TreeMap<>();
    definitions
        .values()
        .forEach(
            versions -> versions.values().forEach(d -> all.put(d.canonical(), d.instrument())));
    return all;
  }

  /** Every known definition, sorted by canonical. */
  public List<QuestionnaireDefinition> definitions() {
    List<QuestionnaireDefinition> all = new ArrayList<>();
    definitions.values().forEach(versions -> all.addAll(versions.values()));
    all.sort(Comparator.comparing(QuestionnaireDefinition::canonical));
    return all;
  }

  public static final class Builder {
    private final Map<String, Map<String, QuestionnaireDefinition>> definitions = new TreeMap<>();

    public Builder add(QuestionnaireDefinition definition) {
      definitions
          .computeIfAbsent(definition.url(), u -> new TreeMap<>())
          .put(definition.version(), definition);
      return this;
    }

    /** A questionnaire with no items, for tests that only need it to be known. */
    public Builder add(String url, String version, String instrument) {
      return add(new QuestionnaireDefinition(url, version, instrument, Map.of()));
    }

    public QuestionnaireCatalog build() {
      return new QuestionnaireCatalog(definitions, InstrumentMappings.none());
    }
  }
}
