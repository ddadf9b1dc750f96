package quebec.balises.generate;

import java.util.List;
import java.util.Map;
import quebec.balises.model.Trajectory;

/**
 * How the generator simulates each trajectory: who the patients are, when they answer which
 * questionnaires, how likely they are to answer, and how their health moves. Rough, plausible
 * figures for synthetic data; nothing here is used to compute an indicator.
 */
record TrajectoryPlan(
    Trajectory trajectory,
    int minAge,
    int maxAge,
    double meanAge,
    double femaleShare,
    double baselineHealth,
    List<Timepoint> timepoints) {

  /**
   * @param offsetDays days from the anchor date to the typical answer
   * @param jitterDays spread around it (uniform ±)
   * @param gain change in latent health (0 worst, 1 best) since baseline
   */
  record Timepoint(
      String name,
      int offsetDays,
      int jitterDays,
      double responseRate,
      double gain,
      List<String> instruments) {}

  static final Map<Trajectory, TrajectoryPlan> PLANS =
      Map.of(
          Trajectory.HIP_ARTHROPLASTY,
              arthroplasty(Trajectory.HIP_ARTHROPLASTY, "HOOS_JR", "HOOS_PS", 0.52),
          Trajectory.KNEE_ARTHROPLASTY,
              arthroplasty(Trajectory.KNEE_ARTHROPLASTY, "KOOS_JR", "KOOS_PS", 0.58),
          // COPD programmes here still ask the EQ-5D-3L, as many legacy programmes do: the
          // sample data then exercises both EQ-5D versions and their value sets.
          Trajectory.COPD,
              new TrajectoryPlan(
                  Trajectory.COPD,
                  45,
                  90,
                  70,
                  0.48,
                  0.45,
                  List.of(
                      new Timepoint(
                          "enrolment", 5, 5, 0.9, 0, List.of("CAT", "CCQ", "MMRC", "EQ5D3L")),
                      new Timepoint(
                          "3m", 91, 10, 0.75, 0.08, List.of("CAT", "CCQ", "MMRC", "PREM_COPD")),
                      new Timepoint("6m", 182, 15, 0.65, 0.07, List.of("CAT", "CCQ", "MMRC")),
                      new Timepoint(
                          "12m", 365, 20, 0.55, 0.04, List.of("CAT", "CCQ", "MMRC", "EQ5D3L")))),
          Trajectory.AIRE_OUVERTE,
              new TrajectoryPlan(
                  Trajectory.AIRE_OUVERTE,
                  12,
                  25,
                  18,
                  0.58,
                  0.42,
                  List.of(
                      new Timepoint("first-contact", 1, 1, 0.9, 0, List.of("K10", "YP_CORE")),
                      new Timepoint(
                          "3m",
                          91,
                          12,
                          0.55,
                          0.12,
                          List.of("K10", "YP_CORE", "PREM_AIRE_OUVERTE")))),
          Trajectory.HOSPITAL_AT_HOME,
              new TrajectoryPlan(
                  Trajectory.HOSPITAL_AT_HOME,
                  40,
                  98,
                  74,
                  0.52,
                  0.35,
                  List.of(
                      new Timepoint("admission", 0, 1, 0.9, 0, List.of("EQ5D5L")),
                      new Timepoint(
                          "discharge",
                          12,
                          8,
                          0.7,
                          0.15,
                          List.of("EQ5D5L", "PREM_HOSPITAL_AT_HOME")))),
          Trajectory.PARTNERSHIP,
              new TrajectoryPlan(
                  Trajectory.PARTNERSHIP,
                  25,
                  80,
                  55,
                  0.6,
                  0.6,
                  List.of(
                      new Timepoint("6m", 182, 20, 0.7, 0, List.of("PARTNERSHIP_EXPERIENCE")),
                      new Timepoint("12m", 365, 20, 0.6, 0, List.of("PARTNERSHIP_EXPERIENCE")))));

  private static TrajectoryPlan arthroplasty(
      Trajectory trajectory, String jr, String ps, double femaleShare) {
    List<String> proms = List.of("EQ5D5L", jr, ps, "PROMIS_GLOBAL10");
    return new TrajectoryPlan(
        trajectory,
        45,
        92,
        68,
        femaleShare,
        // Calibrated so that HOOS JR / KOOS JR average about 50 before surgery and about 80 a
        // year after (Lyman 2016 cohorts), with most patients improving.
        0.46,
        List.of(
            new Timepoint("baseline", -30, 25, 0.85, 0, proms),
            new Timepoint(
                "6m",
                182,
                20,
                0.7,
                0.34,
                List.of("EQ5D5L", jr, ps, "PROMIS_GLOBAL10", "PREM_ARTHROPLASTY")),
            new Timepoint("12m", 365, 25, 0.6, 0.40, proms)));
  }

  /** Instruments whose answer weights rise with better health or a better experience. */
  static boolean weightRisesWithHealth(String instrument) {
    return instrument.equals("PROMIS_GLOBAL10")
        || instrument.startsWith("PREM_")
        || instrument.equals("PARTNERSHIP_EXPERIENCE");
  }

  static boolean isExperience(String instrument) {
    return instrument.startsWith("PREM_") || instrument.equals("PARTNERSHIP_EXPERIENCE");
  }
}
