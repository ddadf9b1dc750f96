package quebec.balises.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What changed in the released figures from one published release to the next: the cumulative,
 * bilingual {@code CHANGELOG.md} and the machine-readable {@code changes.csv} under {@code
 * public/}. Plain Java over the released rows ({@code csv/indicators.csv}), not internal state: a
 * figure is one row of the public indicators, identified by indicator, unit, stratum and period.
 *
 * <ul>
 *   <li><b>published</b>: published now, and absent or withheld in the previous release;
 *   <li><b>revised</b>: published in both, with another n, numerator, value or interval (the
 *       adjusted ones included);
 *   <li><b>withheld</b>: published before, withheld now;
 *   <li><b>removed</b>: published before, and no longer a row at all.
 * </ul>
 *
 * <p>A row withheld in both releases, or one that appears or disappears withheld, released no
 * figure and is no change. Indicators added or removed are listed in the changelog by id.
 */
public final class ReleaseChanges {
  public static final String CHANGELOG = "CHANGELOG.md";
  public static final String CHANGES = "changes.csv";

  /** The columns that say which figure a row is. */
  static final List<String> KEY =
      List.of(
          "indicator_id", "level", "unit_code", "stratifier", "stratum", "period_type", "period");

  /** The columns of a figure whose change is a revision. */
  static final List<String> FIGURE =
      List.of(
          "n",
          "numerator",
          "value",
          "ci_lower",
          "ci_upper",
          "adjusted_value",
          "adjusted_ci_lower",
          "adjusted_ci_upper");

  /** The columns of {@code changes.csv}, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "indicator_id",
          "level",
          "unit_code",
          "stratifier",
          "stratum",
          "period_type",
          "period",
          "change",
          "old_value",
          "new_value",
          "old_n",
          "new_n");

  private static final String FIRST_HEADING = "\n## ";

  private ReleaseChanges() {}

  /** The kind of a change, as {@code changes.csv} writes it, with its French and English labels. */
  public enum Kind {
    PUBLISHED("published", "Nouvellement publiés", "Newly published"),
    REVISED("revised", "Révisés", "Revised"),
    WITHHELD("withheld", "Nouvellement retenus", "Newly withheld"),
    REMOVED("removed", "Retirés", "Removed");

    private final String code;
    private final String french;
    private final String english;

    Kind(String code, String french, String english) {
      this.code = code;
      this.french = french;
      this.english = english;
    }

    public String code() {
      return code;
    }
  }

  /**
   * One released row: whether its figure is published, and its figure columns as the CSV writes
   * them (empty when missing), so that equal text is an equal figure.
   */
  public record Figure(List<String> key, boolean published, Map<String, String> values) {
    public Figure {
      key = List.copyOf(key);
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    String indicatorId() {
      return key.get(0);
    }
  }

  /**
   * A figure's key: its values in the key columns, in their order. Keys sort column by column, each
   * column as text, so that {@code changes.csv} lists its rows in a stable order.
   */
  public record FigureKey(List<String> columns) implements Comparable<FigureKey> {
    private static final Comparator<List<String>> BY_COLUMN =
        (a, b) -> {
          for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
              return c;
            }
          }
          return Integer.compare(a.size(), b.size());
        };

    public FigureKey {
      columns = List.copyOf(columns);
    }

    @Override
    public int compareTo(FigureKey other) {
      return BY_COLUMN.compare(columns, other.columns);
    }
  }

  /** One changed figure: a row of {@code changes.csv}. Old or new values are "" when absent. */
  public record Change(
      Kind kind, List<String> key, String oldValue, String newValue, String oldN, String newN) {
    public Change {
      key = List.copyOf(key);
    }
  }

  /**
   * A published release as the next one sees it.
   *
   * @param runId its run id
   * @param asOf its reference date, {@code YYYY-MM-DD}
   * @param figures its rows, by key
   * @param changelog its {@code CHANGELOG.md}, or null when it had none (an older release)
   */
  public record Previous(
      String runId,
      String asOf,
      SortedMap<FigureKey, Figure> figures,
      @Nullable String changelog) {}

  /**
   * This release, for its changelog entry.
   *
   * @param catalogVersion the version of the FHIR package that holds the indicator catalog
   */
  public record Release(
      String runId, String asOf, String balisesVersion, String catalogVersion, int indicators) {}

  /** The two files, by their path under {@code public/}. */
  public record Files(String changelog, String changesCsv) {
    public SortedMap<String, String> byPath() {
      SortedMap<String, String> out = new TreeMap<>();
      out.put(CHANGELOG, changelog);
      out.put(CHANGES, changesCsv);
      return out;
    }
  }

  /**
   * The rows of an indicators CSV ({@code csv/indicators.csv}, byte-order mark and all) by key.
   *
   * @throws IllegalStateException when a column the comparison needs is missing, or two rows have
   *     the same key
   */
  public static SortedMap<FigureKey, Figure> figures(String csv) {
    String text = csv.startsWith(IndicatorCsv.BOM) ? csv.substring(1) : csv;
    List<List<String>> rows = Csv.parse(text);
    SortedMap<FigureKey, Figure> figures = new TreeMap<>();
    if (rows.isEmpty()) {
      return figures;
    }
    List<String> header = rows.get(0);
    Map<String, Integer> at = new LinkedHashMap<>();
    for (String column : concat(KEY, FIGURE, List.of("suppressed"))) {
      int i = header.indexOf(column);
      if (i < 0) {
        throw new IllegalStateException("the indicators CSV has no column " + column);
      }
      at.put(column, i);
    }
    for (List<String> row : rows.subList(1, rows.size())) {
      List<String> key = new ArrayList<>();
      KEY.forEach(column -> key.add(row.get(at.get(column))));
      Map<String, String> values = new LinkedHashMap<>();
      FIGURE.forEach(column -> values.put(column, row.get(at.get(column))));
      boolean published = "false".equals(row.get(at.get("suppressed")));
      Figure figure = new Figure(key, published, values);
      if (figures.put(new FigureKey(key), figure) != null) {
        throw new IllegalStateException("two indicator rows for " + key);
      }
    }
    return figures;
  }

  /** The changed figures from {@code before} to {@code after}, in key order. */
  public static List<Change> compare(
      SortedMap<FigureKey, Figure> before, SortedMap<FigureKey, Figure> after) {
    SortedSet<FigureKey> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Change> changes = new ArrayList<>();
    for (FigureKey key : keys) {
      Figure old = before.get(key);
      Figure now = after.get(key);
      boolean wasPublished = old != null && old.published();
      boolean isPublished = now != null && now.published();
      Kind kind;
      if (isPublished && !wasPublished) {
        kind = Kind.PUBLISHED;
      } else if (wasPublished && now == null) {
        kind = Kind.REMOVED;
      } else if (wasPublished && !isPublished) {
        kind = Kind.WITHHELD;
      } else if (wasPublished && !old.values().equals(now.values())) {
        kind = Kind.REVISED;
      } else {
        continue;
      }
      Figure any = now != null ? now : old;
      changes.add(
          new Change(
              kind,
              any.key(),
              wasPublished ? old.values().get("value") : "",
              isPublished ? now.values().get("value") : "",
              wasPublished ? old.values().get("n") : "",
              isPublished ? now.values().get("n") : ""));
    }
    return changes;
  }

  /**
   * The changelog and {@code changes.csv} of {@code release}, whose rows are {@code figures}, after
   * {@code previous} (null for a first release).
   */
  public static Files of(
      Release release, @Nullable Previous previous, SortedMap<FigureKey, Figure> figures) {
    List<Change> changes = previous == null ? List.of() : compare(previous.figures(), figures);
    return new Files(changelog(release, previous, figures, changes), changesCsv(changes));
  }

  /** The files of a first release: an entry that says so, and no changed figure. */
  public static Files first(Release release) {
    return of(release, null, new TreeMap<>());
  }

  static String changesCsv(List<Change> changes) {
    StringBuilder csv =
        new StringBuilder(IndicatorCsv.BOM).append(Csv.line(COLUMNS.toArray(String[]::new)));
    for (Change change : changes) {
      List<String> cells = new ArrayList<>(change.key());
      cells.add(change.kind().code());
      cells.add(change.oldValue());
      cells.add(change.newValue());
      cells.add(change.oldN());
      cells.add(change.newN());
      csv.append(Csv.line(cells.toArray(String[]::new)));
    }
    return csv.toString();
  }

  static String changelog(
      Release release,
      @Nullable Previous previous,
      SortedMap<FigureKey, Figure> figures,
      List<Change> changes) {
    StringBuilder md = new StringBuilder();
    md.append(
        "# Journal des modifications des données publiées | Changelog of the published data\n\n");
    md.append(
        "Chaque diffusion compare ses chiffres (les lignes de `csv/indicators.csv`) à ceux de la"
            + " diffusion précédente, la plus récente en premier. Le détail de la dernière"
            + " diffusion, chiffre par chiffre, est dans `changes.csv`.\n\n");
    md.append(
        "Each release compares its figures (the rows of `csv/indicators.csv`) with those of the"
            + " previous release, newest first. The latest release's changes, figure by figure,"
            + " are in `changes.csv`.\n");
    md.append(FIRST_HEADING)
        .append(release.asOf())
        .append(" · ")
        .append(release.runId())
        .append("\n\n");
    md.append("- Exécution | Run: `").append(release.runId()).append("`\n");
    md.append("- Données au | Data as of: ").append(release.asOf()).append('\n');
    md.append("- Version de Balises | Balises version: ")
        .append(release.balisesVersion())
        .append('\n');
    md.append("- Catalogue d'indicateurs | Indicator catalog: ")
        .append(release.catalogVersion())
        .append(" (")
        .append(release.indicators())
        .append(" indicateurs | indicators)\n");
    if (previous == null) {
      md.append(
          "- Première diffusion : aucune diffusion précédente à comparer. | First release: no"
              + " earlier release to compare with.\n");
      return md.toString();
    }
    md.append("- Comparée à | Compared with: `")
        .append(previous.runId())
        .append("` (données au | data as of ")
        .append(previous.asOf())
        .append(")\n\n");
    SortedSet<String> before = indicators(previous.figures());
    SortedSet<String> after = indicators(figures);
    SortedSet<String> added = new TreeSet<>(after);
    added.removeAll(before);
    SortedSet<String> removed = new TreeSet<>(before);
    removed.removeAll(after);
    if (changes.isEmpty() && added.isEmpty() && removed.isEmpty()) {
      md.append("Aucun chiffre n'a changé. | No figure changed.\n");
    } else {
      appendTable(md, changes);
      if (!added.isEmpty()) {
        md.append("\nIndicateurs ajoutés | Indicators added: ").append(codes(added)).append('\n');
      }
      if (!removed.isEmpty()) {
        md.append("\nIndicateurs retirés | Indicators removed: ")
            .append(codes(removed))
            .append('\n');
      }
    }
    String earlier = previous.changelog();
    int start = earlier == null ? -1 : earlier.indexOf(FIRST_HEADING);
    if (start >= 0) {
      md.append(earlier.substring(start));
    } else {
      md.append(
          "\nLa diffusion précédente n'avait pas de journal des modifications. | The previous"
              + " release had no changelog.\n");
    }
    return md.toString();
  }

  /** Changed figures per indicator and kind, one table row per indicator that changed. */
  private static void appendTable(StringBuilder md, List<Change> changes) {
    if (changes.isEmpty()) {
      md.append("Aucun chiffre n'a changé. | No figure changed.\n");
      return;
    }
    SortedMap<String, int[]> counts = new TreeMap<>();
    for (Change change : changes) {
      counts
          .computeIfAbsent(change.key().get(0), id -> new int[Kind.values().length])[
          change.kind().ordinal()]++;
    }
    md.append("| Indicateur / Indicator");
    for (Kind kind : Kind.values()) {
      md.append(" | ").append(kind.french).append(" / ").append(kind.english);
    }
    md.append(" |\n|---");
    for (int i = 0; i < Kind.values().length; i++) {
      md.append("|---:");
    }
    md.append("|\n");
    int[] total = new int[Kind.values().length];
    for (Map.Entry<String, int[]> indicator : counts.entrySet()) {
      md.append("| `").append(indicator.getKey()).append('`');
      for (int i = 0; i < total.length; i++) {
        md.append(" | ").append(indicator.getValue()[i]);
        total[i] += indicator.getValue()[i];
      }
      md.append(" |\n");
    }
    md.append("| **Total**");
    for (int count : total) {
      md.append(" | **").append(count).append("**");
    }
    md.append(" |\n");
  }

  private static SortedSet<String> indicators(SortedMap<FigureKey, Figure> figures) {
    SortedSet<String> ids = new TreeSet<>();
    figures.values().forEach(f -> ids.add(f.indicatorId()));
    return ids;
  }

  private static String codes(SortedSet<String> ids) {
    List<String> quoted = new ArrayList<>();
    ids.forEach(id -> quoted.add("`" + id + "`"));
    return String.join(", ", quoted);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> list : lists) {
      out.addAll(Objects.requireNonNull(list));
    }
    return out;
  }
}
