package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.SourceRef;

class CurrentVersionsTest {
  @Test
  void keepsTheLatestUsableVersionOfEachResourceAndDeadLettersEveryOtherRecord() {
    List<ParsedResource> records =
        Fixtures.parsed(
            Fixtures.withMeta(
                Fixtures.response("retracted", "p", "e"), "1", "2025-02-11T00:00:00Z"),
            Fixtures.withMeta(
                Fixtures.response(
                    "retracted", "p", "e", Fixtures.EQ5D, "2025-02-10", "entered-in-error"),
                "2",
                "2025-02-12T00:00:00Z"),
            Fixtures.response("twice", "p", "e"),
            Fixtures.response("twice", "p", "e"),
            Fixtures.response("future", "p", "e", Fixtures.EQ5D, "2030-01-01", "completed"));
    CurrentVersions.Sorted sorted = CurrentVersions.of(records);
    assertThat(
        sorted.current().stream().map(r -> r.id() + "@" + r.source().line()).toList(),
        containsInAnyOrder("twice@3"));
    assertThat(
        sorted.rejected().stream()
            .map(r -> r.resourceId() + "@" + r.source().line() + ":" + r.reason())
            .toList(),
        containsInAnyOrder(
            "retracted@1:SUPERSEDED",
            "retracted@2:ENTERED_IN_ERROR",
            "twice@4:DUPLICATE",
            "future@5:FUTURE_DATE"));
  }

  /** Verdicts made elsewhere, on all of a resource's records, replace the choice among a part. */
  @Test
  void aResourceWithVerdictsTakesThem() {
    List<ParsedResource> records =
        Fixtures.parsed(
            Fixtures.withMeta(Fixtures.response("r1", "p", "e"), "1", "2025-02-11T00:00:00Z"),
            Fixtures.response("r2", "p", "e"));
    // Only version 1 of r1 is here; version 2, kept, is in another journey.
    Map<SourceRef, CurrentVersions.Verdict> verdicts =
        Map.of(
            records.get(0).source(),
            new CurrentVersions.Verdict(
                records.get(0).source(), RejectReason.SUPERSEDED, "replaced by the later version"));
    CurrentVersions.Sorted sorted = CurrentVersions.of(records, verdicts::get);
    assertThat(
        sorted.current().stream().map(ParsedResource::id).toList(), containsInAnyOrder("r2"));
    assertThat(sorted.rejected().size(), is(1));
    assertThat(sorted.rejected().get(0).message(), is("replaced by the later version"));
    assertThat(sorted.rejected().get(0).rawRecord(), is(records.get(0).rawRecord()));
  }

  @Test
  void aResourceWithVerdictsForSomeOfItsRecordsOnlyIsAnError() {
    List<ParsedResource> records =
        Fixtures.parsed(Fixtures.response("r1", "p", "e"), Fixtures.response("r1", "p", "e"));
    Map<SourceRef, CurrentVersions.Verdict> verdicts =
        Map.of(
            records.get(0).source(),
            new CurrentVersions.Verdict(records.get(0).source(), null, null));
    assertThrows(IllegalStateException.class, () -> CurrentVersions.of(records, verdicts::get));
  }

  @Test
  void metadataKeepsWhatVersionOrderReadsOnly() {
    ParsedResource record =
        Fixtures.parsed(
                Fixtures.withMeta(Fixtures.response("r1", "p", "e"), "3", "2025-02-11T00:00:00Z"))
            .get(0);
    ParsedResource metadata = CurrentVersions.metadata(record);
    assertThat(metadata.payload(), is((Object) null));
    assertThat(metadata.rawRecord(), is(""));
    assertThat(metadata.versionId(), is("3"));
    assertThat(metadata.lastUpdatedMillis(), is(record.lastUpdatedMillis()));
    assertThat(metadata.status(), is("completed"));
    assertThat(metadata.patientId(), is("p"));
  }
}
