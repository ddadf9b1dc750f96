package quebec.balises.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointAssignment;
import quebec.balises.episodes.TimepointOutcome;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.Figure;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoreStatus;
import quebec.balises.scoring.ScoredResponse;

/** The counting rules of the data-quality dataset, on episodes worked out by hand. */
class QualityCountingTest {
  private static final IndicatorCatalog CATALOG = IndicatorCatalog.bundled();
  private static final TimepointPlan PLAN = TimepointPlan.bundled();
  private static final List<QualityMeasure> MEASURES = QualityMeasures.of(CATALOG, PLAN);
  private static final Map<String, IndicatorDefinition> DEFINITIONS =
      QualityMeasures.definitions(CATALOG, MEASURES);
  private static final QualityCounting.Index INDEX =
      new QualityCounting.Index(MEASURES, DEFINITIONS);

  private static final EstablishmentRecord SITE_A =
      new EstablishmentRecord(
          "oa", "1001", "Hôpital A", "0311", "RLS A", "03", "Capitale-Nationale");
  private static final EstablishmentRecord SITE_B =
      new EstablishmentRecord(
          "ob", "1002", "Hôpital B", "0312", "RLS B", "03", "Capitale-Nationale");
  private static final LocalDate SURGERY = LocalDate.of(2024, 12, 1);

  private static int sequence;

  private static LinkedEpisode episode(String trajectory, EstablishmentRecord site) {
    int id = ++sequence;
    PatientRecord patient =
        new PatientRecord("p" + id, "nam" + id, "female", LocalDate.of(1950, 1, 1), 2, 3);
    return new LinkedEpisode(
        new EpisodeRecord("e" + id, "p" + id, site.id(), trajectory, SURGERY, "finished"),
        patient,
        site,
        SourceRef.line("episodes.ndjson", id));
  }

  /** A hip HOOS JR 12-month row: baseline 10 days before surgery, follow-up a year after. */
  private static EpisodeScale hip(
      EstablishmentRecord site, boolean baseline, boolean followup, boolean scorable) {
    return hip("HOOS_JR", "interval", site, baseline, followup, scorable);
  }

  /** A hip 12-month row of an instrument's scale, dated as {@link #hip}'s. */
  private static EpisodeScale hip(
      String instrument,
      String scale,
      EstablishmentRecord site,
      boolean baseline,
      boolean followup,
      boolean scorable) {
    LinkedEpisode linked = episode("hip-arthroplasty", site);
    String id = linked.episode().id();
    return new EpisodeScale(
        linked,
        instrument,
        scale,
        "12m",
        baseline ? "b-" + id : null,
        baseline ? SURGERY.minusDays(10) : null,
        baseline ? Score.of(scale, 40.0, ScoreStatus.VALID, "M") : null,
        followup ? "f-" + id : null,
        followup ? SURGERY.plusDays(365) : null,
        followup
            ? scorable
                ? Score.of(scale, 70.0, ScoreStatus.VALID, "M")
                : Score.missing(scale, ScoreStatus.INSUFFICIENT_ITEMS, "M")
            : null,
        null);
  }

  /** n and numerator per cell key "measure|level|unit|stratifier|stratum|period". */
  private static Map<String, long[]> sum(List<QualityCounting.Tally> tallies) {
    Map<String, long[]> sums = new TreeMap<>();
    for (QualityCounting.Tally tally : tallies) {
      QualityMeasure measure = QualityMeasure.parse(tally.measure().id());
      for (Cell cell : tally.cells()) {
        String key =
            String.join(
                "|",
                measure.measure(),
                cell.level(),
                cell.unitCode(),
                cell.stratifier(),
                cell.stratum(),
                cell.period());
        long[] counts = sums.computeIfAbsent(key, k -> new long[2]);
        counts[0]++;
        counts[1] += tally.inNumerator() ? 1 : 0;
      }
    }
    return sums;
  }

  @Test
  void theMeasuresFollowTheCatalog() {
    List<String> hip =
        MEASURES.stream()
            .filter(m -> m.trajectory().equals("hip-arthroplasty") && !m.isCount())
            .map(m -> m.measure() + " " + m.instrument() + " " + m.scale() + " " + m.timepoint())
            .toList();
    assertTrue(hip.contains("participation   "), hip.toString());
    assertTrue(hip.contains("followup_response HOOS_JR interval 12m"), hip.toString());
    // hip-hoos-jr-completeness-12m publishes HOOS JR's completeness itself; EQ-5D-5L's is not.
    assertFalse(hip.contains("completeness HOOS_JR interval 12m"), hip.toString());
    assertTrue(
        QualityMeasures.countsCompleteness(
            CATALOG.indicators().stream()
                .filter(i -> i.id().equals("hip-hoos-jr-completeness-12m"))
                .findFirst()
                .orElseThrow()));
    assertTrue(hip.contains("completeness EQ5D5L index 12m"), hip.toString());
    // The experience survey is answered at follow-up only: nothing is due, its completeness is.
    assertTrue(
        hip.stream().anyMatch(m -> m.startsWith("completeness PREM_ARTHROPLASTY")), hip.toString());
    assertFalse(
        hip.stream().anyMatch(m -> m.startsWith("followup_response PREM_ARTHROPLASTY")),
        hip.toString());
    // Six timepoint outcomes per trajectory, each a count.
    assertEquals(
        6, MEASURES.stream().filter(m -> m.trajectory().equals("copd") && m.isCount()).count());
  }

  @Test
  void followupAndCompletenessCountTheRowsOfTheirScale() {
    List<QualityCounting.Tally> tallies = new ArrayList<>();
    // Due and received, scorable; due, not received; due and received, not scorable; no
    // baseline (nothing due) but received and scorable; at another establishment.
    for (EpisodeScale row :
        List.of(
            hip(SITE_A, true, true, true),
            hip(SITE_A, true, false, false),
            hip(SITE_A, true, true, false),
            hip(SITE_A, false, true, true),
            hip(SITE_B, true, true, true))) {
      tallies.addAll(QualityCounting.ofRow(INDEX, row));
    }
    Map<String, long[]> sums = sum(tallies);
    // Follow-up by baseline date (2024-11-21: 2024-Q4, 2024): 4 due, 3 received.
    assertCounts(sums, "followup_response|province|QC|all|all|2024", 4, 3);
    assertCounts(sums, "followup_response|province|QC|all|all|2024-Q4", 4, 3);
    assertCounts(sums, "followup_response|region|03|all|all|2024-Q4", 4, 3);
    assertCounts(sums, "followup_response|establishment|1001|all|all|2024", 3, 2);
    assertCounts(sums, "followup_response|rls|0312|all|all|2024", 1, 1);
    assertCounts(sums, "followup_response|province|QC|sex|female|2024", 4, 3);
    // HOOS JR's completeness is the catalog's own Measure: no data-quality copy.
    assertFalse(sums.containsKey("completeness|province|QC|all|all|2025"));
    // EQ-5D-5L's, by follow-up date (2025-12-01: 2025-Q4, 2025): 4 received, 3 scorable.
    for (EpisodeScale row :
        List.of(
            hip("EQ5D5L", "index", SITE_A, true, true, true),
            hip("EQ5D5L", "index", SITE_A, true, false, false),
            hip("EQ5D5L", "index", SITE_A, true, true, false),
            hip("EQ5D5L", "index", SITE_A, false, true, true),
            hip("EQ5D5L", "index", SITE_B, true, true, true))) {
      tallies.addAll(QualityCounting.ofRow(INDEX, row));
    }
    sums = sum(tallies);
    assertCounts(sums, "completeness|province|QC|all|all|2025", 4, 3);
    assertCounts(sums, "completeness|region|03|all|all|2025", 4, 3);
    // No quarter below the region, no stratum below the province.
    assertFalse(sums.containsKey("followup_response|establishment|1001|all|all|2024-Q4"));
    // Completeness for regions and the province, by year, for everyone only (its scope).
    assertFalse(sums.containsKey("completeness|establishment|1001|all|all|2025"));
    assertFalse(sums.containsKey("completeness|rls|0312|all|all|2025"));
    assertFalse(sums.containsKey("completeness|province|QC|all|all|2025-Q4"));
    assertFalse(sums.containsKey("completeness|province|QC|sex|female|2025"));
  }

  @Test
  void participationCountsEpisodesByAnchorDate() {
    LinkedEpisode with = episode("hip-arthroplasty", SITE_A);
    LinkedEpisode without = episode("hip-arthroplasty", SITE_A);
    List<QualityCounting.Tally> tallies = new ArrayList<>();
    tallies.addAll(QualityCounting.ofEpisode(INDEX, with, true));
    tallies.addAll(QualityCounting.ofEpisode(INDEX, without, false));
    Map<String, long[]> sums = sum(tallies);
    assertCounts(sums, "participation|province|QC|all|all|2024", 2, 1);
    assertCounts(sums, "participation|region|03|all|all|2024", 2, 1);
    // For regions and the province, by year, for everyone only (its scope).
    assertEquals(2, sums.size());
    // Partnership has no baseline timepoint: no participation to count.
    assertTrue(PLAN.baseline("partnership").isEmpty());
    assertTrue(QualityCounting.ofEpisode(INDEX, episode("partnership", SITE_A), true).isEmpty());
  }

  @Test
  void timepointOutcomesCountEachResponseByItsDate() {
    LinkedEpisode linked = episode("copd", SITE_B);
    List<QualityCounting.Tally> tallies = new ArrayList<>();
    LocalDate[] dates = {LocalDate.of(2025, 3, 2), LocalDate.of(2025, 3, 9), SURGERY};
    TimepointOutcome[] outcomes = {
      TimepointOutcome.KEPT,
      TimepointOutcome.NOT_KEPT_SAME_TIMEPOINT,
      TimepointOutcome.BEFORE_FIRST_WINDOW
    };
    for (int i = 0; i < dates.length; i++) {
      ResponseRecord response =
          new ResponseRecord(
              "r" + i,
              linked.patient().id(),
              linked.episode().id(),
              "https://balises.quebec/fhir/Questionnaire/cat",
              "1.0.0",
              "CAT",
              "completed",
              dates[i],
              null,
              List.of(),
              null,
              null);
      ScoredResponse scored =
          new ScoredResponse(
              new LinkedResponse(response, linked, SourceRef.line("responses.ndjson", i)),
              List.of());
      tallies.addAll(
          QualityCounting.ofAssignment(
              INDEX, new TimepointAssignment(scored, i < 2 ? "3m" : null, 0, outcomes[i])));
    }
    // Counts are their own numerator; one per response and outcome.
    Map<String, long[]> sums = sum(tallies);
    assertCounts(sums, "timepoint_outcome|province|QC|all|all|2025-Q1", 2, 2);
    assertCounts(sums, "timepoint_outcome|establishment|1002|all|all|2024", 1, 1);
    assertEquals(3, tallies.size());
    assertTrue(
        QualityCounting.isBaselineKept(
            new TimepointAssignment(null, "baseline", 0, TimepointOutcome.KEPT), "baseline"));
    assertFalse(
        QualityCounting.isBaselineKept(
            new TimepointAssignment(null, "3m", 0, TimepointOutcome.KEPT), "baseline"));
  }

  @Test
  void figuresFollowTheIndicatorsRules() {
    PublicationRules rules = PublicationRules.DEFAULT;
    // 15 of 20: Wilson 95 % (0.531299, 0.888138): centre (p + z²/2n)/(1 + z²/n) = 0.709719,
    // half-width z√(p(1−p)/n + z²/4n²)/(1 + z²/n) = 0.178420.
    Figure rate = QualityCounting.figure(false, 20, 15, rules);
    assertEquals(0.75, rate.value(), 1e-12);
    assertEquals(0.531299, rate.lower(), 1e-6);
    assertEquals(0.888138, rate.upper(), 1e-6);
    // A complement of 2 withholds the rate and numerator, not the n.
    Figure complement = QualityCounting.figure(false, 40, 38, rules);
    assertEquals(40L, complement.n());
    assertNull(complement.numerator());
    assertEquals(Figure.SUPPRESSED, complement.suppression());
    // Below n = 10 the rate is withheld; an n of 1 to 4 is withheld too.
    assertNull(QualityCounting.figure(false, 9, 5, rules).value());
    assertNull(QualityCounting.figure(false, 3, 3, rules).n());
    // Nobody: 0 of 0, published.
    assertEquals(0L, QualityCounting.figure(false, 0, 0, rules).n());
    // A count of 3 is withheld, a count of 7 published as its own numerator, with no rate.
    assertNull(QualityCounting.figure(true, 3, 3, rules).n());
    Figure count = QualityCounting.figure(true, 7, 7, rules);
    assertEquals(7L, count.n());
    assertNull(count.value());
    assertFalse(count.suppressed());
  }

  @Test
  void periodsAreFinalAsTheLinkedMeasures() {
    QualityMeasure participation =
        new QualityMeasure("hip-arthroplasty", QualityMeasure.PARTICIPATION, "", "", "", "");
    QualityMeasure followup =
        new QualityMeasure(
            "hip-arthroplasty", QualityMeasure.FOLLOWUP_RESPONSE, "HOOS_JR", "interval", "12m", "");
    QualityMeasure completeness =
        new QualityMeasure(
            "hip-arthroplasty", QualityMeasure.COMPLETENESS, "HOOS_JR", "interval", "12m", "");
    // Baseline window −90..0 days: an episode's baseline can arrive until its anchor day.
    assertEquals(0, QualityMeasures.finalAfterDays(participation, PLAN));
    // As hip-followup-completion-12m: from 90 days before surgery to 426 days after, 516 days.
    assertEquals(516, QualityMeasures.finalAfterDays(followup, PLAN));
    assertEquals(
        QualityMeasures.finalAfterDays(followup, PLAN),
        quebec.balises.disclosure.ReleasePolicy.of(CATALOG, PLAN, SURGERY, 5)
            .finalAfterDays()
            .get("hip-followup-completion-12m"));
    assertEquals(
        quebec.balises.disclosure.ReleasePolicy.of(CATALOG, PLAN, SURGERY, 5)
            .finalAfterDays()
            .get("hip-hoos-jr-completeness-12m"),
        QualityMeasures.finalAfterDays(completeness, PLAN));
  }

  @Test
  void idsRoundTrip() {
    QualityMeasure measure =
        new QualityMeasure("copd", QualityMeasure.TIMEPOINT_OUTCOME, "", "", "", "kept");
    assertEquals(measure, QualityMeasure.parse(measure.id()));
    assertTrue(QualityMeasure.isQuality(measure.id()));
    assertFalse(QualityMeasure.isQuality("copd-cat-mean-change-3m"));
  }

  private static void assertCounts(Map<String, long[]> sums, String key, long n, long x) {
    long[] counts = sums.get(key);
    assertTrue(counts != null, key + " missing from " + sums.keySet());
    assertEquals(n, counts[0], key + " n");
    assertEquals(x, counts[1], key + " numerator");
  }
}
