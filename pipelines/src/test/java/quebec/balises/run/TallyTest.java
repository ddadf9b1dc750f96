package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

class TallyTest {
  private static final String FILE_A =
      "{\"kind\":\"file\",\"file\":\"a.ndjson\",\"sha256\":\"ab\",\"bytes\":10,\"records\":5,\"blankLines\":1}";

  @Test
  void reconcilesReadAgainstAcceptedPlusRejectedPerFile() {
    Tally tally =
        Tally.parse(
            List.of(
                FILE_A,
                "{\"kind\":\"outcome\",\"file\":\"a.ndjson\",\"resourceType\":\"Patient\",\"outcome\":\"accepted\",\"count\":3}",
                "{\"kind\":\"outcome\",\"file\":\"a.ndjson\",\"resourceType\":\"unknown\",\"outcome\":\"rejected\",\"reason\":\"MALFORMED_JSON\",\"count\":2}"));

    assertThat(tally.unreconciledFiles(), empty());
    assertThat(tally.total().read(), is(5L));
    assertThat(tally.byType().get("Patient").accepted(), is(3L));
    assertThat(tally.rejectedByReason().get("MALFORMED_JSON"), is(2L));
    assertThat(tally.files().get("a.ndjson").sha256(), is("ab"));
  }

  @Test
  void aLostRecordFailsReconciliation() {
    Tally tally =
        Tally.parse(
            List.of(
                FILE_A,
                "{\"kind\":\"outcome\",\"file\":\"a.ndjson\",\"resourceType\":\"Patient\",\"outcome\":\"accepted\",\"count\":4}"));
    assertThat(tally.unreconciledFiles(), contains("a.ndjson"));
  }

  @Test
  void outcomesForAFileTheReaderNeverSummarisedFailReconciliation() {
    Tally tally =
        Tally.parse(
            List.of(
                "{\"kind\":\"outcome\",\"file\":\"ghost.ndjson\",\"resourceType\":\"Patient\",\"outcome\":\"accepted\",\"count\":1}"));
    assertThat(tally.unreconciledFiles(), contains("ghost.ndjson"));
  }
}
