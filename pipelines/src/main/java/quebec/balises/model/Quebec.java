package quebec.balises.model;

import java.time.ZoneId;

/** Where the data are from: the constants every part of Balises reads the same way. */
public final class Quebec {
  private Quebec() {}

  /** The name of Quebec's time zone, for option descriptions. */
  public static final String TIME_ZONE = "America/Montreal";

  /**
   * Quebec's time zone: a response authored at 23:30 in Montreal counts on that day, on a host in
   * any zone, and "today" is Montreal's.
   */
  public static final ZoneId ZONE = ZoneId.of(TIME_ZONE);
}
