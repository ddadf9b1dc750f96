package quebec.balises.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRef;

/**
 * Keeps one version of each resource among records ({@link VersionOrder}), then judges that
 * version's content: a current version with a problem (entered in error, missing reference…) is a
 * dead letter, and the versions it replaced are dead letters too (superseded), never silently
 * dropped. A deletion request removes every version it covers (dead letters, deleted). Plain Java.
 *
 * <p>The choice is normally made among the records at hand, which hold every version of their
 * resources. When a resource's records lie in several places (its versions name different patients,
 * or a deletion request names it: see {@code journey/JourneyKey}), the choice is made once among
 * all of them, on their version metadata only ({@link #verdicts}), and each place applies the
 * {@link Verdict} of the records it holds: the same choice, the same dead letters, the same words.
 */
public final class CurrentVersions {
  private CurrentVersions() {}

  /**
   * What the choice made of one record: kept (no reason), or a dead letter with its reason and
   * message, as {@link VersionOrder} words it.
   */
  public record Verdict(SourceRef source, @Nullable RejectReason reason, @Nullable String message)
      implements Serializable {
    public boolean kept() {
      return reason == null;
    }
  }

  /** The versions kept, with usable content, and a dead letter for every other record. */
  public record Sorted(List<ParsedResource> current, List<Rejection> rejected) {}

  /** Sorts records of any number of resources, each resource's records all at hand. */
  public static Sorted of(Iterable<ParsedResource> records) {
    return of(records, source -> null);
  }

  /**
   * Sorts records of any number of resources; a resource with a verdict for any of its records
   * (from {@code verdicts}, by source) takes its verdicts instead of choosing among the records at
   * hand, which then are only part of it.
   */
  public static Sorted of(
      Iterable<ParsedResource> records, Function<SourceRef, @Nullable Verdict> verdicts) {
    Map<String, List<ParsedResource>> byReference = new LinkedHashMap<>();
    for (ParsedResource record : records) {
      byReference.computeIfAbsent(record.reference(), r -> new ArrayList<>()).add(record);
    }
    List<ParsedResource> current = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    for (List<ParsedResource> versions : byReference.values()) {
      ParsedResource kept = choose(versions, verdicts, rejected);
      if (kept == null) {
        continue;
      }
      if (kept.problem() != null) {
        rejected.add(Rejection.of(kept, kept.problem().reason(), kept.problem().message()));
      } else {
        current.add(kept);
      }
    }
    return new Sorted(current, rejected);
  }

  /** The version of one resource kept here, if any; the others' dead letters go to rejected. */
  private static @Nullable ParsedResource choose(
      List<ParsedResource> versions,
      Function<SourceRef, @Nullable Verdict> verdicts,
      List<Rejection> rejected) {
    List<Verdict> given = new ArrayList<>(versions.size());
    boolean any = false;
    for (ParsedResource version : versions) {
      Verdict verdict = verdicts.apply(version.source());
      given.add(verdict);
      any |= verdict != null;
    }
    if (!any) {
      VersionOrder.Choice choice = VersionOrder.choose(versions);
      rejected.addAll(choice.replaced());
      return choice.current();
    }
    ParsedResource kept = null;
    for (int i = 0; i < versions.size(); i++) {
      ParsedResource version = versions.get(i);
      Verdict verdict = given.get(i);
      if (verdict == null) {
        throw new IllegalStateException(
            version.reference()
                + " at "
                + version.source()
                + " has no verdict although other records of it have one");
      }
      if (verdict.kept()) {
        kept = version;
      } else {
        rejected.add(Rejection.of(version, verdict.reason(), verdict.message()));
      }
    }
    return kept;
  }

  /**
   * The choice among every record of one resource, made on what {@link VersionOrder} reads (source,
   * version id, last update, status, deletion): one verdict per record.
   *
   * @param versions every record of one resource; their payloads and raw records are not read
   */
  public static List<Verdict> verdicts(List<ParsedResource> versions) {
    VersionOrder.Choice choice = VersionOrder.choose(versions);
    List<Verdict> verdicts = new ArrayList<>(versions.size());
    if (choice.current() != null) {
      verdicts.add(new Verdict(choice.current().source(), null, null));
    }
    for (Rejection replaced : choice.replaced()) {
      verdicts.add(new Verdict(replaced.source(), replaced.reason(), replaced.message()));
    }
    return verdicts;
  }

  /**
   * A record reduced to what {@link VersionOrder} reads: no payload, no raw record, and a problem
   * only when it is a deletion request (the request's words are part of its dead letter).
   */
  public static ParsedResource metadata(ParsedResource record) {
    return new ParsedResource(
        record.source(),
        record.kind(),
        record.id(),
        record.patientId(),
        record.versionId(),
        record.lastUpdatedMillis(),
        record.status(),
        VersionOrder.isDeletion(record) ? record.problem() : null,
        null,
        "");
  }

  /** Whether the record is a deletion request. */
  public static boolean isDeletion(ParsedResource record) {
    return VersionOrder.isDeletion(record);
  }
}
