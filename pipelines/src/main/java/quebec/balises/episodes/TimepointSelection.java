package quebec.balises.episodes;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks one response per patient × episode × timepoint × instrument when several fall in the same
 * window: the closest to the window's target day, then the earliest, then the first by id — a rule
 * that gives the same answer on every run and every runner.
 */
public final class TimepointSelection {
  private TimepointSelection() {}

  /** A response that fell in a timepoint's window. */
  public record Candidate<T>(String responseId, long daysFromAnchor, T value) {}

  public static <T> Optional<Candidate<T>> pick(
      List<Candidate<T>> candidates, Timepoint timepoint) {
    return candidates.stream()
        .min(
            Comparator.<Candidate<T>>comparingLong(
                    c -> Math.abs(c.daysFromAnchor() - timepoint.targetDays()))
                .thenComparingLong(Candidate::daysFromAnchor)
                .thenComparing(Candidate::responseId));
  }
}
