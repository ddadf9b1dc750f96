package quebec.balises.model;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The names of the Beam counters a run keeps, in one place: the stages that count and the job that
 * reads the counts back into the manifest's {@code metrics} (and its derived datasets' rows) use
 * these, never a name of their own. The names are part of the manifest, so they are never renamed.
 */
public final class Counters {
  private Counters() {}

  /** The namespace of every counter of a run. */
  public static final String NAMESPACE = "balises";

  public static final String FILES_READ = "files_read";
  public static final String RECORDS_READ = "records_read";
  public static final String RECORDS_ACCEPTED = "records_accepted";
  public static final String RECORDS_REJECTED = "records_rejected";
  public static final String SCORES_WRITTEN = "scores_written";
  public static final String SCORES_WITHOUT_VALUE = "scores_without_value";

  /** Figures withheld because their own count is small. */
  public static final String SUPPRESSED_PRIMARY = "suppressed_primary";

  /** Figures withheld so that a small one cannot be worked out from its neighbours. */
  public static final String SUPPRESSED_COMPLEMENTARY = "suppressed_complementary";

  /** Figures of a period that is not yet final. */
  public static final String FIGURES_NOT_YET_FINAL = "figures_not_yet_final";

  /** The rows a sink wrote to an output folder ({@code restricted/scores}, …). */
  public static String rows(String folder) {
    return "rows:" + folder;
  }

  /** The scored responses that an instrument mapping ({@code url|version}) read. */
  public static String mappedResponses(String mappingId) {
    return "mapped_responses:" + mappingId;
  }

  /** The run's counter of that name. */
  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }
}
