package quebec.balises.indicators;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * A reporting period: a calendar quarter or year. Every dated row counts in the quarter and the
 * year that hold its date; which date (follow-up or baseline) is the Measure's period basis.
 *
 * @param label {@code 2025-Q3} for a quarter, {@code 2025} for a year: sortable as text
 */
public record Period(String type, String label, LocalDate start, LocalDate end)
    implements Serializable {
  public static final String QUARTER = "quarter";
  public static final String YEAR = "year";

  /** The quarter and the year that hold {@code date}. */
  public static List<Period> containing(LocalDate date) {
    return List.of(quarter(date), year(date));
  }

  static Period quarter(LocalDate date) {
    int quarter = (date.getMonthValue() - 1) / 3 + 1;
    LocalDate start = LocalDate.of(date.getYear(), (quarter - 1) * 3 + 1, 1);
    return new Period(
        QUARTER, date.getYear() + "-Q" + quarter, start, start.plusMonths(3).minusDays(1));
  }

  static Period year(LocalDate date) {
    return new Period(
        YEAR,
        Integer.toString(date.getYear()),
        LocalDate.of(date.getYear(), 1, 1),
        LocalDate.of(date.getYear(), 12, 31));
  }

  /** The period a {@link #type} and {@link #label} name, as {@link #containing} made it. */
  public static Period parse(String type, String label) {
    if (YEAR.equals(type) && label.matches("\\d{4}")) {
      return year(LocalDate.of(Integer.parseInt(label), 1, 1));
    }
    if (QUARTER.equals(type) && label.matches("\\d{4}-Q[1-4]")) {
      int quarter = label.charAt(6) - '0';
      return quarter(LocalDate.of(Integer.parseInt(label.substring(0, 4)), quarter * 3, 1));
    }
    throw new IllegalArgumentException("not a period: " + type + " " + label);
  }
}
