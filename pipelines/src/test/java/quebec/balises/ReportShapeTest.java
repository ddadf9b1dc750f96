package quebec.balises;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportShapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String shape(String json) throws Exception {
    JsonNode node = JSON.readTree(json.replace('\'', '"'));
    return ReportShape.of(node);
  }

  private static final String REPORT =
      "{'resourceType':'MeasureReport','id':'hip-2025-region-01','status':'complete',"
          + "'measure':'https://balises.quebec/fhir/Measure/hip|1.0.0',"
          + "'reporter':{'display':'Bas-Saint-Laurent'},"
          + "'period':{'start':'2025-01-01','end':'2025-12-31'},"
          + "'group':[{'population':[{'code':{'coding':[{'system':'s','code':'denominator',"
          + "'display':'Denominator'}]},'count':%s}],'measureScore':{'value':%s}}]}";

  @Test
  void reportsThatDifferOnlyInFiguresNamesAndPeriodsShareAShape() throws Exception {
    String a = shape(String.format(REPORT, "12", "0.5"));
    String b =
        shape(
            String.format(REPORT, "240", "0.875")
                .replace("region-01", "region-02")
                .replace("Bas-Saint-Laurent", "Saguenay–Lac-Saint-Jean")
                .replace("2025", "2024"));
    assertThat(b, is(a));
  }

  @Test
  void aCodeADisplayOfACodingAMeasureOrAValueOfAnotherFormMakesAShapeOfItsOwn() throws Exception {
    String a = shape(String.format(REPORT, "12", "0.5"));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("'denominator'", "'numerator'")), not(a));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("'Denominator'", "'Dénominateur'")),
        not(a));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("Measure/hip", "Measure/knee")), not(a));
    assertThat(shape(String.format(REPORT, "-1", "0.5")), not(a));
    assertThat(shape(String.format(REPORT, "12", "1")), not(a));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("'2025-01-01'", "'2025-1-1'")), not(a));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("hip-2025-region-01", "x".repeat(65))),
        not(a));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("'Bas-Saint-Laurent'", "' '")), not(a));
    assertThat(
        shape(String.format(REPORT, "12", "0.5").replace("'group':[{", "'group':[{'id':'g2'},{")),
        not(a));
  }
}
