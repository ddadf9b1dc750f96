package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The attacker's problem, solved for every sensitive withheld count of a {@link CountTable}: what
 * values can it take, given every published count, every additive relation, the bounds a reader
 * knows (whole numbers, ≥ 0, a numerator within its denominator) and nothing else? A count of 1 to
 * {@code threshold − 1} is protected when 0 and {@code threshold} are both still possible; the
 * complement of a numerator in its denominator likewise. This is the audit of τ-ARGUS and sdcTable
 * (protection intervals), here with an exact requirement at both ends.
 *
 * <p>Each end is a feasibility question: is there a whole-number table, agreeing with everything
 * published, in which the count is 0 (resp. at least the threshold)? It is asked of the linear
 * relaxation first (ojAlgo's simplex); the relations are sums of ±1, whose vertices are almost
 * always whole, and a whole vertex answers the question. Only a fractional answer goes to the
 * integer solver, and an integer problem that does not finish in time counts as unprotected, so
 * doubt always hides more. A witness table found for one count often answers others of the same
 * group at once.
 */
final class CountAudit {
  private static final double EPSILON = 1e-6;
  private static final long INTEGER_TIME_LIMIT_MS = 2_000;
  private static final int BATCH_ROUNDS = 3;
  private static final double ROUNDING = 1e-4;
  private static final int PROPAGATION_ROUNDS = 200;
  private static final long INFINITY = Long.MAX_VALUE / 4;

  static {
    // ojAlgo prints a notice about hardware profiles on first use unless told not to.
    System.setProperty("shut.up.ojAlgo", "true");
  }

  private CountAudit() {}

  /**
   * A sensitive count: {@code plus − minus} in {@code cell}, where {@code minus} is -1 for a count
   * on its own, or the numerator whose complement in {@code plus} is sensitive.
   */
  record Item(int plus, int minus, int cell) {}

  /** The sensitive withheld counts whose protection interval does not hold. */
  static List<Item> unprotected(CountTable table) {
    List<Item> all = new ArrayList<>();
    unprotectedByGroup(table, new HashMap<>()).forEach(all::addAll);
    return all;
  }

  /**
   * As {@link #unprotected}, one list per group of linked withheld counts. {@code audited} keeps
   * the answer for each group already audited in this table: a group whose withheld counts are the
   * same is the same problem (a newly withheld cell joins the group of every relation it is in).
   */
  static List<List<Item>> unprotectedByGroup(
      CountTable table, Map<List<Long>, List<Item>> audited) {
    List<Item> items = sensitive(table);
    if (items.isEmpty()) {
      return List.of();
    }
    Groups groups = new Groups(table);
    Map<Long, List<Item>> byGroup = new LinkedHashMap<>();
    for (Item item : items) {
      byGroup.computeIfAbsent(groups.of(item), k -> new ArrayList<>()).add(item);
    }
    List<List<Item>> unprotected = new ArrayList<>();
    for (Map.Entry<Long, List<Item>> group : byGroup.entrySet()) {
      List<Long> members = groups.members(group.getKey());
      List<Item> failing = audited.get(members);
      if (failing == null) {
        failing = new Problem(table, members).audit(group.getValue());
        audited.put(members, failing);
      }
      if (!failing.isEmpty()) {
        unprotected.add(failing);
      }
    }
    return unprotected;
  }

  /** Every withheld count of 1 to threshold − 1, and every small complement where one is hidden. */
  static List<Item> sensitive(CountTable table) {
    List<Item> items = new ArrayList<>();
    long threshold = table.threshold();
    for (int q = 0; q < table.quantities(); q++) {
      BitSet hidden = table.hidden(q);
      for (int c = hidden.nextSetBit(0); c >= 0; c = hidden.nextSetBit(c + 1)) {
        long value = table.value(q, c);
        if (value >= 1 && value < threshold) {
          items.add(new Item(q, -1, c));
        }
      }
    }
    for (int[] bound : table.bounds()) {
      BitSet either = (BitSet) table.hidden(bound[0]).clone();
      either.or(table.hidden(bound[1]));
      for (int c = either.nextSetBit(0); c >= 0; c = either.nextSetBit(c + 1)) {
        long complement = table.value(bound[1], c) - table.value(bound[0], c);
        if (complement >= 1 && complement < threshold) {
          items.add(new Item(bound[1], bound[0], c));
        }
      }
    }
    return items;
  }

  /** Withheld counts linked by a relation or a bound: each group is an attacker's problem. */
  private static final class Groups {
    private final CountTable table;
    private final Map<Long, Long> parent = new HashMap<>();
    private Map<Long, List<Long>> members;

    Groups(CountTable table) {
      this.table = table;
      int cells = table.cells();
      for (int q = 0; q < table.quantities(); q++) {
        BitSet hidden = table.hidden(q);
        for (int c = hidden.nextSetBit(0); c >= 0; c = hidden.nextSetBit(c + 1)) {
          parent.put(key(q, c), key(q, c));
        }
        for (int[] relation : table.relations()) {
          long first = -1;
          for (int member : relation) {
            if (hidden.get(member)) {
              if (first < 0) {
                first = key(q, member);
              } else {
                union(first, key(q, member));
              }
            }
          }
        }
      }
      for (int[] bound : table.bounds()) {
        for (int c = 0; c < cells; c++) {
          if (table.isHidden(bound[0], c) && table.isHidden(bound[1], c)) {
            union(key(bound[0], c), key(bound[1], c));
          }
        }
      }
    }

    long key(int quantity, int cell) {
      return (long) quantity * table.cells() + cell;
    }

    long of(Item item) {
      long variable =
          table.isHidden(item.plus(), item.cell())
              ? key(item.plus(), item.cell())
              : key(item.minus(), item.cell());
      return find(variable);
    }

    List<Long> members(long root) {
      if (members == null) {
        members = new HashMap<>();
        List<Long> variables = new ArrayList<>(parent.keySet());
        variables.sort(null);
        for (Long variable : variables) {
          members.computeIfAbsent(find(variable), k -> new ArrayList<>()).add(variable);
        }
      }
      return members.get(root);
    }

    private long find(long variable) {
      long root = variable;
      while (parent.get(root) != root) {
        root = parent.get(root);
      }
      parent.put(variable, root);
      return root;
    }

    private void union(long a, long b) {
      long ra = find(a);
      long rb = find(b);
      if (ra != rb) {
        parent.put(ra, rb);
      }
    }
  }

  /** One group's linear system, built once and asked about each of its sensitive counts. */
  private static final class Problem {
    private final CountTable table;
    private final Map<Long, Integer> index = new HashMap<>();
    private final List<long[]> rows = new ArrayList<>();
    private final List<Long> levels = new ArrayList<>();
    private final List<Boolean> equalities = new ArrayList<>();

    Problem(CountTable table, List<Long> variables) {
      this.table = table;
      int cells = table.cells();
      for (Long variable : variables) {
        index.put(variable, index.size());
      }
      Set<Long> relationKeys = new LinkedHashSet<>();
      Set<Long> boundKeys = new LinkedHashSet<>();
      Map<int[], Integer> relationIds = new java.util.IdentityHashMap<>();
      for (int r = 0; r < table.relations().size(); r++) {
        relationIds.put(table.relations().get(r), r);
      }
      for (Long variable : variables) {
        int q = (int) (variable / cells);
        int c = (int) (variable % cells);
        for (int[] relation : table.relationsOf(c)) {
          relationKeys.add((long) q * table.relations().size() + relationIds.get(relation));
        }
        for (int b = 0; b < table.bounds().size(); b++) {
          int[] bound = table.bounds().get(b);
          if (bound[0] == q || bound[1] == q) {
            boundKeys.add((long) b * cells + c);
          }
        }
      }
      int relationCount = table.relations().size();
      for (long key : relationKeys) {
        int q = (int) (key / relationCount);
        int[] relation = table.relations().get((int) (key % relationCount));
        Map<Integer, Long> coefficients = new LinkedHashMap<>();
        long level = 0;
        for (int m = 0; m < relation.length; m++) {
          long sign = m == 0 ? 1 : -1;
          level -= term(q, relation[m], sign, coefficients);
        }
        addRow(coefficients, level, true);
      }
      for (long key : boundKeys) {
        int[] bound = table.bounds().get((int) (key / cells));
        int c = (int) (key % cells);
        Map<Integer, Long> coefficients = new LinkedHashMap<>();
        long level = 0;
        level -= term(bound[0], c, 1, coefficients);
        level -= term(bound[1], c, -1, coefficients);
        addRow(coefficients, level, false);
      }
    }

    /** Adds {@code sign · x(q, c)} to a row: a variable's coefficient, or a published constant. */
    private long term(int q, int c, long sign, Map<Integer, Long> coefficients) {
      Integer variable = index.get((long) q * table.cells() + c);
      if (variable == null) {
        return sign * table.value(q, c);
      }
      coefficients.merge(variable, sign, Long::sum);
      return 0;
    }

    private void addRow(Map<Integer, Long> coefficients, long level, boolean equality) {
      long[] row = new long[index.size()];
      coefficients.forEach((variable, coefficient) -> row[variable] = coefficient);
      rows.add(row);
      levels.add(level);
      equalities.add(equality);
    }

    /**
     * The group's first unprotected item, or none. Bounds by propagation come first: they hold for
     * every whole-number table, so an item they already keep away from 0 or from the threshold is
     * unprotected with no solver at all. Then witness tables from the solver, a few answering many
     * items at once; an item that no witness answers at one end is unprotected.
     */
    List<Item> audit(List<Item> items) {
      long threshold = table.threshold();
      long[][] bounds = propagate();
      for (Item item : items) {
        long[] range = range(item, bounds);
        if (range[0] > 0 || range[1] < threshold) {
          return List.of(item);
        }
      }
      boolean[] lowOk = new boolean[items.size()];
      boolean[] highOk = new boolean[items.size()];
      // First a few tables that answer many counts at once: all of them as low as they can go,
      // then as many as possible at the threshold or above.
      for (int round = 0; round < BATCH_ROUNDS; round++) {
        List<Item> open = open(items, lowOk);
        if (open.isEmpty()) {
          break;
        }
        double[] witness = batch(open, false, threshold);
        if (witness == null) {
          break;
        }
        mark(items, witness, lowOk, highOk, threshold);
      }
      for (int round = 0; round < BATCH_ROUNDS; round++) {
        List<Item> open = open(items, highOk);
        if (open.isEmpty()) {
          break;
        }
        double[] witness = batch(open, true, threshold);
        if (witness == null) {
          break;
        }
        mark(items, witness, lowOk, highOk, threshold);
      }
      for (int i = 0; i < items.size(); i++) {
        if (!lowOk[i]) {
          double[] witness = witness(items.get(i), Double.NEGATIVE_INFINITY, 0);
          if (witness != null) {
            mark(items, witness, lowOk, highOk, threshold);
          }
        }
        if (lowOk[i] && !highOk[i]) {
          double[] witness = witness(items.get(i), threshold, Double.POSITIVE_INFINITY);
          if (witness != null) {
            mark(items, witness, lowOk, highOk, threshold);
          }
        }
        if (!lowOk[i] || !highOk[i]) {
          return List.of(items.get(i));
        }
      }
      return List.of();
    }

    /** An item's bounds from the variables' bounds. */
    private long[] range(Item item, long[][] bounds) {
      long[] plus = boundsOf(item.plus(), item.cell(), bounds);
      if (item.minus() < 0) {
        return plus;
      }
      long[] minus = boundsOf(item.minus(), item.cell(), bounds);
      return new long[] {
        plus[0] - (minus[1] >= INFINITY ? INFINITY : minus[1]),
        plus[1] >= INFINITY ? INFINITY : plus[1] - minus[0]
      };
    }

    private long[] boundsOf(int q, int c, long[][] bounds) {
      Integer variable = index.get((long) q * table.cells() + c);
      if (variable == null) {
        long value = table.value(q, c);
        return new long[] {value, value};
      }
      return new long[] {bounds[0][variable], bounds[1][variable]};
    }

    /**
     * Whole-number bounds of every variable, tightened through every row until nothing moves (a
     * sum's members bound each other; a numerator is bounded by its denominator).
     */
    private long[][] propagate() {
      int size = index.size();
      long[] lower = new long[size];
      long[] upper = new long[size];
      java.util.Arrays.fill(upper, INFINITY);
      List<int[]> members = new ArrayList<>();
      for (long[] row : rows) {
        int count = 0;
        for (long coefficient : row) {
          count += coefficient != 0 ? 1 : 0;
        }
        int[] nonZero = new int[count];
        int k = 0;
        for (int v = 0; v < row.length; v++) {
          if (row[v] != 0) {
            nonZero[k++] = v;
          }
        }
        members.add(nonZero);
      }
      boolean changed = true;
      for (int round = 0; changed && round < PROPAGATION_ROUNDS; round++) {
        changed = false;
        for (int r = 0; r < rows.size(); r++) {
          long[] row = rows.get(r);
          int[] nonZero = members.get(r);
          long level = levels.get(r);
          boolean equality = equalities.get(r);
          // The row's least and greatest value over the current bounds (∞ where unbounded).
          long least = 0;
          long greatest = 0;
          int unboundedLeast = 0;
          int unboundedGreatest = 0;
          for (int v : nonZero) {
            long a = row[v];
            if (a > 0) {
              least += a * lower[v];
              if (upper[v] >= INFINITY) {
                unboundedGreatest++;
              } else {
                greatest += a * upper[v];
              }
            } else {
              greatest += a * lower[v];
              if (upper[v] >= INFINITY) {
                unboundedLeast++;
              } else {
                least += a * upper[v];
              }
            }
          }
          for (int v : nonZero) {
            long a = row[v];
            // The others' least (for the row ≤ level) and greatest (for = level) contributions.
            long othersLeast = least;
            int othersUnboundedLeast = unboundedLeast;
            long othersGreatest = greatest;
            int othersUnboundedGreatest = unboundedGreatest;
            if (a > 0) {
              othersLeast -= a * lower[v];
              if (upper[v] >= INFINITY) {
                othersUnboundedGreatest--;
              } else {
                othersGreatest -= a * upper[v];
              }
            } else {
              othersGreatest -= a * lower[v];
              if (upper[v] >= INFINITY) {
                othersUnboundedLeast--;
              } else {
                othersLeast -= a * upper[v];
              }
            }
            // a·x ≤ level − othersLeast, and (equality) a·x ≥ level − othersGreatest.
            if (othersUnboundedLeast == 0) {
              long room = level - othersLeast;
              if (a > 0) {
                long bound = Math.floorDiv(room, a);
                if (bound < upper[v]) {
                  upper[v] = bound;
                  changed = true;
                }
              } else {
                long bound = ceilDiv(room, a);
                if (bound > lower[v]) {
                  lower[v] = bound;
                  changed = true;
                }
              }
            }
            if (equality && othersUnboundedGreatest == 0) {
              long need = level - othersGreatest;
              if (a > 0) {
                long bound = ceilDiv(need, a);
                if (bound > lower[v]) {
                  lower[v] = bound;
                  changed = true;
                }
              } else {
                long bound = Math.floorDiv(need, a);
                if (bound < upper[v]) {
                  upper[v] = bound;
                  changed = true;
                }
              }
            }
          }
        }
      }
      return new long[][] {lower, upper};
    }

    private static long ceilDiv(long a, long b) {
      return -Math.floorDiv(-a, b);
    }

    private static List<Item> open(List<Item> items, boolean[] answered) {
      List<Item> open = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (!answered[i]) {
          open.add(items.get(i));
        }
      }
      return open;
    }

    /**
     * A whole-number table that puts many of {@code open} at one end: the smallest sum of them
     * (low), or the most of them at the threshold (high: maximise Σ min(item, threshold)).
     */
    private double[] batch(List<Item> open, boolean high, long threshold) {
      ExpressionsBasedModel model = base(false);
      Variable[] variables = variablesOf(model);
      for (int i = 0; i < open.size(); i++) {
        Item item = open.get(i);
        if (!high) {
          addItemTerms(item, model.addExpression("o" + i).weight(1), variables);
          continue;
        }
        Variable capped = model.addVariable("u" + i).upper(threshold).weight(1);
        Expression room = model.addExpression("c" + i);
        double constant = addItemTerms(item, room, variables);
        room.set(capped, -1).lower(-constant);
      }
      Optimisation.Result result = high ? model.maximise() : model.minimise();
      return result.getState().isFeasible() ? wholeTable(result) : null;
    }

    /** Adds the item's variables to {@code expression}; returns its constant part. */
    private double addItemTerms(Item item, Expression expression, Variable[] variables) {
      double constant = itemTerm(item.plus(), item.cell(), 1, expression, variables);
      if (item.minus() >= 0) {
        constant += itemTerm(item.minus(), item.cell(), -1, expression, variables);
      }
      return constant;
    }

    /** Which items a whole-number witness table answers, at either end. */
    private void mark(
        List<Item> items, double[] witness, boolean[] lowOk, boolean[] highOk, long threshold) {
      for (int j = 0; j < items.size(); j++) {
        double value = evaluate(items.get(j), witness);
        if (value <= EPSILON) {
          lowOk[j] = true;
        }
        if (value >= threshold - EPSILON) {
          highOk[j] = true;
        }
      }
    }

    private double evaluate(Item item, double[] solution) {
      double value = valueOf(item.plus(), item.cell(), solution);
      if (item.minus() >= 0) {
        value -= valueOf(item.minus(), item.cell(), solution);
      }
      return value;
    }

    private double valueOf(int q, int c, double[] solution) {
      Integer variable = index.get((long) q * table.cells() + c);
      return variable == null ? table.value(q, c) : solution[variable];
    }

    /**
     * A whole-number table in which the item lies in [lower, upper], or null when there is none (or
     * the integer solver could not tell in time). The linear answer, rounded, is checked exactly
     * against every row first; only when it does not hold does the integer solver run.
     */
    private double[] witness(Item item, double lower, double upper) {
      Optimisation.Result relaxed = solve(item, lower, upper, false);
      if (relaxed == null) {
        return null;
      }
      double[] whole = wholeTable(relaxed);
      if (whole != null && inRange(item, whole, lower, upper)) {
        return whole;
      }
      Optimisation.Result integer = solve(item, lower, upper, true);
      whole = integer == null ? null : wholeTable(integer);
      return whole != null && inRange(item, whole, lower, upper) ? whole : null;
    }

    private boolean inRange(Item item, double[] table, double lower, double upper) {
      double value = evaluate(item, table);
      return value >= lower - EPSILON && value <= upper + EPSILON;
    }

    /**
     * The solver's table rounded to whole numbers, or null when the rounded table breaks a row:
     * checked in exact integer arithmetic, so no solver tolerance ever passes for a witness.
     */
    private double[] wholeTable(Optimisation.Result result) {
      int size = index.size();
      long[] rounded = new long[size];
      for (int v = 0; v < size; v++) {
        double value = result.doubleValue(v);
        if (!Double.isFinite(value) || Math.abs(value - Math.rint(value)) > ROUNDING) {
          return null;
        }
        rounded[v] = Math.round(value);
        if (rounded[v] < 0) {
          return null;
        }
      }
      for (int r = 0; r < rows.size(); r++) {
        long[] row = rows.get(r);
        long sum = 0;
        for (int v = 0; v < size; v++) {
          if (row[v] != 0) {
            sum += row[v] * rounded[v];
          }
        }
        long level = levels.get(r);
        if (equalities.get(r) ? sum != level : sum > level) {
          return null;
        }
      }
      double[] table = new double[size];
      for (int v = 0; v < size; v++) {
        table[v] = rounded[v];
      }
      return table;
    }

    /** The group's rows: its variables (≥ 0, whole when {@code integer}) and relations. */
    private ExpressionsBasedModel base(boolean integer) {
      ExpressionsBasedModel model = new ExpressionsBasedModel();
      if (integer) {
        model.options.time_abort = INTEGER_TIME_LIMIT_MS;
        model.options.time_suffice = INTEGER_TIME_LIMIT_MS;
      }
      Variable[] variables = new Variable[index.size()];
      for (int v = 0; v < variables.length; v++) {
        variables[v] = model.addVariable("x" + v).lower(0).integer(integer);
      }
      for (int r = 0; r < rows.size(); r++) {
        Expression expression = model.addExpression("r" + r);
        long[] row = rows.get(r);
        for (int v = 0; v < row.length; v++) {
          if (row[v] != 0) {
            expression.set(variables[v], row[v]);
          }
        }
        if (equalities.get(r)) {
          expression.level(levels.get(r));
        } else {
          expression.upper(levels.get(r));
        }
      }
      return model;
    }

    private Variable[] variablesOf(ExpressionsBasedModel model) {
      Variable[] variables = new Variable[index.size()];
      for (int v = 0; v < variables.length; v++) {
        variables[v] = model.getVariable(v);
      }
      return variables;
    }

    private Optimisation.Result solve(Item item, double lower, double upper, boolean integer) {
      ExpressionsBasedModel model = base(integer);
      Variable[] variables = variablesOf(model);
      // The item itself, as a constraint and as the objective (which keeps the problem bounded).
      Expression target = model.addExpression("item").weight(1);
      double constant = addItemTerms(item, target, variables);
      if (lower != Double.NEGATIVE_INFINITY) {
        target.lower(lower - constant);
      }
      if (upper != Double.POSITIVE_INFINITY) {
        target.upper(upper - constant);
      }
      Optimisation.Result result =
          lower == Double.NEGATIVE_INFINITY ? model.maximise() : model.minimise();
      return result.getState().isFeasible() ? result : null;
    }

    private double itemTerm(int q, int c, long sign, Expression target, Variable[] variables) {
      Integer variable = index.get((long) q * table.cells() + c);
      if (variable == null) {
        return sign * table.value(q, c);
      }
      target.set(variables[variable], sign);
      return 0;
    }
  }
}
