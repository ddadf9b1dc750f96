package quebec.balises.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 */
public final class VersionOrder {
  private VersionOrder() {}

  /** The version kept, and a dead letter for each other record. */
  public record Choice(ParsedResource current, List<Rejection> replaced) {}

  static final Comparator<ParsedResource> LATER =
      Comparator.comparing(VersionOrder::numericVersion, Comparator.nullsFirst(Long::compare))
          .thenComparing(ParsedResource::lastUpdatedMillis, Comparator.nullsFirst(Long::compare))
          .thenComparingInt(VersionOrder::statusRank);

  public static Choice choose(Iterable<ParsedResource> versions) {
    List<ParsedResource> all = new ArrayList<>();
    versions.forEach(all::add);
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
