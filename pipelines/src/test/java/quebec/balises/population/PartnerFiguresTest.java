package quebec.balises.population;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;
import quebec.balises.disclosure.ReleasePolicy;
import quebec.balises.disclosure.TrajectoryRelease;
import quebec.balises.indicators.AgeBand;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.PartnerDiversity;
import quebec.balises.model.PopulationRecord;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.portrait.PortraitMeasures;
import quebec.balises.publish.MeasureReportValidation;
import quebec.balises.publish.MeasureReports;

/**
 * The partners set against the population served (docs/decisions/0023), worked by hand.
 *
 * <p>Population in 2025: region 06, 1,250 people in each of the 16 cells (20,000); region 03, 2,500
 * women aged 45-54 and 500 in each other cell (10,000). Region 04 has no population.
 *
 * <p>Portraits of 2025 (version 1.1.0): A (06) 12 active partners, 6 women 45-54, 4 men 55-64, 2
 * not described; B (06) 10, 5 women 45-54, 5 women 65-74; C (03) 20, all women 45-54; D (04) 15
 * partners, counted nowhere (no population); E (06) a version 1.0.0 portrait, without diversity.
 */
class PartnerFiguresTest {
  static final String RATE = "partnership-partners-per-100000";
  static final String GAP = "partnership-partner-diversity-dissimilarity";

  private static PartnerDiversity partners(long active, long notDescribed, Object... cells) {
    List<PartnerDiversity.Cell> all = new ArrayList<>();
    for (String sex : List.of("female", "male")) {
      for (String band : AgeBand.BANDS) {
        long n = 0;
        for (int i = 0; i < cells.length; i += 3) {
          if (cells[i].equals(sex) && cells[i + 1].equals(band)) {
            n = ((Number) cells[i + 2]).longValue();
          }
        }
        all.add(new PartnerDiversity.Cell(sex, band, n));
      }
    }
    // The partners' background does not enter these figures: every partner is left undescribed
    // there, which the portrait's rules allow.
    return new PartnerDiversity(
        active,
        notDescribed,
        all,
        new PartnerDiversity.Experience(0, 0, 0, active),
        new PartnerDiversity.Language(0, 0, 0, active),
        0,
        active,
        0,
        active);
  }

  private static EstablishmentPortrait portrait(
      String code, String region, String version, PartnerDiversity diversity) {
    return new EstablishmentPortrait(
        SourceRef.line("p.ndjson", 1),
        new PortraitRecord(
            "pr-" + code,
            "o-" + code,
            version,
            2025,
            LocalDate.of(2026, 3, 15),
            null,
            5,
            3,
            1,
            0,
            0,
            0,
            0,
            0,
            0,
            diversity),
        new EstablishmentRecord(
            "o-" + code, code, "Site " + code, region + "1", "RLS", region, "Région " + region));
  }

  static final List<EstablishmentPortrait> PORTRAITS =
      List.of(
          portrait("111", "06", "1.1.0", partners(12, 2, "female", "45-54", 6, "male", "55-64", 4)),
          portrait(
              "222", "06", "1.1.0", partners(10, 0, "female", "45-54", 5, "female", "65-74", 5)),
          portrait("333", "03", "1.1.0", partners(20, 0, "female", "45-54", 20)),
          portrait("444", "04", "1.1.0", partners(15, 0, "male", "18-24", 15)),
          portrait("555", "06", "1.0.0", null));

  static List<PopulationRecord> population() {
    List<PopulationRecord> all = new ArrayList<>();
    for (String sex : List.of("female", "male")) {
      for (String band : AgeBand.BANDS) {
        all.add(new PopulationRecord("g06" + sex + band, "06", 2025, sex, band, 1250));
        long r03 = sex.equals("female") && band.equals("45-54") ? 2500 : 500;
        all.add(new PopulationRecord("g03" + sex + band, "03", 2025, sex, band, r03));
      }
    }
    return all;
  }

  private static List<PortraitMeasures.PortraitMeasure> measures() {
    return PortraitMeasures.bundled().stream()
        .filter(PortraitMeasures.PortraitMeasure::againstPopulation)
        .toList();
  }

  private static Map<String, IndicatorFigure> byUnit(List<IndicatorFigure> figures, String id) {
    return figures.stream()
        .filter(f -> f.indicatorId().equals(id))
        .collect(Collectors.toMap(f -> f.cell().level() + ":" + f.cell().unitCode(), f -> f));
  }

  private static List<IndicatorFigure> computed() {
    return PartnerFigures.compute(PORTRAITS, population(), measures(), PublicationRules.DEFAULT);
  }

  @Test
  void theTwoMeasuresAgainstThePopulationAreBundled() {
    List<PortraitMeasures.PortraitMeasure> measures = measures();
    assertThat(
        measures.stream().map(m -> m.definition().id()).sorted().toList(), is(List.of(GAP, RATE)));
    measures.forEach(
        m -> {
          assertThat(m.denominatorItem(), is("partners-active"));
          assertThat(m.definition().trajectory(), is(PortraitMeasures.TRAJECTORY));
          assertThat(m.definition().yearsOnly(), is(true));
        });
    // The committee Measures are left to PortraitFigures.
    assertThat(PortraitMeasures.bundled().size(), is(4));
  }

  @Test
  void partnersPer100000PerEstablishmentRegionAndProvince() {
    Map<String, IndicatorFigure> rate = byUnit(computed(), RATE);
    // A, B, C; regions 06 and 03; the province. D and region 04 have no population, E no diversity.
    assertThat(rate.keySet().size(), is(6));
    // A: 12 × 100,000 / 20,000 = 60.
    IndicatorFigure a = rate.get("establishment:111");
    assertThat(a.counts().n(), is(12L));
    assertThat(a.figure().value(), closeTo(60.0, 1e-9));
    assertThat(a.method(), is("rate_per_100000_poisson_exact_95"));
    // Exact Poisson 95 % for 12: 6.2006 to 20.9617, × 5 = 31.003 to 104.81.
    assertThat(a.figure().lower(), closeTo(31.003, 1e-2));
    assertThat(a.figure().upper(), closeTo(104.81, 1e-2));
    // B: 10 × 100,000 / 20,000 = 50; C: 20 × 100,000 / 10,000 = 200.
    assertThat(rate.get("establishment:222").figure().value(), closeTo(50.0, 1e-9));
    assertThat(rate.get("establishment:333").figure().value(), closeTo(200.0, 1e-9));
    // Region 06: (12 + 10) × 100,000 / 20,000 = 110 (its population once, not per establishment).
    assertThat(rate.get("region:06").counts().n(), is(22L));
    assertThat(rate.get("region:06").figure().value(), closeTo(110.0, 1e-9));
    // The province: 42 partners of regions 06 and 03, × 100,000 / 30,000 = 140.
    assertThat(rate.get("province:QC").counts().n(), is(42L));
    assertThat(rate.get("province:QC").figure().value(), closeTo(140.0, 1e-9));
    assertThat(rate.containsKey("establishment:444"), is(false));
    assertThat(rate.containsKey("region:04"), is(false));
  }

  @Test
  void dissimilarityBySexAndAgeBand() {
    Map<String, IndicatorFigure> gap = byUnit(computed(), GAP);
    // A: n = 10 described; p = 0.6 (women 45-54), 0.4 (men 55-64); q = 1/16 everywhere:
    // ½ (0.5375 + 0.3375 + 14 × 0.0625) = 0.875.
    IndicatorFigure a = gap.get("establishment:111");
    assertThat(a.counts().n(), is(10L));
    assertThat(a.figure().value(), closeTo(0.875, 1e-12));
    assertThat(a.figure().lower(), nullValue());
    assertThat(a.method(), is("dissimilarity_index"));
    // B: p = 0.5, 0.5: ½ (0.4375 + 0.4375 + 14 × 0.0625) = 0.875.
    assertThat(gap.get("establishment:222").figure().value(), closeTo(0.875, 1e-12));
    // C (region 03): p = 1 in women 45-54, where q = 0.25, the 15 others 0.05:
    // ½ (0.75 + 15 × 0.05) = 0.75.
    assertThat(gap.get("establishment:333").figure().value(), closeTo(0.75, 1e-12));
    assertThat(gap.get("region:03").figure().value(), closeTo(0.75, 1e-12));
    // Region 06: 20 described, p = 0.55, 0.25, 0.2: ½ (0.4875 + 0.1875 + 0.1375 + 13 × 0.0625)
    // = 0.8125.
    assertThat(gap.get("region:06").counts().n(), is(20L));
    assertThat(gap.get("region:06").figure().value(), closeTo(0.8125, 1e-12));
    // The province: 40 described, p = 0.775, 0.125, 0.1; q = 3,750 / 30,000 = 0.125 for women
    // 45-54 and 1,750 / 30,000 = 7/120 elsewhere: ½ (0.65 + (0.125 − 7/120) + (0.1 − 7/120)
    // + 13 × 7/120) = 91/120.
    assertThat(gap.get("province:QC").counts().n(), is(40L));
    assertThat(gap.get("province:QC").figure().value(), closeTo(91.0 / 120, 1e-12));
  }

  @Test
  void theIndexIsZeroWhenPartnersMirrorThePopulation() {
    long[] population = {2, 4, 6, 8};
    assertThat(PartnerFigures.dissimilarity(new long[] {1, 2, 3, 4}, population), is(0.0));
    assertThat(
        PartnerFigures.dissimilarity(new long[] {0, 0, 0, 5}, new long[] {1, 0, 0, 0}), is(1.0));
  }

  @Test
  void noPopulationNoFigure() {
    assertThat(
        PartnerFigures.compute(PORTRAITS, List.of(), measures(), PublicationRules.DEFAULT),
        empty());
  }

  private static List<IndicatorFigure> released(LocalDate asOf) {
    List<PortraitMeasures.PortraitMeasure> measures = measures();
    ReleasePolicy policy =
        new ReleasePolicy(
                asOf, PublicationRules.DEFAULT.smallCells().threshold(), Map.of(), Map.of())
            .with(
                measures.stream().map(PortraitMeasures.PortraitMeasure::definition).toList(),
                PortraitMeasures.FINAL_AFTER_DAYS);
    return TrajectoryRelease.release(PortraitMeasures.TRAJECTORY, computed(), policy).figures();
  }

  @Test
  void theSameDisclosureControlAndMeasureReportsThatValidate() {
    assertThat(released(LocalDate.of(2026, 6, 1)), empty());
    List<IndicatorFigure> released = released(LocalDate.of(2026, 8, 1));
    released.forEach(f -> assertThat(f.counts(), nullValue()));
    // Every unit has n ≥ 10, and no difference of two shown counts is small: all shown.
    Map<String, IndicatorFigure> rate = byUnit(released, RATE);
    assertThat(rate.get("province:QC").figure().value(), closeTo(140.0, 1e-9));
    assertThat(rate.get("establishment:222").figure().n(), is(10L));
    Map<String, String> canonical =
        measures().stream()
            .collect(
                Collectors.toMap(
                    m -> m.definition().id(),
                    m -> m.definition().url() + "|" + m.definition().version()));
    Map<MeasureReports.ReportKey, List<IndicatorFigure>> reports =
        released.stream().collect(Collectors.groupingBy(f -> MeasureReports.reportKey(f.cell())));
    for (List<IndicatorFigure> figures : reports.values()) {
      String id = figures.get(0).indicatorId();
      MeasureReport report =
          MeasureReports.of(figures, canonical.get(id), List.of(), LocalDate.of(2026, 8, 1));
      List<String> errors = MeasureReportValidation.errors(report);
      assertThat(String.join("\n", MeasureReportValidation.messages(report)), errors, is(empty()));
    }
  }

  @Test
  void anExtraPartnerChangesTheRateByOneIn100000OfThePopulation() {
    // A property of the rate worked by hand: one more partner in region 03 (10,000 people) adds
    // 10 per 100,000.
    assertThat(
        PartnerFigures.rate(21, 10_000) - PartnerFigures.rate(20, 10_000), closeTo(10, 1e-9));
  }
}
