package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.IndicatorCatalog;

/**
 * {@code release.json}'s {@code notYetFinal} at --asOf=2026-06-30 for hip follow-up completion
 * (final 516 days after a period's last day, docs/methods.md §2.6): every quarter from 2025-Q1
 * (final on 2025-03-31 + 517 = 2026-08-30) to the current 2026-Q2 (2027-11-29), and the years 2025
 * (2027-06-01) and 2026 (2028-05-31).
 */
class NotYetFinalTest {
  @Test
  void listsThePeriodsNotYetFinalWithTheDayEachWillBe() {
    JsonNode pending =
        PublicDictionary.notYetFinal(IndicatorCatalog.bundled(), LocalDate.of(2026, 6, 30))
            .get("hip-followup-completion-12m");
    List<String> listed = new ArrayList<>();
    pending.forEach(p -> listed.add(p.get("period").asText() + " " + p.get("finalOn").asText()));
    assertThat(
        listed,
        is(
            List.of(
                "2025-Q1 2026-08-30",
                "2025-Q2 2026-11-29",
                "2025-Q3 2027-03-01",
                "2025-Q4 2027-06-01",
                "2026-Q1 2027-08-30",
                "2026-Q2 2027-11-29",
                "2025 2027-06-01",
                "2026 2028-05-31")));
  }
}
