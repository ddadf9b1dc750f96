package quebec.balises.indicators;

import java.io.Serializable;
import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A target that a committee of partners set for one indicator: the value to reach, on which side of
 * it the figure should lie, for which units, from when it is followed and by when it should be
 * reached. Read from a FHIR {@code Goal} of {@code fhir-profiles/targets/} ({@link TargetCatalog};
 * docs/decisions/0018).
 *
 * @param id the Goal's id, published with every figure it applies to
 * @param indicatorId the id of the Measure the target is for
 * @param level the level of the units it applies to: province, region, rls or establishment
 * @param unitCode the one unit it applies to; null for every unit of its level
 * @param trackedFrom the first day of the figures it applies to: a figure whose period ends before
 *     it has no target (the Goal's {@code startDate})
 * @param due the day by which the target should be reached (the Goal's {@code target.dueDate})
 * @param setBy who set the target (the Goal's {@code expressedBy})
 * @param setOn when they set it (the Goal's {@code statusDate})
 */
public record Target(
    String id,
    String indicatorId,
    String level,
    @Nullable String unitCode,
    String unitName,
    double value,
    Comparator comparator,
    LocalDate trackedFrom,
    LocalDate due,
    String setBy,
    LocalDate setOn,
    String descriptionFr,
    String descriptionEn,
    String rationaleFr,
    String rationaleEn,
    String file)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** On which side of the target value a figure meets it, as a FHIR Quantity comparator. */
  public enum Comparator {
    AT_LEAST(">="),
    MORE_THAN(">"),
    AT_MOST("<="),
    LESS_THAN("<");

    private final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    /** Whether a higher value is the side that meets the target. */
    public boolean higherMeets() {
      return this == AT_LEAST || this == MORE_THAN;
    }

    /** Whether {@code x} lies on the side of {@code target} that meets it. */
    boolean meets(double x, double target) {
      return switch (this) {
        case AT_LEAST -> x >= target;
        case MORE_THAN -> x > target;
        case AT_MOST -> x <= target;
        case LESS_THAN -> x < target;
      };
    }

    public static Comparator fromSymbol(String symbol) {
      for (Comparator comparator : values()) {
        if (comparator.symbol.equals(symbol)) {
          return comparator;
        }
      }
      throw new IllegalArgumentException("not a comparator: " + symbol);
    }
  }

  /** Whether a published figure meets its target; the code is what {@code public/} carries. */
  public enum Status {
    /** The whole confidence interval lies on the side of the target that meets it. */
    MET("met"),
    /** The whole confidence interval lies on the other side. */
    NOT_MET("not_met"),
    /**
     * The figure cannot say: it is withheld, has no interval, or its interval holds the target, so
     * that chance alone could put it on either side.
     */
    NOT_ASSESSABLE("not_assessable");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * Whether a figure meets this target. Read on the confidence interval rather than on the value
   * alone, so that a figure is said to meet or miss its target only when chance alone could not
   * have put it on the other side (docs/methods.md §8.8).
   *
   * @param value the figure's value (its adjusted value for an adjusted figure); null if withheld
   * @param lower the lower bound of its 95% interval; null if it has none
   * @param upper the upper bound of its 95% interval; null if it has none
   */
  public Status assess(@Nullable Double value, @Nullable Double lower, @Nullable Double upper) {
    if (value == null || lower == null || upper == null) {
      return Status.NOT_ASSESSABLE;
    }
    if (comparator.meets(lower, this.value) && comparator.meets(upper, this.value)) {
      return Status.MET;
    }
    if (!comparator.meets(lower, this.value) && !comparator.meets(upper, this.value)) {
      return Status.NOT_MET;
    }
    return Status.NOT_ASSESSABLE;
  }

  /** Whether the target applies to a figure of this unit whose period ends on {@code periodEnd}. */
  boolean appliesTo(String level, String unitCode, LocalDate periodEnd) {
    return this.level.equals(level)
        && (this.unitCode == null || this.unitCode.equals(unitCode))
        && !periodEnd.isBefore(trackedFrom);
  }
}
