package quebec.balises.episodes;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picks one response per patient × episode × timepoint × instrument × scale when several fall in
 * the same window: the closest to the window's target day, then the earliest, then the first by id
 * — a rule that gives the same answer on every run and every runner.
 *
 * <p>Under {@link Rule#CLOSEST_SCORABLE_PER_SCALE} the pick is made for each scale among the
 * responses that have a score for it, and falls back to every response when none has one: a
 * response closer to the target with an item missing must not hide a complete one a few days
 * further (docs/methods.md §1.1).
 */
public final class TimepointSelection {
  private TimepointSelection() {}

  /**
   * The selection rules {@code fhir-profiles/timepoints/timepoints.json} may name in its {@code
   * selection} field.
   */
  public enum Rule {
    /** One response per timepoint for all its scales, scorable or not (the first rule). */
    CLOSEST_TO_TARGET_THEN_EARLIEST("closest_to_target_then_earliest"),
    /** Per scale, the closest response that has a score for it; the closest when none has. */
    CLOSEST_SCORABLE_PER_SCALE("closest_scorable_per_scale");

    private final String code;

    Rule(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Rule fromCode(String code) {
      for (Rule rule : values()) {
        if (rule.code.equals(code)) {
          return rule;
        }
      }
      throw new IllegalArgumentException(
          "selection '"
              + code
              + "' is not one of "
              + List.of(values()).stream().map(Rule::code).toList());
    }
  }

  /** A response that fell in a timepoint's window. */
  public record Candidate<T>(String responseId, long daysFromAnchor, T value) {}

  /** The order of preference: closest to the target, then earliest, then first by id. */
  public static <T> Comparator<Candidate<T>> preference(Timepoint timepoint) {
    return Comparator.<Candidate<T>>comparingLong(
            c -> Math.abs(c.daysFromAnchor() - timepoint.targetDays()))
        .thenComparingLong(Candidate::daysFromAnchor)
        .thenComparing(Candidate::responseId);
  }

  public static <T> Optional<Candidate<T>> pick(
      List<Candidate<T>> candidates, Timepoint timepoint) {
    return candidates.stream().min(preference(timepoint));
  }

  /**
   * The pick for one scale: among the candidates {@code scorable} accepts when the rule is {@link
   * Rule#CLOSEST_SCORABLE_PER_SCALE} and at least one is accepted, else among all.
   */
  public static <T> Optional<Candidate<T>> pick(
      List<Candidate<T>> candidates,
      Timepoint timepoint,
      Rule rule,
      Predicate<Candidate<T>> scorable) {
    if (rule == Rule.CLOSEST_SCORABLE_PER_SCALE) {
      List<Candidate<T>> withScore = candidates.stream().filter(scorable).toList();
      if (!withScore.isEmpty()) {
        return pick(withScore, timepoint);
      }
    }
    return pick(candidates, timepoint);
  }
}
