package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import quebec.balises.Fixtures;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RejectReason;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/**
 * Valid records, damaged at random (truncated, a value replaced by another type, a null, a huge
 * number, odd characters, a field removed, bytes inserted): the parser never throws, and each
 * record yields exactly one payload or one dead letter, never both, never neither.
 */
class ParserNeverThrowsProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> VALID =
      List.of(
          Fixtures.patient("p1"),
          Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
          Fixtures.organization("o1", "11045101"),
          Fixtures.withMeta(Fixtures.response("r1", "p1", "e1"), "2", "2025-02-11T00:00:00Z"),
          "{\"resourceType\":\"Encounter\",\"id\":\"enc1\",\"status\":\"finished\","
              + "\"episodeOfCare\":[{\"reference\":\"EpisodeOfCare/e1\"}]}");

  private final ResourceParser parser =
      new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 1, 1));

  @Property(tries = 3000)
  void aDamagedRecordIsOnePayloadOrOneDeadLetter(
      @ForAll @IntRange(min = 0, max = 4) int which,
      @ForAll @IntRange(min = 1, max = 3) int damages,
      @ForAll long seed)
      throws Exception {
    Random random = new Random(seed);
    String json = VALID.get(which);
    for (int i = 0; i < damages; i++) {
      json = damage(json, random);
    }
    SourceRecord record = new SourceRecord(SourceRef.line("fuzz.ndjson", 1), json);

    // Unguarded: an exception here is a bug that the guard would only have hidden.
    ResourceParser.Result result = parser.parse(record);

    assertThat(result, notNullValue());
    if (result instanceof ResourceParser.Failed failed) {
      assertThat(failed.rejection().reason(), notNullValue());
      assertThat(failed.rejection().reason(), not(is(RejectReason.INTERNAL_ERROR)));
      assertThat(failed.rejection().source(), is(record.source()));
      assertThat(failed.rejection().message(), notNullValue());
    } else {
      ParsedResource resource = ((ResourceParser.Parsed) result).resource();
      assertThat(json, resource.problem() == null, is(resource.payload() != null));
      assertThat(resource.id(), notNullValue());
      assertThat(json, StrictJson.isFhirId(resource.id()), is(true));
    }
  }

  private static String damage(String json, Random random) throws Exception {
    int kind = random.nextInt(6);
    if (kind == 0 && !json.isEmpty()) {
      return json.substring(0, random.nextInt(json.length()));
    }
    if (kind == 1) {
      int at = random.nextInt(json.length() + 1);
      String[] odd = {"\u0000", "\uFEFF", "'", "\"", "\\", "}", "]", ",", "\u00e9", "\uD83D\uDE00"};
      return json.substring(0, at) + odd[random.nextInt(odd.length)] + json.substring(at);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (Exception e) {
      return json; // already broken: damage it as text next time
    }
    List<JsonNode> containers = new ArrayList<>();
    collect(tree, containers);
    if (containers.isEmpty()) {
      return json; // a bare value or nothing: already not a resource
    }
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (kind == 2) {
        object.remove(name);
      } else {
        object.set(name, replacement(random));
      }
    } else if (container instanceof ArrayNode array && array.size() > 0) {
      int index = random.nextInt(array.size());
      if (kind == 2) {
        array.remove(index);
      } else {
        array.set(index, replacement(random));
      }
    }
    return JSON.writeValueAsString(tree);
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode()) {
      containers.add(node);
      node.forEach(child -> collect(child, containers));
    }
  }

  private static JsonNode replacement(Random random) {
    return switch (random.nextInt(16)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(random.nextInt());
      case 2 -> NODES.numberNode(new BigDecimal("1e400"));
      case 3 -> NODES.numberNode(new BigDecimal("-99999999999999999999999999"));
      case 4 -> NODES.textNode("");
      case 5 -> NODES.textNode("x".repeat(100_000));
      case 6 -> NODES.textNode("\u0000\u202E\uFFFD\t\n");
      case 7 -> NODES.booleanNode(random.nextBoolean());
      case 8 -> NODES.arrayNode().add(NODES.nullNode()).add(1);
      case 9 -> NODES.objectNode().put("value", "?");
      case 10 -> NODES.textNode("9999-12-31T23:59:59+14:00");
      case 11 -> NODES.textNode("0001-01-01");
      case 12 -> NODES.textNode("2025-02-30");
      case 13 -> NODES.textNode("Patient/../../x");
      case 14 -> NODES.textNode("ENTERED-IN-ERROR");
      default -> NODES.textNode("2025-01-01T00:00:00+0000");
    };
  }
}
