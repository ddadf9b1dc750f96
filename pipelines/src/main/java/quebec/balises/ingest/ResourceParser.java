package quebec.balises.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.InstrumentMapping;
import quebec.balises.fhir.PortraitQuestionnaire;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.fhir.QuestionnaireDefinition;
import quebec.balises.model.Engagement;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.Failsafe;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.ParsedResource.Problem;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.Payload;
import quebec.balises.model.Quebec;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.Trajectory;
import quebec.balises.population.PopulationRules;
import quebec.balises.portrait.PortraitRules;

/**
 * Parses one FHIR resource with HAPI and checks it against what the pipeline needs (the input
 * profile in {@code fhir-profiles/structuredefinitions/}). Not thread-safe: HAPI parsers are not.
 *
 * <p>Problems that make a record unreadable (not JSON, not FHIR, no id, a type we do not take) are
 * a {@link Rejection} at once. Problems with the content of a readable resource are attached to it
 * as a {@link Problem} and applied only after the latest version of the resource is chosen.
 */
public final class ResourceParser {

  /** The FHIR names of the types Balises reads ({@link ResourceKind}), as messages list them. */
  private static final String READ_TYPES =
      java.util.Arrays.stream(ResourceKind.values())
          .map(ResourceKind::fhirType)
          .collect(java.util.stream.Collectors.joining(", "));

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper DELETION_READER = new ObjectMapper(JSON);

  /** Years before this cannot be a birth, an answer or an anchor of anyone in the data. */
  public static final int EARLIEST_YEAR = 1900;

  /** How far after the reference date an anchor may be: a planned surgery is booked ahead. */
  public static final int ANCHOR_YEARS_AHEAD = 1;

  /** Codes of QuestionnaireResponse.status, exactly as FHIR R4 spells them. */
  private static final Set<String> RESPONSE_STATUSES =
      Set.of("in-progress", "completed", "amended", "entered-in-error", "stopped");

  /** Codes of EpisodeOfCare.status. */
  private static final Set<String> EPISODE_STATUSES =
      Set.of(
          "planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error");

  /** Codes of Encounter.status. */
  private static final Set<String> ENCOUNTER_STATUSES =
      Set.of(
          "planned",
          "arrived",
          "triaged",
          "in-progress",
          "onleave",
          "finished",
          "cancelled",
          "entered-in-error",
          "unknown");

  /**
   * Elements whose invalid values the checks below name themselves (dates, statuses), so that the
   * parser's report does not repeat them.
   */
  private static final Set<String> CHECKED_ELEMENTS =
      Set.of("authored", "birthDate", "start", "lastUpdated", "status");

  private final IParser parser;
  private final CollectingErrorHandler errors = new CollectingErrorHandler();
  private final QuestionnaireCatalog catalog;
  private final PortraitQuestionnaire portraitQuestionnaire = PortraitQuestionnaire.bundled();
  private final LocalDate today;

  /**
   * @param today the run's reference date; anything authored after it is in the future
   */
  public ResourceParser(QuestionnaireCatalog catalog, LocalDate today) {
    this.catalog = catalog;
    this.today = today;
    // Collecting: an invalid primitive (say "authored": "2024-13-45", "gender": "M") is kept as
    // text and reported to the handler rather than failing the whole resource, so that the checks
    // below can name the element; every report becomes a problem, none is ignored.
    this.parser = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(errors);
  }

  /**
   * Keeps what HAPI's parser finds wrong in one resource. HAPI leaves an element it cannot read
   * empty (a code outside its value set, a malformed date): that must be a dead letter, never a
   * null later.
   */
  private static final class CollectingErrorHandler implements IParserErrorHandler {
    private final List<Problem> problems = new ArrayList<>();

    void reset() {
      problems.clear();
    }

    List<Problem> problems() {
      return List.copyOf(problems);
    }

    private static String element(IParseLocation location) {
      return location == null || location.getParentElementName() == null
          ? "an element"
          : location.getParentElementName();
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
      String element = element(location);
      if (CHECKED_ELEMENTS.contains(element)) {
        return;
      }
      boolean date = error != null && error.startsWith("Invalid date/time");
      problems.add(
          new Problem(
              date ? RejectReason.INVALID_DATE : RejectReason.INVALID_VALUE,
              element + " '" + value + "' is not valid: " + error));
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String element) {
      // Two value[x] of one answer are found, with their linkId, by StrictJson.
      if (!"value".equals(element)) {
        problems.add(
            new Problem(
                RejectReason.INVALID_VALUE,
                element + " holds several values where FHIR allows one"));
      }
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {}

    @Override
    public void incorrectJsonType(
        IParseLocation location,
        String element,
        BaseJsonLikeValue.ValueType expected,
        BaseJsonLikeValue.ScalarType expectedScalar,
        BaseJsonLikeValue.ValueType found,
        BaseJsonLikeValue.ScalarType foundScalar) {
      // A value that is then unreadable is reported as invalidValue; a number sent as a string
      // ("70") reads the same.
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String element) {}

    @Override
    public void unknownAttribute(IParseLocation location, String name) {}

    @Override
    public void unknownElement(IParseLocation location, String name) {
      // Elements Balises does not read are not its concern (the input profile is open).
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {}

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {}

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {}
  }

  /**
   * Parses with {@code parse}, and turns anything it throws into a dead letter {@link
   * RejectReason#INTERNAL_ERROR} naming the exception: one record never stops the run, and the run
   * then fails (it is counted) rather than publishing without it.
   */
  public static Result guarded(SourceRecord record, Function<SourceRecord, Result> parse) {
    try {
      return parse.apply(record);
    } catch (RuntimeException | StackOverflowError e) {
      return new Failed(
          Failsafe.rejection(record.source(), null, null, record.json(), "parsing", e));
    }
  }

  /** {@link #parse}, guarded: never throws. */
  public Result parseGuarded(SourceRecord record) {
    return guarded(record, this::parse);
  }

  /**
   * A deletion request ({@code request.url} = {@code [base/]Type/id[/_history/v]}) becomes a
   * version of the resource it names that carries no content: {@link VersionOrder} lets it win over
   * every version not later than it. Its time is the entry's {@code response.lastModified} when
   * given; without one it applies to every version in the input.
   */
  private Result deletion(SourceRecord record) {
    JsonNode entry;
    try {
      entry = DELETION_READER.readTree(record.json());
    } catch (IOException e) {
      return fail(record, null, null, RejectReason.MALFORMED_JSON, e.getMessage());
    }
    String url = entry.path("request").path("url").asText("");
    int history = url.indexOf("/_history/");
    String[] parts = (history < 0 ? url : url.substring(0, history)).split("/");
    if (parts.length < 2 || parts[parts.length - 1].isBlank() || url.contains("?")) {
      return fail(
          record,
          null,
          null,
          RejectReason.INVALID_RESOURCE,
          "a DELETE entry must name one resource as request.url = Type/id (found \"" + url + "\")");
    }
    String type = parts[parts.length - 2];
    String id = parts[parts.length - 1];
    String lastModified = entry.path("response").path("lastModified").asText(null);
    Problem problem = deletionProblem(url, type, id, lastModified);
    if (problem != null) {
      return fail(record, type, id, problem.reason(), problem.message());
    }
    Long time = lastModified == null ? null : instantMillis(lastModified);
    return new Parsed(
        new ParsedResource(
            record.source(),
            ResourceKind.of(type).orElseThrow(),
            id,
            type.equals(ResourceKind.PATIENT.fhirType()) ? id : null,
            null,
            time,
            null,
            new Problem(RejectReason.DELETION_REQUEST, "deletion of " + type + "/" + id),
            null,
            record.json()));
  }

  /** Why a deletion request naming {@code type/id} cannot be applied, or null when it can. */
  private static @Nullable Problem deletionProblem(
      String url, String type, String id, @Nullable String lastModified) {
    if (!StrictJson.isFhirId(id)) {
      return new Problem(
          RejectReason.INVALID_ID,
          "request.url \"" + url + "\" names the id '" + id + "', which is not a FHIR id");
    }
    if (ResourceKind.of(type).isEmpty()) {
      return new Problem(
          RejectReason.UNSUPPORTED_RESOURCE_TYPE,
          "a deletion of a " + type + ", which Balises does not read");
    }
    if (lastModified != null && instantMillis(lastModified) == null) {
      return new Problem(
          RejectReason.INVALID_DATE,
          "response.lastModified \"" + lastModified + "\" is not a FHIR instant");
    }
    return null;
  }

  /** A FHIR instant in epoch milliseconds, or null when the text is not one. */
  private static @Nullable Long instantMillis(String text) {
    try {
      return new InstantType(text).getValue().getTime();
    } catch (IllegalArgumentException | DataFormatException e) {
      return null;
    }
  }

  /** The outcome of parsing one record: a resource, or a dead letter. */
  public sealed interface Result {}

  public record Parsed(ParsedResource resource) implements Result {}

  public record Failed(Rejection rejection) implements Result {}

  /**
   * A response to the establishment portrait (docs/decisions/0022): a QuestionnaireResponse about
   * an Organization, which joins no patient's journey. Its content is a {@link
   * quebec.balises.model.PortraitRecord}, or a problem as for any other resource.
   */
  public record Portrait(ParsedResource resource) implements Result {}

  public Result parse(SourceRecord record) {
    if (record.deletion()) {
      return deletion(record);
    }
    StrictJson.Outline outline;
    try {
      outline = StrictJson.read(record.json());
    } catch (JsonProcessingException e) {
      return fail(
          record,
          null,
          null,
          RejectReason.MALFORMED_JSON,
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
    IBaseResource base;
    errors.reset();
    try {
      base = parser.parseResource(record.json());
    } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
      boolean notJson = !isWellFormedJson(record.json());
      return fail(
          record,
          null,
          null,
          notJson ? RejectReason.MALFORMED_JSON : RejectReason.INVALID_RESOURCE,
          e.getMessage());
    } catch (NullPointerException | IndexOutOfBoundsException e) {
      // HAPI's parser trips on some shapes of well-formed JSON (a null inside "extension"): the
      // record's shape is at fault, so it is a dead letter of its own, not an internal error.
      return fail(
          record,
          null,
          null,
          RejectReason.INVALID_RESOURCE,
          "HAPI cannot read this JSON as a FHIR resource (an element of an unexpected shape, such"
              + " as a null in an array): "
              + e.getClass().getSimpleName());
    }
    List<Problem> invalid = new ArrayList<>(errors.problems());
    if (!(base instanceof Resource resource)) {
      return fail(record, null, null, RejectReason.INVALID_RESOURCE, "not a FHIR R4 resource");
    }
    String type = resource.fhirType();
    String id = resource.getIdElement().getIdPart();
    ResourceKind kind = ResourceKind.of(type).orElse(null);
    if (kind == null) {
      // The raw JSON of a clinical resource the job does not need must not land in restricted/:
      // the dead letter keeps its type, id, position and size only.
      return new Failed(
          new Rejection(
              record.source(),
              type,
              id,
              RejectReason.UNSUPPORTED_RESOURCE_TYPE,
              type
                  + " is not read by Balises (it reads "
                  + READ_TYPES
                  + "); its raw record ("
                  + record.json().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                  + " bytes) is not kept",
              ""));
    }
    if (!outline.idIsValid()) {
      // HAPI would read "Patient/p2" or "../../p2" as the id "p2", another resource's.
      return fail(
          record,
          type,
          outline.id(),
          RejectReason.INVALID_ID,
          "id '"
              + outline.id()
              + "' is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .); ids are never rewritten");
    }
    if (id == null || id.isBlank() || outline.id() == null || outline.id().isBlank()) {
      return fail(record, type, null, RejectReason.MISSING_ID, type + " has no id");
    }
    // Version metadata orders versions before content is judged: an unreadable one cannot wait.
    InstantType lastUpdatedElement = resource.getMeta().getLastUpdatedElement();
    Long lastUpdated = null;
    if (lastUpdatedElement != null && !lastUpdatedElement.isEmpty()) {
      if (lastUpdatedElement.getValue() == null) {
        return fail(
            record,
            type,
            id,
            RejectReason.INVALID_DATE,
            "meta.lastUpdated '"
                + lastUpdatedElement.getValueAsString()
                + "' is not a FHIR instant (YYYY-MM-DDThh:mm:ss with Z or +hh:mm)");
      }
      lastUpdated = lastUpdatedElement.getValue().getTime();
    }
    for (StrictJson.TwoValues two : outline.twoValues()) {
      invalid.add(
          two.linkId() != null && kind == ResourceKind.QUESTIONNAIRE_RESPONSE
              ? new Problem(
                  RejectReason.TOO_MANY_ANSWERS,
                  "item '"
                      + two.linkId()
                      + "': one answer holds two values ("
                      + two.first()
                      + " and "
                      + two.second()
                      + ")")
              : new Problem(
                  RejectReason.INVALID_VALUE,
                  "an element holds two values (" + two.first() + " and " + two.second() + ")"));
    }
    boolean portrait =
        kind == ResourceKind.QUESTIONNAIRE_RESPONSE && isPortrait((QuestionnaireResponse) resource);
    Content content =
        switch (kind) {
          case QUESTIONNAIRE_RESPONSE ->
              portrait
                  ? portrait((QuestionnaireResponse) resource, id, invalid)
                  : response((QuestionnaireResponse) resource, id, invalid);
          case PATIENT -> patient((Patient) resource, id);
          case EPISODE_OF_CARE -> episode((EpisodeOfCare) resource, id);
          case ENCOUNTER -> encounter((org.hl7.fhir.r4.model.Encounter) resource, id);
          case ORGANIZATION -> establishment((Organization) resource, id);
          case GROUP -> population((org.hl7.fhir.r4.model.Group) resource, id);
        };
    if (!invalid.isEmpty() && kind != ResourceKind.QUESTIONNAIRE_RESPONSE) {
      // What the parser could not read comes first: the checks below saw an empty element.
      List<Problem> all = new ArrayList<>(invalid);
      if (content.problem != null) {
        all.add(content.problem);
      }
      content = new Content(content.status, combine(all), null);
    }
    ParsedResource parsed =
        new ParsedResource(
            record.source(),
            kind,
            id,
            patientOf(kind, resource, id),
            resource.getMeta().getVersionId(),
            lastUpdated,
            content.status,
            content.problem,
            content.problem == null ? content.payload : null,
            record.json());
    return portrait ? new Portrait(parsed) : new Parsed(parsed);
  }

  /**
   * Whether a response answers the establishment portrait (its questionnaire's URL, whatever the
   * version): it is then read as a portrait and routed apart from the patients' journeys
   * (docs/decisions/0022).
   */
  private boolean isPortrait(QuestionnaireResponse qr) {
    if (!qr.hasQuestionnaire()) {
      return false;
    }
    String canonical = qr.getQuestionnaire();
    int bar = canonical.indexOf('|');
    return portraitQuestionnaire.url().equals(bar < 0 ? canonical : canonical.substring(0, bar));
  }

  /**
   * An establishment's portrait: every rule it breaks, in order (references, questionnaire version,
   * authored, status, then the answers' rules of {@link PortraitRules#read}).
   */
  private Content portrait(QuestionnaireResponse qr, String id, List<Problem> invalid) {
    String status = qr.hasStatus() ? qr.getStatusElement().getValueAsString() : null;
    List<Problem> problems = new ArrayList<>(invalid);
    Reference subject = qr.getSubject();
    Optional<String> organization = referencedId(subject, "Organization");
    if (isUnresolvedUrn(subject)) {
      problems.add(
          new Problem(
              RejectReason.DANGLING_REFERENCE,
              "a urn:uuid: reference matches no fullUrl in its Bundle"));
    } else if (organization.isEmpty()) {
      problems.add(
          new Problem(
              RejectReason.MISSING_REFERENCE,
              "the subject of a partnership portrait must reference the establishment"
                  + " (Organization/id)"
                  + (subject.hasReference() ? "; found '" + subject.getReference() + "'" : "")));
    }
    String canonical = qr.getQuestionnaire();
    int bar = canonical.indexOf('|');
    String version = bar < 0 ? null : canonical.substring(bar + 1);
    if (version == null) {
      problems.add(
          new Problem(
              RejectReason.UNVERSIONED_QUESTIONNAIRE,
              "questionnaire '"
                  + canonical
                  + "' has no |version; expected "
                  + portraitQuestionnaire.canonical()));
    } else if (!portraitQuestionnaire.versions().contains(version)) {
      // Earlier versions stay readable with the items they had (docs/decisions/0023).
      problems.add(
          new Problem(
              RejectReason.UNKNOWN_QUESTIONNAIRE_VERSION,
              "questionnaire '"
                  + canonical
                  + "' is not a known version; expected "
                  + portraitQuestionnaire.url()
                  + "|"
                  + String.join(" or |", portraitQuestionnaire.versions())));
    }
    DateCheck authored = authoredAndStatus(qr, status, problems);
    Map<String, List<BigDecimal>> answers = new LinkedHashMap<>();
    for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : qr.getItem()) {
      List<BigDecimal> numbers = answers.computeIfAbsent(item.getLinkId(), l -> new ArrayList<>());
      for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer :
          item.getAnswer()) {
        BigDecimal number = AnswerReader.numberOf(answer.getValue());
        if (number == null) {
          problems.add(
              new Problem(
                  RejectReason.INVALID_VALUE,
                  "item '"
                      + item.getLinkId()
                      + "': the answer must be a valueInteger or a valueDecimal"));
        } else {
          numbers.add(number);
        }
      }
    }
    if (problems.isEmpty()) {
      PortraitRules.Reading reading =
          PortraitRules.read(
              id, organization.orElseThrow(), version, authored.date, authored.instant, answers);
      if (reading.portrait() != null) {
        return new Content(status, null, reading.portrait());
      }
      problems.addAll(reading.problems());
    }
    return new Content(status, combine(problems), null);
  }

  /**
   * The Patient a resource names as its own, read from its reference alone so that a version whose
   * content has a problem still has one: its journey's key, which every version of a resource
   * normally shares.
   */
  private static @Nullable String patientOf(ResourceKind kind, Resource resource, String id) {
    Reference reference =
        switch (kind) {
          case PATIENT -> null;
          case QUESTIONNAIRE_RESPONSE -> ((QuestionnaireResponse) resource).getSubject();
          case EPISODE_OF_CARE -> ((EpisodeOfCare) resource).getPatient();
          case ENCOUNTER -> ((org.hl7.fhir.r4.model.Encounter) resource).getSubject();
          case ORGANIZATION, GROUP -> null;
        };
    if (kind == ResourceKind.PATIENT) {
      return id;
    }
    return reference == null ? null : referencedId(reference, "Patient").orElse(null);
  }

  /** What a resource's content says: its payload, or the first problem found. */
  private record Content(@Nullable String status, @Nullable Problem problem, Payload payload) {
    static Content problem(@Nullable String status, RejectReason reason, String message) {
      return new Content(status, new Problem(reason, message), null);
    }
  }

  /**
   * Every rule a response breaks, in the documented order: the first gives the reason code, the
   * message lists them all, so that a data provider fixes a record in one round.
   */
  private Content response(QuestionnaireResponse qr, String id, List<Problem> invalid) {
    String status = qr.hasStatus() ? qr.getStatusElement().getValueAsString() : null;
    List<Problem> problems = new ArrayList<>(invalid);
    Reference subject = qr.getSubject();
    boolean containedPatient = isContainedPatient(qr, subject);
    Optional<String> patient = referencedId(subject, "Patient");
    Extension episodeExtension = qr.getExtensionByUrl(BalisesProfile.EPISODE_OF_CARE_EXTENSION);
    Reference episodeReference =
        episodeExtension != null && episodeExtension.getValue() instanceof Reference r
            ? r
            : new Reference();
    Optional<String> episode = referencedId(episodeReference, "EpisodeOfCare");
    Optional<String> encounter = referencedId(qr.getEncounter(), "Encounter");
    if (isUnresolvedUrn(subject)
        || isUnresolvedUrn(episodeReference)
        || isUnresolvedUrn(qr.getEncounter())) {
      problems.add(
          new Problem(
              RejectReason.DANGLING_REFERENCE,
              "a urn:uuid: reference matches no fullUrl in its Bundle"));
    }
    if (patient.isEmpty() && !containedPatient) {
      problems.add(
          new Problem(
              RejectReason.MISSING_REFERENCE,
              "subject must reference a Patient (Patient/id, an absolute .../Patient/id, or a"
                  + " contained #id Patient)"
                  + (subject.hasReference() ? "; found '" + subject.getReference() + "'" : "")));
    }
    if (episodeExtension != null && episode.isEmpty()) {
      problems.add(
          new Problem(
              RejectReason.MISSING_REFERENCE,
              "the extension "
                  + BalisesProfile.EPISODE_OF_CARE_EXTENSION
                  + " must reference an EpisodeOfCare"));
    } else if (containedPatient && episode.isEmpty() && encounter.isEmpty()) {
      problems.add(
          new Problem(
              RejectReason.MISSING_REFERENCE,
              "the subject is a contained Patient, so the patient is taken from the episode: name"
                  + " it with the extension "
                  + BalisesProfile.EPISODE_OF_CARE_EXTENSION
                  + " or through encounter"));
    }
    QuestionnaireDefinition definition = null;
    InstrumentMapping mapping = null;
    if (!qr.hasQuestionnaire()) {
      problems.add(new Problem(RejectReason.MISSING_ELEMENT, "questionnaire is missing"));
    } else {
      QuestionnaireCatalog.Lookup lookup = catalog.lookup(qr.getQuestionnaire());
      if (lookup instanceof QuestionnaireCatalog.Known known) {
        definition = known.definition();
      } else {
        mapping = catalog.mappings().find(qr.getQuestionnaire());
        if (mapping != null
            && catalog.lookup(mapping.target()) instanceof QuestionnaireCatalog.Known target) {
          definition = target.definition();
        } else {
          problems.add(questionnaireProblem(lookup));
        }
      }
    }
    DateCheck authored = authoredAndStatus(qr, status, problems);
    List<ResponseRecord.Answer> answers = List.of();
    if (definition != null) {
      AnswerReader.Result read = AnswerReader.read(qr.getItem(), definition, mapping);
      problems.addAll(read.problems());
      answers = read.answers();
    }
    if (!problems.isEmpty()) {
      return new Content(status, combine(problems), null);
    }
    return new Content(
        status,
        null,
        new ResponseRecord(
            id,
            patient.orElse(null),
            episode.orElse(null),
            definition.url(),
            definition.version(),
            definition.instrument(),
            status,
            authored.date,
            authored.instant,
            answers,
            mapping == null ? null : mapping.id(),
            encounter.orElse(null)));
  }

  /** A subject {@code #id} naming a Patient contained in the response. */
  private static boolean isContainedPatient(QuestionnaireResponse qr, Reference subject) {
    if (!subject.hasReference() || !subject.getReference().startsWith("#")) {
      return false;
    }
    String local = subject.getReference().substring(1);
    return qr.getContained().stream()
        .anyMatch(
            r ->
                r instanceof Patient
                    && local.equals(r.getIdElement().getIdPart().replaceFirst("^#", "")));
  }

  /** An Encounter: only the episodes it names, for linkage. */
  private Content encounter(org.hl7.fhir.r4.model.Encounter encounter, String id) {
    String status = encounter.hasStatus() ? encounter.getStatusElement().getValueAsString() : null;
    if (status != null && !ENCOUNTER_STATUSES.contains(status)) {
      return Content.problem(status, RejectReason.INVALID_VALUE, invalidStatus(status));
    }
    if ("entered-in-error".equals(status)) {
      return Content.problem(
          status, RejectReason.ENTERED_IN_ERROR, "the encounter was entered in error");
    }
    List<String> episodes = new ArrayList<>();
    for (Reference reference : encounter.getEpisodeOfCare()) {
      referencedId(reference, "EpisodeOfCare").ifPresent(episodes::add);
    }
    return new Content(
        status,
        null,
        new quebec.balises.model.EncounterRecord(
            id, referencedId(encounter.getSubject(), "Patient").orElse(null), episodes));
  }

  /** Why a questionnaire canonical is not usable, with what would be. */
  private Problem questionnaireProblem(QuestionnaireCatalog.Lookup lookup) {
    String accepted =
        " (shipped: "
            + String.join(", ", catalog.instrumentsByCanonical().keySet())
            + (catalog.mappings().all().isEmpty()
                ? ""
                : "; or an outside Questionnaire covered by a mapping in "
                    + catalog.mappings().all().stream().map(InstrumentMapping::file).toList())
            + ")";
    if (lookup instanceof QuestionnaireCatalog.Unversioned u) {
      return new Problem(
          RejectReason.UNVERSIONED_QUESTIONNAIRE,
          "questionnaire " + u.url() + " has no |version" + accepted);
    }
    if (lookup instanceof QuestionnaireCatalog.UnknownUrl u) {
      return new Problem(
          RejectReason.UNKNOWN_QUESTIONNAIRE,
          "questionnaire " + u.url() + " is not in the instrument registry" + accepted);
    }
    QuestionnaireCatalog.UnknownVersion u = (QuestionnaireCatalog.UnknownVersion) lookup;
    return new Problem(
        RejectReason.UNKNOWN_QUESTIONNAIRE_VERSION,
        "questionnaire "
            + u.url()
            + " has no version "
            + u.version()
            + " in the registry"
            + accepted);
  }

  /**
   * One problem for a record: the first rule's reason, and a message that lists every rule broken
   * (a single problem keeps its own message).
   */
  static Problem combine(List<Problem> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder message = new StringBuilder(problems.size() + " problems: ");
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      message
          .append(i == 0 ? "" : "; ")
          .append(i + 1)
          .append(") ")
          .append(p.reason().name())
          .append(": ")
          .append(p.message());
    }
    return new Problem(problems.get(0).reason(), message.toString());
  }

  private static @Nullable Problem responseStatusProblem(@Nullable String status) {
    if (status == null) {
      return new Problem(RejectReason.MISSING_ELEMENT, "status is missing");
    }
    if (!RESPONSE_STATUSES.contains(status)) {
      return new Problem(RejectReason.INVALID_VALUE, invalidStatus(status));
    }
    return switch (status) {
      case "completed", "amended" -> null;
      case "entered-in-error" ->
          new Problem(RejectReason.ENTERED_IN_ERROR, "the response was entered in error");
      default ->
          new Problem(
              RejectReason.STATUS_NOT_USABLE,
              "status " + status + " is not usable (completed or amended are)");
    };
  }

  /**
   * A response's {@code authored} date, checked, with its problem and that of its status added to
   * {@code problems}: the checks every questionnaire response goes through, whatever it is about.
   */
  private DateCheck authoredAndStatus(
      QuestionnaireResponse qr, @Nullable String status, List<Problem> problems) {
    DateCheck authored = checkDate(qr.getAuthoredElement(), "authored", true);
    if (authored.problem != null) {
      problems.add(authored.problem);
    }
    Problem statusProblem = responseStatusProblem(status);
    if (statusProblem != null) {
      problems.add(statusProblem);
    }
    return authored;
  }

  /** Codes are case-sensitive: "Cancelled" is not "cancelled", and is not guessed to be. */
  private static String invalidStatus(String status) {
    return "status '"
        + status
        + "' is not a FHIR status code (codes are lower case, spelled exactly as FHIR defines"
        + " them)";
  }

  private Content patient(Patient patient, String id) {
    String pseudonymSource = "Patient/" + id;
    for (Identifier identifier : patient.getIdentifier()) {
      if (BalisesProfile.HEALTH_INSURANCE_NUMBER_SYSTEM.equals(identifier.getSystem())
          && identifier.hasValue()) {
        pseudonymSource = "nam|" + identifier.getValue().trim();
        break;
      }
    }
    LocalDate birthDate = null;
    if (patient.hasBirthDateElement()) {
      DateCheck birth = checkDate(patient.getBirthDateElement(), "birthDate", false);
      if (birth.problem != null) {
        return new Content(null, birth.problem, null);
      }
      birthDate = birth.date;
    }
    // An invalid gender code leaves the element without a value; it is a problem of its own.
    String sex = patient.getGender() == null ? null : patient.getGender().toCode();
    return new Content(
        null,
        null,
        new PatientRecord(
            id,
            pseudonymSource,
            sex,
            birthDate,
            quintile(patient, BalisesProfile.MATERIAL_DEPRIVATION_EXTENSION),
            quintile(patient, BalisesProfile.SOCIAL_DEPRIVATION_EXTENSION)));
  }

  /** A deprivation quintile, 1–5; any other value is unknown, as the profile bounds it. */
  private static @Nullable Integer quintile(Patient patient, String url) {
    Extension extension = patient.getExtensionByUrl(url);
    if (extension != null && extension.getValue() instanceof IntegerType value) {
      Integer q = value.getValue();
      return q != null && q >= 1 && q <= 5 ? q : null;
    }
    return null;
  }

  private Content episode(EpisodeOfCare episode, String id) {
    String status = episode.hasStatus() ? episode.getStatusElement().getValueAsString() : null;
    if (isUnresolvedUrn(episode.getPatient())
        || isUnresolvedUrn(episode.getManagingOrganization())) {
      return Content.problem(
          status,
          RejectReason.DANGLING_REFERENCE,
          "a urn:uuid: reference matches no fullUrl in its Bundle");
    }
    if (status != null && !EPISODE_STATUSES.contains(status)) {
      return Content.problem(status, RejectReason.INVALID_VALUE, invalidStatus(status));
    }
    Optional<String> patient = referencedId(episode.getPatient(), "Patient");
    if (patient.isEmpty()) {
      return Content.problem(
          status, RejectReason.MISSING_REFERENCE, "patient must reference a Patient");
    }
    Optional<String> organization = referencedId(episode.getManagingOrganization(), "Organization");
    if (organization.isEmpty()) {
      return Content.problem(
          status,
          RejectReason.MISSING_REFERENCE,
          "managingOrganization must reference an Organization (the establishment)");
    }
    Optional<Trajectory> trajectory =
        episode.getType().stream()
            .flatMap(type -> type.getCoding().stream())
            .filter(c -> BalisesProfile.TRAJECTORY_SYSTEM.equals(c.getSystem()))
            .map(c -> Trajectory.fromCode(c.getCode()))
            .flatMap(Optional::stream)
            .findFirst();
    if (trajectory.isEmpty()) {
      return Content.problem(
          status,
          RejectReason.UNKNOWN_TRAJECTORY,
          "type has no code from " + BalisesProfile.TRAJECTORY_SYSTEM);
    }
    if (!episode.getPeriod().hasStartElement()) {
      return Content.problem(
          status, RejectReason.MISSING_ELEMENT, "period.start (the anchor date) is missing");
    }
    DateCheck anchor = checkDate(episode.getPeriod().getStartElement(), "period.start", false);
    if (anchor.problem != null) {
      return new Content(status, anchor.problem, null);
    }
    if ("entered-in-error".equals(status)) {
      return Content.problem(
          status, RejectReason.ENTERED_IN_ERROR, "the episode of care was entered in error");
    }
    if (status == null) {
      return Content.problem(status, RejectReason.MISSING_ELEMENT, "status is missing");
    }
    if ("cancelled".equals(status)) {
      return Content.problem(
          status,
          RejectReason.STATUS_NOT_USABLE,
          "status " + status + " is not usable for an episode of care");
    }
    Engagement engagement = null;
    if (trajectory.get() == Trajectory.PARTNERSHIP) {
      EngagementCheck check = engagement(episode, anchor.date);
      if (check.problem != null) {
        return new Content(status, check.problem, null);
      }
      engagement = check.engagement;
    }
    return new Content(
        status,
        null,
        new EpisodeRecord(
            id,
            patient.get(),
            organization.get(),
            trajectory.get().code(),
            anchor.date,
            status,
            engagement));
  }

  /** A partner's engagement as read, or why it cannot be. */
  private record EngagementCheck(@Nullable Engagement engagement, @Nullable Problem problem) {}

  /**
   * The engagement of a partnership episode (ADR 0021). An extension left out is a value the source
   * did not record: null, counted in the stratum {@code unknown}. An extension that is there but
   * holds no code of its code system (another system, a code the system does not define, not a
   * Coding) is an error at the source: the episode is a dead letter {@code INVALID_VALUE} that
   * names it, never a stratum of its own nor silently unknown.
   */
  private EngagementCheck engagement(EpisodeOfCare episode, LocalDate start) {
    String[] codes = new String[3];
    String[][] profile = {
      {BalisesProfile.ENGAGEMENT_SPHERE_EXTENSION, BalisesProfile.ENGAGEMENT_SPHERE_SYSTEM},
      {BalisesProfile.ENGAGEMENT_LEVEL_EXTENSION, BalisesProfile.ENGAGEMENT_LEVEL_SYSTEM},
      {BalisesProfile.ENGAGEMENT_BODY_EXTENSION, BalisesProfile.ENGAGEMENT_BODY_SYSTEM}
    };
    List<List<String>> domains = List.of(Engagement.SPHERES, Engagement.LEVELS, Engagement.BODIES);
    for (int i = 0; i < profile.length; i++) {
      List<Extension> extensions = episode.getExtensionsByUrl(profile[i][0]);
      if (extensions.isEmpty()) {
        continue;
      }
      if (extensions.size() > 1) {
        return new EngagementCheck(
            null,
            new Problem(
                RejectReason.INVALID_VALUE,
                "the extension " + profile[i][0] + " is given " + extensions.size() + " times"));
      }
      if (!(extensions.get(0).getValue() instanceof Coding coding)
          || !profile[i][1].equals(coding.getSystem())
          || !coding.hasCode()
          || !domains.get(i).contains(coding.getCode())) {
        return new EngagementCheck(
            null,
            new Problem(
                RejectReason.INVALID_VALUE,
                "the extension "
                    + profile[i][0]
                    + " must hold a Coding of "
                    + profile[i][1]
                    + " ("
                    + String.join(", ", domains.get(i))
                    + "), got "
                    + describe(extensions.get(0).getValue())));
      }
      codes[i] = coding.getCode();
    }
    LocalDate end = null;
    if (episode.getPeriod().hasEndElement()) {
      DateCheck checked = checkDate(episode.getPeriod().getEndElement(), "period.end", false);
      if (checked.problem != null) {
        return new EngagementCheck(null, checked.problem);
      }
      if (checked.date.isBefore(start)) {
        return new EngagementCheck(
            null,
            new Problem(
                RejectReason.IMPLAUSIBLE_DATE,
                "period.end " + checked.date + " is before period.start " + start));
      }
      end = checked.date;
    }
    return new EngagementCheck(new Engagement(codes[0], codes[1], codes[2], end), null);
  }

  private static String describe(@Nullable Type value) {
    if (value instanceof Coding coding) {
      return "system " + coding.getSystem() + ", code '" + coding.getCode() + "'";
    }
    return value == null ? "no value" : "a " + value.fhirType();
  }

  private Content establishment(Organization organization, String id) {
    String code =
        organization.getIdentifier().stream()
            .filter(i -> BalisesProfile.ESTABLISHMENT_SYSTEM.equals(i.getSystem()) && i.hasValue())
            .map(Identifier::getValue)
            .findFirst()
            .orElse(null);
    if (code == null) {
      return Content.problem(
          null,
          RejectReason.MISSING_ELEMENT,
          "identifier with system " + BalisesProfile.ESTABLISHMENT_SYSTEM + " is missing");
    }
    if (!organization.hasName()) {
      return Content.problem(null, RejectReason.MISSING_ELEMENT, "name is missing");
    }
    Coding rls = codingExtension(organization, BalisesProfile.RLS_EXTENSION);
    Coding region = codingExtension(organization, BalisesProfile.HEALTH_REGION_EXTENSION);
    if (rls == null || region == null) {
      return Content.problem(
          null,
          RejectReason.MISSING_ELEMENT,
          "the extensions "
              + BalisesProfile.RLS_EXTENSION
              + " and "
              + BalisesProfile.HEALTH_REGION_EXTENSION
              + " are required");
    }
    return new Content(
        null,
        null,
        new EstablishmentRecord(
            id,
            code,
            organization.getName(),
            rls.getCode(),
            rls.hasDisplay() ? rls.getDisplay() : rls.getCode(),
            region.getCode(),
            region.hasDisplay() ? region.getDisplay() : region.getCode()));
  }

  /**
   * A population estimate (docs/decisions/0023): a Group read by {@link PopulationRules#read},
   * every rule it breaks in one message.
   */
  private Content population(org.hl7.fhir.r4.model.Group group, String id) {
    Coding code = group.getCode().getCodingFirstRep();
    List<PopulationRules.Characteristic> characteristics = new ArrayList<>();
    for (org.hl7.fhir.r4.model.Group.GroupCharacteristicComponent c : group.getCharacteristic()) {
      Coding kind = c.getCode().getCodingFirstRep();
      Coding value =
          c.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept concept
              ? concept.getCodingFirstRep()
              : new Coding();
      org.hl7.fhir.r4.model.Range range =
          c.getValue() instanceof org.hl7.fhir.r4.model.Range r ? r : null;
      characteristics.add(
          new PopulationRules.Characteristic(
              kind.getSystem(),
              kind.getCode(),
              value.getSystem(),
              value.getCode(),
              range != null && range.getLow().hasValue() ? range.getLow().getValue() : null,
              range != null && range.getHigh().hasValue() ? range.getHigh().getValue() : null,
              day(c.getPeriod().getStartElement(), false),
              day(c.getPeriod().getEndElement(), true),
              c.getExclude()));
    }
    PopulationRules.Reading reading =
        PopulationRules.read(
            id,
            group.hasActual() ? group.getActual() : null,
            code.getSystem(),
            code.getCode(),
            group.hasQuantity() ? (long) group.getQuantity() : null,
            characteristics,
            today);
    if (reading.population() != null) {
      return new Content(null, null, reading.population());
    }
    return new Content(null, combine(reading.problems()), null);
  }

  /**
   * The day a partial date stands for: its first day, or its last when it ends a period ("2024" as
   * a period's end is 31 December 2024); null when absent.
   */
  private static @Nullable LocalDate day(BaseDateTimeType element, boolean last) {
    if (element == null || element.getValue() == null) {
      return null;
    }
    String text = element.getValueAsString();
    return switch (text.length()) {
      case 4 -> {
        LocalDate first = LocalDate.of(Integer.parseInt(text), 1, 1);
        yield last ? first.withDayOfYear(first.lengthOfYear()) : first;
      }
      case 7 -> {
        LocalDate first = LocalDate.parse(text + "-01");
        yield last ? first.withDayOfMonth(first.lengthOfMonth()) : first;
      }
      default -> LocalDate.parse(text.substring(0, 10));
    };
  }

  private static @Nullable Coding codingExtension(Organization organization, String url) {
    Extension extension = organization.getExtensionByUrl(url);
    return extension != null && extension.getValue() instanceof Coding c && c.hasCode() ? c : null;
  }

  /** A checked date: its day in Quebec, its instant when it has a time, or the problem. */
  private record DateCheck(
      @Nullable LocalDate date, @Nullable Instant instant, @Nullable Problem problem) {
    /** A date that cannot be used, and why. */
    static DateCheck problem(RejectReason reason, String message) {
      return new DateCheck(null, null, new Problem(reason, message));
    }
  }

  private DateCheck checkDate(BaseDateTimeType element, String name, boolean notInFuture) {
    if (element == null || element.isEmpty()) {
      return DateCheck.problem(RejectReason.MISSING_ELEMENT, name + " is missing");
    }
    if (element.getValue() == null) {
      return DateCheck.problem(
          RejectReason.INVALID_DATE,
          name + " '" + element.getValueAsString() + "' is not a valid FHIR date");
    }
    TemporalPrecisionEnum precision = element.getPrecision();
    if (precision.ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
      return DateCheck.problem(
          RejectReason.INVALID_DATE,
          name + " '" + element.getValueAsString() + "' is less precise than a day");
    }
    LocalDate date;
    Instant instant = null;
    if (precision == TemporalPrecisionEnum.DAY) {
      date = LocalDate.of(element.getYear(), element.getMonth() + 1, element.getDay());
    } else if (element.getTimeZone() == null && !element.isTimeZoneZulu()) {
      // A time without an offset: HAPI would read it in the host's time zone, so the same file
      // would give another day on another machine. It is read in Quebec's, whatever the host.
      try {
        LocalDateTime local = LocalDateTime.parse(element.getValueAsString());
        instant = local.atZone(Quebec.ZONE).toInstant();
        date = local.toLocalDate();
      } catch (DateTimeParseException e) {
        return DateCheck.problem(
            RejectReason.INVALID_DATE,
            name + " '" + element.getValueAsString() + "' is not a valid FHIR date");
      }
    } else {
      instant = element.getValue().toInstant();
      date = instant.atZone(Quebec.ZONE).toLocalDate();
    }
    if (date.getYear() < EARLIEST_YEAR) {
      return DateCheck.problem(
          RejectReason.IMPLAUSIBLE_DATE,
          name + " " + date + " is before " + EARLIEST_YEAR + " and cannot be true");
    }
    if (name.equals("period.start") && date.isAfter(today.plusYears(ANCHOR_YEARS_AHEAD))) {
      return DateCheck.problem(
          RejectReason.IMPLAUSIBLE_DATE,
          name
              + " "
              + date
              + " is more than "
              + ANCHOR_YEARS_AHEAD
              + " year after the run's reference date "
              + today);
    }
    if (notInFuture && date.isAfter(today)) {
      return DateCheck.problem(
          RejectReason.FUTURE_DATE,
          name + " " + date + " is after the run's reference date " + today);
    }
    if (!notInFuture && name.equals("birthDate") && date.isAfter(today)) {
      return DateCheck.problem(RejectReason.FUTURE_DATE, name + " " + date + " is in the future");
    }
    return new DateCheck(date, instant, null);
  }

  /** The id a reference points to, when it names a resource of the expected type. */
  static Optional<String> referencedId(Reference reference, String expectedType) {
    if (reference == null || !reference.hasReference()) {
      return Optional.empty();
    }
    IdType id = new IdType(reference.getReference());
    if (!expectedType.equals(id.getResourceType())
        || !id.hasIdPart()
        || !StrictJson.isFhirId(id.getIdPart())) {
      return Optional.empty();
    }
    return Optional.of(id.getIdPart());
  }

  private static boolean isUnresolvedUrn(Reference reference) {
    return reference != null
        && reference.hasReference()
        && reference.getReference().startsWith("urn:");
  }

  /** Asked only when HAPI fails, to tell broken JSON from JSON that is not FHIR. */
  private static boolean isWellFormedJson(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      while (parser.nextToken() != null) {
        // read to the end
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Result fail(
      SourceRecord record,
      @Nullable String type,
      @Nullable String id,
      RejectReason reason,
      @Nullable String message) {
    return new Failed(
        new Rejection(
            record.source(),
            type,
            id,
            reason,
            message == null ? reason.name() : message,
            record.json()));
  }
}
