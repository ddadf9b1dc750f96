package quebec.balises.publish;

import org.apache.avro.Schema;
import quebec.balises.fhir.ClasspathFolder;

/**
 * Every dataset a run writes: where it goes under the output folder, and the Avro schema in {@code
 * schemas/} that its writer uses.
 */
public enum Dataset {
  RESPONSES("restricted/responses", "responses", false),
  SCORES("restricted/scores", "scores", true),
  EPISODES("restricted/episodes", "episodes", true),
  TIMEPOINT_ASSIGNMENTS("restricted/timepoint_assignments", "timepoint_assignments", true),
  PATIENTS("restricted/patients", "patients", false),
  CARE_EPISODES("restricted/care_episodes", "care_episodes", false),
  ESTABLISHMENTS("restricted/establishments", "establishments", false),
  REJECTED("restricted/rejected", "rejected", false);

  private final String folder;
  private final String schemaName;
  private final boolean derived;

  Dataset(String folder, String schemaName, boolean derived) {
    this.folder = folder;
    this.schemaName = schemaName;
    this.derived = derived;
  }

  /**
   * Derived datasets hold rows computed from accepted records (several scores per response); the
   * others hold each input record once, and together reconcile with what was read.
   */
  public boolean derived() {
    return derived;
  }

  /** Folder relative to the run's output folder. */
  public String folder() {
    return folder;
  }

  public String schemaJson() {
    return ClasspathFolder.readFile("schemas/" + schemaName + ".avsc");
  }

  public Schema schema() {
    return new Schema.Parser().parse(schemaJson());
  }

  /** The schema's {@code version} property. */
  public String schemaVersion() {
    Object version = schema().getObjectProp("version");
    return version == null ? "" : version.toString();
  }
}
