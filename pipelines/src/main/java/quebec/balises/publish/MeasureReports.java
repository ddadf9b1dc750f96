package quebec.balises.publish;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.IndicatorPeriod;
import quebec.balises.indicators.Period;
import quebec.balises.indicators.Target;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.model.RecordCoder;
import quebec.balises.stats.FunnelLimits;

/**
 * The published figures of one indicator, period and reporting unit as one FHIR R4 summary {@code
 * MeasureReport} (docs/decisions/0011): the whole unit is the group, the equity strata (published
 * at the province only, docs/decisions/0012) its stratifiers. Counts are the populations the figure
 * publishes — a proportion's {@code denominator} (n) and {@code numerator}, a mean's {@code
 * measure-population} (n) — and the value is the {@code measureScore} (a proportion from 0 to 1, or
 * the mean). What MeasureReport has no element for (the 95 % interval, the funnel, the
 * case-mix-adjusted value, the reporting level, why a figure is withheld) travels in Balises
 * extensions, each defined in {@code fhir-profiles/structuredefinitions/}.
 *
 * <p>A withheld figure carries no number: its {@code measureScore} and every withheld count hold
 * only the {@code data-absent-reason} extension with {@code masked}, and the group or stratum says
 * why in {@link #SUPPRESSION_REASON}. Only what {@code public/indicators} publishes is written, so
 * the two never disagree.
 */
public final class MeasureReports {
  private MeasureReports() {}

  public static final String EXTENSIONS = BalisesProfile.BASE + "/StructureDefinition/";
  public static final String REPORTING_LEVEL = EXTENSIONS + "measurereport-reporting-level";
  public static final String CONFIDENCE_INTERVAL = EXTENSIONS + "measurereport-confidence-interval";
  public static final String SUPPRESSION_REASON = EXTENSIONS + "measurereport-suppression-reason";
  public static final String OUTLIER_FLAG = EXTENSIONS + "measurereport-outlier-flag";
  public static final String FUNNEL_TARGET = EXTENSIONS + "measurereport-funnel-target";
  public static final String FUNNEL_LIMITS_95 = EXTENSIONS + "measurereport-funnel-limits-95";
  public static final String FUNNEL_LIMITS_998 = EXTENSIONS + "measurereport-funnel-limits-998";
  public static final String ADJUSTED_SCORE = EXTENSIONS + "measurereport-adjusted-score";
  public static final String ADJUSTED_CONFIDENCE_INTERVAL =
      EXTENSIONS + "measurereport-adjusted-confidence-interval";
  public static final String MODELLED_COUNT = EXTENSIONS + "measurereport-modelled-count";
  public static final String FINAL_ON = EXTENSIONS + "measurereport-final-on";
  public static final String TARGET = EXTENSIONS + "measurereport-target";
  public static final String TARGET_STATUS = EXTENSIONS + "measurereport-target-status";

  /** Every extension this class writes, in the order of the list in the decision record. */
  public static final List<String> BALISES_EXTENSIONS =
      List.of(
          REPORTING_LEVEL,
          CONFIDENCE_INTERVAL,
          SUPPRESSION_REASON,
          OUTLIER_FLAG,
          FUNNEL_TARGET,
          FUNNEL_LIMITS_95,
          FUNNEL_LIMITS_998,
          ADJUSTED_SCORE,
          ADJUSTED_CONFIDENCE_INTERVAL,
          MODELLED_COUNT,
          FINAL_ON,
          TARGET,
          TARGET_STATUS);

  public static final String DATA_ABSENT_REASON =
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
  public static final String POPULATION_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/measure-population";
  static final String IMPROVEMENT_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/measure-improvement-notation";

  /**
   * The report of one indicator, period and unit.
   *
   * @param figures the published figures of that unit: the whole unit and any strata
   * @param measure the Measure's canonical {@code url|version}
   * @param asOf the run's reference date, the report's {@code date}
   */
  public static MeasureReport of(List<IndicatorFigure> figures, String measure, LocalDate asOf) {
    return of(figures, measure, List.of(), asOf);
  }

  /**
   * The report of one indicator, period and unit, with every stratifier its Measure declares.
   *
   * @param figures the published figures of that unit: the whole unit and any strata
   * @param measure the Measure's canonical {@code url|version}
   * @param stratifiers the codes of the Measure's stratifiers, in its order; those with no figure
   *     in this report are written with no stratum and say why (see {@link #absentStratifier})
   * @param asOf the run's reference date, the report's {@code date}
   */
  public static MeasureReport of(
      List<IndicatorFigure> figures, String measure, List<String> stratifiers, LocalDate asOf) {
    return of(figures, measure, stratifiers, asOf, TargetCatalog.none());
  }

  /**
   * The report of one indicator, period and unit, with every stratifier its Measure declares and,
   * on the whole unit's group, its target and whether it is met.
   */
  public static MeasureReport of(
      List<IndicatorFigure> figures,
      String measure,
      List<String> stratifiers,
      LocalDate asOf,
      TargetCatalog targets) {
    if (figures.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one figure");
    }
    List<IndicatorFigure> sorted = new ArrayList<>(figures);
    sorted.sort(
        Comparator.comparing((IndicatorFigure f) -> f.cell().isWholeUnit() ? 0 : 1)
            .thenComparing(f -> f.cell().stratifier())
            .thenComparing(f -> f.cell().stratum()));
    IndicatorFigure first = sorted.get(0);
    Cell cell = first.cell();
    for (IndicatorFigure figure : sorted) {
      Cell other = figure.cell();
      if (!reportKey(other).equals(reportKey(cell))) {
        throw new IllegalArgumentException(
            "figures of different reports: " + reportKey(cell) + " and " + reportKey(other));
      }
    }
    boolean proportion = "proportion".equals(first.scoring());
    Period period = Period.parse(cell.periodType(), cell.period());

    MeasureReport report = new MeasureReport();
    report.setId(id(cell));
    report.addExtension(REPORTING_LEVEL, new CodeType(cell.level()));
    if (first.finalOn() != null) {
      // Only final periods are published; the report says since when its period is final.
      report.addExtension(FINAL_ON, new org.hl7.fhir.r4.model.DateType(first.finalOn().toString()));
    }
    report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
    boolean scored = hasScore(sorted);
    // A summary report has a score; a unit whose whole figure is withheld publishes its counts
    // (the ones it may) as data of interest, without a score.
    report.setType(
        scored
            ? MeasureReport.MeasureReportType.SUMMARY
            : MeasureReport.MeasureReportType.DATACOLLECTION);
    report.setMeasure(measure);
    report.setDateElement(new DateTimeType(asOf.toString()));
    report.setReporter(
        new Reference()
            .setIdentifier(
                new Identifier()
                    .setSystem(Cell.UNIT_SYSTEMS.get(cell.level()))
                    .setValue(cell.isProvince() ? Cell.PROVINCE_ISO : cell.unitCode()))
            .setDisplay(cell.unitName()));
    report.setPeriod(
        new org.hl7.fhir.r4.model.Period()
            .setStartElement(new DateTimeType(period.start().toString()))
            .setEndElement(new DateTimeType(period.end().toString())));
    report.setImprovementNotation(
        new CodeableConcept(new Coding(IMPROVEMENT_SYSTEM, first.improvementNotation(), null)));

    MeasureReportGroupComponent group = report.addGroup();
    // The Measure's initial population: the trajectory, instrument, scale and timepoint filter.
    // The engine does not count it, so the report says so rather than leaving it out.
    group
        .addPopulation()
        .setCode(population("initial-population"))
        .setCountElement(absent(new IntegerType(), NOT_COUNTED));
    Map<String, MeasureReportGroupStratifierComponent> reported = new LinkedHashMap<>();
    for (IndicatorFigure figure : sorted) {
      if (figure.cell().isWholeUnit()) {
        fill(
            group,
            figure,
            proportion,
            (code, count) -> group.addPopulation().setCode(population(code)).setCountElement(count),
            group::setMeasureScore);
        wholeUnitExtensions(group, figure);
        targets.assess(figure).ifPresent(assessment -> targetExtensions(group, assessment));
      } else {
        MeasureReportGroupStratifierComponent stratifier =
            reported.computeIfAbsent(
                figure.cell().stratifier(),
                code -> group.addStratifier().addCode(new CodeableConcept().setText(code)));
        StratifierGroupComponent stratum =
            stratifier
                .addStratum()
                .setValue(new CodeableConcept().setText(figure.cell().stratum()));
        fill(
            stratum,
            figure,
            proportion,
            (code, count) ->
                stratum.addPopulation().setCode(population(code)).setCountElement(count),
            stratum::setMeasureScore);
      }
    }
    if (!scored) {
      // FHIR: a data-collection report has no group (mrp-1). What the unit publishes is that its
      // figure is withheld, and why; its published counts are in public/indicators.
      Extension reason = group.getExtensionByUrl(SUPPRESSION_REASON);
      report.setGroup(new ArrayList<>());
      if (reason != null) {
        report.addExtension(SUPPRESSION_REASON, reason.getValue());
      }
      return report;
    }
    for (String code : stratifiers) {
      if (!reported.containsKey(code)) {
        group
            .addStratifier()
            .addCode(new CodeableConcept().setText(code))
            .addExtension(DATA_ABSENT_REASON, new CodeType(absentStratifier(code)));
      }
    }
    return report;
  }

  /**
   * Why a stratifier the Measure declares has no stratum in a report: {@code not-applicable} for
   * the geographic stratifiers (region and RLS), whose figures are reports of their own, one per
   * unit, with the reporting-level extension; {@code masked} for an equity stratifier below the
   * province, whose strata are not published (docs/methods.md §2.4).
   */
  static String absentStratifier(String code) {
    return GEOGRAPHIC_STRATIFIERS.contains(code) ? "not-applicable" : "masked";
  }

  /** The Measure stratifiers that are reporting levels rather than strata. */
  static final List<String> GEOGRAPHIC_STRATIFIERS = List.of(Cell.REGION, Cell.RLS);

  /** The data-absent reason of the initial population's count, which the engine does not make. */
  static final String NOT_COUNTED = "unsupported";

  /**
   * Whether the unit's whole figure has a published value, so that the report is a {@code summary}
   * with a score. Otherwise it is a {@code data-collection} report: FHIR requires a score in a
   * summary report of a proportion or a mean and forbids groups in a data-collection report, so the
   * report of a withheld figure says only that it is withheld, and why.
   */
  public static boolean hasScore(List<IndicatorFigure> figures) {
    for (IndicatorFigure figure : figures) {
      if (figure.cell().isWholeUnit()) {
        Double value = figure.figure().value();
        return !figure.figure().suppressed() && value != null && Double.isFinite(value);
      }
    }
    return false;
  }

  /** Which report a figure belongs to: indicator, period and unit. */
  public static ReportKey reportKey(Cell cell) {
    return new ReportKey(cell.provinceKey(), cell.level(), cell.unitCode());
  }

  /** What one report is about: an indicator and period, and one reporting unit. */
  @DefaultCoder(RecordCoder.class)
  public record ReportKey(IndicatorPeriod period, String level, String unitCode) {}

  /**
   * A report's id: indicator, period, level and unit, in FHIR's id characters; when longer than 64
   * characters, its first 47 and 16 hex digits of the SHA-256 of the whole, so that it stays
   * unique.
   */
  public static String id(Cell cell) {
    String full =
        String.join("-", cell.indicatorId(), cell.period(), cell.level(), cell.unitCode())
            .replaceAll("[^A-Za-z0-9\\-.]", "-");
    if (full.length() <= 64) {
      return full;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
      return full.substring(0, 47) + "-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The counts, score, interval and suppression of one figure, on the group or on a stratum: a
   * proportion publishes its denominator (n) and numerator, a mean its measure population (n).
   */
  private static void fill(
      Element target,
      IndicatorFigure indicatorFigure,
      boolean proportion,
      BiFunction<String, IntegerType, Object> addPopulation,
      java.util.function.Function<Quantity, Object> setScore) {
    Figure figure = indicatorFigure.figure();
    if (proportion) {
      addPopulation.apply("denominator", count(figure.n()));
      addPopulation.apply("numerator", count(figure.numerator()));
    } else {
      addPopulation.apply("measure-population", count(figure.n()));
    }
    Double value = figure.value();
    if (!figure.suppressed() && Long.valueOf(0).equals(figure.n())) {
      // Nobody counted: there is no value to give, and nothing is withheld.
      setScore.apply(absent(new Quantity(), "not-applicable"));
      return;
    }
    if (figure.suppressed() || value == null || !Double.isFinite(value)) {
      setScore.apply(masked(new Quantity()));
      if (figure.suppression() != null) {
        target.addExtension(SUPPRESSION_REASON, new CodeType(figure.suppression()));
      }
      return;
    }
    setScore.apply(new Quantity().setValue(decimal(value)));
    Range ci = range(figure.lower(), figure.upper());
    if (ci != null) {
      target.addExtension(CONFIDENCE_INTERVAL, ci);
    }
  }

  /** The funnel and the case-mix adjustment, which only whole units have. */
  private static void wholeUnitExtensions(Element group, IndicatorFigure figure) {
    if (figure.figure().suppressed()) {
      return;
    }
    IndicatorFigure.Funnel funnel = figure.funnel();
    if (funnel != null) {
      FunnelLimits limits = funnel.limits();
      group.addExtension(OUTLIER_FLAG, new CodeType(funnel.flag()));
      if (Double.isFinite(limits.target())) {
        group.addExtension(FUNNEL_TARGET, new DecimalType(decimal(limits.target())));
      }
      Range limits95 = range(limits.limits95().lower(), limits.limits95().upper());
      if (limits95 != null) {
        group.addExtension(FUNNEL_LIMITS_95, limits95);
      }
      Range limits998 = range(limits.limits998().lower(), limits.limits998().upper());
      if (limits998 != null) {
        group.addExtension(FUNNEL_LIMITS_998, limits998);
      }
    }
    IndicatorFigure.Adjusted adjusted = figure.adjusted();
    if (adjusted != null && Double.isFinite(adjusted.value())) {
      group.addExtension(ADJUSTED_SCORE, new DecimalType(decimal(adjusted.value())));
      Range ci = range(adjusted.lower(), adjusted.upper());
      if (ci != null) {
        group.addExtension(ADJUSTED_CONFIDENCE_INTERVAL, ci);
      }
      group.addExtension(MODELLED_COUNT, new IntegerType(Math.toIntExact(adjusted.modelled())));
    }
  }

  /** The target of a whole unit (a logical reference to its Goal) and whether it is met. */
  private static void targetExtensions(Element group, TargetCatalog.Assessment assessment) {
    Target target = assessment.target();
    group.addExtension(
        TARGET,
        new Reference()
            .setIdentifier(
                new Identifier().setSystem(TargetCatalog.GOAL_SYSTEM).setValue(target.id()))
            .setDisplay(target.descriptionFr()));
    group.addExtension(TARGET_STATUS, new CodeType(assessment.status().code()));
  }

  private static CodeableConcept population(String code) {
    return new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null));
  }

  /** A published count, or no number and the masked reason. */
  private static IntegerType count(@Nullable Long count) {
    return count == null ? masked(new IntegerType()) : new IntegerType(Math.toIntExact(count));
  }

  private static <T extends Element> T masked(T element) {
    return absent(element, "masked");
  }

  private static <T extends Element> T absent(T element, String reason) {
    element.addExtension(DATA_ABSENT_REASON, new CodeType(reason));
    return element;
  }

  private static @Nullable Range range(@Nullable Double lower, @Nullable Double upper) {
    if (lower == null || upper == null || !Double.isFinite(lower) || !Double.isFinite(upper)) {
      return null;
    }
    Range range = new Range();
    range.getLow().setValue(decimal(lower));
    range.getHigh().setValue(decimal(upper));
    return range;
  }

  /** The shortest decimal that reads back as the same double, so the text is stable. */
  static BigDecimal decimal(double value) {
    return new BigDecimal(Double.toString(value));
  }
}
