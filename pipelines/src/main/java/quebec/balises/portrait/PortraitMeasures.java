package quebec.balises.portrait;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Measure.MeasureGroupPopulationComponent;
import org.hl7.fhir.r4.model.StringType;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.fhir.PortraitQuestionnaire;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.expression.Criteria;
import quebec.balises.indicators.expression.FieldSet;
import quebec.balises.indicators.expression.FieldType;
import quebec.balises.model.Sha256;

/**
 * The Measures about establishments (docs/decisions/0022): the FHIR Measures of {@code
 * fhir-profiles/measures/} whose subject is an {@code Organization}. Each is a proportion of
 * counted units (committees), its denominator and numerator each one integer item of the portrait,
 * named by a FHIRPath expression {@code QuestionnaireResponse.item.where(linkId =
 * '…').answer.value}. A Measure that does not say so stops the run with the file and the field
 * named.
 */
public final class PortraitMeasures {
  private PortraitMeasures() {}

  /** The figures published for a Measure about establishments belong to this trajectory key. */
  public static final String TRAJECTORY = "partnership-portrait";

  /**
   * Days after the end of its year before a portrait figure is final: portraits of a year are
   * answered in the first half of the next one (docs/methods.md §8.11).
   */
  public static final int FINAL_AFTER_DAYS = 182;

  private static final Pattern ITEM =
      Pattern.compile(
          "QuestionnaireResponse\\.item\\.where\\(linkId = '([a-z0-9-]+)'\\)\\.answer\\.value");

  /**
   * One Measure about establishments.
   *
   * @param definition what disclosure control and the public writer need, as for any Measure; its
   *     criteria name the two items and are never evaluated row by row
   * @param denominatorItem the portrait item that counts the denominator's units
   * @param numeratorItem the portrait item that counts the numerator's units, a part of them
   */
  public record PortraitMeasure(
      IndicatorDefinition definition, String denominatorItem, String numeratorItem)
      implements Serializable {}

  public static List<PortraitMeasure> bundled() {
    return of(ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json"));
  }

  /** The Measures about establishments among these files (file name → JSON text). */
  public static List<PortraitMeasure> of(SortedMap<String, String> files) {
    IParser parser =
        FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    List<String> items = PortraitQuestionnaire.bundled().integerItems();
    List<PortraitMeasure> measures = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Measure measure = parser.parseResource(Measure.class, file.getValue());
      if (!IndicatorCatalog.isAboutOrganizations(measure)) {
        continue;
      }
      String name = IndicatorCatalog.FOLDER + "/" + file.getKey();
      String scoring = measure.getScoring().getCodingFirstRep().getCode();
      if (!"proportion".equals(scoring)) {
        throw invalid(
            name, "scoring", "'" + scoring + "': a Measure about establishments is a proportion");
      }
      String improvement = measure.getImprovementNotation().getCodingFirstRep().getCode();
      if (!"increase".equals(improvement) && !"decrease".equals(improvement)) {
        throw invalid(
            name, "improvementNotation", "'" + improvement + "' must be increase or decrease");
      }
      if (measure.getGroup().size() != 1) {
        throw invalid(name, "group", "exactly one group is expected");
      }
      String initial = item(name, measure, "initial-population", items);
      String denominator = item(name, measure, "denominator", items);
      String numerator = item(name, measure, "numerator", items);
      if (!initial.equals(denominator)) {
        throw invalid(
            name, "group.population", "the initial population must count the denominator's item");
      }
      if (numerator.equals(denominator) || PortraitQuestionnaire.YEAR.equals(denominator)) {
        throw invalid(
            name, "group.population", "the numerator must count a part of the denominator");
      }
      String den = denominator.replace('-', '_');
      String num = numerator.replace('-', '_');
      FieldSet fields = FieldSet.of(Map.of(den, FieldType.NUMBER, num, FieldType.NUMBER));
      Criteria counted = Criteria.parse(den + " >= 0", fields);
      measures.add(
          new PortraitMeasure(
              new IndicatorDefinition(
                  measure.getIdElement().getIdPart(),
                  measure.getUrl(),
                  measure.getVersion(),
                  name,
                  Sha256.of(file.getValue()),
                  TRAJECTORY,
                  IndicatorDefinition.Scoring.PROPORTION,
                  "increase".equals(improvement),
                  false,
                  IndicatorDefinition.PERIOD_BASIS_PORTRAIT_YEAR,
                  counted,
                  counted,
                  Criteria.parse(num + " >= 0", fields),
                  null,
                  Map.of(),
                  measure.getTitle(),
                  english(name, measure.getTitleElement()),
                  IndicatorDefinition.OVERDISPERSION_NONE,
                  IndicatorDefinition.COUNTING_EACH_ROW),
              denominator,
              numerator));
    }
    return List.copyOf(measures);
  }

  private static String item(String name, Measure measure, String code, List<String> items) {
    for (MeasureGroupPopulationComponent population : measure.getGroupFirstRep().getPopulation()) {
      if (code.equals(population.getCode().getCodingFirstRep().getCode())) {
        String expression = population.getCriteria().getExpression();
        Matcher m = expression == null ? null : ITEM.matcher(expression);
        if (m == null || !m.matches() || !items.contains(m.group(1))) {
          throw invalid(
              name,
              "group.population(" + code + ").criteria",
              "'"
                  + expression
                  + "' must be QuestionnaireResponse.item.where(linkId = '<item>').answer.value"
                  + " for an integer item of the portrait "
                  + items);
        }
        return m.group(1);
      }
    }
    throw invalid(name, "group.population", "no " + code + " population");
  }

  private static String english(String name, StringType element) {
    for (Extension translation :
        element.getExtensionsByUrl("http://hl7.org/fhir/StructureDefinition/translation")) {
      Extension lang = translation.getExtensionByUrl("lang");
      Extension content = translation.getExtensionByUrl("content");
      if (lang != null && "en".equals(lang.getValue().primitiveValue()) && content != null) {
        return content.getValue().primitiveValue();
      }
    }
    throw invalid(name, "title", "has no English translation");
  }

  private static IllegalStateException invalid(String file, String field, String problem) {
    return new IllegalStateException(file + ", " + field + ": " + problem);
  }
}
