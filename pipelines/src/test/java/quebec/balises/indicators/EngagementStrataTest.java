package quebec.balises.indicators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;
import quebec.balises.BeamTesting;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.model.Engagement;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.Score;
import quebec.balises.scoring.ScoreStatus;

/**
 * The partnership indicators by engagement sphere, level and tier (ADR 0021), on crafted
 * engagements whose strata are worked out by hand.
 *
 * <p>Six partners answer the "would take part again" statement ({@code overall-again}) in 2025; 1 =
 * agree or strongly agree:
 *
 * <pre>
 * partner  sphere      level               tier           answers in 2025 (follow-up date: top box)
 * p1       governance  consultation        ministry       2025-03-02: 0, 2025-09-01: 1  (once, 1)
 * p2       governance  co-construction     sante-quebec   2025-05-02: 1
 * p3       research    co-construction     establishment  2025-03-01: 0
 * p4       research    information         establishment  2025-05-02: 1
 * p5       (none)      self-determination  ministry       2025-05-02: 1
 * p6       teaching    consultation        (none)         2025-05-02: 0
 * </pre>
 *
 * In 2025 everyone: n = 6, numerator 4. By sphere: governance 2 of 2, research 1 of 2, teaching 0
 * of 1, unknown 1 of 1 (care and services and community have no partner, so no computed figure). By
 * level: consultation 1 of 2, co-construction 1 of 2, information 1 of 1, self-determination 1 of
 * 1. By tier: ministry 2 of 2, Santé Québec 1 of 1, establishment 1 of 2, unknown 0 of 1. Counting
 * answers instead of partners would give governance n = 3, consultation n = 3 and ministry n = 3.
 */
class EngagementStrataTest {
  private static final String ID = "partnership-take-part-again-top-box";
  private static final String SCALE = "overall-again.top_box";

  private static EpisodeScale answer(
      String partner,
      @Nullable String sphere,
      String level,
      @Nullable String body,
      LocalDate engaged,
      String timepoint,
      LocalDate answered,
      double topBox) {
    PatientRecord patient = new PatientRecord(partner, "nam-" + partner, "female", null, 2, 3);
    EpisodeRecord episode =
        new EpisodeRecord(
            "e-" + partner,
            partner,
            Rows.SITE_A.id(),
            "partnership",
            engaged,
            "active",
            new Engagement(sphere, level, body, null));
    LinkedEpisode linked =
        new LinkedEpisode(episode, patient, Rows.SITE_A, SourceRef.line("p.ndjson", 1));
    return new EpisodeScale(
        linked,
        "PARTNERSHIP_EXPERIENCE",
        SCALE,
        timepoint,
        null,
        null,
        null,
        partner + "-" + timepoint,
        answered,
        Score.of(SCALE, topBox, ScoreStatus.VALID, "PPEET_TOP_BOX"),
        null);
  }

  private static final LocalDate SEPT_2024 = LocalDate.of(2024, 9, 1);
  private static final LocalDate NOV_2024 = LocalDate.of(2024, 11, 1);

  private static final List<EpisodeScale> ROWS =
      List.of(
          answer(
              "p1",
              "governance",
              "consultation",
              "ministry",
              SEPT_2024,
              "6m",
              LocalDate.of(2025, 3, 2),
              0),
          answer(
              "p1",
              "governance",
              "consultation",
              "ministry",
              SEPT_2024,
              "12m",
              LocalDate.of(2025, 9, 1),
              1),
          answer(
              "p2",
              "governance",
              "co-construction",
              "sante-quebec",
              NOV_2024,
              "6m",
              LocalDate.of(2025, 5, 2),
              1),
          answer(
              "p3",
              "research",
              "co-construction",
              "establishment",
              LocalDate.of(2024, 3, 1),
              "12m",
              LocalDate.of(2025, 3, 1),
              0),
          answer(
              "p4",
              "research",
              "information",
              "establishment",
              NOV_2024,
              "6m",
              LocalDate.of(2025, 5, 2),
              1),
          answer(
              "p5",
              null,
              "self-determination",
              "ministry",
              NOV_2024,
              "6m",
              LocalDate.of(2025, 5, 2),
              1),
          answer(
              "p6", "teaching", "consultation", null, NOV_2024, "6m", LocalDate.of(2025, 5, 2), 0));

  private static IndicatorCatalog partnershipCatalog() {
    SortedMap<String, String> files =
        new TreeMap<>(ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json"));
    files.keySet().removeIf(name -> !name.startsWith("partnership-"));
    return IndicatorCatalog.of(files);
  }

  private static IndicatorDefinition takePartAgain(IndicatorCatalog catalog) {
    return catalog.indicators().stream().filter(i -> i.id().equals(ID)).findFirst().orElseThrow();
  }

  /** Every partnership Measure carries the three engagement strata, and counts once per person. */
  @Test
  void everyPartnershipMeasureIsStratifiedBySphereLevelAndTier() {
    IndicatorCatalog catalog = partnershipCatalog();
    assertThat(
        catalog.indicators().stream().map(IndicatorDefinition::id).toList(),
        containsInAnyOrder(
            "partnership-feedback-received-top-box",
            "partnership-influence-decisions-top-box",
            "partnership-overall-worthwhile-top-box",
            "partnership-practical-support-top-box",
            "partnership-take-part-again-top-box"));
    for (IndicatorDefinition indicator : catalog.indicators()) {
      assertThat(
          indicator.id(),
          indicator.stratifiers().get("engagement-sphere"),
          is("engagement_sphere"));
      assertThat(
          indicator.id(), indicator.stratifiers().get("engagement-level"), is("engagement_level"));
      assertThat(
          indicator.id(), indicator.stratifiers().get("engagement-body"), is("engagement_body"));
      assertThat(indicator.id(), indicator.latestPerPerson(), is(true));
    }
  }

  /** The criteria and the cells of one row, without a pipeline. */
  @Test
  void aRowCountsInItsSphereLevelAndTierAtTheProvinceOnly() {
    IndicatorDefinition indicator = takePartAgain(partnershipCatalog());
    EpisodeScale p2 = ROWS.get(2);
    Function<String, @Nullable Object> fields = EpisodeFields.of(p2);
    assertThat(fields.apply("engagement_sphere"), is("governance"));
    assertThat(fields.apply("engagement_level"), is("co-construction"));
    assertThat(fields.apply("engagement_body"), is("sante-quebec"));
    assertThat(indicator.counts(fields), is(true));

    Map<String, String> provinceYearStrata = new TreeMap<>();
    int establishmentStrata = 0;
    for (Cell cell : Cell.of(indicator, p2)) {
      if (cell.level().equals(Cell.PROVINCE) && cell.period().equals("2025")) {
        provinceYearStrata.put(cell.stratifier(), cell.stratum());
      } else if (!cell.isWholeUnit() && cell.level().equals(Cell.ESTABLISHMENT)) {
        establishmentStrata++;
      }
    }
    assertThat(provinceYearStrata.get("engagement-sphere"), is("governance"));
    assertThat(provinceYearStrata.get("engagement-level"), is("co-construction"));
    assertThat(provinceYearStrata.get("engagement-body"), is("sante-quebec"));
    assertThat(establishmentStrata, is(0));

    // A partner whose engagement has no sphere is in the stratum "unknown", never left out.
    Map<String, String> p5 = new TreeMap<>();
    for (Cell cell : Cell.of(indicator, ROWS.get(5))) {
      if (cell.level().equals(Cell.PROVINCE) && cell.period().equals("2025")) {
        p5.put(cell.stratifier(), cell.stratum());
      }
    }
    assertThat(p5.get("engagement-sphere"), is(Cell.UNKNOWN));
    assertThat(p5.get("engagement-level"), is("self-determination"));
    assertThat(p5.get("engagement-body"), is("ministry"));

    // Likewise a partner whose engagement has no tier.
    Map<String, String> p6 = new TreeMap<>();
    for (Cell cell : Cell.of(indicator, ROWS.get(6))) {
      if (cell.level().equals(Cell.PROVINCE) && cell.period().equals("2025")) {
        p6.put(cell.stratifier(), cell.stratum());
      }
    }
    assertThat(p6.get("engagement-sphere"), is("teaching"));
    assertThat(p6.get("engagement-body"), is(Cell.UNKNOWN));

    // An episode of another trajectory has no engagement: its fields are empty.
    EpisodeScale hip = Rows.hip(Rows.SITE_A, "male", 70, 3, 40.0, 80.0);
    assertThat(EpisodeFields.value(hip, "engagement_sphere"), is((Object) null));
    assertThat(EpisodeFields.value(hip, "engagement_body"), is((Object) null));
  }

  @Test
  void eachPartnerCountsOnceInTheStratumOfTheirEngagement() {
    IndicatorCatalog catalog = partnershipCatalog();
    TestPipeline p = BeamTesting.pipeline();
    PCollectionTuple computed =
        p.apply(Create.of(ROWS).withCoder(SerializableCoder.of(EpisodeScale.class)))
            .apply(new ComputeIndicators(catalog, PublicationRules.DEFAULT));
    PAssert.that(computed.get(ComputeIndicators.FIGURES))
        .satisfies(
            figures -> {
              Map<String, IndicatorFigure.Counts> counts = new HashMap<>();
              figures.forEach(
                  f -> {
                    Cell c = f.cell();
                    if (f.indicatorId().equals(ID)
                        && c.period().equals("2025")
                        && c.level().equals(Cell.PROVINCE)) {
                      counts.put(c.stratifier() + "|" + c.stratum(), f.counts());
                    }
                  });
              assertThat(counts.get("all|all"), is(new IndicatorFigure.Counts(6, 4)));
              assertThat(
                  counts.get("engagement-sphere|governance"), is(new IndicatorFigure.Counts(2, 2)));
              assertThat(
                  counts.get("engagement-sphere|research"), is(new IndicatorFigure.Counts(2, 1)));
              assertThat(
                  counts.get("engagement-sphere|teaching"), is(new IndicatorFigure.Counts(1, 0)));
              assertThat(
                  counts.get("engagement-sphere|unknown"), is(new IndicatorFigure.Counts(1, 1)));
              assertThat(counts.containsKey("engagement-sphere|community"), is(false));
              assertThat(
                  counts.get("engagement-level|consultation"),
                  is(new IndicatorFigure.Counts(2, 1)));
              assertThat(
                  counts.get("engagement-level|co-construction"),
                  is(new IndicatorFigure.Counts(2, 1)));
              assertThat(
                  counts.get("engagement-level|information"), is(new IndicatorFigure.Counts(1, 1)));
              assertThat(
                  counts.get("engagement-level|self-determination"),
                  is(new IndicatorFigure.Counts(1, 1)));
              assertThat(
                  counts.get("engagement-body|ministry"), is(new IndicatorFigure.Counts(2, 2)));
              assertThat(
                  counts.get("engagement-body|sante-quebec"), is(new IndicatorFigure.Counts(1, 1)));
              assertThat(
                  counts.get("engagement-body|establishment"),
                  is(new IndicatorFigure.Counts(2, 1)));
              assertThat(
                  counts.get("engagement-body|unknown"), is(new IndicatorFigure.Counts(1, 0)));
              for (String stratifier :
                  List.of("engagement-sphere", "engagement-level", "engagement-body")) {
                long n =
                    counts.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(stratifier + "|"))
                        .mapToLong(e -> e.getValue().n())
                        .sum();
                assertThat(stratifier + ": the strata add up to everyone", n, is(6L));
              }
              return null;
            });
    p.run().waitUntilFinish();
  }
}
