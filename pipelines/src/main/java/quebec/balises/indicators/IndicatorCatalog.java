package quebec.balises.indicators;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Measure.MeasureGroupComponent;
import org.hl7.fhir.r4.model.Measure.MeasureGroupPopulationComponent;
import org.hl7.fhir.r4.model.Measure.MeasureGroupStratifierComponent;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.indicators.expression.Criteria;
import quebec.balises.indicators.expression.CriteriaException;
import quebec.balises.indicators.expression.FieldSet;
import quebec.balises.model.Sha256;
import quebec.balises.model.Trajectory;

/**
 * The indicator catalog: every FHIR R4 Measure in {@code fhir-profiles/measures/} whose subject is
 * a person's episode, checked whole at start-up (a Measure about establishments is read by {@code
 * portrait/PortraitMeasures}). Adding or changing an indicator is editing a Measure, never Java; a
 * Measure the engine cannot compute stops the run with the file and the field named.
 */
public final class IndicatorCatalog implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FOLDER = "fhir-profiles/measures";

  /** FHIRPath: the criteria are written in the subset of {@code indicators.expression}. */
  public static final String CRITERIA_LANGUAGE = "text/fhirpath";

  public static final String TRAJECTORY_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/measure-trajectory";
  public static final String ADJUSTED_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/measure-adjusted";
  public static final String PERIOD_BASIS_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/measure-period-basis";
  public static final String OVERDISPERSION_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/measure-overdispersion";
  public static final String COUNTING_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/measure-counting";

  private final List<IndicatorDefinition> indicators;

  private IndicatorCatalog(List<IndicatorDefinition> indicators) {
    this.indicators = List.copyOf(indicators);
  }

  public static IndicatorCatalog bundled() {
    return of(ClasspathFolder.read(FOLDER, ".json"));
  }

  /** Parses and checks Measures given as file name → JSON text. */
  public static IndicatorCatalog of(SortedMap<String, String> files) {
    IParser parser =
        FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    List<IndicatorDefinition> indicators = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String name = FOLDER + "/" + file.getKey();
      Measure measure;
      try {
        measure = parser.parseResource(Measure.class, file.getValue());
      } catch (RuntimeException e) {
        throw new InvalidMeasureException(
            name, "(resource)", "not a valid FHIR R4 Measure: " + e.getMessage());
      }
      if (isAboutOrganizations(measure)) {
        // An establishment's portrait, counted in committees rather than people: read by
        // portrait/PortraitMeasures (docs/decisions/0022).
        continue;
      }
      IndicatorDefinition indicator = new Reader(name, measure, Sha256.of(file.getValue())).read();
      String earlier = ids.put(indicator.id(), name);
      if (earlier != null) {
        throw new InvalidMeasureException(
            name, "id", "id " + indicator.id() + " is also used by " + earlier);
      }
      indicators.add(indicator);
    }
    // Disclosure control protects a trajectory's Measures as one table with one set of additive
    // relations; a Measure counting each person once per period has no quarters-to-year relation,
    // so it may not share a trajectory with Measures that have one.
    Map<String, String> counting = new LinkedHashMap<>();
    for (IndicatorDefinition indicator : indicators) {
      String earlier = counting.putIfAbsent(indicator.trajectory(), indicator.counting());
      if (earlier != null && !earlier.equals(indicator.counting())) {
        throw new InvalidMeasureException(
            indicator.file(),
            "extension(measure-counting)",
            "'"
                + indicator.counting()
                + "', but another Measure of trajectory "
                + indicator.trajectory()
                + " counts '"
                + earlier
                + "': a trajectory's Measures must count alike");
      }
    }
    return new IndicatorCatalog(indicators);
  }

  /**
   * Whether a Measure's subject is an establishment ({@code subjectCodeableConcept} Organization)
   * rather than a person's episode: such a Measure is computed from the establishments' portraits.
   */
  public static boolean isAboutOrganizations(Measure measure) {
    return measure.hasSubjectCodeableConcept()
        && measure.getSubjectCodeableConcept().getCoding().stream()
            .anyMatch(c -> "Organization".equals(c.getCode()));
  }

  public List<IndicatorDefinition> indicators() {
    return indicators;
  }

  /** The indicators by id, for a stage that looks one up per element. */
  public Map<String, IndicatorDefinition> byId() {
    Map<String, IndicatorDefinition> byId = new HashMap<>();
    indicators().forEach(indicator -> byId.put(indicator.id(), indicator));
    return byId;
  }

  /** A Measure the engine cannot use; the message names the file and the field. */
  public static final class InvalidMeasureException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    InvalidMeasureException(String file, String field, String problem) {
      super(file + ", " + field + ": " + problem);
    }
  }

  /** Reads one Measure, field by field, failing on the first thing the engine cannot use. */
  private static final class Reader {
    private final String file;
    private final Measure measure;
    private final String sha256;

    Reader(String file, Measure measure, String sha256) {
      this.file = file;
      this.measure = measure;
      this.sha256 = sha256;
    }

    private InvalidMeasureException invalid(String field, String problem) {
      return new InvalidMeasureException(file, field, problem);
    }

    IndicatorDefinition read() {
      String id = required(measure.getIdElement().getIdPart(), "id");
      required(measure.getUrl(), "url");
      required(measure.getVersion(), "version");
      String titleFr = required(measure.getTitle(), "title");
      String titleEn = english(measure.getTitleElement(), "title");
      required(measure.getDescription(), "description");
      english(measure.getDescriptionElement(), "description");
      if (!measure.hasApprovalDate()) {
        throw invalid("approvalDate", "is required: when the committee endorsed the indicator");
      }
      if (!measure.hasEndorser()) {
        throw invalid("endorser", "is required: who endorsed the indicator");
      }
      String trajectory =
          code(measure.getExtensionByUrl(TRAJECTORY_EXTENSION), "extension(measure-trajectory)");
      if (Trajectory.fromCode(trajectory).isEmpty()) {
        throw invalid("extension(measure-trajectory)", "unknown trajectory '" + trajectory + "'");
      }
      Extension adjusted = measure.getExtensionByUrl(ADJUSTED_EXTENSION);
      Extension basis = measure.getExtensionByUrl(PERIOD_BASIS_EXTENSION);
      String periodBasis = basis == null ? "followup_date" : basis.getValue().primitiveValue();
      if (!IndicatorDefinition.PERIOD_BASES.contains(periodBasis)) {
        throw invalid(
            "extension(measure-period-basis)",
            "'" + periodBasis + "' is not one of " + IndicatorDefinition.PERIOD_BASES);
      }
      Extension dispersion = measure.getExtensionByUrl(OVERDISPERSION_EXTENSION);
      String overdispersion =
          dispersion == null
              ? IndicatorDefinition.OVERDISPERSION_NONE
              : dispersion.getValue().primitiveValue();
      if (!IndicatorDefinition.OVERDISPERSION.contains(overdispersion)) {
        throw invalid(
            "extension(measure-overdispersion)",
            "'" + overdispersion + "' is not one of " + IndicatorDefinition.OVERDISPERSION);
      }
      Extension countingExtension = measure.getExtensionByUrl(COUNTING_EXTENSION);
      String counting =
          countingExtension == null
              ? IndicatorDefinition.COUNTING_EACH_ROW
              : countingExtension.getValue().primitiveValue();
      if (!IndicatorDefinition.COUNTINGS.contains(counting)) {
        throw invalid(
            "extension(measure-counting)",
            "'" + counting + "' is not one of " + IndicatorDefinition.COUNTINGS);
      }
      if (IndicatorDefinition.COUNTING_LATEST_PER_PERSON.equals(counting)
          && adjusted != null
          && "true".equals(adjusted.getValue().primitiveValue())) {
        throw invalid(
            "extension(measure-counting)",
            "latest-per-person is not computed for a case-mix-adjusted Measure");
      }
      IndicatorDefinition.Scoring scoring =
          IndicatorDefinition.Scoring.fromCode(code(measure.getScoring(), "scoring"));
      if (scoring == null) {
        throw invalid(
            "scoring",
            "'"
                + measure.getScoring().getCodingFirstRep().getCode()
                + "' is not computed (proportion, continuous-variable)");
      }
      String improvement = code(measure.getImprovementNotation(), "improvementNotation");
      if (!improvement.equals("increase") && !improvement.equals("decrease")) {
        throw invalid("improvementNotation", "'" + improvement + "' must be increase or decrease");
      }
      if (measure.getGroup().size() != 1) {
        throw invalid("group", "exactly one group is expected, found " + measure.getGroup().size());
      }
      MeasureGroupComponent group = measure.getGroupFirstRep();
      Criteria initial = population(group, "initial-population");
      Criteria denominator;
      Criteria numerator = null;
      String observation = null;
      if (scoring == IndicatorDefinition.Scoring.PROPORTION) {
        denominator = population(group, "denominator");
        numerator = population(group, "numerator");
      } else {
        denominator = population(group, "measure-population");
        observation = observation(group);
      }
      Map<String, String> stratifiers = new LinkedHashMap<>();
      for (int i = 0; i < group.getStratifier().size(); i++) {
        MeasureGroupStratifierComponent stratifier = group.getStratifier().get(i);
        String field = "group[0].stratifier[" + i + "]";
        String name = stratifier.getCode().getText();
        String expression = expression(stratifier.getCriteria(), field + ".criteria");
        if (!FieldSet.episodeScale().names().contains(expression)) {
          throw invalid(
              field + ".criteria",
              "stratifies by '" + expression + "', which is not a field of the paired rows");
        }
        stratifiers.put(name == null ? expression : name, expression);
      }
      return new IndicatorDefinition(
          id,
          measure.getUrl(),
          measure.getVersion(),
          file,
          sha256,
          trajectory,
          scoring,
          improvement.equals("increase"),
          adjusted != null && "true".equals(adjusted.getValue().primitiveValue()),
          periodBasis,
          initial,
          denominator,
          numerator,
          observation,
          stratifiers,
          titleFr,
          titleEn,
          overdispersion,
          counting);
    }

    private String required(@Nullable String value, String field) {
      if (value == null || value.isBlank()) {
        throw invalid(field, "is required");
      }
      return value;
    }

    private String english(org.hl7.fhir.r4.model.Element text, String field) {
      return FhirValues.requiredEnglish(text, field, this::invalid);
    }

    private String code(@Nullable Extension extension, String field) {
      if (extension == null
          || extension.getValue() == null
          || extension.getValue().primitiveValue() == null) {
        throw invalid(field, "is required");
      }
      return extension.getValue().primitiveValue();
    }

    private String code(CodeableConcept concept, String field) {
      if (concept == null || !concept.getCodingFirstRep().hasCode()) {
        throw invalid(field, "is required");
      }
      return concept.getCodingFirstRep().getCode();
    }

    private Criteria population(MeasureGroupComponent group, String code) {
      List<MeasureGroupPopulationComponent> populations = group.getPopulation();
      for (int i = 0; i < populations.size(); i++) {
        if (code.equals(populations.get(i).getCode().getCodingFirstRep().getCode())) {
          String field = "group[0].population[" + i + "](" + code + ").criteria";
          String expression = expression(populations.get(i).getCriteria(), field);
          try {
            return Criteria.parse(expression, FieldSet.episodeScale());
          } catch (CriteriaException e) {
            throw invalid(field, e.getMessage());
          }
        }
      }
      throw invalid(
          "group[0].population",
          "no "
              + code
              + " population (scoring "
              + measure.getScoring().getCodingFirstRep().getCode()
              + " needs one)");
    }

    private String observation(MeasureGroupComponent group) {
      List<MeasureGroupPopulationComponent> populations = group.getPopulation();
      for (int i = 0; i < populations.size(); i++) {
        if ("measure-observation"
            .equals(populations.get(i).getCode().getCodingFirstRep().getCode())) {
          String field = "group[0].population[" + i + "](measure-observation).criteria";
          String expression = expression(populations.get(i).getCriteria(), field).trim();
          if (!FieldSet.episodeScale().names().contains(expression)) {
            throw invalid(
                field, "observes '" + expression + "', which is not a field of the paired rows");
          }
          return expression;
        }
      }
      throw invalid(
          "group[0].population",
          "no measure-observation population (continuous-variable needs one)");
    }

    private String expression(Expression criteria, String field) {
      if (criteria == null || !criteria.hasExpression()) {
        throw invalid(field, "has no expression");
      }
      if (!CRITERIA_LANGUAGE.equals(criteria.getLanguage())) {
        throw invalid(
            field + ".language", "'" + criteria.getLanguage() + "' is not " + CRITERIA_LANGUAGE);
      }
      return criteria.getExpression();
    }
  }
}
