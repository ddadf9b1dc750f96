package quebec.balises.episodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.model.Trajectory;

/**
 * Each trajectory's timepoints, loaded from {@code fhir-profiles/timepoints/timepoints.json}:
 * windows are data, so a committee can move one without a Java change.
 */
public final class TimepointPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String FILE = "fhir-profiles/timepoints/timepoints.json";

  private final String version;
  private final Map<String, List<Timepoint>> byTrajectory;

  /** The instruments each trajectory collects; used to find a response's episode when unnamed. */
  private final Map<String, java.util.Set<String>> instruments;

  /** Which response is kept when several fall in one window (the file's {@code selection}). */
  private final TimepointSelection.Rule selection;

  TimepointPlan(String version, Map<String, List<Timepoint>> byTrajectory) {
    this(version, byTrajectory, Map.of());
  }

  TimepointPlan(
      String version,
      Map<String, List<Timepoint>> byTrajectory,
      Map<String, java.util.Set<String>> instruments) {
    this(
        version,
        byTrajectory,
        instruments,
        TimepointSelection.Rule.CLOSEST_TO_TARGET_THEN_EARLIEST);
  }

  TimepointPlan(
      String version,
      Map<String, List<Timepoint>> byTrajectory,
      Map<String, java.util.Set<String>> instruments,
      TimepointSelection.Rule selection) {
    this.version = version;
    this.byTrajectory = byTrajectory;
    this.instruments = instruments;
    this.selection = selection;
    for (Trajectory trajectory : Trajectory.values()) {
      if (!byTrajectory.containsKey(trajectory.code())) {
        throw new IllegalStateException(
            FILE + ": no timepoints for trajectory " + trajectory.code());
      }
    }
    byTrajectory.forEach(TimepointPlan::checkWindows);
  }

  public static TimepointPlan bundled() {
    try {
      return parse();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(FILE + ": " + e.getMessage(), e);
    }
  }

  private static TimepointPlan parse() {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(ClasspathFolder.readFile(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(FILE + " is not valid JSON", e);
    }
    Map<String, List<Timepoint>> plan = new TreeMap<>();
    Map<String, java.util.Set<String>> instruments = new TreeMap<>();
    for (JsonNode trajectory : root.path("trajectories")) {
      java.util.Set<String> collected = new java.util.TreeSet<>();
      trajectory.path("instruments").forEach(i -> collected.add(i.asText()));
      instruments.put(trajectory.path("trajectory").asText(), collected);
      List<Timepoint> timepoints = new ArrayList<>();
      for (JsonNode t : trajectory.path("timepoints")) {
        timepoints.add(
            new Timepoint(
                t.path("name").asText(),
                Timepoint.Role.valueOf(t.path("role").asText().toUpperCase()),
                t.path("fromDays").asInt(),
                t.path("toDays").asInt(),
                t.path("targetDays").asInt()));
      }
      plan.put(trajectory.path("trajectory").asText(), List.copyOf(timepoints));
    }
    if (!root.hasNonNull("selection")) {
      throw new IllegalArgumentException("selection is required");
    }
    return new TimepointPlan(
        root.path("version").asText(),
        plan,
        instruments,
        TimepointSelection.Rule.fromCode(root.path("selection").asText()));
  }

  /** Windows must be ordered, non-empty, hold their target, and not overlap. */
  private static void checkWindows(String trajectory, List<Timepoint> timepoints) {
    long baselines = timepoints.stream().filter(t -> t.role() == Timepoint.Role.BASELINE).count();
    if (baselines > 1) {
      throw new IllegalStateException(FILE + ": " + trajectory + " has more than one baseline");
    }
    for (int i = 0; i < timepoints.size(); i++) {
      Timepoint t = timepoints.get(i);
      if (t.fromDays() > t.toDays() || !t.holds(t.targetDays())) {
        throw new IllegalStateException(
            FILE
                + ": "
                + trajectory
                + " timepoint "
                + t.name()
                + " window does not hold its target");
      }
      if (i > 0 && timepoints.get(i - 1).toDays() >= t.fromDays()) {
        throw new IllegalStateException(
            FILE + ": " + trajectory + " timepoint " + t.name() + " overlaps the one before it");
      }
    }
  }

  public String version() {
    return version;
  }

  /** The selection rule named by the file's {@code selection} field. */
  public TimepointSelection.Rule selection() {
    return selection;
  }

  /** The instruments a trajectory collects (the {@code instruments} of timepoints.json). */
  public java.util.Set<String> instruments(String trajectory) {
    return instruments.getOrDefault(trajectory, java.util.Set.of());
  }

  public List<Timepoint> timepoints(String trajectory) {
    return byTrajectory.getOrDefault(trajectory, List.of());
  }

  public Optional<Timepoint> baseline(String trajectory) {
    return timepoints(trajectory).stream()
        .filter(t -> t.role() == Timepoint.Role.BASELINE)
        .findFirst();
  }

  /** Where a response falls: in a timepoint's window, or outside every window and why. */
  public sealed interface Assignment extends Serializable {
    long daysFromAnchor();
  }

  public record InWindow(Timepoint timepoint, long daysFromAnchor) implements Assignment {}

  /** Outside every window: {@code reason} is one of the outcomes outside every window. */
  public record Outside(TimepointOutcome reason, long daysFromAnchor) implements Assignment {}

  public Assignment assign(String trajectory, LocalDate anchor, LocalDate authored) {
    long days = ChronoUnit.DAYS.between(anchor, authored);
    List<Timepoint> timepoints = timepoints(trajectory);
    for (Timepoint t : timepoints) {
      if (t.holds(days)) {
        return new InWindow(t, days);
      }
    }
    if (timepoints.isEmpty() || days < timepoints.get(0).fromDays()) {
      return new Outside(TimepointOutcome.BEFORE_FIRST_WINDOW, days);
    }
    if (days > timepoints.get(timepoints.size() - 1).toDays()) {
      return new Outside(TimepointOutcome.AFTER_LAST_WINDOW, days);
    }
    return new Outside(TimepointOutcome.BETWEEN_WINDOWS, days);
  }
}
