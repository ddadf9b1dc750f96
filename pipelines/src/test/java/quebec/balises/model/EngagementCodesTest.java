package quebec.balises.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.publish.PublicDictionary;

/**
 * The codes the parser accepts and the release grid spans ({@link Engagement}) are exactly the
 * published CodeSystems', in their order; the levels' {@code order} property counts 1 to 5; the
 * public dictionary labels each code as its CodeSystem does, in French and in English.
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

  /**
   * The dictionary rows of one column ({@code codes.csv}: column, code, label_fr, label_en), code →
   * [fr, en], in file order. The engagement rows hold no quote or comma.
   */
  private static Map<String, List<String>> dictionary(String column) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : ClasspathFolder.readFile(PublicDictionary.CODES).split("\\R")) {
      String[] cells = line.split(",", -1);
      if (cells.length == 4 && cells[0].equals(column)) {
        rows.put(cells[1], List.of(cells[2], cells[3]));
      }
    }
    return rows;
  }

  /**
   * Each sphere, level and tier is a stratum of the public dictionary, labelled with its
   * CodeSystem's display (French) and English designation, in the CodeSystem's order (the order the
   * dashboard shows them in); each axis is a stratifier there.
   */
  @Test
  void theDictionaryLabelsAreTheCodeSystems() throws Exception {
    Map<String, List<String>> strata = dictionary("stratum");
    List<String> keys = new ArrayList<>(strata.keySet());
    for (String id : List.of("engagement-sphere", "engagement-level", "engagement-body")) {
      int previous = -1;
      for (JsonNode concept : codeSystem(id).path("concept")) {
        String code = concept.path("code").asText();
        String english = "";
        for (JsonNode designation : concept.path("designation")) {
          if (designation.path("language").asText().equals("en")) {
            english = designation.path("value").asText();
          }
        }
        assertThat(
            id + " " + code,
            strata.get(code),
            is(List.of(concept.path("display").asText(), english)));
        assertThat(id + " " + code + " in order", keys.indexOf(code) > previous, is(true));
        previous = keys.indexOf(code);
      }
      assertThat(id, dictionary("stratifier").containsKey(id), is(true));
    }
    assertThat(
        dictionary("stratum").get("sante-quebec"), is(List.of("Santé Québec", "Santé Québec")));
    assertThat(
        dictionary("stratifier").get("engagement-body"),
        is(List.of("Palier d'engagement", "Engagement tier")));
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
