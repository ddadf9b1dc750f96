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
   * diversity items are required too: the partners of each sex and age band plus those not
   * described, the partners by lived experience and the partners by language each add up to the
   * active partners; those in a most-deprived area plus those whose area is unknown, and those of
   * the establishment's region plus those whose region is unknown, are each at most the active
   * partners (docs/decisions/0023). A version 1.0.0 portrait that answers them answers items its
   * version does not have.
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
   * or when a group of them does not add up (a problem added here, one per group). The sex and age
   * cells with the partners not described, the lived experiences and the languages each add up to
   * the active partners; the partners in a most-deprived area with those whose area is unknown, and
   * the partners of the establishment's region with those whose region is unknown, are each at most
   * the active partners (the others live in a less deprived area, or in another region). Each group
   * is checked whenever its own items were read, so that every broken rule is named at once.
   */
  private static @Nullable PartnerDiversity diversity(
      Map<String, Long> counts, List<Problem> problems) {
    int before = problems.size();
    List<String> cellItems = new ArrayList<>();
    for (String sex : PortraitQuestionnaire.SEXES) {
      for (String band : AgeBand.BANDS) {
        cellItems.add(PortraitQuestionnaire.cellItem(sex, band));
      }
    }
    List<String> cellsAndUnknown = new ArrayList<>(cellItems);
    cellsAndUnknown.add(PortraitQuestionnaire.PARTNERS_NOT_DESCRIBED);
    addsUp(
        counts,
        cellsAndUnknown,
        "items 'partners-<sex>-<age band>' and '"
            + PortraitQuestionnaire.PARTNERS_NOT_DESCRIBED
            + "'",
        true,
        problems);
    addsUp(
        counts,
        PortraitQuestionnaire.EXPERIENCE_ITEMS,
        names(PortraitQuestionnaire.EXPERIENCE_ITEMS),
        true,
        problems);
    addsUp(
        counts,
        PortraitQuestionnaire.LANGUAGE_ITEMS,
        names(PortraitQuestionnaire.LANGUAGE_ITEMS),
        true,
        problems);
    List<String> deprivation =
        List.of(
            PortraitQuestionnaire.MOST_DEPRIVED, PortraitQuestionnaire.DEPRIVATION_NOT_DESCRIBED);
    addsUp(counts, deprivation, names(deprivation), false, problems);
    List<String> region =
        List.of(PortraitQuestionnaire.SAME_REGION, PortraitQuestionnaire.REGION_NOT_DESCRIBED);
    addsUp(counts, region, names(region), false, problems);
    if (problems.size() > before
        || !counts.keySet().containsAll(PortraitQuestionnaire.DIVERSITY_ITEMS)) {
      return null;
    }
    List<PartnerDiversity.Cell> cells = new ArrayList<>();
    for (String sex : PortraitQuestionnaire.SEXES) {
      for (String band : AgeBand.BANDS) {
        cells.add(
            new PartnerDiversity.Cell(
                sex, band, counts.get(PortraitQuestionnaire.cellItem(sex, band))));
      }
    }
    return new PartnerDiversity(
        counts.get(PortraitQuestionnaire.PARTNERS_ACTIVE),
        counts.get(PortraitQuestionnaire.PARTNERS_NOT_DESCRIBED),
        cells,
        new PartnerDiversity.Experience(
            counts.get(PortraitQuestionnaire.EXPERIENCE_PATIENT),
            counts.get(PortraitQuestionnaire.EXPERIENCE_CAREGIVER),
            counts.get(PortraitQuestionnaire.EXPERIENCE_CITIZEN),
            counts.get(PortraitQuestionnaire.EXPERIENCE_NOT_DESCRIBED)),
        new PartnerDiversity.Language(
            counts.get(PortraitQuestionnaire.LANGUAGE_FR),
            counts.get(PortraitQuestionnaire.LANGUAGE_EN),
            counts.get(PortraitQuestionnaire.LANGUAGE_OTHER),
            counts.get(PortraitQuestionnaire.LANGUAGE_NOT_DESCRIBED)),
        counts.get(PortraitQuestionnaire.MOST_DEPRIVED),
        counts.get(PortraitQuestionnaire.DEPRIVATION_NOT_DESCRIBED),
        counts.get(PortraitQuestionnaire.SAME_REGION),
        counts.get(PortraitQuestionnaire.REGION_NOT_DESCRIBED));
  }

  /** {@code items 'a', 'b' and 'c'}: how a message names a group of items. */
  private static String names(List<String> linkIds) {
    StringBuilder s = new StringBuilder("items ");
    for (int i = 0; i < linkIds.size(); i++) {
      if (i > 0) {
        s.append(i == linkIds.size() - 1 ? " and " : ", ");
      }
      s.append('\'').append(linkIds.get(i)).append('\'');
    }
    return s.toString();
  }

  /**
   * Adds a problem naming both sums when the parts do not add up to the active partners ({@code
   * exact}) or add up to more than them; nothing when one of the items was not read (its own
   * problem says why).
   */
  private static void addsUp(
      Map<String, Long> counts,
      List<String> parts,
      String named,
      boolean exact,
      List<Problem> problems) {
    Long active = counts.get(PortraitQuestionnaire.PARTNERS_ACTIVE);
    if (active == null || !counts.keySet().containsAll(parts)) {
      return;
    }
    long sum = 0;
    for (String part : parts) {
      sum += counts.get(part);
    }
    if (exact ? sum != active : sum > active) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              named
                  + " add up to "
                  + sum
                  + (exact ? ", not item '" : ", more than item '")
                  + PortraitQuestionnaire.PARTNERS_ACTIVE
                  + "' ("
                  + active
                  + ")"));
    }
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
