package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.fhir.FhirPackage;
import quebec.balises.indicators.ActionPlanCatalog;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.TargetCatalog;

/**
 * The FHIR package ({@code public/fhir/package.tgz}, built from {@code fhir-profiles/}) loads with
 * the HL7 NPM package reader that HAPI and the HL7 validator use, holds every conformance resource,
 * and its resources are valid: every Measure, Questionnaire, CodeSystem and ValueSet validates with
 * HAPI's validator resolving the package's resources, and every extension a Measure uses has its
 * StructureDefinition.
 */
class FhirPackageTest {
  @Test
  void thePackageLoadsWithTheNpmReaderAndHoldsEveryResource() throws Exception {
    NpmPackage npm;
    try (InputStream tgz = new ByteArrayInputStream(FhirPackage.tgz())) {
      npm = NpmPackage.fromPackage(tgz);
    }
    assertThat(npm.name(), is("quebec.balises.fhir"));
    assertThat(npm.fhirVersion(), is("4.0.1"));
    List<String> types =
        List.of(
            "StructureDefinition",
            "CodeSystem",
            "ValueSet",
            "Questionnaire",
            "Measure",
            "Goal",
            "Task");
    List<String> listed = npm.listResources(types.toArray(String[]::new));
    int expected = 0;
    for (String folder : FhirPackage.FOLDERS) {
      expected += ClasspathFolder.read(folder, ".json").size();
    }
    assertThat(listed.size(), is(expected));
    var parser = FhirContext.forR4Cached().newJsonParser();
    for (String file : listed) {
      try (InputStream in = npm.loadResource(file)) {
        var resource = parser.parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(file, types.contains(resource.fhirType()), is(true));
      }
    }
    assertThat(Arrays.equals(FhirPackage.tgz(), FhirPackage.tgz()), is(true));
  }

  @Test
  void everyExtensionOfTheCatalogHasItsStructureDefinition() {
    Map<String, MetadataResource> resources = MeasureReportValidation.resources();
    for (String url :
        List.of(
            IndicatorCatalog.TRAJECTORY_EXTENSION,
            IndicatorCatalog.ADJUSTED_EXTENSION,
            IndicatorCatalog.PERIOD_BASIS_EXTENSION)) {
      assertThat(url, resources.get(url) instanceof StructureDefinition, is(true));
    }
    for (String url : MeasureReports.BALISES_EXTENSIONS) {
      assertThat(url, resources.get(url) instanceof StructureDefinition, is(true));
    }
  }

  /**
   * Every Measure, Questionnaire, CodeSystem and ValueSet validates without a single error, with no
   * exception: the Measures' criteria are FHIRPath ({@code text/fhirpath}), a code of HL7's
   * expression-language code system.
   */
  @Test
  void theCatalogAndTheProfilesValidate() {
    List<String> errors = new ArrayList<>();
    int measures = 0;
    int warnings = 0;
    for (MetadataResource resource : MeasureReportValidation.resources().values()) {
      if (resource instanceof StructureDefinition) {
        continue; // checked by use: every report and Measure is validated against them
      }
      measures += resource instanceof Measure ? 1 : 0;
      for (SingleValidationMessage m : MeasureReportValidation.results(resource)) {
        if (m.getSeverity() == ResultSeverityEnum.ERROR
            || m.getSeverity() == ResultSeverityEnum.FATAL) {
          errors.add(resource.getUrl() + " " + MeasureReportValidation.line(m));
        } else if (m.getSeverity() == ResultSeverityEnum.WARNING) {
          warnings++;
        }
      }
    }
    System.out.printf(
        "validated %d resources (%d Measures): %d errors, %d warnings%n",
        MeasureReportValidation.resources().size(), measures, errors.size(), warnings);
    // 31 in the catalog, 4 about establishments: 2 on committees, 2 against the population served.
    assertThat(measures, is(35));
    assertThat(String.join("\n", errors), errors, is(empty()));
    assertThat(MeasureReportValidation.resolved(), hasItem(IndicatorCatalog.TRAJECTORY_EXTENSION));
  }

  /**
   * Every co-constructed target validates without a single error against R4 and the package's
   * extensions, and names a Measure that the package resolves.
   */
  @Test
  void theTargetsAndActionPlansValidate() {
    var parser = FhirContext.forR4Cached().newJsonParser();
    List<String> errors = new ArrayList<>();
    for (var file : ClasspathFolder.read(ActionPlanCatalog.FOLDER, ".json").entrySet()) {
      for (String error : MeasureReportValidation.errors(parser.parseResource(file.getValue()))) {
        errors.add(file.getKey() + " " + error);
      }
    }
    int goals = 0;
    for (var file : ClasspathFolder.read(TargetCatalog.FOLDER, ".json").entrySet()) {
      var goal = (org.hl7.fhir.r4.model.Goal) parser.parseResource(file.getValue());
      goals++;
      for (String error : MeasureReportValidation.errors(goal)) {
        errors.add(file.getKey() + " " + error);
      }
      String measure =
          goal.getExtensionByUrl(TargetCatalog.MEASURE_EXTENSION).getValue().primitiveValue();
      assertThat(
          measure, MeasureReportValidation.resources().get(measure) instanceof Measure, is(true));
    }
    assertThat(goals, is(18));
    assertThat(String.join("\n", errors), errors, is(empty()));
    assertThat(MeasureReportValidation.resolved(), hasItem(TargetCatalog.LEVEL_EXTENSION));
  }
}
