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
import org.checkerframework.checker.nullness.qual.Nullable;
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
 * fhir-profiles/measures/} whose subject is an {@code Organization}. A proportion counts units
 * (committees), its denominator and numerator each one integer item of the portrait, named by a
 * FHIRPath expression {@code QuestionnaireResponse.item.where(linkId = '…').answer.value}; a
 * continuous variable sets the active partners against the population served, its observation one
 * of {@link #OBSERVATIONS} (docs/decisions/0023). A Measure that does not say so stops the run with
 * the file and the field named.
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

  /** A Measure that is a share of a portrait's counts (docs/decisions/0022). */
  public static final String PROPORTION = "proportion";

  /**
   * Active partners per 100,000 people of the population served (docs/decisions/0023), the
   * computation a continuous-variable Measure names by its {@code measure-observation}.
   */
  public static final String PARTNERS_PER_100000 = "partners_per_100000";

  /**
   * The index of dissimilarity between the partners and the population served, by sex and age band
   * (docs/decisions/0023).
   */
  public static final String PARTNER_DISSIMILARITY = "partner_dissimilarity";

  /** The {@code measure-observation} expression of each population computation. */
  public static final Map<String, String> OBSERVATIONS =
      Map.of(
          "%partners * 100000 / %population",
          PARTNERS_PER_100000,
          "(%partnerShare - %populationShare).abs().aggregate($total + $this, 0) / 2",
          PARTNER_DISSIMILARITY);

  /**
   * One Measure about establishments.
   *
   * @param definition what disclosure control and the public writer need, as for any Measure; its
   *     criteria name the items and are never evaluated row by row
   * @param denominatorItem the portrait item that counts the denominator's units; for a Measure
   *     against the population, the partners counted
   * @param numeratorItem the portrait item that counts the numerator's units, a part of them; null
   *     for a Measure against the population
   * @param computation {@link #PROPORTION}, {@link #PARTNERS_PER_100000} or {@link
   *     #PARTNER_DISSIMILARITY}
   */
  public record PortraitMeasure(
      IndicatorDefinition definition,
      String denominatorItem,
      @Nullable String numeratorItem,
      String computation)
      implements Serializable {
    /** Whether the Measure sets the partners against the population served. */
    public boolean againstPopulation() {
      return !PROPORTION.equals(computation);
    }
  }

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
      if ("continuous-variable".equals(scoring)) {
        measures.add(againstPopulation(name, file.getValue(), measure, items));
        continue;
      }
      if (!"proportion".equals(scoring)) {
        throw invalid(
            name, "scoring", "'" + scoring + "': a Measure about establishments is a proportion");
      }
      boolean increases = increasesWithOneGroup(name, measure);
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
                  increases,
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
              numerator,
              PROPORTION));
    }
    return List.copyOf(measures);
  }

  /**
   * Whether a higher value is better (improvement notation increase, or decrease), for a Measure
   * that has exactly one group; the run fails naming the file and field otherwise.
   */
  private static boolean increasesWithOneGroup(String name, Measure measure) {
    String improvement = measure.getImprovementNotation().getCodingFirstRep().getCode();
    if (!"increase".equals(improvement) && !"decrease".equals(improvement)) {
      throw invalid(
          name, "improvementNotation", "'" + improvement + "' must be increase or decrease");
    }
    if (measure.getGroup().size() != 1) {
      throw invalid(name, "group", "exactly one group is expected");
    }
    return "increase".equals(improvement);
  }

  /**
   * A Measure of the partners against the population served (docs/decisions/0023): a continuous
   * variable whose initial and measure populations count the active partners (the n disclosure
   * control protects, as any count) and whose {@code measure-observation} names one of the {@link
   * #OBSERVATIONS}, computed per establishment, region and province by {@code
   * population.PartnerFigures}.
   */
  private static PortraitMeasure againstPopulation(
      String name, String json, Measure measure, List<String> items) {
    boolean increases = increasesWithOneGroup(name, measure);
    String initial = item(name, measure, "initial-population", items);
    String counted = item(name, measure, "measure-population", items);
    if (!initial.equals(counted) || !PortraitQuestionnaire.PARTNERS_ACTIVE.equals(counted)) {
      throw invalid(
          name,
          "group.population",
          "the initial and measure populations must count the item "
              + PortraitQuestionnaire.PARTNERS_ACTIVE);
    }
    String computation = null;
    for (MeasureGroupPopulationComponent population : measure.getGroupFirstRep().getPopulation()) {
      if ("measure-observation".equals(population.getCode().getCodingFirstRep().getCode())) {
        computation = OBSERVATIONS.get(population.getCriteria().getExpression());
      }
    }
    if (computation == null) {
      throw invalid(
          name,
          "group.population(measure-observation).criteria",
          "must be one of " + new java.util.TreeSet<>(OBSERVATIONS.keySet()));
    }
    String field = counted.replace('-', '_');
    FieldSet fields = FieldSet.of(Map.of(field, FieldType.NUMBER));
    Criteria partners = Criteria.parse(field + " >= 0", fields);
    return new PortraitMeasure(
        new IndicatorDefinition(
            measure.getIdElement().getIdPart(),
            measure.getUrl(),
            measure.getVersion(),
            name,
            Sha256.of(json),
            TRAJECTORY,
            IndicatorDefinition.Scoring.CONTINUOUS_VARIABLE,
            increases,
            false,
            IndicatorDefinition.PERIOD_BASIS_PORTRAIT_YEAR,
            partners,
            partners,
            null,
            computation,
            Map.of(),
            measure.getTitle(),
            english(name, measure.getTitleElement()),
            IndicatorDefinition.OVERDISPERSION_NONE,
            IndicatorDefinition.COUNTING_EACH_ROW),
        counted,
        null,
        computation);
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
