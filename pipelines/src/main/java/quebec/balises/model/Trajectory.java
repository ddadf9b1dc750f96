package quebec.balises.model;

import java.util.Optional;

/**
 * The care trajectories, as coded in {@code fhir-profiles/codesystems/CodeSystem-trajectory.json}
 * (a test keeps the two equal). Timepoint windows and indicators per trajectory are data, not code;
 * this list only says which codes an EpisodeOfCare may carry.
 */
public enum Trajectory {
  HIP_ARTHROPLASTY("hip-arthroplasty"),
  KNEE_ARTHROPLASTY("knee-arthroplasty"),
  COPD("copd"),
  AIRE_OUVERTE("aire-ouverte"),
  HOSPITAL_AT_HOME("hospital-at-home"),
  PARTNERSHIP("partnership");

  private final String code;

  Trajectory(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Trajectory> fromCode(String code) {
    for (Trajectory t : values()) {
      if (t.code.equals(code)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
