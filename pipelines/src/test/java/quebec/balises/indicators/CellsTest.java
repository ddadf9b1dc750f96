package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.indicators.expression.FieldSet;

/** Where a paired row counts: its periods, age band, fields, reporting units and strata. */
class CellsTest {
  private static final IndicatorCatalog CATALOG = IndicatorCatalog.bundled();

  private static IndicatorDefinition indicator(String id) {
    return CATALOG.indicators().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void quartersAndYearsAtTheirBoundaries() {
    assertThat(Period.containing(LocalDate.of(2025, 3, 31)).get(0).label(), is("2025-Q1"));
    assertThat(Period.containing(LocalDate.of(2025, 4, 1)).get(0).label(), is("2025-Q2"));
    assertThat(Period.containing(LocalDate.of(2025, 12, 31)).get(0).label(), is("2025-Q4"));
    Period q3 = Period.containing(LocalDate.of(2025, 8, 15)).get(0);
    assertThat(q3.start(), is(LocalDate.of(2025, 7, 1)));
    assertThat(q3.end(), is(LocalDate.of(2025, 9, 30)));
    Period year = Period.containing(LocalDate.of(2024, 2, 29)).get(1);
    assertThat(year.label(), is("2024"));
    assertThat(year.end(), is(LocalDate.of(2024, 12, 31)));
    assertThat(Period.parse("quarter", "2025-Q3"), is(q3));
    assertThat(Period.parse("year", "2024"), is(year));
    assertThrows(IllegalArgumentException.class, () -> Period.parse("quarter", "2025-Q5"));
  }

  @Test
  void ageBandsAtTheirBoundaries() {
    assertThat(AgeBand.of(0), is("0-17"));
    assertThat(AgeBand.of(17), is("0-17"));
    assertThat(AgeBand.of(18), is("18-24"));
    assertThat(AgeBand.of(24), is("18-24"));
    assertThat(AgeBand.of(25), is("25-44"));
    assertThat(AgeBand.of(64), is("55-64"));
    assertThat(AgeBand.of(65), is("65-74"));
    assertThat(AgeBand.of(84), is("75-84"));
    assertThat(AgeBand.of(85), is("85+"));
    assertThat(AgeBand.of(103), is("85+"));
    assertThat(AgeBand.of(null), nullValue());
    assertThrows(IllegalArgumentException.class, () -> AgeBand.of(-1));
  }

  @Test
  void everyFieldCriteriaMayNameHasAValueOfItsDeclaredType() {
    EpisodeScale row = Rows.hip(Rows.SITE_A, "female", 67, 2, 40.0, 71.0);
    for (String field : FieldSet.episodeScale().names()) {
      Object value = EpisodeFields.value(row, field);
      if (field.equals("health_change") || field.startsWith("engagement_")) {
        // EQ-5D only: a HOOS JR row has no profiles to classify. Partnership only: a hip episode
        // is no partner's engagement (EngagementStrataTest reads them on a partner's row).
        assertThat(field, value, nullValue());
        continue;
      }
      switch (FieldSet.episodeScale().typeOf(field).orElseThrow()) {
        case STRING -> assertThat(field, value instanceof String, is(true));
        case NUMBER -> assertThat(field, value instanceof Double, is(true));
        case BOOLEAN -> assertThat(field, value instanceof Boolean, is(true));
      }
    }
    assertThat(EpisodeFields.value(row, "change"), is(31.0));
    assertThat(EpisodeFields.value(row, "age_at_anchor"), is(67.0));
    EpisodeScale noFollowup = Rows.hip(Rows.SITE_A, "female", 67, 2, 40.0, null);
    assertThat(EpisodeFields.value(noFollowup, "has_followup"), is(false));
    assertThat(EpisodeFields.value(noFollowup, "change"), nullValue());
    assertThrows(IllegalArgumentException.class, () -> EpisodeFields.value(row, "postal_code"));
  }

  @Test
  void aRowCountsInEachPeriodLevelAndStratum() {
    // Follow-up 2025-06-01: 2025-Q2 and 2025; province, region, RLS and establishment; everyone,
    // plus sex, age band and both deprivation quintiles for the province only (the Measure's
    // region and RLS stratifiers are levels, not strata).
    EpisodeScale row = Rows.hip(Rows.SITE_B, "male", 58, null, 40.0, 71.0);
    List<Cell> cells = Cell.of(indicator("hip-hoos-jr-substantial-benefit-12m"), row);
    assertThat("quarters at the province and the region only", cells.size(), is(2 * (5 + 1) + 2));
    assertThat(
        cells.stream().map(Cell::period).distinct().collect(Collectors.toList()),
        containsInAnyOrder("2025-Q2", "2025"));
    assertThat(
        cells.stream().map(c -> c.level() + ":" + c.unitCode()).distinct().toList(),
        containsInAnyOrder("province:QC", "region:03", "rls:0312", "establishment:1002"));
    List<String> strata = cells.stream().map(c -> c.stratifier() + "=" + c.stratum()).toList();
    assertThat(strata, hasItem("all=all"));
    assertThat(strata, hasItem("sex=male"));
    assertThat(strata, hasItem("age-band=55-64"));
    assertThat(strata, hasItem("material-deprivation-quintile=unknown"));
    assertThat(strata, hasItem("social-deprivation-quintile=3"));
    assertThat(
        "no equity strata below the province",
        cells.stream().filter(c -> !c.isWholeUnit()).allMatch(Cell::isProvince),
        is(true));
  }

  @Test
  void theMeasuresPeriodBasisPicksTheDate() {
    // Completion counts by baseline date (2024-05-22), so a row with no follow-up still counts.
    EpisodeScale noFollowup = Rows.hip(Rows.SITE_A, "female", 70, 1, 45.0, null);
    List<Cell> byBaseline = Cell.of(indicator("hip-followup-completion-12m"), noFollowup);
    assertThat(byBaseline.get(0).period(), is("2024-Q2"));
    assertThat(Cell.of(indicator("hip-hoos-jr-substantial-benefit-12m"), noFollowup), is(empty()));
  }
}
