package quebec.balises.indicators.expression;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.indicators.IndicatorCatalog;

/**
 * The move of the catalog's criteria from Balises' own language to the FHIRPath subset changed no
 * population. The old expressions are fixtures ({@code criteria/catalog-before-fhirpath.tsv}, as
 * the Measures had them), evaluated by the old parser and its two-valued logic ({@link
 * LegacyCriteriaParser}); the new ones are read from the Measures and evaluated with FHIRPath's
 * three-valued logic. On every row built from the literals each expression names, their neighbours,
 * another value and the missing value, both must put the row in or out of the population alike.
 */
class CatalogCriteriaMigrationTest {
  private static final FieldSet FIELDS = FieldSet.episodeScale();
  private static final Pattern COMPARISON =
      Pattern.compile("(\\w+)\\s*(?:=|!=|<=|>=|<|>)\\s*('[^']*'|-?\\d+(?:\\.\\d+)?|true|false)");
  private static final Pattern IN_LIST = Pattern.compile("(\\w+) in \\(([^)]*)\\)");
  private static final Pattern LITERAL = Pattern.compile("'[^']*'|-?\\d+(?:\\.\\d+)?");

  @Test
  void everyPopulationOfTheCatalogKeepsItsMembers() throws IOException {
    Map<String, String> before = before();
    Map<String, String> after = after();
    assertThat("the fixtures cover every population", after.keySet(), is(before.keySet()));
    long rows = 0;
    long withMissing = 0;
    for (Map.Entry<String, String> population : before.entrySet()) {
      LegacyNode old = LegacyCriteriaParser.parse(population.getValue(), FIELDS);
      Criteria now = Criteria.parse(after.get(population.getKey()), FIELDS);
      int in = 0;
      int out = 0;
      for (Map<String, Object> row : rows(population.getValue())) {
        boolean was = old.test(row::get);
        assertThat(population.getKey() + " on " + row, now.test(row::get), is(was));
        in += was ? 1 : 0;
        out += was ? 0 : 1;
        rows++;
        withMissing += row.containsValue(null) ? 1 : 0;
      }
      // Not vacuous: the rows put someone in and someone out of every population.
      assertThat(population.getKey() + " counts someone", in, greaterThan(0));
      assertThat(population.getKey() + " leaves someone out", out, greaterThan(0));
    }
    System.out.printf(
        "%d populations, %d rows compared (%d with a missing value): same membership%n",
        before.size(), rows, withMissing);
    assertThat(before.size(), is(82));
  }

  @Test
  void theCatalogIsWrittenInFhirPath() {
    assertThat(IndicatorCatalog.CRITERIA_LANGUAGE, is("text/fhirpath"));
    assertThat(IndicatorCatalog.bundled().indicators().size(), is(31));
  }

  /** measure id + population code → the expression before the move. */
  private static Map<String, String> before() {
    Map<String, String> out = new TreeMap<>();
    for (String line :
        ClasspathFolder.readFile("criteria/catalog-before-fhirpath.tsv").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t");
      out.put(cells[0] + " " + cells[1], cells[2]);
    }
    return out;
  }

  /** measure id + population code → the expression in the Measure now. */
  private static Map<String, String> after() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> out = new TreeMap<>();
    for (String text : ClasspathFolder.read(IndicatorCatalog.FOLDER, ".json").values()) {
      JsonNode measure = json.readTree(text);
      if (measure
          .path("subjectCodeableConcept")
          .path("coding")
          .findValuesAsText("code")
          .contains("Organization")) {
        // About establishments (docs/decisions/0022): written in FHIRPath from the start, after
        // the migration this test covers.
        continue;
      }
      for (JsonNode population : measure.path("group").path(0).path("population")) {
        String code = population.path("code").path("coding").path(0).path("code").asText();
        if (!code.equals("measure-observation")) {
          assertThat(
              population.path("criteria").path("language").asText(),
              is(IndicatorCatalog.CRITERIA_LANGUAGE));
          out.put(
              measure.path("id").asText() + " " + code,
              population.path("criteria").path("expression").asText());
        }
      }
    }
    return out;
  }

  /**
   * Every combination, over the fields the expression reads, of: each literal it compares the field
   * with; for numbers, 0.5 above and below each and NaN; another value; and the missing value.
   */
  private static List<Map<String, Object>> rows(String expression) {
    Map<String, Set<Object>> candidates = new LinkedHashMap<>();
    Matcher comparison = COMPARISON.matcher(expression);
    while (comparison.find()) {
      add(candidates, comparison.group(1), comparison.group(2));
    }
    Matcher in = IN_LIST.matcher(expression);
    while (in.find()) {
      Matcher literal = LITERAL.matcher(in.group(2));
      while (literal.find()) {
        add(candidates, in.group(1), literal.group());
      }
    }
    LegacyNode parsed = LegacyCriteriaParser.parse(expression, FIELDS);
    List<String> fields = new ArrayList<>();
    parsed.collectFields(fields);
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(new HashMap<>());
    for (String field : fields) {
      Set<Object> values = candidates.computeIfAbsent(field, f -> new LinkedHashSet<>());
      switch (FIELDS.typeOf(field).orElseThrow()) {
        case STRING -> values.add("another value");
        case NUMBER -> {
          values.add(0.0);
          values.add(Double.NaN);
        }
        case BOOLEAN -> {
          values.add(true);
          values.add(false);
        }
      }
      values.add(null);
      List<Map<String, Object>> grown = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        for (Object value : values) {
          Map<String, Object> copy = new HashMap<>(row);
          copy.put(field, value);
          grown.add(copy);
        }
      }
      rows = grown;
    }
    return rows;
  }

  private static void add(Map<String, Set<Object>> candidates, String field, String literal) {
    Set<Object> values = candidates.computeIfAbsent(field, f -> new LinkedHashSet<>());
    if (literal.startsWith("'")) {
      values.add(literal.substring(1, literal.length() - 1));
    } else if (literal.equals("true") || literal.equals("false")) {
      values.add(Boolean.valueOf(literal));
    } else {
      double number = Double.parseDouble(literal);
      values.add(number);
      values.add(number - 0.5);
      values.add(number + 0.5);
    }
  }
}
