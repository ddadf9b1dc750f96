package quebec.balises.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import quebec.balises.publish.Dataset;

class ResourceKindTest {
  @Test
  void eachReadTypeNamesItsDatasetAndItsLabel() {
    assertThat(
        ResourceKind.of("QuestionnaireResponse"),
        is(Optional.of(ResourceKind.QUESTIONNAIRE_RESPONSE)));
    assertThat(ResourceKind.QUESTIONNAIRE_RESPONSE.dataset(), is(Optional.of(Dataset.RESPONSES)));
    assertThat(ResourceKind.PATIENT.dataset(), is(Optional.of(Dataset.PATIENTS)));
    assertThat(ResourceKind.EPISODE_OF_CARE.dataset(), is(Optional.of(Dataset.CARE_EPISODES)));
    assertThat(ResourceKind.ORGANIZATION.dataset(), is(Optional.of(Dataset.ESTABLISHMENTS)));
    assertThat(ResourceKind.ENCOUNTER.dataset(), is(Optional.empty()));
    assertThat(ResourceKind.EPISODE_OF_CARE.label(), is("EpisodeOfCare"));
  }

  @Test
  void aTypeBalisesDoesNotReadHasNoKind() {
    assertThat(ResourceKind.of("Observation"), is(Optional.empty()));
    assertThat(ResourceKind.of(null), is(Optional.empty()));
    assertThat(ResourceKind.isRead("Observation"), is(false));
    assertThat(ResourceKind.isRead("unknown"), is(false));
    assertThat(ResourceKind.isRead("Encounter"), is(true));
  }

  @Test
  void eachPayloadTypeBelongsToOneKind() {
    for (Class<?> permitted : Payload.class.getPermittedSubclasses()) {
      assertThat(permitted.getSimpleName(), permitted.isRecord(), is(true));
    }
    // One per kind, and the establishment portrait, a second content of a QuestionnaireResponse.
    assertThat(Payload.class.getPermittedSubclasses().length, is(ResourceKind.values().length + 1));
    assertThat(
        new PortraitRecord(
                "r",
                "o",
                "1.0.0",
                2025,
                java.time.LocalDate.of(2026, 1, 1),
                null,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null)
            .kind(),
        is(ResourceKind.QUESTIONNAIRE_RESPONSE));
  }
}
