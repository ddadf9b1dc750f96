package quebec.balises.disclosure;

import quebec.balises.indicators.Cell;

/**
 * Where a figure sits in an indicator's table, whatever the Measure: the unit (level and code), the
 * stratum (stratifier and code) and the period. The Measures of one trajectory share positions, and
 * the additive relations an attacker can difference hold between positions.
 */
record Position(String level, String unitCode, String stratifier, String stratum, String period) {

  static Position of(Cell cell) {
    return new Position(
        cell.level(), cell.unitCode(), cell.stratifier(), cell.stratum(), cell.period());
  }

  /** The same stratum and period in another unit. */
  Position inUnit(String otherLevel, String otherUnitCode) {
    return new Position(otherLevel, otherUnitCode, stratifier, stratum, period);
  }
}
