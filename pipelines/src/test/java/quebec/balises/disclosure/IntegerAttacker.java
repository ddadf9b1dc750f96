package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import quebec.balises.DuckDb;

/**
 * An attacker who reasons with whole numbers, written independently of the production audit: from
 * the published rows alone (as a reader downloads them) it writes down every relation it can see —
 * units inside units, strata inside everyone, quarters inside the year, a numerator within its
 * denominator, counts whole and ≥ 0, and any two counts of a trajectory that are equal wherever
 * both are published (Measures that share a population) — and tightens each withheld count's bounds
 * by propagation until nothing moves. A withheld count whose bounds end inside [1, 4] (or the
 * complement of a numerator) is a disclosed small count; one whose bounds meet is recovered.
 *
 * <p>Propagation is not an exact solver: it finds what the attacker found (presence,
 * integrality, 0 ≤ numerator ≤ n, links between Measures) with a method the production code does
 * not use, so that the two check each other.
 */
public final class IntegerAttacker {
  private static final long INFINITY = Long.MAX_VALUE / 4;

  /** The Measures whose text says each person counts once per period, as a reader sees them. */
  private static final java.util.Set<String> ONCE_PER_PERIOD =
      quebec.balises.indicators.IndicatorCatalog.bundled().indicators().stream()
          .filter(quebec.balises.indicators.IndicatorDefinition::latestPerPerson)
          .map(quebec.balises.indicators.IndicatorDefinition::id)
          .collect(java.util.stream.Collectors.toSet());

  /** One published row as a reader sees it. */
  public record Row(
      String indicator,
      boolean proportion,
      String level,
      String unit,
      String region,
      String rls,
      String stratifier,
      String stratum,
      String periodType,
      String period,
      Long n,
      Long numerator) {
    String position() {
      return String.join("/", level, unit, stratifier, stratum, period);
    }

    /** The row's place in any run: its Measure, unit, stratum and period. */
    public String key() {
      return String.join("/", indicator, level, unit, stratifier, stratum, periodType, period);
    }
  }

  /** What the attacker derived about one withheld count. */
  public record Finding(Row row, String what, long lower, long upper) {}

  /** What the attack found: small counts disclosed, and withheld counts recovered exactly. */
  public record Result(List<Finding> disclosed, List<Finding> recovered, int withheld) {}

  private final List<long[]> bounds = new ArrayList<>();
  private final List<int[]> sums = new ArrayList<>();
  private final List<int[]> within = new ArrayList<>();
  private final int[] parent;

  private IntegerAttacker(int variables) {
    parent = new int[variables];
    for (int i = 0; i < variables; i++) {
      parent[i] = i;
      bounds.add(new long[] {0, INFINITY});
    }
  }

  /** The columns {@link #fromPublished} reads, as a DuckDB select list over public/indicators. */
  public static final String PUBLISHED_COLUMNS =
      "trajectory, indicator_id, scoring, level, unit_code, coalesce(region_code, '') region,"
          + " coalesce(rls_code, '') rls, stratifier, stratum, period_type, period, n, numerator";

  /**
   * The same columns over public/data_quality: each measure, instrument, scale, timepoint and code
   * is a Measure of its trajectory; a count (a timepoint outcome) has no numerator. Rows of the
   * whole run (rejected records) belong to no trajectory's tables and are left out.
   */
  public static final String DATA_QUALITY_COLUMNS =
      "trajectory, concat_ws(':', 'data-quality', measure, coalesce(instrument, ''),"
          + " coalesce(scale, ''), coalesce(timepoint, ''), coalesce(code, '')) indicator_id,"
          + " case when method = 'count' then 'count' else 'proportion' end scoring, level,"
          + " unit_code, coalesce(region_code, '') region, coalesce(rls_code, '') rls,"
          + " stratifier, stratum, period_type, period, n, numerator";

  /**
   * What a reader of a run's {@code public/} holds, grouped by trajectory: the indicators and the
   * data-quality counts (without the run's rejections, which belong to no trajectory).
   */
  public static java.util.SortedMap<String, List<Row>> readPublic(java.nio.file.Path output) {
    List<Map<String, Object>> rows =
        new ArrayList<>(
            DuckDb.query(
                "select "
                    + PUBLISHED_COLUMNS
                    + " from "
                    + DuckDb.parquet(output.resolve("public/indicators"))
                    + " order by all"));
    rows.addAll(
        DuckDb.query(
            "select "
                + DATA_QUALITY_COLUMNS
                + " from "
                + DuckDb.parquet(output.resolve("public/data_quality"))
                + " where period_type <> 'run' order by all"));
    return fromPublished(rows);
  }

  /**
   * Published rows (columns {@link #PUBLISHED_COLUMNS}) grouped by trajectory, as a reader has
   * them.
   */
  public static java.util.SortedMap<String, List<Row>> fromPublished(
      List<Map<String, Object>> rows) {
    java.util.SortedMap<String, List<Row>> byTrajectory = new java.util.TreeMap<>();
    for (Map<String, Object> row : rows) {
      byTrajectory
          .computeIfAbsent((String) row.get("trajectory"), k -> new ArrayList<>())
          .add(
              new Row(
                  (String) row.get("indicator_id"),
                  "proportion".equals(row.get("scoring")),
                  (String) row.get("level"),
                  (String) row.get("unit_code"),
                  (String) row.get("region"),
                  (String) row.get("rls"),
                  (String) row.get("stratifier"),
                  (String) row.get("stratum"),
                  (String) row.get("period_type"),
                  (String) row.get("period"),
                  (Long) row.get("n"),
                  (Long) row.get("numerator")));
    }
    return byTrajectory;
  }

  /**
   * The findings that are right: those whose range holds the true count, read from a run of the
   * same export that publishes every count ({@code --minimumCellCount=1 --minimumPublishedN=1
   * --minimumAdjustedN=1}). A finding that holds a wrong value came from a guessed link between two
   * series that agree wherever both are published and differ where one is withheld: a reader who
   * follows it is misled, not informed.
   */
  public static List<Finding> confirmedBy(List<Finding> findings, Map<String, Row> truth) {
    List<Finding> right = new ArrayList<>();
    for (Finding finding : findings) {
      Row open = truth.get(finding.row().key());
      if (open == null || open.n() == null) {
        throw new IllegalArgumentException("the open run has no count for " + finding.row().key());
      }
      long numerator = open.numerator() == null ? 0 : open.numerator();
      long value =
          switch (finding.what()) {
            case "n" -> open.n();
            case "numerator" -> numerator;
            case "complement" -> open.n() - numerator;
            default -> throw new IllegalArgumentException(finding.what());
          };
      if (finding.lower() <= value && value <= finding.upper()) {
        right.add(finding);
      }
    }
    return right;
  }

  /** Attacks the rows of one trajectory (every Measure, every period). */
  public static Result attack(List<Row> rows) {
    return attack(rows, true);
  }

  /**
   * Attacks the rows of one trajectory; with {@code guessLinks}, also takes series that agree
   * wherever both are published for one population.
   */
  public static Result attack(List<Row> rows, boolean guessLinks) {
    // Variables: 2 per row (n, numerator).
    IntegerAttacker attacker = new IntegerAttacker(rows.size() * 2);
    Map<String, Integer> byKey = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byKey.put(rows.get(i).indicator() + "/" + rows.get(i).position(), i);
    }
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.n() != null) {
        attacker.fix(2 * i, row.n());
      }
      if (row.numerator() != null) {
        attacker.fix(2 * i + 1, row.numerator());
      }
      if (!row.proportion()) {
        attacker.fix(2 * i + 1, 0);
      }
      attacker.within.add(new int[] {2 * i + 1, 2 * i});
    }
    // Relations a reader sees, for n and for numerators alike.
    Map<String, List<Integer>> relations = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String prefix = row.indicator() + "/";
      String geoParent =
          switch (row.level()) {
            case "establishment" -> "rls/" + row.rls();
            case "rls" -> "region/" + row.region();
            case "region" -> "province/QC";
            default -> null;
          };
      if (geoParent != null) {
        attacker.part(
            relations,
            byKey,
            prefix + geoParent + "/" + row.stratifier() + "/" + row.stratum() + "/" + row.period(),
            "geo",
            i);
      }
      if (!row.stratifier().equals("all")) {
        attacker.part(
            relations,
            byKey,
            prefix + row.level() + "/" + row.unit() + "/all/all/" + row.period(),
            "strata " + row.stratifier(),
            i);
      }
      // A Measure that counts each person once per period (its Measure says so) does not add its
      // quarters up to its year.
      if (row.periodType().equals("quarter") && !ONCE_PER_PERIOD.contains(row.indicator())) {
        attacker.part(
            relations,
            byKey,
            prefix
                + row.level()
                + "/"
                + row.unit()
                + "/"
                + row.stratifier()
                + "/"
                + row.stratum()
                + "/"
                + row.period().substring(0, 4),
            "time",
            i);
      }
    }
    for (List<Integer> relation : relations.values()) {
      for (int offset = 0; offset < 2; offset++) {
        int[] sum = new int[relation.size()];
        for (int m = 0; m < relation.size(); m++) {
          sum[m] = 2 * relation.get(m) + offset;
        }
        attacker.sums.add(sum);
      }
    }
    attacker.propagate();
    if (guessLinks) {
      attacker.linkEqualCounts(rows);
    }

    List<Finding> disclosed = new ArrayList<>();
    List<Finding> recovered = new ArrayList<>();
    int withheld = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      long[] n = attacker.boundsOf(2 * i);
      long[] x = attacker.boundsOf(2 * i + 1);
      if (row.n() == null) {
        withheld++;
        attacker.judge(row, "n", n, disclosed, recovered);
      }
      if (row.proportion() && row.numerator() == null && !(row.n() != null && row.n() == 0)) {
        withheld++;
        attacker.judge(row, "numerator", x, disclosed, recovered);
        long[] complement = {Math.max(0, n[0] - x[1]), n[1] >= INFINITY ? INFINITY : n[1] - x[0]};
        if (row.n() != null && x[0] == x[1]) {
          complement = new long[] {row.n() - x[0], row.n() - x[0]};
        }
        attacker.judge(row, "complement", complement, disclosed, recovered);
      }
    }
    return new Result(disclosed, recovered, withheld);
  }

  private void judge(
      Row row, String what, long[] range, List<Finding> disclosed, List<Finding> recovered) {
    if (range[0] >= 1 && range[1] <= 4) {
      disclosed.add(new Finding(row, what, range[0], range[1]));
    }
    if (range[0] == range[1]) {
      recovered.add(new Finding(row, what, range[0], range[1]));
    }
  }

  private void part(
      Map<String, List<Integer>> relations,
      Map<String, Integer> byKey,
      String totalKey,
      String kind,
      int part) {
    Integer total = byKey.get(totalKey);
    if (total == null) {
      return;
    }
    relations
        .computeIfAbsent(
            kind + " " + totalKey,
            k -> {
              List<Integer> members = new ArrayList<>();
              members.add(total);
              return members;
            })
        .add(part);
  }

  /**
   * Two counts of the trajectory that are equal wherever both are published, published together in
   * at least ten positions, are taken to be the same population (a reader who reads the Measures'
   * criteria knows which are, and one who does not may guess it from the numbers). Each link is a
   * guess, kept only if the system still has a solution with it: a reader whose guess contradicts
   * the published counts drops it.
   */
  private void linkEqualCounts(List<Row> rows) {
    Map<String, Map<String, long[]>> series = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> variables = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      for (int offset = 0; offset < (row.proportion() ? 2 : 1); offset++) {
        String name = row.indicator() + (offset == 0 ? " n" : " numerator");
        Long value = offset == 0 ? row.n() : row.numerator();
        series
            .computeIfAbsent(name, k -> new HashMap<>())
            .put(row.position(), new long[] {value == null ? -1 : value});
        variables.computeIfAbsent(name, k -> new HashMap<>()).put(row.position(), 2 * i + offset);
      }
    }
    List<String> names = new ArrayList<>(series.keySet());
    // Series already taken to be one population: a new pair joins two groups only if every member
    // of one agrees with every member of the other wherever both are published. Equality is
    // transitive, so a reader who links A = B and B = C must also see A = C; a chain whose ends
    // differ in a published cell is refuted by the data, and a reader drops it rather than reason
    // from a contradiction (which would "find" counts outside any possible range).
    Map<String, List<String>> group = new HashMap<>();
    names.forEach(name -> group.put(name, new ArrayList<>(List.of(name))));
    for (int a = 0; a < names.size(); a++) {
      for (int b = a + 1; b < names.size(); b++) {
        Map<String, long[]> first = series.get(names.get(a));
        Map<String, long[]> second = series.get(names.get(b));
        if (!first.keySet().equals(second.keySet())) {
          continue;
        }
        int together = 0;
        boolean equal = true;
        for (Map.Entry<String, long[]> cell : first.entrySet()) {
          long u = cell.getValue()[0];
          long v = second.get(cell.getKey())[0];
          if (u >= 0 && v >= 0) {
            together++;
            equal &= u == v;
          }
        }
        List<String> groupA = group.get(names.get(a));
        List<String> groupB = group.get(names.get(b));
        if (equal && together >= 10 && groupA != groupB && consistent(series, groupA, groupB)) {
          // A link is a guess: kept only if the relations and the published counts still admit a
          // solution with it. A reader whose guess leads to a contradiction knows it was wrong and
          // drops it, rather than read counts off an impossible system.
          int[] savedParent = parent.clone();
          List<long[]> savedBounds = new ArrayList<>(bounds.size());
          bounds.forEach(saved -> savedBounds.add(saved.clone()));
          for (String position : first.keySet()) {
            union(
                variables.get(names.get(a)).get(position),
                variables.get(names.get(b)).get(position));
          }
          if (!propagate()) {
            System.arraycopy(savedParent, 0, parent, 0, parent.length);
            for (int v = 0; v < savedBounds.size(); v++) {
              bounds.set(v, savedBounds.get(v));
            }
            continue;
          }
          groupA.addAll(groupB);
          groupB.forEach(name -> group.put(name, groupA));
        }
      }
    }
  }

  /** Whether every series of one group equals every series of the other wherever both show. */
  private static boolean consistent(
      Map<String, Map<String, long[]>> series, List<String> groupA, List<String> groupB) {
    for (String x : groupA) {
      for (String y : groupB) {
        Map<String, long[]> first = series.get(x);
        Map<String, long[]> second = series.get(y);
        for (Map.Entry<String, long[]> cell : first.entrySet()) {
          long[] other = second.get(cell.getKey());
          if (other == null) {
            return false;
          }
          long u = cell.getValue()[0];
          long v = other[0];
          if (u >= 0 && v >= 0 && u != v) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private int find(int v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      long[] merged = {
        Math.max(bounds.get(ra)[0], bounds.get(rb)[0]),
        Math.min(bounds.get(ra)[1], bounds.get(rb)[1])
      };
      parent[ra] = rb;
      bounds.set(rb, merged);
    }
  }

  private void fix(int v, long value) {
    bounds.set(v, new long[] {value, value});
  }

  private long[] boundsOf(int v) {
    return bounds.get(find(v));
  }

  /**
   * Tightens every bound through every relation until nothing changes; false if the system has no
   * solution (a bound whose lower end passed its upper end).
   */
  private boolean propagate() {
    boolean changed = true;
    int rounds = 0;
    while (changed && rounds++ < 10_000) {
      if (!feasible()) {
        return false;
      }
      changed = false;
      for (int[] sum : sums) {
        changed |= tightenSum(sum);
      }
      for (int[] pair : within) {
        long[] x = boundsOf(pair[0]);
        long[] n = boundsOf(pair[1]);
        if (x[1] > n[1]) {
          x[1] = n[1];
          changed = true;
        }
        if (n[0] < x[0]) {
          n[0] = x[0];
          changed = true;
        }
      }
    }
    return feasible();
  }

  private boolean feasible() {
    for (int v = 0; v < parent.length; v++) {
      if (parent[v] == v && bounds.get(v)[0] > bounds.get(v)[1]) {
        return false;
      }
    }
    return true;
  }

  /** total = Σ parts: each member's bounds from the others'. */
  private boolean tightenSum(int[] sum) {
    long partsLow = 0;
    long partsHigh = 0;
    for (int m = 1; m < sum.length; m++) {
      long[] b = boundsOf(sum[m]);
      partsLow += b[0];
      partsHigh = add(partsHigh, b[1]);
    }
    boolean changed = false;
    long[] total = boundsOf(sum[0]);
    if (partsLow > total[0]) {
      total[0] = partsLow;
      changed = true;
    }
    if (partsHigh < total[1]) {
      total[1] = partsHigh;
      changed = true;
    }
    for (int m = 1; m < sum.length; m++) {
      long[] b = boundsOf(sum[m]);
      long othersLow = partsLow - b[0];
      long othersHigh = partsHigh >= INFINITY || b[1] >= INFINITY ? INFINITY : partsHigh - b[1];
      long high = total[1] >= INFINITY ? INFINITY : total[1] - othersLow;
      long low = othersHigh >= INFINITY ? 0 : total[0] - othersHigh;
      if (high < b[1]) {
        b[1] = high;
        changed = true;
      }
      if (low > b[0]) {
        b[0] = low;
        changed = true;
      }
    }
    return changed;
  }

  private static long add(long a, long b) {
    return a >= INFINITY || b >= INFINITY ? INFINITY : a + b;
  }
}
