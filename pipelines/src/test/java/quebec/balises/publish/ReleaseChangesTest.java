package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import quebec.balises.publish.ReleaseChanges.Change;
import quebec.balises.publish.ReleaseChanges.Figure;
import quebec.balises.publish.ReleaseChanges.Kind;

/** Changes between two releases' figures, worked by hand on a few rows. */
class ReleaseChangesTest {
  private static final String HEADER =
      IndicatorCsv.BOM
          + "trajectory,indicator_id,level,unit_code,stratifier,stratum,period_type,period,n,"
          + "numerator,value,ci_lower,ci_upper,adjusted_value,adjusted_ci_lower,adjusted_ci_upper,"
          + "suppressed\n";

  /** A published row: indicator, level, unit, period type, period, n, numerator, value. */
  private static String row(
      String indicator,
      String level,
      String unit,
      String type,
      String period,
      String n,
      String numerator,
      String value) {
    return "hip,"
        + indicator
        + ","
        + level
        + ","
        + unit
        + ",all,all,"
        + type
        + ","
        + period
        + ","
        + n
        + ","
        + numerator
        + ","
        + value
        + ",0.1,0.9,,,,false\n";
  }

  private static String withheld(String indicator, String level, String unit, String period) {
    return "hip,"
        + indicator
        + ","
        + level
        + ","
        + unit
        + ",all,all,quarter,"
        + period
        + ",,,,,,,,,true\n";
  }

  private static SortedMap<ReleaseChanges.FigureKey, Figure> figures(String... rows) {
    return ReleaseChanges.figures(HEADER + String.join("", rows));
  }

  private static final ReleaseChanges.Release FIRST =
      new ReleaseChanges.Release("20261101T020000Z-aaaaaa", "2026-11-01", "1.4.0", "cat 1.0.0", 2);
  private static final ReleaseChanges.Release SECOND =
      new ReleaseChanges.Release("20261102T020000Z-bbbbbb", "2026-11-02", "1.4.0", "cat 1.0.0", 2);

  // The previous release: a published yearly figure, a withheld quarter, another indicator.
  private static final String YEAR =
      row("hip-pass", "province", "QC", "year", "2025", "12", "6", "0.5");
  private static final String QUARTER = withheld("hip-pass", "establishment", "11045", "2025-Q4");
  private static final String OTHER =
      row("hip-mean", "province", "QC", "year", "2025", "40", "", "3.5");

  @Test
  void aLateResponseRevisesOneFigureAndAddsOne() {
    SortedMap<ReleaseChanges.FigureKey, Figure> before = figures(YEAR, QUARTER, OTHER);
    SortedMap<ReleaseChanges.FigureKey, Figure> after =
        figures(
            row("hip-pass", "province", "QC", "year", "2025", "13", "7", "0.5384615384615384"),
            QUARTER,
            row("hip-pass", "province", "QC", "quarter", "2026-Q1", "10", "6", "0.6"),
            OTHER);

    List<Change> changes = ReleaseChanges.compare(before, after);

    // In key order: the new quarter ("quarter" sorts before "year"), then the revised year.
    assertThat(
        changes,
        is(
            List.of(
                new Change(
                    Kind.PUBLISHED,
                    List.of("hip-pass", "province", "QC", "all", "all", "quarter", "2026-Q1"),
                    "",
                    "0.6",
                    "",
                    "10"),
                new Change(
                    Kind.REVISED,
                    List.of("hip-pass", "province", "QC", "all", "all", "year", "2025"),
                    "0.5",
                    "0.5384615384615384",
                    "12",
                    "13"))));
    assertThat(
        ReleaseChanges.changesCsv(changes),
        is(
            IndicatorCsv.BOM
                + "indicator_id,level,unit_code,stratifier,stratum,period_type,period,change,"
                + "old_value,new_value,old_n,new_n\n"
                + "hip-pass,province,QC,all,all,quarter,2026-Q1,published,,0.6,,10\n"
                + "hip-pass,province,QC,all,all,year,2025,revised,0.5,0.5384615384615384,12,13\n"));
  }

  @Test
  void aFigureWithheldRemovedOrReleasedIsAChangeAndAWithheldRowIsNot() {
    SortedMap<ReleaseChanges.FigureKey, Figure> before =
        figures(
            YEAR,
            QUARTER,
            OTHER,
            withheld("hip-pass", "establishment", "11046", "2025-Q4"),
            row("hip-pass", "region", "01", "year", "2025", "11", "5", "0.45"));
    SortedMap<ReleaseChanges.FigureKey, Figure> after =
        figures(
            "hip,hip-pass,province,QC,all,all,year,2025,,,,,,,,,true\n", // the year, withheld
            row("hip-pass", "establishment", "11045", "quarter", "2025-Q4", "10", "5", "0.5"),
            OTHER,
            withheld("hip-pass", "establishment", "11047", "2025-Q4")); // new, withheld: no change
    List<Change> changes = ReleaseChanges.compare(before, after);
    assertThat(
        changes.stream().map(c -> c.kind() + " " + c.key().get(1) + " " + c.key().get(6)).toList(),
        is(
            List.of(
                "PUBLISHED establishment 2025-Q4",
                "WITHHELD province 2025",
                "REMOVED region 2025")));
    Change removed = changes.get(2);
    assertThat(
        List.of(removed.oldValue(), removed.newValue(), removed.oldN()),
        is(List.of("0.45", "", "11")));
  }

  @Test
  void anIntervalOrNumeratorAloneIsARevision() {
    SortedMap<ReleaseChanges.FigureKey, Figure> before = figures(YEAR);
    SortedMap<ReleaseChanges.FigureKey, Figure> wider =
        figures(YEAR.replace(",0.1,0.9,", ",0.05,0.9,"));
    assertThat(ReleaseChanges.compare(before, wider).get(0).kind(), is(Kind.REVISED));
    assertThat(ReleaseChanges.compare(before, figures(YEAR)).size(), is(0));
  }

  @Test
  void theChangelogIsCumulativeNewestFirstAndTheFirstSaysSo() {
    ReleaseChanges.Files first = ReleaseChanges.of(FIRST, null, figures(YEAR, QUARTER, OTHER));
    assertThat(
        first.changelog(),
        containsString(
            "- Première diffusion : aucune diffusion précédente"
                + " à comparer. | First release: no earlier release to compare with.\n"));
    assertThat(first.changesCsv(), is(ReleaseChanges.changesCsv(List.of())));

    ReleaseChanges.Previous previous =
        new ReleaseChanges.Previous(
            FIRST.runId(), FIRST.asOf(), figures(YEAR, QUARTER, OTHER), first.changelog());
    ReleaseChanges.Files second =
        ReleaseChanges.of(
            SECOND,
            previous,
            figures(
                row("hip-pass", "province", "QC", "year", "2025", "13", "7", "0.54"),
                QUARTER,
                row("hip-pass", "province", "QC", "quarter", "2026-Q1", "10", "6", "0.6"),
                row("knee-pass", "province", "QC", "year", "2025", "20", "9", "0.45")));
    String md = second.changelog();
    assertThat(md, startsWith("# Journal des modifications des données publiées"));
    assertThat(
        md,
        containsString(
            "\n## 2026-11-02 · 20261102T020000Z-bbbbbb\n\n"
                + "- Exécution | Run: `20261102T020000Z-bbbbbb`\n"
                + "- Données au | Data as of: 2026-11-02\n"
                + "- Version de Balises | Balises version: 1.4.0\n"
                + "- Catalogue d'indicateurs | Indicator catalog: cat 1.0.0 (2 indicateurs |"
                + " indicators)\n"
                + "- Comparée à | Compared with: `20261101T020000Z-aaaaaa` (données au | data as"
                + " of 2026-11-01)\n\n"
                + "| Indicateur / Indicator | Nouvellement publiés / Newly published |"
                + " Révisés / Revised | Nouvellement retenus / Newly withheld | Retirés / Removed"
                + " |\n"
                + "|---|---:|---:|---:|---:|\n"
                + "| `hip-mean` | 0 | 0 | 0 | 1 |\n"
                + "| `hip-pass` | 1 | 1 | 0 | 0 |\n"
                + "| `knee-pass` | 1 | 0 | 0 | 0 |\n"
                + "| **Total** | **2** | **1** | **0** | **1** |\n"
                + "\nIndicateurs ajoutés | Indicators added: `knee-pass`\n"
                + "\nIndicateurs retirés | Indicators removed: `hip-mean`\n"
                + "\n## 2026-11-01 · 20261101T020000Z-aaaaaa\n"));
    // Newest first, and the first release's entry carried over whole, once.
    assertThat(md.indexOf("## 2026-11-02"), lessThan(md.indexOf("## 2026-11-01")));
    assertThat(
        md.endsWith(first.changelog().substring(first.changelog().indexOf("\n## "))), is(true));
    assertThat(md.indexOf("# Journal", 1), is(-1));

    ReleaseChanges.Previous unchanged =
        new ReleaseChanges.Previous(SECOND.runId(), SECOND.asOf(), figures(YEAR), md);
    String third =
        ReleaseChanges.of(
                new ReleaseChanges.Release("r3", "2026-11-03", "1.4.0", "cat 1.0.0", 2),
                unchanged,
                figures(YEAR))
            .changelog();
    assertThat(
        third,
        containsString("\n\nAucun chiffre n'a changé. | No figure changed.\n\n## 2026-11-02"));
    assertThat(third, not(containsString("n'avait pas de journal")));
  }

  @Test
  void aPreviousReleaseWithoutChangelogIsSaidToHaveNone() {
    ReleaseChanges.Previous older =
        new ReleaseChanges.Previous("r0", "2026-10-01", figures(YEAR), null);
    assertThat(
        ReleaseChanges.of(SECOND, older, figures(YEAR)).changelog(),
        containsString("La diffusion précédente n'avait pas de journal des modifications."));
  }

  @Test
  void refusesTwoRowsForOneFigure() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> figures(YEAR, YEAR));
    assertThat(e.getMessage(), startsWith("two indicator rows for [hip-pass, province, QC"));
  }
}
