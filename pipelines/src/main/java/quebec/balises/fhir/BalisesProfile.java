package quebec.balises.fhir;

/**
 * The names that Balises' input profile gives to the parts of a FHIR resource it reads. The
 * StructureDefinitions, CodeSystems and ValueSets in {@code fhir-profiles/} define the same names;
 * docs/inputs.md explains them for data providers.
 */
public final class BalisesProfile {
  private BalisesProfile() {}

  public static final String BASE = "https://balises.quebec/fhir";

  /** Standard FHIR extension that links a QuestionnaireResponse to its EpisodeOfCare. */
  public static final String EPISODE_OF_CARE_EXTENSION =
      "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";

  /** Quebec health insurance number (NAM), the preferred key for the patient pseudonym. */
  public static final String HEALTH_INSURANCE_NUMBER_SYSTEM = BASE + "/NamingSystem/nam";

  /** Establishment code (MSSS) carried by an Organization's identifier. */
  public static final String ESTABLISHMENT_SYSTEM = BASE + "/NamingSystem/establishment";

  public static final String TRAJECTORY_SYSTEM = BASE + "/CodeSystem/trajectory";
  public static final String RLS_EXTENSION = BASE + "/StructureDefinition/rls";
  public static final String RLS_SYSTEM = BASE + "/CodeSystem/rls";
  public static final String HEALTH_REGION_EXTENSION = BASE + "/StructureDefinition/health-region";
  public static final String HEALTH_REGION_SYSTEM = BASE + "/CodeSystem/health-region";
  public static final String MATERIAL_DEPRIVATION_EXTENSION =
      BASE + "/StructureDefinition/material-deprivation-quintile";
  public static final String SOCIAL_DEPRIVATION_EXTENSION =
      BASE + "/StructureDefinition/social-deprivation-quintile";

  /** A partner's engagement, on an EpisodeOfCare of the partnership trajectory (ADR 0021). */
  public static final String ENGAGEMENT_SPHERE_EXTENSION =
      BASE + "/StructureDefinition/engagement-sphere";

  public static final String ENGAGEMENT_SPHERE_SYSTEM = BASE + "/CodeSystem/engagement-sphere";
  public static final String ENGAGEMENT_LEVEL_EXTENSION =
      BASE + "/StructureDefinition/engagement-level";
  public static final String ENGAGEMENT_LEVEL_SYSTEM = BASE + "/CodeSystem/engagement-level";
  public static final String ENGAGEMENT_BODY_EXTENSION =
      BASE + "/StructureDefinition/engagement-body";
  public static final String ENGAGEMENT_BODY_SYSTEM = BASE + "/CodeSystem/engagement-body";

  /** Prefix of every Questionnaire canonical URL Balises publishes. */
  public static final String QUESTIONNAIRE_BASE = BASE + "/Questionnaire/";
}
