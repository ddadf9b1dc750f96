package quebec.balises.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A published raw-sum → score conversion table (HOOS JR, KOOS JR, HOOS-PS, KOOS-PS, PROMIS
 * Global-10 T-scores), loaded from {@code fhir-profiles/scoring/}.
 */
public record ScoringTable(
    String id, String methodId, int rawMin, int rawMax, Map<Integer, Double> table)
    implements Serializable {

  static ScoringTable from(JsonNode node) {
    Map<Integer, Double> table = new TreeMap<>();
    node.path("table")
        .properties()
        .forEach(e -> table.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
    ScoringTable scoring =
        new ScoringTable(
            node.path("id").asText(),
            node.path("methodId").asText(),
            node.path("rawMin").asInt(),
            node.path("rawMax").asInt(),
            table);
    for (int raw = scoring.rawMin; raw <= scoring.rawMax; raw++) {
      if (!table.containsKey(raw)) {
        throw new IllegalStateException(
            "scoring table " + scoring.id + " has no entry for raw " + raw);
      }
    }
    return scoring;
  }

  /** The score for a raw sum; null when the raw sum is outside the table. */
  public Double lookup(double raw) {
    long whole = Math.round(raw);
    if (Math.abs(raw - whole) > 1e-9) {
      return null;
    }
    return table.get((int) whole);
  }
}
