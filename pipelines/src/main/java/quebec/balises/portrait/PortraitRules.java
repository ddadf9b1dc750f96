package quebec.balises.portrait;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.fhir.PortraitQuestionnaire;
import quebec.balises.indicators.AgeBand;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.ParsedResource.Problem;
import quebec.balises.model.PartnerDiversity;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;

/**
 * The rules of an establishment's portrait (docs/decisions/0022), plain Java: what its answers must
 * be, that its subject is an accepted establishment, and which portrait of an establishment and
 * year is kept.
 */
public final class PortraitRules {
  private PortraitRules() {}

  /** The earliest year a portrait may describe: the first of the partnership framework's years. */
  public static final int EARLIEST_YEAR = 2000;

  /** The items of version 1.0.0 read as whole numbers, in the questionnaire's order. */
  static final List<String> COUNTS = PortraitQuestionnaire.ITEMS_1_0;

  /** The portrait its answers make, or every rule they break (the first gives the reason). */
  public record Reading(@Nullable PortraitRecord portrait, List<Problem> problems) {}

  /**
   * Reads a portrait's answers: each item's numbers by linkId, in the order given. Every item is
   * required and answered once; counts are whole numbers ≥ 0, the budget a number ≥ 0; the year
   * lies between {@link #EARLIEST_YEAR} and the year the portrait was authored; partnered
   * committees are at most the committees, committees at co-construction or above at most the
   * partnered ones, partnered projects at most the projects. From version 1.1.0 the partner
   * diversity items are required too, and the partners of each sex and age band plus those not
   * described add up to the active partners (docs/decisions/0023); a version 1.0.0 portrait that
   * answers them answers items its version does not have.
   */
  public static Reading read(
      String id,
      String organizationId,
      String questionnaireVersion,
      LocalDate authoredDate,
      @Nullable Instant authoredAt,
      Map<String, List<BigDecimal>> answers) {
    List<Problem> problems = new ArrayList<>();
    boolean diversity = PortraitQuestionnaire.hasDiversity(questionnaireVersion);
    List<String> items = new ArrayList<>(COUNTS);
    if (diversity) {
      items.addAll(PortraitQuestionnaire.DIVERSITY_ITEMS);
    }
    for (String linkId : answers.keySet()) {
      if (!items.contains(linkId) && !PortraitQuestionnaire.BUDGET.equals(linkId)) {
        problems.add(
            new Problem(
                RejectReason.UNKNOWN_ITEM,
                "item '"
                    + linkId
                    + "' is not an item of the partnership portrait "
                    + questionnaireVersion));
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String linkId : items) {
      BigDecimal value = single(linkId, answers, problems);
      if (value == null) {
        continue;
      }
      if (value.signum() < 0) {
        problems.add(
            new Problem(
                RejectReason.INVALID_VALUE,
                "item '" + linkId + "': " + value.toPlainString() + " is negative"));
      } else if (value.stripTrailingZeros().scale() > 0) {
        problems.add(
            new Problem(
                RejectReason.INVALID_VALUE,
                "item '" + linkId + "': " + value.toPlainString() + " is not a whole number"));
      } else {
        try {
          counts.put(linkId, value.longValueExact());
        } catch (ArithmeticException e) {
          problems.add(
              new Problem(
                  RejectReason.INVALID_VALUE,
                  "item '" + linkId + "': " + value.toPlainString() + " is too large"));
        }
      }
    }
    BigDecimal budget = single(PortraitQuestionnaire.BUDGET, answers, problems);
    if (budget != null && budget.signum() < 0) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "item '"
                  + PortraitQuestionnaire.BUDGET
                  + "': "
                  + budget.toPlainString()
                  + " is negative"));
    }
    Long year = counts.get(PortraitQuestionnaire.YEAR);
    if (year != null && (year < EARLIEST_YEAR || year > authoredDate.getYear())) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "item '"
                  + PortraitQuestionnaire.YEAR
                  + "': "
                  + year
                  + " is not a year from "
                  + EARLIEST_YEAR
                  + " to the year the portrait was authored ("
                  + authoredDate.getYear()
                  + ")"));
    }
    atMost(
        counts,
        PortraitQuestionnaire.COMMITTEES_WITH_PARTNERS,
        PortraitQuestionnaire.COMMITTEES,
        problems);
    atMost(
        counts,
        PortraitQuestionnaire.COMMITTEES_CO_CONSTRUCTION,
        PortraitQuestionnaire.COMMITTEES_WITH_PARTNERS,
        problems);
    atMost(
        counts,
        PortraitQuestionnaire.PROJECTS_WITH_PARTNERS,
        PortraitQuestionnaire.PROJECTS,
        problems);
    PartnerDiversity partners = diversity ? diversity(counts, problems) : null;
    if (!problems.isEmpty()) {
      return new Reading(null, problems);
    }
    return new Reading(
        new PortraitRecord(
            id,
            organizationId,
            questionnaireVersion,
            year.intValue(),
            authoredDate,
            authoredAt,
            counts.get(PortraitQuestionnaire.COMMITTEES),
            counts.get(PortraitQuestionnaire.COMMITTEES_WITH_PARTNERS),
            counts.get(PortraitQuestionnaire.COMMITTEES_CO_CONSTRUCTION),
            counts.get(PortraitQuestionnaire.PROJECTS),
            counts.get(PortraitQuestionnaire.PROJECTS_WITH_PARTNERS),
            counts.get(PortraitQuestionnaire.PARTNERS_RECRUITED),
            counts.get(PortraitQuestionnaire.PARTNERS_TRAINED),
            counts.get(PortraitQuestionnaire.PARTNERS_COMPENSATED),
            budget.doubleValue(),
            partners),
        List.of());
  }

  /**
   * The partner diversity items read, or null when one is missing or invalid (already a problem),
   * or when the cells and the partners not described do not add up to the active partners (a
   * problem added here).
   */
  private static @Nullable PartnerDiversity diversity(
      Map<String, Long> counts, List<Problem> problems) {
    if (!counts.keySet().containsAll(PortraitQuestionnaire.DIVERSITY_ITEMS)) {
      return null;
    }
    long active = counts.get(PortraitQuestionnaire.PARTNERS_ACTIVE);
    long notDescribed = counts.get(PortraitQuestionnaire.PARTNERS_NOT_DESCRIBED);
    List<PartnerDiversity.Cell> cells = new ArrayList<>();
    long sum = notDescribed;
    for (String sex : PortraitQuestionnaire.SEXES) {
      for (String band : AgeBand.BANDS) {
        long partners = counts.get(PortraitQuestionnaire.cellItem(sex, band));
        cells.add(new PartnerDiversity.Cell(sex, band, partners));
        sum += partners;
      }
    }
    if (sum != active) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "items 'partners-<sex>-<age band>' and '"
                  + PortraitQuestionnaire.PARTNERS_NOT_DESCRIBED
                  + "' add up to "
                  + sum
                  + ", not item '"
                  + PortraitQuestionnaire.PARTNERS_ACTIVE
                  + "' ("
                  + active
                  + ")"));
      return null;
    }
    return new PartnerDiversity(active, notDescribed, cells);
  }

  private static @Nullable BigDecimal single(
      String linkId, Map<String, List<BigDecimal>> answers, List<Problem> problems) {
    List<BigDecimal> values = answers.get(linkId);
    if (values == null || values.isEmpty()) {
      problems.add(new Problem(RejectReason.MISSING_ELEMENT, "item '" + linkId + "' is missing"));
      return null;
    }
    if (values.size() > 1) {
      problems.add(
          new Problem(
              RejectReason.TOO_MANY_ANSWERS,
              "item '" + linkId + "' has " + values.size() + " answers; it takes one"));
      return null;
    }
    return values.get(0);
  }

  private static void atMost(
      Map<String, Long> counts, String part, String whole, List<Problem> problems) {
    Long p = counts.get(part);
    Long w = counts.get(whole);
    if (p != null && w != null && p > w) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "item '" + part + "': " + p + " is more than item '" + whole + "' (" + w + ")"));
    }
  }

  /**
   * Why an accepted portrait cannot be kept because of its subject, or null when its establishment
   * is one of those accepted: a portrait of an unknown establishment is {@link
   * RejectReason#DANGLING_REFERENCE}, as an episode whose {@code managingOrganization} is unknown.
   */
  public static @Nullable Problem establishment(
      PortraitRecord portrait, Set<String> establishments) {
    if (establishments.contains(portrait.organizationId())) {
      return null;
    }
    return new Problem(
        RejectReason.DANGLING_REFERENCE,
        "subject Organization/"
            + portrait.organizationId()
            + " is not an accepted establishment (Organization)");
  }

  /** The portraits kept, one per establishment and year, and a dead letter for each other one. */
  public record Choice(List<ParsedResource> kept, List<Rejection> rejected) {}

  /**
   * One portrait per establishment and year: the one authored last is kept. Another one authored
   * earlier is {@link RejectReason#SUPERSEDED} (a later portrait replaced it); one authored at the
   * same time as the one kept is {@link RejectReason#DUPLICATE}, and the first by file and position
   * is kept, as for two copies of one version.
   */
  public static Choice onePerEstablishmentYear(List<ParsedResource> portraits) {
    Map<EstablishmentYear, List<ParsedResource>> byUnit = new LinkedHashMap<>();
    for (ParsedResource r : portraits) {
      byUnit.computeIfAbsent(EstablishmentYear.of(r.portrait()), k -> new ArrayList<>()).add(r);
    }
    List<ParsedResource> kept = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    for (List<ParsedResource> group : byUnit.values()) {
      group.sort(LATEST_FIRST);
      ParsedResource winner = group.get(0);
      kept.add(winner);
      for (ParsedResource other : group.subList(1, group.size())) {
        boolean sameTime = AUTHORED.compare(other, winner) == 0;
        rejected.add(
            Rejection.of(
                other,
                sameTime ? RejectReason.DUPLICATE : RejectReason.SUPERSEDED,
                (sameTime ? "authored at the same time as " : "replaced by the later ")
                    + winner.reference()
                    + ", the portrait kept for Organization/"
                    + winner.portrait().organizationId()
                    + " and "
                    + winner.portrait().year()
                    + " (one portrait per establishment and year)"));
      }
    }
    return new Choice(kept, rejected);
  }

  /** By when a portrait was authored: the day, then the instant when both give one. */
  private static final Comparator<ParsedResource> AUTHORED =
      Comparator.comparing((ParsedResource r) -> r.portrait().authoredDate())
          .thenComparing(
              r -> r.portrait().authoredAt(), Comparator.nullsFirst(Comparator.naturalOrder()));

  private static final Comparator<ParsedResource> LATEST_FIRST =
      AUTHORED.reversed().thenComparing(ParsedResource::source).thenComparing(ParsedResource::id);
}
