package quebec.balises.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.model.EstablishmentRecord;

/**
 * One figure's place: an indicator, a period, a reporting unit (the province, a health region, an
 * RLS or an establishment) and a stratum (everyone, or one value of an equity stratifier).
 *
 * <p>A Measure's stratifiers on {@code region_code} and {@code rls_code} are reporting levels, not
 * strata: a region is a place the public looks up, and crossing it with itself would only repeat
 * figures. Establishments are always a level. Its other stratifiers (sex, age band, deprivation
 * quintiles) are equity strata, computed for the province ({@link #EQUITY_LEVELS}); a row whose
 * stratum value is unknown counts in the stratum {@code unknown}, so that the strata of one
 * stratifier add up to everyone.
 *
 * <p>{@code regionCode} and {@code rlsCode} place the unit in the geography (empty above its
 * level): public knowledge that tells which units add up to which, as disclosure control must know.
 */
public record Cell(
    String indicatorId,
    String periodType,
    String period,
    String level,
    String unitCode,
    String unitName,
    String regionCode,
    String rlsCode,
    String stratifier,
    String stratum)
    implements Serializable {

  public static final String PROVINCE = "province";
  public static final String REGION = "region";
  public static final String RLS = "rls";
  public static final String ESTABLISHMENT = "establishment";
  public static final String PROVINCE_CODE = "QC";
  public static final String PROVINCE_NAME = "Québec";
  public static final String ALL = "all";
  public static final String UNKNOWN = "unknown";

  /** The province's identifier value in ISO 3166-2, where a row says {@link #PROVINCE_CODE}. */
  public static final String PROVINCE_ISO = "CA-QC";

  /**
   * The identifier system that names a unit of each reporting level in FHIR (a MeasureReport's
   * reporter, a target's subject, an action plan's unit): ISO 3166-2 for the province.
   */
  public static final Map<String, String> UNIT_SYSTEMS =
      Map.of(
          PROVINCE, "urn:iso:std:iso:3166:-2",
          REGION, BalisesProfile.HEALTH_REGION_SYSTEM,
          RLS, BalisesProfile.RLS_SYSTEM,
          ESTABLISHMENT, BalisesProfile.ESTABLISHMENT_SYSTEM);

  /**
   * The levels that carry equity strata: the province only. Below it, almost every stratum cell is
   * a small count; a region × stratum × quarter table publishes little that is readable, and it is
   * where an attacker who reasons with whole numbers found single people with their sex, age band
   * and deprivation quintiles. Its cells also tie every region's figures into one large table to
   * protect (docs/decisions/0012).
   */
  public static final java.util.Set<String> EQUITY_LEVELS = java.util.Set.of(PROVINCE);

  /**
   * The levels that carry quarters; an RLS or an establishment is published by year only. Most of
   * their quarters are small counts, withheld; and a year whose quarters are withheld can only be
   * published when the withheld quarters together leave each of them room to be 0 or 5 or more
   * (docs/decisions/0012), which few establishment-quarters do.
   */
  public static final java.util.Set<String> QUARTER_LEVELS = java.util.Set.of(PROVINCE, REGION);

  private static final Map<String, String> GEOGRAPHIC_LEVELS =
      Map.of("region_code", REGION, "rls_code", RLS, "establishment_code", ESTABLISHMENT);

  /**
   * The indicator and period of this cell: what finds the figure of everyone in the province for
   * the same indicator and period.
   */
  public IndicatorPeriod provinceKey() {
    return new IndicatorPeriod(indicatorId, periodType, period);
  }

  /**
   * Cells in the order of their fields as declared: a fixed order that does not depend on how a
   * record prints itself.
   */
  public static final java.util.Comparator<Cell> ORDER =
      java.util.Comparator.comparing((Cell c) -> c.indicatorId())
          .thenComparing(c -> c.periodType())
          .thenComparing(c -> c.period())
          .thenComparing(c -> c.level())
          .thenComparing(c -> c.unitCode())
          .thenComparing(c -> c.unitName())
          .thenComparing(c -> c.regionCode())
          .thenComparing(c -> c.rlsCode())
          .thenComparing(c -> c.stratifier())
          .thenComparing(c -> c.stratum());

  public boolean isProvince() {
    return PROVINCE.equals(level);
  }

  public boolean isWholeUnit() {
    return ALL.equals(stratifier);
  }

  /**
   * Every cell a row counts in for {@code indicator}: each period holding the row's date on the
   * Measure's period basis, times each reporting level, times everyone plus each equity stratum.
   * None when the row has no such date.
   */
  public static List<Cell> of(IndicatorDefinition indicator, EpisodeScale row) {
    LocalDate date = indicator.periodDate(row);
    if (date == null) {
      return List.of();
    }
    EstablishmentRecord site = row.episode().establishment();
    List<String[]> units = new ArrayList<>();
    units.add(new String[] {PROVINCE, PROVINCE_CODE, PROVINCE_NAME, "", ""});
    List<String[]> strata = new ArrayList<>();
    strata.add(new String[] {ALL, ALL});
    for (Map.Entry<String, String> stratifier : indicator.stratifiers().entrySet()) {
      String level = GEOGRAPHIC_LEVELS.get(stratifier.getValue());
      if (REGION.equals(level)) {
        units.add(
            new String[] {REGION, site.regionCode(), site.regionName(), site.regionCode(), ""});
      } else if (RLS.equals(level)) {
        units.add(
            new String[] {RLS, site.rlsCode(), site.rlsName(), site.regionCode(), site.rlsCode()});
      } else if (level == null) {
        strata.add(new String[] {stratifier.getKey(), stratum(stratifier.getValue(), row)});
      }
    }
    units.add(
        new String[] {ESTABLISHMENT, site.code(), site.name(), site.regionCode(), site.rlsCode()});
    List<Cell> cells = new ArrayList<>();
    for (Period period : Period.containing(date)) {
      for (String[] unit : units) {
        if (Period.QUARTER.equals(period.type()) && !QUARTER_LEVELS.contains(unit[0])) {
          continue;
        }
        for (String[] stratum : strata) {
          if (!stratum[0].equals(ALL) && !EQUITY_LEVELS.contains(unit[0])) {
            continue;
          }
          cells.add(at(indicator, period, unit, stratum));
        }
      }
    }
    return cells;
  }

  /**
   * The cell of an indicator and period, for a unit ({@code {level, code, name, region code, RLS
   * code}}) and a stratum ({@code {stratifier, value}}).
   */
  public static Cell at(
      IndicatorDefinition indicator, Period period, String[] unit, String[] stratum) {
    return new Cell(
        indicator.id(),
        period.type(),
        period.label(),
        unit[0],
        unit[1],
        unit[2],
        unit[3],
        unit[4],
        stratum[0],
        stratum[1]);
  }

  /** The stratum a row falls in: an age band for ages, a whole number for quintiles. */
  static String stratum(String field, EpisodeScale row) {
    @Nullable Object value = EpisodeFields.value(row, field);
    if (value == null) {
      return UNKNOWN;
    }
    if ("age_at_anchor".equals(field)) {
      return AgeBand.of(((Double) value).intValue());
    }
    if (value instanceof Double number && number == Math.rint(number)) {
      return Long.toString(number.longValue());
    }
    return value.toString().toLowerCase(Locale.ROOT);
  }

  /** A compact coder: cells are the combiner's keys. */
  public static final class Coder extends CustomCoder<Cell> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    @Override
    public void encode(Cell cell, OutputStream out) throws IOException {
      for (String part :
          new String[] {
            cell.indicatorId,
            cell.periodType,
            cell.period,
            cell.level,
            cell.unitCode,
            cell.unitName,
            cell.regionCode,
            cell.rlsCode,
            cell.stratifier,
            cell.stratum
          }) {
        TEXT.encode(part, out);
      }
    }

    @Override
    public Cell decode(InputStream in) throws IOException {
      return new Cell(
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
