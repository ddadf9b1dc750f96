package quebec.balises.journey;

import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.ResponseRecord;

/**
 * Which patient's journey a record joins: the one group in which {@link PatientJourney} reads it.
 * Plain Java.
 *
 * <ul>
 *   <li>A record that names its Patient ({@link ParsedResource#patientId()}: a Patient's id, an
 *       episode's patient, a response's or an Encounter's subject, read even when the content has a
 *       problem) joins that patient's journey: its key is the Patient's id.
 *   <li>A response whose subject is a Patient contained in it names no patient of its own: its
 *       patient is its episode's. It joins the journey of the resource it follows (its episode of
 *       care, else its Encounter), as {@link VersionSplits} finds it: the journey of that
 *       resource's current version.
 *   <li>Any other record (no readable patient reference; a deletion request for anything but a
 *       Patient; a contained-subject response whose episode or Encounter is not in the input) has a
 *       journey of its own resource: {@code \u0000Type/id}. A FHIR id cannot start with that
 *       character, so no patient's key is one.
 * </ul>
 *
 * Organizations (and deletions of Organizations) join no journey: establishments are few and every
 * journey reads them.
 *
 * <p>The versions of a resource normally name the same patient, so they meet in one journey and are
 * chosen there. {@link #provisional} is the key a record has before anything is looked up; a
 * resource whose records' provisional keys differ is chosen once among all its records instead
 * ({@link VersionSplits}).
 */
public final class JourneyKey {
  private JourneyKey() {}

  /** The first character of the key of a journey of one resource, not of a patient. */
  static final char OWN = '\u0000';

  /** The first character of a provisional key that waits for the journey of another resource. */
  static final char FOLLOWS = '\u0001';

  /** Whether the record goes to the journeys at all (Organizations do not). */
  public static boolean joinsAJourney(ParsedResource record) {
    return record.kind() != ResourceKind.ORGANIZATION;
  }

  /**
   * The key before any look-up: the record's patient, else {@link #FOLLOWS} and the resource a
   * contained-subject response follows, else the record's own resource.
   */
  public static String provisional(ParsedResource record) {
    if (record.patientId() != null) {
      return record.patientId();
    }
    String follows = follows(record);
    return follows != null ? FOLLOWS + follows : own(record);
  }

  /**
   * The journey the record joins.
   *
   * @param journeyOf the journey of a followed resource ({@code EpisodeOfCare/id}, {@code
   *     Encounter/id}), null when it has none
   */
  public static String of(ParsedResource record, Function<String, @Nullable String> journeyOf) {
    if (record.patientId() != null) {
      return record.patientId();
    }
    String follows = follows(record);
    if (follows != null) {
      String journey = journeyOf.apply(follows);
      if (journey != null) {
        return journey;
      }
    }
    return own(record);
  }

  /**
   * The resource whose journey a response without a patient of its own joins: the episode its
   * extension names, else its Encounter; null for any other record.
   */
  public static @Nullable String follows(ParsedResource record) {
    if (record.patientId() != null || !(record.payload() instanceof ResponseRecord response)) {
      return null;
    }
    if (response.episodeId() != null) {
      return ResourceKind.EPISODE_OF_CARE.fhirType() + "/" + response.episodeId();
    }
    if (response.encounterId() != null) {
      return ResourceKind.ENCOUNTER.fhirType() + "/" + response.encounterId();
    }
    return null;
  }

  /** The key of the journey of the record's own resource. */
  static String own(ParsedResource record) {
    return OWN + record.reference();
  }

  /** Whether a journey's key is a patient's id (not a journey of one resource). */
  public static boolean isPatient(String key) {
    return !key.isEmpty() && key.charAt(0) != OWN;
  }
}
