package quebec.balises;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the FHIR validator can judge in a MeasureReport, with its figures and names left out: the
 * structure, every code, system, URL, status and coding display kept whole, and of every other
 * value only its form (a number's kind, a date's pattern, whether a string is one FHIR accepts as
 * an id or as plain text). The validator checks structure, cardinality, bindings, extensions and
 * the form of each value against its type; none of these depends on which whole number a count
 * holds or which establishment a report names. So the reports of one shape are valid or invalid
 * together, and validating one report per shape judges them all. A value of unusual form (empty,
 * padded with spaces, an id too long) is kept whole, so that it makes a shape of its own and is
 * validated.
 */
final class ReportShape {
  /** Fields whose value the validator checks against a code system, a value set or a profile. */
  private static final Set<String> KEPT =
      Set.of("resourceType", "url", "system", "code", "valueCode", "measure", "status", "type");

  private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private ReportShape() {}

  static String of(JsonNode report) {
    StringBuilder shape = new StringBuilder();
    append(report, "", false, shape);
    return shape.toString();
  }

  private static void append(JsonNode node, String field, boolean inCoding, StringBuilder shape) {
    if (node.isObject()) {
      shape.append('{');
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        shape.append(entry.getKey()).append(':');
        append(entry.getValue(), entry.getKey(), inCoding, shape);
        shape.append(',');
      }
      shape.append('}');
    } else if (node.isArray()) {
      // The distinct shapes of the elements: how many there are is data (one stratum per
      // region), whether there are none is structure, and an empty set says so.
      Set<String> elements = new TreeSet<>();
      boolean coding = inCoding || field.equals("coding");
      for (JsonNode element : node) {
        StringBuilder one = new StringBuilder();
        append(element, field, coding, one);
        elements.add(one.toString());
      }
      shape.append(elements);
    } else if (node.isTextual()) {
      String value = node.asText();
      boolean kept = KEPT.contains(field) || (inCoding && field.equals("display"));
      shape.append('"').append(kept ? value : form(field, value)).append('"');
    } else if (node.isIntegralNumber()) {
      shape.append(node.asLong() < 0 ? "negative integer" : "integer");
    } else if (node.isNumber()) {
      shape.append("decimal");
    } else {
      shape.append(node);
    }
  }

  private static String form(String field, String value) {
    if (DATE.matcher(value).matches()) {
      return value.replaceAll("\\d", "9");
    }
    if (field.equals("id")) {
      return ID.matcher(value).matches() ? "an id" : value;
    }
    return !value.isEmpty() && value.equals(value.strip()) ? "text" : value;
  }
}
