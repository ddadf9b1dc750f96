package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.SourceRef;

class VersionOrderTest {
  private static ParsedResource version(int line, String versionId, Long updated, String status) {
    return new ParsedResource(
        SourceRef.line("f.ndjson", line),
        ResourceKind.QUESTIONNAIRE_RESPONSE,
        "r1",
        "p1",
        versionId,
        updated,
        status,
        null,
        null,
        "{}");
  }

  private static ParsedResource deletion(int line, Long at) {
    return new ParsedResource(
        SourceRef.lineEntry("QuestionnaireResponse.deleted.ndjson", line, 0),
        ResourceKind.QUESTIONNAIRE_RESPONSE,
        "r1",
        "p1",
        null,
        at,
        null,
        new ParsedResource.Problem(
            RejectReason.DELETION_REQUEST, "deletion of QuestionnaireResponse/r1"),
        null,
        "{}");
  }

  @Test
  void aDeletionWithoutATimeRemovesEveryVersionAndIsRecorded() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(
                version(1, "1", 1L, "completed"),
                deletion(1, null),
                version(2, "2", 9_000L, "amended")));
    assertThat(choice.current(), is(nullValue()));
    assertThat(
        reasons(choice),
        contains(RejectReason.DELETED, RejectReason.DELETED, RejectReason.DELETION_REQUEST));
    assertThat(
        choice.replaced().get(0).message(),
        is("deleted by the request at QuestionnaireResponse.deleted.ndjson:1#entry[0]"));
  }

  @Test
  void aVersionUpdatedAfterTheDeletionRecreatesTheResource() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(
                version(1, "1", 1_000L, "completed"),
                deletion(1, 2_000L),
                version(2, "3", 3_000L, "completed"),
                version(3, "2", 2_000L, "completed")));
    assertThat(choice.current().versionId(), is("3"));
    assertThat(
        reasons(choice),
        contains(RejectReason.DELETED, RejectReason.DELETED, RejectReason.DELETION_REQUEST));
    assertThat(choice.replaced().get(2).message(), containsString("not applied"));
  }

  @Test
  void aDeletionAloneIsRecordedAndKeepsNothing() {
    VersionOrder.Choice choice = VersionOrder.choose(List.of(deletion(4, null)));
    assertThat(choice.current(), is(nullValue()));
    assertThat(reasons(choice), contains(RejectReason.DELETION_REQUEST));
  }

  private static List<RejectReason> reasons(VersionOrder.Choice choice) {
    return choice.replaced().stream().map(Rejection::reason).toList();
  }

  @Test
  void aGreaterNumericVersionIdWinsWhateverTheOrder() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(version(1, "10", 1L, "completed"), version(2, "9", 5L, "amended")));
    assertThat(choice.current().versionId(), is("10"));
    assertThat(reasons(choice), contains(RejectReason.SUPERSEDED));
  }

  @Test
  void withoutVersionIdsTheLaterLastUpdatedWins() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(version(1, null, 5L, "completed"), version(2, null, 3L, "completed")));
    assertThat(choice.current().source().line(), is(1L));
  }

  @Test
  void enteredInErrorWinsOverTheVersionItRetractsAtTheSameVersion() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(
                version(1, null, null, "completed"), version(2, null, null, "entered-in-error")));
    assertThat(choice.current().status(), is("entered-in-error"));
    assertThat(reasons(choice), contains(RejectReason.SUPERSEDED));
  }

  @Test
  void amendedReplacesCompletedAtTheSameVersion() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(version(2, "1", 1L, "amended"), version(1, "1", 1L, "completed")));
    assertThat(choice.current().status(), is("amended"));
  }

  @Test
  void identicalVersionsAreDuplicatesAndTheFirstByPositionIsKept() {
    VersionOrder.Choice choice =
        VersionOrder.choose(
            List.of(
                version(9, "1", 1L, "completed"),
                version(3, "1", 1L, "completed"),
                version(1, "0", 1L, "completed")));
    assertThat(choice.current().source().line(), is(3L));
    assertThat(reasons(choice), contains(RejectReason.DUPLICATE, RejectReason.SUPERSEDED));
  }

  @Test
  void aSingleVersionIsKeptAlone() {
    VersionOrder.Choice choice = VersionOrder.choose(List.of(version(1, null, null, null)));
    assertThat(choice.replaced().isEmpty(), is(true));
  }
}
