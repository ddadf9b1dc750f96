package quebec.balises.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Questionnaire;
import quebec.balises.indicators.AgeBand;

/**
 * The yearly portrait of partnership structures and activities that each establishment answers
 * ({@code fhir-profiles/questionnaires/partnership-portrait.json}): its canonical and the linkIds
 * of its items. Its subject is an {@code Organization}, so it is not in {@link
 * QuestionnaireCatalog} (docs/decisions/0022).
 *
 * <p>The file holds the latest version; the versions before it stay readable, with the items they
 * had ({@link #integerItems(String)}): version 1.0.0 has no partner diversity, which 1.1.0 adds and
 * requires (docs/decisions/0023).
 */
public record PortraitQuestionnaire(String url, String version, List<String> integerItems)
    implements Serializable {

  public static final String FILE = "partnership-portrait.json";
  public static final String YEAR = "year";
  public static final String COMMITTEES = "committees";
  public static final String COMMITTEES_WITH_PARTNERS = "committees-with-partners";
  public static final String COMMITTEES_CO_CONSTRUCTION = "committees-co-construction";
  public static final String PROJECTS = "projects";
  public static final String PROJECTS_WITH_PARTNERS = "projects-with-partners";
  public static final String PARTNERS_RECRUITED = "partners-recruited";
  public static final String PARTNERS_TRAINED = "partners-trained";
  public static final String PARTNERS_COMPENSATED = "partners-compensated";
  public static final String PARTNERS_ACTIVE = "partners-active";
  public static final String PARTNERS_NOT_DESCRIBED = "partners-not-described";
  public static final String BUDGET = "budget";

  // The partners' background (version 1.1.0, docs/decisions/0023): each group's counts are of the
  // active partners, one main role or language each, so that each group adds up or stays within
  // the active partners.
  public static final String EXPERIENCE_PATIENT = "partners-experience-patient";
  public static final String EXPERIENCE_CAREGIVER = "partners-experience-caregiver";
  public static final String EXPERIENCE_CITIZEN = "partners-experience-citizen";
  public static final String EXPERIENCE_NOT_DESCRIBED = "partners-experience-not-described";
  public static final String LANGUAGE_FR = "partners-language-fr";
  public static final String LANGUAGE_EN = "partners-language-en";
  public static final String LANGUAGE_OTHER = "partners-language-other";
  public static final String LANGUAGE_NOT_DESCRIBED = "partners-language-not-described";
  public static final String MOST_DEPRIVED = "partners-most-deprived";
  public static final String DEPRIVATION_NOT_DESCRIBED = "partners-deprivation-not-described";
  public static final String SAME_REGION = "partners-same-region";
  public static final String REGION_NOT_DESCRIBED = "partners-region-not-described";

  /** The lived experience items: one main role per partner, adding up to the active partners. */
  public static final List<String> EXPERIENCE_ITEMS =
      List.of(
          EXPERIENCE_PATIENT, EXPERIENCE_CAREGIVER, EXPERIENCE_CITIZEN, EXPERIENCE_NOT_DESCRIBED);

  /** The preferred language items: one per partner, adding up to the active partners. */
  public static final List<String> LANGUAGE_ITEMS =
      List.of(LANGUAGE_FR, LANGUAGE_EN, LANGUAGE_OTHER, LANGUAGE_NOT_DESCRIBED);

  /**
   * The items of the partners' background, in order: lived experience, language, living in a
   * most-deprived area and its unknown, living in the establishment's region and its unknown.
   */
  public static final List<String> BACKGROUND_ITEMS =
      List.of(
          EXPERIENCE_PATIENT,
          EXPERIENCE_CAREGIVER,
          EXPERIENCE_CITIZEN,
          EXPERIENCE_NOT_DESCRIBED,
          LANGUAGE_FR,
          LANGUAGE_EN,
          LANGUAGE_OTHER,
          LANGUAGE_NOT_DESCRIBED,
          MOST_DEPRIVED,
          DEPRIVATION_NOT_DESCRIBED,
          SAME_REGION,
          REGION_NOT_DESCRIBED);

  /** The first version, without partner diversity. */
  public static final String VERSION_1_0 = "1.0.0";

  /** The sexes of the diversity cells, as FHIR's administrative-gender and the ISQ's estimates. */
  public static final List<String> SEXES = List.of("female", "male");

  /** The whole-number items of version 1.0.0, in order. */
  public static final List<String> ITEMS_1_0 =
      List.of(
          YEAR,
          COMMITTEES,
          COMMITTEES_WITH_PARTNERS,
          COMMITTEES_CO_CONSTRUCTION,
          PROJECTS,
          PROJECTS_WITH_PARTNERS,
          PARTNERS_RECRUITED,
          PARTNERS_TRAINED,
          PARTNERS_COMPENSATED);

  /**
   * The partner diversity items added by version 1.1.0, in order: the total, one cell per sex and
   * age band ({@link AgeBand#BANDS}, the equity strata's, so that the bands of every figure
   * compare), the partners whose age or sex is not known, then the partners' background ({@link
   * #BACKGROUND_ITEMS}).
   */
  public static final List<String> DIVERSITY_ITEMS = diversityItems();

  /** The linkId of the cell of active partners of one sex and age band. */
  public static String cellItem(String sex, String ageBand) {
    return "partners-" + sex + "-" + ageBand.replace("+", "-plus");
  }

  private static List<String> diversityItems() {
    List<String> items = new ArrayList<>();
    items.add(PARTNERS_ACTIVE);
    for (String sex : SEXES) {
      for (String band : AgeBand.BANDS) {
        items.add(cellItem(sex, band));
      }
    }
    items.add(PARTNERS_NOT_DESCRIBED);
    items.addAll(BACKGROUND_ITEMS);
    return List.copyOf(items);
  }

  /** {@code url|version}, as a response names it. */
  public String canonical() {
    return url + "|" + version;
  }

  /** The versions a response may name: 1.0.0 and the bundled one. */
  public List<String> versions() {
    return version.equals(VERSION_1_0) ? List.of(version) : List.of(VERSION_1_0, version);
  }

  /** Whether a response of this version must answer the partner diversity items. */
  public static boolean hasDiversity(String version) {
    return !VERSION_1_0.equals(version);
  }

  /** The whole-number items of a known version, in the questionnaire's order. */
  public List<String> integerItems(String responseVersion) {
    return hasDiversity(responseVersion) ? integerItems : ITEMS_1_0;
  }

  /** The portrait shipped in {@code fhir-profiles/questionnaires/}. */
  public static PortraitQuestionnaire bundled() {
    Map<String, String> files = ClasspathFolder.read(QuestionnaireCatalog.FOLDER, ".json");
    String json = files.get(FILE);
    if (json == null) {
      throw new IllegalStateException(QuestionnaireCatalog.FOLDER + "/" + FILE + " is missing");
    }
    Questionnaire q =
        FhirContext.forR4Cached().newJsonParser().parseResource(Questionnaire.class, json);
    List<String> integers =
        q.getItem().stream()
            .filter(i -> i.getType() == Questionnaire.QuestionnaireItemType.INTEGER)
            .map(Questionnaire.QuestionnaireItemComponent::getLinkId)
            .toList();
    List<String> expected = new ArrayList<>(ITEMS_1_0);
    expected.addAll(DIVERSITY_ITEMS);
    if (!integers.equals(expected)
        || q.getItem().stream().noneMatch(i -> BUDGET.equals(i.getLinkId()))
        || !QuestionnaireCatalog.isAboutAnOrganization(q)
        || !hasDiversity(q.getVersion())) {
      throw new IllegalStateException(
          QuestionnaireCatalog.FOLDER
              + "/"
              + FILE
              + " must be a version after "
              + VERSION_1_0
              + " with subjectType Organization, the integer items "
              + expected
              + " in this order and the decimal item "
              + BUDGET
              + "; found "
              + q.getVersion()
              + " "
              + integers);
    }
    return new PortraitQuestionnaire(q.getUrl(), q.getVersion(), integers);
  }
}
