package quebec.balises.portrait;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.CellAccumulator;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.Period;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.PortraitRecord;

/**
 * The figures of the Measures about establishments (docs/decisions/0022), plain Java: for each
 * Measure and year, the sums of the kept portraits' counts per establishment, per region and for
 * the province. The unit counted is a committee; each figure is built by {@link IndicatorFigure#of}
 * with the same publication rules as every figure, and then goes through the same disclosure
 * control ({@code disclosure/TrajectoryRelease}). No funnel: committees of one establishment are
 * not independent draws.
 */
public final class PortraitFigures {
  private PortraitFigures() {}

  /** The computed figures, before disclosure control; only cells with at least one unit. */
  public static List<IndicatorFigure> compute(
      List<EstablishmentPortrait> portraits,
      List<PortraitMeasures.PortraitMeasure> measures,
      PublicationRules rules) {
    List<IndicatorFigure> figures = new ArrayList<>();
    for (PortraitMeasures.PortraitMeasure measure : measures) {
      if (measure.againstPopulation()) {
        continue; // population.PartnerFigures computes them, with the population served
      }
      // Cell → its accumulator, in the cells' published order.
      Map<Cell, CellAccumulator> cells = new TreeMap<>(Cell.ORDER);
      for (EstablishmentPortrait kept : portraits) {
        PortraitRecord p = kept.portrait();
        long units = count(p, measure.denominatorItem());
        long in = count(p, measure.numeratorItem());
        if (units == 0) {
          continue;
        }
        Period year = Period.parse(Period.YEAR, Integer.toString(p.year()));
        for (String[] unit : units(kept.establishment())) {
          Cell cell = Cell.at(measure.definition(), year, unit, new String[] {Cell.ALL, Cell.ALL});
          cells.computeIfAbsent(cell, c -> new CellAccumulator()).addProportions(units, in);
        }
      }
      cells.forEach(
          (cell, accumulator) ->
              figures.add(
                  IndicatorFigure.of(measure.definition(), cell, accumulator, null, null, rules)));
    }
    return figures;
  }

  /**
   * The province, the establishment's region and the establishment: the units every figure about
   * establishments is counted in.
   */
  public static List<String[]> units(EstablishmentRecord site) {
    return List.of(
        new String[] {Cell.PROVINCE, Cell.PROVINCE_CODE, Cell.PROVINCE_NAME, "", ""},
        new String[] {Cell.REGION, site.regionCode(), site.regionName(), site.regionCode(), ""},
        new String[] {
          Cell.ESTABLISHMENT, site.code(), site.name(), site.regionCode(), site.rlsCode()
        });
  }

  /** The count a portrait gives for one of its integer items. */
  static long count(PortraitRecord p, String item) {
    return switch (item) {
      case "committees" -> p.committees();
      case "committees-with-partners" -> p.committeesWithPartners();
      case "committees-co-construction" -> p.committeesCoConstruction();
      case "projects" -> p.projects();
      case "projects-with-partners" -> p.projectsWithPartners();
      case "partners-recruited" -> p.partnersRecruited();
      case "partners-trained" -> p.partnersTrained();
      case "partners-compensated" -> p.partnersCompensated();
      default -> throw new IllegalArgumentException("no count for portrait item " + item);
    };
  }
}
