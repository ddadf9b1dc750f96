package quebec.balises.publish;

import org.apache.avro.Schema;
import quebec.balises.fhir.ClasspathFolder;

/**
 * Every dataset a run writes: where it goes under the output folder, and the Avro schema in {@code
 * schemas/} that its writer uses.
 */
public enum Dataset {
  RESPONSES("restricted/responses", "responses"),
  PATIENTS("restricted/patients", "patients"),
  CARE_EPISODES("restricted/care_episodes", "care_episodes"),
  ESTABLISHMENTS("restricted/establishments", "establishments"),
  REJECTED("restricted/rejected", "rejected");

  private final String folder;
  private final String schemaName;

  Dataset(String folder, String schemaName) {
    this.folder = folder;
    this.schemaName = schemaName;
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
