package quebec.balises.episodes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimepointPlanTest {
  private static final TimepointPlan PLAN = TimepointPlan.bundled();
  private static final LocalDate SURGERY = LocalDate.of(2025, 3, 1);

  private static String where(String trajectory, int days) {
    TimepointPlan.Assignment a = PLAN.assign(trajectory, SURGERY, SURGERY.plusDays(days));
    return a instanceof TimepointPlan.InWindow w
        ? w.timepoint().name()
        : ((TimepointPlan.Outside) a).reason().code();
  }

  @ParameterizedTest(name = "hip {0} days → {1}")
  @CsvSource({
    "-91, before_first_window",
    "-90, baseline",
    "0, baseline",
    "1, between_windows",
    "120, between_windows",
    "121, 6m",
    "243, 6m",
    "244, between_windows",
    "303, between_windows",
    "304, 12m",
    "426, 12m",
    "427, after_last_window",
  })
  void hipWindowsAtEachBoundary(int days, String expected) {
    assertThat(where("hip-arthroplasty", days), is(expected));
  }

  @Test
  void everyTrajectoryHasTimepointsAndCopdHasFour() {
    assertThat(PLAN.timepoints("copd").size(), is(4));
    assertThat(PLAN.baseline("partnership").isPresent(), is(false));
    assertThat(where("aire-ouverte", 91), is("3m"));
    assertThat(where("hospital-at-home", 12), is("discharge"));
  }

  @Test
  void overlappingWindowsAreRefusedNamingTheTimepoint() {
    Map<String, List<Timepoint>> plan = new java.util.TreeMap<>();
    for (var t : quebec.balises.model.Trajectory.values()) {
      plan.put(t.code(), PLAN.timepoints(t.code()));
    }
    plan.put(
        "copd",
        List.of(
            new Timepoint("a", Timepoint.Role.BASELINE, 0, 10, 5),
            new Timepoint("b", Timepoint.Role.FOLLOWUP, 10, 20, 15)));
    var e = assertThrows(IllegalStateException.class, () -> new TimepointPlan("x", plan));
    assertThat(e.getMessage(), containsString("copd timepoint b overlaps"));
  }

  @Test
  void theBundledPlanKeepsTheClosestScorableResponsePerScaleAndRefusesAnUnknownRule() {
    assertThat(PLAN.selection(), is(TimepointSelection.Rule.CLOSEST_SCORABLE_PER_SCALE));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> TimepointSelection.Rule.fromCode("nearest"));
    assertThat(e.getMessage(), containsString("closest_scorable_per_scale"));
  }

  @Test
  void selectionKeepsTheClosestToTargetThenTheEarliestThenTheFirstId() {
    Timepoint sixMonths = PLAN.timepoints("hip-arthroplasty").get(1);
    var picked =
        TimepointSelection.pick(
            List.of(
                new TimepointSelection.Candidate<>("r3", 190, "c"),
                new TimepointSelection.Candidate<>("r2", 174, "b"),
                new TimepointSelection.Candidate<>("r1", 174, "a"),
                new TimepointSelection.Candidate<>("r0", 230, "z")),
            sixMonths);
    assertThat(picked.orElseThrow().responseId(), is("r1"));
  }
}
