package quebec.balises.publish;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import quebec.balises.fhir.ClasspathFolder;

/**
 * HAPI's instance validator set up as an outside FHIR server would be once it has loaded Balises'
 * FHIR package: the R4 core profiles and terminology, and every conformance resource of {@code
 * fhir-profiles/} (Measures, Questionnaires, StructureDefinitions, CodeSystems, ValueSets), found
 * by canonical URL, with or without {@code |version}. It records every canonical the validator
 * asked for and whether it was found, so that a test can prove that a MeasureReport was checked
 * against its Measure: HAPI only warns when it cannot find the Measure, and then checks nothing of
 * it. Built once: loading the core profiles takes seconds.
 */
public final class MeasureReportValidation {
  private MeasureReportValidation() {}

  /** The folders of {@code fhir-profiles/} that hold conformance resources. */
  public static final List<String> FOLDERS =
      List.of(
          "fhir-profiles/structuredefinitions",
          "fhir-profiles/codesystems",
          "fhir-profiles/valuesets",
          "fhir-profiles/questionnaires",
          "fhir-profiles/measures");

  private static FhirValidator validator;
  private static BalisesPackage balises;

  public static synchronized FhirValidator validator() {
    if (validator == null) {
      FhirContext fhir = FhirContext.forR4Cached();
      balises = new BalisesPackage(fhir);
      ValidationSupportChain chain =
          new ValidationSupportChain(
              new DefaultProfileValidationSupport(fhir),
              balises,
              new SnapshotGeneratingValidationSupport(fhir),
              new InMemoryTerminologyServerValidationSupport(fhir),
              new CommonCodeSystemsTerminologyService(fhir));
      FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
      // Every extension must be one that HAPI or fhir-profiles/ defines.
      instanceValidator.setAnyExtensionsAllowed(false);
      validator = fhir.newValidator().registerValidatorModule(instanceValidator);
    }
    return validator;
  }

  /** The canonical URLs (without version) of Balises resources the validator found. */
  public static Set<String> resolved() {
    validator();
    return balises.resolved;
  }

  /** The Balises canonical URLs the validator asked for and did not find. */
  public static Set<String> unresolved() {
    validator();
    return balises.unresolved;
  }

  /** Every Balises conformance resource, by canonical URL. */
  public static Map<String, MetadataResource> resources() {
    validator();
    return balises.byUrl;
  }

  /** The error and fatal messages of validating {@code resource}, one line each. */
  public static List<String> errors(IBaseResource resource) {
    ValidationResult result = validator().validateWithResult(resource);
    return result.getMessages().stream()
        .filter(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(MeasureReportValidation::line)
        .toList();
  }

  /** Every message of validating {@code resource}, warnings included, one line each. */
  public static List<String> messages(IBaseResource resource) {
    return results(resource).stream().map(MeasureReportValidation::line).toList();
  }

  /** Every message of validating {@code resource}, warnings included. */
  public static List<SingleValidationMessage> results(IBaseResource resource) {
    return validator().validateWithResult(resource).getMessages();
  }

  public static String line(SingleValidationMessage m) {
    return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
  }

  /**
   * The resources of {@code fhir-profiles/}, served by canonical URL to any resource type the
   * validator asks for (Measure and Questionnaire included, which HAPI's pre-populated support does
   * not look up by URL), and a record of the lookups.
   */
  static final class BalisesPackage implements IValidationSupport {
    private final FhirContext fhir;
    final Map<String, MetadataResource> byUrl = new TreeMap<>();
    final Set<String> resolved = new ConcurrentSkipListSet<>();
    final Set<String> unresolved = new ConcurrentSkipListSet<>();

    BalisesPackage(FhirContext fhir) {
      this.fhir = fhir;
      var parser = fhir.newJsonParser();
      for (String folder : FOLDERS) {
        for (String json : ClasspathFolder.read(folder, ".json").values()) {
          IBaseResource resource = parser.parseResource(json);
          if (resource instanceof MetadataResource metadata && metadata.hasUrl()) {
            byUrl.put(metadata.getUrl(), metadata);
          }
        }
      }
    }

    @Override
    public FhirContext getFhirContext() {
      return fhir;
    }

    private @Nullable MetadataResource find(@Nullable String canonical) {
      if (canonical == null) {
        return null;
      }
      String url =
          canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
      String version =
          canonical.contains("|") ? canonical.substring(canonical.indexOf('|') + 1) : null;
      MetadataResource found = byUrl.get(url);
      if (found != null && version != null && !version.equals(found.getVersion())) {
        found = null;
      }
      if (url.startsWith(quebec.balises.fhir.BalisesProfile.BASE)) {
        (found == null ? unresolved : resolved).add(url);
      }
      return found;
    }

    @Override
    public <T extends IBaseResource> @Nullable T fetchResource(
        @Nullable Class<T> type, String canonical) {
      MetadataResource found = find(canonical);
      if (found == null || (type != null && !type.isInstance(found))) {
        return null;
      }
      return type == null ? null : type.cast(found);
    }

    @Override
    public @Nullable IBaseResource fetchStructureDefinition(String url) {
      MetadataResource found = find(url);
      return found instanceof StructureDefinition ? found : null;
    }

    @Override
    public @Nullable IBaseResource fetchCodeSystem(String system) {
      MetadataResource found = find(system);
      return found instanceof CodeSystem ? found : null;
    }

    @Override
    public @Nullable IBaseResource fetchValueSet(String url) {
      MetadataResource found = find(url);
      return found instanceof ValueSet ? found : null;
    }

    @Override
    public List<IBaseResource> fetchAllConformanceResources() {
      return List.copyOf(byUrl.values());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
      return (List<T>)
          byUrl.values().stream()
              .filter(r -> r instanceof StructureDefinition)
              .map(r -> (IBaseResource) r)
              .toList();
    }

    @Override
    public String getName() {
      return "Balises fhir-profiles";
    }
  }
}
