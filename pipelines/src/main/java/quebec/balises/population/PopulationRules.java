package quebec.balises.population;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.PortraitQuestionnaire;
import quebec.balises.indicators.AgeBand;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.ParsedResource.Problem;
import quebec.balises.model.PopulationRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;

/**
 * The rules of the population served (docs/decisions/0023), plain Java: what a population
 * estimate's {@code Group} must say, and which estimates are kept. A Group is read as the
 * population of one health region, sex and age band in one year: {@code actual} = false (it
 * describes people, it lists none), {@code code} = {@code population#estimate}, {@code quantity}
 * the count, and three characteristics coded in the {@code population} CodeSystem: {@code region}
 * (a {@code health-region} code, whose {@code period} names the day of the estimate), {@code sex}
 * ({@code administrative-gender} female or male) and {@code age-band} (a {@code valueRange} in
 * years that is one of the equity strata's bands).
 */
public final class PopulationRules {
  private PopulationRules() {}

  public static final String SYSTEM = BalisesProfile.BASE + "/CodeSystem/population";
  public static final String ESTIMATE = "estimate";
  public static final String REGION = "region";
  public static final String SEX = "sex";
  public static final String AGE_BAND = "age-band";
  public static final String SEX_SYSTEM = "http://hl7.org/fhir/administrative-gender";

  /** The earliest year an estimate may describe, as for a portrait. */
  public static final int EARLIEST_YEAR = 2000;

  /** One characteristic of a Group, as the parser read it. */
  public record Characteristic(
      @Nullable String system,
      @Nullable String code,
      @Nullable String valueSystem,
      @Nullable String valueCode,
      @Nullable BigDecimal low,
      @Nullable BigDecimal high,
      @Nullable LocalDate periodStart,
      @Nullable LocalDate periodEnd,
      boolean exclude) {}

  /** The estimate a Group makes, or every rule it breaks (the first gives the reason). */
  public record Reading(@Nullable PopulationRecord population, List<Problem> problems) {}

  /**
   * Reads a population Group: every rule it breaks, in order (actual, code, quantity, then each
   * characteristic). The year of the estimate lies from {@link #EARLIEST_YEAR} to the year of
   * {@code asOf}.
   */
  public static Reading read(
      String id,
      @Nullable Boolean actual,
      @Nullable String codeSystem,
      @Nullable String code,
      @Nullable Long quantity,
      List<Characteristic> characteristics,
      LocalDate asOf) {
    List<Problem> problems = new ArrayList<>();
    if (actual == null) {
      problems.add(new Problem(RejectReason.MISSING_ELEMENT, "actual is missing"));
    } else if (actual) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "actual is true: a population estimate describes people and lists none (false)"));
    }
    if (code == null) {
      problems.add(
          new Problem(
              RejectReason.MISSING_ELEMENT, "code " + SYSTEM + "#" + ESTIMATE + " is missing"));
    } else if (!SYSTEM.equals(codeSystem) || !ESTIMATE.equals(code)) {
      problems.add(
          new Problem(
              RejectReason.CODE_SYSTEM_MISMATCH,
              "code "
                  + codeSystem
                  + "#"
                  + code
                  + " is not "
                  + SYSTEM
                  + "#"
                  + ESTIMATE
                  + ", the only Group Balises reads"));
    }
    if (quantity == null) {
      problems.add(new Problem(RejectReason.MISSING_ELEMENT, "quantity is missing"));
    } else if (quantity < 0) {
      problems.add(
          new Problem(RejectReason.INVALID_VALUE, "quantity " + quantity + " is negative"));
    }
    Map<String, Characteristic> byCode = new LinkedHashMap<>();
    for (Characteristic c : characteristics) {
      if (!SYSTEM.equals(c.system())
          || !List.of(REGION, SEX, AGE_BAND).contains(String.valueOf(c.code()))) {
        problems.add(
            new Problem(
                RejectReason.INVALID_VALUE,
                "characteristic "
                    + c.system()
                    + "#"
                    + c.code()
                    + " is not one of "
                    + SYSTEM
                    + "#region, #sex, #age-band"));
      } else if (byCode.put(c.code(), c) != null) {
        problems.add(
            new Problem(
                RejectReason.INVALID_VALUE, "characteristic '" + c.code() + "' is given twice"));
      } else if (c.exclude()) {
        problems.add(
            new Problem(
                RejectReason.INVALID_VALUE,
                "characteristic '"
                    + c.code()
                    + "' has exclude = true; an estimate counts people"
                    + " who have it"));
      }
    }
    for (String wanted : List.of(REGION, SEX, AGE_BAND)) {
      if (!byCode.containsKey(wanted)) {
        problems.add(
            new Problem(
                RejectReason.MISSING_ELEMENT, "characteristic '" + wanted + "' is missing"));
      }
    }
    String region = region(byCode.get(REGION), problems);
    Integer year = year(byCode.get(REGION), asOf, problems);
    String sex = sex(byCode.get(SEX), problems);
    String band = band(byCode.get(AGE_BAND), problems);
    if (!problems.isEmpty()) {
      return new Reading(null, problems);
    }
    return new Reading(new PopulationRecord(id, region, year, sex, band, quantity), List.of());
  }

  private static @Nullable String region(@Nullable Characteristic c, List<Problem> problems) {
    if (c == null) {
      return null;
    }
    if (!BalisesProfile.HEALTH_REGION_SYSTEM.equals(c.valueSystem())) {
      problems.add(
          new Problem(
              RejectReason.CODE_SYSTEM_MISMATCH,
              "characteristic 'region': the value must be a code of "
                  + BalisesProfile.HEALTH_REGION_SYSTEM
                  + "; found "
                  + c.valueSystem()));
      return null;
    }
    String code = c.valueCode();
    if (code == null || !code.matches("0[1-9]|1[0-8]")) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "characteristic 'region': '" + code + "' is not a health region (01 to 18)"));
      return null;
    }
    return code;
  }

  private static @Nullable Integer year(
      @Nullable Characteristic c, LocalDate asOf, List<Problem> problems) {
    if (c == null) {
      return null;
    }
    if (c.periodStart() == null || c.periodEnd() == null) {
      problems.add(
          new Problem(
              RejectReason.MISSING_ELEMENT,
              "characteristic 'region': period.start and period.end (the day of the estimate)"
                  + " are required"));
      return null;
    }
    int year = c.periodStart().getYear();
    if (c.periodEnd().getYear() != year || c.periodEnd().isBefore(c.periodStart())) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "characteristic 'region': period "
                  + c.periodStart()
                  + " to "
                  + c.periodEnd()
                  + " is not within one year"));
      return null;
    }
    if (year < EARLIEST_YEAR || year > asOf.getYear()) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "characteristic 'region': "
                  + year
                  + " is not a year from "
                  + EARLIEST_YEAR
                  + " to "
                  + asOf.getYear()));
      return null;
    }
    return year;
  }

  private static @Nullable String sex(@Nullable Characteristic c, List<Problem> problems) {
    if (c == null) {
      return null;
    }
    if (!SEX_SYSTEM.equals(c.valueSystem())
        || !PortraitQuestionnaire.SEXES.contains(String.valueOf(c.valueCode()))) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "characteristic 'sex': "
                  + c.valueSystem()
                  + "#"
                  + c.valueCode()
                  + " is not "
                  + SEX_SYSTEM
                  + " female or male"));
      return null;
    }
    return c.valueCode();
  }

  /** The band a range in years names: its low bound, and its high bound unless the last band. */
  private static @Nullable String band(@Nullable Characteristic c, List<Problem> problems) {
    if (c == null) {
      return null;
    }
    String found = null;
    if (c.low() != null && c.low().stripTrailingZeros().scale() <= 0) {
      int low = c.low().intValue();
      for (String band : AgeBand.BANDS) {
        String name =
            c.high() == null
                ? low + "+"
                : low + "-" + c.high().stripTrailingZeros().toPlainString();
        if (band.equals(name)) {
          found = band;
        }
      }
    }
    if (found == null) {
      problems.add(
          new Problem(
              RejectReason.INVALID_VALUE,
              "characteristic 'age-band': the range "
                  + (c.low() == null ? "?" : c.low().toPlainString())
                  + " to "
                  + (c.high() == null ? "(open)" : c.high().toPlainString())
                  + " is not one of the age bands "
                  + AgeBand.BANDS
                  + " (valueRange in years, the last one open)"));
    }
    return found;
  }

  /** The estimates kept, one per region, year, sex and age band, and a dead letter for the rest. */
  public record Choice(List<ParsedResource> kept, List<Rejection> rejected) {}

  /**
   * The estimates kept from every population record of a run (each resource's versions included):
   * the latest version of each Group ({@link CurrentVersions}, as for every resource); then one
   * Group per region, year, sex and age band, the one updated last ({@code meta.lastUpdated}),
   * another one {@link RejectReason#SUPERSEDED}, or {@link RejectReason#DUPLICATE} when updated at
   * the same time (the first by file and position is kept); then only whole populations: a region
   * and year that lacks one of its sex and age band cells cannot give a rate, so each of its Groups
   * is {@link RejectReason#MISSING_ELEMENT} naming the cells missing.
   */
  public static Choice select(List<ParsedResource> records) {
    CurrentVersions.Sorted sorted = CurrentVersions.of(records);
    List<Rejection> rejected = new ArrayList<>(sorted.rejected());
    Map<PopulationCell, List<ParsedResource>> byCell = new TreeMap<>();
    for (ParsedResource r : sorted.current()) {
      byCell.computeIfAbsent(PopulationCell.of(r.population()), k -> new ArrayList<>()).add(r);
    }
    // Region and year → the cells kept.
    Map<RegionYear, List<ParsedResource>> byRegionYear = new TreeMap<>();
    for (List<ParsedResource> group : byCell.values()) {
      group.sort(LATEST_FIRST);
      ParsedResource winner = group.get(0);
      PopulationRecord p = winner.population();
      byRegionYear
          .computeIfAbsent(new RegionYear(p.regionCode(), p.year()), k -> new ArrayList<>())
          .add(winner);
      for (ParsedResource other : group.subList(1, group.size())) {
        boolean sameTime = UPDATED.compare(other, winner) == 0;
        rejected.add(
            Rejection.of(
                other,
                sameTime ? RejectReason.DUPLICATE : RejectReason.SUPERSEDED,
                (sameTime ? "updated at the same time as " : "replaced by the later ")
                    + winner.reference()
                    + ", the estimate kept for region "
                    + p.regionCode()
                    + ", "
                    + p.year()
                    + ", "
                    + p.sex()
                    + ", "
                    + p.ageBand()
                    + " (one per region, year, sex and age band)"));
      }
    }
    List<ParsedResource> kept = new ArrayList<>();
    for (List<ParsedResource> cells : byRegionYear.values()) {
      TreeSet<String> missing = new TreeSet<>();
      for (String sex : PortraitQuestionnaire.SEXES) {
        for (String band : AgeBand.BANDS) {
          missing.add(sex + " " + band);
        }
      }
      cells.forEach(c -> missing.remove(c.population().sex() + " " + c.population().ageBand()));
      if (missing.isEmpty()) {
        kept.addAll(cells);
        continue;
      }
      for (ParsedResource cell : cells) {
        rejected.add(
            Rejection.of(
                cell,
                RejectReason.MISSING_ELEMENT,
                "the population of region "
                    + cell.population().regionCode()
                    + " in "
                    + cell.population().year()
                    + " lacks the cells "
                    + missing
                    + "; a region's population is used only whole"));
      }
    }
    return new Choice(kept, rejected);
  }

  /** A region's population in one year, whose sex and age band cells must all be there. */
  private record RegionYear(String regionCode, int year) implements Comparable<RegionYear> {
    private static final Comparator<RegionYear> ORDER =
        Comparator.comparing(RegionYear::regionCode).thenComparingInt(RegionYear::year);

    @Override
    public int compareTo(RegionYear other) {
      return ORDER.compare(this, other);
    }
  }

  /** The cell one estimate fills: its region and year, its sex and its age band. */
  private record PopulationCell(RegionYear regionYear, String sex, String ageBand)
      implements Comparable<PopulationCell> {
    private static final Comparator<PopulationCell> ORDER =
        Comparator.comparing(PopulationCell::regionYear)
            .thenComparing(PopulationCell::sex)
            .thenComparing(PopulationCell::ageBand);

    static PopulationCell of(PopulationRecord p) {
      return new PopulationCell(new RegionYear(p.regionCode(), p.year()), p.sex(), p.ageBand());
    }

    @Override
    public int compareTo(PopulationCell other) {
      return ORDER.compare(this, other);
    }
  }

  private static final Comparator<ParsedResource> UPDATED =
      Comparator.comparing(
          ParsedResource::lastUpdatedMillis, Comparator.nullsFirst(Comparator.naturalOrder()));

  private static final Comparator<ParsedResource> LATEST_FIRST =
      UPDATED.reversed().thenComparing(ParsedResource::source).thenComparing(ParsedResource::id);
}
