package quebec.balises.population;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.indicators.AgeBand;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PopulationRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.SourceRef;

/** The rules of a population estimate and which ones are kept (docs/decisions/0023). */
class PopulationRulesTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
  private static final String REGION_SYSTEM =
      "https://balises.quebec/fhir/CodeSystem/health-region";

  static PopulationRules.Characteristic region(String code, LocalDate start, LocalDate end) {
    return new PopulationRules.Characteristic(
        PopulationRules.SYSTEM, "region", REGION_SYSTEM, code, null, null, start, end, false);
  }

  static PopulationRules.Characteristic sex(String code) {
    return new PopulationRules.Characteristic(
        PopulationRules.SYSTEM,
        "sex",
        PopulationRules.SEX_SYSTEM,
        code,
        null,
        null,
        null,
        null,
        false);
  }

  static PopulationRules.Characteristic ages(Integer low, Integer high) {
    return new PopulationRules.Characteristic(
        PopulationRules.SYSTEM,
        "age-band",
        null,
        null,
        low == null ? null : BigDecimal.valueOf(low),
        high == null ? null : BigDecimal.valueOf(high),
        null,
        null,
        false);
  }

  /** Women aged 45 to 54 of region 06 on 1 July 2024: 12,345 people. */
  static List<PopulationRules.Characteristic> women45() {
    return new ArrayList<>(
        List.of(
            region("06", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1)),
            sex("female"),
            ages(45, 54)));
  }

  private static PopulationRules.Reading read(
      Boolean actual, String code, Long quantity, List<PopulationRules.Characteristic> cs) {
    return PopulationRules.read("g1", actual, PopulationRules.SYSTEM, code, quantity, cs, AS_OF);
  }

  private static ParsedResource.Problem first(PopulationRules.Reading reading) {
    assertThat(reading.population(), nullValue());
    return reading.problems().get(0);
  }

  @Test
  void readsAnEstimate() {
    PopulationRules.Reading reading = read(false, "estimate", 12_345L, women45());
    assertThat(reading.problems(), empty());
    assertThat(
        reading.population(),
        is(new PopulationRecord("g1", "06", 2024, "female", "45-54", 12_345)));
    // The last band is open: a range with no high bound.
    List<PopulationRules.Characteristic> old = women45();
    old.set(2, ages(85, null));
    assertThat(read(false, "estimate", 10L, old).population().ageBand(), is("85+"));
  }

  @Test
  void anEstimateListsNobody() {
    ParsedResource.Problem actual = first(read(true, "estimate", 1L, women45()));
    assertThat(actual.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(actual.message(), containsString("actual is true"));
    assertThat(
        first(read(null, "estimate", 1L, women45())).reason(), is(RejectReason.MISSING_ELEMENT));
  }

  @Test
  void onlyAPopulationEstimateIsRead() {
    ParsedResource.Problem other = first(read(false, "cohort", 1L, women45()));
    assertThat(other.reason(), is(RejectReason.CODE_SYSTEM_MISMATCH));
    assertThat(first(read(false, null, 1L, women45())).reason(), is(RejectReason.MISSING_ELEMENT));
  }

  @Test
  void theQuantityIsRequiredAndNotNegative() {
    ParsedResource.Problem missing = first(read(false, "estimate", null, women45()));
    assertThat(missing.reason(), is(RejectReason.MISSING_ELEMENT));
    assertThat(missing.message(), is("quantity is missing"));
    assertThat(
        first(read(false, "estimate", -3L, women45())).reason(), is(RejectReason.INVALID_VALUE));
  }

  @Test
  void everyCharacteristicIsRequiredOnceAndIncluded() {
    List<PopulationRules.Characteristic> noSex = women45();
    noSex.remove(1);
    ParsedResource.Problem missing = first(read(false, "estimate", 1L, noSex));
    assertThat(missing.reason(), is(RejectReason.MISSING_ELEMENT));
    assertThat(missing.message(), is("characteristic 'sex' is missing"));
    List<PopulationRules.Characteristic> twice = women45();
    twice.add(sex("male"));
    assertThat(
        first(read(false, "estimate", 1L, twice)).message(),
        is("characteristic 'sex' is given twice"));
    List<PopulationRules.Characteristic> excluded = women45();
    excluded.set(
        1,
        new PopulationRules.Characteristic(
            PopulationRules.SYSTEM,
            "sex",
            PopulationRules.SEX_SYSTEM,
            "female",
            null,
            null,
            null,
            null,
            true));
    assertThat(
        first(read(false, "estimate", 1L, excluded)).message(), containsString("exclude = true"));
    List<PopulationRules.Characteristic> unknown = women45();
    unknown.add(
        new PopulationRules.Characteristic(
            PopulationRules.SYSTEM, "language", null, "fr", null, null, null, null, false));
    assertThat(
        first(read(false, "estimate", 1L, unknown)).reason(), is(RejectReason.INVALID_VALUE));
  }

  @Test
  void theRegionIsAHealthRegionAndItsPeriodOneYear() {
    List<PopulationRules.Characteristic> cs = women45();
    cs.set(0, region("19", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1)));
    ParsedResource.Problem region = first(read(false, "estimate", 1L, cs));
    assertThat(region.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(region.message(), containsString("'19' is not a health region"));
    cs.set(
        0,
        new PopulationRules.Characteristic(
            PopulationRules.SYSTEM,
            "region",
            "urn:other",
            "06",
            null,
            null,
            LocalDate.of(2024, 7, 1),
            LocalDate.of(2024, 7, 1),
            false));
    assertThat(
        first(read(false, "estimate", 1L, cs)).reason(), is(RejectReason.CODE_SYSTEM_MISMATCH));
    cs.set(0, region("06", null, null));
    assertThat(first(read(false, "estimate", 1L, cs)).reason(), is(RejectReason.MISSING_ELEMENT));
    cs.set(0, region("06", LocalDate.of(2024, 7, 1), LocalDate.of(2025, 6, 30)));
    assertThat(
        first(read(false, "estimate", 1L, cs)).message(), containsString("not within one year"));
    cs.set(0, region("06", LocalDate.of(2027, 7, 1), LocalDate.of(2027, 7, 1)));
    assertThat(
        first(read(false, "estimate", 1L, cs)).message(),
        containsString("2027 is not a year from 2000 to 2026"));
  }

  @Test
  void theSexAndTheAgeBandAreTheStrata() {
    List<PopulationRules.Characteristic> cs = women45();
    cs.set(1, sex("unknown"));
    assertThat(first(read(false, "estimate", 1L, cs)).reason(), is(RejectReason.INVALID_VALUE));
    cs = women45();
    cs.set(2, ages(45, 64));
    ParsedResource.Problem band = first(read(false, "estimate", 1L, cs));
    assertThat(band.reason(), is(RejectReason.INVALID_VALUE));
    assertThat(band.message(), containsString("the range 45 to 64 is not one of the age bands"));
  }

  // ---- which estimates are kept ---------------------------------------------------------------

  static ParsedResource group(
      String id,
      String region,
      int year,
      String sex,
      String band,
      long n,
      long updated,
      long line) {
    return new ParsedResource(
        SourceRef.line("Group.ndjson", line),
        ResourceKind.GROUP,
        id,
        null,
        null,
        updated,
        null,
        null,
        new PopulationRecord(id, region, year, sex, band, n),
        "{}");
  }

  /** Every cell of a region and year, 100 people each. */
  static List<ParsedResource> whole(String region, int year, long updated) {
    List<ParsedResource> all = new ArrayList<>();
    long line = 1;
    for (String sex : List.of("female", "male")) {
      for (String band : AgeBand.BANDS) {
        all.add(
            group(
                region + "-" + year + "-" + sex + "-" + band,
                region,
                year,
                sex,
                band,
                100,
                updated,
                line++));
      }
    }
    return all;
  }

  @Test
  void keepsWholeRegionsOnePerCell() {
    List<ParsedResource> records = whole("06", 2024, 1000L);
    // A later estimate of one cell under another id replaces the first; a copy at the same time is
    // a duplicate.
    records.add(group("late", "06", 2024, "female", "0-17", 120, 2000L, 90));
    records.add(group("copy", "06", 2024, "female", "0-17", 120, 2000L, 91));
    PopulationRules.Choice choice = PopulationRules.select(records);
    assertThat(choice.kept().size(), is(16));
    assertThat(choice.kept().stream().anyMatch(r -> r.id().equals("late")), is(true));
    assertThat(choice.rejected().size(), is(2));
    Rejection copy =
        choice.rejected().stream().filter(r -> r.resourceId().equals("copy")).findFirst().get();
    assertThat(copy.reason(), is(RejectReason.DUPLICATE));
    Rejection first =
        choice.rejected().stream()
            .filter(r -> r.resourceId().equals("06-2024-female-0-17"))
            .findFirst()
            .get();
    assertThat(first.reason(), is(RejectReason.SUPERSEDED));
    assertThat(first.message(), containsString("Group/late"));
  }

  @Test
  void aRegionWithACellMissingIsNotUsed() {
    List<ParsedResource> records = whole("06", 2024, 1000L);
    records.remove(records.size() - 1); // male 85+
    records.addAll(whole("03", 2024, 1000L));
    PopulationRules.Choice choice = PopulationRules.select(records);
    assertThat(choice.kept().size(), is(16));
    assertThat(choice.kept().get(0).population().regionCode(), is("03"));
    assertThat(choice.rejected().size(), is(15));
    assertThat(choice.rejected().get(0).reason(), is(RejectReason.MISSING_ELEMENT));
    assertThat(
        choice.rejected().get(0).message(),
        containsString("the population of region 06 in 2024 lacks the cells [male 85+]"));
  }
}
