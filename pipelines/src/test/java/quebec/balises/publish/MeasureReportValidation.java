package quebec.balises.publish;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.StructureDefinition;
import quebec.balises.fhir.ClasspathFolder;

/**
 * HAPI's instance validator for the exported MeasureReports: the R4 core profiles and terminology,
 * with Balises' Measures (so that reports are checked against their Measure's scoring, groups and
 * stratifiers) and the StructureDefinitions of our extensions from {@code fhir-profiles/}. Built
 * once: loading the core profiles takes seconds.
 */
public final class MeasureReportValidation {
  private MeasureReportValidation() {}

  private static FhirValidator validator;

  public static synchronized FhirValidator validator() {
    if (validator == null) {
      FhirContext fhir = FhirContext.forR4Cached();
      PrePopulatedValidationSupport balises = new PrePopulatedValidationSupport(fhir);
      var parser = fhir.newJsonParser();
      for (String json : ClasspathFolder.read("fhir-profiles/measures", ".json").values()) {
        balises.addResource(parser.parseResource(Measure.class, json));
      }
      for (String json :
          ClasspathFolder.read("fhir-profiles/structuredefinitions", ".json").values()) {
        balises.addStructureDefinition(parser.parseResource(StructureDefinition.class, json));
      }
      ValidationSupportChain chain =
          new ValidationSupportChain(
              new DefaultProfileValidationSupport(fhir),
              balises,
              new SnapshotGeneratingValidationSupport(fhir),
              new InMemoryTerminologyServerValidationSupport(fhir),
              new CommonCodeSystemsTerminologyService(fhir));
      FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
      // Every extension a report carries must be one HAPI or fhir-profiles/ defines.
      instanceValidator.setAnyExtensionsAllowed(false);
      validator = fhir.newValidator().registerValidatorModule(instanceValidator);
    }
    return validator;
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

  /** Every message of validating {@code resource}, warnings included: for failure reports. */
  public static List<String> messages(IBaseResource resource) {
    return validator().validateWithResult(resource).getMessages().stream()
        .map(MeasureReportValidation::line)
        .toList();
  }

  private static String line(SingleValidationMessage m) {
    return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
  }
}
