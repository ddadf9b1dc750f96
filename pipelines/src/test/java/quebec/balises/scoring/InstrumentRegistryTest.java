package quebec.balises.scoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.fhir.QuestionnaireDefinition;

/** A broken scoring file must stop the run at start-up, naming what is wrong and where. */
class InstrumentRegistryTest {
  private static final QuestionnaireDefinition CAT =
      QuestionnaireCatalog.bundled().definitions().stream()
          .filter(q -> q.instrument().equals("CAT"))
          .findFirst()
          .orElseThrow();

  private static ScaleSpec scale(String group, String table, List<String> items) {
    return new ScaleSpec(
        "total",
        table == null ? ScaleSpec.Method.SUM : ScaleSpec.Method.TABLE,
        "CAT_SUM",
        group,
        items,
        0,
        null,
        false,
        1.0,
        table,
        List.of(),
        0.0,
        40.0,
        false,
        List.of(),
        null,
        "");
  }

  private static String failure(Map<String, InstrumentSpec> instruments) {
    QuestionnaireCatalog catalog = QuestionnaireCatalog.builder().add(CAT).build();
    return assertThrows(
            IllegalStateException.class,
            () -> new InstrumentRegistry(catalog, instruments, Map.of(), Map.of()))
        .getMessage();
  }

  private static Map<String, InstrumentSpec> cat(ScaleSpec scale) {
    return Map.of("CAT", new InstrumentSpec("CAT", "CAT", "CAT", "test", List.of(scale)));
  }

  @Test
  void aQuestionnaireWhoseInstrumentIsNotScoredIsRefused() {
    assertThat(failure(Map.of()), containsString("names instrument CAT"));
  }

  @Test
  void aMissingTableIsNamedWithItsInstrumentAndScale() {
    assertThat(
        failure(cat(scale(null, "no-such-table", List.of()))),
        containsString("instrument CAT, scale total: no table no-such-table"));
  }

  @Test
  void aGroupNoItemBelongsToIsRefused() {
    assertThat(failure(cat(scale("nowhere", null, List.of()))), containsString("in group nowhere"));
  }

  @Test
  void anItemTheQuestionnaireLacksIsRefused() {
    assertThat(
        failure(cat(scale(null, null, List.of("cat-99")))), containsString("has no item cat-99"));
  }
}
