package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;

/**
 * Counts that agree wherever a reader sees both. Two series of counts of one trajectory (a
 * Measure's n or numerator over every unit, stratum and period) that are equal in every position
 * where both are published look, to a reader, like one population counted twice: questionnaires
 * answered together, a completion rate whose follow-ups all came back, participation and the
 * follow-ups due when every patient answers. Such a reader copies one series' published count into
 * the other's withheld cell, and where the two counts are in fact equal (as they mostly are), reads
 * the withheld count exactly. The disclosure audit cannot see this: the two series differ
 * somewhere, so they are not one quantity to it. Plain Java, no Beam.
 *
 * <p>The rule: wherever one of two such series is withheld and the other is published, the
 * published one is withheld too, so that the two show the same cells. Withholding only where the
 * two counts are equal would be enough against the copy, but the pattern would then say that they
 * differ wherever one still shows, which is itself something learnt about a withheld count.
 * Withholding a cell can make new series agree (fewer cells seen together), so {@link
 * TrajectoryRelease} applies the rule until nothing changes, re-running the audit each time so that
 * every new withheld cell is protected in its turn (docs/methods.md §2.4).
 */
final class CoincidentCounts {
  private CoincidentCounts() {}

  /**
   * A figure to withhold: its n (and with it its value), or only its numerator and value.
   *
   * @param figure the figure's index in the list given to {@link #toWithhold}
   */
  record Withhold(int figure, boolean hideN) {}

  /** One series: a Measure's n or its numerator, by position. */
  private record Series(String name, boolean isN, Map<String, Integer> figures) {}

  /**
   * The figures to withhold so that no count can be copied from a series into another that agrees
   * with it wherever both are published. Empty when there is none.
   *
   * @param released one trajectory's figures as they would be published, with their true counts
   */
  static List<Withhold> toWithhold(List<IndicatorFigure> released) {
    Map<String, Series> series = new LinkedHashMap<>();
    for (int i = 0; i < released.size(); i++) {
      IndicatorFigure figure = released.get(i);
      if (figure.counts() == null) {
        continue;
      }
      String position = position(figure);
      series
          .computeIfAbsent(
              figure.indicatorId() + " n", name -> new Series(name, true, new LinkedHashMap<>()))
          .figures()
          .put(position, i);
      if (IndicatorDefinition.Scoring.PROPORTION.code().equals(figure.scoring())) {
        series
            .computeIfAbsent(
                figure.indicatorId() + " numerator",
                name -> new Series(name, false, new LinkedHashMap<>()))
            .figures()
            .put(position, i);
      }
    }
    List<Series> all = new ArrayList<>(series.values());
    TreeSet<Long> withhold = new TreeSet<>();
    for (int a = 0; a < all.size(); a++) {
      for (int b = a + 1; b < all.size(); b++) {
        Series first = all.get(a);
        Series second = all.get(b);
        if (!agreeWhereverBothShow(first, second, released)) {
          continue;
        }
        for (Map.Entry<String, Integer> cell : first.figures().entrySet()) {
          Integer other = second.figures().get(cell.getKey());
          if (other == null) {
            continue;
          }
          int i = cell.getValue();
          Long u = shown(first, released.get(i));
          Long v = shown(second, released.get(other));
          if ((u == null) == (v == null)) {
            continue;
          }
          // One is withheld, the other shows: withhold the one that shows, whether or not the
          // counts are equal there. Withholding only where they are equal would itself tell the
          // reader that they differ wherever one still shows.
          withhold.add(u != null ? key(i, first.isN()) : key(other, second.isN()));
        }
      }
    }
    List<Withhold> result = new ArrayList<>();
    for (long k : withhold) {
      result.add(new Withhold((int) (k >> 1), (k & 1) == 1));
    }
    return result;
  }

  private static boolean agreeWhereverBothShow(
      Series first, Series second, List<IndicatorFigure> released) {
    boolean together = false;
    for (Map.Entry<String, Integer> cell : first.figures().entrySet()) {
      Integer other = second.figures().get(cell.getKey());
      if (other == null) {
        continue;
      }
      Long u = shown(first, released.get(cell.getValue()));
      Long v = shown(second, released.get(other));
      if (u != null && v != null) {
        if (!u.equals(v)) {
          return false;
        }
        together = true;
      }
    }
    return together;
  }

  /** The count as published, null when withheld. */
  private static Long shown(Series series, IndicatorFigure figure) {
    return series.isN() ? figure.figure().n() : figure.figure().numerator();
  }

  private static long key(int figure, boolean hideN) {
    return ((long) figure << 1) | (hideN ? 1 : 0);
  }

  private static String position(IndicatorFigure figure) {
    var cell = figure.cell();
    return String.join(
        "\u0000",
        cell.level(),
        cell.unitCode(),
        cell.stratifier(),
        cell.stratum(),
        cell.periodType(),
        cell.period());
  }
}
