package quebec.balises.episodes;

import java.io.Serializable;

/**
 * A moment of a trajectory when patients answer: a window of days around the episode's anchor date,
 * and the day the window aims at.
 */
public record Timepoint(String name, Role role, int fromDays, int toDays, int targetDays)
    implements Serializable {

  /** A baseline is what follow-ups are compared with. */
  public enum Role {
    BASELINE,
    FOLLOWUP
  }

  public boolean holds(long daysFromAnchor) {
    return daysFromAnchor >= fromDays && daysFromAnchor <= toDays;
  }
}
