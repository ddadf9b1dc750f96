package quebec.balises.portrait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;
import quebec.balises.disclosure.ReleasePolicy;
import quebec.balises.disclosure.TrajectoryRelease;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.publish.MeasureReportValidation;
import quebec.balises.publish.MeasureReports;

/**
 * The Measures about establishments, worked by hand (docs/decisions/0022, docs/methods.md §8.11):
 * three establishments' portraits of 2025, summed per establishment, region and province, then
 * through the same disclosure control as every figure.
 */
class PortraitFiguresTest {
  static final String WITH_PARTNERS = "partnership-committees-with-partners";
  static final String CO_CONSTRUCTION = "partnership-committees-co-construction";

  private static EstablishmentPortrait portrait(
      String code, String region, long committees, long withPartners, long coConstruction) {
    return new EstablishmentPortrait(
        SourceRef.line("p.ndjson", 1),
        new PortraitRecord(
            "pr-" + code,
            "o-" + code,
            "1.0.0",
            2025,
            LocalDate.of(2026, 3, 15),
            null,
            committees,
            withPartners,
            coConstruction,
            0,
            0,
            0,
            0,
            0,
            0,
            null),
        new EstablishmentRecord(
            "o-" + code, code, "Site " + code, region + "1", "RLS", region, "Région " + region));
  }

  /**
   * A (region 06): 20 committees, 15 with partners, 6 at co-construction or above; B (region 06):
   * 14, 9, 4; C (region 03): 3, 2, 1.
   */
  static final List<EstablishmentPortrait> PORTRAITS =
      List.of(
          portrait("111", "06", 20, 15, 6),
          portrait("222", "06", 14, 9, 4),
          portrait("333", "03", 3, 2, 1));

  private static Map<String, IndicatorFigure> byUnit(List<IndicatorFigure> figures, String id) {
    return figures.stream()
        .filter(f -> f.indicatorId().equals(id))
        .collect(Collectors.toMap(f -> f.cell().level() + ":" + f.cell().unitCode(), f -> f));
  }

  @Test
  void theBundledMeasuresNameTheirItemsAndAreNotInTheCatalog() {
    // 2 on committees, and the 2 against the population served (population.PartnerFigures).
    List<PortraitMeasures.PortraitMeasure> measures = PortraitMeasures.bundled();
    assertThat(measures.size(), is(4));
    assertThat(measures.stream().filter(m -> !m.againstPopulation()).count(), is(2L));
    PortraitMeasures.PortraitMeasure co =
        measures.stream()
            .filter(m -> m.definition().id().equals(CO_CONSTRUCTION))
            .findFirst()
            .get();
    assertThat(co.denominatorItem(), is("committees-with-partners"));
    assertThat(co.numeratorItem(), is("committees-co-construction"));
    assertThat(co.definition().trajectory(), is(PortraitMeasures.TRAJECTORY));
    assertThat(co.definition().yearsOnly(), is(true));
    assertThat(
        IndicatorCatalog.bundled().indicators().stream()
            .noneMatch(i -> i.trajectory().equals(PortraitMeasures.TRAJECTORY)),
        is(true));
  }

  @Test
  void sumsCommitteesPerEstablishmentRegionAndProvince() {
    List<IndicatorFigure> figures =
        PortraitFigures.compute(PORTRAITS, PortraitMeasures.bundled(), PublicationRules.DEFAULT);
    Map<String, IndicatorFigure> share = byUnit(figures, WITH_PARTNERS);
    assertThat(share.size(), is(6)); // 3 establishments, 2 regions, the province
    IndicatorFigure a = share.get("establishment:111");
    assertThat(a.cell().period(), is("2025"));
    assertThat(a.counts().n(), is(20L));
    assertThat(a.counts().numerator(), is(15L));
    assertThat(a.figure().value(), is(0.75));
    // Wilson 95 % for 15 of 20: 0.5313 to 0.8881.
    assertThat(a.figure().lower(), closeTo(0.5313, 1e-4));
    assertThat(a.figure().upper(), closeTo(0.8881, 1e-4));
    assertThat(a.funnel(), nullValue());
    // Region 06 = A + B: 24 of 34; the province: 26 of 37.
    assertThat(share.get("region:06").counts().numerator(), is(24L));
    assertThat(share.get("region:06").figure().value(), closeTo(24.0 / 34, 1e-12));
    assertThat(share.get("province:QC").counts().n(), is(37L));
    assertThat(share.get("province:QC").figure().value(), closeTo(26.0 / 37, 1e-12));
    // C has 3 committees: a small count, withheld from the start.
    assertThat(share.get("establishment:333").figure().suppressed(), is(true));

    Map<String, IndicatorFigure> co = byUnit(figures, CO_CONSTRUCTION);
    // The denominator is the partnered committees: A 6 of 15, the province 11 of 26.
    assertThat(co.get("establishment:111").figure().value(), is(0.4));
    assertThat(co.get("province:QC").counts().n(), is(26L));
    assertThat(co.get("province:QC").figure().value(), closeTo(11.0 / 26, 1e-12));
    // B: 4 of 9, a numerator of 1 to 4.
    assertThat(co.get("establishment:222").figure().suppressed(), is(true));
  }

  @Test
  void anEstablishmentWithoutCommitteesAddsNoUnit() {
    List<IndicatorFigure> figures =
        PortraitFigures.compute(
            List.of(portrait("444", "06", 0, 0, 0)),
            PortraitMeasures.bundled(),
            PublicationRules.DEFAULT);
    assertThat(figures, empty());
  }

  private static List<IndicatorFigure> released(LocalDate asOf) {
    List<PortraitMeasures.PortraitMeasure> measures = PortraitMeasures.bundled();
    List<IndicatorFigure> figures =
        PortraitFigures.compute(PORTRAITS, measures, PublicationRules.DEFAULT);
    ReleasePolicy policy =
        new ReleasePolicy(
                asOf, PublicationRules.DEFAULT.smallCells().threshold(), Map.of(), Map.of())
            .with(
                measures.stream().map(PortraitMeasures.PortraitMeasure::definition).toList(),
                PortraitMeasures.FINAL_AFTER_DAYS);
    return TrajectoryRelease.release(PortraitMeasures.TRAJECTORY, figures, policy).figures();
  }

  @Test
  void theSameDisclosureControlWithholdsSmallCountsAndWhatWouldGiveThemAway() {
    List<IndicatorFigure> released = released(LocalDate.of(2026, 8, 1));
    // Years only: no quarter of a portrait is published.
    assertThat(released.stream().allMatch(f -> f.cell().periodType().equals("year")), is(true));
    released.forEach(f -> assertThat(f.counts(), nullValue()));
    Map<String, IndicatorFigure> share = byUnit(released, WITH_PARTNERS);
    IndicatorFigure c = share.get("establishment:333");
    assertThat(c.figure().suppressed(), is(true));
    assertThat(c.figure().n(), nullValue());
    assertThat(share.get("region:03").figure().suppressed(), is(true));
    // Region 06 and the province shown together would give region 03 (37 − 34 = 3 committees)
    // by subtraction: one of them is withheld too.
    boolean bothShown =
        share.get("region:06").figure().n() != null
            && share.get("province:QC").figure().n() != null;
    assertThat(bothShown, is(false));
  }

  @Test
  void aYearIsPublishedOnlyOnceFinal() {
    // 2025 is final 182 days after 31 December 2025.
    assertThat(released(LocalDate.of(2026, 6, 1)), empty());
  }

  @Test
  void everyReleasedFigureIsAMeasureReportOnCommitteesThatValidatesAgainstItsMeasure() {
    List<PortraitMeasures.PortraitMeasure> measures = PortraitMeasures.bundled();
    Map<String, String> canonical =
        measures.stream()
            .collect(
                Collectors.toMap(
                    m -> m.definition().id(),
                    m -> m.definition().url() + "|" + m.definition().version()));
    Map<MeasureReports.ReportKey, List<IndicatorFigure>> reports =
        released(LocalDate.of(2026, 8, 1)).stream()
            .collect(Collectors.groupingBy(f -> MeasureReports.reportKey(f.cell())));
    // 4 Measures × (3 establishments, 2 regions, province): the grid is complete, so the two
    // Measures against the population, which these portraits of version 1.0.0 do not feed, have
    // their n = 0 rows too.
    assertThat(reports.size(), is(24));
    int summaries = 0;
    for (List<IndicatorFigure> figures : reports.values()) {
      String id = figures.get(0).indicatorId();
      MeasureReport report =
          MeasureReports.of(figures, canonical.get(id), List.of(), LocalDate.of(2026, 8, 1));
      assertThat(report.getPeriod().getStartElement().getValueAsString(), is("2025-01-01"));
      assertThat(report.getPeriod().getEndElement().getValueAsString(), is("2025-12-31"));
      List<String> errors = MeasureReportValidation.errors(report);
      assertThat(String.join("\n", MeasureReportValidation.messages(report)), errors, is(empty()));
      assertThat(
          MeasureReportValidation.resolved(),
          org.hamcrest.Matchers.hasItem(canonical.get(id).replaceAll("\\|.*", "")));
      if (report.getType() == MeasureReport.MeasureReportType.SUMMARY) {
        summaries++;
        IndicatorFigure whole =
            figures.stream().filter(f -> f.cell().isWholeUnit()).findFirst().orElseThrow();
        MeasureReport.MeasureReportGroupComponent group = report.getGroupFirstRep();
        // The units counted are committees: the denominator and numerator are the released n
        // and numerator, the score their proportion.
        assertThat(
            group.getPopulation().stream()
                .filter(p -> p.getCode().getCodingFirstRep().getCode().equals("denominator"))
                .findFirst()
                .orElseThrow()
                .getCount(),
            is(whole.figure().n().intValue()));
        assertThat(group.getMeasureScore().getValue().doubleValue(), is(whole.figure().value()));
      }
    }
    // A of region 06 (15 of 20 partnered, 6 of 15 at co-construction) is shown in both.
    assertThat(summaries >= 2, is(true));
  }
}
