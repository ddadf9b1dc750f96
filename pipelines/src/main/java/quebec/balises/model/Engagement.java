package quebec.balises.model;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A patient partner's engagement, read from an EpisodeOfCare of the partnership trajectory: the
 * sphere it takes place in, its level on the engagement continuum, the tier of the network it is
 * held at, and its end. A value the source did not give is null (the stratum {@code unknown}); a
 * code outside the code system never gets here, it makes the episode a dead letter (ADR 0021).
 *
 * @param sphere a code of {@link #SPHERES}
 * @param level a code of {@link #LEVELS}
 * @param body a code of {@link #BODIES}
 * @param end the last day of the engagement, null while it lasts
 */
public record Engagement(
    @Nullable String sphere, @Nullable String level, @Nullable String body, @Nullable LocalDate end)
    implements Serializable {

  /**
   * The spheres of involvement of the Quebec position statement on partnership in health, in the
   * order of {@code CodeSystem/engagement-sphere}.
   */
  public static final List<String> SPHERES =
      List.of("governance", "care-services", "teaching", "community", "research");

  /**
   * The engagement continuum, least to most engaged: the order of {@code
   * CodeSystem/engagement-level} (its property {@code order}).
   */
  public static final List<String> LEVELS =
      List.of(
          "information", "consultation", "collaboration", "co-construction", "self-determination");

  /** The tiers of the network an engagement is held at ({@code CodeSystem/engagement-body}). */
  public static final List<String> BODIES = List.of("ministry", "sante-quebec", "establishment");
}
