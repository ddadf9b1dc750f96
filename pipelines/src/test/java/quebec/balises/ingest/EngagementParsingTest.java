package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.Engagement;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/**
 * A partner's engagement on an EpisodeOfCare of the partnership trajectory (ADR 0021): sphere,
 * level and tier read from their extensions, the end from {@code period.end}; an extension left out
 * is unknown, a code outside its code system a dead letter.
 */
class EngagementParsingTest {
  private final ResourceParser parser =
      new ResourceParser(QuestionnaireCatalog.builder().build(), LocalDate.of(2025, 6, 1));

  private static String extension(String url, String system, String code) {
    return "{\"url\":\"%s\",\"valueCoding\":{\"system\":\"%s\",\"code\":\"%s\"}}"
        .formatted(url, system, code);
  }

  private static String sphere(String code) {
    return extension(
        BalisesProfile.ENGAGEMENT_SPHERE_EXTENSION, BalisesProfile.ENGAGEMENT_SPHERE_SYSTEM, code);
  }

  private static String level(String code) {
    return extension(
        BalisesProfile.ENGAGEMENT_LEVEL_EXTENSION, BalisesProfile.ENGAGEMENT_LEVEL_SYSTEM, code);
  }

  private static String body(String code) {
    return extension(
        BalisesProfile.ENGAGEMENT_BODY_EXTENSION, BalisesProfile.ENGAGEMENT_BODY_SYSTEM, code);
  }

  /** An episode of {@code trajectory} (anchor 2025-03-01) with these extensions. */
  private static String episode(String trajectory, String... extensions) {
    String json = Fixtures.episode("e1", "p1", "o1", trajectory);
    return extensions.length == 0
        ? json
        : json.replace(
            "\"status\":", "\"extension\":[" + String.join(",", extensions) + "],\"status\":");
  }

  private ParsedResource parsed(String json) {
    ResourceParser.Result result =
        parser.parse(new SourceRecord(SourceRef.line("e.ndjson", 1), json));
    assertThat(result, instanceOf(ResourceParser.Parsed.class));
    return ((ResourceParser.Parsed) result).resource();
  }

  private Engagement engagement(String json) {
    ParsedResource resource = parsed(json);
    assertThat(resource.problem(), nullValue());
    return ((EpisodeRecord) resource.payload()).engagement();
  }

  private ParsedResource.Problem problem(String json) {
    ParsedResource resource = parsed(json);
    assertThat(resource.payload(), nullValue());
    return resource.problem();
  }

  @Test
  void readsSphereLevelTierAndEnd() {
    String json =
        episode("partnership", sphere("governance"), level("co-construction"), body("sante-quebec"))
            .replace(
                "{\"start\":\"2025-03-01\"}", "{\"start\":\"2025-03-01\",\"end\":\"2025-05-31\"}");
    assertThat(
        engagement(json),
        is(
            new Engagement(
                "governance", "co-construction", "sante-quebec", LocalDate.of(2025, 5, 31))));
  }

  @Test
  void anExtensionLeftOutIsUnknownAndTheEpisodeIsKept() {
    assertThat(engagement(episode("partnership")), is(new Engagement(null, null, null, null)));
    assertThat(
        engagement(episode("partnership", level("information"))),
        is(new Engagement(null, "information", null, null)));
  }

  @Test
  void anEpisodeOfAnotherTrajectoryHasNoEngagementWhateverItCarries() {
    assertThat(engagement(episode("copd")), nullValue());
    assertThat(engagement(episode("copd", sphere("not-a-sphere"))), nullValue());
  }

  @Test
  void aCodeOutsideItsCodeSystemIsAnInvalidValue() {
    ParsedResource.Problem unknown = problem(episode("partnership", sphere("sports")));
    assertThat(unknown.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(unknown.message(), containsString(BalisesProfile.ENGAGEMENT_SPHERE_EXTENSION));
    assertThat(unknown.message(), containsString("code 'sports'"));

    // A level's code under the sphere's system is not a sphere: codes are read within their system.
    assertThat(
        problem(
                episode(
                    "partnership",
                    extension(
                        BalisesProfile.ENGAGEMENT_SPHERE_EXTENSION,
                        BalisesProfile.ENGAGEMENT_LEVEL_SYSTEM,
                        "governance")))
            .reason(),
        is(RejectReason.INVALID_VALUE));
    // Codes are case sensitive, as the code system says.
    assertThat(
        problem(episode("partnership", level("Consultation"))).reason(),
        is(RejectReason.INVALID_VALUE));
    // Not a Coding.
    assertThat(
        problem(
                episode(
                    "partnership",
                    "{\"url\":\""
                        + BalisesProfile.ENGAGEMENT_BODY_EXTENSION
                        + "\",\"valueString\":\"ministry\"}"))
            .message(),
        containsString("got a string"));
    // A Coding without a code (List.of(...).contains(null) would throw, never a dead letter).
    assertThat(
        problem(
                episode(
                    "partnership",
                    "{\"url\":\""
                        + BalisesProfile.ENGAGEMENT_LEVEL_EXTENSION
                        + "\",\"valueCoding\":{\"system\":\""
                        + BalisesProfile.ENGAGEMENT_LEVEL_SYSTEM
                        + "\"}}"))
            .reason(),
        is(RejectReason.INVALID_VALUE));
    // Twice.
    assertThat(
        problem(episode("partnership", sphere("research"), sphere("teaching"))).reason(),
        is(RejectReason.INVALID_VALUE));
  }

  @Test
  void anEndBeforeTheStartCannotBeTrue() {
    String json =
        episode("partnership", sphere("research"))
            .replace(
                "{\"start\":\"2025-03-01\"}", "{\"start\":\"2025-03-01\",\"end\":\"2025-02-28\"}");
    assertThat(problem(json).reason(), is(RejectReason.IMPLAUSIBLE_DATE));
  }
}
