package quebec.balises.population;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.fhir.PortraitQuestionnaire;
import quebec.balises.indicators.AgeBand;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.Period;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.PartnerDiversity;
import quebec.balises.model.PopulationRecord;
import quebec.balises.portrait.PortraitFigures;
import quebec.balises.portrait.PortraitMeasures;

/**
 * The figures of the Measures that set an establishment's partners against the population it serves
 * (docs/decisions/0023), plain Java. An establishment serves the population of its health region; a
 * region, its own; the province, every region whose population the run has for the year. A unit is
 * counted only with its population: the partners of an establishment whose region has no population
 * that year count nowhere, the province included, so that numerator and denominator always cover
 * the same regions.
 *
 * <ul>
 *   <li>{@link PortraitMeasures#PARTNERS_PER_100000}: the active partners × 100,000 ÷ the
 *       population; n = the active partners; the interval is the exact (Garwood) Poisson interval
 *       of the count, scaled the same way.
 *   <li>{@link PortraitMeasures#PARTNER_DISSIMILARITY}: Duncan and Duncan's index of dissimilarity
 *       D = ½ Σ |p_i − q_i| over the 16 cells of sex × age band, p the partners' shares (those
 *       whose sex and age are known), q the population's; 0 when the partners mirror the
 *       population, 1 when they share no cell. n = the partners described; no interval.
 * </ul>
 *
 * Portraits of version 1.0.0 ask no diversity and count in neither. Each figure is built by {@link
 * IndicatorFigure#ofValue} and then goes through the same disclosure control as every figure.
 */
public final class PartnerFigures {
  private PartnerFigures() {}

  /** Cells per unit: two sexes × the equity strata's age bands. */
  static final int CELLS = PortraitQuestionnaire.SEXES.size() * AgeBand.BANDS.size();

  /** What one unit gathers in a year: partners and population, per cell, and the totals. */
  static final class Unit {
    final String[] at;
    long active;
    final long[] partners = new long[CELLS];
    final long[] population = new long[CELLS];
    final Set<String> regions = new TreeSet<>();

    Unit(String[] at) {
      this.at = at;
    }

    long described() {
      long sum = 0;
      for (long p : partners) {
        sum += p;
      }
      return sum;
    }

    long people() {
      long sum = 0;
      for (long p : population) {
        sum += p;
      }
      return sum;
    }
  }

  /** A unit of one year's figures: its level and code. */
  private record UnitKey(String level, String code) {}

  /** The computed figures, before disclosure control; only units with at least one partner. */
  public static List<IndicatorFigure> compute(
      List<EstablishmentPortrait> portraits,
      List<PopulationRecord> population,
      List<PortraitMeasures.PortraitMeasure> measures,
      PublicationRules rules) {
    // Year → region → population per cell (every region and year kept is whole).
    Map<Integer, Map<String, long[]>> served = new TreeMap<>();
    for (PopulationRecord p : population) {
      served.computeIfAbsent(p.year(), y -> new TreeMap<>())
              .computeIfAbsent(p.regionCode(), r -> new long[CELLS])[cell(p.sex(), p.ageBand())] +=
          p.population();
    }
    // Year → unit key → what it gathers.
    Map<Integer, Map<UnitKey, Unit>> units = new TreeMap<>();
    for (EstablishmentPortrait kept : portraits) {
      PartnerDiversity d = kept.portrait().diversity();
      int year = kept.portrait().year();
      EstablishmentRecord site = kept.establishment();
      long[] regionPopulation = served.getOrDefault(year, Map.of()).get(site.regionCode());
      if (d == null || regionPopulation == null) {
        continue;
      }
      for (String[] at : PortraitFigures.units(site)) {
        Unit unit =
            units
                .computeIfAbsent(year, y -> new LinkedHashMap<>())
                .computeIfAbsent(new UnitKey(at[0], at[1]), k -> new Unit(at));
        unit.active += d.active();
        for (PartnerDiversity.Cell c : d.cells()) {
          unit.partners[cell(c.sex(), c.ageBand())] += c.partners();
        }
        // The population served: the unit's region, added once per region (the province's: every
        // region the run has for the year, just below).
        if (!Cell.PROVINCE.equals(at[0]) && unit.regions.add(site.regionCode())) {
          add(unit.population, regionPopulation);
        }
      }
    }
    units.forEach(
        (year, byUnit) -> {
          Unit province = byUnit.get(new UnitKey(Cell.PROVINCE, Cell.PROVINCE_CODE));
          if (province != null) {
            served.get(year).values().forEach(region -> add(province.population, region));
          }
        });
    List<IndicatorFigure> figures = new ArrayList<>();
    for (PortraitMeasures.PortraitMeasure measure : measures) {
      if (!measure.againstPopulation()) {
        continue;
      }
      units.forEach(
          (year, byUnit) -> {
            Period period = Period.parse(Period.YEAR, Integer.toString(year));
            for (Unit unit : byUnit.values()) {
              IndicatorFigure figure = figure(measure, period, unit, rules);
              if (figure != null) {
                figures.add(figure);
              }
            }
          });
    }
    figures.sort(
        Comparator.comparing(IndicatorFigure::indicatorId)
            .thenComparing(IndicatorFigure::cell, Cell.ORDER));
    return figures;
  }

  private static @Nullable IndicatorFigure figure(
      PortraitMeasures.PortraitMeasure measure, Period period, Unit unit, PublicationRules rules) {
    Cell cell = Cell.at(measure.definition(), period, unit.at, new String[] {Cell.ALL, Cell.ALL});
    long population = unit.people();
    if (PortraitMeasures.PARTNERS_PER_100000.equals(measure.computation())) {
      if (unit.active == 0 || population == 0) {
        return null;
      }
      double[] ci = poissonInterval(unit.active, Figure.CONFIDENCE);
      double scale = 100_000.0 / population;
      return IndicatorFigure.ofValue(
          measure.definition(),
          cell,
          unit.active,
          rate(unit.active, population),
          ci[0] * scale,
          ci[1] * scale,
          rules);
    }
    long described = unit.described();
    if (described == 0 || population == 0) {
      return null;
    }
    return IndicatorFigure.ofValue(
        measure.definition(),
        cell,
        described,
        dissimilarity(unit.partners, unit.population),
        null,
        null,
        rules);
  }

  /** Partners per 100,000 people. */
  static double rate(long partners, long population) {
    return partners * 100_000.0 / population;
  }

  /**
   * The index of dissimilarity D = ½ Σ |p_i − q_i| between two distributions over the same cells,
   * each given as counts (Duncan and Duncan, 1955).
   */
  static double dissimilarity(long[] partners, long[] population) {
    double p = 0;
    double q = 0;
    for (int i = 0; i < partners.length; i++) {
      p += partners[i];
      q += population[i];
    }
    double sum = 0;
    for (int i = 0; i < partners.length; i++) {
      sum += Math.abs(partners[i] / p - population[i] / q);
    }
    return sum / 2;
  }

  /**
   * The exact (Garwood) interval of a Poisson count: χ²(α/2; 2k)/2 to χ²(1 − α/2; 2k + 2)/2, with a
   * lower limit of 0 for a count of 0.
   */
  static double[] poissonInterval(long count, double confidence) {
    double alpha = 1 - confidence;
    double lower =
        count == 0
            ? 0
            : new ChiSquaredDistribution(null, 2.0 * count).inverseCumulativeProbability(alpha / 2)
                / 2;
    double upper =
        new ChiSquaredDistribution(null, 2.0 * count + 2)
                .inverseCumulativeProbability(1 - alpha / 2)
            / 2;
    return new double[] {lower, upper};
  }

  /** The place of a sex and age band among the cells: women first, youngest band first. */
  static int cell(String sex, String ageBand) {
    int s = PortraitQuestionnaire.SEXES.indexOf(sex);
    int b = AgeBand.BANDS.indexOf(ageBand);
    if (s < 0 || b < 0) {
      throw new IllegalArgumentException("no cell for " + sex + " " + ageBand);
    }
    return s * AgeBand.BANDS.size() + b;
  }

  private static void add(long[] into, long[] more) {
    for (int i = 0; i < into.length; i++) {
      into[i] += more[i];
    }
  }
}
