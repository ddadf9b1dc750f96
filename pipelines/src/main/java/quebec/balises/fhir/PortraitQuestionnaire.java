package quebec.balises.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * The yearly portrait of partnership structures and activities that each establishment answers
 * ({@code fhir-profiles/questionnaires/partnership-portrait.json}): its canonical and the linkIds
 * of its items. Its subject is an {@code Organization}, so it is not in {@link
 * QuestionnaireCatalog} (docs/decisions/0022).
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
  public static final String BUDGET = "budget";

  /** {@code url|version}, as a response names it. */
  public String canonical() {
    return url + "|" + version;
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
    List<String> expected =
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
    if (!integers.equals(expected)
        || q.getItem().stream().noneMatch(i -> BUDGET.equals(i.getLinkId()))
        || !QuestionnaireCatalog.isAboutAnOrganization(q)) {
      throw new IllegalStateException(
          QuestionnaireCatalog.FOLDER
              + "/"
              + FILE
              + " must have subjectType Organization, the integer items "
              + expected
              + " in this order and the decimal item "
              + BUDGET
              + "; found "
              + integers);
    }
    return new PortraitQuestionnaire(q.getUrl(), q.getVersion(), integers);
  }
}
