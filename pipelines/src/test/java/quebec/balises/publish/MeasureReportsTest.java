package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.Range;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.stats.FunnelLimits;

class MeasureReportsTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
  private static final String PROPORTION = "copd-cat-improvement-3m";
  private static final String MEAN = "hip-hoos-jr-mean-change-12m";
  private static final Map<String, IndicatorDefinition> CATALOG = catalog();

  private static Map<String, IndicatorDefinition> catalog() {
    java.util.TreeMap<String, IndicatorDefinition> byId = new java.util.TreeMap<>();
    IndicatorCatalog.bundled().indicators().forEach(i -> byId.put(i.id(), i));
    return byId;
  }

  private static List<String> stratifiers(String id) {
    return List.copyOf(CATALOG.get(id).stratifiers().keySet());
  }

  private static String measure(String id) {
    IndicatorDefinition indicator = CATALOG.get(id);
    return indicator.url() + "|" + indicator.version();
  }

  private static Cell cell(
      String id, String level, String unit, String stratifier, String stratum) {
    String region = Cell.PROVINCE.equals(level) ? "" : "06";
    String rls = Cell.ESTABLISHMENT.equals(level) ? "0611" : "";
    return new Cell(
        id,
        "quarter",
        "2025-Q3",
        level,
        unit,
        Cell.PROVINCE.equals(level) ? Cell.PROVINCE_NAME : "Unité " + unit,
        region,
        rls,
        stratifier,
        stratum);
  }

  private static IndicatorFigure figure(
      Cell cell,
      Figure figure,
      IndicatorFigure.@Nullable Adjusted adjusted,
      IndicatorFigure.@Nullable Funnel funnel) {
    IndicatorDefinition indicator = CATALOG.get(cell.indicatorId());
    return new IndicatorFigure(
        indicator.id(),
        indicator.version(),
        indicator.sha256(),
        indicator.trajectory(),
        indicator.scoring().code(),
        indicator.increaseIsBetter() ? "increase" : "decrease",
        "wilson_score_95",
        cell,
        figure,
        adjusted,
        funnel,
        null,
        null);
  }

  private static MeasureReport roundTrip(MeasureReport report) {
    var parser = FhirContext.forR4Cached().newJsonParser();
    return parser.parseResource(MeasureReport.class, parser.encodeResourceToString(report));
  }

  private static @Nullable Extension extension(Element element, String url) {
    return element.getExtensionByUrl(url);
  }

  private static void assertValid(MeasureReport report) {
    List<String> errors = MeasureReportValidation.errors(report);
    // A validator that cannot find the Measure only warns, and checks nothing against it.
    assertThat(
        MeasureReportValidation.resolved(),
        org.hamcrest.Matchers.hasItem(report.getMeasure().replaceAll("\\|.*", "")));
    assertThat(String.join("\n", MeasureReportValidation.messages(report)), errors, is(empty()));
  }

  private static long count(MeasureReportGroupComponent group, String code) {
    return group.getPopulation().stream()
        .filter(p -> p.getCode().getCodingFirstRep().getCode().equals(code))
        .findFirst()
        .orElseThrow()
        .getCount();
  }

  @Test
  void aPublishedProportionCarriesItsCountsScoreIntervalAndFunnelFlag() {
    FunnelLimits limits = FunnelLimits.forProportion(0.55, 120);
    IndicatorFigure establishment =
        figure(
            cell(PROPORTION, Cell.ESTABLISHMENT, "51234567", Cell.ALL, Cell.ALL),
            new Figure(120L, 78L, 0.65, 0.561, 0.729, null),
            null,
            new IndicatorFigure.Funnel(limits, "above_95"));
    MeasureReport report =
        roundTrip(
            MeasureReports.of(
                List.of(establishment), measure(PROPORTION), stratifiers(PROPORTION), AS_OF));

    assertThat(report.getStatus(), is(MeasureReport.MeasureReportStatus.COMPLETE));
    assertThat(report.getType(), is(MeasureReport.MeasureReportType.SUMMARY));
    assertThat(
        report.getMeasure(), is("https://balises.quebec/fhir/Measure/" + PROPORTION + "|1.0.0"));
    assertThat(report.getDateElement().getValueAsString(), is("2026-11-01"));
    assertThat(report.getPeriod().getStartElement().getValueAsString(), is("2025-07-01"));
    assertThat(report.getPeriod().getEndElement().getValueAsString(), is("2025-09-30"));
    assertThat(report.getReporter().getIdentifier().getValue(), is("51234567"));
    assertThat(
        ((CodeType) report.getExtensionByUrl(MeasureReports.REPORTING_LEVEL).getValue()).getValue(),
        is("establishment"));
    assertThat(
        report.getIdElement().getIdPart(), is(PROPORTION + "-2025-Q3-establishment-51234567"));
    MeasureReportGroupComponent group = report.getGroupFirstRep();
    assertThat(count(group, "denominator"), is(120L));
    assertThat(count(group, "numerator"), is(78L));
    assertThat(group.getMeasureScore().getValue().doubleValue(), is(0.65));
    Range ci = (Range) extension(group, MeasureReports.CONFIDENCE_INTERVAL).getValue();
    assertThat(ci.getLow().getValue().doubleValue(), is(0.561));
    assertThat(ci.getHigh().getValue().doubleValue(), is(0.729));
    assertThat(
        ((CodeType) extension(group, MeasureReports.OUTLIER_FLAG).getValue()).getValue(),
        is("above_95"));
    Range limits95 = (Range) extension(group, MeasureReports.FUNNEL_LIMITS_95).getValue();
    assertThat(
        limits95.getLow().getValue().doubleValue(), closeTo(limits.limits95().lower(), 1e-12));
    assertValid(report);
  }

  @Test
  void aMeanCarriesItsMeasurePopulationScoreAndAdjustedValue() {
    IndicatorFigure region =
        figure(
            cell(MEAN, Cell.REGION, "06", Cell.ALL, Cell.ALL),
            new Figure(240L, null, 31.25, 29.5, 33.0, null),
            new IndicatorFigure.Adjusted(230L, 80.1, 79.0, 32.35, 30.9, 33.8),
            new IndicatorFigure.Funnel(FunnelLimits.forMean(30.0, 15.0, 230), "within"));
    MeasureReport report =
        roundTrip(MeasureReports.of(List.of(region), measure(MEAN), stratifiers(MEAN), AS_OF));

    MeasureReportGroupComponent group = report.getGroupFirstRep();
    assertThat(count(group, "measure-population"), is(240L));
    assertThat(group.getMeasureScore().getValue().doubleValue(), is(31.25));
    assertThat(
        ((org.hl7.fhir.r4.model.DecimalType)
                extension(group, MeasureReports.ADJUSTED_SCORE).getValue())
            .getValue()
            .doubleValue(),
        is(32.35));
    assertThat(
        ((org.hl7.fhir.r4.model.IntegerType)
                extension(group, MeasureReports.MODELLED_COUNT).getValue())
            .getValue(),
        is(230));
    assertValid(report);
  }

  @Test
  void aProvinceReportHoldsItsEquityStrataAsStratifiers() {
    List<IndicatorFigure> figures =
        List.of(
            figure(
                cell(PROPORTION, Cell.PROVINCE, Cell.PROVINCE_CODE, Cell.ALL, Cell.ALL),
                new Figure(500L, 300L, 0.6, 0.556, 0.642, null),
                null,
                null),
            figure(
                cell(PROPORTION, Cell.PROVINCE, Cell.PROVINCE_CODE, "sex", "male"),
                new Figure(260L, 150L, 150.0 / 260, 0.52, 0.63, null),
                null,
                null),
            figure(
                cell(PROPORTION, Cell.PROVINCE, Cell.PROVINCE_CODE, "sex", "female"),
                new Figure(238L, 149L, 149.0 / 238, 0.56, 0.68, null),
                null,
                null),
            figure(
                cell(PROPORTION, Cell.PROVINCE, Cell.PROVINCE_CODE, "sex", "unknown"),
                new Figure(null, null, null, null, null, Figure.SUPPRESSED),
                null,
                null),
            figure(
                cell(PROPORTION, Cell.PROVINCE, Cell.PROVINCE_CODE, "age-band", "65-74"),
                new Figure(200L, 120L, 0.6, 0.53, 0.66, null),
                null,
                null));
    MeasureReport report =
        roundTrip(MeasureReports.of(figures, measure(PROPORTION), stratifiers(PROPORTION), AS_OF));

    assertThat(report.getReporter().getIdentifier().getValue(), is("CA-QC"));
    MeasureReportGroupComponent group = report.getGroupFirstRep();
    assertThat(count(group, "denominator"), is(500L));
    // The two reported stratifiers, then the Measure's others, present with no stratum.
    assertThat(group.getStratifier().size(), is(6));
    assertThat(
        group.getStratifier().subList(2, 6).stream()
            .map(
                st ->
                    st.getCodeFirstRep().getText()
                        + "="
                        + ((CodeType) extension(st, MeasureReports.DATA_ABSENT_REASON).getValue())
                            .getValue()
                        + "/"
                        + st.getStratum().size())
            .toList(),
        is(
            List.of(
                "region=not-applicable/0",
                "rls=not-applicable/0",
                "material-deprivation-quintile=masked/0",
                "social-deprivation-quintile=masked/0")));
    assertThat(group.getStratifier().get(0).getCodeFirstRep().getText(), is("age-band"));
    var sex = group.getStratifier().get(1);
    assertThat(sex.getCodeFirstRep().getText(), is("sex"));
    assertThat(
        sex.getStratum().stream().map(s -> s.getValue().getText()).toList(),
        is(List.of("female", "male", "unknown")));
    StratifierGroupComponent male = sex.getStratum().get(1);
    assertThat(male.getPopulation().get(0).getCount(), is(260));
    assertThat(male.getMeasureScore().getValue().doubleValue(), closeTo(150.0 / 260, 1e-15));
    StratifierGroupComponent unknown = sex.getStratum().get(2);
    assertThat(unknown.getMeasureScore().hasValue(), is(false));
    assertThat(unknown.getPopulation().get(0).getCountElement().hasValue(), is(false));
    assertValid(report);
  }

  @Test
  void aWithheldWholeFigureIsADataCollectionReportWithoutANumber() {
    IndicatorFigure withheld =
        figure(
            cell(PROPORTION, Cell.ESTABLISHMENT, "51234567", Cell.ALL, Cell.ALL),
            new Figure(12L, 3L, 0.25, 0.09, 0.53, Figure.SUPPRESSED).withheld(true),
            null,
            null);
    MeasureReport report =
        roundTrip(
            MeasureReports.of(
                List.of(withheld), measure(PROPORTION), stratifiers(PROPORTION), AS_OF));
    String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(report);

    // FHIR: a summary report must have a score and a data-collection report no group (mrp-1).
    assertThat(report.getType(), is(MeasureReport.MeasureReportType.DATACOLLECTION));
    assertThat(report.hasGroup(), is(false));
    assertThat(
        ((CodeType) report.getExtensionByUrl(MeasureReports.SUPPRESSION_REASON).getValue())
            .getValue(),
        is(Figure.SUPPRESSED));
    assertThat("no number is written", json.matches(".*\"value\":[-0-9].*"), is(false));
    assertThat(json, not(org.hamcrest.Matchers.containsString("\"count\"")));
    assertValid(report);
  }

  @Test
  void aComplementaryWithheldWholeFigureIsADataCollectionReportToo() {
    IndicatorFigure withheld =
        figure(
            cell(PROPORTION, Cell.REGION, "06", Cell.ALL, Cell.ALL),
            new Figure(40L, 20L, 0.5, 0.35, 0.65, null).withheld(false),
            null,
            null);
    MeasureReport report =
        roundTrip(
            MeasureReports.of(
                List.of(withheld), measure(PROPORTION), stratifiers(PROPORTION), AS_OF));
    assertThat(report.getType(), is(MeasureReport.MeasureReportType.DATACOLLECTION));
    assertThat(report.hasGroup(), is(false));
    assertThat(report.getMeasure(), is(measure(PROPORTION)));
    assertValid(report);
  }

  @Test
  void idsFollowFhirRulesAndStayUniqueWhenShortened() {
    Cell a =
        cell(
            "a-very-long-indicator-identifier-for-testing-ids",
            Cell.ESTABLISHMENT,
            "51234567",
            Cell.ALL,
            Cell.ALL);
    Cell b =
        cell(
            "a-very-long-indicator-identifier-for-testing-ids",
            Cell.ESTABLISHMENT,
            "51234568",
            Cell.ALL,
            Cell.ALL);
    assertThat(MeasureReports.id(a).length(), lessThanOrEqualTo(64));
    assertThat(MeasureReports.id(a).matches("[A-Za-z0-9\\-.]{1,64}"), is(true));
    assertThat(MeasureReports.id(a), not(is(MeasureReports.id(b))));
  }
}
