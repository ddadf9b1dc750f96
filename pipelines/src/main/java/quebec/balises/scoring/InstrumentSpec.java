package quebec.balises.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One instrument's scoring, as {@code fhir-profiles/scoring/instruments.json} describes it. */
public record InstrumentSpec(
    String instrument, String nameFr, String nameEn, String source, List<ScaleSpec> scales)
    implements Serializable {

  static InstrumentSpec from(JsonNode node) {
    List<ScaleSpec> scales = new ArrayList<>();
    node.path("scales").forEach(s -> scales.add(ScaleSpec.from(s)));
    return new InstrumentSpec(
        node.path("instrument").asText(),
        node.path("name").path("fr").asText(),
        node.path("name").path("en").asText(),
        node.path("source").asText(),
        List.copyOf(scales));
  }
}
