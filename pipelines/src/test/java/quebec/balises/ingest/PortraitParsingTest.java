package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PartnerDiversity;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/**
 * A response to the establishment portrait is read as a portrait, apart from the patients'
 * responses (docs/decisions/0022).
 */
public class PortraitParsingTest {
  private final ResourceParser parser =
      new ResourceParser(QuestionnaireCatalog.builder().build(), LocalDate.of(2026, 6, 1));

  public static final String CANONICAL =
      "https://balises.quebec/fhir/Questionnaire/partnership-portrait|1.0.0";

  private static String item(String linkId, String value) {
    return "{\"linkId\":\"%s\",\"answer\":[{%s}]}".formatted(linkId, value);
  }

  /** A portrait of o1 for 2025: 12 committees, 9 with partners, 4 at co-construction or above. */
  public static String portrait(
      String id, String subject, String questionnaire, String committees) {
    return ("{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"%s\",\"questionnaire\":\"%s\","
            + "\"status\":\"completed\",\"subject\":{\"reference\":\"%s\"},"
            + "\"authored\":\"2026-03-15T10:00:00-04:00\",\"item\":[%s]}")
        .formatted(
            id,
            questionnaire,
            subject,
            String.join(
                ",",
                item("year", "\"valueInteger\":2025"),
                item("committees", committees),
                item("committees-with-partners", "\"valueInteger\":9"),
                item("committees-co-construction", "\"valueInteger\":4"),
                item("projects", "\"valueInteger\":20"),
                item("projects-with-partners", "\"valueInteger\":7"),
                item("partners-recruited", "\"valueInteger\":15"),
                item("partners-trained", "\"valueInteger\":11"),
                item("partners-compensated", "\"valueInteger\":10"),
                item("budget", "\"valueDecimal\":48250.50")));
  }

  private ParsedResource parsed(String json) {
    ResourceParser.Result result =
        parser.parse(new SourceRecord(SourceRef.line("p.ndjson", 1), json));
    assertThat(result, instanceOf(ResourceParser.Portrait.class));
    return ((ResourceParser.Portrait) result).resource();
  }

  @Test
  void readsAPortraitAboutAnEstablishment() {
    ParsedResource resource =
        parsed(portrait("pr1", "Organization/o1", CANONICAL, "\"valueInteger\":12"));
    assertThat(resource.problem(), nullValue());
    assertThat(resource.patientId(), nullValue());
    PortraitRecord p = resource.portrait();
    assertThat(p.organizationId(), is("o1"));
    assertThat(p.year(), is(2025));
    assertThat(p.committees(), is(12L));
    assertThat(p.committeesCoConstruction(), is(4L));
    assertThat(p.budget(), is(48250.5));
    assertThat(p.authoredDate(), is(LocalDate.of(2026, 3, 15)));
  }

  @Test
  void theSubjectMustBeAnOrganization() {
    ParsedResource resource =
        parsed(portrait("pr1", "Patient/p1", CANONICAL, "\"valueInteger\":12"));
    assertThat(resource.payload(), nullValue());
    assertThat(resource.problem().reason(), is(RejectReason.MISSING_REFERENCE));
    assertThat(resource.problem().message(), containsString("Organization/id"));
  }

  @Test
  void anUnknownVersionIsNamed() {
    ParsedResource resource =
        parsed(
            portrait(
                "pr1",
                "Organization/o1",
                CANONICAL.replace("1.0.0", "9.0.0"),
                "\"valueInteger\":12"));
    assertThat(resource.problem().reason(), is(RejectReason.UNKNOWN_QUESTIONNAIRE_VERSION));
  }

  @Test
  void aBrokenRuleIsAProblemOfTheVersionNamingTheItem() {
    ParsedResource resource =
        parsed(portrait("pr1", "Organization/o1", CANONICAL, "\"valueInteger\":8"));
    assertThat(resource.problem().reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        resource.problem().message(),
        containsString("item 'committees-with-partners': 9 is more than item 'committees' (8)"));
    ParsedResource coded =
        parsed(portrait("pr1", "Organization/o1", CANONICAL, "\"valueCoding\":{\"code\":\"12\"}"));
    assertThat(coded.problem().reason(), is(RejectReason.INVALID_VALUE));
    assertThat(coded.problem().message(), containsString("item 'committees'"));
  }

  /**
   * The portrait of {@link #portrait} in version 1.1.0, with 6 active partners: 4 women aged 55-64,
   * 1 man aged 85 and over, and {@code notDescribed} not described (1 adds up). Their background: 3
   * patients or users, 2 caregivers, 1 citizen, 0 not described; 4 French, 1 English, 1 of another
   * language, 0 not described; {@code mostDeprived} in a most-deprived area and 2 whose area is
   * unknown; 5 in the establishment's region and 0 whose region is unknown.
   */
  static String version11(String notDescribed, String mostDeprived) {
    StringBuilder diversity = new StringBuilder(item("partners-active", "\"valueInteger\":6"));
    for (String sex : java.util.List.of("female", "male")) {
      for (String band : quebec.balises.indicators.AgeBand.BANDS) {
        String linkId = "partners-" + sex + "-" + band.replace("+", "-plus");
        int n =
            switch (linkId) {
              case "partners-female-55-64" -> 4;
              case "partners-male-85-plus" -> 1;
              default -> 0;
            };
        diversity.append(',').append(item(linkId, "\"valueInteger\":" + n));
      }
    }
    diversity
        .append(',')
        .append(item("partners-not-described", "\"valueInteger\":" + notDescribed));
    String[][] background = {
      {"partners-experience-patient", "3"},
      {"partners-experience-caregiver", "2"},
      {"partners-experience-citizen", "1"},
      {"partners-experience-not-described", "0"},
      {"partners-language-fr", "4"},
      {"partners-language-en", "1"},
      {"partners-language-other", "1"},
      {"partners-language-not-described", "0"},
      {"partners-most-deprived", mostDeprived},
      {"partners-deprivation-not-described", "2"},
      {"partners-same-region", "5"},
      {"partners-region-not-described", "0"}
    };
    for (String[] answer : background) {
      diversity.append(',').append(item(answer[0], "\"valueInteger\":" + answer[1]));
    }
    String v10 = portrait("pr1", "Organization/o1", CANONICAL, "\"valueInteger\":12");
    int end = v10.lastIndexOf("]}");
    return v10.substring(0, end).replace("|1.0.0", "|1.1.0") + "," + diversity + "]}";
  }

  @Test
  void readsTheDiversityOfAVersion11Portrait() {
    ParsedResource resource = parsed(version11("1", "1"));
    assertThat(resource.problem(), nullValue());
    PortraitRecord p = resource.portrait();
    assertThat(p.questionnaireVersion(), is("1.1.0"));
    assertThat(p.diversity().active(), is(6L));
    assertThat(p.diversity().notDescribed(), is(1L));
    assertThat(p.diversity().cells().get(4).partners(), is(4L));
    // Version 1.0.0 stays readable, with no diversity.
    assertThat(
        parsed(portrait("pr1", "Organization/o1", CANONICAL, "\"valueInteger\":12"))
            .portrait()
            .diversity(),
        nullValue());
  }

  /** Every item of a whole 1.1.0 portrait, read from its JSON into the portrait kept. */
  @Test
  void readsEveryItemOfAWholeVersion11Portrait() {
    ParsedResource resource = parsed(version11("1", "1"));
    assertThat(resource.problem(), nullValue());
    PortraitRecord p = resource.portrait();
    assertThat(p.organizationId(), is("o1"));
    assertThat(p.year(), is(2025));
    assertThat(p.committees(), is(12L));
    assertThat(p.committeesWithPartners(), is(9L));
    assertThat(p.committeesCoConstruction(), is(4L));
    assertThat(p.projects(), is(20L));
    assertThat(p.projectsWithPartners(), is(7L));
    assertThat(p.partnersRecruited(), is(15L));
    assertThat(p.partnersTrained(), is(11L));
    assertThat(p.partnersCompensated(), is(10L));
    assertThat(p.budget(), is(48250.5));
    PartnerDiversity d = p.diversity();
    assertThat(d.active(), is(6L));
    assertThat(d.notDescribed(), is(1L));
    assertThat(d.described(), is(5L));
    assertThat(d.cells().size(), is(16));
    for (PartnerDiversity.Cell cell : d.cells()) {
      long expected =
          cell.sex().equals("female") && cell.ageBand().equals("55-64")
              ? 4
              : cell.sex().equals("male") && cell.ageBand().equals("85+") ? 1 : 0;
      assertThat(cell.sex() + " " + cell.ageBand(), cell.partners(), is(expected));
    }
    assertThat(d.experience(), is(new PartnerDiversity.Experience(3, 2, 1, 0)));
    assertThat(d.language(), is(new PartnerDiversity.Language(4, 1, 1, 0)));
    assertThat(d.mostDeprived(), is(1L));
    assertThat(d.deprivationNotDescribed(), is(2L));
    assertThat(d.sameRegion(), is(5L));
    assertThat(d.regionNotDescribed(), is(0L));
  }

  @Test
  void version11PartnersMustAddUp() {
    ParsedResource resource = parsed(version11("2", "1"));
    assertThat(resource.problem().reason(), is(RejectReason.INVALID_VALUE));
    assertThat(resource.problem().message(), containsString("add up to 7"));
  }

  @Test
  void version11PartnersInAMostDeprivedAreaAreAtMostTheActive() {
    // 5 + 2 = 7 > 6.
    ParsedResource resource = parsed(version11("1", "5"));
    assertThat(resource.problem().reason(), is(RejectReason.INVALID_VALUE));
    assertThat(
        resource.problem().message(),
        containsString(
            "items 'partners-most-deprived' and 'partners-deprivation-not-described' add up to 7,"
                + " more than item 'partners-active' (6)"));
  }
}
