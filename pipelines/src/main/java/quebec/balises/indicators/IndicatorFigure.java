package quebec.balises.indicators;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.RecordCoder;
import quebec.balises.stats.FunnelLimits;
import quebec.balises.stats.Interval;
import quebec.balises.stats.MeanInterval;
import quebec.balises.stats.Overdispersion;

/**
 * One row of {@code public/indicators}: a cell's figure, with, where the rules allow, its
 * case-mix-adjusted value and its place in the funnel of its level against the province.
 *
 * @param adjusted null unless the indicator is adjusted, the cell is a whole unit below the
 *     province, and it has at least {@link PublicationRules#minimumAdjustedN} modelled records
 * @param funnel null for the province, for strata, and for units below {@link
 *     PublicationRules#minimumAdjustedN} or whose value is withheld
 * @param counts the true n and numerator, which disclosure control needs to judge what may be
 *     shown; null once the figure is released ({@link #released}), and never written anywhere
 * @param finalOn the first day on which the figure's period was final (no response the job could
 *     still receive can change it; {@code disclosure.ReleasePolicy}); set on release, null before
 */
@DefaultCoder(RecordCoder.class)
public record IndicatorFigure(
    String indicatorId,
    String indicatorVersion,
    String measureSha256,
    String trajectory,
    String scoring,
    String improvementNotation,
    String method,
    Cell cell,
    Figure figure,
    @Nullable Adjusted adjusted,
    @Nullable Funnel funnel,
    @Nullable Counts counts,
    @Nullable LocalDate finalOn)
    implements Serializable {

  /** The version of the figure methods below; recorded with every row. */
  public static final String METHOD_VERSION = "1";

  /** Indirect standardisation of a unit's mean change (methods.md §1.4). */
  public record Adjusted(
      long modelled,
      double observedFollowupMean,
      double expectedFollowupMean,
      double value,
      @Nullable Double lower,
      @Nullable Double upper)
      implements Serializable {}

  /**
   * Funnel limits around the provincial value at the unit's n, and where the unit falls.
   *
   * @param limits the limits the flag is read against: widened by √φ when the Measure asks for the
   *     multiplicative overdispersion allowance and φ > 1, else the plain limits
   * @param value the unit's value placed on the funnel (its adjusted gain, mean or proportion)
   * @param proportion whether the funnel is a proportion's (else a mean's, with {@code sigma})
   * @param sigma the patient-level standard deviation of a mean's funnel; NaN for a proportion
   * @param phi the overdispersion factor of the unit's level, indicator and period; null when the
   *     Measure asks for no allowance
   * @param unadjusted the limits of chance alone, without any overdispersion allowance
   */
  public record Funnel(
      FunnelLimits limits,
      String flag,
      double value,
      boolean proportion,
      double sigma,
      @Nullable Double phi,
      FunnelLimits unadjusted)
      implements Serializable {

    /** Plain limits and the flag read against them (no overdispersion allowance). */
    public Funnel(FunnelLimits limits, String flag) {
      this(limits, flag, Double.NaN, false, Double.NaN, null, limits);
    }

    static Funnel forMean(double target, double sigma, long n, double value) {
      FunnelLimits limits = FunnelLimits.forMean(target, sigma, n);
      return new Funnel(limits, limits.classify(value).code(), value, false, sigma, null, limits);
    }

    static Funnel forProportion(double target, long n, double value) {
      FunnelLimits limits = FunnelLimits.forProportion(target, n);
      return new Funnel(
          limits, limits.classify(value).code(), value, true, Double.NaN, null, limits);
    }

    /** The unit's z-score against the plain limits; NaN when the funnel has no spread. */
    public double z() {
      FunnelLimits plain = unadjusted;
      return proportion
          ? FunnelLimits.zForProportion(value, plain.target(), plain.n())
          : FunnelLimits.zForMean(value, plain.target(), sigma, plain.n());
    }

    /** The flag against the plain limits, for comparison with {@link #flag}. */
    public String unadjustedFlag() {
      return unadjusted.classify(value).code();
    }

    /** This funnel with its limits widened by √φ when φ > 1, and its flag read against them. */
    public Funnel withOverdispersion(double phi) {
      double inflation = Overdispersion.inflation(phi);
      FunnelLimits widened =
          proportion
              ? FunnelLimits.forProportion(unadjusted.target(), unadjusted.n(), inflation)
              : FunnelLimits.forMean(unadjusted.target(), sigma, unadjusted.n(), inflation);
      return new Funnel(
          widened, widened.classify(value).code(), value, proportion, sigma, phi, unadjusted);
    }
  }

  /** The true counts behind a figure, for disclosure control only. */
  public record Counts(long n, long numerator) implements Serializable {}

  /**
   * This row withheld: no value, interval, adjustment or flag, and no n either when {@code hideN}.
   */
  public IndicatorFigure withheld(boolean hideN) {
    return with(figure.withheld(hideN), null, null, counts);
  }

  /** This row without its funnel (its target would give away a withheld provincial value). */
  public IndicatorFigure withoutFunnel() {
    return with(figure, adjusted, null, counts);
  }

  /** This row with another funnel (the same funnel, with an overdispersion allowance). */
  public IndicatorFigure withFunnel(Funnel funnel) {
    return with(figure, adjusted, funnel, counts);
  }

  /** This row as it may leave disclosure control: without its true counts. */
  public IndicatorFigure released() {
    return with(figure, adjusted, funnel, null);
  }

  /** This row with the first day its period was final. */
  public IndicatorFigure finalOn(LocalDate day) {
    return copy(method, figure, adjusted, funnel, counts, day);
  }

  private IndicatorFigure with(
      Figure figure,
      @Nullable Adjusted adjusted,
      @Nullable Funnel funnel,
      @Nullable Counts counts) {
    // A row that loses its adjusted value no longer claims the adjustment.
    String method = adjusted == null ? this.method.replace(ADJUSTMENT, "") : this.method;
    return copy(method, figure, adjusted, funnel, counts, finalOn);
  }

  /** This row's indicator and cell, with the rest as given. */
  private IndicatorFigure copy(
      String method,
      Figure figure,
      @Nullable Adjusted adjusted,
      @Nullable Funnel funnel,
      @Nullable Counts counts,
      @Nullable LocalDate finalOn) {
    return new IndicatorFigure(
        indicatorId,
        indicatorVersion,
        measureSha256,
        trajectory,
        scoring,
        improvementNotation,
        method,
        cell,
        figure,
        adjusted,
        funnel,
        counts,
        finalOn);
  }

  /**
   * A row of the indicator's cell, not yet released: its period's finality is set by disclosure
   * control.
   */
  private static IndicatorFigure unreleased(
      IndicatorDefinition indicator,
      Cell cell,
      Figure figure,
      @Nullable Adjusted adjusted,
      @Nullable Funnel funnel,
      Counts counts) {
    return new IndicatorFigure(
        indicator.id(),
        indicator.version(),
        indicator.sha256(),
        indicator.trajectory(),
        indicator.scoring().code(),
        indicator.increaseIsBetter() ? "increase" : "decrease",
        method(indicator, adjusted != null),
        cell,
        figure,
        adjusted,
        funnel,
        counts,
        null);
  }

  /** The row of a cell with nobody in it, so that the published grid is complete. */
  public static IndicatorFigure empty(IndicatorDefinition indicator, Cell cell) {
    return unreleased(
        indicator, cell, Figure.empty(indicator.scoring()), null, null, new Counts(0, 0));
  }

  /** What a row's method says when it carries a case-mix-adjusted value. */
  static final String ADJUSTMENT = "+indirect_standardisation";

  /**
   * How the figures of a row were computed: the interval of the observed value, plus the indirect
   * standardisation when the row carries an adjusted value. A row of an adjusted indicator without
   * one (the province, which is the reference, a stratum, or a unit with fewer modelled episodes
   * than the minimum) says only {@code student_t_95}: its value is the observed mean, never shown
   * as adjusted (docs/methods.md §1.4).
   */
  static String method(IndicatorDefinition indicator, boolean adjusted) {
    if (indicator.scoring() == IndicatorDefinition.Scoring.PROPORTION) {
      return "wilson_score_95";
    }
    String computed = COMPUTED_METHODS.get(String.valueOf(indicator.observation()));
    if (computed != null) {
      return computed;
    }
    return adjusted ? "student_t_95" + ADJUSTMENT : "student_t_95";
  }

  /**
   * The methods of the Measures about establishments set against the population served
   * (docs/decisions/0023), by the computation their observation names: a rate per 100,000 with the
   * exact Poisson interval of its count, and an index of dissimilarity, which has no interval.
   */
  static final java.util.Map<String, String> COMPUTED_METHODS =
      java.util.Map.of(
          "partners_per_100000", "rate_per_100000_poisson_exact_95",
          "partner_dissimilarity", "dissimilarity_index");

  /** The method every row of a Measure says, unadjusted (the public dictionary's). */
  public static String methodOf(IndicatorDefinition indicator) {
    return method(indicator, false);
  }

  /**
   * A cell's row whose value its caller computed from counted units (docs/decisions/0023): a rate
   * or an index with n the units it counts. The same rules as a mean: no value when n is a small
   * count or below the minimum n; no funnel and no adjustment.
   */
  public static IndicatorFigure ofValue(
      IndicatorDefinition indicator,
      Cell cell,
      long n,
      double value,
      @Nullable Double lower,
      @Nullable Double upper,
      PublicationRules rules) {
    if (n <= 0) {
      throw new IllegalArgumentException("a figure needs at least one counted unit");
    }
    Long shownN = rules.smallCells().isSmall(n) ? null : n;
    Figure figure =
        rules.smallCells().suppress(n) || n < rules.minimumN()
            ? new Figure(shownN, null, null, null, null, Figure.SUPPRESSED)
            : new Figure(n, null, value, lower, upper, null);
    return unreleased(indicator, cell, figure, null, null, new Counts(n, 0));
  }

  /** Whether this row carries a case-mix-adjusted value (the public column {@code adjusted}). */
  public boolean isAdjusted() {
    return adjusted != null;
  }

  /**
   * Computes a cell's published row.
   *
   * @param province the provincial cell (everyone) of the same indicator and period; the funnel's
   *     target
   * @param model the provincial case-mix model of the period, for an adjusted indicator; null when
   *     none could be fitted
   */
  public static IndicatorFigure of(
      IndicatorDefinition indicator,
      Cell cell,
      CellAccumulator accumulator,
      @Nullable CellAccumulator province,
      @Nullable CaseMixModel model,
      PublicationRules rules) {
    Figure figure = Figure.of(indicator.scoring(), accumulator, rules);
    Adjusted adjusted = null;
    // The province is the reference the units are adjusted to: it gets no adjusted value of its
    // own, so that its row carries one gain, the observed one (docs/methods.md §1.4).
    if (indicator.adjusted()
        && model != null
        && cell.isWholeUnit()
        && !cell.isProvince()
        && accumulator.modelled() >= rules.minimumAdjustedN()) {
      adjusted = adjust(accumulator, model);
    }
    Funnel funnel = null;
    if (!cell.isProvince() && cell.isWholeUnit() && province != null && !figure.suppressed()) {
      funnel = funnel(indicator, accumulator, province, model, adjusted, rules);
    }
    return unreleased(
        indicator,
        cell,
        figure,
        adjusted,
        funnel,
        new Counts(accumulator.n(), accumulator.numerator()));
  }

  /**
   * Adjusted gain = provincial mean gain + (O − E), with a Student t interval from the spread of
   * the unit's own O − E: the provincial means are fixed references, so the unit's uncertainty is
   * that of its mean residual.
   */
  private static Adjusted adjust(CellAccumulator cell, CaseMixModel model) {
    double value = model.standardisation().adjustedGain(cell.observedMean(), cell.predictedMean());
    Optional<Interval> ci =
        MeanInterval.student(cell.modelled(), value, cell.residualSd(), Figure.CONFIDENCE);
    return new Adjusted(
        cell.modelled(),
        cell.observedMean(),
        cell.predictedMean(),
        value,
        ci.map(Interval::lower).orElse(null),
        ci.map(Interval::upper).orElse(null));
  }

  private static @Nullable Funnel funnel(
      IndicatorDefinition indicator,
      CellAccumulator cell,
      CellAccumulator province,
      @Nullable CaseMixModel model,
      @Nullable Adjusted adjusted,
      PublicationRules rules) {
    if (indicator.adjusted()) {
      // The adjusted gain against the provincial gain, with the provincial spread of O − E: the
      // quantity compared, per patient, once case mix is accounted for.
      if (adjusted == null || model == null || !(province.residualSd() >= 0)) {
        return null;
      }
      return Funnel.forMean(
          model.provincialGain(), province.residualSd(), adjusted.modelled(), adjusted.value());
    }
    if (cell.n() < rules.minimumAdjustedN()) {
      return null;
    }
    if (indicator.scoring() == IndicatorDefinition.Scoring.PROPORTION) {
      return Funnel.forProportion(
          (double) province.numerator() / province.n(),
          cell.n(),
          (double) cell.numerator() / cell.n());
    }
    if (!(province.sd() >= 0)) {
      return null;
    }
    return Funnel.forMean(province.mean(), province.sd(), cell.n(), cell.mean());
  }
}
