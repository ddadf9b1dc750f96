package quebec.balises.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.fhir.QuestionnaireCatalog;

/**
 * The shipped Questionnaires, as the generator needs them: each item's answer options in order from
 * the lowest to the highest scoring weight ({@code ordinalValue}), or a numeric range.
 */
final class Forms {
  private static final String ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
  private static final String REVERSE =
      "https://balises.quebec/fhir/StructureDefinition/reverse-scored";

  record Option(String system, String code, double weight) {}

  /**
   * @param options choices sorted by weight; options without a weight ("does not apply") apart
   * @param reverse the item is worded the other way round (its weight rises with better health)
   */
  record Item(
      String linkId,
      List<Option> options,
      List<Option> unweighted,
      Integer min,
      Integer max,
      boolean reverse) {
    boolean numeric() {
      return options.isEmpty() && unweighted.isEmpty();
    }
  }

  record Form(String instrument, String url, String version, List<Item> items) {
    String canonical() {
      return url + "|" + version;
    }
  }

  private final Map<String, Form> byInstrument;

  private Forms(Map<String, Form> byInstrument) {
    this.byInstrument = byInstrument;
  }

  static Forms bundled() {
    ObjectMapper json = new ObjectMapper();
    Map<String, Form> forms = new TreeMap<>();
    for (String text : ClasspathFolder.read(QuestionnaireCatalog.FOLDER, ".json").values()) {
      JsonNode q;
      try {
        q = json.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String instrument = null;
      for (JsonNode extension : q.path("extension")) {
        if (QuestionnaireCatalog.INSTRUMENT_EXTENSION.equals(extension.path("url").asText())) {
          instrument = extension.path("valueCode").asText();
        }
      }
      List<Item> items = new ArrayList<>();
      collect(q.path("item"), items);
      forms.put(
          instrument,
          new Form(instrument, q.get("url").asText(), q.get("version").asText(), items));
    }
    return new Forms(forms);
  }

  private static void collect(JsonNode items, List<Item> out) {
    for (JsonNode item : items) {
      if ("group".equals(item.path("type").asText())) {
        collect(item.path("item"), out);
        continue;
      }
      List<Option> weighted = new ArrayList<>();
      List<Option> unweighted = new ArrayList<>();
      for (JsonNode option : item.path("answerOption")) {
        JsonNode coding = option.path("valueCoding");
        Double weight = null;
        for (JsonNode extension : option.path("extension")) {
          if (ORDINAL.equals(extension.path("url").asText())) {
            weight = extension.path("valueDecimal").asDouble();
          }
        }
        Option o =
            new Option(
                coding.path("system").asText(),
                coding.path("code").asText(),
                weight == null ? Double.NaN : weight);
        (weight == null ? unweighted : weighted).add(o);
      }
      weighted.sort(Comparator.comparingDouble(Option::weight));
      Integer min = null;
      Integer max = null;
      boolean reverse = false;
      for (JsonNode extension : item.path("extension")) {
        String url = extension.path("url").asText();
        if (url.endsWith("/minValue")) {
          min = extension.path("valueInteger").asInt();
        } else if (url.endsWith("/maxValue")) {
          max = extension.path("valueInteger").asInt();
        } else if (REVERSE.equals(url)) {
          reverse = extension.path("valueBoolean").asBoolean();
        }
      }
      out.add(new Item(item.path("linkId").asText(), weighted, unweighted, min, max, reverse));
    }
  }

  Form get(String instrument) {
    Form form = byInstrument.get(instrument);
    if (form == null) {
      throw new IllegalStateException("no Questionnaire for instrument " + instrument);
    }
    return form;
  }
}
