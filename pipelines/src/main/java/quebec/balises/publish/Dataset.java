package quebec.balises.publish;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.indicators.ActionPlan;

/**
 * Every dataset a run writes: where it goes under the output folder, and the Avro schema in {@code
 * schemas/} that its writer uses.
 */
public enum Dataset {
  RESPONSES("restricted/responses", "responses", false, null),
  SCORES("restricted/scores", "scores", true, null),
  EPISODES("restricted/episodes", "episodes", true, null),
  TIMEPOINT_ASSIGNMENTS("restricted/timepoint_assignments", "timepoint_assignments", true, null),
  PATIENTS("restricted/patients", "patients", false, null),
  CARE_EPISODES("restricted/care_episodes", "care_episodes", false, null),
  ESTABLISHMENTS("restricted/establishments", "establishments", false, null),
  /** Establishments' portraits of partnership, one per establishment and year. */
  PORTRAITS("restricted/portraits", "portraits", false, null),
  /** The population of each region by sex and age band, as the operator supplied it. */
  POPULATION("restricted/population", "population", false, null),
  REJECTED("restricted/rejected", "rejected", false, null),
  CASEMIX_MODELS("restricted/casemix_models", "casemix_models", true, null),
  /** Figures as disclosure control released them, and nothing else. */
  INDICATORS("public/indicators", "indicators", true, ProtectedFigure.class),
  /** The catalog's agreed actions: no figure, nothing personal. */
  ACTION_PLANS("public/action_plans", "action_plans", true, ActionPlan.class),
  /** Data-quality counts as disclosure control released them, with the indicators. */
  DATA_QUALITY("public/data_quality", "data_quality", true, ProtectedFigure.class);

  private final String folder;
  private final String schemaName;
  private final boolean derived;
  private final @Nullable Class<?> publishedFrom;

  Dataset(String folder, String schemaName, boolean derived, @Nullable Class<?> publishedFrom) {
    this.folder = folder;
    this.schemaName = schemaName;
    this.derived = derived;
    this.publishedFrom = publishedFrom;
  }

  /**
   * What a public dataset's rows are made from ({@code PublicDatasets} takes nothing else); null
   * for a restricted dataset.
   */
  public @Nullable Class<?> publishedFrom() {
    return publishedFrom;
  }

  /**
   * Derived datasets hold rows computed from accepted records (several scores per response); the
   * others hold each input record once, and together reconcile with what was read.
   */
  public boolean derived() {
    return derived;
  }

  /** The schema's file name in {@code schemas/}, without {@code .avsc}. */
  public String schemaName() {
    return schemaName;
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

  /**
   * A Parquet writer of the dataset's rows: its schema, ZSTD compression (every dataset's files use
   * the same codec; docs/outputs.md).
   */
  ParquetSink parquetSink() {
    return new ParquetSink(schemaJson(), CompressionCodecName.ZSTD);
  }

  /**
   * The columns that name the dataset's Hive-style partition folders ({@code
   * trajectory=copd/indicator_id=…/}), from the schema's {@code partitionedBy} property. They are
   * columns of the schema and of every file too, so that one file describes itself.
   */
  public List<String> partitionedBy() {
    Object columns = schema().getObjectProp("partitionedBy");
    if (columns == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Object column : (List<?>) columns) {
      names.add(column.toString());
    }
    return List.copyOf(names);
  }

  /**
   * The dataset whose folder is {@code path} or holds it, as a partition's folder ({@code
   * public/indicators/trajectory=copd/…}).
   *
   * @throws IllegalArgumentException when no dataset is written there
   */
  public static Dataset holding(String path) {
    for (Dataset dataset : values()) {
      if (path.equals(dataset.folder) || path.startsWith(dataset.folder + "/")) {
        return dataset;
      }
    }
    throw new IllegalArgumentException("no dataset is written to " + path);
  }

  /** The datasets written under {@code public/}, in declaration order. */
  public static java.util.List<Dataset> publicDatasets() {
    return java.util.Arrays.stream(values()).filter(Dataset::isPublic).toList();
  }

  /** Whether the dataset may be published: only aggregated, disclosure-controlled data. */
  public boolean isPublic() {
    return folder.startsWith("public/");
  }

  /** The schema's {@code version} property. */
  public String schemaVersion() {
    Object version = schema().getObjectProp("version");
    return version == null ? "" : version.toString();
  }
}
