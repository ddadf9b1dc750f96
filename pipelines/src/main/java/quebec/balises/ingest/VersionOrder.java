package quebec.balises.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;

/**
 * Chooses the current version among the records that share a resource type and id: an export may
 * hold several versions, and a nightly run may be given yesterday's files with today's.
 *
 * <p>Later means, in this order: a greater numeric {@code meta.versionId}; else a later {@code
 * meta.lastUpdated}; else a status that retracts or replaces ({@code entered-in-error} over {@code
 * amended} over anything else). Records that tie with the latest are duplicates: the first by
 * source position is kept. Every other record is superseded.
 *
 * <p>A deletion request ({@link RejectReason#DELETION_REQUEST}) removes the resource: every version
 * not later than it is {@link RejectReason#DELETED} and none is kept. A version is later than a
 * deletion only when both have a time and the version's {@code meta.lastUpdated} is after it (the
 * resource was created again); a deletion without a time (the Bulk Data {@code deleted} file form)
 * applies to every version in the input. The requests themselves are recorded, never kept.
 */
public final class VersionOrder {
  private VersionOrder() {}

  /**
   * The version kept (null when the resource is deleted), and a dead letter for each other record.
   */
  public record Choice(@Nullable ParsedResource current, List<Rejection> replaced) {}

  static final Comparator<ParsedResource> LATER =
      Comparator.comparing(VersionOrder::numericVersion, Comparator.nullsFirst(Long::compare))
          .thenComparing(ParsedResource::lastUpdatedMillis, Comparator.nullsFirst(Long::compare))
          .thenComparingInt(VersionOrder::statusRank);

  public static Choice choose(Iterable<ParsedResource> records) {
    List<ParsedResource> versions = new ArrayList<>();
    List<ParsedResource> deletions = new ArrayList<>();
    for (ParsedResource record : records) {
      (isDeletion(record) ? deletions : versions).add(record);
    }
    if (deletions.isEmpty()) {
      return chooseVersion(versions);
    }
    deletions.sort(Comparator.comparing(ParsedResource::source));
    Long deletedAt = latestDeletion(deletions);
    List<ParsedResource> recreated = new ArrayList<>();
    List<Rejection> replaced = new ArrayList<>();
    for (ParsedResource version : versions) {
      if (deletedAt != null
          && version.lastUpdatedMillis() != null
          && version.lastUpdatedMillis() > deletedAt) {
        recreated.add(version);
      } else {
        replaced.add(
            Rejection.of(
                version,
                RejectReason.DELETED,
                "deleted by the request at " + deletions.get(0).source()));
      }
    }
    for (ParsedResource deletion : deletions) {
      replaced.add(
          Rejection.of(
              deletion,
              RejectReason.DELETION_REQUEST,
              recreated.isEmpty()
                  ? deletion.problem().message() + " applied"
                  : deletion.problem().message()
                      + " not applied: a later version recreates the resource"));
    }
    if (recreated.isEmpty()) {
      return new Choice(null, replaced);
    }
    Choice kept = chooseVersion(recreated);
    replaced.addAll(kept.replaced());
    return new Choice(kept.current(), replaced);
  }

  static boolean isDeletion(ParsedResource record) {
    return record.problem() != null && record.problem().reason() == RejectReason.DELETION_REQUEST;
  }

  /** The time of the latest deletion, or null when one of them has none (it deletes everything). */
  private static @Nullable Long latestDeletion(List<ParsedResource> deletions) {
    Long latest = Long.MIN_VALUE;
    for (ParsedResource deletion : deletions) {
      if (deletion.lastUpdatedMillis() == null) {
        return null;
      }
      latest = Math.max(latest, deletion.lastUpdatedMillis());
    }
    return latest;
  }

  private static Choice chooseVersion(List<ParsedResource> all) {
    all.sort(LATER.reversed().thenComparing(ParsedResource::source));
    ParsedResource current = all.get(0);
    List<Rejection> replaced = new ArrayList<>();
    for (ParsedResource other : all.subList(1, all.size())) {
      boolean tie = LATER.compare(other, current) == 0;
      replaced.add(
          Rejection.of(
              other,
              tie ? RejectReason.DUPLICATE : RejectReason.SUPERSEDED,
              (tie ? "same version as the record kept at " : "replaced by the later version at ")
                  + current.source()
                  + describe(current)));
    }
    return new Choice(current, replaced);
  }

  private static String describe(ParsedResource r) {
    StringBuilder text = new StringBuilder();
    if (r.versionId() != null) {
      text.append(" (versionId ").append(r.versionId());
    }
    if (r.status() != null) {
      text.append(text.length() == 0 ? " (" : ", ").append("status ").append(r.status());
    }
    return text.length() == 0 ? "" : text.append(')').toString();
  }

  private static Long numericVersion(ParsedResource r) {
    if (r.versionId() == null) {
      return null;
    }
    try {
      return Long.parseLong(r.versionId().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int statusRank(ParsedResource r) {
    if ("entered-in-error".equals(r.status())) {
      return 2;
    }
    return "amended".equals(r.status()) ? 1 : 0;
  }
}
