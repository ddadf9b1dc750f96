package quebec.balises.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.ClasspathFolder;

/**
 * The codes the parser accepts and the release grid spans ({@link Engagement}) are exactly the
 * published CodeSystems', in their order; the levels' {@code order} property counts 1 to 5.
 */
class EngagementCodesTest {
  private static JsonNode codeSystem(String id) throws Exception {
    return new ObjectMapper()
        .readTree(ClasspathFolder.readFile("fhir-profiles/codesystems/CodeSystem-" + id + ".json"));
  }

  private static List<String> codes(JsonNode codeSystem) {
    List<String> codes = new ArrayList<>();
    codeSystem.path("concept").forEach(c -> codes.add(c.path("code").asText()));
    return codes;
  }

  @Test
  void theListsAreTheCodeSystems() throws Exception {
    assertThat(codes(codeSystem("engagement-sphere")), is(Engagement.SPHERES));
    assertThat(codes(codeSystem("engagement-level")), is(Engagement.LEVELS));
    assertThat(codes(codeSystem("engagement-body")), is(Engagement.BODIES));
  }

  @Test
  void theLevelsAreOrderedLeastToMostEngaged() throws Exception {
    List<Integer> order = new ArrayList<>();
    for (JsonNode concept : codeSystem("engagement-level").path("concept")) {
      order.add(concept.path("property").path(0).path("valueInteger").asInt());
    }
    assertThat(order, is(List.of(1, 2, 3, 4, 5)));
    assertThat(Engagement.LEVELS.get(0), is("information"));
    assertThat(Engagement.LEVELS.get(4), is("self-determination"));
  }
}
