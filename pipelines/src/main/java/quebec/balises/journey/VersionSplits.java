package quebec.balises.journey;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.ingest.VersionOrder;
import quebec.balises.model.ParsedResource;

/**
 * What the journeys must know about one resource beyond their own records, found from the version
 * metadata of every record of it ({@link CurrentVersions#metadata}). Plain Java; the pipeline hands
 * it each resource's facts, grouped by {@code Type/id}, before the journeys run.
 *
 * <ul>
 *   <li>When the resource's records would join more than one journey (their {@link
 *       JourneyKey#provisional} keys differ: versions that name different patients, a version
 *       without a readable patient, a deletion request for a resource other than a Patient), its
 *       version is chosen here, once, among all its records: one {@link CurrentVersions.Verdict}
 *       per record, which the journey holding the record applies. Version selection stays exact
 *       whatever journeys the records join.
 *   <li>When a response without a patient of its own follows the resource ({@link
 *       JourneyKey#follows}), the journey it joins: the key of the resource's current version.
 * </ul>
 *
 * Nearly every resource has all its records in one journey and is followed by none: it yields
 * nothing.
 */
public final class VersionSplits {
  private VersionSplits() {}

  /**
   * One record of a resource, reduced to its version metadata, with its provisional journey key;
   * or, with neither, a response's question: which journey does this resource's current version
   * join?
   */
  public record Fact(@Nullable ParsedResource version, @Nullable String provisionalKey)
      implements Serializable {
    public static Fact of(ParsedResource record) {
      return new Fact(CurrentVersions.metadata(record), JourneyKey.provisional(record));
    }

    public static Fact question() {
      return new Fact(null, null);
    }
  }

  /** The journey of a followed resource's current version. */
  public record Journey(String reference, String key) implements Serializable {}

  /** What one resource yields: verdicts when split, its journey when followed. */
  public record Found(List<CurrentVersions.Verdict> verdicts, @Nullable Journey journey) {}

  /** What the journeys must know about the resource {@code reference}, from all its facts. */
  public static Found of(String reference, Iterable<Fact> facts) {
    List<ParsedResource> versions = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    boolean followed = false;
    for (Fact fact : facts) {
      if (fact.version() == null) {
        followed = true;
      } else {
        versions.add(fact.version());
        keys.add(fact.provisionalKey());
      }
    }
    List<CurrentVersions.Verdict> verdicts =
        keys.size() > 1 ? CurrentVersions.verdicts(versions) : List.of();
    Journey journey = null;
    if (followed && !versions.isEmpty()) {
      ParsedResource current = VersionOrder.choose(versions).current();
      if (current != null) {
        journey = new Journey(reference, JourneyKey.provisional(current));
      }
    }
    return new Found(verdicts, journey);
  }
}
