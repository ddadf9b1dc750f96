package quebec.balises.portrait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PartnerDiversity;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.SourceRef;

/** The portrait's rules, with hand-worked answers (docs/decisions/0022). */
class PortraitRulesTest {
  private static final LocalDate AUTHORED = LocalDate.of(2026, 3, 15);

  /** 12 committees, 9 with partners, 4 of them at co-construction or above, for 2025. */
  static Map<String, List<BigDecimal>> answers(Object... overrides) {
    Map<String, List<BigDecimal>> answers = new LinkedHashMap<>();
    answers.put("year", List.of(new BigDecimal("2025")));
    answers.put("committees", List.of(new BigDecimal("12")));
    answers.put("committees-with-partners", List.of(new BigDecimal("9")));
    answers.put("committees-co-construction", List.of(new BigDecimal("4")));
    answers.put("projects", List.of(new BigDecimal("20")));
    answers.put("projects-with-partners", List.of(new BigDecimal("7")));
    answers.put("partners-recruited", List.of(new BigDecimal("15")));
    answers.put("partners-trained", List.of(new BigDecimal("11")));
    answers.put("partners-compensated", List.of(new BigDecimal("10")));
    answers.put("budget", List.of(new BigDecimal("48250.50")));
    for (int i = 0; i < overrides.length; i += 2) {
      String linkId = (String) overrides[i];
      Object value = overrides[i + 1];
      if (value == null) {
        answers.remove(linkId);
      } else if (value instanceof List<?> list) {
        answers.put(linkId, list.stream().map(v -> new BigDecimal(v.toString())).toList());
      } else {
        answers.put(linkId, List.of(new BigDecimal(value.toString())));
      }
    }
    return answers;
  }

  private static PortraitRules.Reading read(Map<String, List<BigDecimal>> answers) {
    return PortraitRules.read("pr1", "o1", "1.0.0", AUTHORED, null, answers);
  }

  private static ParsedResource.Problem firstProblem(Object... overrides) {
    PortraitRules.Reading reading = read(answers(overrides));
    assertThat(reading.portrait(), nullValue());
    return reading.problems().get(0);
  }

  @Test
  void readsEveryItem() {
    PortraitRules.Reading reading = read(answers());
    assertThat(reading.problems(), empty());
    PortraitRecord p = reading.portrait();
    assertThat(p.year(), is(2025));
    assertThat(p.organizationId(), is("o1"));
    assertThat(p.committees(), is(12L));
    assertThat(p.committeesWithPartners(), is(9L));
    assertThat(p.committeesCoConstruction(), is(4L));
    assertThat(p.projects(), is(20L));
    assertThat(p.projectsWithPartners(), is(7L));
    assertThat(p.partnersRecruited(), is(15L));
    assertThat(p.partnersTrained(), is(11L));
    assertThat(p.partnersCompensated(), is(10L));
    assertThat(p.budget(), is(48250.5));
  }

  @Test
  void aWholeNumberWrittenAsADecimalIsAWholeNumber() {
    assertThat(read(answers("committees", "12.0")).portrait().committees(), is(12L));
  }

  @Test
  void countsMustBeWholeAndNotNegative() {
    ParsedResource.Problem negative = firstProblem("partners-trained", -1);
    assertThat(negative.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(negative.message(), is("item 'partners-trained': -1 is negative"));
    ParsedResource.Problem fraction = firstProblem("projects", "2.5");
    assertThat(fraction.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(fraction.message(), is("item 'projects': 2.5 is not a whole number"));
    assertThat(firstProblem("budget", "-0.01").message(), is("item 'budget': -0.01 is negative"));
  }

  @Test
  void partnersCommitteesAreAtMostTheCommitteesAndCoConstructionAtMostThePartnered() {
    ParsedResource.Problem more = firstProblem("committees-with-partners", 13);
    assertThat(more.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        more.message(),
        is("item 'committees-with-partners': 13 is more than item 'committees' (12)"));
    ParsedResource.Problem co = firstProblem("committees-co-construction", 10);
    assertThat(
        co.message(),
        is(
            "item 'committees-co-construction': 10 is more than item 'committees-with-partners'"
                + " (9)"));
    assertThat(
        firstProblem("projects-with-partners", 21).message(),
        is("item 'projects-with-partners': 21 is more than item 'projects' (20)"));
    // Equal is allowed: every committee partnered, every partnered one co-constructing.
    assertThat(
        read(answers("committees-with-partners", 12, "committees-co-construction", 12)).problems(),
        empty());
  }

  @Test
  void everyItemIsRequiredAndAnsweredOnce() {
    ParsedResource.Problem missing = firstProblem("committees", null);
    assertThat(missing.reason(), is(RejectReason.MISSING_ELEMENT));
    assertThat(missing.message(), is("item 'committees' is missing"));
    ParsedResource.Problem two = firstProblem("projects", List.of(3, 4));
    assertThat(two.reason(), is(RejectReason.TOO_MANY_ANSWERS));
    ParsedResource.Problem unknown = firstProblem("diversity", 3);
    assertThat(unknown.reason(), is(RejectReason.UNKNOWN_ITEM));
  }

  @Test
  void theYearIsNotAfterTheYearAuthored() {
    ParsedResource.Problem later = firstProblem("year", 2027);
    assertThat(later.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(later.message(), containsString("2027 is not a year from 2000"));
    assertThat(firstProblem("year", 1999).reason(), is(RejectReason.INVALID_VALUE));
    assertThat(read(answers("year", 2026)).portrait().year(), is(2026));
  }

  @Test
  void theSubjectMustBeAnAcceptedEstablishment() {
    PortraitRecord p = read(answers()).portrait();
    assertThat(PortraitRules.establishment(p, Set.of("o1", "o2")), nullValue());
    ParsedResource.Problem dangling = PortraitRules.establishment(p, Set.of("o2"));
    assertThat(dangling.reason(), is(RejectReason.DANGLING_REFERENCE));
    assertThat(dangling.message(), containsString("Organization/o1"));
  }

  static ParsedResource parsed(
      String id, String org, int year, LocalDate authored, Instant at, long line) {
    PortraitRecord p =
        PortraitRules.read(id, org, "1.0.0", authored, at, answers("year", year)).portrait();
    return new ParsedResource(
        SourceRef.line("portraits.ndjson", line),
        ResourceKind.QUESTIONNAIRE_RESPONSE,
        id,
        null,
        null,
        null,
        "completed",
        null,
        p,
        "{}");
  }

  @Test
  void onePortraitPerEstablishmentAndYearTheLatestAuthored() {
    ParsedResource march = parsed("a", "o1", 2025, LocalDate.of(2026, 3, 1), null, 1);
    ParsedResource april = parsed("b", "o1", 2025, LocalDate.of(2026, 4, 2), null, 2);
    ParsedResource aprilCopy = parsed("c", "o1", 2025, LocalDate.of(2026, 4, 2), null, 3);
    ParsedResource otherYear = parsed("d", "o1", 2024, LocalDate.of(2025, 2, 1), null, 4);
    ParsedResource otherSite = parsed("e", "o2", 2025, LocalDate.of(2026, 1, 1), null, 5);
    PortraitRules.Choice choice =
        PortraitRules.onePerEstablishmentYear(
            new java.util.ArrayList<>(List.of(march, aprilCopy, april, otherYear, otherSite)));
    assertThat(choice.kept().stream().map(ParsedResource::id).toList(), contains("b", "d", "e"));
    List<Rejection> rejected = choice.rejected();
    assertThat(rejected.size(), is(2));
    Rejection copy = rejected.stream().filter(r -> r.resourceId().equals("c")).findFirst().get();
    assertThat(copy.reason(), is(RejectReason.DUPLICATE));
    Rejection earlier = rejected.stream().filter(r -> r.resourceId().equals("a")).findFirst().get();
    assertThat(earlier.reason(), is(RejectReason.SUPERSEDED));
    assertThat(earlier.message(), containsString("QuestionnaireResponse/b"));
  }

  @Test
  void theInstantBreaksATieOnTheDay() {
    LocalDate day = LocalDate.of(2026, 4, 2);
    ParsedResource morning = parsed("a", "o1", 2025, day, Instant.parse("2026-04-02T13:00:00Z"), 1);
    ParsedResource evening = parsed("b", "o1", 2025, day, Instant.parse("2026-04-02T22:00:00Z"), 2);
    PortraitRules.Choice choice =
        PortraitRules.onePerEstablishmentYear(new java.util.ArrayList<>(List.of(morning, evening)));
    assertThat(choice.kept().get(0).id(), is("b"));
    assertThat(choice.rejected().get(0).reason(), is(RejectReason.SUPERSEDED));
  }

  // ---- partner diversity, version 1.1.0 (docs/decisions/0023) --------------------------------

  /**
   * The answers of {@link #answers} with partner diversity: 10 active partners, of whom women 3
   * aged 45-54 and 2 aged 65-74, men 1 aged 18-24 and 2 aged 55-64, and 2 not described; every
   * other cell 0. 3 + 2 + 1 + 2 + 2 = 10. Their background: 6 patients or users, 2 caregivers, 1
   * citizen, 1 not described (= 10); 7 French, 2 English, none of another language, 1 not described
   * (= 10); 1 in a most-deprived area and 3 whose area is unknown (4 ≤ 10); 8 in the
   * establishment's region and 1 whose region is unknown (9 ≤ 10).
   */
  static Map<String, List<BigDecimal>> diverse(Object... overrides) {
    Map<String, List<BigDecimal>> answers = answers();
    answers.put("partners-active", List.of(new BigDecimal("10")));
    for (String sex : List.of("female", "male")) {
      for (String band : quebec.balises.indicators.AgeBand.BANDS) {
        answers.put("partners-" + sex + "-" + band.replace("+", "-plus"), List.of(BigDecimal.ZERO));
      }
    }
    answers.put("partners-female-45-54", List.of(new BigDecimal("3")));
    answers.put("partners-female-65-74", List.of(new BigDecimal("2")));
    answers.put("partners-male-18-24", List.of(new BigDecimal("1")));
    answers.put("partners-male-55-64", List.of(new BigDecimal("2")));
    answers.put("partners-not-described", List.of(new BigDecimal("2")));
    Object[] background = {
      "partners-experience-patient", 6,
      "partners-experience-caregiver", 2,
      "partners-experience-citizen", 1,
      "partners-experience-not-described", 1,
      "partners-language-fr", 7,
      "partners-language-en", 2,
      "partners-language-other", 0,
      "partners-language-not-described", 1,
      "partners-most-deprived", 1,
      "partners-deprivation-not-described", 3,
      "partners-same-region", 8,
      "partners-region-not-described", 1
    };
    for (int i = 0; i < background.length; i += 2) {
      answers.put((String) background[i], List.of(new BigDecimal(background[i + 1].toString())));
    }
    Map<String, List<BigDecimal>> base = answers(overrides);
    for (int i = 0; i < overrides.length; i += 2) {
      String linkId = (String) overrides[i];
      if (base.containsKey(linkId)) {
        answers.put(linkId, base.get(linkId));
      } else {
        answers.remove(linkId);
      }
    }
    return answers;
  }

  private static PortraitRules.Reading readDiverse(Map<String, List<BigDecimal>> answers) {
    return PortraitRules.read("pr1", "o1", "1.1.0", AUTHORED, null, answers);
  }

  private static ParsedResource.Problem firstDiverseProblem(Object... overrides) {
    PortraitRules.Reading reading = readDiverse(diverse(overrides));
    assertThat(reading.portrait(), nullValue());
    return reading.problems().get(0);
  }

  @Test
  void readsPartnerDiversityFromVersion11() {
    PortraitRules.Reading reading = readDiverse(diverse());
    assertThat(reading.problems(), empty());
    PartnerDiversity d = reading.portrait().diversity();
    assertThat(d.active(), is(10L));
    assertThat(d.notDescribed(), is(2L));
    assertThat(d.described(), is(8L));
    // 2 sexes × 8 bands, women first, youngest first.
    assertThat(d.cells().size(), is(16));
    assertThat(d.cells().get(3), is(new PartnerDiversity.Cell("female", "45-54", 3)));
    assertThat(d.cells().get(9), is(new PartnerDiversity.Cell("male", "18-24", 1)));
    assertThat(d.cells().get(15), is(new PartnerDiversity.Cell("male", "85+", 0)));
    assertThat(d.cells().stream().mapToLong(PartnerDiversity.Cell::partners).sum(), is(8L));
    assertThat(d.experience(), is(new PartnerDiversity.Experience(6, 2, 1, 1)));
    assertThat(d.language(), is(new PartnerDiversity.Language(7, 2, 0, 1)));
    assertThat(d.mostDeprived(), is(1L));
    assertThat(d.deprivationNotDescribed(), is(3L));
    assertThat(d.sameRegion(), is(8L));
    assertThat(d.regionNotDescribed(), is(1L));
    // The items of version 1.0.0 are read as before.
    assertThat(reading.portrait().committees(), is(12L));
    assertThat(reading.portrait().questionnaireVersion(), is("1.1.0"));
  }

  @Test
  void aVersion10PortraitHasNoDiversityAndMayNotAnswerIt() {
    assertThat(read(answers()).portrait().diversity(), nullValue());
    PortraitRules.Reading reading = read(diverse());
    assertThat(reading.portrait(), nullValue());
    assertThat(reading.problems().get(0).reason(), is(RejectReason.UNKNOWN_ITEM));
    assertThat(
        reading.problems().get(0).message(),
        is("item 'partners-active' is not an item of the partnership portrait 1.0.0"));
    // One problem per item the version does not have: the total, 16 cells, the unknown, and the
    // 12 items of the partners' background.
    assertThat(reading.problems().size(), is(30));
  }

  @Test
  void theDiversityItemsAreRequiredFromVersion11() {
    ParsedResource.Problem total = firstDiverseProblem("partners-active", null);
    assertThat(total.reason(), is(RejectReason.MISSING_ELEMENT));
    assertThat(total.message(), is("item 'partners-active' is missing"));
    ParsedResource.Problem cell = firstDiverseProblem("partners-male-85-plus", null);
    assertThat(cell.reason(), is(RejectReason.MISSING_ELEMENT));
    assertThat(cell.message(), is("item 'partners-male-85-plus' is missing"));
    for (String linkId :
        List.of(
            "partners-experience-citizen",
            "partners-language-other",
            "partners-most-deprived",
            "partners-deprivation-not-described",
            "partners-same-region",
            "partners-region-not-described")) {
      ParsedResource.Problem background = firstDiverseProblem(linkId, null);
      assertThat(background.reason(), is(RejectReason.MISSING_ELEMENT));
      assertThat(background.message(), is("item '" + linkId + "' is missing"));
    }
    // A missing part is named once, with no sum of the parts that are left.
    assertThat(readDiverse(diverse("partners-language-fr", null)).problems().size(), is(1));
    // A version 1.1.0 portrait without any diversity item misses every one of them.
    PortraitRules.Reading none = readDiverse(answers());
    assertThat(none.portrait(), nullValue());
    assertThat(none.problems().size(), is(30));
  }

  @Test
  void diversityCountsAreWholeNotNegativeAndAnsweredOnce() {
    ParsedResource.Problem negative = firstDiverseProblem("partners-female-0-17", -1);
    assertThat(negative.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(negative.message(), is("item 'partners-female-0-17': -1 is negative"));
    ParsedResource.Problem fraction = firstDiverseProblem("partners-not-described", "1.5");
    assertThat(fraction.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(fraction.message(), is("item 'partners-not-described': 1.5 is not a whole number"));
    ParsedResource.Problem twice = firstDiverseProblem("partners-active", List.of(10, 10));
    assertThat(twice.reason(), is(RejectReason.TOO_MANY_ANSWERS));
  }

  @Test
  void backgroundCountsAreWholeNotNegativeAndAnsweredOnce() {
    ParsedResource.Problem fraction = firstDiverseProblem("partners-experience-caregiver", "2.5");
    assertThat(fraction.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        fraction.message(), is("item 'partners-experience-caregiver': 2.5 is not a whole number"));
    ParsedResource.Problem language = firstDiverseProblem("partners-language-en", "0.5");
    assertThat(language.message(), is("item 'partners-language-en': 0.5 is not a whole number"));
    ParsedResource.Problem deprived = firstDiverseProblem("partners-most-deprived", "1.25");
    assertThat(deprived.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(deprived.message(), is("item 'partners-most-deprived': 1.25 is not a whole number"));
    ParsedResource.Problem region = firstDiverseProblem("partners-region-not-described", -1);
    assertThat(region.message(), is("item 'partners-region-not-described': -1 is negative"));
    ParsedResource.Problem twice = firstDiverseProblem("partners-same-region", List.of(8, 8));
    assertThat(twice.reason(), is(RejectReason.TOO_MANY_ANSWERS));
    assertThat(twice.message(), is("item 'partners-same-region' has 2 answers; it takes one"));
  }

  @Test
  void theExperiencesAndTheLanguagesEachAddUpToTheActivePartners() {
    // 7 + 2 + 1 + 1 = 11 ≠ 10.
    ParsedResource.Problem experience = firstDiverseProblem("partners-experience-patient", 7);
    assertThat(experience.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        experience.message(),
        is(
            "items 'partners-experience-patient', 'partners-experience-caregiver',"
                + " 'partners-experience-citizen' and 'partners-experience-not-described' add up"
                + " to 11, not item 'partners-active' (10)"));
    // Fewer is wrong too: each partner has one main experience. 6 + 2 + 1 + 0 = 9 ≠ 10.
    assertThat(
        firstDiverseProblem("partners-experience-not-described", 0).message(),
        containsString("add up to 9, not item 'partners-active' (10)"));
    // 7 + 2 + 3 + 1 = 13 ≠ 10.
    ParsedResource.Problem language = firstDiverseProblem("partners-language-other", 3);
    assertThat(language.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        language.message(),
        is(
            "items 'partners-language-fr', 'partners-language-en', 'partners-language-other' and"
                + " 'partners-language-not-described' add up to 13, not item 'partners-active'"
                + " (10)"));
  }

  @Test
  void theMostDeprivedAndTheSameRegionWithTheirUnknownAreAtMostTheActivePartners() {
    // 8 + 3 = 11 > 10.
    ParsedResource.Problem deprived = firstDiverseProblem("partners-most-deprived", 8);
    assertThat(deprived.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        deprived.message(),
        is(
            "items 'partners-most-deprived' and 'partners-deprivation-not-described' add up to"
                + " 11, more than item 'partners-active' (10)"));
    // 8 + 3 = 11 > 10.
    ParsedResource.Problem region = firstDiverseProblem("partners-region-not-described", 3);
    assertThat(region.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        region.message(),
        is(
            "items 'partners-same-region' and 'partners-region-not-described' add up to 11,"
                + " more than item 'partners-active' (10)"));
    // Exactly the active partners is allowed (7 + 3 = 10; 9 + 1 = 10), and so is less: the
    // others live in a less deprived area or in another region.
    PortraitRules.Reading full =
        readDiverse(diverse("partners-most-deprived", 7, "partners-same-region", 9));
    assertThat(full.problems(), empty());
    assertThat(full.portrait().diversity().mostDeprived(), is(7L));
    assertThat(full.portrait().diversity().sameRegion(), is(9L));
    assertThat(
        readDiverse(diverse("partners-most-deprived", 0, "partners-same-region", 0)).problems(),
        empty());
  }

  @Test
  void everyBrokenSumIsOneProblem() {
    // The sex and age cells, the experiences, the languages, the deprivation and the region all
    // broken at once by raising the active partners to 12 and the two "at most" sums above it.
    PortraitRules.Reading reading =
        readDiverse(
            diverse(
                "partners-active", 12, "partners-most-deprived", 10, "partners-same-region", 12));
    assertThat(reading.portrait(), nullValue());
    assertThat(reading.problems().size(), is(5));
    assertThat(
        reading.problems().stream().map(ParsedResource.Problem::reason).distinct().toList(),
        contains(RejectReason.INVALID_VALUE));
    assertThat(reading.problems().get(0).message(), containsString("'partners-<sex>-<age band>'"));
    assertThat(reading.problems().get(1).message(), containsString("'partners-experience-"));
    assertThat(reading.problems().get(2).message(), containsString("'partners-language-"));
    assertThat(reading.problems().get(3).message(), containsString("add up to 13, more than"));
    assertThat(reading.problems().get(4).message(), containsString("add up to 13, more than"));
  }

  @Test
  void theCellsAndTheUnknownAddUpToTheActivePartners() {
    // 3 + 2 + 1 + 2 + 2 = 10 ≠ 11.
    ParsedResource.Problem more = firstDiverseProblem("partners-active", 11);
    assertThat(more.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        more.message(),
        is(
            "items 'partners-<sex>-<age band>' and 'partners-not-described' add up to 10, not"
                + " item 'partners-active' (11)"));
    // 4 + 2 + 1 + 2 + 2 = 11 ≠ 10.
    assertThat(
        firstDiverseProblem("partners-female-45-54", 4).message(),
        containsString("add up to 11, not item 'partners-active' (10)"));
    // Nobody active, nobody in any cell: a valid portrait.
    Map<String, List<BigDecimal>> nobody =
        diverse(
            "partners-active",
            0,
            "partners-female-45-54",
            0,
            "partners-female-65-74",
            0,
            "partners-male-18-24",
            0,
            "partners-male-55-64",
            0,
            "partners-not-described",
            0);
    // And nobody in any group of the background either.
    for (String linkId : quebec.balises.fhir.PortraitQuestionnaire.BACKGROUND_ITEMS) {
      nobody.put(linkId, List.of(BigDecimal.ZERO));
    }
    assertThat(readDiverse(nobody).portrait().diversity().active(), is(0L));
  }
}
