package quebec.balises.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EQ-5D value set: the published coefficients that turn a health-state profile into an index,
 * loaded from {@code fhir-profiles/scoring/eq5d-value-sets.json}. Two model forms cover the sets we
 * ship: additive decrements per dimension and level (England 5L, UK 3L, Canada 3L), and the
 * Canadian 5L form of Xie et al. 2016 (levels as numbers, a level-4/5 term, an N45² term).
 */
public record Eq5dValueSet(
    String id,
    String methodId,
    String instrument,
    int levels,
    String model,
    double intercept,
    Map<String, double[]> decrements,
    double anyProblem,
    double anyLevel3,
    Map<String, Double> perLevel,
    Map<String, Double> level45,
    double n45Squared)
    implements Serializable {

  static Eq5dValueSet from(JsonNode node) {
    Map<String, double[]> decrements = new LinkedHashMap<>();
    node.path("decrements")
        .properties()
        .forEach(
            e -> {
              double[] values = new double[e.getValue().size()];
              for (int i = 0; i < values.length; i++) {
                values[i] = e.getValue().get(i).asDouble();
              }
              decrements.put(e.getKey(), values);
            });
    return new Eq5dValueSet(
        node.path("id").asText(),
        node.path("methodId").asText(),
        node.path("instrument").asText(),
        node.path("levels").asInt(),
        node.path("model").asText(),
        node.path("intercept").asDouble(1.0),
        decrements,
        node.path("anyProblem").asDouble(0),
        node.path("anyLevel3").asDouble(0),
        numbers(node.path("perLevel")),
        numbers(node.path("level45")),
        node.path("n45Squared").asDouble(0));
  }

  private static Map<String, Double> numbers(JsonNode object) {
    Map<String, Double> values = new LinkedHashMap<>();
    object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
    return values;
  }

  /**
   * The index of a profile, unrounded.
   *
   * @param dimensions the dimension linkIds, in profile order
   * @param levels the level of each dimension, 1 to {@link #levels()}
   */
  public double index(List<String> dimensions, int[] levels) {
    if ("xie2016".equals(model)) {
      double u = intercept;
      int n45 = 0;
      for (int i = 0; i < levels.length; i++) {
        String dimension = dimensions.get(i);
        u -= perLevel.get(dimension) * levels[i];
        if (levels[i] >= 4) {
          u -= level45.get(dimension);
          n45++;
        }
      }
      // Xie 2016: + 0.0085·(N45 − 1)², only when at least one dimension is at level 4 or 5.
      if (n45 >= 1) {
        u += n45Squared * (n45 - 1) * (n45 - 1);
      }
      return u;
    }
    double u = intercept;
    boolean anyProblem = false;
    boolean anyLevel3 = false;
    for (int i = 0; i < levels.length; i++) {
      u -= decrements.get(dimensions.get(i))[levels[i] - 1];
      anyProblem |= levels[i] > 1;
      anyLevel3 |= levels[i] == 3;
    }
    if (anyProblem) {
      u -= this.anyProblem;
    }
    if (anyLevel3) {
      u -= this.anyLevel3;
    }
    return u;
  }
}
