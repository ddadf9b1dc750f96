package quebec.balises.journey;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.model.ParsedResource;

class VersionSplitsTest {
  private static List<VersionSplits.Fact> facts(List<ParsedResource> records) {
    List<VersionSplits.Fact> facts = new ArrayList<>();
    records.forEach(r -> facts.add(VersionSplits.Fact.of(r)));
    return facts;
  }

  private static List<String> described(List<CurrentVersions.Verdict> verdicts) {
    return verdicts.stream()
        .map(v -> v.source().line() + ":" + (v.kept() ? "kept" : v.reason() + " " + v.message()))
        .toList();
  }

  @Test
  void aResourceWhoseRecordsShareAJourneyYieldsNothing() {
    List<ParsedResource> versions =
        PatientJourneyTest.parsed(
            Fixtures.withMeta(Fixtures.response("r1", "p1", "e1"), "1", "2025-02-11T00:00:00Z"),
            Fixtures.withMeta(Fixtures.response("r1", "p1", "e1"), "2", "2025-02-12T00:00:00Z"));
    VersionSplits.Found found = VersionSplits.of("QuestionnaireResponse/r1", facts(versions));
    assertThat(found.verdicts(), empty());
    assertThat(found.journey(), is((VersionSplits.Journey) null));
  }

  /** Version 2 names p2, version 1 p1: version 2 is kept, version 1 superseded, as worded. */
  @Test
  void aResourceSplitOverTwoJourneysGetsOneVerdictPerRecord() {
    List<ParsedResource> versions =
        PatientJourneyTest.parsed(
            Fixtures.withMeta(
                Fixtures.episode("e1", "p1", "o1", "copd"), "1", "2025-03-02T00:00:00Z"),
            Fixtures.withMeta(
                Fixtures.episode("e1", "p2", "o1", "copd"), "2", "2025-03-03T00:00:00Z"),
            Fixtures.withMeta(
                Fixtures.episode("e1", "p2", "o1", "copd"), "2", "2025-03-03T00:00:00Z"));
    VersionSplits.Found found = VersionSplits.of("EpisodeOfCare/e1", facts(versions));
    assertThat(
        described(found.verdicts()),
        contains(
            "2:kept",
            "3:DUPLICATE same version as the record kept at t.ndjson:2 (versionId 2, status"
                + " finished)",
            "1:SUPERSEDED replaced by the later version at t.ndjson:2 (versionId 2, status"
                + " finished)"));
  }

  /** A deletion request's journey is its resource's own: it always splits from the versions. */
  @Test
  void aDeletionRequestIsDecidedWithTheVersionsItDeletes() {
    List<ParsedResource> records =
        PatientJourneyTest.parsed(
            Fixtures.response("r1", "p1", "e1"), "DELETE QuestionnaireResponse/r1");
    VersionSplits.Found found = VersionSplits.of("QuestionnaireResponse/r1", facts(records));
    assertThat(
        described(found.verdicts()),
        contains(
            "1:DELETED deleted by the request at t.ndjson:2",
            "2:DELETION_REQUEST deletion of QuestionnaireResponse/r1 applied"));
  }

  @Test
  void aFollowedResourceTellsTheJourneyOfItsCurrentVersion() {
    List<ParsedResource> versions =
        PatientJourneyTest.parsed(
            Fixtures.withMeta(
                Fixtures.episode("e1", "p1", "o1", "copd"), "1", "2025-03-02T00:00:00Z"),
            Fixtures.withMeta(
                Fixtures.episode("e1", "p2", "o1", "copd"), "2", "2025-03-03T00:00:00Z"));
    List<VersionSplits.Fact> facts = facts(versions);
    facts.add(VersionSplits.Fact.question());
    VersionSplits.Found found = VersionSplits.of("EpisodeOfCare/e1", facts);
    assertThat(found.journey(), is(new VersionSplits.Journey("EpisodeOfCare/e1", "p2")));

    // Nothing to tell of a resource that is not in the input, or that is deleted.
    assertThat(
        VersionSplits.of("EpisodeOfCare/e9", List.of(VersionSplits.Fact.question())).journey(),
        is((VersionSplits.Journey) null));
    List<VersionSplits.Fact> deleted =
        facts(
            PatientJourneyTest.parsed(
                Fixtures.episode("e1", "p1", "o1", "copd"), "DELETE EpisodeOfCare/e1"));
    deleted.add(VersionSplits.Fact.question());
    assertThat(
        VersionSplits.of("EpisodeOfCare/e1", deleted).journey(), is((VersionSplits.Journey) null));
  }
}
